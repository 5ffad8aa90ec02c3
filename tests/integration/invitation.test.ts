import { count, desc, eq, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, authTokens, caseworkerWards, emailOutbox, users } from '#db/schema/index.ts'
import {
  assignCaseworkerWards,
  createCoordinator,
  inviteCaseworker,
  isTokenUsable,
  login,
  setPasswordWithToken,
} from '#app/modules/auth/accounts.server.ts'
import { createSession, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import {
  actor,
  createCaseworker,
  createPartner,
  createUser,
  latestEmailTo,
  tokenFromLatestEmail,
  uniqueEmail,
} from '../factories/users'
import { appError, thrown } from '../support/errors'

const GOOD = 'Hồ-Gươm-buổi-sáng-mùa-thu-2026'
const DAY = 24 * 3600_000

async function counts() {
  const n = async (table: PgTable) => Number((await getDb().select({ n: count() }).from(table))[0]!.n)
  return {
    users: await n(users),
    wards: await n(caseworkerWards),
    outbox: await n(emailOutbox),
    tokens: await n(authTokens),
    audit: await n(auditEvents),
  }
}

async function wardsOf(userId: string) {
  const rows = await getDb().select().from(caseworkerWards).where(eq(caseworkerWards.userId, userId))
  return rows.map((r) => r.wardCode).sort()
}

async function coordinator(name = 'Vũ Thị Mai'): Promise<Actor> {
  const user = await createUser({ role: 'coordinator', name })
  return actor({ role: 'coordinator', userId: user.id })
}

describe('inviteCaseworker', () => {
  test('creates a password-less caseworker with wards, one invitation email and an audit event', async () => {
    const coord = await coordinator()
    const before = await counts()
    const typed = `  Huy.Le.${Date.now()}@Example.TEST `
    const email = typed.trim().toLowerCase()
    const { userId } = await inviteCaseworker({
      actor: coord,
      name: 'Lê Quang Huy',
      email: typed,
      wardCodes: ['00082', '00070', '00070'],
      locale: 'vi',
    })
    const after = await counts()
    expect(after).toEqual({
      users: before.users + 1,
      wards: before.wards + 2,
      outbox: before.outbox + 1,
      tokens: before.tokens + 1,
      audit: before.audit + 1,
    })

    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user).toMatchObject({
      email,
      name: 'Lê Quang Huy',
      role: 'caseworker',
      status: 'active',
      passwordHash: null,
      emailVerifiedAt: null,
      locale: 'vi',
    })
    expect(await wardsOf(userId)).toEqual(['00070', '00082'])

    const mail = await latestEmailTo(email)
    expect(mail).toMatchObject({
      toAddress: email,
      toUserId: userId,
      template: 'caseworker-invitation',
      locale: 'vi',
      subject: 'Vũ Thị Mai mời bạn tham gia Hòa Nhập',
      metadata: { userId, template: 'caseworker-invitation' },
    })
    const token = await tokenFromLatestEmail(email, 'invitation')
    expect(mail!.text).toContain(`${getEnv().appUrl}/invitation/${token}`)
    expect(JSON.stringify(mail!.metadata)).not.toContain(token)
    const [stored] = await getDb()
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(token)))
    expect(stored).toMatchObject({ userId, purpose: 'invitation', usedAt: null })
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(7 * DAY)

    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'caseworker.invited'))
      .orderBy(desc(auditEvents.id))
    expect(audit).toMatchObject({
      actorId: coord.userId,
      actorRole: 'coordinator',
      subjectType: 'user',
      subjectId: userId,
      details: { wardCodes: ['00082', '00070', '00070'] },
    })

    // No password yet: nobody can sign in as this account.
    expect((await appError(login({ email, password: GOOD }))).code).toBe('invalid_credentials')
  })

  test('in English when asked', async () => {
    const coord = await coordinator('Lê Quang Huy')
    const email = uniqueEmail('cw-en')
    await inviteCaseworker({ actor: coord, name: 'Trần Văn Dũng', email, wardCodes: ['00070'], locale: 'en' })
    const mail = await latestEmailTo(email)
    expect(mail!.locale).toBe('en')
    expect(mail!.subject).toBe('Lê Quang Huy invited you to join Hòa Nhập')
  })

  test.each([
    [
      'a caseworker',
      async () => actor({ role: 'caseworker', userId: (await createCaseworker()).id, wardCodes: ['00070'] }),
    ],
    [
      'a partner owner',
      async () => {
        const p = await createPartner()
        return actor({
          role: 'partner',
          userId: p.id,
          membership: { organisationId: p.organisationId, role: 'owner', organisationStatus: 'approved' },
        })
      },
    ],
    [
      'an unverified coordinator',
      async () =>
        actor({
          role: 'coordinator',
          userId: (await createUser({ role: 'coordinator', verified: false })).id,
          emailVerified: false,
        }),
    ],
  ])('%s is refused with a 403 (forbidden) and nothing is written', async (_name, makeActor) => {
    const who = await makeActor()
    const before = await counts()
    const error = await thrown(
      inviteCaseworker({ actor: who, name: 'Kẻ Lạ', email: uniqueEmail('nope'), wardCodes: ['00070'], locale: 'vi' }),
    )
    expect(error).toMatchObject({ code: 'forbidden', status: 403 })
    expect(await counts()).toEqual(before)
  })

  test.each([[['99999']], [['00070', '99999']], [[]]])(
    'ward codes %j → invalid_input on wardCodes, nothing written',
    async (wardCodes) => {
      const coord = await coordinator()
      const before = await counts()
      const email = uniqueEmail('badward')
      const error = await appError(
        inviteCaseworker({ actor: coord, name: 'Lê Thị Thu Hà', email, wardCodes, locale: 'vi' }),
      )
      expect(error.code).toBe('invalid_input')
      expect(error.field).toBe('wardCodes')
      expect(await counts()).toEqual(before)
      expect(await latestEmailTo(email)).toBeUndefined()
    },
  )

  test('an address already in use → email_taken, nothing written', async () => {
    const coord = await coordinator()
    const existing = await createPartner()
    const before = await counts()
    const error = await appError(
      inviteCaseworker({
        actor: coord,
        name: 'X',
        email: existing.email.toUpperCase(),
        wardCodes: ['00070'],
        locale: 'vi',
      }),
    )
    expect(error.code).toBe('email_taken')
    expect(await counts()).toEqual(before)
  })

  test('accepting the invitation sets the password, verifies the email and spends the link', async () => {
    const coord = await coordinator()
    const email = uniqueEmail('accept')
    const { userId } = await inviteCaseworker({
      actor: coord,
      name: 'Đỗ Thị Lan',
      email,
      wardCodes: ['09556'],
      locale: 'vi',
    })
    const token = await tokenFromLatestEmail(email, 'invitation')
    expect(await isTokenUsable(token, 'invitation')).toBe(true)
    expect(await isTokenUsable(token, 'password_reset')).toBe(false)
    // The link is for an invitation only.
    expect((await appError(setPasswordWithToken({ token, purpose: 'password_reset', password: GOOD }))).code).toBe(
      'token_invalid',
    )
    expect(await isTokenUsable(token, 'invitation')).toBe(true)
    // Past 7 days it is refused.
    const late = new Date(Date.now() + 7 * DAY + 60_000)
    expect(
      (await appError(setPasswordWithToken({ token, purpose: 'invitation', password: GOOD, now: late }))).code,
    ).toBe('token_invalid')

    const accepted = await setPasswordWithToken({
      token,
      purpose: 'invitation',
      password: GOOD,
      ipAddress: '192.0.2.9',
    })
    expect(accepted).toEqual({ id: userId, role: 'caseworker' })
    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user!.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(await isTokenUsable(token, 'invitation')).toBe(false)
    expect((await appError(setPasswordWithToken({ token, purpose: 'invitation', password: GOOD }))).code).toBe(
      'token_invalid',
    )

    const signedIn = await login({ email, password: GOOD })
    expect(signedIn.user).toEqual({ id: userId, role: 'caseworker', emailVerified: true })
    const auth = await validateSessionToken(signedIn.token)
    expect(auth!.wardCodes).toEqual(['09556'])
    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'auth.invitation_accepted'))
      .orderBy(desc(auditEvents.id))
    expect(audit).toMatchObject({ actorId: userId, actorRole: 'caseworker', subjectId: userId, ipAddress: '192.0.2.9' })
  })
})

