import { and, eq, isNull } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { candidates } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { withdrawOpenMatchesOf } from '#app/modules/matching/matches.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { candidateScopeCondition } from './scope.server'

export type CaseStatus = 'active' | 'on_hold' | 'closed'

/** Which status a case may move to from each: drafts finish through the intake, not here. */
const MOVES: Record<string, CaseStatus[]> = {
  active: ['on_hold', 'closed'],
  on_hold: ['active', 'closed'],
  closed: ['active'],
}

/**
 * Puts a case on hold, closes it (the retention clock starts: its sensitive data is erased
 * RETENTION_YEARS later) or reopens it. Audited.
 */
export async function setCaseStatus(options: { actor: Actor; candidateId: string; status: CaseStatus; now?: Date }) {
  authorize(options.actor, 'candidate:write')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  await getDb().transaction(async (tx) => {
    const [current] = await tx
      .select({ id: candidates.id, status: candidates.status })
      .from(candidates)
      .where(
        and(
          eq(candidates.id, options.candidateId),
          isNull(candidates.mergedIntoId),
          candidateScopeCondition(options.actor),
        ),
      )
      .for('no key update')
    if (!current) throw new AppError('not_found')
    if (!MOVES[current.status]?.includes(options.status)) throw new AppError('conflict')
    // A closed case has nothing in play with partners any more.
    const withdrawn =
      options.status === 'closed'
        ? await withdrawOpenMatchesOf(tx, { actor: options.actor, candidateId: current.id, via: 'case_closed', now })
        : 0
    await tx
      .update(candidates)
      .set({ status: options.status, closedAt: options.status === 'closed' ? now : null, updatedAt: now })
      .where(eq(candidates.id, current.id))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'candidate.status_changed',
      subjectType: 'candidate',
      subjectId: current.id,
      details: { from: current.status, to: options.status, matchesWithdrawn: withdrawn },
    })
  })
}

export function nextStatuses(status: string): CaseStatus[] {
  return MOVES[status] ?? []
}
