import { parseWithZod } from '@conform-to/zod/v4'
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, authThrottles } from '#db/schema/index.ts'
import { login, requestPasswordReset, setPasswordWithToken } from '#app/modules/auth/accounts.server.ts'
import { clearFailures, pruneThrottles, releaseAttempt, reserveAttempt } from '#app/modules/auth/throttle.server.ts'
import { LoginSchema } from '#app/modules/auth/auth.schema.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { replyWithError } from '#app/utils/forms.server.ts'
import { createUser, FACTORY_PASSWORD, tokenFromLatestEmail, uniqueEmail } from '../factories/users'
import { appError } from '../support/errors'

const SEC = 1000
const MIN = 60 * SEC

async function throttleRow(key: string) {
  const [row] = await getDb().select().from(authThrottles).where(eq(authThrottles.key, key))
  return row
}

/** A distinct base time per test, so rows from one test never lock another. */
function baseTime() {
  return new Date(Date.now() + Math.floor(Math.random() * 1000) * MIN)
}

describe('per-account throttle', () => {
  test('5 failures, then even the right password is refused with the seconds to wait; later it works and clears the counter', async () => {
    const user = await createUser()
    const t0 = baseTime()
    const at = (ms: number) => new Date(t0.getTime() + ms)
    for (let i = 0; i < 5; i++) {
      const error = await appError(login({ email: user.email, password: `wrong-guess-${i}`, now: at(i * SEC) }))
      expect(error.code).toBe('invalid_credentials')
    }
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 5, lockedUntil: at(4 * SEC + 30 * SEC) })

    const throttled = await appError(login({ email: user.email, password: FACTORY_PASSWORD, now: at(5 * SEC) }))
    expect(throttled.code).toBe('throttled')
    expect(throttled.status).toBe(429)
    expect(throttled.values).toEqual({ seconds: 29 })
    // The refused attempt is not counted: the lock does not grow while someone waits.
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 5, lockedUntil: at(34 * SEC) })
    // Partial seconds round up.
    expect((await appError(login({ email: user.email, password: FACTORY_PASSWORD, now: at(33_500) }))).values).toEqual({
      seconds: 1,
    })

    // Once the lock has passed, a sixth failure doubles it (60 s)…
    expect((await appError(login({ email: user.email, password: 'wrong-again', now: at(34 * SEC) }))).code).toBe(
      'invalid_credentials',
    )
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 6, lockedUntil: at(94 * SEC) })
    expect(
      (await appError(login({ email: user.email, password: FACTORY_PASSWORD, now: at(93 * SEC) }))).values,
    ).toEqual({
      seconds: 1,
    })

    // …and after it the right password works and clears the email counter.
    const ok = await login({ email: user.email, password: FACTORY_PASSWORD, now: at(94 * SEC) })
    expect(ok.user.id).toBe(user.id)
    expect(await validateSessionToken(ok.token, at(95 * SEC))).not.toBeNull()
    expect(await throttleRow(`email:${user.email}`)).toBeUndefined()
    // A fresh failure starts counting from one.
    await appError(login({ email: user.email, password: 'wrong', now: at(100 * SEC) }))
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 1, lockedUntil: null })
  })

  test('the counter is per address whatever the case or spaces typed', async () => {
    const user = await createUser()
    const t0 = baseTime()
    const variants = [user.email, user.email.toUpperCase(), ` ${user.email} `, user.email, user.email.toUpperCase()]
    for (const [i, typed] of variants.entries()) {
      await appError(login({ email: typed, password: 'wrong-guess', now: new Date(t0.getTime() + i) }))
    }
    const error = await appError(
      login({ email: user.email, password: FACTORY_PASSWORD, now: new Date(t0.getTime() + SEC) }),
    )
    expect(error.code).toBe('throttled')
  })

  test('failures older than an hour fade: 4 now and 2 an hour later do not lock', async () => {
    const user = await createUser()
    const t0 = baseTime()
    for (let i = 0; i < 4; i++)
      await appError(login({ email: user.email, password: 'wrong', now: new Date(t0.getTime() + i) }))
    const later = new Date(t0.getTime() + 61 * MIN)
    for (let i = 0; i < 2; i++)
      await appError(login({ email: user.email, password: 'wrong', now: new Date(later.getTime() + i) }))
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 2, lockedUntil: null })
    const ok = await login({ email: user.email, password: FACTORY_PASSWORD, now: new Date(later.getTime() + SEC) })
    expect(ok.user.id).toBe(user.id)
  })
})

