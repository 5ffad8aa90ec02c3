import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  authTokens,
  caseworkerWards,
  emailOutbox,
  memberships,
  organisations,
  teamInvitations,
  users,
  wards,
  type OrganisationKind,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { knownDeviceId, rememberDevice } from './known-device.server'
import { checkNewPassword, getDummyHash, hashPassword, verifyPassword } from './password.server'
import { createSession, invalidateUserSessions } from './session.server'
import { clearFailures, releaseAttempt, reserveAttempt, throttleKey } from './throttle.server'
import { generateToken, hashToken } from './tokens.server'

type TokenPurpose = (typeof authTokens.$inferSelect)['purpose']

export const TOKEN_LIFETIME_MS: Record<TokenPurpose, number> = {
  email_verification: 24 * 3600_000,
  password_reset: 3600_000,
  invitation: 7 * 24 * 3600_000,
}

/** Trimmed and lower-cased: the one form in which an email address is stored and compared. */
export function normalizeEmail(email: string) {
  return email.trim().toLowerCase()
}

function link(path: string) {
  return new URL(path, getEnv().appUrl).toString()
}

/** A new one-time link token of this kind for the user (earlier ones of the kind stop working). */
export async function issueToken(executor: Executor, userId: string, purpose: TokenPurpose, now: Date) {
  // A new link replaces any earlier one of the same kind.
  await executor
    .update(authTokens)
    .set({ usedAt: now })
    .where(and(eq(authTokens.userId, userId), eq(authTokens.purpose, purpose), isNull(authTokens.usedAt)))
  const token = generateToken()
  await executor.insert(authTokens).values({
    id: hashToken(token),
    userId,
    purpose,
    createdAt: now,
    expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS[purpose]),
  })
  return token
}

/** Whether a link of this kind went out in the last minute: one email a minute is enough. */
async function sentWithinAMinute(executor: Executor, userId: string, purpose: TokenPurpose, now: Date) {
  const [recent] = await executor
    .select({ id: authTokens.id })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.userId, userId),
        eq(authTokens.purpose, purpose),
        gt(authTokens.createdAt, new Date(now.getTime() - 60_000)),
      ),
    )
  return Boolean(recent)
}

