import { afterEach, describe, expect, test } from 'vitest'
import { resetEnvCache } from '#app/utils/env.server.ts'
import { openSearch, resetSealingKey, SEALED_SEARCH_TTL_MS, sealSearch } from '#app/utils/sealed-search.server.ts'

const SESSION = 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2'
const OTHER = 'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'
const T0 = new Date('2031-03-04T05:06:07Z')

afterEach(() => {
  delete process.env.SESSION_SECRET
  resetEnvCache()
  resetSealingKey()
})

describe('sealSearch / openSearch', () => {
  test('opens for the same session, and the address holds nothing of what was typed', () => {
    for (const text of ['Nguyễn Văn Hùng', '0912 345 678', 'HN-7K3Q9', 'a'.repeat(100)]) {
      const sealed = sealSearch(text, SESSION, T0)
      expect(sealed).toMatch(/^[\w-]+$/)
      expect(openSearch(sealed, SESSION, T0)).toBe(text)
      const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      for (const shown of [sealed, decodeURIComponent(sealed), Buffer.from(sealed, 'base64url').toString('latin1')]) {
        expect(shown).not.toContain(text)
        expect(shown).not.toContain(folded)
        expect(shown).not.toContain('0912')
      }
    }
  })

  test('the same words sealed twice look different (a fresh nonce), so addresses cannot be compared', () => {
    expect(sealSearch('Trần Thị Mai', SESSION, T0)).not.toBe(sealSearch('Trần Thị Mai', SESSION, T0))
  })

  test('does not open in another session', () => {
    expect(openSearch(sealSearch('Lê Văn Tám', SESSION, T0), OTHER, T0)).toBeNull()
  })

  test(`lasts ${SEALED_SEARCH_TTL_MS / 3600_000} hours, and a seal from the future is refused`, () => {
    const sealed = sealSearch('Phạm Thu Hà', SESSION, T0)
    expect(openSearch(sealed, SESSION, new Date(T0.getTime() + SEALED_SEARCH_TTL_MS))).toBe('Phạm Thu Hà')
    expect(openSearch(sealed, SESSION, new Date(T0.getTime() + SEALED_SEARCH_TTL_MS + 1))).toBeNull()
    expect(openSearch(sealed, SESSION, new Date(T0.getTime() - 5 * 60_000))).toBeNull()
  })

  test('a changed byte, a cut-short seal or junk opens nothing (and throws nothing)', () => {
    const sealed = sealSearch('Đỗ Minh Châu', SESSION, T0)
    const raw = Buffer.from(sealed, 'base64url')
    for (let i = 0; i < raw.length; i += 7) {
      const bent = Buffer.from(raw)
      bent[i] = bent[i]! ^ 0x01
      expect(openSearch(bent.toString('base64url'), SESSION, T0)).toBeNull()
    }
    for (const junk of ['', 'x', sealed.slice(0, 30), `${sealed}A`, 'a'.repeat(2000), '%00', 'Nguyễn', '../..']) {
      expect(openSearch(junk, SESSION, T0)).toBeNull()
    }
  })

  test('under SESSION_SECRET the key is derived from it: another secret opens nothing', () => {
    process.env.SESSION_SECRET = 'one-secret-of-at-least-16'
    resetEnvCache()
    resetSealingKey()
    const sealed = sealSearch('Vũ Thị Lan', SESSION, T0)
    resetSealingKey()
    expect(openSearch(sealed, SESSION, T0)).toBe('Vũ Thị Lan')
    process.env.SESSION_SECRET = 'another-secret-of-16-plus'
    resetEnvCache()
    resetSealingKey()
    expect(openSearch(sealed, SESSION, T0)).toBeNull()
  })
})
