import fc from 'fast-check'

// Random and hostile values for form fields, ids and headers: what a careless client, a broken browser
// extension or an attacker may post. Shared by the in-process fuzzing of every action
// (tests/integration/fuzz-actions.test.ts) and the HTTP-level one (tests/server/fuzz-http.test.ts).

/** Strings that break naive code: unicode oddities, prototype names, injection syntax, numbers, dates, ids. */
export const NASTY_STRINGS: readonly string[] = [
  // unicode
  'e\u0301\u0301\u0301\u0301',
  'Nguye\u0302\u0303n',
  '\u202Eabc\u202C',
  'مرحبا بالعالم',
  'שלום',
  '👩‍👩‍👧‍👦',
  '🇻🇳',
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '\u200B\u200C\u200D',
  '\u00A0',
  'Z̴̡̛̙͖̓̽͋a̷͎̿l̵̡̈́g̴̱̈o̶̺͝',
  '\r\n',
  '\t',
  '\u2028\u2029',
  'ﷺ',
  'ǅ',
  'İ',
  'ß',
  // prototype names
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '__defineGetter__',
  'valueOf',
  // injection
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '"; SELECT pg_sleep(1); --',
  '\\',
  '%',
  '_',
  '%_%',
  '$1',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '&lt;b&gt;',
  '%s%n%x',
  '../../../../etc/passwd',
  'javascript:alert(1)',
  '//evil.example',
  '/tìm kiếm?q=thợ may',
  '/%E0%A4%A',
  '/ /evil.example',
  'http://evil.example/',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '[object Object]',
  // numbers
  '0',
  '-0',
  '-1',
  '1.5',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '2147483648',
  '-2147483649',
  '99999999999999999999999',
  '0x10',
  '1_000',
  '٣',
  '１２３',
  ' 5 ',
  // dates
  '9999-99-99',
  '0000-00-00',
  '2026-02-30',
  '2026-13-01',
  '2026-1-1',
  '+275760-09-13',
  '-000001-01-01',
  '1899-12-31',
  '2026-11-20T25:61',
  '2026-11-20T12:00:00Z',
  // ids
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'a0eebc999c0b4ef8bb6d6bb9bd380a11',
  '{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}',
  ' a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1',
  // emails
  '@',
  'a@',
  '@b',
  'a@b',
  'a@b@c.d',
  '"a b"@example.test',
  'nobody@example.test',
  // whitespace only
  ' ',
  '   ',
  '\n\n',
]

/** A string over 100,000 characters made of one repeated piece (some pieces are multi-byte). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('x', 'ệ', '😀', 'e\u0301', "'", '<a>', ' ', '\u0000'), fc.integer({ min: 0, max: 60_000 }))
  .map(([piece, extra]) => piece.repeat(Math.ceil((100_000 + extra) / piece.length)))

/** Any hostile string: a nasty one, random unicode (lone surrogates included), a mix, or (1 in 19) a huge one. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  {
    weight: 4,
    arbitrary: fc.array(fc.constantFrom(...NASTY_STRINGS), { minLength: 2, maxLength: 5 }).map((a) => a.join('')),
  },
  { weight: 1, arbitrary: hugeString },
)

/** A string that is not a UUID, or a UUID that names nothing. */
export const hostileId: fc.Arbitrary<string> = fc.oneof(
  hostileString,
  fc.uuid({ version: 4 }),
  fc.constantFrom('00000000-0000-4000-8000-000000000000'),
)

/** Names of form fields that try to reach the prototype or nest where nothing is expected. */
export const HOSTILE_FIELD_NAMES: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  '__proto__[polluted]',
  'constructor.prototype.polluted',
  'constructor[prototype][polluted]',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '',
  ' ',
  '[]',
  '[0]',
  'x.y.z',
  'x[0][1]',
  '💥',
  "a'; --",
]