/** Marks a one-time token used and returns its user, or throws `token_invalid` (unknown, used or expired). */
async function consumeToken(executor: Executor, token: string, purpose: TokenPurpose, now: Date) {
  const [row] = await executor
    .update(authTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(authTokens.id, hashToken(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
    .returning({ userId: authTokens.userId })
  if (!row) throw new AppError('token_invalid')
  return row.userId
}

/** Whether a one-time link can still be used (for showing the form before the person types anything). */
export async function isTokenUsable(token: string, purpose: TokenPurpose, now = new Date()) {
  if (!/^[a-z2-7]{32}$/.test(token)) return false
  const [row] = await getDb()
    .select({ id: authTokens.id })
    .from(authTokens)
    .where(
      and(
        eq(authTokens.id, hashToken(token)),
        eq(authTokens.purpose, purpose),
        isNull(authTokens.usedAt),
        gt(authTokens.expiresAt, now),
      ),
    )
  return Boolean(row)
}

function assertStrongPassword(password: string, email: string) {
  const problem = checkNewPassword(password, { email })
  if (problem) throw new AppError('password_weak', { field: 'password', values: { problem } })
}

/** How often an existing account is told that someone used its address (a sign-up, a team invitation). */
const NOTICE_INTERVAL_MS = 24 * 3600_000

/**
 * Tells the owner of an existing, active account that someone used its address where it already has one, at
 * most once a day per kind of notice (the page that person saw said the same as for a new address). Fixed
 * text only: nothing typed by that person goes into the email.
 */
export async function noticeToExistingAccount(
  executor: Executor,
  account: { id: string; email: string; locale: string | null; status: string },
  reason: 'registration' | 'teamInvitation',
  now: Date,
) {
  if (account.status !== 'active') return
  const [recent] = await executor
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(
      and(
        eq(emailOutbox.toUserId, account.id),
        eq(emailOutbox.template, 'account-notice'),
        sql`${emailOutbox.metadata}->>'reason' = ${reason}`,
        gt(emailOutbox.createdAt, new Date(now.getTime() - NOTICE_INTERVAL_MS)),
      ),
    )
    .limit(1)
  if (recent) return
  await enqueueEmail(executor, {
    to: account.email,
    toUserId: account.id,
    locale: (account.locale as Locale | null) ?? 'vi',
    message: { template: 'account-notice', props: { reason, url: link('/login') } },
    metadata: { userId: account.id, reason },
  })
}

/**
 * A partner's staff member signs up: their account and their organisation (pending until a coordinator
 * vets it) in one transaction, with a verification email. An address that already has an account gets no
 * new account, and nothing tells the person signing up so: its owner is told by email instead, and the
 * result is null (the page answers both the same way).
 */
export async function registerPartner(options: {
  name: string
  email: string
  password: string
  organisationName: string
  organisationKind: OrganisationKind
  taxCode: string
  wardCode: string
  address: string
  phone: string
  description: string
  listedInDirectory: boolean
  locale: Locale
  ipAddress?: string | null
  now?: Date
}): Promise<{ userId: string; organisationId: string } | null> {
  const now = options.now ?? new Date()
  const email = normalizeEmail(options.email)
  assertStrongPassword(options.password, email)
  // Hashed whether or not the address is taken: the same work, the same time, either way.
  const passwordHash = await hashPassword(options.password)
  return getDb().transaction(async (tx) => {
    // What was typed is checked first, so a mistake gets the same answer for every address.
    await assertWardsExist(tx, [options.wardCode], 'wardCode')
    const [existing] = await tx
      .select({ id: users.id, email: users.email, locale: users.locale, status: users.status })
      .from(users)
      .where(eq(users.email, email))
    if (existing) {
      await noticeToExistingAccount(tx, existing, 'registration', now)
      await writeAudit(tx, {
        actor: { userId: null, ipAddress: options.ipAddress },
        action: 'auth.registration_existing_address',
        subjectType: 'user',
        subjectId: existing.id,
      })
      return null
    }
    const [user] = await tx
      .insert(users)
      .values({ email, name: options.name, role: 'partner', passwordHash, locale: options.locale, createdAt: now })
      .returning({ id: users.id })
    const [organisation] = await tx
      .insert(organisations)
      .values({
        kind: options.organisationKind,
        name: options.organisationName,
        taxCode: options.taxCode,
        wardCode: options.wardCode,
        address: options.address,
        contactName: options.name,
        phone: options.phone,
        email,
        description: options.description,
        fairChancePledge: true,
        listedInDirectory: options.listedInDirectory,
        createdAt: now,
      })
      .returning({ id: organisations.id })
    await tx.insert(memberships).values({ organisationId: organisation!.id, userId: user!.id, role: 'owner' })
    const token = await issueToken(tx, user!.id, 'email_verification', now)
    await enqueueEmail(tx, {
      to: email,
      toUserId: user!.id,
      locale: options.locale,
      message: { template: 'verify-email', props: { url: link(`/verify-email/${token}`) } },
      metadata: { userId: user!.id },
    })
    const actor = { userId: user!.id, role: 'partner', ipAddress: options.ipAddress }
    await writeAudit(tx, { actor, action: 'user.registered', subjectType: 'user', subjectId: user!.id })
    await writeAudit(tx, {
      actor,
      action: 'organisation.created',
      subjectType: 'organisation',
      subjectId: organisation!.id,
      details: { kind: options.organisationKind },
    })
    return { userId: user!.id, organisationId: organisation!.id }
  })
}

/** Confirms an email address from the link in the verification email. */
export async function verifyEmail(options: { token: string; now?: Date }): Promise<{ userId: string }> {
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const userId = await consumeToken(tx, options.token, 'email_verification', now)
    await tx.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, userId))
    await writeAudit(tx, { actor: { userId }, action: 'user.email_verified', subjectType: 'user', subjectId: userId })
    return { userId }
  })
}

/** Sends a new verification link (at most one a minute). */
export async function resendVerificationEmail(options: { userId: string; now?: Date }): Promise<{ sent: boolean }> {
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, options.userId))
    if (!user || user.emailVerifiedAt) return { sent: false }
    if (await sentWithinAMinute(tx, user.id, 'email_verification', now)) return { sent: false }
    const token = await issueToken(tx, user.id, 'email_verification', now)
    await enqueueEmail(tx, {
      to: user.email,
      toUserId: user.id,
      locale: (user.locale as Locale | null) ?? 'vi',
      message: { template: 'verify-email', props: { url: link(`/verify-email/${token}`) } },
      metadata: { userId: user.id },
    })
    return { sent: true }
  })
}

