import { count, desc, eq, inArray } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, onTestFinished, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  authTokens,
  caseworkerWards,
  emailOutbox,
  memberships,
  organisations,
  sessions,
  teamInvitations,
  users,
} from '#db/schema/index.ts'
import { DEMO_PARTNERS, DEMO_PASSWORD, DEMO_USERS, seedDemo } from '#db/seed.ts'
import { EXTRA_ORGANISATIONS } from '#db/demo-listings.ts'
import { DEMO_CANDIDATES } from '#db/demo-candidates.ts'
import { HISTORY_PEOPLE } from '#db/demo-history.ts'
import {
  candidates,
  candidateSensitive,
  courseDetails,
  jobDetails,
  loanDetails,
  matchEvents,
  matches,
  opportunities,
  wardTargets,
} from '#db/schema/index.ts'
import {
  changePassword,
  isTokenUsable,
  login,
  registerPartner,
  requestPasswordReset,
  resendVerificationEmail,
  setPasswordWithToken,
  verifyEmail,
} from '#app/modules/auth/accounts.server.ts'
import {
  createSession,
  getSessionUser,
  invalidateSession,
  invalidateUserSessions,
  listUserSessions,
  validateSessionToken,
} from '#app/modules/auth/session.server.ts'
import { generateToken, hashToken } from '#app/modules/auth/tokens.server.ts'
import { actorFromSession, requirePermission } from '#app/policy.server.ts'
import { action as joinAction } from '#app/routes/join.tsx'
import { getEnv } from '#app/utils/env.server.ts'
import {
  createCaseworker,
  createPartner,
  createUser,
  FACTORY_PASSWORD,
  latestEmailTo,
  tokenFromLatestEmail,
  uniqueEmail,
  SIGNUP_ORGANISATION,
} from '../factories/users'
import { appError } from '../support/errors'
import { routeArgs } from '../support/route-args'
import { joinForm } from '../support/join-form'

const GOOD = 'Sông-Hồng-chảy-về-biển-2026'
const OTHER_GOOD = 'Cầu-Long-Biên-lúc-bình-minh'
const MIN = 60_000
const HOUR = 60 * MIN

async function counts() {
  const db = getDb()
  const n = async (table: PgTable) => Number((await db.select({ n: count() }).from(table))[0]!.n)
  return {
    users: await n(users),
    organisations: await n(organisations),
    memberships: await n(memberships),
    outbox: await n(emailOutbox),
    tokens: await n(authTokens),
    audit: await n(auditEvents),
    sessions: await n(sessions),
  }
}

async function outboxCountTo(address: string) {
  const [row] = await getDb().select({ n: count() }).from(emailOutbox).where(eq(emailOutbox.toAddress, address))
  return Number(row!.n)
}

async function sessionExists(id: string) {
  const rows = await getDb().select({ id: sessions.id }).from(sessions).where(eq(sessions.id, id))
  return rows.length === 1
}

function requestWith(token: string | null, url = 'http://localhost:3000/coordinator?x=1') {
  return new Request(url, { headers: token ? { cookie: `theme=light; hn_session=${token}` } : {} })
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw')
}

function register(email: string, password = GOOD, extra: Partial<Parameters<typeof registerPartner>[0]> = {}) {
  return registerPartner({
    name: 'Nguyễn Thị Lan',
    email,
    password,
    organisationName: 'Công ty May Thăng Long',
    organisationKind: 'employer',
    ...SIGNUP_ORGANISATION,
    locale: 'vi',
    ipAddress: '203.0.113.5',
    ...extra,
  })
}

