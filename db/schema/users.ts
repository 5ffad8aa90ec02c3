import { index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { wards } from './wards'

export const userRole = pgEnum('user_role', ['coordinator', 'caseworker', 'partner'])
export const userStatus = pgEnum('user_status', ['active', 'disabled'])
export const authTokenPurpose = pgEnum('auth_token_purpose', ['email_verification', 'password_reset', 'invitation'])

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Always stored lower-cased and trimmed (see normalizeEmail). */
    email: text().notNull(),
    name: text().notNull(),
    role: userRole().notNull(),
    /** `disabled`: signs in nowhere, every session ended (a departed staff member, a removed team member). */
    status: userStatus().notNull().default('active'),
    /** When and by which coordinator a staff account was disabled (null while active). */
    disabledAt: timestamp({ withTimezone: true }),
    // No foreign key: a table referring to itself cannot be ordered by the backup's restore (db/backup).
    disabledById: uuid(),
    /** Null for an invited account that has not chosen a password yet. */
    passwordHash: text(),
    emailVerifiedAt: timestamp({ withTimezone: true }),
    /** The language the person chose; null means "follow the browser". */
    locale: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email)],
)

/**
 * Sessions after Lucia's current guide: the cookie holds a random token, the table only its SHA-256.
 * `expiresAt` slides with activity (idle timeout); `absoluteExpiresAt` never moves.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    absoluteExpiresAt: timestamp({ withTimezone: true }).notNull(),
    userAgent: text(),
    ipAddress: text(),
  },
  (t) => [index('sessions_user_id_idx').on(t.userId)],
)

/** One-time tokens sent by email (verification, password reset, invitation). Only the hash is stored. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    id: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: authTokenPurpose().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('auth_tokens_user_id_idx').on(t.userId, t.purpose)],
)

/**
 * Failed-login counters, keyed by `email:<address>` or `ip:<address>`. Kept in the database so that
 * every app instance sees the same counts.
 */
export const authThrottles = pgTable('auth_throttles', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lockedUntil: timestamp({ withTimezone: true }),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

/** The wards a caseworker is responsible for. */
export const caseworkerWards = pgTable(
  'caseworker_wards',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    wardCode: text()
      .notNull()
      .references(() => wards.code),
    assignedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.wardCode] }), index('caseworker_wards_ward_idx').on(t.wardCode)],
)

export type User = typeof users.$inferSelect
export type Session = typeof sessions.$inferSelect
export type UserRole = (typeof userRole.enumValues)[number]
