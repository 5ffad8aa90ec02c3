import { and, asc, count, eq } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, emailOutbox, memberships, opportunities, organisations, users } from '#db/schema/index.ts'
import { registerPartner } from '#app/modules/auth/accounts.server.ts'
import { JoinSchema } from '#app/modules/auth/auth.schema.ts'
import { listPartnerDirectory } from '#app/modules/opportunities/directory.server.ts'
import { getHsdsOrganization, listHsdsOrganizations } from '#app/modules/opportunities/hsds.server.ts'
import { visibleOpportunitiesCondition } from '#app/modules/opportunities/visibility.server.ts'
import { OrganisationProfileSchema } from '#app/modules/partners/organisation.schema.ts'
import {
  decideOrganisation,
  getOrganisationForVetting,
  listOrganisationsForVetting,
  updateOwnOrganisation,
  type Decision,
  type OrganisationStatus,
} from '#app/modules/partners/organisations.server.ts'
import type { Actor } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { createOpportunity, createOrganisation } from '../factories/opportunities'
import { actor, createCaseworker, createUser, SIGNUP_ORGANISATION, uniqueEmail } from '../factories/users'
import { appError, expect403, thrown } from '../support/errors'
import { FORBIDDEN_PATTERN } from '../support/forbidden-words'

const GOOD = 'Hồ-Gươm-buổi-sáng-mùa-thu-2026'
const STATUSES: OrganisationStatus[] = ['pending', 'approved', 'rejected', 'suspended']
const DECISIONS: Decision[] = ['approve', 'reject', 'suspend', 'reinstate']
const ALLOWED: Record<Decision, OrganisationStatus> = {
  approve: 'pending',
  reject: 'pending',
  suspend: 'approved',
  reinstate: 'suspended',
}

// Emails must never hint at rehab, prison or drugs (same list as tests/unit/email-render.test.ts).

const n = async (table: PgTable) => Number((await getDb().select({ n: count() }).from(table))[0]!.n)
async function totals() {
  return {
    users: await n(users),
    organisations: await n(organisations),
    memberships: await n(memberships),
    audit: await n(auditEvents),
    outbox: await n(emailOutbox),
  }
}

let tagCounter = 0
/** A word that appears in no other organisation's name, to isolate list queries. */
function uniqueTag() {
  tagCounter += 1
  return `Zq${tagCounter}x${Math.random().toString(36).slice(2, 7)}`
}

async function coordinator(name = 'Vũ Thị Mai'): Promise<Actor> {
  const user = await createUser({ role: 'coordinator', name })
  return actor({ role: 'coordinator', userId: user.id })
}

async function caseworkerActor(): Promise<Actor> {
  const cw = await createCaseworker(['00070'])
  return actor({ role: 'caseworker', userId: cw.id, wardCodes: ['00070'] })
}

async function addMember(
  organisationId: string,
  options: { role?: 'owner' | 'member'; locale?: string | null; status?: 'active' | 'disabled'; name?: string } = {},
) {
  const user = await createUser({
    role: 'partner',
    locale: options.locale,
    status: options.status,
    name: options.name,
  })
  await getDb()
    .insert(memberships)
    .values({ organisationId, userId: user.id, role: options.role ?? 'member' })
  return user
}

function partnerActor(userId: string, organisationId: string, role: 'owner' | 'member', status: OrganisationStatus) {
  return actor({ role: 'partner', userId, membership: { organisationId, role, organisationStatus: status } })
}

async function orgRow(id: string) {
  const [row] = await getDb().select().from(organisations).where(eq(organisations.id, id))
  return row!
}

async function auditFor(organisationId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'organisation'), eq(auditEvents.subjectId, organisationId)))
    .orderBy(asc(auditEvents.id))
}

async function emailsAbout(organisationId: string) {
  const rows = await getDb().select().from(emailOutbox).orderBy(asc(emailOutbox.id))
  return rows.filter((r) => r.metadata.organisationId === organisationId)
}

/** An organisation in the given state with an owner (vi), a member (en), one without a language and a disabled one. */
async function organisationWithTeam(status: OrganisationStatus, statusReason: string | null = null) {
  const org = await createOrganisation({ status, name: `Công ty Cơ khí ${uniqueTag()}` })
  if (statusReason) await getDb().update(organisations).set({ statusReason }).where(eq(organisations.id, org.id))
  const owner = await addMember(org.id, { role: 'owner', locale: 'vi', name: 'Nguyễn Thị Lan' })
  const member = await addMember(org.id, { locale: 'en', name: 'Trần Văn Dũng' })
  const noLocale = await addMember(org.id, { locale: null, name: 'Lê Thị Hoa' })
  const disabled = await addMember(org.id, { status: 'disabled', name: 'Phạm Văn Cũ' })
  return { org, owner, member, noLocale, disabled }
}

const SUBJECTS = {
  approve: {
    vi: (o: string) => `${o} đã được duyệt tham gia Hòa Nhập`,
    en: (o: string) => `${o} is approved on Hòa Nhập`,
  },
  reject: {
    vi: (o: string) => `Hồ sơ ${o} chưa được duyệt`,
    en: (o: string) => `${o}'s application was not approved`,
  },
  suspend: {
    vi: (o: string) => `${o} tạm ngừng hoạt động trên Hòa Nhập`,
    en: (o: string) => `${o} is suspended on Hòa Nhập`,
  },
  reinstate: {
    vi: (o: string) => `${o} hoạt động trở lại trên Hòa Nhập`,
    en: (o: string) => `${o} is active again on Hòa Nhập`,
  },
} as const