describe('sign-up → verification → login → logout', () => {
  test('the whole journey', async () => {
    const before = await counts()
    const typed = `  Lan.Nguyen+${Date.now()}@Example.TEST `
    const email = typed.trim().toLowerCase()
    const { userId, organisationId } = (await register(typed))!

    // One user (normalised address, unverified, argon2id hash), a pending organisation, an owner membership.
    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user).toMatchObject({ email, role: 'partner', status: 'active', locale: 'vi', emailVerifiedAt: null })
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    const [org] = await getDb().select().from(organisations).where(eq(organisations.id, organisationId))
    expect(org).toMatchObject({ status: 'pending', kind: 'employer', name: 'Công ty May Thăng Long', email })
    const [membership] = await getDb().select().from(memberships).where(eq(memberships.userId, userId))
    expect(membership).toMatchObject({ organisationId, role: 'owner' })
    const after = await counts()
    expect(after.users - before.users).toBe(1)
    expect(after.organisations - before.organisations).toBe(1)
    expect(after.outbox - before.outbox).toBe(1)
    expect(after.tokens - before.tokens).toBe(1)

    // The verification email: Vietnamese, to the normalised address, token only in the body.
    const mail = await latestEmailTo(email)
    expect(mail).toBeDefined()
    expect(mail!.toAddress).toBe(email)
    expect(mail!.toUserId).toBe(userId)
    expect(mail!.locale).toBe('vi')
    expect(mail!.template).toBe('verify-email')
    expect(mail!.subject).toBe('Xác nhận địa chỉ email của bạn trên Hòa Nhập')
    expect(mail!.status).toBe('pending')
    expect(mail!.metadata).toEqual({ userId, template: 'verify-email' })
    const token = await tokenFromLatestEmail(email, 'verify-email')
    expect(mail!.text).toContain(`${getEnv().appUrl}/verify-email/${token}`)
    expect(mail!.html).toContain(`/verify-email/${token}`)
    expect(JSON.stringify(mail!.metadata)).not.toContain(token)
    expect(mail!.subject).not.toContain(token)

    // Only the hash of the token is stored, valid for 24 hours.
    const [stored] = await getDb().select().from(authTokens).where(eq(authTokens.userId, userId))
    expect(stored!.id).toBe(hashToken(token))
    expect(stored!.purpose).toBe('email_verification')
    expect(stored!.usedAt).toBeNull()
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(24 * HOUR)
    expect(await isTokenUsable(token, 'email_verification')).toBe(true)
    expect(await isTokenUsable(token, 'password_reset')).toBe(false)

    // Audit trail of the registration.
    const audit = await getDb().select().from(auditEvents).where(eq(auditEvents.actorId, userId))
    expect(audit.map((a) => a.action).sort()).toEqual(['organisation.created', 'user.registered'])
    expect(audit.find((a) => a.action === 'organisation.created')!.details).toEqual({ kind: 'employer' })
    expect(audit.every((a) => a.ipAddress === '203.0.113.5')).toBe(true)

    // Before verifying, signing in works but reports the address unverified.
    const early = await login({ email, password: GOOD })
    expect(early.user).toEqual({ id: userId, role: 'partner', emailVerified: false })
    const earlyAuth = await validateSessionToken(early.token)
    const earlyActor = actorFromSession(earlyAuth!)
    expect(earlyActor.emailVerified).toBe(false)
    const toVerify = await thrownBy(
      requirePermission(requestWith(early.token, 'http://localhost:3000/partner'), 'partner:access'),
    )
    expect((toVerify as Response).status).toBe(302)
    expect((toVerify as Response).headers.get('location')).toBe('/verify-email')
    await invalidateSession(early.session.id)

    // Verify.
    expect(await verifyEmail({ token })).toEqual({ userId })
    const [verified] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(verified!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await isTokenUsable(token, 'email_verification')).toBe(false)
    const [auditVerified] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'user.email_verified'))
      .orderBy(desc(auditEvents.id))
    expect(auditVerified!.subjectId).toBe(userId)

    // Login (the email as typed, any case) → a session that validates.
    const signedIn = await login({
      email: typed.toUpperCase(),
      password: GOOD,
      ipAddress: '203.0.113.5',
      userAgent: 'Vitest',
    })
    expect(signedIn.user).toEqual({ id: userId, role: 'partner', emailVerified: true })
    expect(signedIn.token).toMatch(/^[a-z2-7]{32}$/)
    expect(signedIn.session.id).toBe(hashToken(signedIn.token))
    expect(signedIn.session.userAgent).toBe('Vitest')
    expect(signedIn.session.absoluteExpiresAt.getTime() - signedIn.session.createdAt.getTime()).toBe(30 * 24 * HOUR)
    const auth = await validateSessionToken(signedIn.token)
    expect(auth).not.toBeNull()
    expect(auth!.user).toMatchObject({ id: userId, email, role: 'partner', status: 'active' })
    expect(auth!.membership).toEqual({
      organisationId,
      role: 'owner',
      organisationName: 'Công ty May Thăng Long',
      organisationKind: 'employer',
      organisationStatus: 'pending',
    })
    expect(auth!.wardCodes).toEqual([])
    const viaCookie = await getSessionUser(requestWith(signedIn.token))
    expect(viaCookie!.user.id).toBe(userId)
    const allowed = await requirePermission(
      requestWith(signedIn.token, 'http://localhost:3000/partner'),
      'partner:access',
    )
    expect(allowed.actor).toMatchObject({ userId, role: 'partner', emailVerified: true })
    const [loginAudit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.login'))
      .orderBy(desc(auditEvents.id))
    expect(loginAudit).toMatchObject({
      actorId: userId,
      actorRole: 'partner',
      subjectId: userId,
      ipAddress: '203.0.113.5',
    })

    // Logout → the token no longer validates, the row is gone.
    await invalidateSession(signedIn.session.id)
    expect(await validateSessionToken(signedIn.token)).toBeNull()
    expect(await sessionExists(signedIn.session.id)).toBe(false)
  })

  test('a duplicate email (any case, any spaces): no error, nothing created; its owner is told, once a day', async () => {
    const email = uniqueEmail('dup')
    const { userId } = (await register(email))!
    const before = await counts()
    expect(await register(`  ${email.toUpperCase()} `, OTHER_GOOD)).toBeNull()
    // Nothing but the notice to the address and its audit event.
    expect(await counts()).toEqual({ ...before, outbox: before.outbox + 1, audit: before.audit + 1 })
    const notice = (await latestEmailTo(email))!
    expect(notice).toMatchObject({
      template: 'account-notice',
      toUserId: userId,
      subject: 'Có người vừa thử đăng ký Hòa Nhập bằng địa chỉ email của bạn',
    })
    expect(notice.text).not.toContain('Công ty May Thăng Long')
    const [event] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.registration_existing_address'))
      .orderBy(desc(auditEvents.id))
      .limit(1)
    expect(event).toMatchObject({ actorId: null, subjectType: 'user', subjectId: userId, ipAddress: '203.0.113.5' })
    // A second try the same day: the same answer, no second email.
    expect(await register(email, OTHER_GOOD)).toBeNull()
    expect(await outboxCountTo(email)).toBe(2)
    // A staff address is treated the same way.
    const staff = await createCaseworker(['00070'])
    expect(await register(staff.email, OTHER_GOOD)).toBeNull()
    expect((await latestEmailTo(staff.email))!.template).toBe('account-notice')
    // The password typed is not the account's now.
    expect((await appError(login({ email, password: OTHER_GOOD }))).code).toBe('invalid_credentials')
  })

  test('the sign-up page answers a taken address exactly as a new one: no session, the same "check your email"', async () => {
    const taken = uniqueEmail('taken')
    await register(taken)
    const post = (email: string) =>
      joinAction(
        routeArgs(
          new Request('http://localhost/join', {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: joinForm(email, GOOD),
          }),
        ),
      ) as Promise<Response>
    const answers = []
    for (const email of [uniqueEmail('new'), taken]) {
      const res = await post(email)
      answers.push({
        status: res.status,
        location: res.headers.get('location'),
        cookies: res.headers.getSetCookie().map((c) => c.split('=')[0]),
      })
    }
    expect(answers[0]).toEqual({ status: 302, location: '/join?sent=1', cookies: [] })
    expect(answers[1]).toEqual(answers[0])
  })

  test('the confirmation email is fixed text and the link: nothing typed at sign-up reaches the address', async () => {
    const lure = 'Tài khoản ngân hàng bị khóa, xác minh tại http://evil.example'
    const email = uniqueEmail('lure')
    await register(email, GOOD, { name: lure, organisationName: lure })
    const mail = (await latestEmailTo(email))!
    for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toContain('evil.example')
    expect(mail.text).toContain('Xin chào,')
  })

  test.each([
    ['password1234', 'common'],
    ['short-pw', 'too_short'],
    ['x'.repeat(300), 'too_long'],
  ])('a weak password (%s) → password_weak/%s, nothing written', async (password, problem) => {
    const email = uniqueEmail('weak')
    const before = await counts()
    const error = await appError(register(email, password))
    expect(error.code).toBe('password_weak')
    expect(error.field).toBe('password')
    expect(error.values).toEqual({ problem })
    expect(await counts()).toEqual(before)
  })

  test('a password built on the email address is refused', async () => {
    const email = `thanhhuong${Date.now()}@example.test`
    const error = await appError(register(email, `${email.split('@')[0]}-Hà-Nội`))
    expect(error.code).toBe('password_weak')
    expect(error.values).toEqual({ problem: 'contains_email' })
  })

  test('verification tokens: used, expired, unknown, malformed or of another purpose → token_invalid', async () => {
    const email = uniqueEmail('verify')
    const t0 = new Date()
    const { userId } = (await register(email, GOOD, { now: t0 }))!
    const token = await tokenFromLatestEmail(email, 'verify-email')

    expect((await appError(verifyEmail({ token: generateToken() }))).code).toBe('token_invalid')
    expect((await appError(verifyEmail({ token: 'not-a-token' }))).code).toBe('token_invalid')
    expect((await appError(verifyEmail({ token: token.toUpperCase() }))).code).toBe('token_invalid')
    // Expired: 24 h after issue.
    const expired = await appError(verifyEmail({ token, now: new Date(t0.getTime() + 24 * HOUR) }))
    expect(expired.code).toBe('token_invalid')
    expect(expired.status).toBe(400)
    expect(await isTokenUsable(token, 'email_verification', new Date(t0.getTime() + 24 * HOUR))).toBe(false)
    // A verification token cannot reset a password.
    expect(
      (await appError(setPasswordWithToken({ token, purpose: 'password_reset', password: OTHER_GOOD }))).code,
    ).toBe('token_invalid')
    // Still usable just before expiry, then used.
    await verifyEmail({ token, now: new Date(t0.getTime() + 24 * HOUR - 1000) })
    expect((await appError(verifyEmail({ token }))).code).toBe('token_invalid')
    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user!.emailVerifiedAt!.getTime()).toBe(t0.getTime() + 24 * HOUR - 1000)
  })

  test('resendVerificationEmail: at most one a minute, replaces the old link, nothing once verified', async () => {
    const email = uniqueEmail('resend')
    const t0 = new Date(Date.now() - 10 * MIN)
    const { userId } = (await register(email, GOOD, { now: t0 }))!
    const first = await tokenFromLatestEmail(email, 'verify-email')

    expect(await resendVerificationEmail({ userId, now: new Date(t0.getTime() + 30_000) })).toEqual({ sent: false })
    expect(await outboxCountTo(email)).toBe(1)
    expect(await resendVerificationEmail({ userId, now: new Date(t0.getTime() + 61_000) })).toEqual({ sent: true })
    expect(await outboxCountTo(email)).toBe(2)
    const second = await tokenFromLatestEmail(email, 'verify-email')
    expect(second).not.toBe(first)
    const mail = await latestEmailTo(email)
    expect(mail!.locale).toBe('vi')
    expect(mail!.metadata).toEqual({ userId, template: 'verify-email' })

    expect((await appError(verifyEmail({ token: first }))).code).toBe('token_invalid')
    await verifyEmail({ token: second })
    expect(await resendVerificationEmail({ userId })).toEqual({ sent: false })
    expect(await resendVerificationEmail({ userId: '00000000-0000-4000-8000-000000000000' })).toEqual({ sent: false })
    expect(await outboxCountTo(email)).toBe(2)
  })
})

