import { and, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { sessions } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { invalidateSession, invalidateUserSessions } from './session.server'

/**
 * The signed-in person ends one of their own sessions (another device). An id that names none of their
 * sessions ends nothing and records nothing. Returns whether one ended.
 */
export async function revokeOwnSession(options: { actor: Actor; sessionId: string }): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const deleted = await tx
      .delete(sessions)
      .where(and(eq(sessions.id, options.sessionId), eq(sessions.userId, options.actor.userId)))
      .returning({ id: sessions.id })
    if (deleted.length === 0) return false
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'auth.session_revoked',
      subjectType: 'user',
      subjectId: options.actor.userId,
    })
    return true
  })
}

/**
 * Ends every session of the person but the current one. Nothing ended, nothing recorded: the audit trail
 * lists what happened, not what was asked. Returns how many ended.
 */
export async function revokeOtherSessions(options: { actor: Actor; currentSessionId: string }): Promise<number> {
  return getDb().transaction(async (tx) => {
    const count = await invalidateUserSessions(tx, options.actor.userId, options.currentSessionId)
    if (count > 0) {
      await writeAudit(tx, {
        actor: { userId: options.actor.userId, role: options.actor.role },
        action: 'auth.other_sessions_revoked',
        subjectType: 'user',
        subjectId: options.actor.userId,
        details: { sessions: count },
      })
    }
    return count
  })
}

/** Signing out: the session ends and the sign-out is audited. */
export async function signOut(options: {
  sessionId: string
  user: { id: string; role: Actor['role'] }
  ipAddress: string | null
}) {
  await invalidateSession(options.sessionId)
  await writeAudit(getDb(), {
    actor: { userId: options.user.id, role: options.user.role, ipAddress: options.ipAddress },
    action: 'auth.logout',
    subjectType: 'user',
    subjectId: options.user.id,
  })
}
