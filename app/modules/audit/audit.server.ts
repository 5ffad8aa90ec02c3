import type { Executor } from '#db/client.server'
import { auditEvents } from '#db/schema'

export type AuditActor = { userId: string | null; role?: string | null; ipAddress?: string | null }

/**
 * Appends an audit event with the executor given — pass the action's transaction so the event and the
 * change commit together. `details` holds ids and codes only: never personal data, tokens or passwords.
 */
export async function writeAudit(
  executor: Executor,
  event: {
    actor: AuditActor
    action: string
    subjectType?: string | null
    subjectId?: string | null
    details?: Record<string, string | number | boolean | null | string[]>
  },
) {
  await executor.insert(auditEvents).values({
    actorId: event.actor.userId,
    actorRole: event.actor.role ?? null,
    ipAddress: event.actor.ipAddress ?? null,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    details: event.details ?? {},
  })
}
