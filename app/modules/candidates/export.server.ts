import { and, asc, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  candidates,
  candidateSensitive,
  candidateTransfers,
  caseNotes,
  consents,
  followUps,
  wards,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'

/**
 * Everything the programme holds about one person, for their right of access (Law 91/2025/QH15): a
 * coordinator only, with the reason recorded in the audit trail in the same transaction as the read.
 */
export async function exportCandidateData(options: { actor: Actor; candidateId: string; reason: string; now?: Date }) {
  authorize(options.actor, 'candidate:export')
  const reason = options.reason.trim()
  if (reason.length < 5 || reason.length > 500) throw new AppError('invalid_input', { field: 'reason' })
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const [candidate] = await tx
      .select({ candidate: candidates, wardName: wards.name })
      .from(candidates)
      .innerJoin(wards, eq(wards.code, candidates.wardCode))
      .where(eq(candidates.id, options.candidateId))
    if (!candidate) throw new AppError('not_found')
    const id = candidate.candidate.id
    const [sensitive, consentRows, notes, tasks, transfers] = await Promise.all([
      tx.select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id)),
      tx.select().from(consents).where(eq(consents.candidateId, id)).orderBy(asc(consents.grantedAt)),
      tx.select().from(caseNotes).where(eq(caseNotes.candidateId, id)).orderBy(asc(caseNotes.createdAt)),
      tx.select().from(followUps).where(eq(followUps.candidateId, id)).orderBy(asc(followUps.dueDate)),
      tx
        .select()
        .from(candidateTransfers)
        .where(and(eq(candidateTransfers.candidateId, id)))
        .orderBy(asc(candidateTransfers.createdAt)),
    ])
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'candidate.exported',
      subjectType: 'candidate',
      subjectId: id,
      details: { reason },
    })
    const { nationalIdHash: _hash, ...sensitiveFields } = sensitive[0] ?? { nationalIdHash: null }
    return {
      exportedAt: now.toISOString(),
      format: 'hoa-nhap-person-export/1',
      person: { ...candidate.candidate, wardName: candidate.wardName },
      sensitive: sensitive[0] ? sensitiveFields : null,
      consents: consentRows,
      notes,
      followUps: tasks,
      transfers,
    }
  })
}
