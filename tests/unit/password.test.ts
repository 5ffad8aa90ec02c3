import { describe, expect, test } from 'vitest'
import {
  checkNewPassword,
  getDummyHash,
  hashPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  verifyPassword,
} from '#app/modules/auth/password.server.ts'

const GOOD = 'tàu-hỏa-chạy-qua-cầu-Long-Biên'

describe('checkNewPassword', () => {
  test('length limits are 12 and 256', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12)
    expect(PASSWORD_MAX_LENGTH).toBe(256)
  })

  test('too short: 11 characters is refused, 12 accepted', () => {
    expect(checkNewPassword('Kx9#mTq2vLp')).toBe('too_short') // 11
    expect(checkNewPassword('')).toBe('too_short')
    expect(checkNewPassword('Kx9#mTq2vLpZ')).toBeNull() // 12
  })

  test('too long: 257 characters is refused, 256 accepted', () => {
    const unit = 'Kx9#mTq2vLpZ' // 12 distinct-ish characters, no pattern of ≤ 4
    const long256 = (unit.repeat(22) + 'abcd').slice(0, 256)
    expect(long256).toHaveLength(256)
    expect(checkNewPassword(long256)).toBeNull()
    expect(checkNewPassword(long256 + 'x')).toBe('too_long')
    expect(checkNewPassword('a'.repeat(10_000))).toBe('too_long')
  })

  test.each([
    'password1234', // a list entry padded with digits
    'Password1234!', // …and a symbol, any case
    '!!password!!1', // padded on both sides
    'qwertyuiop123',
    '123456789012', // only digits: nothing left once the padding is stripped
    '!!!!????####', // only symbols
    'Anhyeuem2024!', // Vietnamese "anh yêu em" + year
    'matkhau123456', // "mật khẩu" (password)
    'xinchao123456',
    'iloveyou2025',
    'ＰＡＳＳＷＯＲＤ１２３４', // full-width forms fold to "password1234" (NFKC)
  ])('common: %s', (password) => {
    expect(checkNewPassword(password)).toBe('common')
  })

  test.each([
    'abcabcabcabc', // a 3-character pattern repeated
    'abababababab', // 2-character
    'abcdabcdabcdabcd', // 4-character
    'zzzzzzzzzzzzzz', // one character
    '111111111111',
    'ababab-ababab', // fewer than 4 distinct characters
  ])('repeated pattern or too few distinct characters: %s', (password) => {
    expect(checkNewPassword(password)).toBe('common')
  })

  test('a 5-character pattern repeated is not caught by the pattern rule (only ≤ 4 is)', () => {
    expect(checkNewPassword('abcdeabcdeabcde')).toBeNull()
  })

  test('contains the local part of the email (case-insensitive)', () => {
    expect(checkNewPassword('NguyenVanLan-rocks-77', { email: 'nguyenvanlan@example.com' })).toBe('contains_email')
    expect(checkNewPassword('xx-nguyenvanlan-xx-2026', { email: 'NguyenVanLan@Example.com' })).toBe('contains_email')
    // The same password is fine for someone else.
    expect(checkNewPassword('NguyenVanLan-rocks-77', { email: 'tuan@example.com' })).toBeNull()
    expect(checkNewPassword('NguyenVanLan-rocks-77')).toBeNull()
  })

  test('a local part shorter than 4 characters is not checked (too many false positives)', () => {
    expect(checkNewPassword('an-giang-mua-nuoc-noi', { email: 'an@example.com' })).toBeNull()
  })

  test('accepts good passphrases', () => {
    expect(checkNewPassword(GOOD, { email: 'lan@example.com' })).toBeNull()
    expect(checkNewPassword('correct horse battery staple')).toBeNull()
    expect(checkNewPassword('toilanguoivietnam')).toBeNull()
    expect(checkNewPassword('Canary-Password-7731-xyz', { email: 'lan.tester@example.com' })).toBeNull()
  })

  // Only non-letters are stripped as padding, so a passphrase in any script keeps its letters.
  test('a long passphrase in a non-Latin script is not refused as common', () => {
    expect(checkNewPassword('корректная лошадь батарея скрепка')).toBeNull()
    expect(checkNewPassword('我的密码是一句很长的话呢')).toBeNull()
  })
})

describe('hashPassword / verifyPassword', () => {
  test('argon2id with m=19456, t=2, p=1 in the PHC string; roundtrip; wrong password false; salted', async () => {
    const hash = await hashPassword(GOOD)
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(hash).not.toContain(GOOD)
    expect(await verifyPassword(hash, GOOD)).toBe(true)
    expect(await verifyPassword(hash, GOOD + ' ')).toBe(false)
    expect(await verifyPassword(hash, 'Tàu-hỏa-chạy-qua-cầu-Long-Biên')).toBe(false)
    expect(await verifyPassword(hash, '')).toBe(false)
    const again = await hashPassword(GOOD)
    expect(again).not.toBe(hash)
    expect(await verifyPassword(again, GOOD)).toBe(true)
  })

  test('a malformed stored hash verifies false instead of throwing', async () => {
    expect(await verifyPassword('not-a-phc-string', GOOD)).toBe(false)
    expect(await verifyPassword('', GOOD)).toBe(false)
  })

  test('NFKC: composed/decomposed Vietnamese and full-width characters verify the same', async () => {
    const typed = 'Ｍật-khẩu-dài-2026'.normalize('NFD') // full-width M, decomposed diacritics
    const hash = await hashPassword(typed)
    expect(await verifyPassword(hash, 'Mật-khẩu-dài-2026'.normalize('NFC'))).toBe(true)
    expect(await verifyPassword(hash, 'Mật-khẩu-dài-2026'.normalize('NFD'))).toBe(true)
    expect(await verifyPassword(hash, 'Mat-khau-dai-2026')).toBe(false)
  })

  test('getDummyHash is one argon2id hash, reused', async () => {
    const a = await getDummyHash()
    const b = await getDummyHash()
    expect(a).toBe(b)
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(a, 'not-a-real-password-')).toBe(false)
  })
})
