import { and, asc, count, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  courseDetails,
  jobDetails,
  loanDetails,
  opportunities,
  organisations,
  skills,
} from '#db/schema/index.ts'
import type { ListingInput } from '#app/modules/opportunities/listings.schema.ts'
import { hanoiToday } from '#app/modules/opportunities/listings.schema.ts'
import {
  closeListing,
  createListing,
  deleteDraft,
  getOwnListing,
  listOwnListings,
  publishListing,
  refreshListingSearchText,
  reopenListing,
  updateListing,
} from '#app/modules/opportunities/listings.server.ts'
import { visibleOpportunitiesCondition } from '#app/modules/opportunities/visibility.server.ts'
import type { Actor } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import {
  addMember,
  makeOrganisationWithOwner,
  makeStaff,
  setOrganisationStatus,
  withOrganisationStatus,
  type MadeMember,
  type MadeOrganisation,
} from '../factories/organisations'
import { appError } from '../support/errors'

const DAY = 24 * 3600_000

/** A Hanoi calendar day `days` from today, as YYYY-MM-DD. */
function inDays(days: number, from = new Date()) {
  return hanoiToday(new Date(from.getTime() + days * DAY))
}

function jobInput(overrides: Partial<Extract<ListingInput, { kind: 'job' }>> = {}): ListingInput {
  return {
    kind: 'job',
    title: 'Thợ hàn kết cấu thép',
    description: 'Hàn khung thép cho nhà xưởng, có thợ cả kèm cặp trong tháng đầu tiên.',
    wardCode: '00070',
    capacity: '5',
    deadline: inDays(30),
    employmentType: 'full_time',
    wageMin: '5.000.000',
    wageMax: '8,000,000',
    wagePeriod: 'month',
    shift: 'Ca ngày 7h30–17h',
    mealsProvided: true,
    certificateRequired: 'Chứng chỉ sơ cấp nghề hàn',
    requiredSkills: ['welding'],
    minAge: '18',
    maxAge: '45',
    acceptsAfterRehab: true,
    acceptsAfterPrison: true,
    eligibilityNotes: 'Mang theo căn cước công dân.',
    ...overrides,
  }
}

function courseInput(overrides: Partial<Extract<ListingInput, { kind: 'course' }>> = {}): ListingInput {
  return {
    kind: 'course',
    title: 'Sơ cấp nghề điện dân dụng',
    description: 'Lắp đặt, sửa chữa điện trong nhà; 70% thời lượng thực hành tại xưởng.',
    wardCode: '00082',
    capacity: 20,
    durationWeeks: '12',
    schedule: 'Thứ Hai – thứ Sáu, 8h–11h30',
    startDate: inDays(40),
    costVnd: '4.500.000',
    subsidyVnd: '4.500.000',
    certificate: 'Chứng chỉ sơ cấp nghề điện dân dụng',
    requiredSkills: ['domestic_electrical'],
    acceptsAfterRehab: true,
    acceptsAfterPrison: false,
    ...overrides,
  }
}

function loanInput(overrides: Partial<Extract<ListingInput, { kind: 'loan' }>> = {}): ListingInput {
  return {
    kind: 'loan',
    title: 'Vay vốn khởi nghiệp sau cai nghiện',
    description: 'Vay vốn ưu đãi để học nghề hoặc mở cơ sở sản xuất nhỏ, có cán bộ hướng dẫn.',
    wardCode: '09556',
    capacity: 10,
    amountMin: '10.000.000',
    amountMax: '200.000.000',
    interestRate: '6,6',
    termMonths: 120,
    gracePeriodMonths: 12,
    guarantorRequired: true,
    purposes: ['training', 'production'],
    acceptsAfterRehab: true,
    acceptsAfterPrison: true,
    ...overrides,
  }
}

async function auditOf(listingId: string) {
  return getDb()
    .select({ action: auditEvents.action, actorId: auditEvents.actorId, details: auditEvents.details })
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'opportunity'), eq(auditEvents.subjectId, listingId)))
    .orderBy(asc(auditEvents.id))
}

