import { and, desc, eq, lt, sql, type SQL } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { auditEvents, users } from '#db/schema'
import type { Actor } from '~/policy'
import { authorize } from '~/policy'
import { isCalendarDate } from '~/utils/dates'
import { isUuid } from '~/utils/ids'

export type AuditFilter = {
  /** e.g. 'candidate' with an id: "who looked at or changed this person's record?" */
  subjectType?: string
  subjectId?: string
  actorId?: string
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
