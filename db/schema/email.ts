import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { users } from './users'

export const outboxStatus = pgEnum('outbox_status', ['pending', 'sending', 'sent', 'failed'])

/**
 * The transactional outbox: an email is rendered and stored in the same transaction as the action that
 * caused it, then delivered by the dispatcher. `metadata` holds ids and the template name only — never a
 * token, a password or a candidate's data; the rendered body is the only place a link token lives.
 */
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    toAddress: text().notNull(),
    toUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    locale: text().notNull(),
    template: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    metadata: jsonb().$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    status: outboxStatus().notNull().default('pending'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    provider: text(),
    providerMessageId: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('email_outbox_due_idx').on(t.status, t.nextAttemptAt),
    index('email_outbox_to_idx').on(t.toAddress, t.id),
  ],
)

export type OutboxEmail = typeof emailOutbox.$inferSelect
