import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, authTokens, sessions, users } from '#db/schema/index.ts'
import { login, requestPasswordReset, setPasswordWithToken } from '#app/modules/auth/accounts.server.ts'
import { createSession, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { listCoordinators, setStaffAccess } from '#app/modules/caseworkers/caseworkers.server.ts'
import type { Actor } from '#app/policy.ts'
import {
  actor,
  createCaseworker,
  createPartner,
  createUser,
  FACTORY_PASSWORD,
  tokenFromLatestEmail,
} from '../factories/users'
import { appError, expect403 } from '../support/errors'

// Coordinators disable and re-enable staff accounts (issue #20, finding 8): a departing caseworker must lose
// access to people's records at once.

async function coordinator(): Promise<Actor & { email: string }> {
  const user = await createUser({ role: 'coordinator' })
  return { ...actor({ role: 'coordinator', userId: user.id }), email: user.email }
}

async function userRow(id: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, id))
  return row!
}

async function auditOf(id: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'user'), eq(auditEvents.subjectId, id)))
    .orderBy(asc(auditEvents.id))
}

/** Leaves `keep` as the only active coordinator (others are disabled directly in the database). */
async function onlyActiveCoordinator(keep: string[]) {
  const others = await getDb()
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'coordinator'), eq(users.status, 'active')))
  for (const { id } of others) {
    if (!keep.includes(id)) await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, id))
  }
}

describe('disabling a caseworker', () => {
  test('ends every session at once, retires open links, refuses sign-in, and is audited', async () => {
    const coord = await coordinator()
    const cw = await createCaseworker(['00070'])
    const phone = await createSession({ userId: cw.id, role: 'caseworker' })
    const laptop = await createSession({ userId: cw.id, role: 'caseworker' })
    await requestPasswordReset({ email: cw.email, locale: 'vi' })
    const resetLink = await tokenFromLatestEmail(cw.email, 'reset-password')
    const now = new Date()

    expect(await setStaffAccess({ actor: coord, userId: cw.id, access: 'disabled', now })).toMatchObject({
      changed: true,
      sessionsEnded: 2,
    })
    expect(await userRow(cw.id)).toMatchObject({ status: 'disabled', disabledAt: now, disabledById: coord.userId })
    expect(await validateSessionToken(phone.token)).toBeNull()
    expect(await validateSessionToken(laptop.token)).toBeNull()
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, cw.id))).toEqual([])
    const open = await getDb()
      .select()
      .from(authTokens)
      .where(and(eq(authTokens.userId, cw.id), isNull(authTokens.usedAt)))
    expect(open).toEqual([])
    expect(
      (
        await appError(
          setPasswordWithToken({ token: resetLink, purpose: 'password_reset', password: 'Mật-khẩu-mới-dài-2026' }),
        )
      ).code,
    ).toBe('token_invalid')
    // The right password gets the same answer as a wrong one: nothing tells a stranger the account exists.
    expect((await appError(login({ email: cw.email, password: FACTORY_PASSWORD }))).code).toBe('invalid_credentials')

    const events = await auditOf(cw.id)
    expect(events.filter((e) => e.action.startsWith('staff.')).map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['staff.disabled', coord.userId, { role: 'caseworker', sessionsEnded: 2 }],
    ])
  })

  test('re-enabling lets them sign in again (old sessions stay ended), audited; repeating either changes nothing', async () => {
    const coord = await coordinator()
    const cw = await createCaseworker(['00070'])
    const old = await createSession({ userId: cw.id, role: 'caseworker' })
    await setStaffAccess({ actor: coord, userId: cw.id, access: 'disabled' })
    expect(await setStaffAccess({ actor: coord, userId: cw.id, access: 'disabled' })).toMatchObject({
      changed: false,
      sessionsEnded: 0,
    })
    expect(await setStaffAccess({ actor: coord, userId: cw.id, access: 'active' })).toMatchObject({
      changed: true,
      sessionsEnded: 0,
    })
    expect(await setStaffAccess({ actor: coord, userId: cw.id, access: 'active' })).toMatchObject({
      changed: false,
      sessionsEnded: 0,
    })
    expect(await userRow(cw.id)).toMatchObject({ status: 'active', disabledAt: null, disabledById: null })
    expect(await validateSessionToken(old.token)).toBeNull()
    expect((await login({ email: cw.email, password: FACTORY_PASSWORD })).user.id).toBe(cw.id)
    expect((await auditOf(cw.id)).filter((e) => e.action.startsWith('staff.')).map((e) => e.action)).toEqual([
      'staff.disabled',
      'staff.enabled',
    ])
  })
})

