import { readFileSync } from 'node:fs'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  opportunities,
  type LoanPurpose,
  type OpportunityKind,
  type ProgrammeBackground,
} from '#db/schema/index.ts'
import { referCandidate } from '#app/modules/matching/matches.server.ts'
import {
  certificateKey,
  hardRuleFailures,
  rankListing,
  type RankCandidate,
  type RankContext,
  type RankListing,
} from '#app/modules/matching/ranking.ts'
import { sqlScores, suggestOpportunities } from '#app/modules/matching/suggestions.server.ts'
import type { Actor } from '#app/policy.ts'
import { addDays, hanoiToday } from '#app/utils/dates.ts'
import { appError, expect403 } from '../support/errors'
import { consentingCandidate, HA_DONG, partnerStaff, wardCaseworker } from '../factories/matching'
import { createOpportunity, createOrganisation } from '../factories/opportunities'
import { actor, createCaseworker, createUser } from '../factories/users'

// A fixed "now" (10:00 in Hanoi) so ages and deadlines are exact: one person turns 19 today.
const NOW = new Date('2026-06-15T03:00:00Z')
const TODAY = hanoiToday(NOW)

// The former districts of each ward, read from the reference data the migrations load.
const WARD_DISTRICTS: Record<string, string[]> = Object.fromEntries(
  (
    JSON.parse(readFileSync('db/reference/hanoi-wards-2025.json', 'utf8')) as {
      units: { code: string; formerDistricts: string[] }[]
    }
  ).units.map((u) => [u.code, u.formerDistricts]),
)
const WARDS = ['00070', '00082', '09556', '00145', '00235', '00004']

type OrgKey = 'employer' | 'centre' | 'lender' | 'suspendedEmployer' | 'suspendedCentre' | 'pendingLender'
const ORG_FOR_KIND: Record<OpportunityKind, OrgKey> = { job: 'employer', course: 'centre', loan: 'lender' }
const SUSPENDED_FOR_KIND: Record<OpportunityKind, OrgKey> = {
  job: 'suspendedEmployer',
  course: 'suspendedCentre',
  loan: 'pendingLender',
}

type Spec = {
  key: string
  org: OrgKey
  kind: OpportunityKind
  status: 'open' | 'closed' | 'draft'
  wardCode: string
  requiredSkills: string[]
  minAge: number | null
  maxAge: number | null
  acceptsAfterRehab: boolean
  acceptsAfterPrison: boolean
  deadline: string | null
  capacity: number
  seatsTaken: number
  certificate: string | null
  certificateRequired: string | null
  purposes: LoanPurpose[] | null
}

const SKILL_SETS = [
  [],
  ['welding'],
  ['welding', 'metalwork'],
  ['cooking', 'dishwashing', 'industrial_sewing'],
  ['industrial_sewing'],
  ['motorbike_repair', 'small_business'],
  ['cooking'],
  ['welding', 'cooking', 'driving_b2', 'painting', 'industrial_sewing', 'metalwork', 'small_business'],
]
const AGE_RULES: [number | null, number | null][] = [
  [null, null],
  [18, 35],
  [19, 19],
  [20, null],
  [null, 30],
  [30, 60],
  [55, null],
]
const ACCEPTS: [boolean, boolean][] = [
  [true, true],
  [false, true],
  [true, false],
  [false, false],
]
const DEADLINES = [null, addDays(TODAY, -1), TODAY, addDays(TODAY, 10), addDays(TODAY, -30)]
const SEATS: [number, number][] = [
  [3, 0],
  [1, 1],
  [2, 1],
  [5, 5],
  [10, 2],
]
// Written by different partners: the same certificate in different case and spacing.
const COURSE_CERTIFICATES = [
  'Chứng chỉ sơ cấp nghề Hàn',
  '  chứng chỉ sơ cấp nghề hàn ',
  'Chứng chỉ Điện dân dụng',
  null,
]
const JOB_CERTIFICATES = [null, 'CHỨNG CHỈ SƠ CẤP NGHỀ HÀN', 'Chứng chỉ nấu ăn', null, 'Chứng chỉ Điện dân dụng']
const PURPOSES: LoanPurpose[][] = [
  ['self_employment'],
  ['production'],
  ['training', 'self_employment'],
  ['production', 'training'],
]