describe('unknown email vs wrong password', () => {
  test('identical error (code, status, field, values, message) and identical form reply', async () => {
    const user = await createUser()
    const wrongPassword = await appError(login({ email: user.email, password: 'not-the-password' }))
    const unknownEmail = await appError(login({ email: uniqueEmail('ghost'), password: 'not-the-password' }))
    const pick = (e: AppError) => ({
      code: e.code,
      status: e.status,
      field: e.field,
      values: e.values,
      message: e.message,
      name: e.name,
    })
    expect(pick(wrongPassword)).toEqual({
      code: 'invalid_credentials',
      status: 400,
      field: undefined,
      values: undefined,
      message: 'invalid_credentials',
      name: 'AppError',
    })
    expect(pick(unknownEmail)).toEqual(pick(wrongPassword))

    // What the browser gets back: the same locale key on the form, and never the password.
    const form = new FormData()
    form.set('email', user.email)
    form.set('password', 'not-the-password')
    const submission = parseWithZod(form, { schema: LoginSchema })
    const a = replyWithError(submission, wrongPassword, ['password'])
    const b = replyWithError(submission, unknownEmail, ['password'])
    expect(a).toEqual(b)
    expect(a.status).toBe(400)
    expect(a.result.error).toEqual({ '': ['errors.invalid_credentials'] })
    expect(JSON.stringify(a)).not.toContain('not-the-password')
  })

  test('an unknown email is throttled exactly like a known one', async () => {
    const ghost = uniqueEmail('ghost')
    const user = await createUser()
    const t0 = baseTime()
    for (let i = 0; i < 5; i++) {
      const at = new Date(t0.getTime() + i * SEC)
      expect((await appError(login({ email: ghost, password: 'guess', now: at }))).code).toBe('invalid_credentials')
      expect((await appError(login({ email: user.email, password: 'guess', now: at }))).code).toBe(
        'invalid_credentials',
      )
    }
    const ghostLock = await appError(login({ email: ghost, password: 'guess', now: new Date(t0.getTime() + 5 * SEC) }))
    const userLock = await appError(
      login({ email: user.email, password: 'guess', now: new Date(t0.getTime() + 5 * SEC) }),
    )
    expect(ghostLock.code).toBe('throttled')
    expect({ code: ghostLock.code, values: ghostLock.values }).toEqual({ code: userLock.code, values: userLock.values })
    expect(ghostLock.values).toEqual({ seconds: 29 })
    expect(await throttleRow(`email:${ghost}`)).toMatchObject({ failures: 5 })
  })
})

describe('per-address throttle', () => {
  test('30 failures across different emails lock the address for 15 minutes, even for a right password', async () => {
    const ip = '203.0.113.99'
    const user = await createUser()
    const t0 = baseTime()
    const at = (ms: number) => new Date(t0.getTime() + ms)
    for (let i = 0; i < 29; i++) {
      const error = await appError(
        login({ email: uniqueEmail('stuffed'), password: 'Summer2024!', ipAddress: ip, now: at(i) }),
      )
      expect(error.code).toBe('invalid_credentials')
    }
    expect(await throttleRow(`ip:${ip}`)).toMatchObject({ failures: 29, lockedUntil: null })
    await appError(login({ email: uniqueEmail('stuffed'), password: 'Summer2024!', ipAddress: ip, now: at(29) }))
    expect(await throttleRow(`ip:${ip}`)).toMatchObject({ failures: 30, lockedUntil: at(29 + 15 * MIN) })

    const locked = await appError(login({ email: user.email, password: FACTORY_PASSWORD, ipAddress: ip, now: at(SEC) }))
    expect(locked.code).toBe('throttled')
    expect(locked.values).toEqual({ seconds: 15 * 60 }) // 899.029 s, rounded up
    // The same person from another address is fine, and no single email was locked.
    const elsewhere = await login({
      email: user.email,
      password: FACTORY_PASSWORD,
      ipAddress: '198.51.100.20',
      now: at(2 * SEC),
    })
    expect(elsewhere.user.id).toBe(user.id)
    // After the 15 minutes the address may try again.
    const later = await login({ email: user.email, password: FACTORY_PASSWORD, ipAddress: ip, now: at(15 * MIN + 29) })
    expect(later.user.id).toBe(user.id)
    // A success clears the email counter, not the address one.
    expect(await throttleRow(`ip:${ip}`)).toMatchObject({ failures: 30 })

    const failed = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login_failed'), eq(auditEvents.ipAddress, ip)))
    expect(failed).toHaveLength(30)
    expect(failed.every((row) => row.actorId === null && row.subjectType === null && row.subjectId === null)).toBe(true)
  })
})