describe('password reset', () => {
  test('an unknown or disabled address: no email, no error', async () => {
    const before = await counts()
    await expect(requestPasswordReset({ email: 'nobody-here@example.test', locale: 'vi' })).resolves.toBeUndefined()
    const disabled = await createUser({ status: 'disabled' })
    const afterCreate = await counts()
    await expect(requestPasswordReset({ email: disabled.email, locale: 'vi' })).resolves.toBeUndefined()
    expect((await counts()).outbox).toBe(before.outbox)
    expect((await counts()).tokens).toBe(afterCreate.tokens)
  })

  test('the full reset: one email, no second within a minute, weak password keeps the link, success signs out everywhere', async () => {
    const user = await createUser({ role: 'partner', locale: 'en' })
    const t0 = new Date()
    await requestPasswordReset({ email: user.email.toUpperCase(), locale: 'vi', ipAddress: '198.51.100.7', now: t0 })
    expect(await outboxCountTo(user.email)).toBe(1)
    const mail = await latestEmailTo(user.email)
    expect(mail!.template).toBe('reset-password')
    expect(mail!.locale).toBe('en') // the person's own language wins over the page's
    expect(mail!.subject).toBe('Reset your Hòa Nhập password')
    expect(mail!.metadata).toEqual({ userId: user.id, template: 'reset-password' })
    const token = await tokenFromLatestEmail(user.email, 'reset-password')
    expect(JSON.stringify(mail!.metadata)).not.toContain(token)
    const [stored] = await getDb()
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(token)))
    expect(stored!.purpose).toBe('password_reset')
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(HOUR)
    const [requested] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.password_reset_requested'))
      .orderBy(desc(auditEvents.id))
    expect(requested).toMatchObject({ actorId: null, subjectId: user.id, ipAddress: '198.51.100.7' })

    // A second request within 60 s sends nothing more, and the first link stays good.
    await requestPasswordReset({ email: user.email, locale: 'vi', now: new Date(t0.getTime() + 59_000) })
    expect(await outboxCountTo(user.email)).toBe(1)
    expect(await isTokenUsable(token, 'password_reset')).toBe(true)

    // Two live sessions.
    const a = await createSession({ userId: user.id, role: 'partner' })
    const b = await createSession({ userId: user.id, role: 'partner' })

    // A weak password is refused before the link is spent.
    const weak = await appError(setPasswordWithToken({ token, purpose: 'password_reset', password: 'qwertyuiop123' }))
    expect(weak.code).toBe('password_weak')
    expect(weak.values).toEqual({ problem: 'common' })
    const withEmail = await appError(
      setPasswordWithToken({ token, purpose: 'password_reset', password: `${user.email.split('@')[0]}-xyz` }),
    )
    expect(withEmail.values).toEqual({ problem: 'contains_email' })
    expect(await isTokenUsable(token, 'password_reset')).toBe(true)
    expect(await validateSessionToken(a.token)).not.toBeNull()

    // The wrong purpose does not spend it either.
    expect((await appError(setPasswordWithToken({ token, purpose: 'invitation', password: OTHER_GOOD }))).code).toBe(
      'token_invalid',
    )
    expect(await isTokenUsable(token, 'password_reset')).toBe(true)

    // Success.
    expect(
      await setPasswordWithToken({ token, purpose: 'password_reset', password: OTHER_GOOD, ipAddress: '198.51.100.7' }),
    ).toEqual({
      id: user.id,
      role: 'partner',
    })
    expect(await validateSessionToken(a.token)).toBeNull()
    expect(await validateSessionToken(b.token)).toBeNull()
    expect(await listUserSessions(user.id)).toEqual([])
    expect((await appError(login({ email: user.email, password: FACTORY_PASSWORD }))).code).toBe('invalid_credentials')
    const fresh = await login({ email: user.email, password: OTHER_GOOD })
    expect(fresh.user.id).toBe(user.id)
    expect((await appError(setPasswordWithToken({ token, purpose: 'password_reset', password: GOOD }))).code).toBe(
      'token_invalid',
    )
    const [resetAudit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.password_reset'))
      .orderBy(desc(auditEvents.id))
    expect(resetAudit).toMatchObject({ actorId: user.id, subjectId: user.id, ipAddress: '198.51.100.7' })
  })

  test('a request a minute later sends a new link and retires the old one', async () => {
    const user = await createUser()
    const t0 = new Date()
    await requestPasswordReset({ email: user.email, locale: 'vi', now: t0 })
    const first = await tokenFromLatestEmail(user.email, 'reset-password')
    await requestPasswordReset({ email: user.email, locale: 'vi', now: new Date(t0.getTime() + 61_000) })
    expect(await outboxCountTo(user.email)).toBe(2)
    const second = await tokenFromLatestEmail(user.email, 'reset-password')
    expect(second).not.toBe(first)
    expect(await isTokenUsable(first, 'password_reset')).toBe(false)
    expect(await isTokenUsable(second, 'password_reset')).toBe(true)
  })

  test('an expired reset link (past one hour) is refused and the password is unchanged', async () => {
    const user = await createUser()
    const t0 = new Date()
    await requestPasswordReset({ email: user.email, locale: 'vi', now: t0 })
    const token = await tokenFromLatestEmail(user.email, 'reset-password')
    const late = new Date(t0.getTime() + HOUR + 1000)
    expect(await isTokenUsable(token, 'password_reset', late)).toBe(false)
    const error = await appError(
      setPasswordWithToken({ token, purpose: 'password_reset', password: OTHER_GOOD, now: late }),
    )
    expect(error.code).toBe('token_invalid')
    const ok = await login({ email: user.email, password: FACTORY_PASSWORD })
    expect(ok.user.id).toBe(user.id)
  })
})