async function auditCount() {
  const [row] = await getDb().select({ n: count() }).from(auditEvents)
  return Number(row!.n)
}

async function row(listingId: string) {
  const [r] = await getDb().select().from(opportunities).where(eq(opportunities.id, listingId))
  return r
}

/** A 403 from the policy (authorize throws AppError forbidden; a route's own check, a Response). */
async function forbidden(promise: Promise<unknown>): Promise<number> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError && error.code === 'forbidden') return error.status
    if (error instanceof Response) return error.status
    throw error
  }
  throw new Error('expected a 403, the call succeeded')
}

let employer: MadeOrganisation
let employerOwner: MadeMember
let employerMember: MadeMember
let otherMember: MadeMember
let centreOwner: MadeMember
let lenderOwner: MadeMember
let caseworker: Actor
let coordinator: Actor

beforeAll(async () => {
  ;({ organisation: employer, owner: employerOwner } = await makeOrganisationWithOwner({
    kind: 'employer',
    name: 'Công ty TNHH Cơ khí Hàn Việt',
  }))
  employerMember = await addMember(employer)
  ;({ owner: otherMember } = await makeOrganisationWithOwner({ kind: 'employer' }))
  ;({ owner: centreOwner } = await makeOrganisationWithOwner({
    kind: 'training_centre',
    status: 'pending',
    name: 'Trường Trung cấp Nghề Đông Đô',
  }))
  ;({ owner: lenderOwner } = await makeOrganisationWithOwner({
    kind: 'lender',
    name: 'Quỹ Tín dụng Bắt đầu lại',
  }))
  caseworker = (await makeStaff('caseworker', ['00070'])).actor
  coordinator = (await makeStaff('coordinator')).actor
})

describe('creating a draft', () => {
  test('a job: the row, its details with money parsed, folded search text and an audit event', async () => {
    const before = await auditCount()
    const { id } = await createListing({ actor: employerMember.actor, listing: jobInput() })

    const r = await row(id)
    expect(r).toMatchObject({
      organisationId: employer.id,
      kind: 'job',
      status: 'draft',
      title: 'Thợ hàn kết cấu thép',
      wardCode: '00070',
      capacity: 5,
      minAge: 18,
      maxAge: 45,
      requiredSkills: ['welding'],
      acceptsAfterRehab: true,
      acceptsAfterPrison: true,
      publishedAt: null,
      closedAt: null,
      createdById: employerMember.id,
    })
    const [details] = await getDb().select().from(jobDetails).where(eq(jobDetails.opportunityId, id))
    expect(details).toEqual({
      opportunityId: id,
      employmentType: 'full_time',
      wageMin: 5_000_000,
      wageMax: 8_000_000,
      wagePeriod: 'month',
      shift: 'Ca ngày 7h30–17h',
      housingProvided: false,
      mealsProvided: true,
      certificateRequired: 'Chứng chỉ sơ cấp nghề hàn',
    })

    // Folded: lower case, no diacritics; skill names in both languages; organisation; certificate; ward.
    expect(r!.searchText).toContain('tho han ket cau thep')
    expect(r!.searchText).toContain('cong ty tnhh co khi han viet')
    expect(r!.searchText).toContain('welding')
    expect(r!.searchText).toContain('chung chi so cap nghe han')
    expect(r!.searchText).toContain('toan thoi gian')
    expect(r!.searchText).toContain('full-time')
    expect(r!.searchText).not.toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/)

    expect(await auditOf(id)).toEqual([
      {
        action: 'listing.created',
        actorId: employerMember.id,
        details: { organisationId: employer.id, kind: 'job' },
      },
    ])
    expect(await auditCount()).toBe(before + 1)
  })

  test('a course by a training centre still pending vetting (drafts need no approval)', async () => {
    const { id } = await createListing({ actor: centreOwner.actor, listing: courseInput() })
    expect(await row(id)).toMatchObject({ kind: 'course', status: 'draft', acceptsAfterPrison: false })
    const [details] = await getDb().select().from(courseDetails).where(eq(courseDetails.opportunityId, id))
    expect(details).toMatchObject({ durationWeeks: 12, costVnd: 4_500_000, subsidyVnd: 4_500_000 })
  })

  test('a loan programme: the rate "6,6" is 6.6 % and 200 million is allowed', async () => {
    const { id } = await createListing({ actor: lenderOwner.actor, listing: loanInput() })
    const [details] = await getDb().select().from(loanDetails).where(eq(loanDetails.opportunityId, id))
    expect(details).toEqual({
      opportunityId: id,
      amountMin: 10_000_000,
      amountMax: 200_000_000,
      interestRate: 6.6,
      termMonths: 120,
      gracePeriodMonths: 12,
      collateralRequired: false,
      guarantorRequired: true,
      purposes: ['training', 'production'],
    })
    expect((await row(id))!.searchText).toContain('hoc nghe')
  })

  test("the kind follows the organisation's: an employer cannot list a course", async () => {
    const before = await auditCount()
    const error = await appError(createListing({ actor: employerOwner.actor, listing: courseInput() }))
    expect([error.code, error.field, error.values?.message]).toEqual([
      'invalid_input',
      'kind',
      'listingErrors.wrongKind',
    ])
    expect(await auditCount()).toBe(before)
  })

  test('markup is stored as the text it is', async () => {
    const title = '<script>alert("x")</script> Phụ hàn'
    const { id } = await createListing({ actor: employerOwner.actor, listing: jobInput({ title }) })
    expect((await row(id))!.title).toBe(title)
  })
})