describe('audit of failed logins', () => {
  test('auth.login_failed rows name the account and the address, never the password typed', async () => {
    const user = await createUser()
    const typed = 'Secret-Guess-Password-99'
    const ip = '192.0.2.55'
    await appError(login({ email: user.email, password: typed, ipAddress: ip, userAgent: 'Vitest' }))
    await appError(login({ email: 'ghost-audit@example.test', password: typed, ipAddress: ip }))
    const rows = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'auth.login_failed'), eq(auditEvents.ipAddress, ip)))
      .orderBy(auditEvents.id)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      actorId: null,
      actorRole: null,
      subjectType: 'user',
      subjectId: user.id,
      ipAddress: ip,
      details: {},
    })
    expect(rows[1]).toMatchObject({ actorId: null, subjectType: null, subjectId: null, ipAddress: ip, details: {} })
    for (const row of rows) {
      const serialised = JSON.stringify(row)
      expect(serialised).not.toContain(typed)
      expect(serialised).not.toContain('ghost-audit') // an unknown address typed is not recorded either
    }
  })
})

describe('throttle store', () => {
  test('reserveAttempt / releaseAttempt / clearFailures on their own', async () => {
    const db = getDb()
    const key = `email:${uniqueEmail('store')}`
    const other = `ip:store-${Date.now()}`
    const t0 = baseTime()
    const keys = [{ kind: 'email' as const, key }]
    for (let i = 0; i < 5; i++) expect(await reserveAttempt(db, keys, t0)).toBe(0)
    // The fifth reserved attempt set the lock: the next one waits, and is not counted.
    expect(await reserveAttempt(db, keys, t0)).toBe(30)
    expect(await reserveAttempt(db, [{ kind: 'ip', key: other }, ...keys], new Date(t0.getTime() + 10 * SEC))).toBe(20)
    expect(await throttleRow(key)).toMatchObject({ failures: 5 })
    // A refused attempt counts against no key, the address included.
    expect(await throttleRow(other)).toMatchObject({ failures: 0 })
    expect(await reserveAttempt(db, keys, new Date(t0.getTime() + 30 * SEC))).toBe(0)
    await clearFailures(db, key)
    expect(await throttleRow(key)).toBeUndefined()

    // Giving an address's attempt back lifts a lock the attempt itself had set.
    const ipKeys = [{ kind: 'ip' as const, key: other }]
    for (let i = 0; i < 30; i++) expect(await reserveAttempt(db, ipKeys, t0)).toBe(0)
    expect(await reserveAttempt(db, ipKeys, t0)).toBe(15 * 60)
    await releaseAttempt(db, 'ip', other)
    expect(await throttleRow(other)).toMatchObject({ failures: 29, lockedUntil: null })
    expect(await reserveAttempt(db, ipKeys, t0)).toBe(0)
  })

  test('pruneThrottles forgets counters untouched for a day and keeps the others', async () => {
    const db = getDb()
    const now = baseTime()
    const old = `ip:prune-old-${Date.now()}`
    const recent = `ip:prune-recent-${Date.now()}`
    await reserveAttempt(db, [{ kind: 'ip', key: old }], new Date(now.getTime() - 25 * 3600_000))
    await reserveAttempt(db, [{ kind: 'ip', key: recent }], new Date(now.getTime() - 23 * 3600_000))
    await pruneThrottles(db, now)
    expect(await throttleRow(old)).toBeUndefined()
    expect(await throttleRow(recent)).toMatchObject({ failures: 1 })
  })
})