describe('coordinators', () => {
  test('one coordinator can disable another, who is then signed out', async () => {
    const a = await coordinator()
    const b = await coordinator()
    const session = await createSession({ userId: b.userId, role: 'coordinator' })
    await setStaffAccess({ actor: a, userId: b.userId, access: 'disabled' })
    expect(await validateSessionToken(session.token)).toBeNull()
    expect((await userRow(b.userId)).status).toBe('disabled')
    const listed = await listCoordinators({ actor: a })
    expect(listed.find((c) => c.id === b.userId)).toMatchObject({ status: 'disabled', email: b.email })
    expect(listed.find((c) => c.id === a.userId)).toMatchObject({ status: 'active' })
  })

  test('the last active coordinator cannot be disabled, by themself or anyone; with another one they can step down', async () => {
    const last = await coordinator()
    await onlyActiveCoordinator([last.userId])
    // An invitation never accepted is no coordinator anyone can sign in as.
    const invited = await createUser({ role: 'coordinator', withPassword: false, verified: false })
    const self = await appError(setStaffAccess({ actor: last, userId: last.userId, access: 'disabled' }))
    expect(self).toMatchObject({ code: 'last_coordinator', status: 409 })
    expect((await userRow(last.userId)).status).toBe('active')
    expect((await auditOf(last.userId)).filter((e) => e.action.startsWith('staff.'))).toEqual([])

    // With a second coordinator the first may step down.
    const second = await coordinator()
    expect((await setStaffAccess({ actor: last, userId: last.userId, access: 'disabled' })).changed).toBe(true)
    // Now `second` is the last one.
    expect((await appError(setStaffAccess({ actor: second, userId: second.userId, access: 'disabled' }))).code).toBe(
      'last_coordinator',
    )
    // Disabling the never-activated invitation is allowed: it leaves `second`.
    expect((await setStaffAccess({ actor: second, userId: invited.id, access: 'disabled' })).changed).toBe(true)
  })

  test('two coordinators disabling each other at once: one wins, one coordinator stays active', async () => {
    const a = await coordinator()
    const b = await coordinator()
    await onlyActiveCoordinator([a.userId, b.userId])
    const results = await Promise.allSettled([
      setStaffAccess({ actor: a, userId: b.userId, access: 'disabled' }),
      setStaffAccess({ actor: b, userId: a.userId, access: 'disabled' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ code: 'last_coordinator' })
    const active = await getDb()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'coordinator'), eq(users.status, 'active'), isNotNull(users.passwordHash)))
    expect(active).toHaveLength(1)
  })
})

describe('who and whom', () => {
  test('only coordinators (403), and only staff accounts (a partner, an unknown or malformed id: not_found)', async () => {
    const coord = await coordinator()
    const cw = await createCaseworker(['00070'])
    const partner = await createPartner()
    const cwActor = actor({ role: 'caseworker', userId: cw.id, wardCodes: ['00070'] })
    const partnerActor = actor({
      role: 'partner',
      userId: partner.id,
      membership: { organisationId: partner.organisationId, role: 'owner', organisationStatus: 'approved' },
    })
    await expect403(setStaffAccess({ actor: cwActor, userId: coord.userId, access: 'disabled' }))
    await expect403(setStaffAccess({ actor: partnerActor, userId: cw.id, access: 'disabled' }))
    await expect403(listCoordinators({ actor: cwActor }))
    for (const userId of [partner.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', '']) {
      expect((await appError(setStaffAccess({ actor: coord, userId, access: 'disabled' }))).code).toBe('not_found')
    }
    expect((await userRow(partner.id)).status).toBe('active')
    expect((await userRow(cw.id)).status).toBe('active')
  })
})