describe('decideOrganisation: allowed decisions', () => {
  test.each([
    ['approve', 'pending', 'approved', null, 'organisation.approved'],
    ['reject', 'pending', 'rejected', 'Mã số thuế không khớp với giấy phép kinh doanh', 'organisation.rejected'],
    ['suspend', 'approved', 'suspended', 'Tin tuyển dụng sai sự thật về mức lương', 'organisation.suspended'],
    ['reinstate', 'suspended', 'approved', null, 'organisation.reinstated'],
  ] as const)('%s: %s → %s', async (decision, from, to, reason, action) => {
    const coord = await coordinator('Vũ Thị Mai')
    const { org, owner, member, noLocale, disabled } = await organisationWithTeam(
      from,
      from === 'suspended' ? 'Lý do tạm ngừng cũ' : null,
    )
    const bystander = await organisationWithTeam('pending')
    const before = await totals()
    const now = new Date('2026-03-02T03:04:05.678Z')

    const result = await decideOrganisation({
      actor: coord,
      organisationId: org.id,
      decision,
      reason: reason ? `  ${reason}  ` : null,
      now,
    })
    expect(result).toEqual({ status: to })

    const row = await orgRow(org.id)
    expect(row.status).toBe(to)
    expect(row.statusReason).toBe(reason)
    expect(row.vettedById).toBe(coord.userId)
    expect(row.vettedAt).toEqual(now)
    expect(row.updatedAt).toEqual(now)

    // One audit event, one email per active member: nothing else.
    const after = await totals()
    expect(after.audit - before.audit).toBe(1)
    expect(after.outbox - before.outbox).toBe(3)
    const [event] = (await auditFor(org.id)).slice(-1)
    expect(event).toMatchObject({
      action,
      actorId: coord.userId,
      actorRole: 'coordinator',
      subjectType: 'organisation',
      subjectId: org.id,
      details: { from, to },
    })

    const mails = await emailsAbout(org.id)
    expect(mails.map((m) => m.toAddress).sort()).toEqual([owner.email, member.email, noLocale.email].sort())
    expect(mails.some((m) => m.toAddress === disabled.email)).toBe(false)
    const expectedLocale = { [owner.email]: 'vi', [member.email]: 'en', [noLocale.email]: 'vi' }
    const ids = { [owner.email]: owner.id, [member.email]: member.id, [noLocale.email]: noLocale.id }
    for (const mail of mails) {
      const locale = expectedLocale[mail.toAddress] as 'vi' | 'en'
      expect(mail.template).toBe('organisation-decision')
      expect(mail.locale).toBe(locale)
      expect(mail.toUserId).toBe(ids[mail.toAddress])
      expect(mail.subject).toBe(SUBJECTS[decision][locale](org.name))
      expect(mail.metadata).toEqual({ organisationId: org.id, decision, template: 'organisation-decision' })
      expect(mail.text).toContain(org.name)
      expect(mail.text).toContain('/partner')
      if (reason) {
        expect(mail.text).toContain(`${locale === 'vi' ? 'Lý do:' : 'Reason:'} ${reason}`)
      } else {
        expect(mail.text).not.toContain(locale === 'vi' ? 'Lý do:' : 'Reason:')
        expect(mail.text).not.toContain('Lý do tạm ngừng cũ')
      }
      for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(FORBIDDEN_PATTERN)
    }
    // The other organisation's people hear nothing.
    expect(await emailsAbout(bystander.org.id)).toEqual([])
    expect((await orgRow(bystander.org.id)).status).toBe('pending')
  })

  test('only members who have joined (confirmed their address) are emailed: not an address typed at sign-up', async () => {
    // Someone signs up with another person's address and an organisation name of their choosing; rejecting
    // it must not mail that name to the address.
    const lure = 'Tài khoản ngân hàng bị khóa, xác minh tại http://evil.example'
    const org = await createOrganisation({ status: 'pending', name: lure })
    const typedAddress = await createUser({ role: 'partner', verified: false })
    await getDb().insert(memberships).values({ organisationId: org.id, userId: typedAddress.id, role: 'owner' })
    const invitee = await createUser({ role: 'partner', verified: false, withPassword: false })
    await getDb().insert(memberships).values({ organisationId: org.id, userId: invitee.id, role: 'member' })
    await decideOrganisation({
      actor: await coordinator(),
      organisationId: org.id,
      decision: 'reject',
      reason: 'Không xác minh được',
    })
    expect(await emailsAbout(org.id)).toEqual([])
  })

  test('the forbidden-word check works on these emails too', () => {
    expect('Reason: worked in a prison kitchen').toMatch(FORBIDDEN_PATTERN)
    expect('Tổ chức tùy chọn').not.toMatch(FORBIDDEN_PATTERN)
  })

  test('a full lifecycle: approve → suspend → reinstate → suspend, with the reason following the state', async () => {
    const coord = await coordinator()
    const { org } = await organisationWithTeam('pending')
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'approve' })
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'suspend', reason: 'Khiếu nại lần 1' })
    expect(await orgRow(org.id)).toMatchObject({ status: 'suspended', statusReason: 'Khiếu nại lần 1' })
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'reinstate' })
    expect(await orgRow(org.id)).toMatchObject({ status: 'approved', statusReason: null })
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'suspend', reason: 'Khiếu nại lần 2' })
    expect(await orgRow(org.id)).toMatchObject({ status: 'suspended', statusReason: 'Khiếu nại lần 2' })
    expect((await auditFor(org.id)).map((e) => e.action)).toEqual([
      'organisation.approved',
      'organisation.suspended',
      'organisation.reinstated',
      'organisation.suspended',
    ])
    expect((await emailsAbout(org.id)).length).toBe(4 * 3)
  })
})

