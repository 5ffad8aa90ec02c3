import { afterEach, describe, expect, test } from 'vitest'
import {
  evaluateSession,
  initialExpiry,
  SESSION_TIMEOUTS,
  SESSION_TOUCH_INTERVAL_MS,
} from '#app/modules/auth/session-policy.ts'
import {
  readSessionToken,
  serializeBlankSessionCookie,
  serializeSessionCookie,
  sessionCookieName,
} from '#app/modules/auth/session.server.ts'
import { generateToken, hashToken } from '#app/modules/auth/tokens.server.ts'
import { resetEnvCache } from '#app/utils/env.server.ts'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const T0 = new Date('2026-11-26T01:00:00.000Z')
const at = (ms: number) => new Date(T0.getTime() + ms)

function fresh(role: 'coordinator' | 'caseworker' | 'partner') {
  return { ...initialExpiry(role, T0), lastSeenAt: T0 }
}

describe('timeouts', () => {
  test('the configured values', () => {
    expect(SESSION_TIMEOUTS).toEqual({
      coordinator: { idleMs: 30 * MIN, absoluteMs: 12 * HOUR },
      caseworker: { idleMs: 30 * MIN, absoluteMs: 12 * HOUR },
      partner: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
    })
    expect(SESSION_TOUCH_INTERVAL_MS).toBe(MIN)
  })

  test('staff sessions are shorter than partner sessions, idle and absolute', () => {
    for (const staff of ['coordinator', 'caseworker'] as const) {
      expect(SESSION_TIMEOUTS[staff].idleMs).toBeLessThan(SESSION_TIMEOUTS.partner.idleMs)
      expect(SESSION_TIMEOUTS[staff].absoluteMs).toBeLessThan(SESSION_TIMEOUTS.partner.absoluteMs)
    }
  })

  test('initialExpiry', () => {
    expect(initialExpiry('caseworker', T0)).toEqual({ expiresAt: at(30 * MIN), absoluteExpiresAt: at(12 * HOUR) })
    expect(initialExpiry('coordinator', T0)).toEqual({ expiresAt: at(30 * MIN), absoluteExpiresAt: at(12 * HOUR) })
    expect(initialExpiry('partner', T0)).toEqual({ expiresAt: at(7 * DAY), absoluteExpiresAt: at(30 * DAY) })
  })
})

describe('evaluateSession', () => {
  test('just created: valid, no write (within the touch interval)', () => {
    expect(evaluateSession(fresh('caseworker'), 'caseworker', T0)).toEqual({ status: 'valid' })
    expect(evaluateSession(fresh('caseworker'), 'caseworker', at(59_999))).toEqual({ status: 'valid' })
  })

  test('at the touch interval: valid and extended by the idle timeout from now', () => {
    expect(evaluateSession(fresh('caseworker'), 'caseworker', at(MIN))).toEqual({
      status: 'valid',
      extendTo: at(MIN + 30 * MIN),
    })
    expect(evaluateSession(fresh('partner'), 'partner', at(2 * DAY))).toEqual({
      status: 'valid',
      extendTo: at(2 * DAY + 7 * DAY),
    })
  })

  test('idle expiry: a staff session unused for 30 minutes is expired (boundary inclusive)', () => {
    expect(evaluateSession(fresh('caseworker'), 'caseworker', at(30 * MIN - 1)).status).toBe('valid')
    expect(evaluateSession(fresh('caseworker'), 'caseworker', at(30 * MIN))).toEqual({ status: 'expired' })
    expect(evaluateSession(fresh('coordinator'), 'coordinator', at(31 * MIN))).toEqual({ status: 'expired' })
  })

  test('the same idle time does not expire a partner session', () => {
    expect(evaluateSession(fresh('partner'), 'partner', at(31 * MIN)).status).toBe('valid')
    expect(evaluateSession(fresh('partner'), 'partner', at(7 * DAY - 1)).status).toBe('valid')
    expect(evaluateSession(fresh('partner'), 'partner', at(7 * DAY))).toEqual({ status: 'expired' })
  })

  test('absolute expiry holds even with constant activity', () => {
    // A caseworker active every 10 minutes: the sliding expiry keeps moving, the absolute one does not.
    let session = fresh('caseworker')
    let now = T0
    for (let i = 0; i < 12 * 6 - 1; i++) {
      now = new Date(now.getTime() + 10 * MIN)
      const verdict = evaluateSession(session, 'caseworker', now)
      expect(verdict.status).toBe('valid')
      if (verdict.status === 'valid' && verdict.extendTo)
        session = { ...session, expiresAt: verdict.extendTo, lastSeenAt: now }
    }
    expect(now).toEqual(at(12 * HOUR - 10 * MIN))
    expect(session.expiresAt).toEqual(at(12 * HOUR)) // capped
    const atAbsolute = evaluateSession({ ...session, lastSeenAt: at(12 * HOUR - MIN) }, 'caseworker', at(12 * HOUR))
    expect(atAbsolute).toEqual({ status: 'expired' })
  })

  test('absolute expiry wins even when the idle expiry lies beyond it', () => {
    const session = { expiresAt: at(13 * HOUR), absoluteExpiresAt: at(12 * HOUR), lastSeenAt: at(12 * HOUR - 5 * MIN) }
    expect(evaluateSession(session, 'caseworker', at(12 * HOUR + 1))).toEqual({ status: 'expired' })
    const partner = { expiresAt: at(31 * DAY), absoluteExpiresAt: at(30 * DAY), lastSeenAt: at(30 * DAY - HOUR) }
    expect(evaluateSession(partner, 'partner', at(30 * DAY))).toEqual({ status: 'expired' })
  })

  test('the extension is capped at the absolute expiry', () => {
    const session = { ...fresh('caseworker'), expiresAt: at(12 * HOUR - 5 * MIN), lastSeenAt: at(12 * HOUR - 20 * MIN) }
    expect(evaluateSession(session, 'caseworker', at(12 * HOUR - 10 * MIN))).toEqual({
      status: 'valid',
      extendTo: at(12 * HOUR),
    })
  })

  test('the extension is not capped when the absolute expiry is far off', () => {
    const session = { ...fresh('partner'), lastSeenAt: at(DAY), expiresAt: at(8 * DAY) }
    expect(evaluateSession(session, 'partner', at(3 * DAY))).toEqual({ status: 'valid', extendTo: at(10 * DAY) })
  })
})