describe('validation in the domain function (not only in the form)', () => {
  const cases: [string, Partial<Extract<ListingInput, { kind: 'job' }>>, string, string][] = [
    ['capacity 0', { capacity: 0 }, 'capacity', 'listingValidation.capacityRange'],
    ['capacity 10,001', { capacity: '10.001' }, 'capacity', 'listingValidation.capacityRange'],
    ['capacity 2.5', { capacity: 2.5 }, 'capacity', 'listingValidation.wholeNumber'],
    ['a past deadline', { deadline: inDays(-1) }, 'deadline', 'listingValidation.deadlinePast'],
    ['a negative wage', { wageMin: '-5.000.000' }, 'wageMin', 'listingValidation.moneyNegative'],
    ['a decimal wage', { wageMin: 5_000_000.5 }, 'wageMin', 'listingValidation.moneyWhole'],
    ['wage min above max', { wageMin: 9_000_000, wageMax: 8_000_000 }, 'wageMax', 'listingValidation.wageOrder'],
    ['age 14', { minAge: 14 }, 'minAge', 'listingValidation.ageRange'],
    ['ages reversed', { minAge: 50, maxAge: 20 }, 'maxAge', 'listingValidation.ageOrder'],
    ['a short title', { title: 'Hàn' }, 'title', 'listingValidation.titleLength'],
    [
      'nobody welcome',
      { acceptsAfterRehab: false, acceptsAfterPrison: false },
      'acceptsAfterPrison',
      'listingValidation.acceptsNobody',
    ],
    ['a ward outside the list', { wardCode: '99999' }, 'wardCode', 'listingValidation.wardUnknown'],
    [
      'a skill outside the vocabulary',
      { requiredSkills: ['juggling'] },
      'requiredSkills',
      'listingValidation.skillUnknown',
    ],
  ]
  test.each(cases)('%s is refused, nothing written', async (_name, overrides, field, message) => {
    const [before] = await getDb().select({ n: count() }).from(opportunities)
    const auditBefore = await auditCount()
    const error = await appError(createListing({ actor: employerOwner.actor, listing: jobInput(overrides) }))
    expect([error.code, error.field, error.values?.message]).toEqual(['invalid_input', field, message])
    const [after] = await getDb().select({ n: count() }).from(opportunities)
    expect(after!.n).toBe(before!.n)
    expect(await auditCount()).toBe(auditBefore)
  })

  test('a loan above 200 million đồng, and a course subsidy above its fee', async () => {
    const loan = await appError(
      createListing({ actor: lenderOwner.actor, listing: loanInput({ amountMax: '200.000.001' }) }),
    )
    expect([loan.field, loan.values?.message]).toEqual(['amountMax', 'listingValidation.loanAmountCap'])
    const course = await appError(
      createListing({ actor: centreOwner.actor, listing: courseInput({ costVnd: 1_000_000, subsidyVnd: 2_000_000 }) }),
    )
    expect([course.field, course.values?.message]).toEqual(['subsidyVnd', 'listingValidation.subsidyExceedsCost'])
  })

  test('a skill a coordinator has retired is refused', async () => {
    await getDb().update(skills).set({ active: false }).where(eq(skills.code, 'bartending'))
    const error = await appError(
      createListing({ actor: employerOwner.actor, listing: jobInput({ requiredSkills: ['welding', 'bartending'] }) }),
    )
    expect([error.field, error.values?.message]).toEqual(['requiredSkills', 'listingValidation.skillUnknown'])
    await getDb().update(skills).set({ active: true }).where(eq(skills.code, 'bartending'))
  })
})

