import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  candidates,
  followUps,
  matchEvents,
  matchReports,
  matches,
  opportunities,
  organisations,
  wardTargets,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { cachedDashboard, reportGeneration, viewKey } from '#app/modules/reports/dashboard-cache.server.ts'
import { dashboard, type ReportScope } from '#app/modules/reports/metrics.server.ts'
import { createCandidate } from '../factories/candidates'
import { createOpportunity, createOrganisation } from '../factories/opportunities'

// Served again only while nothing the figures read has changed: every table they read moves the generation on.
const WARD = '00070'
const CITY: ReportScope = { from: '2026-01-01', to: '2026-06-30', wardCodes: null }
const NOW = new Date('2026-07-01T10:00:00+07:00')
const at = (day: string) => new Date(`${day}T10:00:00+07:00`)

let matchId = ''
let personId = ''
let organisationId = ''
let listingId = ''

beforeAll(async () => {
  const db = getDb()
  const org = await createOrganisation({ kind: 'employer', name: 'Xưởng May Bộ Nhớ' })
  const listing = await createOpportunity({ organisation: org, capacity: 5 })
  const person = await createCandidate({ wardCode: WARD, createdAt: at('2026-01-10') })
  organisationId = org.id
  listingId = listing.id
  personId = person.id
  const [m] = await db
    .insert(matches)
    .values({
      candidateId: person.id,
      opportunityId: listing.id,
      organisationId: org.id,
      status: 'started',
      origin: 'referral',
      version: 3,
      startedOn: '2026-02-01',
      approvedAt: at('2026-01-20'),
      createdAt: at('2026-01-20'),
      updatedAt: at('2026-02-01'),
    })
    .returning({ id: matches.id })
  matchId = m!.id
  for (const [day, from, to, action] of [
    ['2026-01-20', null, 'approved', 'refer'],
    ['2026-01-25', 'approved', 'accepted', 'accept'],
    ['2026-02-01', 'accepted', 'started', 'start'],
  ] as const) {
    await db.insert(matchEvents).values({ matchId, action, fromStatus: from, toStatus: to, createdAt: at(day) })
  }
})

describe('cachedDashboard', () => {
  test('computes once, then serves the same figures a fresh computation gives', async () => {
    const first = await cachedDashboard(CITY, { withCaseload: true, now: NOW })
    expect(first.computed).toBe(true)
    expect(first.figures.funnel).toEqual({ created: 1, referred: 1, accepted: 1, started: 1, completed: 0 })
    const again = await cachedDashboard(CITY, { withCaseload: true, now: NOW })
    expect(again.computed).toBe(false)
    expect(again.figures).toEqual(first.figures)
    expect(again.figures).toEqual(await dashboard(CITY, { withCaseload: true, now: NOW }))
  })

  test('a change to what the figures read is seen at once', async () => {
    await cachedDashboard(CITY, { withCaseload: true, now: NOW })
    const db = getDb()
    await db.transaction(async (tx) => {
      await tx.update(matches).set({ status: 'completed', endedOn: '2026-05-01' }).where(eq(matches.id, matchId))
      await tx.insert(matchEvents).values({
        matchId,
        action: 'complete',
        fromStatus: 'started',
        toStatus: 'completed',
        createdAt: at('2026-05-01'),
      })
    })
    const after = await cachedDashboard(CITY, { withCaseload: true, now: NOW })
    expect(after.computed).toBe(true)
    expect(after.figures.funnel.completed).toBe(1)
    expect((await cachedDashboard(CITY, { withCaseload: true, now: NOW })).computed).toBe(false)
  })

  test('each view is its own: scope, wards in any order, caseload or not, the day', async () => {
    const ward: ReportScope = { ...CITY, wardCodes: [WARD, '00082'] }
    expect((await cachedDashboard(ward, { withCaseload: true, now: NOW })).computed).toBe(true)
    expect(
      (await cachedDashboard({ ...ward, wardCodes: ['00082', WARD] }, { withCaseload: true, now: NOW })).computed,
    ).toBe(false)
    expect((await cachedDashboard(ward, { withCaseload: false, now: NOW })).computed).toBe(true)
    const partner: ReportScope = { ...CITY, organisationId }
    const mine = await cachedDashboard(partner, { withCaseload: false, now: NOW })
    expect(mine.computed).toBe(true)
    expect(mine.figures.caseload).toBeNull()
    const tomorrow = new Date(NOW.getTime() + 24 * 3600_000)
    expect(viewKey(CITY, { withCaseload: true, now: tomorrow })).not.toBe(
      viewKey(CITY, { withCaseload: true, now: NOW }),
    )
  })

  test('requests for the same view at the same time share one computation', async () => {
    const scope: ReportScope = { ...CITY, from: '2026-02-01' }
    const results = await Promise.all([1, 2, 3].map(() => cachedDashboard(scope, { withCaseload: true, now: NOW })))
    expect(results.filter((r) => r.computed)).toHaveLength(1)
    expect(results[1]!.figures).toEqual(results[0]!.figures)
  })

  test('a failed computation is not remembered', async () => {
    const bad: ReportScope = { ...CITY, from: '2026-07-01', to: '2026-06-01' }
    await expect(cachedDashboard(bad, { withCaseload: true, now: NOW })).rejects.toThrow()
    await expect(cachedDashboard(bad, { withCaseload: true, now: NOW })).rejects.toThrow()
  })
})

describe('the generation', () => {
  const writes: [string, () => Promise<unknown>][] = [
    ['matches', () => getDb().update(matches).set({ message: 'ghi chú' }).where(eq(matches.id, matchId))],
    [
      'match_events',
      () =>
        getDb().insert(matchEvents).values({ matchId, action: 'end', fromStatus: 'completed', toStatus: 'completed' }),
    ],
    ['match_reports', () => getDb().insert(matchReports).values({ matchId, kind: 'retention', status: 'employed' })],
    [
      'follow_ups',
      () =>
        getDb()
          .insert(followUps)
          .values({ candidateId: personId, kind: 'check_in', title: 'Hỏi thăm', dueDate: '2026-08-01' }),
    ],
    ['candidates', () => getDb().update(candidates).set({ status: 'on_hold' }).where(eq(candidates.id, personId))],
    [
      'ward_targets',
      () => getDb().insert(wardTargets).values({ wardCode: WARD, year: 2026, metric: 'placed_in_work', target: 12 }),
    ],
    [
      'organisations',
      () =>
        getDb().update(organisations).set({ name: 'Xưởng May Bộ Nhớ Mới' }).where(eq(organisations.id, organisationId)),
    ],
    [
      'opportunities',
      () => getDb().update(opportunities).set({ updatedAt: new Date() }).where(eq(opportunities.id, listingId)),
    ],
  ]
  for (const [table, write] of writes) {
    test(`moves on when ${table} changes`, async () => {
      const before = await reportGeneration(getDb())
      await write()
      expect(await reportGeneration(getDb())).not.toBe(before)
    })
  }

  test('stays when a table the figures do not read changes, or nothing does', async () => {
    const before = await reportGeneration(getDb())
    await getDb().execute(sql`select count(*) from matches`)
    await writeAudit(getDb(), { actor: { userId: null }, action: 'report.viewed', subjectType: 'report' })
    expect(await reportGeneration(getDb())).toBe(before)
  })
})
