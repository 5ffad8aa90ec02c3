import { eq, sql, type SQL } from 'drizzle-orm'
import { getDb, rowsOf, type Executor } from '#db/client.server.ts'
import {
  organisations,
  type CandidateStatus,
  type OpportunityKind,
  type OrganisationKind,
  type TargetMetric,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { authorize, can, type Actor } from '#app/policy.ts'
import { addDays, hanoiToday, isCalendarDate } from '#app/utils/dates.ts'
import { AppError } from '#app/utils/errors.ts'
import { textArray } from '#app/utils/sql.ts'
import { TARGET_METRICS, targetTotals } from './targets.server'

/**
 * The figures of the dashboards, computed in the database from matches, their events, check-ins and partners'
 * reports — never from sensitive data (`candidate_sensitive` is not read here). One scope for all of them:
 * a date range (Hanoi calendar days, inclusive) and either wards (null: the whole city) or one organisation.
 */
export type ReportScope = {
  from: string
  to: string
  /** Null: every ward. */
  wardCodes: string[] | null
  /** A partner's own results. */
  organisationId?: string | null
}

/** Rates are shown only on enough volume: no rate on fewer than this many starts. */
export const MIN_STARTS_FOR_RATE = 5
export const RETENTION_DAYS = [30, 90, 180] as const
const TZ = 'Asia/Ho_Chi_Minh'

/** What an actor may look at, narrowed by what they asked for (a ward of theirs, a date range). */
export function scopeFor(
  actor: Actor,
  asked: { from?: string | null; to?: string | null; ward?: string | null },
  now = new Date(),
): ReportScope {
  const today = hanoiToday(now)
  const to = asked.to && isCalendarDate(asked.to) ? asked.to : today
  const from = asked.from && isCalendarDate(asked.from) && asked.from <= to ? asked.from : addDays(to, -364)
  const ward = asked.ward && /^\d{5}$/.test(asked.ward) ? asked.ward : null
  if (can(actor, 'candidate:read:any')) return { from, to, wardCodes: ward ? [ward] : null }
  if (can(actor, 'candidate:read')) {
    const mine = [...actor.wardCodes]
    return { from, to, wardCodes: ward && mine.includes(ward) ? [ward] : mine }
  }
  if (can(actor, 'referral:respond'))
    return { from, to, wardCodes: null, organisationId: actor.membership!.organisationId }
  throw new AppError('forbidden')
}

function validate(scope: ReportScope) {
  if (!isCalendarDate(scope.from) || !isCalendarDate(scope.to) || scope.from > scope.to) {
    throw new AppError('invalid_input', { field: 'from' })
  }
}

/** Matches in scope (alias m, joined to their person c). */
function matchScope(scope: ReportScope): SQL {
  const parts: SQL[] = []
  if (scope.wardCodes) parts.push(sql`c.ward_code = any(${textArray(scope.wardCodes)})`)
  if (scope.organisationId) parts.push(sql`m.organisation_id = ${scope.organisationId}::uuid`)
  return parts.length ? sql.join(parts, sql` and `) : sql`true`
}

/** The join to the matches' people, only when the scope needs their ward (the city view does without it). */
function peopleJoin(scope: ReportScope): SQL {
  return scope.wardCodes ? sql`join candidates c on c.id = m.candidate_id` : sql``
}

/** A timestamp column within the range's Hanoi days, in a form its index can use. */
function inRange(column: SQL, scope: ReportScope): SQL {
  return sql`${column} >= (${scope.from}::date)::timestamp at time zone ${TZ}
    and ${column} < (${scope.to}::date + 1)::timestamp at time zone ${TZ}`
}

export type Funnel = { created: number; referred: number; accepted: number; started: number; completed: number }

/**
 * How many matches reached each stage within the range (by the date of the event that took them there).
 * A match reaches a status at most once (the lifecycle has no way back), so counting events counts matches;
 * the city view reads the events alone.
 */
export async function funnel(executor: Executor, scope: ReportScope): Promise<Funnel> {
  validate(scope)
  const scoped = scope.wardCodes || scope.organisationId
  const [row] = rowsOf<Record<keyof Funnel, number>>(
    await executor.execute(sql`
      select
        count(*) filter (where e.from_status is null)::int as created,
        count(*) filter (where e.to_status = 'approved')::int as referred,
        count(*) filter (where e.to_status = 'accepted')::int as accepted,
        count(*) filter (where e.to_status = 'started')::int as started,
        count(*) filter (where e.to_status = 'completed')::int as completed
      from match_events e
      ${scoped ? sql`join matches m on m.id = e.match_id ${peopleJoin(scope)}` : sql``}
      where ${inRange(sql`e.created_at`, scope)} and ${scoped ? matchScope(scope) : sql`true`}`),
  )
  return row ?? { created: 0, referred: 0, accepted: 0, started: 0, completed: 0 }
}

export type MonthlyStarts = { month: string; job: number; course: number; loan: number }[]

/** Starts per month (by start date): people placed in work, enrolled, given a loan. */
export async function startsByMonth(executor: Executor, scope: ReportScope): Promise<MonthlyStarts> {
  validate(scope)
  const rows = rowsOf<{ month: string; kind: OpportunityKind; n: number }>(
    await executor.execute(sql`
      select to_char(date_trunc('month', m.started_on), 'YYYY-MM') as month, o.kind, count(*)::int as n
      from matches m
      ${peopleJoin(scope)}
      join opportunities o on o.id = m.opportunity_id
      where m.started_on between ${scope.from}::date and ${scope.to}::date and ${matchScope(scope)}
      group by 1, 2 order by 1`),
  )
  const months = new Map<string, { month: string; job: number; course: number; loan: number }>()
  // Every month of the range, with zeros, so a chart has no gaps.
  for (let d = `${scope.from.slice(0, 7)}-01`; d <= scope.to; d = nextMonth(d)) {
    months.set(d.slice(0, 7), { month: d.slice(0, 7), job: 0, course: 0, loan: 0 })
  }
  for (const r of rows) {
    const m = months.get(r.month)
    if (m) m[r.kind] = r.n
  }
  return [...months.values()]
}

function nextMonth(first: string): string {
  const [y, m] = first.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`
}

export type Rate = { eligible: number; count: number; rate: number | null }
const rate = (count: number, eligible: number): Rate => ({
  eligible,
  count,
  rate: eligible >= MIN_STARTS_FOR_RATE ? count / eligible : null,
})

/**
 * Job retention at 30, 90 and 180 days: among jobs started in the range at least that many days before the
 * range's end, those not ended before that day. No rate on fewer than MIN_STARTS_FOR_RATE starts.
 */
export async function retention(
  executor: Executor,
  scope: ReportScope,
): Promise<Record<(typeof RETENTION_DAYS)[number], Rate>> {
  validate(scope)
  const [row] = rowsOf<Record<string, number>>(
    await executor.execute(sql`
      select
        ${sql.join(
          RETENTION_DAYS.map((day) => {
            // The days are this module's constants, written into the statement (a parameter would be untyped).
            const d = sql.raw(String(day))
            return sql`
          count(*) filter (where m.started_on <= ${scope.to}::date - ${d})::int as ${sql.raw(`eligible_${day}`)},
          count(*) filter (where m.started_on <= ${scope.to}::date - ${d}
            and not (m.status = 'ended' and m.ended_on < m.started_on + ${d}))::int as ${sql.raw(`kept_${day}`)}`
          }),
          sql`,`,
        )}
      from matches m
      ${peopleJoin(scope)}
      join opportunities o on o.id = m.opportunity_id
      where o.kind = 'job' and m.started_on between ${scope.from}::date and ${scope.to}::date and ${matchScope(scope)}`),
  )
  return Object.fromEntries(
    RETENTION_DAYS.map((d) => [d, rate(row?.[`kept_${d}`] ?? 0, row?.[`eligible_${d}`] ?? 0)]),
  ) as Record<(typeof RETENTION_DAYS)[number], Rate>
}

export type Completion = { started: number; completed: number; ended: number; inProgress: number; rate: number | null }

/** Courses started in the range: finished with a certificate, dropped, still going; rate over those finished. */
export async function courseCompletion(executor: Executor, scope: ReportScope): Promise<Completion> {
  validate(scope)
  const [row] = rowsOf<{ started: number; completed: number; ended: number }>(
    await executor.execute(sql`
      select count(*)::int as started,
        count(*) filter (where m.status = 'completed')::int as completed,
        count(*) filter (where m.status = 'ended')::int as ended
      from matches m
      ${peopleJoin(scope)}
      join opportunities o on o.id = m.opportunity_id
      where o.kind = 'course' and m.started_on between ${scope.from}::date and ${scope.to}::date and ${matchScope(scope)}`),
  )
  const started = row?.started ?? 0
  const completed = row?.completed ?? 0
  const ended = row?.ended ?? 0
  const finished = completed + ended
  return {
    started,
    completed,
    ended,
    inProgress: started - finished,
    rate: started >= MIN_STARTS_FOR_RATE && finished > 0 ? completed / finished : null,
  }
}

export type Loans = {
  disbursed: number
  amountVnd: number
  reported: number
  onTime: number
  onTimeRate: number | null
}

/**
 * Loans disbursed in the range (count, VND) and repayment: the latest repayment report of each, on time or
 * repaid over all reported (a loan repaid in full, or completed, counts as on time).
 */
export async function loans(executor: Executor, scope: ReportScope): Promise<Loans> {
  validate(scope)
  const [row] = rowsOf<{ disbursed: number; amount: string | number | null; reported: number; on_time: number }>(
    await executor.execute(sql`
      with loans as (
        select m.id, m.amount_vnd, m.status
        from matches m
        ${peopleJoin(scope)}
        join opportunities o on o.id = m.opportunity_id
        where o.kind = 'loan' and m.started_on between ${scope.from}::date and ${scope.to}::date and ${matchScope(scope)}
      ),
      latest as (
        select r.status
        from loans l
        join lateral (
          select r.status from match_reports r
          where r.match_id = l.id and r.kind = 'repayment'
          order by r.reported_at desc, r.id desc
          limit 1
        ) r on true
      )
      select (select count(*)::int from loans) as disbursed,
        (select coalesce(sum(amount_vnd), 0) from loans) as amount,
        (select count(*)::int from latest) as reported,
        (select count(*)::int from latest where status in ('on_time', 'repaid')) as on_time`),
  )
  const reported = row?.reported ?? 0
  const onTime = row?.on_time ?? 0
  return {
    disbursed: row?.disbursed ?? 0,
    amountVnd: Number(row?.amount ?? 0),
    reported,
    onTime,
    onTimeRate: reported >= MIN_STARTS_FOR_RATE ? onTime / reported : null,
  }
}

/** Median days from a person's intake to their first start, for first starts in the range (null: none). */
export async function medianDaysToFirstStart(
  executor: Executor,
  scope: ReportScope,
): Promise<{ people: number; days: number | null }> {
  validate(scope)
  const [row] = rowsOf<{ people: number; days: number | null }>(
    await executor.execute(sql`
      with firsts as (
        select m.candidate_id, min(m.started_on) as first_start
        from matches m
        ${peopleJoin(scope)}
        where m.started_on is not null and ${matchScope(scope)}
        group by m.candidate_id
        having min(m.started_on) between ${scope.from}::date and ${scope.to}::date
      )
      select count(*)::int as people,
        percentile_cont(0.5) within group (order by f.first_start - (c.created_at at time zone ${TZ})::date) as days
      from firsts f join candidates c on c.id = f.candidate_id`),
  )
  return { people: row?.people ?? 0, days: row?.days === null || row?.days === undefined ? null : Number(row.days) }
}

/** People followed, by case status and by ward (current state; not date-bound). Not for partners. */
export async function candidatesByStatusAndWard(executor: Executor, scope: ReportScope) {
  const rows = rowsOf<{ ward_code: string; ward_name: string; status: CandidateStatus; n: number }>(
    await executor.execute(sql`
      select c.ward_code, w.name as ward_name, c.status, count(*)::int as n
      from candidates c join wards w on w.code = c.ward_code
      where c.merged_into_id is null
        ${scope.wardCodes ? sql`and c.ward_code = any(${textArray(scope.wardCodes)})` : sql``}
      group by 1, 2, 3`),
  )
  const byStatus: Record<CandidateStatus, number> = { draft: 0, active: 0, on_hold: 0, closed: 0 }
  const byWard = new Map<
    string,
    { wardCode: string; wardName: string; total: number } & Record<CandidateStatus, number>
  >()
  for (const r of rows) {
    byStatus[r.status] += r.n
    const w = byWard.get(r.ward_code) ?? {
      wardCode: r.ward_code,
      wardName: r.ward_name,
      total: 0,
      draft: 0,
      active: 0,
      on_hold: 0,
      closed: 0,
    }
    w[r.status] += r.n
    w.total += r.n
    byWard.set(r.ward_code, w)
  }
  return {
    byStatus,
    byWard: [...byWard.values()].sort((a, b) => b.total - a.total || a.wardName.localeCompare(b.wardName, 'vi')),
  }
}

export type PartnerScore = {
  organisationId: string
  name: string
  kind: string
  referred: number
  started: number
  completed: number
  ended: number
  /** Starts over referrals (placement), completions over finished, jobs kept at 90 days — null under MIN_STARTS_FOR_RATE starts. */
  placementRate: number | null
  completionRate: number | null
  retention90: number | null
}

/** Each partner's results in the range: referrals received, starts, completions, and rates on enough volume. */
export async function partnerScorecards(executor: Executor, scope: ReportScope): Promise<PartnerScore[]> {
  validate(scope)
  const rows = rowsOf<{
    organisation_id: string
    name: string
    kind: string
    referred: number
    started: number
    completed: number
    ended: number
    jobs_90: number
    kept_90: number
  }>(
    await executor.execute(sql`
      with scores as (
        -- Only the matches referred or started in the range count toward anything below.
        select m.organisation_id,
          count(*) filter (where m.approved_at is not null and ${inRange(sql`m.approved_at`, scope)})::int as referred,
          count(*) filter (where m.started_on between ${scope.from}::date and ${scope.to}::date)::int as started,
          count(*) filter (where m.started_on between ${scope.from}::date and ${scope.to}::date and m.status = 'completed')::int as completed,
          count(*) filter (where m.started_on between ${scope.from}::date and ${scope.to}::date and m.status = 'ended')::int as ended,
          count(*) filter (where o.kind = 'job' and m.started_on between ${scope.from}::date and ${scope.to}::date - 90)::int as jobs_90,
          count(*) filter (where o.kind = 'job' and m.started_on between ${scope.from}::date and ${scope.to}::date - 90
            and not (m.status = 'ended' and m.ended_on < m.started_on + 90))::int as kept_90
        from matches m
        ${peopleJoin(scope)}
        join opportunities o on o.id = m.opportunity_id
        where ${matchScope(scope)}
          and ((m.approved_at is not null and ${inRange(sql`m.approved_at`, scope)})
            or m.started_on between ${scope.from}::date and ${scope.to}::date)
        group by m.organisation_id
      )
      select g.id as organisation_id, g.name, g.kind::text as kind,
        s.referred, s.started, s.completed, s.ended, s.jobs_90, s.kept_90
      from scores s join organisations g on g.id = s.organisation_id
      order by s.started desc, g.name`),
  )
  return rows.map((r) => {
    const enough = r.started >= MIN_STARTS_FOR_RATE
    const finished = r.completed + r.ended
    return {
      organisationId: r.organisation_id,
      name: r.name,
      kind: r.kind,
      referred: r.referred,
      started: r.started,
      completed: r.completed,
      ended: r.ended,
      placementRate: enough && r.referred > 0 ? Math.min(r.started / r.referred, 1) : null,
      completionRate: enough && finished > 0 ? r.completed / finished : null,
      retention90: r.jobs_90 >= MIN_STARTS_FOR_RATE ? r.kept_90 / r.jobs_90 : null,
    }
  })
}

/** Check-ins overdue in scope (the caseworker's dashboard). */
export async function overdueCheckIns(executor: Executor, scope: ReportScope, now = new Date()): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await executor.execute(sql`
      select count(*)::int as n from follow_ups f
      ${scope.wardCodes ? sql`join candidates c on c.id = f.candidate_id` : sql``}
      where f.done_at is null and f.match_id is not null and f.due_date < ${hanoiToday(now)}::date
        ${scope.wardCodes ? sql`and c.ward_code = any(${textArray(scope.wardCodes)})` : sql``}`),
  )
  return row?.n ?? 0
}

export type TargetProgress = { year: number; rows: { metric: TargetMetric; target: number; actual: number }[] }

/**
 * Progress toward the wards' yearly targets (the year of the range's end): people placed in work (job starts),
 * courses completed, loans disbursed — actuals over the calendar year, targets summed over the wards in scope.
 */
export async function targetProgress(executor: Executor, scope: ReportScope): Promise<TargetProgress> {
  const year = Number(scope.to.slice(0, 4))
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  const [row] = rowsOf<{ placed: number; completed: number; loans: number }>(
    await executor.execute(sql`
      select
        count(*) filter (where o.kind = 'job' and m.started_on between ${from}::date and ${to}::date)::int as placed,
        count(*) filter (where o.kind = 'course' and m.status = 'completed' and m.ended_on between ${from}::date and ${to}::date)::int as completed,
        count(*) filter (where o.kind = 'loan' and m.started_on between ${from}::date and ${to}::date)::int as loans
      from matches m
      ${peopleJoin(scope)}
      join opportunities o on o.id = m.opportunity_id
      where m.started_on is not null
        and (m.started_on between ${from}::date and ${to}::date or m.ended_on between ${from}::date and ${to}::date)
        and ${matchScope({ ...scope, organisationId: null })}`),
  )
  const targets = await targetTotals({ year, wardCodes: scope.wardCodes ?? undefined })
  const actual: Record<TargetMetric, number> = {
    placed_in_work: row?.placed ?? 0,
    courses_completed: row?.completed ?? 0,
    loans_disbursed: row?.loans ?? 0,
  }
  return { year, rows: TARGET_METRICS.map((metric) => ({ metric, target: targets[metric], actual: actual[metric] })) }
}

/** Everything a dashboard shows, in one call (the partner's has no caseload figures). */
export async function dashboard(scope: ReportScope, options: { withCaseload: boolean; now?: Date }) {
  const db = getDb()
  // Independent statements: on a server they run side by side on the pool (the embedded database queues them).
  const [funnelRow, starts, kept, completion, loanFigures, median, caseload, partners, overdue, targets] =
    await Promise.all([
      funnel(db, scope),
      startsByMonth(db, scope),
      retention(db, scope),
      courseCompletion(db, scope),
      loans(db, scope),
      medianDaysToFirstStart(db, scope),
      options.withCaseload ? candidatesByStatusAndWard(db, scope) : null,
      partnerScorecards(db, scope),
      options.withCaseload ? overdueCheckIns(db, scope, options.now) : null,
      // Targets are the wards' (coordinators set them): not on a partner's dashboard.
      options.withCaseload ? targetProgress(db, scope) : null,
    ])
  return {
    scope,
    funnel: funnelRow,
    startsByMonth: starts,
    retention: kept,
    courseCompletion: completion,
    loans: loanFigures,
    medianDaysToFirstStart: median,
    caseload,
    partners,
    overdueCheckIns: overdue,
    targets,
  }
}

export type PersonRow = {
  publicCode: string
  fullName: string
  wardName: string
  listingTitle: string
  kind: OpportunityKind
  organisationName: string
  status: string
  startedOn: string | null
  endedOn: string | null
  amountVnd: number | null
}

/**
 * Person-level rows behind the figures: the matches started in the range, with the person's code and name —
 * never a sensitive field. For coordinators only, with a reason, audited (see `exportPeople`).
 */
export async function personRows(executor: Executor, scope: ReportScope): Promise<PersonRow[]> {
  validate(scope)
  const rows = rowsOf<{
    public_code: string
    full_name: string
    ward_name: string
    title: string
    kind: OpportunityKind
    organisation_name: string
    status: string
    started_on: string | null
    ended_on: string | null
    amount_vnd: string | number | null
  }>(
    await executor.execute(sql`
      select c.public_code, c.full_name, w.name as ward_name, o.title, o.kind, g.name as organisation_name,
        m.status::text as status, m.started_on::text as started_on, m.ended_on::text as ended_on, m.amount_vnd
      from matches m
      join candidates c on c.id = m.candidate_id
      join wards w on w.code = c.ward_code
      join opportunities o on o.id = m.opportunity_id
      join organisations g on g.id = m.organisation_id
      where m.started_on between ${scope.from}::date and ${scope.to}::date and ${matchScope(scope)}
      order by m.started_on, c.public_code`),
  )
  return rows.map((r) => ({
    publicCode: r.public_code,
    fullName: r.full_name,
    wardName: r.ward_name,
    listingTitle: r.title,
    kind: r.kind,
    organisationName: r.organisation_name,
    status: r.status,
    startedOn: r.started_on,
    endedOn: r.ended_on,
    amountVnd: r.amount_vnd === null ? null : Number(r.amount_vnd),
  }))
}

/**
 * The person-level rows for an export, read and audited in one transaction: who exported which scope, why,
 * how many rows, in which format.
 */
export async function exportPersonRows(options: {
  actor: Actor
  scope: ReportScope
  reason: string
  format: 'csv' | 'xlsx'
}): Promise<PersonRow[]> {
  authorize(options.actor, 'candidate:export')
  const { scope } = options
  return getDb().transaction(async (tx) => {
    const found = await personRows(tx, scope)
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'report.people_exported',
      subjectType: 'report',
      subjectId: 'people',
      details: {
        reason: options.reason,
        from: scope.from,
        to: scope.to,
        wards: scope.wardCodes?.join(',') ?? 'all',
        rows: found.length,
        format: options.format,
      },
    })
    return found
  })
}

/** The kind of the partner's own organisation (its reports show that kind's figures); null for staff. */
export async function ownOrganisationKind(actor: Actor): Promise<OrganisationKind | null> {
  if (!actor.membership) return null
  const [organisation] = await getDb()
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, actor.membership.organisationId))
  return organisation?.kind ?? null
}