describe('concurrent guesses', () => {
  // Each attempt is reserved (and counted) under a row lock before the password is checked, so the
  // allowance holds however the attempts are timed.
  test('parallel wrong guesses get no more than the 5 free attempts, and every failure is counted', async () => {
    const user = await createUser()
    const now = baseTime()
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => login({ email: user.email, password: `parallel-guess-${i}`, now })),
    )
    const codes = results.map((r) =>
      r.status === 'rejected' && r.reason instanceof AppError ? r.reason.code : 'other',
    )
    const guessesChecked = codes.filter((c) => c === 'invalid_credentials').length
    expect(codes.every((c) => c === 'invalid_credentials' || c === 'throttled')).toBe(true)
    expect(guessesChecked).toBeLessThanOrEqual(5)
    expect((await throttleRow(`email:${user.email}`))?.failures).toBe(guessesChecked)
  })
})

describe('a known device (the browser the owner signed in on before)', () => {
  /** The owner signs in once on their own browser: the cookie value the app gives it. */
  async function ownerBrowser(email: string, now: Date) {
    const first = await login({ email, password: FACTORY_PASSWORD, ipAddress: '192.0.2.10', now })
    expect(first.knownDevice).toMatch(/^[a-z2-7]{26}\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/)
    return first.knownDevice
  }

  /** An attacker elsewhere guesses until the account is locked for every unknown device, 10 s before `until`. */
  async function lockOut(email: string, until: Date, guesses = 8) {
    const from = new Date(until.getTime() - 10 * SEC)
    for (let i = 0; i < guesses; i++) {
      const error = await appError(
        login({ email, password: `attacker-guess-${i}`, ipAddress: '203.0.113.66', now: new Date(from.getTime() + i) }),
      )
      expect(['invalid_credentials', 'throttled']).toContain(error.code)
    }
  }

  test("the attacker's failures lock the account for unknown devices; the owner on a known device still signs in", async () => {
    const user = await createUser()
    const t0 = baseTime()
    const device = await ownerBrowser(user.email, t0)
    const at = new Date(t0.getTime() + 2 * MIN)
    await lockOut(user.email, at)

    // Right password, but from a browser the app does not know (or with no cookie): still locked.
    const stranger = await appError(
      login({ email: user.email, password: FACTORY_PASSWORD, ipAddress: '198.51.100.8', now: at }),
    )
    expect(stranger.code).toBe('throttled')
    expect(
      (await appError(login({ email: user.email, password: FACTORY_PASSWORD, knownDevices: 'x.y.z', now: at }))).code,
    ).toBe('throttled')

    // The owner's browser gets in with the right password, from any address.
    const owner = await login({
      email: user.email,
      password: FACTORY_PASSWORD,
      knownDevices: device,
      ipAddress: '198.51.100.9',
      now: at,
    })
    expect(owner.user.id).toBe(user.id)
    expect(await validateSessionToken(owner.token, at)).not.toBeNull()
    // The same device, signed again for a fresh period.
    expect(owner.knownDevice.split('.')[0]).toBe(device.split('.')[0])

    // The owner getting in does not wipe the attacker's failures: unknown devices stay locked.
    expect((await throttleRow(`email:${user.email}`))!.lockedUntil!.getTime()).toBeGreaterThan(at.getTime())
    expect(
      (await appError(login({ email: user.email, password: FACTORY_PASSWORD, ipAddress: '203.0.113.66', now: at })))
        .code,
    ).toBe('throttled')
  })

  test('a wrong password from the known device still counts, for the account and for the device', async () => {
    const user = await createUser()
    const t0 = baseTime()
    const device = await ownerBrowser(user.email, t0)
    const deviceKey = `device:${device.split('.')[0]}`
    const at = (ms: number) => new Date(t0.getTime() + MIN + ms)

    expect(
      (await appError(login({ email: user.email, password: 'typo', knownDevices: device, now: at(0) }))).code,
    ).toBe('invalid_credentials')
    expect(await throttleRow(`email:${user.email}`)).toMatchObject({ failures: 1 })
    expect(await throttleRow(deviceKey)).toMatchObject({ failures: 1 })

    // Five wrong passwords lock the device itself: a stolen cookie is no way round the throttle.
    for (let i = 1; i < 5; i++) {
      await appError(login({ email: user.email, password: `typo-${i}`, knownDevices: device, now: at(i) }))
    }
    expect(await throttleRow(deviceKey)).toMatchObject({ failures: 5 })
    const locked = await appError(
      login({ email: user.email, password: FACTORY_PASSWORD, knownDevices: device, now: at(5) }),
    )
    expect(locked.code).toBe('throttled')
    expect(locked.values).toEqual({ seconds: 30 })
    // Once the device's wait is over the right password works there, and its counter starts afresh.
    const ok = await login({ email: user.email, password: FACTORY_PASSWORD, knownDevices: device, now: at(31 * SEC) })
    expect(ok.user.id).toBe(user.id)
    expect(await throttleRow(deviceKey)).toBeUndefined()
  })

  test('a device known for one account is unknown for another; a tampered or stale cookie is unknown', async () => {
    const owner = await createUser()
    const other = await createUser()
    const t0 = baseTime()
    const device = await ownerBrowser(owner.email, t0)
    const at = new Date(t0.getTime() + 2 * MIN)
    await lockOut(other.email, at)
    expect(
      (await appError(login({ email: other.email, password: FACTORY_PASSWORD, knownDevices: device, now: at }))).code,
    ).toBe('throttled')

    await lockOut(owner.email, at)
    const [id, issued, sig] = device.split('.')
    const tampered = [
      `${id}.${(parseInt(issued!, 36) + 1).toString(36)}.${sig}`,
      // The signature's first character changed (its last one carries padding bits a decoder may ignore).
      `${id}.${issued}.${sig![0] === 'A' ? 'B' : 'A'}${sig!.slice(1)}`,
    ]
    for (const cookie of tampered) {
      expect(
        (await appError(login({ email: owner.email, password: FACTORY_PASSWORD, knownDevices: cookie, now: at }))).code,
      ).toBe('throttled')
    }
    // Half a year later the browser is no longer known.
    const later = new Date(t0.getTime() + 181 * 24 * 3600_000)
    await lockOut(owner.email, later)
    expect(
      (await appError(login({ email: owner.email, password: FACTORY_PASSWORD, knownDevices: device, now: later })))
        .code,
    ).toBe('throttled')
  })

  test('a new password forgets the devices signed in with the old one', async () => {
    const user = await createUser()
    const t0 = baseTime()
    const device = await ownerBrowser(user.email, t0)
    await requestPasswordReset({ email: user.email, locale: 'vi' })
    const token = await tokenFromLatestEmail(user.email, 'reset-password')
    await setPasswordWithToken({ token, purpose: 'password_reset', password: 'Một-mật-khẩu-mới-rất-dài-2026' })
    await lockOut(user.email, new Date(t0.getTime() + 2 * MIN))
    const error = await appError(
      login({
        email: user.email,
        password: 'Một-mật-khẩu-mới-rất-dài-2026',
        knownDevices: device,
        now: new Date(t0.getTime() + 2 * MIN),
      }),
    )
    expect(error.code).toBe('throttled')
  })

  test('the per-address flood limit still holds for a known device', async () => {
    const user = await createUser()
    const ip = `203.0.113.${100 + Math.floor(Math.random() * 100)}`
    const t0 = baseTime()
    const device = await ownerBrowser(user.email, t0)
    for (let i = 0; i < 30; i++) {
      await appError(
        login({ email: uniqueEmail('flood'), password: 'guess', ipAddress: ip, now: new Date(t0.getTime() + MIN + i) }),
      )
    }
    const error = await appError(
      login({
        email: user.email,
        password: FACTORY_PASSWORD,
        knownDevices: device,
        ipAddress: ip,
        now: new Date(t0.getTime() + 2 * MIN),
      }),
    )
    expect(error.code).toBe('throttled')
  })
})
