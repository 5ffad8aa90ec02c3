import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { followUps, matchEvents, matchReports, matches, wardTargets, type MatchStatus } from '#db/schema/index.ts'
import {
  candidatesByStatusAndWard,
  courseCompletion,
  funnel,
  loans,
  medianDaysToFirstStart,
  overdueCheckIns,
  partnerScorecards,
  retention,
  startsByMonth,
  targetProgress,
  type ReportScope,
} from '#app/modules/reports/metrics.server.ts'
import { addDays } from '#app/utils/dates.ts'
import { createCandidate } from '../factories/candidates'
import { createOpportunity, createOrganisation } from '../factories/opportunities'

// A known dataset, every figure worked out by hand below. Range: 1 Jan – 30 Jun 2026 (Hanoi days).
// Each match: asked for 10 days before its start, approved 9 days before, accepted 5 days before, started, and
// (when over) completed or ended on its end day. Each has its own person, created `intake` days before the start.
const A = '00070' // Phường Hoàn Kiếm
const B = '09556' // Phường Hà Đông
const CITY: ReportScope = { from: '2026-01-01', to: '2026-06-30', wardCodes: null }
const WARD_A: ReportScope = { ...CITY, wardCodes: [A] }
const WARD_B: ReportScope = { ...CITY, wardCodes: [B] }

type Spec = {
  key: string
  org: 'E' | 'T' | 'L'
  ward?: string
  start: string | null
  status: MatchStatus
  end?: string
  intake: number
  amount?: number
  /** Repayment reports, oldest first. */
  repayments?: ('on_time' | 'late' | 'repaid')[]
  /** Only created (and approved, for a withdrawn referral) on this day. */
  createdOn?: string
}

const SPECS: Spec[] = [
  { key: 'J0', org: 'E', start: '2025-12-01', status: 'started', intake: 30 },
  { key: 'J1', org: 'E', start: '2026-01-01', status: 'started', intake: 10 },
  { key: 'J2', org: 'E', start: '2026-02-01', status: 'ended', end: '2026-02-20', intake: 20 },
  { key: 'J3', org: 'E', start: '2026-03-01', status: 'ended', end: '2026-05-01', intake: 40 },
  { key: 'J4', org: 'E', start: '2026-03-15', status: 'completed', end: '2026-06-01', intake: 50 },
  { key: 'J5', org: 'E', start: '2026-05-15', status: 'started', intake: 60 },
  { key: 'J6', org: 'E', start: '2026-06-20', status: 'started', intake: 70 },
  { key: 'J7', org: 'E', ward: B, start: '2026-04-01', status: 'started', intake: 80 },
  { key: 'C1', org: 'T', start: '2026-01-05', status: 'completed', end: '2026-03-01', intake: 15 },
  { key: 'C2', org: 'T', start: '2026-02-05', status: 'ended', end: '2026-03-10', intake: 25 },
  { key: 'C3', org: 'T', start: '2026-03-05', status: 'started', intake: 35 },
  { key: 'C4', org: 'T', start: '2026-04-05', status: 'completed', end: '2026-06-01', intake: 45 },
  { key: 'C5', org: 'T', start: '2026-05-05', status: 'completed', end: '2026-06-15', intake: 55 },
  {
    key: 'L1',
    org: 'L',
    start: '2026-01-20',
    status: 'started',
    intake: 65,
    amount: 30_000_000,
    repayments: ['on_time', 'late'],
  },
  {
    key: 'L2',
    org: 'L',
    start: '2026-02-20',
    status: 'completed',
    end: '2026-05-01',
    intake: 75,
    amount: 20_000_000,
    repayments: ['on_time', 'repaid'],
  },
  { key: 'L3', org: 'L', start: '2026-03-20', status: 'started', intake: 85, amount: 10_000_000 },
  { key: 'R1', org: 'E', start: null, status: 'rejected', intake: 5, createdOn: '2026-03-03' },
  { key: 'W1', org: 'E', start: null, status: 'withdrawn', intake: 5, createdOn: '2026-04-04' },
]