describe('changePassword', () => {
  test('keeps the current session, removes the others; wrong current or weak new password refused', async () => {
    const user = await createCaseworker(['00070'])
    const current = await createSession({ userId: user.id, role: 'caseworker' })
    const other = await createSession({ userId: user.id, role: 'caseworker' })
    const auth = await validateSessionToken(current.token)
    const actor = actorFromSession(auth!)
    expect(actor.wardCodes).toEqual(['00070'])

    const wrong = await appError(
      changePassword({
        actor,
        sessionId: current.session.id,
        currentPassword: 'not-my-password-123',
        newPassword: OTHER_GOOD,
      }),
    )
    expect(wrong.code).toBe('password_incorrect')
    expect(wrong.field).toBe('currentPassword')
    const weak = await appError(
      changePassword({
        actor,
        sessionId: current.session.id,
        currentPassword: FACTORY_PASSWORD,
        newPassword: 'abcabcabcabc',
      }),
    )
    expect(weak.code).toBe('password_weak')
    expect(weak.field).toBe('newPassword')
    expect(weak.values).toEqual({ problem: 'common' })
    expect(await validateSessionToken(other.token)).not.toBeNull()

    await changePassword({
      actor,
      sessionId: current.session.id,
      currentPassword: FACTORY_PASSWORD,
      newPassword: OTHER_GOOD,
    })
    expect(await validateSessionToken(current.token)).not.toBeNull()
    expect(await validateSessionToken(other.token)).toBeNull()
    expect((await listUserSessions(user.id)).map((s) => s.id)).toEqual([current.session.id])
    expect((await appError(login({ email: user.email, password: FACTORY_PASSWORD }))).code).toBe('invalid_credentials')
    expect((await login({ email: user.email, password: OTHER_GOOD })).user.id).toBe(user.id)
    const [changed] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.password_changed'))
      .orderBy(desc(auditEvents.id))
    expect(changed).toMatchObject({ actorId: user.id, actorRole: 'caseworker', subjectId: user.id })
  })
})

