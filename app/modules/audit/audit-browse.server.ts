import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { auditEvents, users } from '#db/schema/index.ts'
import { verifyAuditChain, writeAudit } from './audit.server'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { normalizeEmail } from '#app/modules/auth/accounts.server.ts'
import { isCalendarDate } from '#app/utils/dates.ts'
import { isUuid } from '#app/utils/ids.ts'

export type AuditFilter = {
  /** e.g. 'candidate' with an id: "who looked at or changed this person's record?" */
  subjectType?: string
  subjectId?: string
  actorId?: string
  /** The actor by their email address, as a coordinator types it (an unknown address matches nothing). */
  actorEmail?: string
  /** An action or an action prefix ending in '.', e.g. 'auth.' */
  action?: string
  from?: string
  to?: string
}

const TOKEN = /^[a-z_]+(\.[a-z_]+)*\.?$/

/**
 * The audit trail for coordinators, newest first, a page at a time (keyset on id). Filters that do not
 * look like what they should are ignored, never passed to the database.
 */
export async function browseAuditTrail(options: {
  actor: Actor
  filter: AuditFilter
  before?: number | null
  limit?: number
}) {
  authorize(options.actor, 'audit:read')
  const f = options.filter
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 200)
  const conditions: SQL[] = []
  if (f.subjectType && TOKEN.test(f.subjectType)) conditions.push(eq(auditEvents.subjectType, f.subjectType))
  if (f.subjectId && f.subjectId.length <= 64) conditions.push(eq(auditEvents.subjectId, f.subjectId))
  if (f.actorId && isUuid(f.actorId)) conditions.push(eq(auditEvents.actorId, f.actorId))
  if (f.actorEmail) {
    const [user] = await getDb()
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, normalizeEmail(f.actorEmail)))
    // An unknown person has no events.
    conditions.push(user ? eq(auditEvents.actorId, user.id) : sql`false`)
  }
  if (f.action && TOKEN.test(f.action)) {
    conditions.push(
      f.action.endsWith('.') ? sql`${auditEvents.action} like ${`${f.action}%`}` : eq(auditEvents.action, f.action),
    )
  }
  // Dates are Hanoi calendar days.
  if (isCalendarDate(f.from))
    conditions.push(sql`${auditEvents.occurredAt} >= (${f.from}::date)::timestamp at time zone 'Asia/Ho_Chi_Minh'`)
  if (isCalendarDate(f.to))
    conditions.push(sql`${auditEvents.occurredAt} < ((${f.to}::date + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh')`)
  if (options.before && Number.isSafeInteger(options.before)) conditions.push(lt(auditEvents.id, options.before))
  const rows = await getDb()
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      subjectId: auditEvents.subjectId,
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      actorName: users.name,
      actorEmail: users.email,
      ipAddress: auditEvents.ipAddress,
      details: auditEvents.details,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(limit + 1)
  const items = rows.slice(0, limit)
  return { items, nextBefore: rows.length > limit ? items.at(-1)!.id : null }
}

/** A coordinator checks the whole hash chain on demand; the check itself is recorded. */
export async function checkAuditChain(options: { actor: Actor }) {
  authorize(options.actor, 'audit:read')
  const report = await verifyAuditChain()
  await writeAudit(getDb(), {
    actor: { userId: options.actor.userId, role: options.actor.role },
    action: 'audit.verified',
    details: { checked: report.checked, intact: report.brokenAt === null },
  })
  return report
}