const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`)
const orgIds: Record<string, string> = {}

beforeAll(async () => {
  const db = getDb()
  const orgs = {
    E: await createOrganisation({ kind: 'employer', name: 'Xưởng Cơ khí Báo cáo' }),
    T: await createOrganisation({ kind: 'training_centre', name: 'Trường Nghề Báo cáo' }),
    L: await createOrganisation({ kind: 'lender', name: 'Quỹ Vay Báo cáo' }),
  }
  for (const [k, o] of Object.entries(orgs)) orgIds[k] = o.id
  const listings = {
    E: await createOpportunity({ organisation: orgs.E, capacity: 20 }),
    T: await createOpportunity({ organisation: orgs.T, capacity: 20 }),
    L: await createOpportunity({ organisation: orgs.L, capacity: 20 }),
  }
  for (const s of SPECS) {
    const day0 = s.start ?? s.createdOn!
    const person = await createCandidate({ wardCode: s.ward ?? A, createdAt: at(addDays(day0, -s.intake)) })
    const events: { day: string; from: MatchStatus | null; to: MatchStatus; action: string }[] = []
    if (s.start) {
      // A partner's interest approved the next day, so "created" and "referred" fall on different days.
      events.push(
        { day: addDays(s.start, -10), from: null, to: 'interest', action: 'express_interest' },
        { day: addDays(s.start, -9), from: 'interest', to: 'approved', action: 'approve' },
        { day: addDays(s.start, -5), from: 'approved', to: 'accepted', action: 'accept' },
        { day: s.start, from: 'accepted', to: 'started', action: 'start' },
      )
      if (s.end)
        events.push({
          day: s.end,
          from: 'started',
          to: s.status,
          action: s.status === 'completed' ? 'complete' : 'end',
        })
    } else if (s.status === 'rejected') {
      events.push({ day: s.createdOn!, from: null, to: 'interest', action: 'express_interest' })
      events.push({ day: s.createdOn!, from: 'interest', to: 'rejected', action: 'reject' })
    } else {
      events.push({ day: s.createdOn!, from: null, to: 'approved', action: 'refer' })
      events.push({ day: s.createdOn!, from: 'approved', to: 'withdrawn', action: 'withdraw' })
    }
    const approved = events.find((e) => e.to === 'approved')
    const [m] = await db
      .insert(matches)
      .values({
        candidateId: person.id,
        opportunityId: listings[s.org].id,
        organisationId: orgs[s.org].id,
        status: s.status,
        origin: 'referral',
        version: events.length,
        startedOn: s.start,
        endedOn: s.end ?? null,
        amountVnd: s.amount ?? null,
        approvedAt: approved ? at(approved.day) : null,
        createdAt: at(events[0]!.day),
        updatedAt: at(events.at(-1)!.day),
      })
      .returning({ id: matches.id })
    for (const [i, e] of events.entries()) {
      await db
        .insert(matchEvents)
        .values({ matchId: m!.id, action: e.action, fromStatus: e.from, toStatus: e.to, createdAt: at(e.day, 9 + i) })
    }
    for (const [i, status] of (s.repayments ?? []).entries()) {
      await db.insert(matchReports).values({
        matchId: m!.id,
        kind: 'repayment',
        status,
        lateDays: status === 'late' ? 12 : null,
        reportedAt: at(addDays(s.start!, 30 * (i + 1))),
      })
    }
  }
  await createCandidate({ wardCode: A, status: 'draft' })
  await createCandidate({ wardCode: B, status: 'on_hold' })
  // One check-in overdue in ward A (J1's).
  const [j1] = await db
    .select({ id: matches.id, candidateId: matches.candidateId })
    .from(matches)
    .where(eq(matches.startedOn, '2026-01-01'))
  await db.insert(followUps).values({
    candidateId: j1!.candidateId,
    kind: 'check_in',
    title: 'Hỏi thăm sau 30 ngày',
    dueDate: '2026-02-01',
    matchId: j1!.id,
    dayMark: 30,
  })
})

describe('dashboard figures from a known dataset', () => {
  test('the funnel counts matches reaching each stage within the range', async () => {
    // created: all but J0, J1, C1 (created in December) = 15; referred (approved in range): the 14 started or
    // withdrawn ones less J1 and C1 approved in December, and no R1 → J2–J7, C2–C5, L1–L3, W1 = 14;
    // accepted: J2–J7, C2–C5, L1–L3 = 13; started: J1–J7, C1–C5, L1–L3 = 15; completed: J4, C1, C4, C5, L2 = 5.
    expect(await funnel(getDb(), CITY)).toEqual({ created: 15, referred: 14, accepted: 13, started: 15, completed: 5 })
    // Ward B holds only J7.
    expect(await funnel(getDb(), WARD_B)).toEqual({ created: 1, referred: 1, accepted: 1, started: 1, completed: 0 })
    // A partner's own: the lender's three loans.
    expect(await funnel(getDb(), { ...CITY, organisationId: orgIds.L })).toEqual({
      created: 3,
      referred: 3,
      accepted: 3,
      started: 3,
      completed: 1,
    })
  })

  test('starts per month, by kind, with empty months shown', async () => {
    expect(await startsByMonth(getDb(), CITY)).toEqual([
      { month: '2026-01', job: 1, course: 1, loan: 1 },
      { month: '2026-02', job: 1, course: 1, loan: 1 },
      { month: '2026-03', job: 2, course: 1, loan: 1 },
      { month: '2026-04', job: 1, course: 1, loan: 0 },
      { month: '2026-05', job: 1, course: 1, loan: 0 },
      { month: '2026-06', job: 1, course: 0, loan: 0 },
    ])
    expect((await startsByMonth(getDb(), WARD_A))[3]).toEqual({ month: '2026-04', job: 0, course: 1, loan: 0 })
  })

  test('job retention at 30, 90 and 180 days; no rate under five starts', async () => {
    // 30 days (started by 31 May): J1–J5, J7 = 6; kept: all but J2 (ended after 19 days) = 5.
    // 90 days (started by 1 Apr): J1–J4, J7 = 5; kept: J1, J4, J7 (J3 ended after 61 days) = 3.
    // 180 days (started by 1 Jan): J1 only.
    expect(await retention(getDb(), CITY)).toEqual({
      30: { eligible: 6, count: 5, rate: 5 / 6 },
      90: { eligible: 5, count: 3, rate: 0.6 },
      180: { eligible: 1, count: 1, rate: null },
    })
    expect((await retention(getDb(), WARD_A))[90]).toEqual({ eligible: 4, count: 2, rate: null })
  })

  test('course completion over the courses finished', async () => {
    expect(await courseCompletion(getDb(), CITY)).toEqual({
      started: 5,
      completed: 3,
      ended: 1,
      inProgress: 1,
      rate: 0.75,
    })
    // Edge: no data → zeros and no rate.
    expect(await courseCompletion(getDb(), WARD_B)).toEqual({
      started: 0,
      completed: 0,
      ended: 0,
      inProgress: 0,
      rate: null,
    })
  })

  test('loans disbursed and repayment by the latest report', async () => {
    // L1: on time, then late (latest: late); L2: repaid; L3: no report.
    expect(await loans(getDb(), CITY)).toEqual({
      disbursed: 3,
      amountVnd: 60_000_000,
      reported: 2,
      onTime: 1,
      onTimeRate: null,
    })
  })

  test('median days from intake to first start', async () => {
    // 15 first starts in range; days: 10 15 20 25 35 40 45 50 55 60 65 70 75 80 85 → median 50.
    expect(await medianDaysToFirstStart(getDb(), CITY)).toEqual({ people: 15, days: 50 })
    // One start (J7): its own 80 days.
    expect(await medianDaysToFirstStart(getDb(), WARD_B)).toEqual({ people: 1, days: 80 })
  })

  test('partners by results, rates only from five starts', async () => {
    const cards = await partnerScorecards(getDb(), CITY)
    const byName = Object.fromEntries(cards.map((c) => [c.name, c]))
    expect(byName['Xưởng Cơ khí Báo cáo']).toMatchObject({
      referred: 7,
      started: 7,
      completed: 1,
      ended: 2,
      placementRate: 1,
      completionRate: 1 / 3,
      retention90: 0.6,
    })
    expect(byName['Trường Nghề Báo cáo']).toMatchObject({
      referred: 4,
      started: 5,
      completed: 3,
      ended: 1,
      placementRate: 1,
      completionRate: 0.75,
      retention90: null,
    })
    expect(byName['Quỹ Vay Báo cáo']).toMatchObject({
      started: 3,
      completed: 1,
      placementRate: null,
      completionRate: null,
      retention90: null,
    })
  })

  test('people by status and ward; overdue check-ins', async () => {
    const city = await candidatesByStatusAndWard(getDb(), CITY)
    expect(city.byStatus).toEqual({ active: 18, draft: 1, on_hold: 1, closed: 0 })
    expect(city.byWard.find((w) => w.wardCode === B)).toMatchObject({ total: 2, active: 1, on_hold: 1 })
    expect(await overdueCheckIns(getDb(), WARD_A, new Date('2026-06-30T12:00:00+07:00'))).toBe(1)
    expect(await overdueCheckIns(getDb(), WARD_B, new Date('2026-06-30T12:00:00+07:00'))).toBe(0)
  })

  test('progress toward the year’s targets, summed over the wards in scope', async () => {
    await getDb()
      .insert(wardTargets)
      .values([
        { wardCode: A, year: 2026, metric: 'placed_in_work', target: 20 },
        { wardCode: B, year: 2026, metric: 'placed_in_work', target: 5 },
        { wardCode: A, year: 2026, metric: 'courses_completed', target: 6 },
        { wardCode: A, year: 2025, metric: 'loans_disbursed', target: 9 },
      ])
    // 2026 in the whole city: job starts J1–J7 = 7; courses completed C1, C4, C5 = 3; loans L1–L3 = 3.
    expect(await targetProgress(getDb(), CITY)).toEqual({
      year: 2026,
      rows: [
        { metric: 'placed_in_work', target: 25, actual: 7 },
        { metric: 'courses_completed', target: 6, actual: 3 },
        { metric: 'loans_disbursed', target: 0, actual: 3 },
      ],
    })
    // Ward B: its own target, J7 only.
    expect((await targetProgress(getDb(), WARD_B)).rows[0]).toEqual({ metric: 'placed_in_work', target: 5, actual: 1 })
  })
})
