import { and, asc, eq, inArray, isNotNull, isNull, lt } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { candidates, followUps, matches, opportunities, users } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { candidateScopeCondition } from '#app/modules/candidates/scope.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { addDays, hanoiToday } from '#app/utils/dates.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { COMPLETING_CHECK_IN_DAY, isReasonFor } from './lifecycle'
import { actOnMatchIn } from './matches.server'

export const CHECK_IN_LIMITS = { textMax: 2000 } as const

function cleanText(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null
  const trimmed = value.trim()
  // In characters (code points), as the form's schema counts: an emoji is one, not two UTF-16 units.
  if ([...trimmed].length > CHECK_IN_LIMITS.textMax) throw new AppError('invalid_input', { field })
  return trimmed === '' ? null : trimmed
}

/**
 * The caseworker records a check-in of a started match: still employed / attending / repaying on schedule,
 * problems, support needed. Not on track with a reason ends the match (a missed job, a dropped course); the
 * 180-day check-in on track completes a job or a loan (a course completes with its certificate). All in one
 * transaction, audited; the match's own transition writes its event, audit and emails.
 */
export async function recordCheckIn(options: {
  actor: Actor
  candidateId: string
  followUpId: string
  onTrack: boolean
  problems?: string | null
  supportNeeded?: string | null
  /** When not on track: end the match with this coded reason (REASONS.end). */
  endReason?: string | null
  now?: Date
}): Promise<{ matchStatus: string | null }> {
  const { actor } = options
  authorize(actor, 'candidate:write')
  authorize(actor, 'match:manage')
  if (!isUuid(options.candidateId) || !isUuid(options.followUpId)) throw new AppError('not_found')
  if (typeof options.onTrack !== 'boolean') throw new AppError('invalid_input', { field: 'onTrack' })
  const problems = cleanText(options.problems, 'problems')
  const supportNeeded = cleanText(options.supportNeeded, 'supportNeeded')
  const endReason = options.onTrack ? null : (options.endReason ?? null)
  if (endReason !== null && !isReasonFor('end', endReason)) throw new AppError('invalid_input', { field: 'endReason' })
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    // Locks in the transitions' order: the person, then (when the match moves) the listing and the match,
    // and only then the check-in — so a partner acting on the match at the same moment cannot deadlock us.
    const [person] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(actor)))
      .for('no key update')
    if (!person) throw new AppError('not_found')
    const [checkIn] = await tx
      .select({
        id: followUps.id,
        matchId: followUps.matchId,
        dayMark: followUps.dayMark,
        doneAt: followUps.doneAt,
        kind: opportunities.kind,
        matchStatus: matches.status,
        version: matches.version,
        opportunityId: matches.opportunityId,
      })
      .from(followUps)
      .innerJoin(matches, eq(matches.id, followUps.matchId))
      .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
      .where(and(eq(followUps.id, options.followUpId), eq(followUps.candidateId, person.id)))
    if (!checkIn) throw new AppError('not_found')
    if (checkIn.doneAt) throw new AppError('conflict', { values: { message: 'checkIn.errors.alreadyDone' } })
    const completes = options.onTrack && checkIn.dayMark === COMPLETING_CHECK_IN_DAY && checkIn.kind !== 'course'
    const moves = (endReason !== null || completes) && checkIn.matchStatus === 'started'
    if (moves) {
      await tx
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(eq(opportunities.id, checkIn.opportunityId))
        .for('update')
      await tx.select({ id: matches.id }).from(matches).where(eq(matches.id, checkIn.matchId!)).for('update')
    }
    const outcome = options.onTrack ? 'on_track' : 'not_on_track'
    const [done] = await tx
      .update(followUps)
      .set({ doneAt: now, doneById: actor.userId, onTrack: options.onTrack, problems, supportNeeded, outcome })
      .where(and(eq(followUps.id, checkIn.id), isNull(followUps.doneAt)))
      .returning({ id: followUps.id })
    if (!done) throw new AppError('conflict', { values: { message: 'checkIn.errors.alreadyDone' } })
    let matchStatus: string | null = checkIn.matchStatus
    if (moves) {
      const result = await actOnMatchIn(tx, {
        actor,
        matchId: checkIn.matchId!,
        version: checkIn.version,
        action: completes ? 'complete' : 'end',
        reasonCode: completes ? null : endReason,
        now,
      })
      matchStatus = result.status
    }
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'follow_up.check_in_recorded',
      subjectType: 'candidate',
      subjectId: person.id,
      details: {
        followUpId: checkIn.id,
        matchId: checkIn.matchId,
        dayMark: checkIn.dayMark,
        onTrack: options.onTrack,
        matchStatus,
      },
    })
    return { matchStatus }
  })
}