describe('decideOrganisation: refusals change nothing', () => {
  const forbiddenMoves = STATUSES.flatMap((status) =>
    DECISIONS.filter((d) => ALLOWED[d] !== status).map((d) => [d, status] as const),
  )

  test('there are twelve forbidden moves', () => {
    expect(forbiddenMoves).toHaveLength(12)
  })

  test.each(forbiddenMoves)('%s an organisation that is %s → conflict', async (decision, status) => {
    const coord = await coordinator()
    const { org } = await organisationWithTeam(status, status === 'pending' ? null : 'Lý do trước đó')
    const rowBefore = await orgRow(org.id)
    const before = await totals()
    const error = await appError(
      decideOrganisation({ actor: coord, organisationId: org.id, decision, reason: 'Một lý do đủ dài' }),
    )
    expect(error.code).toBe('conflict')
    expect(await orgRow(org.id)).toEqual(rowBefore)
    expect(await totals()).toEqual(before)
  })

  test('an unknown organisation → not_found', async () => {
    const coord = await coordinator()
    const before = await totals()
    const error = await appError(
      decideOrganisation({
        actor: coord,
        organisationId: '7f1b5a4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
        decision: 'approve',
      }),
    )
    expect(error.code).toBe('not_found')
    expect(await totals()).toEqual(before)
  })

  test('a malformed id → not_found, not a database error', async () => {
    const coord = await coordinator()
    const error = await thrown(decideOrganisation({ actor: coord, organisationId: 'abc', decision: 'approve' }))
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('not_found')
  })

  test.each([
    ['a caseworker', async () => caseworkerActor()],
    [
      "the organisation's own owner",
      async (organisationId: string, ownerId: string) => partnerActor(ownerId, organisationId, 'owner', 'pending'),
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
  ])('%s gets a 403 Response and nothing changes', async (_who, makeActor) => {
    const { org, owner } = await organisationWithTeam('pending')
    const who = await makeActor(org.id, owner.id)
    const rowBefore = await orgRow(org.id)
    const before = await totals()
    for (const decision of DECISIONS) {
      await expect403(decideOrganisation({ actor: who, organisationId: org.id, decision, reason: 'Lý do bất kỳ' }))
    }
    expect(await orgRow(org.id)).toEqual(rowBefore)
    expect(await totals()).toEqual(before)
  })

  test.each([
    ['reject', 'pending', undefined],
    ['reject', 'pending', null],
    ['reject', 'pending', ''],
    ['reject', 'pending', '    '],
    ['suspend', 'approved', undefined],
    ['suspend', 'approved', ' \n '],
  ] as const)('%s without a reason (%j) → invalid_input on reason', async (decision, status, reason) => {
    const coord = await coordinator()
    const { org } = await organisationWithTeam(status)
    const rowBefore = await orgRow(org.id)
    const before = await totals()
    const error = await appError(decideOrganisation({ actor: coord, organisationId: org.id, decision, reason }))
    expect(error.code).toBe('invalid_input')
    expect(error.field).toBe('reason')
    expect(await orgRow(org.id)).toEqual(rowBefore)
    expect(await totals()).toEqual(before)
  })
})

describe('decideOrganisation: two coordinators at once', () => {
  const reasonFor = (decision: Decision) => (decision === 'reject' ? 'Hồ sơ chưa đủ giấy tờ' : null)
  test.each([
    ['approve', 'reject'],
    ['reject', 'approve'],
    ['approve', 'approve'],
  ] as const)('%s and %s on the same pending organisation: one wins, one conflicts', async (first, second) => {
    const a = await coordinator('Vũ Thị Mai')
    const b = await coordinator('Lê Quang Huy')
    // Several organisations at once, to give real interleaving a chance on a server.
    const teams = await Promise.all([1, 2, 3, 4].map(() => organisationWithTeam('pending')))
    const before = await totals()
    const outcomes = await Promise.all(
      teams.map(({ org }) =>
        Promise.allSettled([
          decideOrganisation({ actor: a, organisationId: org.id, decision: first, reason: reasonFor(first) }),
          decideOrganisation({ actor: b, organisationId: org.id, decision: second, reason: reasonFor(second) }),
        ]),
      ),
    )
    for (const [i, results] of outcomes.entries()) {
      const org = teams[i]!.org
      const won = results.filter((r) => r.status === 'fulfilled')
      const lost = results.filter((r) => r.status === 'rejected')
      expect(won).toHaveLength(1)
      expect(lost).toHaveLength(1)
      const reasonOf = (lost[0] as PromiseRejectedResult).reason as unknown
      expect(reasonOf).toBeInstanceOf(AppError)
      expect((reasonOf as AppError).code).toBe('conflict')

      const winnerIndex = results[0]!.status === 'fulfilled' ? 0 : 1
      const winnerDecision = winnerIndex === 0 ? first : second
      const winner = winnerIndex === 0 ? a : b
      const expectedStatus = winnerDecision === 'approve' ? 'approved' : 'rejected'
      expect((won[0] as PromiseFulfilledResult<{ status: string }>).value).toEqual({ status: expectedStatus })
      const row = await orgRow(org.id)
      expect(row.status).toBe(expectedStatus)
      expect(row.statusReason).toBe(winnerDecision === 'reject' ? 'Hồ sơ chưa đủ giấy tờ' : null)
      expect(row.vettedById).toBe(winner.userId)
      const events = await auditFor(org.id)
      expect(events.map((e) => e.action)).toEqual([`organisation.${expectedStatus}`])
      expect(events[0]!.actorId).toBe(winner.userId)
      const mails = await emailsAbout(org.id)
      expect(mails).toHaveLength(3)
      expect(new Set(mails.map((m) => m.metadata.decision))).toEqual(new Set([winnerDecision]))
    }
    const after = await totals()
    expect(after.audit - before.audit).toBe(teams.length)
    expect(after.outbox - before.outbox).toBe(teams.length * 3)
  })
})

describe('listOrganisationsForVetting', () => {
  async function seed(tag: string) {
    const made: Record<string, { id: string; name: string; taxCode: string | null }> = {}
    const plan: [string, OrganisationStatus, 'employer' | 'training_centre' | 'lender'][] = [
      ['p1', 'pending', 'employer'],
      ['p2', 'pending', 'training_centre'],
      ['p3', 'pending', 'lender'],
      ['a1', 'approved', 'employer'],
      ['a2', 'approved', 'employer'],
      ['r1', 'rejected', 'training_centre'],
      ['s1', 'suspended', 'employer'],
    ]
    for (const [key, status, kind] of plan) {
      made[key] = await createOrganisation({ status, kind, name: `${tag} ${key} Công ty`, taxCode: null })
    }
    return made
  }

  test('counts per status follow kind and q, and the status filter selects the items', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    const made = await seed(tag)

    const all = await listOrganisationsForVetting({ actor: coord, filter: { q: tag } })
    expect(all.counts).toEqual({ pending: 3, approved: 2, rejected: 1, suspended: 1 })
    expect(all.items).toHaveLength(7)
    expect(all.nextCursor).toBeNull()

    const pending = await listOrganisationsForVetting({ actor: coord, filter: { q: tag, status: 'pending' } })
    expect(pending.counts).toEqual({ pending: 3, approved: 2, rejected: 1, suspended: 1 })
    expect(pending.items.map((i) => i.id).sort()).toEqual([made.p1!.id, made.p2!.id, made.p3!.id].sort())
    expect(pending.items.every((i) => i.status === 'pending')).toBe(true)

    const employers = await listOrganisationsForVetting({ actor: coord, filter: { q: tag, kind: 'employer' } })
    expect(employers.counts).toEqual({ pending: 1, approved: 2, rejected: 0, suspended: 1 })
    expect(employers.items.map((i) => i.id).sort()).toEqual([made.p1!.id, made.a1!.id, made.a2!.id, made.s1!.id].sort())

    const approvedEmployers = await listOrganisationsForVetting({
      actor: coord,
      filter: { q: tag, kind: 'employer', status: 'approved' },
    })
    expect(approvedEmployers.items.map((i) => i.id).sort()).toEqual([made.a1!.id, made.a2!.id].sort())

    const none = await listOrganisationsForVetting({
      actor: coord,
      filter: { q: tag, kind: 'lender', status: 'rejected' },
    })
    expect(none.items).toEqual([])
    expect(none.counts).toEqual({ pending: 1, approved: 0, rejected: 0, suspended: 0 })
  })

  test('q finds by name (any case) and by tax code, and treats % and _ literally', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    const taxCode = `09${String(Date.now()).slice(-8)}`
    const byName = await createOrganisation({ status: 'pending', name: `Xưởng Mộc ${tag}`, taxCode: null })
    const byTax = await createOrganisation({
      status: 'approved',
      name: 'Hợp tác xã Dệt may',
      taxCode: `${taxCode}-002`,
    })

    const nameHit = await listOrganisationsForVetting({ actor: coord, filter: { q: `  ${tag.toUpperCase()}  ` } })
    expect(nameHit.items.map((i) => i.id)).toEqual([byName.id])
    expect(nameHit.items[0]).toMatchObject({ name: `Xưởng Mộc ${tag}`, kind: 'employer', status: 'pending' })
    expect(nameHit.items[0]!.wardName).toBe('Phường Hoàn Kiếm')

    const taxHit = await listOrganisationsForVetting({ actor: coord, filter: { q: taxCode.slice(2) } })
    expect(taxHit.items.map((i) => i.id)).toEqual([byTax.id])
    expect(taxHit.items[0]!.taxCode).toBe(`${taxCode}-002`)
    expect(taxHit.counts).toEqual({ pending: 0, approved: 1, rejected: 0, suspended: 0 })

    // Wildcards typed by the coordinator match themselves only.
    for (const q of ['%', '_', `${tag}%`, '\\']) {
      const result = await listOrganisationsForVetting({ actor: coord, filter: { q } })
      expect(result.items).toEqual([])
      expect(result.counts).toEqual({ pending: 0, approved: 0, rejected: 0, suspended: 0 })
    }
    const literal = await createOrganisation({ status: 'pending', name: `Giảm 100% học phí ${tag}`, taxCode: null })
    const percent = await listOrganisationsForVetting({ actor: coord, filter: { q: '100%' } })
    expect(percent.items.map((i) => i.id)).toEqual([literal.id])
  })

  test('pending ones come oldest first; other tabs newest first', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 10, 8, minutes))
    const ids: Record<string, string> = {}
    for (const [key, minutes, status] of [
      ['b', 20, 'pending'],
      ['a', 10, 'pending'],
      ['c', 30, 'pending'],
      ['x', 5, 'approved'],
      ['y', 25, 'approved'],
    ] as const) {
      const org = await createOrganisation({ status, name: `${tag} ${key}` })
      await getDb()
        .update(organisations)
        .set({ createdAt: at(minutes) })
        .where(eq(organisations.id, org.id))
      ids[key] = org.id
    }
    const pending = await listOrganisationsForVetting({ actor: coord, filter: { q: tag, status: 'pending' } })
    expect(pending.items.map((i) => i.id)).toEqual([ids.a, ids.b, ids.c])
    const approved = await listOrganisationsForVetting({ actor: coord, filter: { q: tag, status: 'approved' } })
    expect(approved.items.map((i) => i.id)).toEqual([ids.y, ids.x])
    const all = await listOrganisationsForVetting({ actor: coord, filter: { q: tag } })
    expect(all.items.map((i) => i.id)).toEqual([ids.c, ids.y, ids.b, ids.a, ids.x])
  })

  async function walk(coord: Actor, filter: { q: string; status?: OrganisationStatus }, limit: number) {
    const pages: string[][] = []
    let cursor: string | null = null
    for (let i = 0; i < 20; i++) {
      const page: Awaited<ReturnType<typeof listOrganisationsForVetting>> = await listOrganisationsForVetting({
        actor: coord,
        filter,
        cursor,
        limit,
      })
      pages.push(page.items.map((item) => item.id))
      cursor = page.nextCursor
      if (!cursor) break
    }
    return pages
  }

  test.each([['pending'], [undefined]] as const)(
    'keyset pages (status %s) cover every row once, in order, with distinct creation times',
    async (status) => {
      const coord = await coordinator()
      const tag = uniqueTag()
      const created: { id: string; createdAt: Date }[] = []
      for (let i = 0; i < 8; i++) {
        const org = await createOrganisation({ status: 'pending', name: `${tag} ${i}` })
        // Same minute for pairs (ties broken by id), distinct otherwise.
        const createdAt = new Date(Date.UTC(2026, 1, 1, 9, Math.floor(i / 2)))
        await getDb().update(organisations).set({ createdAt }).where(eq(organisations.id, org.id))
        created.push({ id: org.id, createdAt })
      }
      const pages = await walk(coord, { q: tag, status }, 3)
      expect(pages.map((p) => p.length)).toEqual([3, 3, 2])
      const flat = pages.flat()
      expect(new Set(flat).size).toBe(8)
      const sorted = [...created].sort(
        (x, y) => x.createdAt.getTime() - y.createdAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
      )
      const expected = sorted.map((c) => c.id)
      expect(flat).toEqual(status === 'pending' ? expected : expected.reverse())
    },
  )

  test.each([['pending'], [undefined]] as const)(
    'keyset pages (status %s) cover every row once when rows share a creation time to the microsecond',
    async (status) => {
      const coord = await coordinator()
      const tag = uniqueTag()
      // One statement: every row gets the same now(), as bulk imports and seeds do.
      const rows = await getDb()
        .insert(organisations)
        .values(Array.from({ length: 7 }, (_, i) => ({ kind: 'employer' as const, name: `${tag} ${i}` })))
        .returning({ id: organisations.id })
      const pages = await walk(coord, { q: tag, status }, 3)
      const flat = pages.flat()
      expect(flat.length).toBe(7)
      expect(new Set(flat)).toEqual(new Set(rows.map((r) => r.id)))
    },
  )

  test('a tampered or malformed cursor is ignored: the first page comes back', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    for (let i = 0; i < 4; i++) await createOrganisation({ status: 'pending', name: `${tag} ${i}` })
    const first = await listOrganisationsForVetting({ actor: coord, filter: { q: tag, status: 'pending' }, limit: 2 })
    expect(first.items).toHaveLength(2)
    expect(first.nextCursor).toEqual(expect.any(String))
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    for (const cursor of [
      'not-a-cursor',
      '%%%',
      b64('just a string'),
      b64({ createdAt: 'yesterday', id: '7f1b5a4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b' }),
      b64({ createdAt: '2026-01-01T00:00:00.000Z', id: "x' or 1=1 --" }),
      b64({ createdAt: '2026-01-01T00:00:00.000Z' }),
      b64(null),
      '',
    ]) {
      const page = await listOrganisationsForVetting({
        actor: coord,
        filter: { q: tag, status: 'pending' },
        cursor,
        limit: 2,
      })
      expect(page.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id))
    }
  })

  test('a cursor whose id only looks like a uuid is ignored too', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    await createOrganisation({ status: 'pending', name: `${tag} 1` })
    const cursor = Buffer.from(JSON.stringify({ createdAt: '2026-01-01T00:00:00.000Z', id: '-'.repeat(36) })).toString(
      'base64url',
    )
    const page = await listOrganisationsForVetting({ actor: coord, filter: { q: tag }, cursor })
    expect(page.items).toHaveLength(1)
  })

  test('limit is clamped to 1..100', async () => {
    const coord = await coordinator()
    const tag = uniqueTag()
    for (let i = 0; i < 3; i++) await createOrganisation({ status: 'pending', name: `${tag} ${i}` })
    expect((await listOrganisationsForVetting({ actor: coord, filter: { q: tag }, limit: 0 })).items).toHaveLength(1)
    expect((await listOrganisationsForVetting({ actor: coord, filter: { q: tag }, limit: -5 })).items).toHaveLength(1)
    expect((await listOrganisationsForVetting({ actor: coord, filter: { q: tag }, limit: 1000 })).items).toHaveLength(3)
  })

  test('only coordinators', async () => {
    await expect403(listOrganisationsForVetting({ actor: await caseworkerActor(), filter: {} }))
    const org = await createOrganisation({ status: 'approved' })
    const owner = await addMember(org.id, { role: 'owner' })
    await expect403(
      listOrganisationsForVetting({ actor: partnerActor(owner.id, org.id, 'owner', 'approved'), filter: {} }),
    )
  })
})