describe('sessions', () => {
  test('a caseworker session idle for more than 30 minutes → null and its row deleted', async () => {
    const user = await createCaseworker(['00082'])
    const t0 = new Date()
    const { token, session } = await createSession({ userId: user.id, role: 'caseworker', now: t0 })
    expect(session.expiresAt.getTime() - t0.getTime()).toBe(30 * MIN)
    expect(session.absoluteExpiresAt.getTime() - t0.getTime()).toBe(12 * HOUR)
    const valid = await validateSessionToken(token, new Date(t0.getTime() + 29 * MIN))
    expect(valid!.wardCodes).toEqual(['00082'])
    // That use slid the idle expiry to 29 + 30 minutes.
    expect(await validateSessionToken(token, new Date(t0.getTime() + 59 * MIN + 1000))).toBeNull()
    expect(await sessionExists(session.id)).toBe(false)

    // Untouched since sign-in: 31 minutes later it is gone.
    const idle = await createSession({ userId: user.id, role: 'caseworker', now: t0 })
    expect(await validateSessionToken(idle.token, new Date(t0.getTime() + 31 * MIN))).toBeNull()
    expect(await sessionExists(idle.session.id)).toBe(false)
  })

  test('a partner session survives the same 31 idle minutes', async () => {
    const user = await createPartner()
    const t0 = new Date()
    const { token } = await createSession({ userId: user.id, role: 'partner', now: t0 })
    expect(await validateSessionToken(token, new Date(t0.getTime() + 31 * MIN))).not.toBeNull()
  })

  test('activity slides the idle expiry (at most one write a minute) but never past 12 hours', async () => {
    const user = await createCaseworker(['00070'])
    const t0 = new Date()
    const { token, session } = await createSession({ userId: user.id, role: 'caseworker', now: t0 })
    const at = (ms: number) => new Date(t0.getTime() + ms)
    const row = async () => (await getDb().select().from(sessions).where(eq(sessions.id, session.id)))[0]!

    // Within the touch interval: nothing written.
    await validateSessionToken(token, at(30_000))
    expect((await row()).lastSeenAt).toEqual(t0)
    expect((await row()).expiresAt).toEqual(at(30 * MIN))
    // After a minute: lastSeenAt and expiresAt move.
    const seen = await validateSessionToken(token, at(2 * MIN))
    expect(seen!.session.expiresAt).toEqual(at(32 * MIN))
    expect((await row()).lastSeenAt).toEqual(at(2 * MIN))
    expect((await row()).expiresAt).toEqual(at(32 * MIN))

    // Busy all day, every 25 minutes: valid until the absolute limit, whatever the activity.
    for (let t = 25 * MIN; t < 12 * HOUR; t += 25 * MIN) {
      expect(await validateSessionToken(token, at(t)), `at ${t / MIN} min`).not.toBeNull()
    }
    expect((await row()).expiresAt).toEqual(at(12 * HOUR)) // capped
    expect((await row()).absoluteExpiresAt).toEqual(at(12 * HOUR))
    expect(await validateSessionToken(token, at(12 * HOUR + 1000))).toBeNull()
    expect(await sessionExists(session.id)).toBe(false)
  })

  test('a disabled user → null and the session row deleted', async () => {
    const user = await createUser({ role: 'coordinator' })
    const { token, session } = await createSession({ userId: user.id, role: 'coordinator' })
    expect(await validateSessionToken(token)).not.toBeNull()
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, user.id))
    expect(await validateSessionToken(token)).toBeNull()
    expect(await sessionExists(session.id)).toBe(false)
  })

  test('revoked sessions → null; revoking all but one keeps that one', async () => {
    const user = await createPartner()
    const keep = await createSession({
      userId: user.id,
      role: 'partner',
      userAgent: 'x'.repeat(500),
      ipAddress: '192.0.2.1',
    })
    const drop1 = await createSession({ userId: user.id, role: 'partner' })
    const drop2 = await createSession({ userId: user.id, role: 'partner' })
    const bystander = await createUser()
    const theirs = await createSession({ userId: bystander.id, role: 'partner' })
    expect(keep.session.userAgent).toHaveLength(300)

    await invalidateUserSessions(getDb(), user.id, keep.session.id)
    expect(await validateSessionToken(drop1.token)).toBeNull()
    expect(await validateSessionToken(drop2.token)).toBeNull()
    expect(await validateSessionToken(keep.token)).not.toBeNull()
    const listed = await listUserSessions(user.id)
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ id: keep.session.id, ipAddress: '192.0.2.1' })

    await invalidateUserSessions(getDb(), user.id)
    expect(await validateSessionToken(keep.token)).toBeNull()
    expect(await validateSessionToken(theirs.token)).not.toBeNull()
  })

  test('unknown, malformed and hash-as-token values do not validate', async () => {
    const user = await createUser()
    const { token, session } = await createSession({ userId: user.id, role: 'partner' })
    expect(await validateSessionToken(generateToken())).toBeNull()
    expect(await validateSessionToken('')).toBeNull()
    expect(await validateSessionToken(`${token}x`)).toBeNull()
    expect(await validateSessionToken(token.toUpperCase())).toBeNull()
    expect(await validateSessionToken(session.id)).toBeNull() // the stored hash is not a credential
    expect(await validateSessionToken(token)).not.toBeNull()
  })
})