describe('assignCaseworkerWards', () => {
  test('replaces the wards, writes an audit event, and the next request sees the new wards', async () => {
    const coord = await coordinator()
    const cw = await createCaseworker(['00070', '00082'])
    const { token } = await createSession({ userId: cw.id, role: 'caseworker' })
    await assignCaseworkerWards({ actor: coord, userId: cw.id, wardCodes: ['09556', '00004'] })
    expect(await wardsOf(cw.id)).toEqual(['00004', '09556'])
    expect((await validateSessionToken(token))!.wardCodes.sort()).toEqual(['00004', '09556'])
    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'caseworker.wards_assigned'))
      .orderBy(desc(auditEvents.id))
    expect(audit).toMatchObject({
      actorId: coord.userId,
      actorRole: 'coordinator',
      subjectType: 'user',
      subjectId: cw.id,
      details: { wardCodes: ['09556', '00004'] },
    })
  })

  test('an unknown or empty ward list is refused and the wards stay as they were', async () => {
    const coord = await coordinator()
    const cw = await createCaseworker(['00070'])
    const before = await counts()
    expect(
      (await appError(assignCaseworkerWards({ actor: coord, userId: cw.id, wardCodes: ['00004', 'nope'] }))).code,
    ).toBe('invalid_input')
    expect((await appError(assignCaseworkerWards({ actor: coord, userId: cw.id, wardCodes: [] }))).code).toBe(
      'invalid_input',
    )
    expect(await wardsOf(cw.id)).toEqual(['00070'])
    expect(await counts()).toEqual(before)
  })

  test('only for caseworkers (not_found otherwise) and only by coordinators (403)', async () => {
    const coord = await coordinator()
    const partner = await createPartner()
    expect(
      (await appError(assignCaseworkerWards({ actor: coord, userId: partner.id, wardCodes: ['00070'] }))).code,
    ).toBe('not_found')
    expect(
      (
        await appError(
          assignCaseworkerWards({ actor: coord, userId: '00000000-0000-4000-8000-000000000000', wardCodes: ['00070'] }),
        )
      ).code,
    ).toBe('not_found')
    const cw = await createCaseworker(['00070'])
    const self = actor({ role: 'caseworker', userId: cw.id, wardCodes: ['00070'] })
    const refused = await thrown(assignCaseworkerWards({ actor: self, userId: cw.id, wardCodes: ['00070', '00082'] }))
    expect((refused as Response).status).toBe(403)
    expect(await wardsOf(cw.id)).toEqual(['00070'])
  })
})

