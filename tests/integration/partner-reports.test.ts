import { and, asc, eq, isNull } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  followUps,
  matchEvents,
  matches,
  matchReports,
  users,
  type OrganisationKind,
} from '#db/schema/index.ts'
import { actOnMatch, referCandidate } from '#app/modules/matching/matches.server.ts'
import {
  listMatchReports,
  recordPartnerReport,
  type PartnerReportInput,
} from '#app/modules/matching/partner-reports.server.ts'
import { partnerReportFormAction } from '#app/pages/partner-report-form.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { consentingCandidate, HOAN_KIEM, listingOf, partnerStaff, wardCaseworker } from '../factories/matching'
import { appError, expect403 } from '../support/errors'
import { daysFromNow } from '../support/clock'

/** A person referred by their caseworker to a listing of `kind`, accepted and (unless told otherwise) started. */
async function referral(kind: OrganisationKind, options: { start?: boolean } = {}) {
  const partner = await partnerStaff(kind)
  const cw = await wardCaseworker(HOAN_KIEM)
  const listing = await listingOf(partner, { title: `Cơ hội ${kind}` })
  const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: cw.user.id })
  const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
  await actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })
  if (options.start === false) return { partner, cw, person, listing, matchId, version: 2 }
  await actOnMatch({
    actor: partner.actor,
    matchId,
    version: 2,
    action: 'start',
    amountVnd: kind === 'lender' ? 25_000_000 : null,
  })
  return { partner, cw, person, listing, matchId, version: 3 }
}

async function matchRow(matchId: string) {
  const [row] = await getDb().select().from(matches).where(eq(matches.id, matchId))
  return row!
}

async function reportsOf(matchId: string) {
  return getDb().select().from(matchReports).where(eq(matchReports.matchId, matchId))
}

async function eventsOf(matchId: string) {
  return getDb()
    .select()
    .from(matchEvents)
    .where(eq(matchEvents.matchId, matchId))
    .orderBy(asc(matchEvents.createdAt), asc(matchEvents.id))
}

async function auditsOf(matchId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'match'), eq(auditEvents.subjectId, matchId)))
    .orderBy(asc(auditEvents.id))
}

/** What a refusal must leave behind: no report, no new event, no report audit, the match as it was. */
async function expectNothingChanged(matchId: string, before: { status: string; version: number; events: number }) {
  expect(await reportsOf(matchId)).toHaveLength(0)
  expect(await eventsOf(matchId)).toHaveLength(before.events)
  expect((await auditsOf(matchId)).filter((a) => a.action === 'match.report')).toHaveLength(0)
  expect(await matchRow(matchId)).toMatchObject({ status: before.status, version: before.version })
}

async function snapshot(matchId: string) {
  const row = await matchRow(matchId)
  return { status: row.status, version: row.version, events: (await eventsOf(matchId)).length }
}

