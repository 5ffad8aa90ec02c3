import { addDays, hanoiToday } from '#app/utils/dates.ts'
import { and, asc, eq, isNull, lte } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { type Candidate, candidates, followUps, matches, opportunities } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { can, type Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { AddFollowUpSchema, CompleteFollowUpSchema } from './casefile.schema'
import { candidateScopeCondition } from './scope.server'

/** Today in Hanoi (YYYY-MM-DD). */
export function todayInHanoi(now: Date = new Date()): string {
  return hanoiToday(now)
}

/** A follow-up is overdue once its due date has passed in Hanoi and it is not done. */
export function isOverdue(followUp: { dueDate: string; doneAt: Date | string | null }, today: string): boolean {
  return followUp.doneAt === null && followUp.dueDate < today
}

/** How many days "due this week" looks ahead from today (today included). */
export const DUE_SOON_DAYS = 7

/**
 * Adds a dated task to a case. It is assigned to the candidate's caseworker (or, when the case has none, to
 * the caseworker adding it), so it shows on their home page. The title stays out of the audit: it may say
 * something personal.
 */
export async function addFollowUp(options: {
  actor: Actor
  candidateId: string
  title: string
  dueDate: string
  kind?: 'check_in' | 'task'
}): Promise<{ id: string }> {
  const { actor } = options
  authorize(actor, 'candidate:write')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const parsed = AddFollowUpSchema.safeParse({ intent: 'addFollowUp', kind: 'task', ...options })
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? '') })
  const { title, dueDate, kind } = parsed.data
  return getDb().transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: candidates.id, caseworkerId: candidates.caseworkerId })
      .from(candidates)
      .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(actor)))
    if (!candidate) throw new AppError('not_found')
    const [row] = await tx
      .insert(followUps)
      .values({
        candidateId: candidate.id,
        kind,
        title,
        dueDate,
        assignedToId: assigneeFor(candidate, actor),
        createdById: actor.userId,
      })
      .returning({ id: followUps.id })
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'follow_up.added',
      subjectType: 'candidate',
      subjectId: candidate.id,
      details: { followUpId: row!.id, kind, dueDate },
    })
    return { id: row!.id }
  })
}

function assigneeFor(candidate: Pick<Candidate, 'caseworkerId'>, actor: Actor): string | null {
  if (candidate.caseworkerId) return candidate.caseworkerId
  return can(actor, 'caseworker:access') ? actor.userId : null
}

/**
 * Marks a follow-up done, with what came of it. Done once: a second completion (two people at once, or a
 * resubmitted form) is a conflict, and the first outcome stands.
 */
export async function completeFollowUp(options: {
  actor: Actor
  followUpId: string
  outcome?: string | null
  /** When given (the candidate page), the follow-up must belong to this candidate. */
  candidateId?: string
}): Promise<{ candidateId: string }> {
  const { actor } = options
  authorize(actor, 'candidate:write')
  if (!isUuid(options.followUpId)) throw new AppError('not_found')
  if (options.candidateId !== undefined && !isUuid(options.candidateId)) throw new AppError('not_found')
  const parsed = CompleteFollowUpSchema.safeParse({
    intent: 'completeFollowUp',
    followUpId: options.followUpId,
    outcome: options.outcome ?? undefined,
  })
  if (!parsed.success) throw new AppError('invalid_input', { field: 'outcome' })
  const outcome = parsed.data.outcome || null
  return getDb().transaction(async (tx) => {
    const [found] = await tx
      .select({ id: followUps.id, candidateId: followUps.candidateId, doneAt: followUps.doneAt })
      .from(followUps)
      .innerJoin(candidates, eq(candidates.id, followUps.candidateId))
      .where(
        and(
          eq(followUps.id, options.followUpId),
          options.candidateId ? eq(followUps.candidateId, options.candidateId) : undefined,
          candidateScopeCondition(actor),
        ),
      )
    if (!found) throw new AppError('not_found')
    const [updated] = await tx
      .update(followUps)
      .set({ doneAt: new Date(), doneById: actor.userId, outcome })
      .where(and(eq(followUps.id, found.id), isNull(followUps.doneAt)))
      .returning({ id: followUps.id })
    if (!updated) throw new AppError('conflict')
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'follow_up.completed',
      subjectType: 'candidate',
      subjectId: found.candidateId,
      details: { followUpId: found.id },
    })
    return { candidateId: found.candidateId }
  })
}

export type DueFollowUp = {
  id: string
  title: string
  kind: 'check_in' | 'task'
  dueDate: string
  overdue: boolean
  candidate: { id: string; publicCode: string; fullName: string }
  checkIn: { dayMark: number; listingTitle: string } | null
}

/**
 * The open follow-ups assigned to the actor that are due on or before `until` (YYYY-MM-DD), overdue ones
 * first — a caseworker's home page. Coordinators are rarely assigned any, so they usually get none. Still
 * limited to the actor's wards: a case handed over to another ward drops off the list.
 */
export async function listDueFollowUps(options: {
  actor: Actor
  until: string
  limit?: number
}): Promise<DueFollowUp[]> {
  const { actor } = options
  authorize(actor, 'candidate:read')
  const today = todayInHanoi()
  const rows = await getDb()
    .select({
      id: followUps.id,
      title: followUps.title,
      kind: followUps.kind,
      dueDate: followUps.dueDate,
      candidateId: candidates.id,
      publicCode: candidates.publicCode,
      fullName: candidates.fullName,
      dayMark: followUps.dayMark,
      listingTitle: opportunities.title,
    })
    .from(followUps)
    .innerJoin(candidates, eq(candidates.id, followUps.candidateId))
    .leftJoin(matches, eq(matches.id, followUps.matchId))
    .leftJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .where(
      and(
        eq(followUps.assignedToId, actor.userId),
        isNull(followUps.doneAt),
        lte(followUps.dueDate, options.until),
        isNull(candidates.mergedIntoId),
        candidateScopeCondition(actor),
      ),
    )
    .orderBy(asc(followUps.dueDate), asc(followUps.createdAt))
    .limit(options.limit ?? 100)
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    kind: r.kind,
    dueDate: r.dueDate,
    overdue: r.dueDate < today,
    candidate: { id: r.candidateId, publicCode: r.publicCode, fullName: r.fullName },
    // A match's check-in: its day and listing, for a title in the reader's language.
    checkIn: r.dayMark ? { dayMark: r.dayMark, listingTitle: r.listingTitle ?? '' } : null,
  }))
}

/** A caseworker's home shows this many due follow-ups, and this many more with each "show more", up to DUE_MAX. */
export const DUE_PAGE = 25
export const DUE_MAX = 500

/** How many due follow-ups to show, from `?shown=`: a multiple of the page, at least one page. */
export function dueShown(value: string | null): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < DUE_PAGE) return DUE_PAGE
  return Math.min(DUE_MAX, Math.ceil(n / DUE_PAGE) * DUE_PAGE)
}

export { addDays }