describe('getOrganisationForVetting', () => {
  test('details, members, listing counts, history and organisations with the same tax code', async () => {
    const coord = await coordinator('Vũ Thị Mai')
    const taxCode = `07${String(Date.now()).slice(-8)}`
    const org = await createOrganisation({ status: 'pending', name: 'Trường nghề Ánh Dương', taxCode })
    const twin = await createOrganisation({ status: 'rejected', name: 'Trường nghề Ánh Dương (cũ)', taxCode })
    await createOrganisation({ status: 'approved', name: 'Khác', taxCode: `${taxCode}-001` })
    const owner = await addMember(org.id, { role: 'owner', name: 'Nguyễn Thị Lan' })
    const invitee = await createUser({ role: 'partner', name: 'Trần Văn Dũng', verified: false, withPassword: false })
    await getDb()
      .insert(memberships)
      .values({ organisationId: org.id, userId: invitee.id, role: 'member', createdAt: new Date(Date.now() + 1000) })
    const orgRef = { id: org.id, name: org.name, kind: 'employer' as const }
    await createOpportunity({ organisation: orgRef, status: 'open' })
    await createOpportunity({ organisation: orgRef, status: 'open' })
    await createOpportunity({ organisation: orgRef, status: 'draft' })
    await createOpportunity({ organisation: orgRef, status: 'closed' })

    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'approve' })
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'suspend', reason: 'Đang xác minh lại' })

    const view = await getOrganisationForVetting({ actor: coord, organisationId: org.id })
    expect(view.organisation).toMatchObject({
      id: org.id,
      name: 'Trường nghề Ánh Dương',
      status: 'suspended',
      statusReason: 'Đang xác minh lại',
      taxCode,
      vettedById: coord.userId,
    })
    expect(view.wardName).toBe('Phường Hoàn Kiếm')
    expect(view.vettedByName).toBe('Vũ Thị Mai')
    expect(view.members).toEqual([
      { id: owner.id, name: 'Nguyễn Thị Lan', email: owner.email, role: 'owner', verified: true },
      { id: invitee.id, name: 'Trần Văn Dũng', email: invitee.email, role: 'member', verified: false },
    ])
    expect(view.listings).toEqual({ open: 2, draft: 1, closed: 1 })
    expect(view.history.map((h) => [h.action, h.actorName])).toEqual([
      ['organisation.suspended', 'Vũ Thị Mai'],
      ['organisation.approved', 'Vũ Thị Mai'],
    ])
    expect(view.sameTaxCode).toEqual([{ id: twin.id, name: 'Trường nghề Ánh Dương (cũ)', status: 'rejected' }])
    expect(view.decisions).toEqual(['reinstate'])
  })

  test('an organisation without tax code, listings or members', async () => {
    const coord = await coordinator()
    const org = await createOrganisation({ status: 'pending', taxCode: null })
    await createOrganisation({ status: 'pending', taxCode: null })
    const view = await getOrganisationForVetting({ actor: coord, organisationId: org.id })
    expect(view.members).toEqual([])
    expect(view.listings).toEqual({})
    expect(view.history).toEqual([])
    expect(view.sameTaxCode).toEqual([])
    expect(view.decisions).toEqual(['approve', 'reject'])
  })

  test('unknown or malformed id → not_found; non-coordinators → 403', async () => {
    const coord = await coordinator()
    for (const id of ['7f1b5a4e-1c2d-4e3f-8a9b-0c1d2e3f4a5b', 'abc', '']) {
      expect((await appError(getOrganisationForVetting({ actor: coord, organisationId: id }))).code).toBe('not_found')
    }
    const org = await createOrganisation({ status: 'pending' })
    await expect403(getOrganisationForVetting({ actor: await caseworkerActor(), organisationId: org.id }))
  })
})

