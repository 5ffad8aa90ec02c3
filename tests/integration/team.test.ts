import { and, asc, count, eq } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  authTokens,
  emailOutbox,
  memberships,
  organisations,
  sessions,
  teamInvitations,
  users,
} from '#db/schema/index.ts'
import { login, setPasswordWithToken } from '#app/modules/auth/accounts.server.ts'
import { createSession, sessionCookieName, validateSessionToken } from '#app/modules/auth/session.server.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'
import {
  cancelInvitation,
  INVITATIONS_PER_DAY,
  inviteTeamMember,
  listTeam,
  removeTeamMember,
  resendInvitation,
  transferOwnership,
} from '#app/modules/partners/team.server.ts'
import { action as teamAction } from '#app/routes/partner.team.tsx'
import type { Actor } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { getToast } from '#app/utils/toast.server.ts'
import {
  actor,
  createCaseworker,
  createPartner,
  createUser,
  latestEmailTo,
  tokenFromLatestEmail,
  uniqueEmail,
} from '../factories/users'
import { appError, expect403, thrown } from '../support/errors'
import { FORBIDDEN_PATTERN } from '../support/forbidden-words'
import { routeArgs } from '../support/route-args'

const GOOD = 'Hồ-Gươm-buổi-sáng-mùa-thu-2026'
const DAY = 24 * 3600_000

const n = async (table: PgTable) => Number((await getDb().select({ n: count() }).from(table))[0]!.n)
async function totals() {
  return {
    users: await n(users),
    memberships: await n(memberships),
    sessions: await n(sessions),
    tokens: await n(authTokens),
    audit: await n(auditEvents),
    outbox: await n(emailOutbox),
    invitations: await n(teamInvitations),
  }
}

function partnerActor(userId: string, organisationId: string, role: 'owner' | 'member'): Actor {
  return actor({ role: 'partner', userId, membership: { organisationId, role, organisationStatus: 'approved' } })
}

/** An organisation with its owner (an actor) and an activated member. */
async function team(ownerName = 'Nguyễn Thị Lan') {
  const owner = await createPartner({ name: ownerName })
  const member = await createUser({ role: 'partner', name: 'Trần Văn Dũng' })
  await getDb().insert(memberships).values({ organisationId: owner.organisationId, userId: member.id, role: 'member' })
  return {
    organisationId: owner.organisationId,
    owner,
    member,
    ownerActor: partnerActor(owner.id, owner.organisationId, 'owner'),
    memberActor: partnerActor(member.id, owner.organisationId, 'member'),
  }
}

async function roleOf(userId: string) {
  const [row] = await getDb().select().from(memberships).where(eq(memberships.userId, userId))
  return row ? { organisationId: row.organisationId, role: row.role } : undefined
}

async function userRow(userId: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, userId))
  return row!
}

async function auditOf(organisationId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'organisation'), eq(auditEvents.subjectId, organisationId)))
    .orderBy(asc(auditEvents.id))
}