function at<T>(list: readonly T[], n: number): T {
  return list[n % list.length]!
}

/** 42 listings cycling through the variations with co-prime strides, so the combinations differ. */
function generatedSpecs(): Spec[] {
  return Array.from({ length: 42 }, (_, i) => {
    const kind = at<OpportunityKind>(['job', 'course', 'loan'], i)
    const [capacity, seatsTaken] = at(SEATS, i * 2)
    const [minAge, maxAge] = at(AGE_RULES, i * 3)
    const [acceptsAfterRehab, acceptsAfterPrison] = at(ACCEPTS, i + (i >> 2))
    return {
      key: `g${i}`,
      org: i % 9 === 4 || i % 13 === 7 ? SUSPENDED_FOR_KIND[kind] : ORG_FOR_KIND[kind],
      kind,
      status: i === 17 ? 'draft' : i % 11 === 5 ? 'closed' : 'open',
      wardCode: at(WARDS, i * 5),
      requiredSkills: at(SKILL_SETS, i * 5),
      minAge,
      maxAge,
      acceptsAfterRehab,
      acceptsAfterPrison,
      deadline: at(DEADLINES, i * 3),
      capacity,
      seatsTaken,
      certificate: kind === 'course' ? at(COURSE_CERTIFICATES, i) : null,
      certificateRequired: kind === 'job' ? at(JOB_CERTIFICATES, i) : null,
      purposes: kind === 'loan' ? at(PURPOSES, i) : null,
    }
  })
}

const BASE: Omit<Spec, 'key' | 'kind' | 'org'> = {
  status: 'open',
  wardCode: '09556',
  requiredSkills: [],
  minAge: null,
  maxAge: null,
  acceptsAfterRehab: true,
  acceptsAfterPrison: true,
  deadline: null,
  capacity: 3,
  seatsTaken: 0,
  certificate: null,
  certificateRequired: null,
  purposes: null,
}

/** A few listings designed by hand, with scores for person "an" worked out below. */
const HAND_SPECS: Spec[] = [
  { ...BASE, key: 'h1', org: 'employer', kind: 'job', wardCode: '00070', requiredSkills: ['welding'] },
  {
    ...BASE,
    key: 'h2',
    org: 'employer',
    kind: 'job',
    wardCode: '00082',
    requiredSkills: ['welding', 'painting', 'industrial_sewing'],
    acceptsAfterRehab: false,
  },
  { ...BASE, key: 'h3', org: 'centre', kind: 'course', certificate: 'Chứng chỉ sơ cấp nghề Hàn' },
  { ...BASE, key: 'h4', org: 'employer', kind: 'job', certificateRequired: 'CHỨNG CHỈ SƠ CẤP NGHỀ HÀN' },
  // A job at a suspended employer asking for the cooking certificate: it must not make the course a pathway.
  { ...BASE, key: 'h5', org: 'suspendedEmployer', kind: 'job', certificateRequired: 'Chứng chỉ Nấu ăn' },
  { ...BASE, key: 'h6', org: 'centre', kind: 'course', certificate: 'CHỨNG CHỈ NẤU ĂN ' },
  {
    ...BASE,
    key: 'h7',
    org: 'lender',
    kind: 'loan',
    purposes: ['self_employment'],
    requiredSkills: ['cooking', 'tailoring'],
  },
]

type PersonSpec = {
  key: string
  wardCode: string
  age: number | null
  background: ProgrammeBackground | null
  needs: OpportunityKind[]
  skills: string[]
}

const PEOPLE: PersonSpec[] = [
  { key: 'an', wardCode: '00070', age: 30, background: 'after_rehab', needs: ['job'], skills: ['welding', 'cooking'] },
  {
    key: 'binh',
    wardCode: '09556',
    age: null,
    background: null,
    needs: ['course', 'loan'],
    skills: ['industrial_sewing'],
  },
  { key: 'chi', wardCode: '00082', age: 19, background: 'both', needs: ['job', 'course', 'loan'], skills: [] },
  {
    key: 'dung',
    wardCode: '00145',
    age: 58,
    background: 'after_prison',
    needs: [],
    skills: ['motorbike_repair', 'small_business', 'cooking'],
  },
]

