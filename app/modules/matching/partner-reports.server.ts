import { and, desc, eq } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  matches,
  matchReports,
  opportunities,
  users,
  type MatchReportKind,
  type MatchReportStatus,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { actOnMatchIn, sideOf } from './matches.server'

// What a partner reports on a started match, between its start and its end: a course's attendance, a job's
// retention, a loan's repayment. The beginning and the end of the story are the match's own actions (start
// with the amount disbursed; complete with the certificate number; end with a reason) — a loan's last report,
// repaid or in default, takes that action itself.

/** The report that fits each kind of listing. */
export const REPORT_KIND_FOR: Record<OpportunityKind, MatchReportKind> = {
  course: 'attendance',
  job: 'retention',
  loan: 'repayment',
}

/** The statuses each kind of report may carry, in the order the form offers them. */
export const REPORT_STATUSES: Record<MatchReportKind, readonly MatchReportStatus[]> = {
  attendance: ['attending', 'irregular'],
  retention: ['employed'],
  repayment: ['on_time', 'late', 'restructured', 'repaid', 'default'],
}

/** Limits the report form accepts (the database checks the days again). */
export const REPORT_LIMITS = { noteMax: 1000, lateDaysMin: 1, lateDaysMax: 3650 } as const

/** An expected refusal with the locale key that explains it (`partnerReports.errors.*`). */
function refuse(code: 'conflict' | 'invalid_input', key: string, field?: string) {
  return new AppError(code, { field, values: { message: `partnerReports.errors.${key}` } })
}

function isReportKind(value: unknown): value is MatchReportKind {
  return typeof value === 'string' && Object.hasOwn(REPORT_STATUSES, value)
}

function cleanNote(value: unknown): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw refuse('invalid_input', 'noteInvalid', 'note')
  const trimmed = value.trim()
  if (trimmed.length > REPORT_LIMITS.noteMax) throw refuse('invalid_input', 'noteTooLong', 'note')
  return trimmed === '' ? null : trimmed
}

function checkLateDays(status: MatchReportStatus, lateDays: unknown): number | null {
  if (status !== 'late') {
    if (lateDays !== undefined && lateDays !== null) throw refuse('invalid_input', 'lateDaysOnlyWhenLate', 'lateDays')
    return null
  }
  if (lateDays === undefined || lateDays === null) throw refuse('invalid_input', 'lateDaysRequired', 'lateDays')
  if (
    typeof lateDays !== 'number' ||
    !Number.isInteger(lateDays) ||
    lateDays < REPORT_LIMITS.lateDaysMin ||
    lateDays > REPORT_LIMITS.lateDaysMax
  ) {
    throw refuse('invalid_input', 'lateDaysRange', 'lateDays')
  }
  return lateDays
}

export type PartnerReportInput = {
  actor: Actor
  matchId: string
  /** The match's version the partner saw. */
  version: number
  kind: MatchReportKind
  status: MatchReportStatus
  /** Repayment 'late' only: how many days late (1–3650). */
  lateDays?: number | null
  note?: string | null
  now?: Date
}

/**
 * A partner's staff report on a started match of their organisation: attendance for a course, retention for a
 * job, repayment for a loan. A loan repaid completes the match; a loan in default ends it ('loan_default') —
 * the report, its audit and that transition (with its event, audit and emails) commit together. Anyone else,
 * or another organisation's match: not_found. Refusals carry `partnerReports.errors.*` (a stale version:
 * `matching.errors.stale`).
 */
