import { and, eq, isNull } from 'drizzle-orm'
import type { Executor } from '#db/client.server.ts'
import { followUps, type OpportunityKind } from '#db/schema/index.ts'
import { addDays } from '#app/utils/dates.ts'
import { CHECK_IN_DAYS } from './lifecycle'

/**
 * When a match starts, its check-ins are scheduled for the person's caseworker: 30, 90 and 180 days after
 * the start (per kind, lifecycle.ts CHECK_IN_DAYS). Called by the transition, in its transaction.
 */
export async function scheduleCheckIns(
  tx: Executor,
  m: {
    matchId: string
    candidateId: string
    kind: OpportunityKind
    startedOn: string
    listingTitle: string
    assignedToId: string | null
    createdById: string | null
  },
): Promise<number> {
  const days = CHECK_IN_DAYS[m.kind]
  await tx.insert(followUps).values(
    days.map((day) => ({
      candidateId: m.candidateId,
      kind: 'check_in' as const,
      // Shown translated from `dayMark` and the listing; this text is what an export or an old client sees.
      title: `Hỏi thăm sau ${day} ngày: ${m.listingTitle}`,
      dueDate: addDays(m.startedOn, day),
      assignedToId: m.assignedToId,
      createdById: m.createdById,
      matchId: m.matchId,
      dayMark: day,
    })),
  )
  return days.length
}

/** The match is over (ended, completed, withdrawn): its check-ins not yet done are dropped. */
export async function cancelOpenCheckIns(tx: Executor, matchId: string): Promise<number> {
  const dropped = await tx
    .delete(followUps)
    .where(and(eq(followUps.matchId, matchId), isNull(followUps.doneAt)))
    .returning({ id: followUps.id })
  return dropped.length
}