/** Born on this day `age` years ago: exactly `age` today. */
function dateOfBirthFor(age: number): string {
  return `${Number(TODAY.slice(0, 4)) - age}${TODAY.slice(4)}`
}

type Made = Spec & { id: string; title: string; organisationName: string }

let listings: Made[]
let people: (PersonSpec & { id: string })[]
let caseworker: Actor
let coordinator: Actor
let organisationByKey: Record<OrgKey, { id: string; name: string }>

beforeAll(async () => {
  const orgs = {
    employer: await createOrganisation({ kind: 'employer', name: 'Xưởng Cơ khí Thăng Long' }),
    centre: await createOrganisation({ kind: 'training_centre', name: 'Trường nghề Hà Nội Xanh' }),
    lender: await createOrganisation({ kind: 'lender', name: 'Quỹ Tình Thương' }),
    suspendedEmployer: await createOrganisation({ kind: 'employer', status: 'suspended', name: 'Công ty bị đình chỉ' }),
    suspendedCentre: await createOrganisation({
      kind: 'training_centre',
      status: 'suspended',
      name: 'Trung tâm bị đình chỉ',
    }),
    pendingLender: await createOrganisation({ kind: 'lender', status: 'pending', name: 'Quỹ chưa duyệt' }),
  }
  organisationByKey = orgs
  listings = []
  for (const spec of [...HAND_SPECS, ...generatedSpecs()]) {
    const organisation = orgs[spec.org]
    const made = await createOpportunity({
      organisation,
      kind: spec.kind,
      title: `Tin ${spec.key}`,
      wardCode: spec.wardCode,
      status: spec.status,
      capacity: spec.capacity,
      deadline: spec.deadline,
      requiredSkills: spec.requiredSkills,
      minAge: spec.minAge,
      maxAge: spec.maxAge,
      acceptsAfterRehab: spec.acceptsAfterRehab,
      acceptsAfterPrison: spec.acceptsAfterPrison,
      job: { certificateRequired: spec.certificateRequired },
      course: { certificate: spec.certificate },
      loan: spec.purposes ? { purposes: spec.purposes } : undefined,
    })
    if (spec.seatsTaken > 0) {
      await getDb().update(opportunities).set({ seatsTaken: spec.seatsTaken }).where(eq(opportunities.id, made.id))
    }
    listings.push({ ...spec, id: made.id, title: made.title, organisationName: organisation.name })
  }
  const worker = await createCaseworker(WARDS.slice(0, 4))
  caseworker = actor({ role: 'caseworker', userId: worker.id, wardCodes: WARDS.slice(0, 4) })
  const coord = await createUser({ role: 'coordinator' })
  coordinator = actor({ role: 'coordinator', userId: coord.id })
  people = []
  for (const p of PEOPLE) {
    const row = await consentingCandidate({
      wardCode: p.wardCode,
      caseworkerId: worker.id,
      dateOfBirth: p.age === null ? null : dateOfBirthFor(p.age),
      background: p.background,
      needs: p.needs,
      skills: p.skills,
    })
    people.push({ ...p, id: row.id })
  }
})

// What the ranking should see, worked out from the test's own inputs (not from the app's queries).
function rankCandidateOf(p: PersonSpec): RankCandidate {
  return {
    age: p.age,
    background: p.background,
    wardCode: p.wardCode,
    formerDistricts: WARD_DISTRICTS[p.wardCode]!,
    skills: p.skills,
    needs: p.needs,
  }
}

function rankListingOf(l: Spec): RankListing {
  return {
    kind: l.kind,
    wardCode: l.wardCode,
    formerDistricts: WARD_DISTRICTS[l.wardCode]!,
    requiredSkills: l.requiredSkills,
    minAge: l.minAge,
    maxAge: l.maxAge,
    acceptsAfterRehab: l.acceptsAfterRehab,
    acceptsAfterPrison: l.acceptsAfterPrison,
    deadline: l.deadline,
    capacity: l.capacity,
    seatsTaken: l.seatsTaken,
    certificate: l.certificate,
    purposes: l.purposes,
  }
}