describe('suspension hides listings from everyone but the coordinator and the organisation', () => {
  async function visibleTo(who: Actor | null, organisationId: string) {
    const rows = await getDb()
      .select({ id: opportunities.id })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(and(eq(opportunities.organisationId, organisationId), visibleOpportunitiesCondition(who)))
    return rows.map((r) => r.id).sort()
  }

  test('suspend → hidden from caseworkers, other partners and the public; reinstate → shown again', async () => {
    const coord = await coordinator()
    const cw = await caseworkerActor()
    const org = await createOrganisation({ status: 'approved', name: 'Công ty Xây dựng Bình Minh' })
    const member = await addMember(org.id, { role: 'member' })
    const other = await createOrganisation({ status: 'approved' })
    const otherOwner = await addMember(other.id, { role: 'owner' })
    const otherPartner = partnerActor(otherOwner.id, other.id, 'owner', 'approved')
    // Inserted directly: the listing itself is not under test.
    const [open] = await getDb()
      .insert(opportunities)
      .values({
        organisationId: org.id,
        kind: 'job',
        title: 'Thợ nề',
        description: 'Xây trát nhà dân',
        wardCode: '00070',
        status: 'open',
        capacity: 2,
        publishedAt: new Date(),
      })
      .returning({ id: opportunities.id })
    const [draft] = await getDb()
      .insert(opportunities)
      .values({
        organisationId: org.id,
        kind: 'job',
        title: 'Phụ hồ',
        description: 'Bản nháp',
        wardCode: '00070',
        status: 'draft',
        capacity: 1,
      })
      .returning({ id: opportunities.id })
    const both = [open!.id, draft!.id].sort()

    expect(await visibleTo(cw, org.id)).toEqual([open!.id])
    expect(await visibleTo(otherPartner, org.id)).toEqual([open!.id])
    expect(await visibleTo(null, org.id)).toEqual([open!.id])
    expect(await visibleTo(coord, org.id)).toEqual(both)
    expect(await visibleTo(partnerActor(member.id, org.id, 'member', 'approved'), org.id)).toEqual(both)

    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'suspend', reason: 'Đang xác minh' })
    expect(await visibleTo(cw, org.id)).toEqual([])
    expect(await visibleTo(otherPartner, org.id)).toEqual([])
    expect(await visibleTo(null, org.id)).toEqual([])
    expect(await visibleTo(coord, org.id)).toEqual(both)
    expect(await visibleTo(partnerActor(member.id, org.id, 'member', 'suspended'), org.id)).toEqual(both)

    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'reinstate' })
    expect(await visibleTo(cw, org.id)).toEqual([open!.id])
    expect(await visibleTo(otherPartner, org.id)).toEqual([open!.id])
    expect(await visibleTo(coord, org.id)).toEqual(both)
  })
})

