import { describe, expect, test } from 'vitest'
import { lockDurationMs, THROTTLE_RULES, throttleKey } from '#app/modules/auth/throttle.server.ts'
import { formatDate, formatDateTime, formatNumber, formatPercent, formatVnd } from '#app/modules/i18n/format.ts'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import { APP_ERROR_STATUS, AppError, isAppError } from '#app/utils/errors.ts'
import { createRateLimiter } from '#app/utils/rate-limit.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'

const SEC = 1000
const MIN = 60 * SEC
const NBSP = '\u00a0'

describe('login throttle schedule', () => {
  test('rules', () => {
    expect(THROTTLE_RULES).toEqual({
      email: { free: 5, baseMs: 30 * SEC, maxMs: 15 * MIN },
      // A known device's own counter (ADR 020): the account's schedule, for that browser alone.
      device: { free: 5, baseMs: 30 * SEC, maxMs: 15 * MIN },
      ip: { free: 30, baseMs: 15 * MIN, maxMs: 15 * MIN },
      resetAfterMs: 60 * MIN,
    })
  })

  test('per email: 4 free, then 30 s doubling up to 15 minutes', () => {
    const schedule = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 50].map((n) => lockDurationMs('email', n))
    expect(schedule).toEqual([
      0,
      0,
      0,
      0,
      0,
      30 * SEC,
      60 * SEC,
      120 * SEC,
      240 * SEC,
      480 * SEC,
      15 * MIN, // 960 s capped at 900 s
      15 * MIN,
      15 * MIN,
    ])
  })

  test('per address: free up to 29, then 15 minutes flat', () => {
    expect(lockDurationMs('ip', 0)).toBe(0)
    expect(lockDurationMs('ip', 29)).toBe(0)
    expect(lockDurationMs('ip', 30)).toBe(15 * MIN)
    expect(lockDurationMs('ip', 31)).toBe(15 * MIN)
    expect(lockDurationMs('ip', 1000)).toBe(15 * MIN)
  })

  test('throttleKey is kind-prefixed and lower-cased', () => {
    expect(throttleKey('email', 'Lan@Example.COM')).toBe('email:lan@example.com')
    expect(throttleKey('ip', '2001:DB8::1')).toBe('ip:2001:db8::1')
  })
})

describe('safeRedirect', () => {
  test.each([
    ['//evil.example', '/'],
    ['//evil.example/path', '/'],
    ['https://evil.example', '/'],
    ['http://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['evil.example', '/'],
    ['', '/'],
    ['/\t/evil.example', '/'], // browsers strip tabs and newlines: this would become //evil.example
    ['/\n/evil.example', '/'],
    ['/\r/evil.example', '/'],
    ['/partner\u0000', '/'],
    ['/partner\uD800', '/'],
    [' /partner', '/'],
  ])('%j → %s', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })

  test.each([
    ['/', '/'],
    ['/partner', '/partner'],
    ['/coordinator/caseworkers?page=2&q=h%C3%A0', '/coordinator/caseworkers?page=2&q=h%C3%A0'],
    ['/account#sessions', '/account#sessions'],
    ['/a/b/c', '/a/b/c'],
    // Beyond ASCII: percent-encoded (a Location header cannot hold it as text; it threw a TypeError, a 500).
    ['/tìm kiếm?q=thợ may', '/t%C3%ACm%20ki%E1%BA%BFm?q=th%E1%BB%A3%20may'],
    ['/ᗒ😀', '/%E1%97%92%F0%9F%98%80'],
  ])('%s is kept', (input, expected) => {
    expect(safeRedirect(input)).toBe(expected)
  })

  test('null, undefined and File values give the fallback; a custom fallback is used', () => {
    expect(safeRedirect(null)).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
    expect(safeRedirect(new File(['x'], 'x.txt'))).toBe('/')
    expect(safeRedirect('//evil.example', '/caseworker')).toBe('/caseworker')
    expect(safeRedirect(null, '/partner')).toBe('/partner')
  })

  test('every kept value resolves to this origin', () => {
    const inputs = ['/x', '/%2F%2Fevil.example', '/..//evil.example', '/.//evil.example', '/@evil.example']
    for (const input of inputs) {
      const kept = safeRedirect(input)
      expect(new URL(kept, 'https://hoanhap.example').origin).toBe('https://hoanhap.example')
    }
  })
})

describe('createRateLimiter', () => {
  test('capacity, then seconds to wait, refilling over time', () => {
    const limiter = createRateLimiter({ capacity: 3, refillPerMinute: 6 }) // one token every 10 s
    const t = 1_000_000
    expect(limiter.take('ip:1', t)).toBe(0)
    expect(limiter.take('ip:1', t)).toBe(0)
    expect(limiter.take('ip:1', t)).toBe(0)
    expect(limiter.take('ip:1', t)).toBe(10)
    expect(limiter.take('ip:1', t + 5 * SEC)).toBe(5)
    expect(limiter.take('ip:1', t + 10 * SEC)).toBe(0)
    expect(limiter.take('ip:1', t + 10 * SEC)).toBe(10)
  })

  test('keys are independent', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerMinute: 1 })
    expect(limiter.take('a', 0)).toBe(0)
    expect(limiter.take('a', 0)).toBe(60)
    expect(limiter.take('b', 0)).toBe(0)
  })

  test('refill never exceeds the capacity', () => {
    const limiter = createRateLimiter({ capacity: 2, refillPerMinute: 60 })
    expect(limiter.take('k', 0)).toBe(0)
    // An hour later: still only 2 tokens, not 3600.
    expect(limiter.take('k', 3_600_000)).toBe(0)
    expect(limiter.take('k', 3_600_000)).toBe(0)
    expect(limiter.take('k', 3_600_000)).toBe(1)
  })

  test('forgets the oldest key beyond maxKeys (memory is bounded)', () => {
    const limiter = createRateLimiter({ capacity: 1, refillPerMinute: 1, maxKeys: 2 })
    expect(limiter.take('a', 0)).toBe(0)
    expect(limiter.take('a', 0)).toBe(60)
    limiter.take('b', 0)
    limiter.take('c', 0) // evicts a
    expect(limiter.take('a', 0)).toBe(0)
  })
})