/** Reminders written per transaction: a day with many due check-ins is sent in short steps, not one long one. */
export const REMINDER_BATCH = 200

/**
 * Reminders for check-ins, to the caseworker they are assigned to (in their language): the day before, and
 * once overdue — each sent once. Run by the hourly maintenance, in batches of `batchSize`, each its own
 * transaction (the email rows and the "reminded" marks commit together), with a turn of the event loop between
 * them so the pages the same process serves are not held up by a long run.
 */
export async function sendCheckInReminders(
  options: { now?: Date; batchSize?: number } = {},
): Promise<{ dueTomorrow: number; overdue: number }> {
  const now = options.now ?? new Date()
  const batchSize = options.batchSize ?? REMINDER_BATCH
  const today = hanoiToday(now)
  const tomorrow = addDays(today, 1)
  const appUrl = getEnv().appUrl
  const counts = { dueTomorrow: 0, overdue: 0 }
  for (const which of ['tomorrow', 'overdue'] as const) {
    for (;;) {
      const sent = await getDb().transaction(async (tx) => {
        const due = await tx
          .select({
            id: followUps.id,
            dueDate: followUps.dueDate,
            dayMark: followUps.dayMark,
            candidateId: followUps.candidateId,
            publicCode: candidates.publicCode,
            userId: users.id,
            email: users.email,
            name: users.name,
            locale: users.locale,
          })
          .from(followUps)
          .innerJoin(candidates, eq(candidates.id, followUps.candidateId))
          .innerJoin(users, eq(users.id, followUps.assignedToId))
          .where(
            and(
              isNull(followUps.doneAt),
              isNotNull(followUps.matchId),
              eq(users.status, 'active'),
              isNotNull(users.emailVerifiedAt),
              which === 'tomorrow'
                ? and(eq(followUps.dueDate, tomorrow), isNull(followUps.remindedAt))
                : and(lt(followUps.dueDate, today), isNull(followUps.overdueRemindedAt)),
            ),
          )
          .orderBy(asc(followUps.dueDate), asc(followUps.id))
          .limit(batchSize)
          .for('update', { of: followUps, skipLocked: true })
        for (const f of due) {
          await enqueueEmail(tx, {
            to: f.email,
            toUserId: f.userId,
            locale: (f.locale as Locale | null) ?? 'vi',
            message: {
              template: 'check-in-reminder',
              props: {
                name: f.name,
                publicCode: f.publicCode,
                dayMark: f.dayMark ?? 0,
                dueDate: f.dueDate,
                overdue: which === 'overdue',
                url: new URL(`/caseworker/candidates/${f.candidateId}`, appUrl).toString(),
              },
            },
            metadata: { followUpId: f.id },
          })
        }
        if (due.length > 0) {
          await tx
            .update(followUps)
            .set(which === 'tomorrow' ? { remindedAt: now } : { overdueRemindedAt: now })
            .where(
              inArray(
                followUps.id,
                due.map((f) => f.id),
              ),
            )
        }
        return due.length
      })
      if (which === 'tomorrow') counts.dueTomorrow += sent
      else counts.overdue += sent
      if (sent < batchSize) break
      await new Promise((resolve) => setImmediate(resolve))
    }
  }
  return counts
}
