import { and, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { candidates, candidateSensitive, caseNotes } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'

export const ERASED_NOTE = '[đã xóa theo thời hạn lưu trữ / erased at the end of the retention period]'

/**
 * Erases the sensitive data of cases closed longer than `retentionYears` ago: the sensitive fields are
 * emptied and marked erased, and notes marked sensitive lose their text. Identity, consent history and
 * outcomes stay (the statistics the city keeps). One audit event per case, in the same transaction.
 * Runs in batches so a large backlog never holds a long transaction.
 */
export async function eraseExpiredSensitiveData(options: { retentionYears: number; now?: Date; batchSize?: number }) {
  const now = options.now ?? new Date()
  const cutoff = new Date(now)
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - options.retentionYears)
  const batchSize = options.batchSize ?? 200
  let erased = 0
  for (;;) {
    const batch = await getDb().transaction(async (tx) => {
      const due = await tx
        .select({ id: candidates.id })
        .from(candidates)
        .innerJoin(candidateSensitive, eq(candidateSensitive.candidateId, candidates.id))
        .where(
          and(eq(candidates.status, 'closed'), lt(candidates.closedAt, cutoff), isNull(candidateSensitive.erasedAt)),
        )
        .limit(batchSize)
        .for('update', { of: candidateSensitive, skipLocked: true })
      if (due.length === 0) return 0
      const ids = due.map((d) => d.id)
      await tx
        .update(candidateSensitive)
        .set({
          drugUseHistory: null,
          criminalRecord: null,
          facility: null,
          healthNotes: null,
          nationalId: null,
          nationalIdHash: null,
          erasedAt: now,
          updatedAt: now,
        })
        .where(inArray(candidateSensitive.candidateId, ids))
      await tx
        .update(caseNotes)
        .set({ body: ERASED_NOTE })
        .where(
          and(
            inArray(caseNotes.candidateId, ids),
            eq(caseNotes.sensitive, true),
            sql`${caseNotes.body} <> ${ERASED_NOTE}`,
          ),
        )
      for (const id of ids) {
        await writeAudit(tx, {
          actor: { userId: null, role: 'system' },
          action: 'candidate.sensitive_erased',
          subjectType: 'candidate',
          subjectId: id,
          details: { retentionYears: options.retentionYears },
        })
      }
      return ids.length
    })
    erased += batch
    if (batch < batchSize) break
  }
  return { erased }
}
