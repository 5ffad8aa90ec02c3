// Letters and digits that cannot be mistaken for one another when read aloud or on a phone screen.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/**
 * A pseudonymous code for a candidate, e.g. HN-7K3Q9D: "HN" for Hà Nội, then 6 random characters (about a
 * billion codes). It says nothing about the person; the database's unique index catches the rare clash.
 */
export function generatePublicCode(provinceCode = 'HN'): string {
  const bytes = new Uint8Array(6)
  crypto.getRandomValues(bytes)
  return `${provinceCode}-${Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('')}`
}