describe('the lifecycle draft → open → closed → open', () => {
  test('every step changes the state, stamps the time and writes its audit event', async () => {
    const actor = employerOwner.actor
    const { id } = await createListing({ actor, listing: jobInput() })

    const publishedAt = new Date(Date.now() - 60_000)
    await publishListing({ actor, listingId: id, now: publishedAt })
    expect(await row(id)).toMatchObject({ status: 'open', publishedAt, closedAt: null })

    // Editing an open listing keeps it open, and the audit says which fields changed.
    const { changed } = await updateListing({
      actor: employerMember.actor,
      listingId: id,
      listing: jobInput({ title: 'Thợ hàn bậc 3', capacity: 3 }),
    })
    expect(changed).toEqual(['capacity', 'title'])
    expect(await row(id)).toMatchObject({ status: 'open', title: 'Thợ hàn bậc 3', capacity: 3, publishedAt })
    expect((await row(id))!.searchText).toContain('tho han bac 3')

    const closedAt = new Date()
    await closeListing({ actor, listingId: id, now: closedAt })
    expect(await row(id)).toMatchObject({ status: 'closed', closedAt })

    const reopenedAt = new Date(Date.now() + 1000)
    await reopenListing({ actor, listingId: id, now: reopenedAt })
    expect(await row(id)).toMatchObject({ status: 'open', closedAt: null, publishedAt: reopenedAt })

    const audit = await auditOf(id)
    expect(audit.map((a) => a.action)).toEqual([
      'listing.created',
      'listing.published',
      'listing.updated',
      'listing.closed',
      'listing.reopened',
    ])
    expect(audit[2]).toEqual({
      action: 'listing.updated',
      actorId: employerMember.id,
      details: { organisationId: employer.id, status: 'open', fields: ['capacity', 'title'] },
    })
    expect(audit[4]!.details).toEqual({ organisationId: employer.id, deadlineChanged: false })
  })

  test('transitions outside the table are conflicts with their own message, and change nothing', async () => {
    const actor = employerOwner.actor
    const { id: draft } = await createListing({ actor, listing: jobInput() })
    const { id: open } = await createListing({ actor, listing: jobInput() })
    await publishListing({ actor, listingId: open })
    const { id: closed } = await createListing({ actor, listing: jobInput() })
    await publishListing({ actor, listingId: closed })
    await closeListing({ actor, listingId: closed })
    const before = await auditCount()

    const refused = async (promise: Promise<unknown>) => {
      const e = await appError(promise)
      return [e.code, e.values?.message]
    }
    expect(await refused(publishListing({ actor, listingId: open }))).toEqual([
      'conflict',
      'listingErrors.cannotPublish',
    ])
    expect(await refused(publishListing({ actor, listingId: closed }))).toEqual([
      'conflict',
      'listingErrors.cannotPublish',
    ])
    expect(await refused(closeListing({ actor, listingId: draft }))).toEqual(['conflict', 'listingErrors.cannotClose'])
    expect(await refused(closeListing({ actor, listingId: closed }))).toEqual(['conflict', 'listingErrors.cannotClose'])
    expect(await refused(reopenListing({ actor, listingId: draft }))).toEqual([
      'conflict',
      'listingErrors.cannotReopen',
    ])
    expect(await refused(reopenListing({ actor, listingId: open }))).toEqual(['conflict', 'listingErrors.cannotReopen'])
    expect(await refused(updateListing({ actor, listingId: closed, listing: jobInput() }))).toEqual([
      'conflict',
      'listingErrors.cannotEditClosed',
    ])
    expect(await refused(deleteDraft({ actor, listingId: open }))).toEqual(['conflict', 'listingErrors.cannotDelete'])

    expect((await row(draft))!.status).toBe('draft')
    expect((await row(open))!.status).toBe('open')
    expect((await row(closed))!.status).toBe('closed')
    expect(await auditCount()).toBe(before)
  })

  test('two members publishing and closing at the same moment: one wins, the other is told', async () => {
    const { id } = await createListing({ actor: employerOwner.actor, listing: jobInput() })
    const published = await Promise.allSettled([
      publishListing({ actor: employerOwner.actor, listingId: id }),
      publishListing({ actor: employerMember.actor, listingId: id }),
    ])
    expect(published.map((p) => p.status).sort()).toEqual(['fulfilled', 'rejected'])
    const loser = published.find((p) => p.status === 'rejected') as PromiseRejectedResult
    expect([(loser.reason as AppError).code, (loser.reason as AppError).values?.message]).toEqual([
      'conflict',
      'listingErrors.cannotPublish',
    ])
    const closed = await Promise.allSettled([
      closeListing({ actor: employerOwner.actor, listingId: id }),
      closeListing({ actor: employerMember.actor, listingId: id }),
    ])
    expect(closed.map((p) => p.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['listing.created', 'listing.published', 'listing.closed'])
  })

  test('a draft can be edited and stays a draft; a stale form does not overwrite a newer change', async () => {
    const actor = employerOwner.actor
    const { id } = await createListing({ actor, listing: jobInput() })
    const loaded = await getOwnListing({ actor, listingId: id })
    await updateListing({
      actor: employerMember.actor,
      listingId: id,
      listing: jobInput({ wageMax: '9.000.000' }),
      expectedUpdatedAt: loaded.updatedAt,
      now: new Date(Date.now() + 1000),
    })
    expect((await row(id))!.status).toBe('draft')
    const [details] = await getDb().select().from(jobDetails).where(eq(jobDetails.opportunityId, id))
    expect(details!.wageMax).toBe(9_000_000)

    const stale = await appError(
      updateListing({ actor, listingId: id, listing: jobInput({ capacity: 9 }), expectedUpdatedAt: loaded.updatedAt }),
    )
    expect([stale.code, stale.values?.message]).toEqual(['conflict', 'listingErrors.changedMeanwhile'])
    expect((await row(id))!.capacity).toBe(5)
  })

  test('a draft can be deleted (with its details); the audit event remains', async () => {
    const actor = employerOwner.actor
    const { id } = await createListing({ actor, listing: jobInput() })
    await deleteDraft({ actor, listingId: id })
    expect(await row(id)).toBeUndefined()
    expect(await getDb().select().from(jobDetails).where(eq(jobDetails.opportunityId, id))).toEqual([])
    expect((await auditOf(id)).map((a) => a.action)).toEqual(['listing.created', 'listing.deleted'])
  })
})

describe('deadlines when publishing and reopening', () => {
  test('a draft whose deadline has since passed cannot be published until the deadline is changed', async () => {
    const actor = employerOwner.actor
    const tenDaysAgo = new Date(Date.now() - 10 * DAY)
    const { id } = await createListing({
      actor,
      listing: jobInput({ deadline: inDays(2, tenDaysAgo) }),
      now: tenDaysAgo,
    })
    const error = await appError(publishListing({ actor, listingId: id }))
    expect([error.code, error.field, error.values?.message]).toEqual([
      'invalid_input',
      'deadline',
      'listingErrors.deadlinePassed',
    ])
    expect((await row(id))!.status).toBe('draft')

    await updateListing({ actor, listingId: id, listing: jobInput({ deadline: hanoiToday() }) })
    await publishListing({ actor, listingId: id })
    expect((await row(id))!.status).toBe('open')
  })

  test('reopening needs a deadline today or later: keep, replace or clear it', async () => {
    const actor = employerOwner.actor
    const tenDaysAgo = new Date(Date.now() - 10 * DAY)
    const { id } = await createListing({
      actor,
      listing: jobInput({ deadline: inDays(3, tenDaysAgo) }),
      now: tenDaysAgo,
    })
    await publishListing({ actor, listingId: id, now: tenDaysAgo })
    await closeListing({ actor, listingId: id })

    const kept = await appError(reopenListing({ actor, listingId: id }))
    expect([kept.field, kept.values?.message]).toEqual(['deadline', 'listingErrors.deadlinePassed'])
    const past = await appError(reopenListing({ actor, listingId: id, deadline: inDays(-1) }))
    expect([past.field, past.values?.message]).toEqual(['deadline', 'listingValidation.deadlinePast'])
    expect((await row(id))!.status).toBe('closed')

    await reopenListing({ actor, listingId: id, deadline: inDays(14) })
    expect(await row(id)).toMatchObject({ status: 'open', deadline: inDays(14) })
    expect((await auditOf(id)).at(-1)!.details).toEqual({ organisationId: employer.id, deadlineChanged: true })

    await closeListing({ actor, listingId: id })
    await reopenListing({ actor, listingId: id, deadline: null })
    expect(await row(id)).toMatchObject({ status: 'open', deadline: null })
  })
})

describe('who may do what', () => {
  test('a pending, rejected or suspended organisation can draft but not publish or reopen', async () => {
    for (const status of ['pending', 'rejected', 'suspended'] as const) {
      const { organisation, owner } = await makeOrganisationWithOwner({ kind: 'employer', status })
      const { id } = await createListing({ actor: owner.actor, listing: jobInput() })
      expect(await forbidden(publishListing({ actor: owner.actor, listingId: id }))).toBe(403)
      expect(await forbidden(reopenListing({ actor: owner.actor, listingId: id }))).toBe(403)
      expect((await row(id))!.status).toBe('draft')
      expect(organisation.status).toBe(status)
    }
  })

  test('the database has the last word: an organisation suspended since the session began cannot publish', async () => {
    const { organisation, owner } = await makeOrganisationWithOwner({ kind: 'employer' })
    const { id } = await createListing({ actor: owner.actor, listing: jobInput() })
    await setOrganisationStatus(organisation.id, 'suspended')
    const error = await appError(publishListing({ actor: owner.actor, listingId: id }))
    expect([error.code, error.values?.message]).toEqual(['forbidden', 'listingErrors.notApproved'])
    expect((await row(id))!.status).toBe('draft')
  })

  test('a member of another organisation gets not_found for every listing of this one, and nothing changes', async () => {
    const { id: draft } = await createListing({ actor: employerOwner.actor, listing: jobInput() })
    const { id: open } = await createListing({ actor: employerOwner.actor, listing: jobInput() })
    await publishListing({ actor: employerOwner.actor, listingId: open })
    const { id: closed } = await createListing({ actor: employerOwner.actor, listing: jobInput() })
    await publishListing({ actor: employerOwner.actor, listingId: closed })
    await closeListing({ actor: employerOwner.actor, listingId: closed })
    const before = await auditCount()

    const actor = otherMember.actor
    // Thunks, run one at a time: created together, the calls would run (and fail) concurrently on a pool.
    const attempts = [
      () => getOwnListing({ actor, listingId: draft }),
      () => getOwnListing({ actor, listingId: open }),
      () => updateListing({ actor, listingId: draft, listing: jobInput({ title: 'Bị sửa trộm' }) }),
      () => updateListing({ actor, listingId: open, listing: jobInput({ title: 'Bị sửa trộm' }) }),
      () => publishListing({ actor, listingId: draft }),
      () => closeListing({ actor, listingId: open }),
      () => reopenListing({ actor, listingId: closed }),
      () => deleteDraft({ actor, listingId: draft }),
      // Not a listing id at all: the same answer, not a database error.
      () => getOwnListing({ actor, listingId: 'not-a-uuid' }),
      () => publishListing({ actor, listingId: '00000000-0000-4000-8000-000000000000' }),
    ]
    for (const attempt of attempts) expect((await appError(attempt())).code).toBe('not_found')

    expect((await row(draft))!).toMatchObject({ status: 'draft', title: 'Thợ hàn kết cấu thép' })
    expect((await row(open))!).toMatchObject({ status: 'open', title: 'Thợ hàn kết cấu thép' })
    expect((await row(closed))!.status).toBe('closed')
    expect(await auditCount()).toBe(before)
    const theirs = await listOwnListings({ actor })
    expect(theirs.listings.map((l) => l.id)).not.toContain(draft)
    expect(theirs.counts.all).toBe(0)
  })

  test('caseworkers and coordinators cannot use the partner functions (403)', async () => {
    const { id } = await createListing({ actor: employerOwner.actor, listing: jobInput() })
    for (const actor of [caseworker, coordinator]) {
      const calls = [
        () => createListing({ actor, listing: jobInput() }),
        () => updateListing({ actor, listingId: id, listing: jobInput() }),
        () => publishListing({ actor, listingId: id }),
        () => closeListing({ actor, listingId: id }),
        () => reopenListing({ actor, listingId: id }),
        () => deleteDraft({ actor, listingId: id }),
        () => getOwnListing({ actor, listingId: id }),
        () => listOwnListings({ actor }),
      ]
      for (const call of calls) expect(await forbidden(call())).toBe(403)
    }
    expect((await row(id))!.status).toBe('draft')
  })

  test('an unverified member cannot draft (403)', async () => {
    const unverified: Actor = { ...employerMember.actor, emailVerified: false }
    expect(await forbidden(createListing({ actor: unverified, listing: jobInput() }))).toBe(403)
  })
})

describe('what the partner sees of its own listings', () => {
  test('counts by state, a filter, seats left (the capacity until referrals count) and overdue deadlines', async () => {
    const { organisation, owner } = await makeOrganisationWithOwner({ kind: 'training_centre' })
    const actor = owner.actor
    const tenDaysAgo = new Date(Date.now() - 10 * DAY)
    const a = await createListing({ actor, listing: courseInput({ title: 'Khóa A – nấu ăn', capacity: 12 }) })
    const b = await createListing({
      actor,
      listing: courseInput({ title: 'Khóa B – làm bánh', deadline: inDays(1, tenDaysAgo) }),
      now: tenDaysAgo,
    })
    await publishListing({ actor, listingId: b.id, now: tenDaysAgo })
    const c = await createListing({ actor, listing: courseInput({ title: 'Khóa C – pha chế' }) })
    await publishListing({ actor, listingId: c.id })
    await closeListing({ actor, listingId: c.id })

    const all = await listOwnListings({ actor })
    expect(all.counts).toEqual({ draft: 1, open: 1, closed: 1, all: 3 })
    expect(all.listings.map((l) => l.title).sort()).toEqual([
      'Khóa A – nấu ăn',
      'Khóa B – làm bánh',
      'Khóa C – pha chế',
    ])
    const first = all.listings.find((l) => l.id === a.id)!
    expect(first).toMatchObject({
      status: 'draft',
      capacity: 12,
      seatsLeft: 12,
      referralCount: 0,
      wardName: 'Phường Cửa Nam',
      deadlinePassed: false,
    })

    const open = await listOwnListings({ actor, status: 'open' })
    expect(open.counts.all).toBe(3)
    expect(open.listings.map((l) => [l.id, l.deadlinePassed])).toEqual([[b.id, true]])

    const one = await getOwnListing({ actor, listingId: a.id })
    expect(one).toMatchObject({ status: 'draft', kind: 'course', referralCount: 0, publishedAt: null })
    expect(one.opportunity).toMatchObject({
      organisationName: (await getDb().select().from(organisations).where(eq(organisations.id, organisation.id)))[0]!
        .name,
      wardName: 'Phường Cửa Nam',
      seatsLeft: 12,
      job: null,
      loan: null,
      course: { durationWeeks: 12, costVnd: 4_500_000, subsidyVnd: 4_500_000 },
      skills: [{ code: 'domestic_electrical', nameVi: 'Điện dân dụng', nameEn: 'Domestic electrical work' }],
    })
  })
})

describe('search text', () => {
  test('"Hàn" is found as "han", and follows a rename of the organisation once refreshed', async () => {
    const { organisation, owner } = await makeOrganisationWithOwner({ kind: 'employer', name: 'Xưởng Đúc Hà Đông' })
    const { id } = await createListing({
      actor: owner.actor,
      listing: jobInput({ title: 'Thợ Hàn', description: 'Hàn cửa sắt, hàng rào; làm việc tại xưởng ở Hà Đông.' }),
    })
    const text = (await row(id))!.searchText
    expect(text).toContain('tho han')
    expect(text).toContain('xuong duc ha dong')
    expect(text).not.toContain('Hàn')

    await getDb().update(organisations).set({ name: 'Cơ khí Đồng Tâm' }).where(eq(organisations.id, organisation.id))
    expect(await refreshListingSearchText(getDb(), { organisationId: organisation.id })).toBe(1)
    expect((await row(id))!.searchText).toContain('co khi dong tam')
    expect((await row(id))!.searchText).not.toContain('xuong duc')
  })
})

describe('visibility of a suspended organisation’s open listing', () => {
  test('hidden from caseworkers at once, still visible to its own members and to coordinators', async () => {
    const { organisation, owner } = await makeOrganisationWithOwner({ kind: 'employer' })
    const { id } = await createListing({ actor: owner.actor, listing: jobInput() })
    await publishListing({ actor: owner.actor, listingId: id })
    const { id: draft } = await createListing({ actor: owner.actor, listing: jobInput() })

    const visibleTo = async (actor: Actor | null) => {
      const rows = await getDb()
        .select({ id: opportunities.id })
        .from(opportunities)
        .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
        .where(and(inArray(opportunities.id, [id, draft]), visibleOpportunitiesCondition(actor)))
      return rows.map((r) => r.id).sort()
    }

    expect(await visibleTo(caseworker)).toEqual([id])
    expect(await visibleTo(null)).toEqual([id])
    expect(await visibleTo(otherMember.actor)).toEqual([id])

    await setOrganisationStatus(organisation.id, 'suspended')
    const suspendedOwner = withOrganisationStatus(owner, 'suspended')
    expect(await visibleTo(caseworker)).toEqual([])
    expect(await visibleTo(null)).toEqual([])
    expect(await visibleTo(otherMember.actor)).toEqual([])
    expect(await visibleTo(suspendedOwner)).toEqual([id, draft].sort())
    expect(await visibleTo(coordinator)).toEqual([id, draft].sort())
    // …and the suspended organisation can still see and close its own listing.
    expect((await getOwnListing({ actor: suspendedOwner, listingId: id })).status).toBe('open')
    await closeListing({ actor: suspendedOwner, listingId: id })
    expect((await row(id))!.status).toBe('closed')
  })
})

test('an AppError from a listing function is an AppError (routes rely on it)', async () => {
  const error = await appError(getOwnListing({ actor: employerOwner.actor, listingId: 'x' }))
  expect(error).toBeInstanceOf(AppError)
  expect(error.status).toBe(404)
})