function isOfferable(l: Spec): boolean {
  return l.status === 'open' && (l.org === 'employer' || l.org === 'centre' || l.org === 'lender')
}

/** The certificates of offerable jobs this person passes the hard rules of, normalised. */
function contextFor(p: PersonSpec): RankContext {
  const person = rankCandidateOf(p)
  const wanted = listings
    .filter((l) => l.kind === 'job' && isOfferable(l) && l.certificateRequired !== null)
    .filter((l) => hardRuleFailures(person, rankListingOf(l), TODAY).length === 0)
    .map((l) => certificateKey(l.certificateRequired!))
  return { today: TODAY, certificatesWanted: new Set(wanted) }
}

function expectedRankings(p: PersonSpec) {
  const person = rankCandidateOf(p)
  const context = contextFor(p)
  return listings
    .filter(isOfferable)
    .map((l) => ({ listing: l, ranking: rankListing(person, rankListingOf(l), context) }))
}

/** The order of the suggestions: score, then the nearest deadline (none last), then id. */
function byRank(a: { listing: Made; ranking: { score: number } }, b: { listing: Made; ranking: { score: number } }) {
  if (a.ranking.score !== b.ranking.score) return b.ranking.score - a.ranking.score
  const da = a.listing.deadline ?? '9999-12-31'
  const db = b.listing.deadline ?? '9999-12-31'
  if (da !== db) return da < db ? -1 : 1
  return a.listing.id < b.listing.id ? -1 : a.listing.id > b.listing.id ? 1 : 0
}

function personOf(key: string) {
  return people.find((p) => p.key === key)!
}

describe('the world is varied enough to test something', () => {
  test('every place, both pathways and every hard rule occur among relevant offerable listings', () => {
    const all = people.flatMap((p) => expectedRankings(p).map((e) => e.ranking))
    const relevant = all.filter((r) => r.relevant)
    expect(new Set(relevant.map((r) => r.place))).toEqual(new Set(['same_ward', 'same_district', 'farther']))
    expect(new Set(relevant.map((r) => r.pathway))).toEqual(
      new Set([null, 'course_certificate', 'loan_self_employment']),
    )
    expect(new Set(relevant.flatMap((r) => r.failures))).toEqual(
      new Set(['too_young', 'too_old', 'background', 'deadline_passed', 'full']),
    )
    expect(relevant.filter((r) => r.eligible).length).toBeGreaterThanOrEqual(10)
    expect(all.filter((r) => !r.relevant).length).toBeGreaterThanOrEqual(10)
    expect(listings.filter((l) => !isOfferable(l)).length).toBeGreaterThanOrEqual(8)
  })
})

describe('the SQL score agrees with rankListing, listing by listing', () => {
  test.each(PEOPLE.map((p) => p.key))('for %s', async (key) => {
    const p = personOf(key)
    const { person, context, rows } = await sqlScores({ actor: caseworker, candidateId: p.id, now: NOW })
    expect(person).toMatchObject(rankCandidateOf(p))
    expect([...context.certificatesWanted].sort()).toEqual([...contextFor(p).certificatesWanted].sort())
    const expected = expectedRankings(p)
    // Exactly the offerable listings: no draft, no closed one, nothing of a suspended or pending organisation.
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((e) => e.listing.id).sort())
    for (const { listing, ranking } of expected) {
      const row = rows.find((r) => r.id === listing.id)!
      expect({ key: listing.key, score: row.score, relevant: row.relevant, eligible: row.eligible }).toEqual({
        key: listing.key,
        score: ranking.score,
        relevant: ranking.relevant,
        eligible: ranking.eligible,
      })
    }
  })

  test('the hand-made listings score as worked out for "an" (30, after rehab, wants a job, welds and cooks, Hoàn Kiếm)', async () => {
    const an = personOf('an')
    const { rows } = await sqlScores({ actor: caseworker, candidateId: an.id, now: NOW })
    const scoreOf = (key: string) => rows.find((r) => r.id === listings.find((l) => l.key === key)!.id)
    // job, 1/1 skills, same ward: 40 + 30 + 20
    expect(scoreOf('h1')).toMatchObject({ score: 90, relevant: true, eligible: true })
    // job, 1/3 skills, Cửa Nam shares Hoàn Kiếm: 40 + 10 + 10; no one after rehab
    expect(scoreOf('h2')).toMatchObject({ score: 60, relevant: true, eligible: false })
    // a course no one asked for, no skills needed, far, but its certificate is what h4 asks for: 10 + 15
    expect(scoreOf('h3')).toMatchObject({ score: 25, relevant: true, eligible: true })
    // job, no skills needed, far: 40 + 10
    expect(scoreOf('h4')).toMatchObject({ score: 50, relevant: true, eligible: true })
    // the suspended employer's job is not offerable, so the cooking course is no pathway: 10, not relevant
    expect(scoreOf('h5')).toBeUndefined()
    expect(scoreOf('h6')).toMatchObject({ score: 10, relevant: false, eligible: true })
    // a self-employment loan sharing "cooking": 1/2 skills (15) + loan pathway (10); no need for a loan
    expect(scoreOf('h7')).toMatchObject({ score: 25, relevant: true, eligible: true })
  })
})

