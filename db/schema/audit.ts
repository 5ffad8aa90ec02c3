import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/**
 * Append-only record of who did what. A trigger (see the migrations) refuses UPDATE and DELETE.
 * `details` must never carry sensitive personal data or secrets: ids and codes only.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    actorId: uuid(),
    actorRole: text(),
    action: text().notNull(),
    subjectType: text(),
    subjectId: text(),
    ipAddress: text(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    /** The previous event's hash, and this event's: a chain that `npm run audit:verify` checks. */
    prevHash: text(),
    hash: text(),
  },
  (t) => [
    index('audit_events_subject_idx').on(t.subjectType, t.subjectId, t.id),
    index('audit_events_actor_idx').on(t.actorId, t.id),
  ],
)

export type AuditEvent = typeof auditEvents.$inferSelect