describe('requirePermission (route guard)', () => {
  test('not signed in → sign-in page that comes back here', async () => {
    const thrown = await thrownBy(requirePermission(requestWith(null), 'coordinator:access'))
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(302)
    expect((thrown as Response).headers.get('location')).toBe('/login?redirectTo=%2Fcoordinator%3Fx%3D1')
  })

  test('signed in but not allowed → 403; allowed → the actor', async () => {
    const caseworker = await createCaseworker(['00070'])
    const coordinator = await createUser({ role: 'coordinator' })
    const cw = await createSession({ userId: caseworker.id, role: 'caseworker' })
    const co = await createSession({ userId: coordinator.id, role: 'coordinator' })
    const refused = await thrownBy(requirePermission(requestWith(cw.token), 'coordinator:access'))
    expect((refused as Response).status).toBe(403)
    const ok = await requirePermission(requestWith(co.token), 'coordinator:access')
    expect(ok.actor).toEqual({
      userId: coordinator.id,
      role: 'coordinator',
      emailVerified: true,
      membership: null,
      wardCodes: [],
    })
    const cwOk = await requirePermission(requestWith(cw.token, 'http://localhost:3000/caseworker'), 'caseworker:access')
    expect(cwOk.actor.wardCodes).toEqual(['00070'])
  })
})