export async function recordPartnerReport(
  input: PartnerReportInput,
): Promise<{ reportId: string; matchStatus: MatchStatus; version: number }> {
  const { actor } = input
  // Caseworkers and coordinators do not report for a partner; people with no part in matching get a 403.
  if (sideOf(actor) !== 'partner' || !actor.membership) throw new AppError('not_found')
  const organisationId = actor.membership.organisationId
  if (!isUuid(input.matchId)) throw new AppError('not_found')
  if (!Number.isSafeInteger(input.version)) throw refuse('invalid_input', 'invalid', 'version')
  if (!isReportKind(input.kind)) throw refuse('invalid_input', 'kind', 'kind')
  const kind = input.kind
  if (!REPORT_STATUSES[kind].includes(input.status)) throw refuse('invalid_input', 'status', 'status')
  const status = input.status
  const lateDays = checkLateDays(status, input.lateDays)
  const note = cleanNote(input.note)
  const now = input.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const [target] = await tx
      .select({ id: matches.id, opportunityId: matches.opportunityId, candidateId: matches.candidateId })
      .from(matches)
      .where(and(eq(matches.id, input.matchId), eq(matches.organisationId, organisationId)))
    if (!target) throw new AppError('not_found')
    // The transitions' lock order — the listing, then the match — so a report racing an action cannot deadlock.
    const [listing] = await tx
      .select({ kind: opportunities.kind })
      .from(opportunities)
      .where(eq(opportunities.id, target.opportunityId))
      .for('update')
    const [current] = await tx
      .select({ status: matches.status, version: matches.version })
      .from(matches)
      .where(eq(matches.id, target.id))
      .for('update')
    if (!listing || !current) throw new AppError('not_found')
    if (current.version !== input.version) {
      throw new AppError('conflict', { values: { message: 'matching.errors.stale' } })
    }
    if (current.status !== 'started') throw refuse('conflict', 'notStarted')
    if (REPORT_KIND_FOR[listing.kind] !== kind) throw refuse('invalid_input', 'wrongKind', 'kind')
    const [report] = await tx
      .insert(matchReports)
      .values({
        matchId: target.id,
        kind,
        status,
        lateDays,
        note,
        reportedById: actor.userId,
        reportedByRole: actor.role,
        reportedAt: now,
      })
      .returning({ id: matchReports.id })
    // Codes only in the audit: the note may say things about the person.
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'match.report',
      subjectType: 'match',
      subjectId: target.id,
      details: {
        reportId: report!.id,
        candidateId: target.candidateId,
        organisationId,
        kind,
        status,
        lateDays,
      },
    })
    if (status === 'repaid' || status === 'default') {
      const moved = await actOnMatchIn(tx, {
        actor,
        matchId: target.id,
        version: current.version,
        action: status === 'repaid' ? 'complete' : 'end',
        reasonCode: status === 'repaid' ? null : 'loan_default',
        now,
      })
      return { reportId: report!.id, matchStatus: moved.status, version: moved.version }
    }
    return { reportId: report!.id, matchStatus: current.status, version: current.version }
  })
}

export type MatchReportView = {
  id: string
  kind: MatchReportKind
  status: MatchReportStatus
  lateDays: number | null
  note: string | null
  /** The partner's staff member who reported; null for anyone else (or an account since removed). */
  reporterName: string | null
  reporterRole: string | null
  reportedAt: string
}

/** A match's reports, newest first (the caller has checked the actor may see the match). */
export async function listMatchReports(executor: Executor, matchId: string): Promise<MatchReportView[]> {
  const rows = await executor
    .select({
      id: matchReports.id,
      kind: matchReports.kind,
      status: matchReports.status,
      lateDays: matchReports.lateDays,
      note: matchReports.note,
      reporterName: users.name,
      reporterRole: matchReports.reportedByRole,
      reportedAt: matchReports.reportedAt,
    })
    .from(matchReports)
    .leftJoin(users, eq(users.id, matchReports.reportedById))
    .where(eq(matchReports.matchId, matchId))
    .orderBy(desc(matchReports.reportedAt), desc(matchReports.id))
  return rows.map((r) => ({
    ...r,
    reporterName: r.reporterRole === 'partner' ? r.reporterName : null,
    reportedAt: r.reportedAt.toISOString(),
  }))
}