describe('tokens', () => {
  test('generateToken: 32 characters of lower-case base32 (160 bits), never repeating', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const token = generateToken()
      expect(token).toMatch(/^[a-z2-7]{32}$/)
      seen.add(token)
    }
    expect(seen.size).toBe(200)
  })

  test('hashToken is SHA-256, lower-case hex', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  })
})

describe('session cookie', () => {
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    DATABASE_URL: process.env.DATABASE_URL,
    SESSION_SECRET: process.env.SESSION_SECRET,
    APP_URL: process.env.APP_URL,
  }
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    resetEnvCache()
  })

  const expires = new Date('2026-11-26T13:00:00.000Z')

  test('outside production: hn_session, HttpOnly, SameSite=Lax, path /, no Secure', () => {
    resetEnvCache()
    expect(sessionCookieName()).toBe('hn_session')
    expect(serializeSessionCookie('abcdefghijklmnopqrstuvwxyz234567', expires)).toBe(
      'hn_session=abcdefghijklmnopqrstuvwxyz234567; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 26 Nov 2026 13:00:00 GMT',
    )
    expect(serializeBlankSessionCookie()).toBe('hn_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0')
  })

  test('in production: __Host- prefix and Secure, no Domain', () => {
    process.env.NODE_ENV = 'production'
    process.env.DATABASE_URL = 'postgres://localhost/x'
    process.env.SESSION_SECRET = 'a-long-enough-secret-for-tests'
    process.env.APP_URL = 'https://hoanhap.example'
    resetEnvCache()
    const cookie = serializeSessionCookie('tok', expires)
    expect(cookie).toBe(
      '__Host-hn_session=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Thu, 26 Nov 2026 13:00:00 GMT; Secure',
    )
    expect(cookie).not.toMatch(/Domain=/i)
    expect(serializeBlankSessionCookie()).toBe('__Host-hn_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure')
    const request = new Request('https://hoanhap.example/', {
      headers: { cookie: 'hn_session=plain; __Host-hn_session=hosted' },
    })
    expect(readSessionToken(request)).toBe('hosted')
  })

  test('readSessionToken finds the cookie among others, or null', () => {
    resetEnvCache()
    const req = (cookie?: string) => new Request('http://localhost/', { headers: cookie ? { cookie } : {} })
    expect(readSessionToken(req())).toBeNull()
    expect(readSessionToken(req('theme=dark; lang=vi'))).toBeNull()
    expect(readSessionToken(req('theme=dark; hn_session=abc234; lang=vi'))).toBe('abc234')
    expect(readSessionToken(req('hn_session_old=zzz; hn_session=abc'))).toBe('abc')
    expect(readSessionToken(req('xhn_session=zzz'))).toBeNull()
  })

  test('readSessionToken does not throw on a malformed cookie value (a bad cookie must not 500 every page)', () => {
    resetEnvCache()
    const request = new Request('http://localhost/', { headers: { cookie: 'hn_session=%E0%A4%A' } })
    expect(() => readSessionToken(request)).not.toThrow()
  })
})