describe('login edge cases', () => {
  test('an invited account without a password and a disabled account cannot sign in', async () => {
    const invited = await createUser({ role: 'caseworker', withPassword: false, verified: false })
    expect((await appError(login({ email: invited.email, password: FACTORY_PASSWORD }))).code).toBe(
      'invalid_credentials',
    )
    const disabled = await createUser({ status: 'disabled' })
    expect((await appError(login({ email: disabled.email, password: FACTORY_PASSWORD }))).code).toBe(
      'invalid_credentials',
    )
  })
})

describe('seedDemo', () => {
  test('is idempotent: a second run leaves the same counts; demo accounts sign in', async () => {
    const db = getDb()
    const wardCount = async () => Number((await db.select({ n: count() }).from(caseworkerWards))[0]!.n)
    const before = { ...(await counts()), wards: await wardCount() }
    const level = process.env.LOG_LEVEL
    process.env.LOG_LEVEL = 'warn' // keep the "demo data seeded" line out of the test output
    onTestFinished(() => {
      if (level === undefined) delete process.env.LOG_LEVEL
      else process.env.LOG_LEVEL = level
    })
    await seedDemo()
    const once = { ...(await counts()), wards: await wardCount() }
    // 6 demo accounts + the owners of 4 more organisations (one in each vetting state) + a colleague invited
    // to the training centre who has not arrived
    expect(once.users - before.users).toBe(11)
    expect(once.organisations - before.organisations).toBe(7)
    expect(once.memberships - before.memberships).toBe(8)
    expect(once.wards - before.wards).toBe(3)
    await seedDemo()
    expect({ ...(await counts()), wards: await wardCount() }).toEqual(once)
    // The training centre's team page lists that colleague's invitation, still valid.
    const waiting = await db.select().from(teamInvitations).where(eq(teamInvitations.email, 'giaovien@hoanhap.example'))
    expect(waiting).toHaveLength(1)
    expect(waiting[0]).toMatchObject({ name: 'Ngô Thị Bích Ngọc', acceptedAt: null, endedAt: null })
    expect(waiting[0]!.expiresAt.getTime()).toBeGreaterThan(Date.now())

    const coordinator = await login({ email: DEMO_USERS[0]!.email, password: DEMO_PASSWORD })
    expect(coordinator.user).toMatchObject({ role: 'coordinator', emailVerified: true })
    const [cw] = await db.select().from(users).where(eq(users.email, 'canbo1@hoanhap.example'))
    const cwWards = await db.select().from(caseworkerWards).where(eq(caseworkerWards.userId, cw!.id))
    expect(cwWards.map((w) => w.wardCode).sort()).toEqual(['00070', '00082'])
    // Other tests in this file sign partners up too: look only at the demo organisations.
    const demoNames = [
      ...DEMO_PARTNERS.map((p) => p.organisation.name),
      ...EXTRA_ORGANISATIONS.map((e) => e.organisation.name),
    ]
    const seeded = await db.select().from(organisations).where(inArray(organisations.name, demoNames))
    expect(seeded.map((o) => [o.taxCode, o.status, o.vettedById]).sort()).toEqual([
      ['0101234567', 'approved', coordinator.user.id],
      ['0104433221', 'suspended', coordinator.user.id],
      ['0105551234', 'approved', coordinator.user.id],
      ['0106998877', 'rejected', coordinator.user.id],
      ['0107654321', 'approved', coordinator.user.id],
      ['0108123456', 'pending', null],
      ['0109876543-001', 'approved', coordinator.user.id],
    ])
    // Listings of every kind and state, each with its kind's details, found without diacritics.
    const listings = await db.select().from(opportunities)
    const byKindStatus = listings.map((l) => `${l.kind}:${l.status}`).sort()
    expect(byKindStatus).toEqual([
      'course:draft',
      'course:open',
      'course:open',
      'course:open',
      'job:closed',
      'job:draft',
      'job:open',
      'job:open',
      'job:open',
      'job:open',
      'job:open',
      'loan:open',
      'loan:open',
    ])
    expect(Number((await db.select({ n: count() }).from(jobDetails))[0]!.n)).toBe(7)
    expect(Number((await db.select({ n: count() }).from(courseDetails))[0]!.n)).toBe(4)
    expect(Number((await db.select({ n: count() }).from(loanDetails))[0]!.n)).toBe(2)
    // The demo caseload: every status, each person in a demo caseworker's ward, sensitive data apart.
    const everyone = await db.select().from(candidates)
    const demoPeople = new Set(DEMO_CANDIDATES.map((c) => c.fullName))
    const people = everyone.filter((p) => demoPeople.has(p.fullName))
    // A year of history besides: people placed, on courses or given loans, all active.
    const history = everyone.filter((p) => !demoPeople.has(p.fullName))
    expect(history).toHaveLength(HISTORY_PEOPLE)
    expect(history.every((p) => p.status === 'active' && ['00070', '00082', '09556'].includes(p.wardCode))).toBe(true)
    expect(people.map((p) => p.status).sort()).toEqual([
      'active',
      'active',
      'active',
      'active',
      'active',
      'closed',
      'draft',
      'on_hold',
    ])
    expect(new Set(people.map((p) => p.wardCode))).toEqual(new Set(['00070', '00082', '09556']))
    expect(people.every((p) => /^HN-[2-9A-HJ-NP-Z]{6}$/.test(p.publicCode))).toBe(true)
    expect(Number((await db.select({ n: count() }).from(candidateSensitive))[0]!.n)).toBe(7)
    const welding = listings.find((l) => l.title === 'Hàn điện cơ bản')!
    expect(welding.searchText).toContain('han dien co ban')
    expect(welding.searchText).toContain('welding')
    // The demo referrals: every state of the lifecycle, each with its history, places counted.
    const allMatches = await db.select().from(matches)
    const demoIds = new Set(people.map((p) => p.id))
    const demoMatches = allMatches.filter((m) => demoIds.has(m.candidateId))
    const historyMatches = allMatches.filter((m) => !demoIds.has(m.candidateId))
    expect(historyMatches).toHaveLength(HISTORY_PEOPLE)
    expect(historyMatches.every((m) => ['started', 'completed', 'ended'].includes(m.status))).toBe(true)
    expect(demoMatches.map((m) => m.status).sort()).toEqual([
      'accepted',
      'approved',
      'approved',
      'completed',
      'declined',
      'ended',
      'interest',
      'rejected',
      'started',
      'withdrawn',
    ])
    const events = await db.select().from(matchEvents)
    for (const m of allMatches) {
      const own = events.filter((e) => e.matchId === m.id).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      expect(own).toHaveLength(m.version)
      expect(own.at(-1)!.toStatus).toBe(m.status)
      expect(own[0]!.fromStatus).toBeNull()
    }
    // Places: as the matching module keeps them, never over capacity.
    const afterSeed = await db.select().from(opportunities)
    for (const l of afterSeed) {
      const holders = allMatches.filter(
        (m) => m.opportunityId === l.id && ['accepted', 'started', 'completed'].includes(m.status),
      ).length
      expect(l.seatsTaken, l.title).toBe(holders)
      expect(l.seatsTaken).toBeLessThanOrEqual(l.capacity)
    }
    const targets = await db.select().from(wardTargets)
    expect(targets).toHaveLength(9)
  })
})
