import { and, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { candidates, caseNotes } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { candidateScopeCondition } from './scope.server'

export const NOTE_MAX_LENGTH = 5000

/**
 * Adds a case note, sensitive unless said otherwise. The audit event records that a note was added (its id),
 * never what it says.
 */
export async function addNote(options: {
  actor: Actor
  candidateId: string
  body: string
  sensitive?: boolean
}): Promise<{ id: string }> {
  const { actor } = options
  authorize(actor, 'candidate:write')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const body = options.body.trim()
  // In characters (code points), as the form's schema counts: an emoji is one, not two UTF-16 units.
  const length = [...body].length
  if (length < 1 || length > NOTE_MAX_LENGTH) throw new AppError('invalid_input', { field: 'body' })
  const sensitive = options.sensitive ?? true
  return getDb().transaction(async (tx) => {
    const [candidate] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(actor)))
    if (!candidate) throw new AppError('not_found')
    const [row] = await tx
      .insert(caseNotes)
      .values({ candidateId: candidate.id, authorId: actor.userId, body, sensitive })
      .returning({ id: caseNotes.id })
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'note.added',
      subjectType: 'candidate',
      subjectId: candidate.id,
      details: { noteId: row!.id, sensitive },
    })
    return { id: row!.id }
  })
}