describe('suggestOpportunities', () => {
  test.each(PEOPLE.map((p) => p.key))(
    'for %s: the eligible, relevant, offerable listings, best first, each explained',
    async (key) => {
      const p = personOf(key)
      const expected = expectedRankings(p)
        .filter((e) => e.ranking.eligible && e.ranking.relevant)
        .sort(byRank)
      const result = await suggestOpportunities({ actor: caseworker, candidateId: p.id, limit: 100, now: NOW })
      expect(result.candidate).toMatchObject({ id: p.id, needs: p.needs, skills: p.skills })
      expect(result.suggestions.map((s) => s.title)).toEqual(expected.map((e) => e.listing.title))
      for (const [i, s] of result.suggestions.entries()) {
        const { listing, ranking } = expected[i]!
        expect(s).toEqual({
          opportunityId: listing.id,
          title: listing.title,
          kind: listing.kind,
          organisationName: listing.organisationName,
          wardName: expect.any(String),
          deadline: listing.deadline,
          seatsLeft: listing.capacity - listing.seatsTaken,
          ranking,
          match: null,
          // These people consented to every purpose.
          consentMissing: null,
        })
      }
      const scores = result.suggestions.map((s) => s.ranking.score)
      expect(scores).toEqual([...scores].sort((a, b) => b - a))
      expect(result.excluded).toEqual([])
    },
  )

  test('withExcluded: the relevant listings a hard rule keeps out, with the rules that failed', async () => {
    for (const p of people) {
      const expected = expectedRankings(p)
        .filter((e) => !e.ranking.eligible && e.ranking.relevant)
        .sort(byRank)
      const result = await suggestOpportunities({
        actor: caseworker,
        candidateId: p.id,
        limit: 100,
        withExcluded: true,
        now: NOW,
      })
      expect(result.excluded.map((s) => s.title)).toEqual(expected.map((e) => e.listing.title))
      for (const [i, s] of result.excluded.entries()) {
        const { listing, ranking } = expected[i]!
        expect(ranking.failures.length).toBeGreaterThan(0)
        expect(s.ranking.failures).toEqual(hardRuleFailures(rankCandidateOf(p), rankListingOf(listing), TODAY))
        expect(s.ranking).toEqual(ranking)
      }
      // The suggestions themselves are unchanged by asking for the excluded ones too.
      const plain = await suggestOpportunities({ actor: caseworker, candidateId: p.id, limit: 100, now: NOW })
      expect(result.suggestions.map((s) => s.opportunityId)).toEqual(plain.suggestions.map((s) => s.opportunityId))
    }
    const an = expectedRankings(personOf('an')).find((e) => e.listing.key === 'h2')!
    expect(an.ranking.failures).toEqual(['background'])
  })

  test('a kind filter and a limit keep the same order', async () => {
    const chi = personOf('chi')
    const expected = expectedRankings(chi)
      .filter((e) => e.ranking.eligible && e.ranking.relevant)
      .sort(byRank)
    for (const kind of ['job', 'course', 'loan'] as const) {
      const result = await suggestOpportunities({ actor: caseworker, candidateId: chi.id, kind, limit: 100, now: NOW })
      expect(result.suggestions.map((s) => s.opportunityId)).toEqual(
        expected.filter((e) => e.listing.kind === kind).map((e) => e.listing.id),
      )
    }
    expect(expected.length).toBeGreaterThan(3)
    const top = await suggestOpportunities({ actor: caseworker, candidateId: chi.id, limit: 3, now: NOW })
    expect(top.suggestions.map((s) => s.opportunityId)).toEqual(expected.slice(0, 3).map((e) => e.listing.id))
  })

  test('a listing the person already has a match on says so', async () => {
    const an = personOf('an')
    const h1 = listings.find((l) => l.key === 'h1')!
    const { matchId } = await referCandidate({ actor: caseworker, candidateId: an.id, opportunityId: h1.id, now: NOW })
    const result = await suggestOpportunities({ actor: caseworker, candidateId: an.id, limit: 100, now: NOW })
    const suggestion = result.suggestions.find((s) => s.opportunityId === h1.id)
    expect(suggestion?.match).toEqual({ id: matchId, status: 'approved' })
    expect(result.suggestions.filter((s) => s.match !== null)).toHaveLength(1)
  })

  test('a coordinator sees anyone; a caseworker of another ward gets not_found; a partner is refused', async () => {
    const an = personOf('an')
    const asCoordinator = await suggestOpportunities({ actor: coordinator, candidateId: an.id, limit: 100, now: NOW })
    expect(asCoordinator.candidate.id).toBe(an.id)
    const stranger = await wardCaseworker(HA_DONG)
    expect((await appError(suggestOpportunities({ actor: stranger.actor, candidateId: an.id, now: NOW }))).code).toBe(
      'not_found',
    )
    expect((await appError(sqlScores({ actor: stranger.actor, candidateId: an.id, now: NOW }))).code).toBe('not_found')
    expect(
      (await appError(suggestOpportunities({ actor: caseworker, candidateId: 'not-a-uuid', now: NOW }))).code,
    ).toBe('not_found')
    const partner = await partnerStaff('employer')
    await expect403(suggestOpportunities({ actor: partner.actor, candidateId: an.id, now: NOW }))
    expect(organisationByKey.employer.id).not.toBe(partner.organisation.id)
  })

  test('each look writes a candidate.viewed audit row for the person', async () => {
    const binh = personOf('binh')
    const before = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, binh.id), eq(auditEvents.action, 'candidate.viewed')))
    await suggestOpportunities({ actor: caseworker, candidateId: binh.id, now: NOW })
    const after = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, binh.id), eq(auditEvents.action, 'candidate.viewed')))
    expect(after).toHaveLength(before.length + 1)
    const row = after.find((a) => !before.some((b) => b.id === a.id))!
    expect(row).toMatchObject({
      actorId: caseworker.userId,
      actorRole: 'caseworker',
      subjectType: 'candidate',
      subjectId: binh.id,
      details: { page: 'suggestions' },
    })
    // A refused look (out of scope: Đống Đa, where nobody here lives) leaves no trace of having seen the person.
    const stranger = await wardCaseworker('00235')
    await appError(suggestOpportunities({ actor: stranger.actor, candidateId: binh.id, now: NOW }))
    const later = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, binh.id), eq(auditEvents.action, 'candidate.viewed')))
    expect(later).toHaveLength(after.length)
  })
})

describe('the consent a referral would need', () => {
  test('each suggestion says which consent is missing for its kind of partner, and nothing when it is given', async () => {
    const p = personOf(PEOPLE[0]!.key)
    const other = await consentingCandidate({
      wardCode: p.wardCode,
      dateOfBirth: p.age === null ? null : dateOfBirthFor(p.age),
      background: p.background,
      needs: p.needs,
      skills: p.skills,
      purposes: ['talent_pool', 'share_with_employers'],
    })
    const result = await suggestOpportunities({ actor: caseworker, candidateId: other.id, limit: 100, now: NOW })
    expect(result.suggestions.length).toBeGreaterThan(0)
    const expected = { job: null, course: 'share_with_training_centres', loan: 'share_with_lenders' } as const
    for (const s of result.suggestions) expect(s.consentMissing, s.title).toBe(expected[s.kind])
    expect(new Set(result.suggestions.map((s) => s.kind)).size).toBeGreaterThan(1)
  })
})
