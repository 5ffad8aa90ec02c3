// Words no email (and nothing a partner sees) may contain: no hint of rehab, prison or drugs, in either
// language. Whole words only: "tù" (prison) must not match "tùy" (as you like).
export const FORBIDDEN_WORDS = [
  'cai nghiện',
  'nghiện',
  'ma túy',
  'ma tuý',
  'chất gây nghiện',
  'tù',
  'trại giam',
  'phạm nhân',
  'tội phạm',
  'rehab',
  'rehabilitation',
  'prison',
  'jail',
  'drug',
  'drugs',
  'addiction',
  'narcotic',
  'inmate',
  'convict',
  'criminal',
]

export const FORBIDDEN_PATTERN = new RegExp(`(?<!\\p{L})(${FORBIDDEN_WORDS.join('|')})(?!\\p{L})`, 'iu')