/**
 * Checks an email and password. The same error, after the same work, whether the email is unknown, the
 * password wrong or the account disabled; throttled per account and per address. From a known device
 * (`knownDevices`, the cookie an earlier sign-in to this account left in this browser) the device's own
 * counter stands in for the account's lock-out, so an attacker's guesses do not keep the owner out (ADR 020).
 * Returns the session and the cookie value that makes this browser a known device of the account.
 */
export async function login(options: {
  email: string
  password: string
  ipAddress?: string | null
  userAgent?: string | null
  knownDevices?: string | null
  now?: Date
}) {
  const now = options.now ?? new Date()
  const db = getDb()
  const email = normalizeEmail(options.email)
  const [user] = await db.select().from(users).where(eq(users.email, email))
  const deviceId =
    user?.passwordHash && options.knownDevices
      ? knownDeviceId(options.knownDevices, { id: user.id, passwordHash: user.passwordHash }, now)
      : null
  const emailKey = throttleKey('email', email)
  const ipKey = options.ipAddress ? throttleKey('ip', options.ipAddress) : null
  const deviceKey = deviceId ? throttleKey('device', deviceId) : null
  const ipKeys = ipKey ? [{ kind: 'ip' as const, key: ipKey }] : []
  const account = { kind: 'email' as const, key: emailKey }
  const wait = deviceKey
    ? await reserveAttempt(db, [{ kind: 'device', key: deviceKey }, ...ipKeys], now, [account])
    : await reserveAttempt(db, [account, ...ipKeys], now)
  if (wait > 0) throw new AppError('throttled', { values: { seconds: wait } })

  const valid =
    user?.passwordHash && user.status === 'active'
      ? await verifyPassword(user.passwordHash, options.password)
      : await verifyPassword(await getDummyHash(), options.password).then(() => false)

  if (!valid || !user) {
    // The attempt was already counted as a failure when it was reserved.
    await writeAudit(db, {
      actor: { userId: null, ipAddress: options.ipAddress },
      action: 'auth.login_failed',
      subjectType: user ? 'user' : null,
      subjectId: user?.id ?? null,
    })
    throw new AppError('invalid_credentials')
  }

  return db.transaction(async (tx) => {
    if (deviceKey) {
      // The owner on their own browser: that browser starts afresh, but what others tried stays counted.
      await clearFailures(tx, deviceKey)
      await releaseAttempt(tx, 'email', emailKey)
    } else {
      await clearFailures(tx, emailKey)
    }
    if (ipKey) await releaseAttempt(tx, 'ip', ipKey)
    const { token, session } = await createSession({
      executor: tx,
      userId: user.id,
      role: user.role,
      userAgent: options.userAgent,
      ipAddress: options.ipAddress,
      now,
    })
    await writeAudit(tx, {
      actor: { userId: user.id, role: user.role, ipAddress: options.ipAddress },
      action: 'auth.login',
      subjectType: 'user',
      subjectId: user.id,
    })
    const knownDevice = rememberDevice(
      options.knownDevices,
      { id: user.id, passwordHash: user.passwordHash! },
      now,
      deviceId,
    )
    return {
      token,
      session,
      knownDevice,
      user: { id: user.id, role: user.role, emailVerified: user.emailVerifiedAt !== null },
    }
  })
}

/** Sends a reset link if the address belongs to an active account. The caller always answers the same. */
export async function requestPasswordReset(options: {
  email: string
  locale: Locale
  ipAddress?: string | null
  now?: Date
}) {
  const now = options.now ?? new Date()
  const email = normalizeEmail(options.email)
  await getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email))
    if (!user || user.status !== 'active') return
    if (await sentWithinAMinute(tx, user.id, 'password_reset', now)) return
    const token = await issueToken(tx, user.id, 'password_reset', now)
    await enqueueEmail(tx, {
      to: user.email,
      toUserId: user.id,
      locale: (user.locale as Locale | null) ?? options.locale,
      message: { template: 'reset-password', props: { url: link(`/reset-password/${token}`) } },
      metadata: { userId: user.id },
    })
    await writeAudit(tx, {
      actor: { userId: null, ipAddress: options.ipAddress },
      action: 'auth.password_reset_requested',
      subjectType: 'user',
      subjectId: user.id,
    })
  })
}