describe('partner reports on a started match', () => {
  test('each kind of listing takes its own report: attendance, retention, repayment (late by N days)', async () => {
    const course = await referral('training_centre')
    const job = await referral('employer')
    const loan = await referral('lender')
    const cases: [typeof course, Omit<PartnerReportInput, 'actor' | 'matchId' | 'version'>][] = [
      [course, { kind: 'attendance', status: 'irregular', note: '  Vắng 3 buổi tuần này  ' }],
      [job, { kind: 'retention', status: 'employed' }],
      [loan, { kind: 'repayment', status: 'late', lateDays: 12, note: 'Hẹn trả cuối tháng' }],
    ]
    for (const [world, report] of cases) {
      const before = await snapshot(world.matchId)
      const result = await recordPartnerReport({
        actor: world.partner.actor,
        matchId: world.matchId,
        version: world.version,
        ...report,
      })
      expect(result).toMatchObject({ matchStatus: 'started', version: world.version })
      const [row] = await reportsOf(world.matchId)
      expect(row).toMatchObject({
        id: result.reportId,
        kind: report.kind,
        status: report.status,
        lateDays: report.lateDays ?? null,
        note: report.note?.trim() ?? null,
        reportedById: world.partner.user.id,
        reportedByRole: 'partner',
      })
      // A report is not a transition: the match, its version and its history stay as they were.
      expect(await snapshot(world.matchId)).toEqual(before)
      const audit = (await auditsOf(world.matchId)).filter((a) => a.action === 'match.report')
      expect(audit).toHaveLength(1)
      expect(audit[0]).toMatchObject({ actorId: world.partner.user.id, subjectId: world.matchId })
      expect(audit[0]!.details).toMatchObject({ reportId: result.reportId, kind: report.kind, status: report.status })
      // Codes only in the audit trail, never the note.
      expect(JSON.stringify(audit[0]!.details)).not.toContain('Vắng')
      expect(JSON.stringify(audit[0]!.details)).not.toContain('Hẹn')
    }
  })

  test('the kind, the status and the days late must fit: invalid_input, and nothing changes', async () => {
    const loan = await referral('lender')
    const course = await referral('training_centre')
    const before = await snapshot(loan.matchId)
    const courseBefore = await snapshot(course.matchId)
    const base = { actor: loan.partner.actor, matchId: loan.matchId, version: loan.version }
    const refusals: [Omit<PartnerReportInput, 'actor' | 'matchId' | 'version'>, string, string][] = [
      // A loan takes repayment reports, not attendance.
      [{ kind: 'attendance', status: 'attending' }, 'kind', 'wrongKind'],
      // A status of another kind.
      [{ kind: 'repayment', status: 'employed' }, 'status', 'status'],
      [{ kind: 'repayment', status: 'toString' as never }, 'status', 'status'],
      [{ kind: 'bogus' as never, status: 'late', lateDays: 3 }, 'kind', 'kind'],
      // The days late: required for 'late', 1..3650, whole, and for 'late' only.
      [{ kind: 'repayment', status: 'late' }, 'lateDays', 'lateDaysRequired'],
      [{ kind: 'repayment', status: 'late', lateDays: 0 }, 'lateDays', 'lateDaysRange'],
      [{ kind: 'repayment', status: 'late', lateDays: 3651 }, 'lateDays', 'lateDaysRange'],
      [{ kind: 'repayment', status: 'late', lateDays: 2.5 }, 'lateDays', 'lateDaysRange'],
      [{ kind: 'repayment', status: 'on_time', lateDays: 4 }, 'lateDays', 'lateDaysOnlyWhenLate'],
      // 'default' with days would also end the match: refused before anything moves.
      [{ kind: 'repayment', status: 'default', lateDays: 90 }, 'lateDays', 'lateDaysOnlyWhenLate'],
      [{ kind: 'repayment', status: 'on_time', note: 'x'.repeat(1001) }, 'note', 'noteTooLong'],
    ]
    for (const [report, field, key] of refusals) {
      const error = await appError(recordPartnerReport({ ...base, ...report }))
      expect(error.code).toBe('invalid_input')
      expect(error.field).toBe(field)
      expect(error.values?.message).toBe(`partnerReports.errors.${key}`)
    }
    await expectNothingChanged(loan.matchId, before)

    // A course takes attendance; repayment on a course is the wrong kind even with a repayment status.
    const error = await appError(
      recordPartnerReport({
        actor: course.partner.actor,
        matchId: course.matchId,
        version: course.version,
        kind: 'repayment',
        status: 'repaid',
      }),
    )
    expect(error).toMatchObject({ code: 'invalid_input', field: 'kind' })
    await expectNothingChanged(course.matchId, courseBefore)

    // A note of exactly 1000 characters after trimming is fine.
    await recordPartnerReport({ ...base, kind: 'repayment', status: 'on_time', note: `  ${'x'.repeat(1000)}  ` })
    expect((await reportsOf(loan.matchId))[0]!.note).toHaveLength(1000)
  })

  test('only on a started match: before the start, and once completed, a conflict', async () => {
    const accepted = await referral('employer', { start: false })
    const before = await snapshot(accepted.matchId)
    const error = await appError(
      recordPartnerReport({
        actor: accepted.partner.actor,
        matchId: accepted.matchId,
        version: accepted.version,
        kind: 'retention',
        status: 'employed',
      }),
    )
    expect(error.code).toBe('conflict')
    expect(error.values?.message).toBe('partnerReports.errors.notStarted')
    await expectNothingChanged(accepted.matchId, before)

    const done = await referral('employer')
    await actOnMatch({ actor: done.partner.actor, matchId: done.matchId, version: done.version, action: 'complete' })
    const late = await appError(
      recordPartnerReport({
        actor: done.partner.actor,
        matchId: done.matchId,
        version: done.version + 1,
        kind: 'retention',
        status: 'employed',
      }),
    )
    expect(late).toMatchObject({ code: 'conflict', values: { message: 'partnerReports.errors.notStarted' } })
    expect(await reportsOf(done.matchId)).toHaveLength(0)
  })

  test('another organisation, a caseworker or a made-up id: not_found; no part in matching: 403', async () => {
    const world = await referral('employer')
    const other = await partnerStaff('employer')
    const before = await snapshot(world.matchId)
    const report = { matchId: world.matchId, version: world.version, kind: 'retention', status: 'employed' } as const
    expect((await appError(recordPartnerReport({ ...report, actor: other.actor }))).code).toBe('not_found')
    expect((await appError(recordPartnerReport({ ...report, actor: world.cw.actor }))).code).toBe('not_found')
    const unknown = { ...report, actor: world.partner.actor }
    expect((await appError(recordPartnerReport({ ...unknown, matchId: 'not-a-uuid' }))).code).toBe('not_found')
    expect(
      (await appError(recordPartnerReport({ ...unknown, matchId: '00000000-0000-4000-8000-000000000000' }))).code,
    ).toBe('not_found')
    const pending = await partnerStaff('employer', { status: 'pending' })
    await expect403(recordPartnerReport({ ...report, actor: pending.actor }))
    await expectNothingChanged(world.matchId, before)
  })

  test('a stale version is a conflict and records nothing', async () => {
    const world = await referral('training_centre')
    const before = await snapshot(world.matchId)
    const error = await appError(
      recordPartnerReport({
        actor: world.partner.actor,
        matchId: world.matchId,
        version: world.version - 1,
        kind: 'attendance',
        status: 'attending',
      }),
    )
    expect(error).toMatchObject({ code: 'conflict', values: { message: 'matching.errors.stale' } })
    await expectNothingChanged(world.matchId, before)
  })

  test("'repaid' completes the loan's match: report, event, audits and check-ins in one transaction", async () => {
    const loan = await referral('lender')
    const now = daysFromNow(100)
    const result = await recordPartnerReport({
      actor: loan.partner.actor,
      matchId: loan.matchId,
      version: loan.version,
      kind: 'repayment',
      status: 'repaid',
      now,
    })
    expect(result).toMatchObject({ matchStatus: 'completed', version: loan.version + 1 })
    expect(await matchRow(loan.matchId)).toMatchObject({ status: 'completed', version: loan.version + 1 })
    const events = await eventsOf(loan.matchId)
    expect(events.at(-1)).toMatchObject({
      action: 'complete',
      fromStatus: 'started',
      toStatus: 'completed',
      actorId: loan.partner.user.id,
      actorRole: 'partner',
    })
    // One moment for the report and the transition it caused.
    expect(events.at(-1)!.createdAt.toISOString()).toBe(now.toISOString())
    const [report] = await reportsOf(loan.matchId)
    expect(report).toMatchObject({ status: 'repaid', reportedAt: now })
    expect((await auditsOf(loan.matchId)).map((a) => a.action).slice(-2)).toEqual(['match.report', 'match.complete'])
    // The match is over: the caseworker's open check-ins are dropped with it.
    const open = await getDb()
      .select()
      .from(followUps)
      .where(and(eq(followUps.matchId, loan.matchId), isNull(followUps.doneAt)))
    expect(open).toHaveLength(0)
  })

  test("'default' ends the loan's match with the reason loan_default", async () => {
    const loan = await referral('lender')
    const result = await recordPartnerReport({
      actor: loan.partner.actor,
      matchId: loan.matchId,
      version: loan.version,
      kind: 'repayment',
      status: 'default',
      note: 'Không liên lạc được từ tháng 2',
    })
    expect(result.matchStatus).toBe('ended')
    expect(await matchRow(loan.matchId)).toMatchObject({ status: 'ended', reasonCode: 'loan_default' })
    expect((await eventsOf(loan.matchId)).at(-1)).toMatchObject({
      action: 'end',
      fromStatus: 'started',
      toStatus: 'ended',
      reasonCode: 'loan_default',
    })
    expect((await auditsOf(loan.matchId)).map((a) => a.action).slice(-2)).toEqual(['match.report', 'match.end'])
    expect(await reportsOf(loan.matchId)).toHaveLength(1)
  })

  test('two closing reports at once: one completes the match, the other is stale and leaves no trace', async () => {
    const loan = await referral('lender')
    const send = (status: 'repaid' | 'default') =>
      recordPartnerReport({
        actor: loan.partner.actor,
        matchId: loan.matchId,
        version: loan.version,
        kind: 'repayment',
        status,
      }).then(
        (r) => r.matchStatus as string,
        (error: unknown) => {
          if (error instanceof AppError) return `${error.code}:${String(error.values?.message)}`
          throw error
        },
      )
    const outcomes = await Promise.all([send('repaid'), send('default')])
    expect(outcomes.filter((o) => o === 'conflict:matching.errors.stale')).toHaveLength(1)
    const winner = outcomes.find((o) => o !== 'conflict:matching.errors.stale')
    expect(['completed', 'ended']).toContain(winner)
    const reports = await reportsOf(loan.matchId)
    expect(reports).toHaveLength(1)
    expect(reports[0]!.status).toBe(winner === 'completed' ? 'repaid' : 'default')
    expect((await auditsOf(loan.matchId)).filter((a) => a.action === 'match.report')).toHaveLength(1)
    expect((await eventsOf(loan.matchId)).filter((e) => e.action === 'complete' || e.action === 'end')).toHaveLength(1)
  })

  test('reports are listed newest first, with the partner staff member who reported', async () => {
    const loan = await referral('lender')
    const base = { actor: loan.partner.actor, matchId: loan.matchId, version: loan.version, kind: 'repayment' } as const
    const [january, february, march] = [30, 61, 89].map((days) => daysFromNow(days))
    await recordPartnerReport({ ...base, status: 'on_time', now: january })
    await recordPartnerReport({ ...base, status: 'late', lateDays: 20, now: march })
    await recordPartnerReport({
      ...base,
      status: 'restructured',
      note: 'Gia hạn 6 tháng',
      now: february,
    })
    const list = await listMatchReports(getDb(), loan.matchId)
    expect(list.map((r) => [r.status, r.lateDays, r.reportedAt])).toEqual([
      ['late', 20, march!.toISOString()],
      ['restructured', null, february!.toISOString()],
      ['on_time', null, january!.toISOString()],
    ])
    expect(list[1]).toMatchObject({ note: 'Gia hạn 6 tháng', kind: 'repayment', reporterRole: 'partner' })
    const [reporter] = await getDb().select({ name: users.name }).from(users).where(eq(users.id, loan.partner.user.id))
    expect(list.map((r) => r.reporterName)).toEqual([reporter!.name, reporter!.name, reporter!.name])
    expect(await listMatchReports(getDb(), (await referral('employer')).matchId)).toEqual([])
  })

  test('the page’s form: days kept for “late” only, a redirect with a toast, or the refusal for the form', async () => {
    const loan = await referral('lender')
    const backTo = `/partner/referrals/${loan.matchId}`
    const post = (fields: Record<string, string>) => {
      const formData = new FormData()
      for (const [k, v] of Object.entries({
        intent: 'report',
        version: String(loan.version),
        kind: 'repayment',
        ...fields,
      })) {
        formData.set(k, v)
      }
      return partnerReportFormAction({ actor: loan.partner.actor, matchId: loan.matchId, formData, backTo })
    }
    // The days field is in the form whatever is chosen (hidden by CSS): a leftover value does not count.
    const saved = await post({ status: 'on_time', lateDays: '5', note: '  Đúng hẹn  ' })
    expect(saved).toBeInstanceOf(Response)
    expect((saved as Response).status).toBe(302)
    expect((saved as Response).headers.get('Location')).toBe(backTo)
    expect((saved as Response).headers.get('Set-Cookie')).toContain('hn_toast=')
    expect((await reportsOf(loan.matchId))[0]).toMatchObject({ status: 'on_time', lateDays: null, note: 'Đúng hẹn' })

    const refused = await post({ status: 'late', lateDays: '' })
    expect(refused).not.toBeInstanceOf(Response)
    const reply = refused as unknown as { data: { reportError: unknown }; init: { status: number } }
    expect(reply.init.status).toBe(400)
    expect(reply.data.reportError).toEqual({
      key: 'partnerReports.errors.lateDaysRequired',
      field: 'lateDays',
      values: { message: 'partnerReports.errors.lateDaysRequired' },
    })
    const notANumber = (await post({ status: 'late', lateDays: 'mười' })) as unknown as typeof reply
    expect(notANumber.data.reportError).toMatchObject({ key: 'partnerReports.errors.lateDaysRange', field: 'lateDays' })
    const stale = (await post({ status: 'on_time', version: '1' })) as unknown as typeof reply
    expect(stale.init.status).toBe(409)
    expect(stale.data.reportError).toMatchObject({ key: 'matching.errors.stale', field: null })

    await post({ status: 'late', lateDays: ' 45 ' })
    expect((await listMatchReports(getDb(), loan.matchId))[0]).toMatchObject({ status: 'late', lateDays: 45 })
    expect(await reportsOf(loan.matchId)).toHaveLength(2)
  })
})