describe('createCoordinator', () => {
  test('without a password: an invitation URL and email, no password, unverified', async () => {
    const email = uniqueEmail('coord')
    const { userId, invitationUrl } = await createCoordinator({
      email: email.toUpperCase(),
      name: 'Nguyễn Thị Hồng Nhung',
    })
    expect(invitationUrl).toMatch(new RegExp(`^${getEnv().appUrl.replace(/[.]/g, '\\.')}/invitation/[a-z2-7]{32}$`))
    const token = invitationUrl!.split('/').pop()!
    expect(await isTokenUsable(token, 'invitation')).toBe(true)
    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user).toMatchObject({ email, role: 'coordinator', passwordHash: null, emailVerifiedAt: null, locale: 'vi' })
    const mail = await latestEmailTo(email)
    expect(mail).toMatchObject({
      template: 'caseworker-invitation',
      locale: 'vi',
      metadata: { userId, role: 'coordinator', template: 'caseworker-invitation' },
    })
    expect(mail!.text).toContain(invitationUrl)
    expect(JSON.stringify(mail!.metadata)).not.toContain(token)
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, userId))
    expect(audit).toMatchObject({ action: 'coordinator.created', actorId: null, actorRole: 'system' })

    await setPasswordWithToken({ token, purpose: 'invitation', password: GOOD })
    expect((await login({ email, password: GOOD })).user).toEqual({
      id: userId,
      role: 'coordinator',
      emailVerified: true,
    })
  })

  test('with a password: verified at once, no email; a second one with the same address → email_taken', async () => {
    const email = uniqueEmail('coordpw')
    const { userId, invitationUrl } = await createCoordinator({
      email,
      name: 'Điều phối viên',
      password: GOOD,
      locale: 'en',
    })
    expect(invitationUrl).toBeUndefined()
    expect(await latestEmailTo(email)).toBeUndefined()
    const [user] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(user!.locale).toBe('en')
    expect((await login({ email, password: GOOD })).user.role).toBe('coordinator')
    expect((await appError(createCoordinator({ email: ` ${email.toUpperCase()}`, name: 'Again' }))).code).toBe(
      'email_taken',
    )
  })
})

describe('audit_events is append-only', () => {
  test('UPDATE, DELETE and TRUNCATE are refused by the database; the row is unchanged', async () => {
    const coord = await coordinator()
    await inviteCaseworker({
      actor: coord,
      name: 'Phạm Minh Tuấn',
      email: uniqueEmail('append'),
      wardCodes: ['00070'],
      locale: 'vi',
    })
    const [event] = await getDb().select().from(auditEvents).where(eq(auditEvents.actorId, coord.userId))
    expect(event!.action).toBe('caseworker.invited')
    const total = Number((await getDb().select({ n: count() }).from(auditEvents))[0]!.n)

    await expect(
      getDb().update(auditEvents).set({ action: 'tampered' }).where(eq(auditEvents.id, event!.id)),
    ).rejects.toThrow()
    await expect(getDb().update(auditEvents).set({ details: {} })).rejects.toThrow()
    await expect(getDb().delete(auditEvents).where(eq(auditEvents.id, event!.id))).rejects.toThrow()
    await expect(getDb().delete(auditEvents)).rejects.toThrow()
    await expect(getDb().execute(sql`truncate audit_events`)).rejects.toThrow()
    // Even inside a transaction that would otherwise commit.
    await expect(
      getDb().transaction(async (tx) => {
        await tx.update(auditEvents).set({ actorId: null }).where(eq(auditEvents.id, event!.id))
      }),
    ).rejects.toThrow()

    const [again] = await getDb().select().from(auditEvents).where(eq(auditEvents.id, event!.id))
    expect(again).toEqual(event)
    expect(Number((await getDb().select({ n: count() }).from(auditEvents))[0]!.n)).toBe(total)
  })

  test('the refusal names the table (append-only trigger, not some other error)', async () => {
    await writeAudit(getDb(), { actor: { userId: null, role: 'system' }, action: 'test.marker' })
    let message = ''
    try {
      await getDb().delete(auditEvents)
    } catch (error) {
      const e = error as Error & { cause?: Error }
      message = `${e.message} ${e.cause?.message ?? ''}`
    }
    expect(message).toContain('audit_events is append-only')
  })
})