describe('foldVietnamese', () => {
  test.each([
    ['Hà Đông', 'ha dong'],
    ['Phường Hoàn Kiếm', 'phuong hoan kiem'],
    ['NGHĨA ĐÔ', 'nghia do'],
    ['đường Lê Duẩn', 'duong le duan'],
    ['Xã Bát Tràng', 'xa bat trang'],
    ['Thụy Khuê', 'thuy khue'],
    ['Hà Đông'.normalize('NFD'), 'ha dong'],
    ['plain ascii 123', 'plain ascii 123'],
  ])('%s → %s', (input, expected) => {
    expect(foldVietnamese(input)).toBe(expected)
  })
})

describe('format helpers (Hanoi time)', () => {
  const evening = new Date('2026-11-25T19:05:00Z') // 02:05 on the 26th in Hanoi

  test('formatVnd', () => {
    expect(formatVnd(1_500_000, 'vi')).toBe(`1.500.000${NBSP}₫`)
    expect(formatVnd(1_500_000, 'en')).toBe('₫1,500,000')
    expect(formatVnd(0, 'vi')).toBe(`0${NBSP}₫`)
    expect(formatVnd(-25_000, 'vi')).toBe(`-25.000${NBSP}₫`)
    expect(formatVnd(1234.56, 'vi')).toBe(`1.235${NBSP}₫`) // no minor unit
    expect(formatVnd(10n ** 12n, 'vi')).toBe(`1.000.000.000.000${NBSP}₫`)
    expect(formatVnd(10n ** 12n, 'en')).toBe('₫1,000,000,000,000')
  })

  test('formatDate uses Asia/Ho_Chi_Minh, whatever the server zone', () => {
    expect(formatDate(evening, 'vi')).toBe('26/11/2026')
    expect(formatDate(evening, 'en')).toBe('26 Nov 2026')
    expect(formatDate('2026-01-05T16:59:59Z', 'vi')).toBe('05/01/2026')
    expect(formatDate('2026-01-05T17:00:00Z', 'vi')).toBe('06/01/2026')
    expect(formatDate(0, 'en')).toBe('01 Jan 1970')
  })

  test('formatDateTime', () => {
    expect(formatDateTime(evening, 'vi')).toBe('02:05 26/11/2026')
    expect(formatDateTime(evening, 'en')).toBe('26 Nov 2026, 02:05')
  })

  test('formatNumber', () => {
    expect(formatNumber(12_345, 'vi')).toBe('12.345')
    expect(formatNumber(12_345, 'en')).toBe('12,345')
    expect(formatNumber(1_234_567.891, 'vi')).toBe('1.234.568')
    expect(formatNumber(12_345.678, 'vi', { maximumFractionDigits: 2 })).toBe('12.345,68')
    expect(formatNumber(12_345.678, 'en', { maximumFractionDigits: 2 })).toBe('12,345.68')
    // The cache is keyed by digits too: asking again without options still rounds.
    expect(formatNumber(12_345.678, 'vi')).toBe('12.346')
  })

  test('formatPercent', () => {
    expect(formatPercent(0.42, 'vi')).toBe('42%')
    expect(formatPercent(0.425, 'vi', 1)).toBe('42,5%')
    expect(formatPercent(0.425, 'en', 1)).toBe('42.5%')
  })
})

describe('AppError', () => {
  test('carries code, status, field and values', () => {
    const error = new AppError('throttled', { values: { seconds: 30 } })
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('AppError')
    expect(error.message).toBe('throttled')
    expect(error.code).toBe('throttled')
    expect(error.status).toBe(429)
    expect(error.values).toEqual({ seconds: 30 })
    expect(error.field).toBeUndefined()
    const taken = new AppError('email_taken', { field: 'email' })
    expect(taken.status).toBe(409)
    expect(taken.field).toBe('email')
  })

  test('status table', () => {
    expect(APP_ERROR_STATUS).toEqual({
      invalid_credentials: 400,
      throttled: 429,
      email_taken: 409,
      token_invalid: 400,
      password_weak: 400,
      password_incorrect: 400,
      not_found: 404,
      forbidden: 403,
      conflict: 409,
      invalid_input: 400,
      invitations_limited: 429,
      last_coordinator: 409,
    })
  })

  test('isAppError', () => {
    expect(isAppError(new AppError('not_found'))).toBe(true)
    expect(isAppError(new Error('not_found'))).toBe(false)
    expect(isAppError({ code: 'not_found', status: 404 })).toBe(false)
    expect(isAppError(null)).toBe(false)
  })
})

describe('describeUserAgent', () => {
  test('names the browser and the system of common devices', async () => {
    const { describeUserAgent } = await import('#app/modules/auth/user-agent.ts')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      ),
    ).toBe('Chrome · Android')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      ),
    ).toBe('Safari · iOS')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      ),
    ).toBe('Edge · Windows')
    expect(
      describeUserAgent(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) coc_coc_browser/120.0.0 Chrome/120.0.0.0 Safari/537.36',
      ),
    ).toBe('Cốc Cốc · Windows')
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox · Linux',
    )
    expect(describeUserAgent('curl/8.5.0')).toBeNull()
    expect(describeUserAgent(null)).toBeNull()
  })
})