/**
 * Sets a new password from a reset or invitation link. Signs the person out everywhere (a reset is often
 * the answer to a stolen password) and confirms their email, which the link just proved.
 */
export async function setPasswordWithToken(options: {
  token: string
  purpose: 'password_reset' | 'invitation'
  password: string
  ipAddress?: string | null
  now?: Date
}): Promise<{ id: string; role: (typeof users.$inferSelect)['role'] }> {
  const now = options.now ?? new Date()
  const db = getDb()
  // Check the password before spending the token, so a weak password does not burn the link.
  const [owner] = await db
    .select({ email: users.email })
    .from(authTokens)
    .innerJoin(users, eq(users.id, authTokens.userId))
    .where(eq(authTokens.id, hashToken(options.token)))
  assertStrongPassword(options.password, owner?.email ?? '')
  const passwordHash = await hashPassword(options.password)
  return db.transaction(async (tx) => {
    const userId = await consumeToken(tx, options.token, options.purpose, now)
    const [account] = await tx.select({ status: users.status }).from(users).where(eq(users.id, userId))
    // A link sent before the account was disabled (e.g. a removed team member's invitation) no longer works.
    if (account?.status !== 'active') throw new AppError('token_invalid')
    const [user] = await tx
      .update(users)
      .set({
        passwordHash,
        emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, ${now.toISOString()}::timestamptz)`,
        updatedAt: now,
      })
      .where(eq(users.id, userId))
      .returning({ id: users.id, role: users.role })
    await invalidateUserSessions(tx, userId)
    // A colleague who arrives (by the invitation or by a reset) is on the team: the invitation has done its work.
    await tx
      .update(teamInvitations)
      .set({ acceptedAt: now })
      .where(
        and(eq(teamInvitations.userId, userId), isNull(teamInvitations.acceptedAt), isNull(teamInvitations.endedAt)),
      )
    await writeAudit(tx, {
      actor: { userId, role: user!.role, ipAddress: options.ipAddress },
      action: options.purpose === 'invitation' ? 'auth.invitation_accepted' : 'auth.password_reset',
      subjectType: 'user',
      subjectId: userId,
    })
    return user!
  })
}

/** Changes the signed-in person's password and signs out their other sessions. */
export async function changePassword(options: {
  actor: Actor
  sessionId: string
  currentPassword: string
  newPassword: string
  now?: Date
}) {
  authorize(options.actor, 'account:manage')
  const db = getDb()
  const [user] = await db.select().from(users).where(eq(users.id, options.actor.userId))
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new AppError('password_incorrect', { field: 'currentPassword' })
  }
  const problem = checkNewPassword(options.newPassword, { email: user.email })
  if (problem) throw new AppError('password_weak', { field: 'newPassword', values: { problem } })
  const passwordHash = await hashPassword(options.newPassword)
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: options.now ?? new Date() })
      .where(eq(users.id, user.id))
    await invalidateUserSessions(tx, user.id, options.sessionId)
    await writeAudit(tx, {
      actor: { userId: user.id, role: user.role },
      action: 'auth.password_changed',
      subjectType: 'user',
      subjectId: user.id,
    })
  })
}

/** Name and language of the signed-in person. */
export async function updateProfile(options: { actor: Actor; name: string; locale: Locale | null }) {
  authorize(options.actor, 'account:manage')
  await getDb().transaction(async (tx) => {
    await tx
      .update(users)
      .set({ name: options.name, locale: options.locale, updatedAt: new Date() })
      .where(eq(users.id, options.actor.userId))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'user.profile_updated',
      subjectType: 'user',
      subjectId: options.actor.userId,
    })
  })
}

/** Saves only the language (the switcher, for someone signed in). */
export async function setUserLocale(options: { actor: Actor; locale: Locale }) {
  authorize(options.actor, 'account:manage')
  await getDb().update(users).set({ locale: options.locale }).where(eq(users.id, options.actor.userId))
}

/** Refuses ward codes that are not among the wards (a tampered form), on the given field. */
export async function assertWardsExist(executor: Executor, wardCodes: string[], field = 'wardCodes') {
  if (wardCodes.length === 0) throw new AppError('invalid_input', { field })
  const found = await executor.select({ code: wards.code }).from(wards).where(inArray(wards.code, wardCodes))
  if (found.length !== new Set(wardCodes).size) throw new AppError('invalid_input', { field })
}

/**
 * A coordinator creates a caseworker account for the given wards and emails them a link to choose a
 * password. The account has no password until then.
 */
export async function inviteCaseworker(options: {
  actor: Actor
  name: string
  email: string
  wardCodes: string[]
  locale: Locale
  now?: Date
}): Promise<{ userId: string }> {
  authorize(options.actor, 'caseworker:invite')
  const now = options.now ?? new Date()
  const email = normalizeEmail(options.email)
  return getDb().transaction(async (tx) => {
    await assertWardsExist(tx, options.wardCodes)
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (existing) throw new AppError('email_taken', { field: 'email' })
    const [inviter] = await tx.select({ name: users.name }).from(users).where(eq(users.id, options.actor.userId))
    const [user] = await tx
      .insert(users)
      .values({ email, name: options.name, role: 'caseworker', locale: options.locale, createdAt: now })
      .returning({ id: users.id })
    await tx
      .insert(caseworkerWards)
      .values([...new Set(options.wardCodes)].map((wardCode) => ({ userId: user!.id, wardCode })))
    const token = await issueToken(tx, user!.id, 'invitation', now)
    await enqueueEmail(tx, {
      to: email,
      toUserId: user!.id,
      locale: options.locale,
      message: {
        template: 'caseworker-invitation',
        props: { name: options.name, url: link(`/invitation/${token}`), inviterName: inviter?.name ?? '' },
      },
      metadata: { userId: user!.id },
    })
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'caseworker.invited',
      subjectType: 'user',
      subjectId: user!.id,
      details: { wardCodes: options.wardCodes },
    })
    return { userId: user!.id }
  })
}

/** Replaces the wards a caseworker is responsible for. */
export async function assignCaseworkerWards(options: { actor: Actor; userId: string; wardCodes: string[] }) {
  authorize(options.actor, 'caseworker:assign-wards')
  // From the URL: a malformed id would make the query fail (a 500) where "not found" is the answer.
  if (!isUuid(options.userId)) throw new AppError('not_found')
  await getDb().transaction(async (tx) => {
    const [user] = await tx.select({ role: users.role }).from(users).where(eq(users.id, options.userId))
    if (user?.role !== 'caseworker') throw new AppError('not_found')
    await assertWardsExist(tx, options.wardCodes)
    await tx.delete(caseworkerWards).where(eq(caseworkerWards.userId, options.userId))
    await tx
      .insert(caseworkerWards)
      .values([...new Set(options.wardCodes)].map((wardCode) => ({ userId: options.userId, wardCode })))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'caseworker.wards_assigned',
      subjectType: 'user',
      subjectId: options.userId,
      details: { wardCodes: options.wardCodes },
    })
  })
}

/**
 * The first coordinator (from the command line): an account with an invitation link, or with a password
 * when one is given (the demo seed).
 */
export async function createCoordinator(options: {
  email: string
  name: string
  password?: string
  locale?: Locale
  now?: Date
}): Promise<{ userId: string; invitationUrl?: string }> {
  const now = options.now ?? new Date()
  const email = normalizeEmail(options.email)
  const passwordHash = options.password ? await hashPassword(options.password) : null
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email))
    if (existing) throw new AppError('email_taken', { field: 'email' })
    const [user] = await tx
      .insert(users)
      .values({
        email,
        name: options.name,
        role: 'coordinator',
        passwordHash,
        emailVerifiedAt: passwordHash ? now : null,
        locale: options.locale ?? 'vi',
        createdAt: now,
      })
      .returning({ id: users.id })
    let invitationUrl: string | undefined
    if (!passwordHash) {
      const token = await issueToken(tx, user!.id, 'invitation', now)
      invitationUrl = link(`/invitation/${token}`)
      await enqueueEmail(tx, {
        to: email,
        toUserId: user!.id,
        locale: options.locale ?? 'vi',
        message: {
          template: 'caseworker-invitation',
          props: { name: options.name, url: invitationUrl, inviterName: 'Hòa Nhập' },
        },
        metadata: { userId: user!.id, role: 'coordinator' },
      })
    }
    await writeAudit(tx, {
      actor: { userId: null, role: 'system' },
      action: 'coordinator.created',
      subjectType: 'user',
      subjectId: user!.id,
    })
    return { userId: user!.id, invitationUrl }
  })
}