describe('updateOwnOrganisation', () => {
  const input = (overrides: Record<string, unknown> = {}) =>
    OrganisationProfileSchema.parse({
      organisationName: 'Công ty TNHH Cơ khí Thăng Long',
      taxCode: '0106 543 210 - 001',
      wardCode: '00082',
      address: 'Số 8 phố Tràng Thi',
      phone: '+84 24 3826 1234',
      description: 'Xưởng cơ khí nhận thợ phụ và học việc, có bữa trưa tại xưởng.',
      contactName: 'Đỗ Văn Hùng',
      ...overrides,
    })

  test('the owner updates the details; status stays; audited', async () => {
    // Only details that were not vetted change here: the legal name and the tax code stay as they were.
    const org = await createOrganisation({
      status: 'approved',
      name: 'Công ty TNHH Cơ khí Thăng Long',
      taxCode: '0106543210-001',
    })
    const owner = await addMember(org.id, { role: 'owner' })
    const now = new Date('2026-04-01T02:00:00.000Z')
    const result = await updateOwnOrganisation({
      actor: partnerActor(owner.id, org.id, 'owner', 'approved'),
      input: input(),
      now,
    })
    expect(result).toEqual({ resubmitted: false })
    expect(await orgRow(org.id)).toMatchObject({
      name: 'Công ty TNHH Cơ khí Thăng Long',
      taxCode: '0106543210-001',
      wardCode: '00082',
      address: 'Số 8 phố Tràng Thi',
      phone: '02438261234',
      description: 'Xưởng cơ khí nhận thợ phụ và học việc, có bữa trưa tại xưởng.',
      contactName: 'Đỗ Văn Hùng',
      listedInDirectory: false,
      status: 'approved',
      updatedAt: now,
    })
    const events = await auditFor(org.id)
    expect(events.map((e) => e.action)).toEqual(['organisation.updated'])
    expect(events[0]).toMatchObject({ actorId: owner.id, actorRole: 'partner' })
    // What changed, with the values before and after (the contact person's details by name only).
    expect(events[0]!.details).toEqual({
      changed: ['address', 'contactName', 'description', 'listedInDirectory', 'phone', 'wardCode'],
      before: { wardCode: '00070', address: 'Số 1 Tràng Tiền', listedInDirectory: true },
      after: { wardCode: '00082', address: 'Số 8 phố Tràng Thi', listedInDirectory: false },
      from: 'approved',
      to: 'approved',
    })
  })

  describe.each([
    ['legal name', { organisationName: 'Sở Lao động - Thương binh và Xã hội Hà Nội' }, 'name'],
    ['tax code', { taxCode: '0100000001' }, 'taxCode'],
  ] as const)('an approved organisation that changes its %s', (_label, change, column) => {
    test('goes back to vetting: pending, out of the directory, HSDS and listings, old and new values kept', async () => {
      const org = await createOrganisation({
        status: 'approved',
        name: 'Công ty TNHH Cơ khí Thăng Long',
        taxCode: '0106543210-001',
        listedInDirectory: true,
      })
      const listing = await createOpportunity({ organisation: org, status: 'open' })
      const owner = await addMember(org.id, { role: 'owner' })
      const tag = org.name
      expect((await listHsdsOrganizations({ page: 1, perPage: 500 })).contents.map((o) => o.id)).toContain(org.id)

      const result = await updateOwnOrganisation({
        actor: partnerActor(owner.id, org.id, 'owner', 'approved'),
        input: input({ ...change, wardCode: '00070', address: 'Số 1 Tràng Tiền', listedInDirectory: 'on' }),
      })
      expect(result).toEqual({ resubmitted: false, backToVetting: true })
      const row = await orgRow(org.id)
      expect(row.status).toBe('pending')

      // Hidden until a coordinator approves it again.
      const directory = await listPartnerDirectory({ perPage: 500 })
      expect(directory.items.map((o) => o.id)).not.toContain(org.id)
      expect((await listHsdsOrganizations({ page: 1, perPage: 500 })).contents.map((o) => o.id)).not.toContain(org.id)
      expect(await getHsdsOrganization({ id: org.id, baseUrl: 'http://localhost' })).toBeNull()
      const visible = await getDb()
        .select({ id: opportunities.id })
        .from(opportunities)
        .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
        .where(and(eq(opportunities.id, listing.id), visibleOpportunitiesCondition(await caseworkerActor())))
      expect(visible).toEqual([])

      const [event] = (await auditFor(org.id)).slice(-1)
      expect(event!.action).toBe('organisation.returned_to_vetting')
      const before = { name: tag, taxCode: '0106543210-001' }
      const after = { name: row.name, taxCode: row.taxCode }
      expect(event!.details).toMatchObject({
        from: 'approved',
        to: 'pending',
        before: { [column]: before[column] },
        after: { [column]: after[column] },
      })
      expect(event!.details.changed).toContain(column)

      // The vetting page's history shows what changed.
      const coordinatorView = await getOrganisationForVetting({ actor: await coordinator(), organisationId: org.id })
      expect(coordinatorView.history[0]).toMatchObject({
        action: 'organisation.returned_to_vetting',
        changes: [{ field: column, before: before[column], after: after[column] }],
      })

      // The coordinators' queue has it, and approving it again puts it back.
      const coord = await coordinator()
      const queue = await listOrganisationsForVetting({ actor: coord, filter: { status: 'pending' }, limit: 100 })
      expect(queue.items.map((i) => i.id)).toContain(org.id)
      await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'approve' })
      expect((await listHsdsOrganizations({ page: 1, perPage: 500 })).contents.map((o) => o.id)).toContain(org.id)
    })
  })

  test('the kind of partner cannot be changed from the profile form', async () => {
    const org = await createOrganisation({ status: 'approved', kind: 'lender' })
    const owner = await addMember(org.id, { role: 'owner' })
    const parsed = input({ kind: 'employer', organisationKind: 'employer' })
    expect(parsed).not.toHaveProperty('kind')
    expect(parsed).not.toHaveProperty('organisationKind')
    await updateOwnOrganisation({ actor: partnerActor(owner.id, org.id, 'owner', 'approved'), input: parsed })
    expect((await orgRow(org.id)).kind).toBe('lender')
  })

  test('a member (not the owner) gets a 403 and nothing changes', async () => {
    const org = await createOrganisation({ status: 'approved' })
    const member = await addMember(org.id, { role: 'member' })
    const before = await orgRow(org.id)
    const audit = await n(auditEvents)
    await expect403(
      updateOwnOrganisation({ actor: partnerActor(member.id, org.id, 'member', 'approved'), input: input() }),
    )
    expect(await orgRow(org.id)).toEqual(before)
    expect(await n(auditEvents)).toBe(audit)
  })

  test('a rejected organisation that updates goes back to the vetting queue', async () => {
    const coord = await coordinator()
    const { org, owner } = await organisationWithTeam('pending')
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'reject', reason: 'Thiếu mã số thuế' })
    const result = await updateOwnOrganisation({
      actor: partnerActor(owner.id, org.id, 'owner', 'rejected'),
      input: input({ organisationName: 'Công ty Cơ khí Thăng Long (bổ sung)' }),
    })
    expect(result).toEqual({ resubmitted: true })
    expect(await orgRow(org.id)).toMatchObject({ status: 'pending', name: 'Công ty Cơ khí Thăng Long (bổ sung)' })
    expect((await auditFor(org.id)).map((e) => e.action)).toEqual(['organisation.rejected', 'organisation.resubmitted'])
    const queue = await listOrganisationsForVetting({
      actor: coord,
      filter: { status: 'pending', q: 'Thăng Long (bổ sung)' },
    })
    expect(queue.items.map((i) => i.id)).toEqual([org.id])
    // …and can be approved from there.
    await decideOrganisation({ actor: coord, organisationId: org.id, decision: 'approve' })
    expect((await orgRow(org.id)).status).toBe('approved')
  })

  test.each(['pending', 'suspended'] as const)('a %s organisation that updates keeps its status', async (status) => {
    const org = await createOrganisation({ status })
    const owner = await addMember(org.id, { role: 'owner' })
    const result = await updateOwnOrganisation({
      actor: partnerActor(owner.id, org.id, 'owner', status),
      input: input(),
    })
    expect(result).toEqual({ resubmitted: false })
    expect((await orgRow(org.id)).status).toBe(status)
    expect((await auditFor(org.id)).map((e) => e.action)).toEqual(['organisation.updated'])
  })

  test('an unknown ward → invalid_input on wardCode, nothing changes', async () => {
    const org = await createOrganisation({ status: 'rejected' })
    const owner = await addMember(org.id, { role: 'owner' })
    const before = await orgRow(org.id)
    const audit = await n(auditEvents)
    const error = await appError(
      updateOwnOrganisation({
        actor: partnerActor(owner.id, org.id, 'owner', 'rejected'),
        input: input({ wardCode: '99999' }),
      }),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.field).toBe('wardCode')
    expect(await orgRow(org.id)).toEqual(before)
    expect(await n(auditEvents)).toBe(audit)
  })
})