/** A form posted to the team page in a new session of `userId`: the answer's status, location and toast. */
async function postToTeamPage(userId: string, fields: Record<string, string>) {
  const { token } = await createSession({ userId, role: 'partner' })
  const response = (await teamAction(
    routeArgs(
      new Request('http://localhost/partner/team', {
        method: 'POST',
        headers: { cookie: `${sessionCookieName()}=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields),
      }),
    ),
  )) as Response
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('hn_toast='))!
    .split(';')[0]!
  const { toast } = await getToast(new Request('http://localhost/', { headers: { cookie } }))
  return { status: response.status, location: response.headers.get('location'), toast }
}

/** An invitation to a new address: it creates an account, whose id this returns. */
async function invite(options: Parameters<typeof inviteTeamMember>[0]): Promise<{ userId: string }> {
  const { userId } = await inviteTeamMember(options)
  if (!userId) throw new Error('expected the invitation to create an account')
  return { userId }
}

describe('inviteTeamMember', () => {
  test('a password-less partner account, a member of the organisation, one invitation email, audited', async () => {
    const { organisationId, owner, ownerActor } = await team('Vũ Thị Mai')
    const before = await totals()
    const email = uniqueEmail('colleague')
    const now = new Date()
    const { userId } = await invite({
      actor: ownerActor,
      name: 'Phạm Minh Tuấn',
      email: `  ${email.toUpperCase()} `,
      locale: 'en',
      now,
    })
    expect(await totals()).toEqual({
      ...before,
      users: before.users + 1,
      memberships: before.memberships + 1,
      tokens: before.tokens + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      invitations: before.invitations + 1,
    })
    expect(await userRow(userId)).toMatchObject({
      email,
      name: 'Phạm Minh Tuấn',
      role: 'partner',
      status: 'active',
      passwordHash: null,
      emailVerifiedAt: null,
      locale: 'en',
    })
    expect(await roleOf(userId)).toEqual({ organisationId, role: 'member' })

    const mail = await latestEmailTo(email)
    expect(mail).toMatchObject({
      toUserId: userId,
      template: 'partner-invitation',
      locale: 'en',
      subject: 'You have been invited to join an organisation on Hòa Nhập',
      metadata: { userId, organisationId, template: 'partner-invitation' },
    })
    const token = await tokenFromLatestEmail(email, 'invitation')
    expect(mail!.text).toContain(`${getEnv().appUrl}/invitation/${token}`)
    expect(JSON.stringify(mail!.metadata)).not.toContain(token)
    for (const part of [mail!.subject, mail!.html, mail!.text]) expect(part).not.toMatch(FORBIDDEN_PATTERN)
    const [stored] = await getDb()
      .select()
      .from(authTokens)
      .where(eq(authTokens.id, hashToken(token)))
    expect(stored).toMatchObject({ userId, purpose: 'invitation', usedAt: null })
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(7 * DAY)

    const events = await auditOf(organisationId)
    expect(events.map((e) => [e.action, e.actorId, e.actorRole, e.details])).toEqual([
      ['team.member_invited', owner.id, 'partner', { userId }],
    ])

    // Nobody can sign in as the invitee before they accept.
    expect((await appError(login({ email, password: GOOD }))).code).toBe('invalid_credentials')
  })

  test('in Vietnamese when asked', async () => {
    const { ownerActor } = await team('Lê Quang Huy')
    const email = uniqueEmail('vi')
    await inviteTeamMember({ actor: ownerActor, name: 'Đỗ Thị Lan', email, locale: 'vi' })
    expect((await latestEmailTo(email))!.subject).toBe('Bạn được mời tham gia một tổ chức trên Hòa Nhập')
  })

  test('accepting the invitation lets the colleague sign in as a member of that organisation', async () => {
    const { organisationId, ownerActor } = await team()
    const email = uniqueEmail('accept')
    const { userId } = await invite({ actor: ownerActor, name: 'Phạm Minh Tuấn', email, locale: 'vi' })
    const token = await tokenFromLatestEmail(email, 'invitation')
    expect((await appError(setPasswordWithToken({ token, purpose: 'password_reset', password: GOOD }))).code).toBe(
      'token_invalid',
    )
    expect(await setPasswordWithToken({ token, purpose: 'invitation', password: GOOD })).toEqual({
      id: userId,
      role: 'partner',
    })
    const user = await userRow(userId)
    expect(user.passwordHash).toMatch(/^\$argon2id\$/)
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    // The link works once.
    expect((await appError(setPasswordWithToken({ token, purpose: 'invitation', password: GOOD }))).code).toBe(
      'token_invalid',
    )

    const signedIn = await login({ email, password: GOOD })
    expect(signedIn.user).toEqual({ id: userId, role: 'partner', emailVerified: true })
    const auth = await validateSessionToken(signedIn.token)
    expect(auth!.membership).toMatchObject({ organisationId, role: 'member', organisationStatus: 'approved' })

    const listed = await listTeam({ actor: ownerActor })
    expect(listed.members.find((m) => m.userId === userId)).toMatchObject({ role: 'member', status: 'active' })
    // The invitation has done its work: it is no longer listed as waiting.
    expect(listed.invitations.map((i) => i.email)).not.toContain(email)
  })

  test('an address already in use (any case): no error and no account, membership or link; its owner is told', async () => {
    const { ownerActor } = await team()
    const elsewhere = await createUser({ role: 'caseworker' })
    const before = await totals()
    const result = await inviteTeamMember({
      actor: ownerActor,
      name: 'Ai Đó',
      email: ` ${elsewhere.email.toUpperCase()}`,
      locale: 'vi',
    })
    expect(result).toEqual({ userId: null })
    // Listed as an invitation, as a new address would be (the team list must not tell them apart).
    expect(await totals()).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      invitations: before.invitations + 1,
    })
    expect((await latestEmailTo(elsewhere.email))!.template).toBe('account-notice')
  })
})

describe('only the owner manages the team', () => {
  test('a member cannot invite, remove or transfer: 403, nothing changes', async () => {
    const { owner, member, memberActor } = await team()
    const third = await createUser({ role: 'partner' })
    await getDb().insert(memberships).values({ organisationId: owner.organisationId, userId: third.id, role: 'member' })
    const before = await totals()
    await expect403(inviteTeamMember({ actor: memberActor, name: 'Ai Đó', email: uniqueEmail('x'), locale: 'vi' }))
    await expect403(removeTeamMember({ actor: memberActor, userId: third.id }))
    await expect403(removeTeamMember({ actor: memberActor, userId: owner.id }))
    await expect403(transferOwnership({ actor: memberActor, userId: member.id }))
    await expect403(transferOwnership({ actor: memberActor, userId: third.id }))
    expect(await totals()).toEqual(before)
    expect(await roleOf(owner.id)).toMatchObject({ role: 'owner' })
    expect(await roleOf(third.id)).toMatchObject({ role: 'member' })
    expect((await userRow(third.id)).status).toBe('active')
  })

  test.each([
    ['a caseworker', async () => actor({ role: 'caseworker', userId: (await createCaseworker()).id })],
    [
      'a coordinator',
      async () => actor({ role: 'coordinator', userId: (await createUser({ role: 'coordinator' })).id }),
    ],
    [
      'an owner whose email is not verified',
      async () => {
        const p = await createPartner({ verified: false })
        return { ...partnerActor(p.id, p.organisationId, 'owner'), emailVerified: false }
      },
    ],
  ])('%s cannot manage any team', async (_who, makeActor) => {
    const { member } = await team()
    const who = await makeActor()
    const before = await totals()
    await expect403(inviteTeamMember({ actor: who, name: 'Ai Đó', email: uniqueEmail('x'), locale: 'vi' }))
    await expect403(removeTeamMember({ actor: who, userId: member.id }))
    await expect403(transferOwnership({ actor: who, userId: member.id }))
    expect(await totals()).toEqual(before)
  })
})

describe('removeTeamMember', () => {
  test('ends the membership, disables the account and its sessions at once', async () => {
    const { organisationId, owner, member, ownerActor } = await team()
    const { token } = await createSession({ userId: member.id, role: 'partner' })
    await createSession({ userId: member.id, role: 'partner' })
    const ownerSession = await createSession({ userId: owner.id, role: 'partner' })
    expect((await validateSessionToken(token))!.membership).toMatchObject({ organisationId, role: 'member' })

    await removeTeamMember({ actor: ownerActor, userId: member.id })

    expect(await roleOf(member.id)).toBeUndefined()
    expect((await userRow(member.id)).status).toBe('disabled')
    expect(await getDb().select().from(sessions).where(eq(sessions.userId, member.id))).toEqual([])
    expect(await validateSessionToken(token)).toBeNull()
    // The owner stays signed in.
    expect(await validateSessionToken(ownerSession.token)).not.toBeNull()
    expect((await appError(login({ email: member.email, password: member.password! }))).code).toBe(
      'invalid_credentials',
    )
    const events = await auditOf(organisationId)
    expect(events.map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['team.member_removed', owner.id, { userId: member.id }],
    ])
    expect((await listTeam({ actor: ownerActor })).members.map((m) => m.userId)).toEqual([owner.id])
  })

  test('the owner cannot remove themself (forbidden), nothing changes', async () => {
    const { owner, ownerActor } = await team()
    const before = await totals()
    const error = await appError(removeTeamMember({ actor: ownerActor, userId: owner.id }))
    expect(error.code).toBe('forbidden')
    expect(await roleOf(owner.id)).toMatchObject({ role: 'owner' })
    expect((await userRow(owner.id)).status).toBe('active')
    expect(await totals()).toEqual(before)
  })

  test('a user of another organisation → not_found, nothing changes', async () => {
    const mine = await team()
    const theirs = await team()
    const { token } = await createSession({ userId: theirs.member.id, role: 'partner' })
    const before = await totals()
    for (const userId of [theirs.member.id, theirs.owner.id]) {
      expect((await appError(removeTeamMember({ actor: mine.ownerActor, userId }))).code).toBe('not_found')
    }
    expect(await roleOf(theirs.member.id)).toEqual({ organisationId: theirs.organisationId, role: 'member' })
    expect((await userRow(theirs.member.id)).status).toBe('active')
    expect(await validateSessionToken(token)).not.toBeNull()
    expect(await totals()).toEqual(before)
  })

  test('an unknown or malformed id → not_found', async () => {
    const { ownerActor } = await team()
    for (const userId of ['7f1b5a4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', 'abc', '']) {
      expect((await appError(removeTeamMember({ actor: ownerActor, userId }))).code).toBe('not_found')
    }
  })

  test('an id that only looks like a uuid → not_found, not a database error', async () => {
    const { ownerActor } = await team()
    const error = await thrown(removeTeamMember({ actor: ownerActor, userId: '-'.repeat(36) }))
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('not_found')
  })
})

describe('a removed colleague', () => {
  test('cannot use an invitation link sent before removal', async () => {
    const { ownerActor } = await team()
    const email = uniqueEmail('removed-invitee')
    const { userId } = await invite({ actor: ownerActor, name: 'Lò Văn Páo', email, locale: 'vi' })
    const token = await tokenFromLatestEmail(email, 'invitation')
    await removeTeamMember({ actor: ownerActor, userId })
    const error = await appError(setPasswordWithToken({ token, purpose: 'invitation', password: GOOD }))
    expect(error.code).toBe('token_invalid')
    const [row] = await getDb().select().from(users).where(eq(users.id, userId))
    expect(row).toMatchObject({ status: 'disabled', passwordHash: null })
  })

  test('can be invited again, by the same or another organisation, and joins afresh', async () => {
    const first = await team('Đặng Thu Thảo')
    const email = uniqueEmail('returning')
    const { userId } = await invite({ actor: first.ownerActor, name: 'Hà Văn Tú', email, locale: 'vi' })
    await removeTeamMember({ actor: first.ownerActor, userId })
    const second = await team('Kiều Minh Tâm')
    const again = await invite({ actor: second.ownerActor, name: 'Hà Văn Tú', email, locale: 'en' })
    expect(again.userId).toBe(userId)
    const [membership] = await getDb().select().from(memberships).where(eq(memberships.userId, userId))
    expect(membership).toMatchObject({ organisationId: second.organisationId, role: 'member' })
    const token = await tokenFromLatestEmail(email, 'invitation')
    await setPasswordWithToken({ token, purpose: 'invitation', password: GOOD })
    const signedIn = await login({ email, password: GOOD })
    expect(signedIn.user).toMatchObject({ id: userId, role: 'partner', emailVerified: true })
  })

  test('an active member of another organisation is not invited: they stay where they are', async () => {
    const first = await team('Lương Thị Hoa')
    const second = await team('Mai Văn Hải')
    const result = await inviteTeamMember({
      actor: second.ownerActor,
      name: 'Ai đó',
      email: first.member.email,
      locale: 'vi',
    })
    expect(result).toEqual({ userId: null })
    expect(await roleOf(first.member.id)).toEqual({ organisationId: first.organisationId, role: 'member' })
  })
})

describe('transferOwnership', () => {
  test('to an activated member: the roles swap, audited, and the new owner can manage the team', async () => {
    const { organisationId, owner, member, ownerActor } = await team()
    await transferOwnership({ actor: ownerActor, userId: member.id })
    expect(await roleOf(member.id)).toEqual({ organisationId, role: 'owner' })
    expect(await roleOf(owner.id)).toEqual({ organisationId, role: 'member' })
    const events = await auditOf(organisationId)
    expect(events.map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['team.ownership_transferred', owner.id, { to: member.id }],
    ])
    // The next request builds the actors from the new roles.
    const { token } = await createSession({ userId: member.id, role: 'partner' })
    expect((await validateSessionToken(token))!.membership).toMatchObject({ role: 'owner' })
    const newOwner = partnerActor(member.id, organisationId, 'owner')
    const formerOwner = partnerActor(owner.id, organisationId, 'member')
    await expect403(inviteTeamMember({ actor: formerOwner, name: 'Ai Đó', email: uniqueEmail('x'), locale: 'vi' }))
    const { userId } = await invite({
      actor: newOwner,
      name: 'Hoàng Văn Nam',
      email: uniqueEmail('new'),
      locale: 'vi',
    })
    expect(await roleOf(userId)).toEqual({ organisationId, role: 'member' })
    // Exactly one owner.
    const owners = await getDb()
      .select()
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'owner')))
    expect(owners.map((o) => o.userId)).toEqual([member.id])
  })

  test('to an invitee who has not set a password yet → invalid_input, nothing changes', async () => {
    const { organisationId, owner, ownerActor } = await team()
    const { userId } = await invite({
      actor: ownerActor,
      name: 'Phạm Minh Tuấn',
      email: uniqueEmail('pending'),
      locale: 'vi',
    })
    const before = await totals()
    expect((await appError(transferOwnership({ actor: ownerActor, userId }))).code).toBe('invalid_input')
    expect(await roleOf(userId)).toEqual({ organisationId, role: 'member' })
    expect(await roleOf(owner.id)).toEqual({ organisationId, role: 'owner' })
    expect(await totals()).toEqual(before)
  })

  test('to self → invalid_input', async () => {
    const { organisationId, owner, ownerActor } = await team()
    const before = await totals()
    expect((await appError(transferOwnership({ actor: ownerActor, userId: owner.id }))).code).toBe('invalid_input')
    expect(await roleOf(owner.id)).toEqual({ organisationId, role: 'owner' })
    expect(await totals()).toEqual(before)
  })

  test("to another organisation's user → not_found, nothing changes", async () => {
    const mine = await team()
    const theirs = await team()
    const before = await totals()
    for (const userId of [theirs.member.id, theirs.owner.id, 'abc']) {
      expect((await appError(transferOwnership({ actor: mine.ownerActor, userId }))).code).toBe('not_found')
    }
    expect(await roleOf(theirs.member.id)).toEqual({ organisationId: theirs.organisationId, role: 'member' })
    expect(await roleOf(theirs.owner.id)).toEqual({ organisationId: theirs.organisationId, role: 'owner' })
    expect(await roleOf(mine.owner.id)).toEqual({ organisationId: mine.organisationId, role: 'owner' })
    expect(await totals()).toEqual(before)
  })
})

describe('listTeam', () => {
  test("lists only the actor's organisation, oldest first, without password hashes", async () => {
    const mine = await team('Vũ Thị Mai')
    const theirs = await team('Người Khác')
    const { userId: inviteeId } = await invite({
      actor: mine.ownerActor,
      name: 'Phạm Minh Tuấn',
      email: uniqueEmail('invitee'),
      locale: 'vi',
      now: new Date(Date.now() + 60_000),
    })
    const { members, invitations } = await listTeam({ actor: mine.memberActor })
    expect(members.map((m) => [m.userId, m.name, m.role, m.status])).toEqual([
      [mine.owner.id, 'Vũ Thị Mai', 'owner', 'active'],
      [mine.member.id, 'Trần Văn Dũng', 'member', 'active'],
    ])
    // The colleague who has not arrived is an invitation, not yet a member.
    expect(invitations.map((i) => [i.name, i.expired])).toEqual([['Phạm Minh Tuấn', false]])
    expect(members.map((m) => m.userId)).not.toContain(inviteeId)
    expect(members.map((m) => m.email)).toContain(mine.owner.email)
    expect(JSON.stringify({ members, invitations })).not.toContain('$argon2')
    const ids = members.map((m) => m.userId)
    expect(ids).not.toContain(theirs.owner.id)
    expect(ids).not.toContain(theirs.member.id)
    const other = await listTeam({ actor: theirs.ownerActor })
    expect(other.members.map((m) => m.userId)).toEqual([theirs.owner.id, theirs.member.id])
    expect(other.invitations).toEqual([])
  })

  test('only partners with a membership', async () => {
    await expect403(listTeam({ actor: actor({ role: 'caseworker', userId: (await createCaseworker()).id }) }))
    await expect403(listTeam({ actor: actor({ role: 'partner', userId: (await createUser()).id, membership: null }) }))
  })
})

describe('invitations only from vetted organisations, fixed text, a daily cap (issue #20, finding 6)', () => {
  const LURE = 'Tài khoản ngân hàng của bạn bị khóa, xác minh tại http://evil.example/login'

  test('an organisation not yet approved (or suspended, or rejected) cannot invite: 403, nothing written', async () => {
    for (const status of ['pending', 'suspended', 'rejected'] as const) {
      const owner = await createPartner({ organisationStatus: status })
      const ownerActor = actor({
        role: 'partner',
        userId: owner.id,
        membership: { organisationId: owner.organisationId, role: 'owner', organisationStatus: status },
      })
      const before = await totals()
      await expect403(inviteTeamMember({ actor: ownerActor, name: 'Ai Đó', email: uniqueEmail(status), locale: 'vi' }))
      expect(await totals()).toEqual(before)
    }
  })

  test('the invitation email is fixed text and the link: no name or organisation name typed by anyone', async () => {
    const { organisationId, ownerActor } = await team(LURE)
    await getDb().update(organisations).set({ name: LURE }).where(eq(organisations.id, organisationId))
    for (const locale of ['vi', 'en'] as const) {
      const email = uniqueEmail(`lure-${locale}`)
      await inviteTeamMember({ actor: ownerActor, name: LURE, email, locale })
      const mail = (await latestEmailTo(email))!
      const token = await tokenFromLatestEmail(email, 'invitation')
      expect(mail.subject).toBe(
        locale === 'vi'
          ? 'Bạn được mời tham gia một tổ chức trên Hòa Nhập'
          : 'You have been invited to join an organisation on Hòa Nhập',
      )
      for (const part of [mail.subject, mail.html, mail.text]) {
        expect(part).not.toContain('evil.example')
        expect(part).not.toContain('ngân hàng')
      }
      expect(mail.text).toContain(`${getEnv().appUrl}/invitation/${token}`)
    }
  })

  test(`at most ${INVITATIONS_PER_DAY} invitations a day per organisation, counted in the database`, async () => {
    const { organisationId, ownerActor } = await team()
    const t0 = new Date()
    for (let i = 0; i < INVITATIONS_PER_DAY; i++) {
      await inviteTeamMember({
        actor: ownerActor,
        name: `Người ${i}`,
        email: uniqueEmail('cap'),
        locale: 'vi',
        now: t0,
      })
    }
    const before = await totals()
    const refused = await appError(
      inviteTeamMember({ actor: ownerActor, name: 'Một người nữa', email: uniqueEmail('cap'), locale: 'vi', now: t0 }),
    )
    expect(refused).toMatchObject({ code: 'invitations_limited', status: 429, field: undefined })
    expect(await totals()).toEqual(before)
    // Another organisation is not held back.
    const other = await team()
    await inviteTeamMember({ actor: other.ownerActor, name: 'Ở nơi khác', email: uniqueEmail('cap'), locale: 'vi' })
    // A day later the organisation may invite again.
    const later = new Date(t0.getTime() + DAY + 60_000)
    const sent = await inviteTeamMember({
      actor: ownerActor,
      name: 'Ngày hôm sau',
      email: uniqueEmail('cap'),
      locale: 'vi',
      now: later,
    })
    expect(sent.userId).toBeTruthy()
    expect((await auditOf(organisationId)).filter((e) => e.action === 'team.member_invited')).toHaveLength(
      INVITATIONS_PER_DAY + 1,
    )
  })
})

describe('an address that already has an account (issue #20, finding 10)', () => {
  const inviteThroughPage = (ownerId: string, email: string) =>
    postToTeamPage(ownerId, { intent: 'invite', name: 'Ai Đó', email })

  test('is answered like a new one — a staff address included — and nothing is created; its owner is told', async () => {
    const { owner } = await team()
    const caseworker = await createCaseworker(['00070'])
    const fresh = uniqueEmail('fresh')
    const newAnswer = await inviteThroughPage(owner.id, fresh)
    const before = await totals()
    const takenAnswer = await inviteThroughPage(owner.id, caseworker.email.toUpperCase())
    const norm = (a: typeof newAnswer) => ({ ...a, toast: { ...a.toast, values: {} } })
    expect(norm(takenAnswer)).toEqual(norm(newAnswer))
    expect(takenAnswer).toMatchObject({ status: 302, location: '/partner/team', toast: { key: 'toast.memberInvited' } })

    // No account, membership or link; the session the helper opened is the only new row besides audit and mail.
    const after = await totals()
    expect({ ...after, sessions: before.sessions }).toEqual({
      ...before,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      invitations: before.invitations + 1,
    })
    expect(await roleOf(caseworker.id)).toBeUndefined()
    const notice = (await latestEmailTo(caseworker.email))!
    expect(notice).toMatchObject({ template: 'account-notice', toUserId: caseworker.id })
    expect(notice.subject).toBe('Một tổ chức vừa thử thêm địa chỉ email của bạn vào nhóm trên Hòa Nhập')
    expect(notice.text).not.toContain('Công ty Thử nghiệm')
  })

  test('is audited (the reason kept server-side), counts towards the daily cap, and its owner is told once a day', async () => {
    const { organisationId, ownerActor } = await team()
    const existing = await createUser({ role: 'partner' })
    const t0 = new Date()
    const first = await inviteTeamMember({ actor: ownerActor, name: 'A', email: existing.email, locale: 'vi', now: t0 })
    const second = await inviteTeamMember({
      actor: ownerActor,
      name: 'B',
      email: existing.email,
      locale: 'vi',
      now: t0,
    })
    expect(first).toEqual({ userId: null })
    expect(second).toEqual({ userId: null })
    const notices = (await getDb().select().from(emailOutbox).where(eq(emailOutbox.toUserId, existing.id))).filter(
      (m) => m.template === 'account-notice',
    )
    expect(notices).toHaveLength(1)
    const events = (await auditOf(organisationId)).filter((e) => e.action === 'team.invitation_not_sent')
    expect(events.map((e) => e.details)).toEqual([
      { reason: 'existing_account', userId: existing.id },
      { reason: 'existing_account', userId: existing.id },
    ])
    for (let i = 2; i < INVITATIONS_PER_DAY; i++) {
      await inviteTeamMember({ actor: ownerActor, name: `N ${i}`, email: uniqueEmail('mix'), locale: 'vi', now: t0 })
    }
    expect(
      (
        await appError(
          inviteTeamMember({ actor: ownerActor, name: 'X', email: uniqueEmail('mix'), locale: 'vi', now: t0 }),
        )
      ).code,
    ).toBe('invitations_limited')
  })
})

describe('the team list tells nobody which invited addresses had accounts (issue #20, finding 10)', () => {
  const shape = (list: Awaited<ReturnType<typeof listTeam>>) => ({
    members: list.members.map((m) => m.userId),
    invitations: list.invitations.map(({ name, email, expired }) => ({ name, email, expired })),
  })

  test('an invitation to a taken address is listed exactly like one to a new address', async () => {
    const { ownerActor } = await team()
    const staff = await createCaseworker(['00070'])
    const partnerElsewhere = await createPartner()
    const fresh = uniqueEmail('fresh-list')
    const t0 = new Date()
    const before = shape(await listTeam({ actor: ownerActor, now: t0 }))
    expect(before.invitations).toEqual([])
    for (const [i, email] of [fresh, staff.email, partnerElsewhere.email].entries()) {
      const now = new Date(t0.getTime() + i * 1000)
      await inviteTeamMember({ actor: ownerActor, name: `Người ${i}`, email, locale: 'vi', now })
    }
    const after = shape(await listTeam({ actor: ownerActor, now: new Date(t0.getTime() + 5000) }))
    expect(after.members).toEqual(before.members)
    expect(after.invitations).toEqual([
      { name: 'Người 2', email: partnerElsewhere.email, expired: false },
      { name: 'Người 1', email: staff.email, expired: false },
      { name: 'Người 0', email: fresh, expired: false },
    ])
    // A week on, all three links have expired, alike.
    const later = shape(await listTeam({ actor: ownerActor, now: new Date(t0.getTime() + 7 * DAY + 5000) }))
    expect(later.invitations.map((i) => i.expired)).toEqual([true, true, true])
  })

  test('withdrawing either kind looks the same; the new account leaves the team and its link stops working', async () => {
    const { organisationId, owner, ownerActor } = await team()
    const staff = await createCaseworker(['00070'])
    const fresh = uniqueEmail('withdraw')
    const { userId } = await invite({ actor: ownerActor, name: 'Mới', email: fresh, locale: 'vi' })
    const token = await tokenFromLatestEmail(fresh, 'invitation')
    await inviteTeamMember({ actor: ownerActor, name: 'Cũ', email: staff.email, locale: 'vi' })
    const listed = (await listTeam({ actor: ownerActor })).invitations
    const before = await totals()
    for (const invitation of listed) await cancelInvitation({ actor: ownerActor, invitationId: invitation.id })
    expect((await listTeam({ actor: ownerActor })).invitations).toEqual([])
    expect(await totals()).toEqual({ ...before, memberships: before.memberships - 1, audit: before.audit + 2 })
    expect(await roleOf(userId)).toBeUndefined()
    expect((await userRow(userId)).status).toBe('disabled')
    expect(await userRow(staff.id)).toMatchObject({ status: 'active' })
    expect((await appError(setPasswordWithToken({ token, purpose: 'invitation', password: GOOD }))).code).toBe(
      'token_invalid',
    )
    const events = (await auditOf(organisationId)).filter((e) => e.action === 'team.invitation_cancelled')
    expect(events.map((e) => [e.actorId, e.details])).toEqual(listed.map((i) => [owner.id, { invitationId: i.id }]))
    // Withdrawn once is withdrawn: again is not found, and nothing changes.
    const again = await totals()
    expect((await appError(cancelInvitation({ actor: ownerActor, invitationId: listed[0]!.id }))).code).toBe(
      'not_found',
    )
    expect((await appError(cancelInvitation({ actor: ownerActor, invitationId: 'not-a-uuid' }))).code).toBe('not_found')
    expect(await totals()).toEqual(again)
  })

  test("another organisation's invitation cannot be withdrawn or sent again, and members cannot do either", async () => {
    const mine = await team()
    const theirs = await team('Người Khác')
    await invite({ actor: theirs.ownerActor, name: 'Của họ', email: uniqueEmail('theirs'), locale: 'vi' })
    const [theirInvitation] = (await listTeam({ actor: theirs.ownerActor })).invitations
    const before = await totals()
    for (const call of [
      cancelInvitation({ actor: mine.ownerActor, invitationId: theirInvitation!.id }),
      resendInvitation({ actor: mine.ownerActor, invitationId: theirInvitation!.id, locale: 'vi' }),
    ]) {
      expect((await appError(call)).code).toBe('not_found')
    }
    await expect403(cancelInvitation({ actor: theirs.memberActor, invitationId: theirInvitation!.id }))
    await expect403(resendInvitation({ actor: theirs.memberActor, invitationId: theirInvitation!.id, locale: 'vi' }))
    expect(await totals()).toEqual(before)
  })

  test('sending again: a new link for the colleague who has not arrived (the old one stops), one row listed', async () => {
    const { organisationId, ownerActor } = await team()
    const email = uniqueEmail('again')
    const t0 = new Date()
    const { userId } = await invite({ actor: ownerActor, name: 'Chưa đến', email, locale: 'vi', now: t0 })
    const oldToken = await tokenFromLatestEmail(email, 'invitation')
    const later = new Date(t0.getTime() + 8 * DAY)
    const [expired] = (await listTeam({ actor: ownerActor, now: later })).invitations
    expect(expired).toMatchObject({ email, expired: true })
    const before = await totals()
    expect(await resendInvitation({ actor: ownerActor, invitationId: expired!.id, locale: 'vi', now: later })).toEqual({
      userId,
    })
    // Same account and membership; one more link, mail, audit event and row (the old row ended).
    expect(await totals()).toEqual({
      ...before,
      tokens: before.tokens + 1,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      invitations: before.invitations + 1,
    })
    const listed = (await listTeam({ actor: ownerActor, now: later })).invitations
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ email, name: 'Chưa đến', expired: false })
    const newToken = await tokenFromLatestEmail(email, 'invitation')
    expect(newToken).not.toBe(oldToken)
    expect(
      (await appError(setPasswordWithToken({ token: oldToken, purpose: 'invitation', password: GOOD, now: later })))
        .code,
    ).toBe('token_invalid')
    await setPasswordWithToken({ token: newToken, purpose: 'invitation', password: GOOD, now: later })
    const arrived = await listTeam({ actor: ownerActor, now: later })
    expect(arrived.members.map((m) => m.userId)).toContain(userId)
    expect(arrived.invitations).toEqual([])
    const events = (await auditOf(organisationId)).filter((e) => e.action === 'team.member_invited')
    expect(events.map((e) => e.details)).toEqual([{ userId }, { userId, again: true }])
  })

  test('sending again to a taken address tells its owner (once a day) and lists one row, as for a new one', async () => {
    const { ownerActor } = await team()
    const existing = await createUser({ role: 'partner' })
    const t0 = new Date()
    await inviteTeamMember({ actor: ownerActor, name: 'Có rồi', email: existing.email, locale: 'vi', now: t0 })
    const [row] = (await listTeam({ actor: ownerActor, now: t0 })).invitations
    const result = await resendInvitation({ actor: ownerActor, invitationId: row!.id, locale: 'vi', now: t0 })
    expect(result).toEqual({ userId: null })
    const listed = (await listTeam({ actor: ownerActor, now: t0 })).invitations
    expect(listed.map((i) => [i.email, i.name])).toEqual([[existing.email, 'Có rồi']])
    expect(listed[0]!.id).not.toBe(row!.id)
    expect(await roleOf(existing.id)).toBeUndefined()
  })

  test('through the page: withdraw and send again answer with a toast, a bad id with an error toast', async () => {
    const { owner, ownerActor } = await team()
    await invite({ actor: ownerActor, name: 'Qua trang', email: uniqueEmail('page'), locale: 'vi' })
    const [row] = (await listTeam({ actor: ownerActor })).invitations
    const post = async (fields: Record<string, string>) => (await postToTeamPage(owner.id, fields)).toast
    expect(await post({ intent: 'resend', invitationId: row!.id })).toMatchObject({
      type: 'success',
      key: 'toast.invitationSentAgain',
    })
    const [resent] = (await listTeam({ actor: ownerActor })).invitations
    expect(await post({ intent: 'cancel', invitationId: resent!.id })).toMatchObject({
      type: 'success',
      key: 'toast.invitationCancelled',
    })
    expect(await post({ intent: 'cancel', invitationId: resent!.id })).toMatchObject({
      type: 'error',
      key: 'errors.not_found',
    })
  })
})