describe('registerPartner with the organisation details', () => {
  test('stores them as the sign-up form parsed them', async () => {
    const email = uniqueEmail('join')
    const now = new Date('2026-05-05T05:05:05.000Z')
    const parsed = JoinSchema.parse({
      organisationName: '  Trung tâm Dạy nghề Sông Hồng ',
      organisationKind: 'training_centre',
      taxCode: '0101 234 567-002',
      wardCode: '00082',
      address: 'Số 3 phố Cửa Nam',
      phone: '+84 24 3826.1234',
      description: 'Đào tạo nghề điện dân dụng và sửa xe máy cho người lớn.',
      name: 'Hoàng Thị Hà',
      email: ` ${email.toUpperCase()} `,
      password: GOOD,
      acceptTerms: 'on',
    })
    expect(parsed.phone).toBe('02438261234')
    const { acceptTerms: _accept, ...values } = parsed
    const { userId, organisationId } = (await registerPartner({ ...values, locale: 'en', now }))!
    expect(await orgRow(organisationId)).toMatchObject({
      kind: 'training_centre',
      name: 'Trung tâm Dạy nghề Sông Hồng',
      taxCode: '0101234567-002',
      wardCode: '00082',
      address: 'Số 3 phố Cửa Nam',
      phone: '02438261234',
      email,
      contactName: 'Hoàng Thị Hà',
      description: 'Đào tạo nghề điện dân dụng và sửa xe máy cho người lớn.',
      listedInDirectory: false,
      fairChancePledge: true,
      status: 'pending',
      statusReason: null,
      vettedById: null,
      createdAt: now,
    })
    const [membership] = await getDb().select().from(memberships).where(eq(memberships.userId, userId))
    expect(membership).toMatchObject({ organisationId, role: 'owner' })
    const events = await auditFor(organisationId)
    expect(events.map((e) => [e.action, e.details])).toEqual([['organisation.created', { kind: 'training_centre' }]])
  })

  test('an unknown ward → invalid_input on wardCode, no user, organisation, email or audit written', async () => {
    const before = await totals()
    const email = uniqueEmail('badward')
    const error = await appError(
      registerPartner({
        name: 'Hoàng Thị Hà',
        email,
        password: GOOD,
        organisationName: 'Trung tâm Dạy nghề Sông Hồng',
        organisationKind: 'training_centre',
        ...SIGNUP_ORGANISATION,
        wardCode: '99999',
        locale: 'vi',
      }),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.field).toBe('wardCode')
    expect(await totals()).toEqual(before)
    expect(await getDb().select().from(users).where(eq(users.email, email))).toEqual([])
  })
})
