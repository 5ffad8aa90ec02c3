import { sql } from 'drizzle-orm'
import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { candidates } from './candidates'
import { opportunities } from './opportunities'
import { organisations } from './organisations'
import { userRole, users } from './users'
import { MATCH_STATUSES } from './values'

export const matchStatus = pgEnum('match_status', MATCH_STATUSES)
export const matchOrigin = pgEnum('match_origin', ['referral', 'interest'])

/**
 * A candidate put forward for an opportunity: by their caseworker (a referral, approved from the start) or
 * at a partner's request (an interest the caseworker approves or rejects). The lifecycle is the table in
 * app/modules/matching/lifecycle.ts; `version` guards every change (two people acting at once: one wins).
 * `organisationId` is the opportunity's, copied so a partner's inbox is one index range.
 */
export const matches = pgTable(
  'matches',
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    opportunityId: uuid()
      .notNull()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    status: matchStatus().notNull(),
    origin: matchOrigin().notNull(),
    version: integer().notNull().default(1),
    /** The partner's message with its interest, or the caseworker's with a referral. Never sensitive data. */
    message: text(),
    /** The coded reason of the last rejection, decline, end or withdrawal. */
    reasonCode: text(),
    /** After acceptance: the interview, enrolment or appointment. */
    nextStepAt: timestamp({ withTimezone: true }),
    nextStepNote: text(),
    startedOn: date({ mode: 'string' }),
    /** Loans: the amount disbursed. */
    amountVnd: bigint({ mode: 'number' }),
    /** Courses: the certificate's number at completion. */
    certificateNumber: text(),
    endedOn: date({ mode: 'string' }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the partner could first see the profile (approval or referral): stale referrals count from here. */
    approvedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('matches_candidate_idx').on(t.candidateId, t.createdAt),
    // Ward and caseload reports: each person's matches, read from the index alone (the INCLUDE list is in
    // migration 0013), so a ward's figures visit its people's matches rather than every match in the city.
    index('matches_person_cover_idx').on(t.candidateId),
    index('matches_opportunity_idx').on(t.opportunityId, t.status),
    index('matches_organisation_idx').on(t.organisationId, t.status, t.updatedAt, t.id),
    index('matches_status_idx').on(t.status, t.approvedAt),
    // Reports: starts by day, and each organisation's results.
    index('matches_started_idx')
      .on(t.startedOn)
      .where(sql`${t.startedOn} is not null`),
    // One match at a time per person and listing while it is in play.
    uniqueIndex('matches_one_open_per_pair')
      .on(t.candidateId, t.opportunityId)
      .where(sql`${t.status} in ('interest', 'approved', 'accepted', 'started')`),
  ],
)

/** The history of a match: one row per transition, written in the transition's transaction. */
export const matchEvents = pgTable(
  'match_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    matchId: uuid()
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    action: text().notNull(),
    fromStatus: matchStatus(),
    toStatus: matchStatus().notNull(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The actor's role then, or null when the system acted (a consent revoked, a listing closed). */
    actorRole: userRole(),
    reasonCode: text(),
    details: jsonb().$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Both carry from_status and to_status (INCLUDE, migration 0013): the funnel counts events from the
    // index alone, a match's events for a ward's figures, a range of days for the city's.
    index('match_events_match_idx').on(t.matchId, t.createdAt),
    index('match_events_time_cover_idx').on(t.createdAt),
    index('match_events_status_time_idx').on(t.toStatus, t.createdAt),
  ],
)

export type Match = typeof matches.$inferSelect
export type MatchStatus = (typeof matchStatus.enumValues)[number]
export type MatchOrigin = (typeof matchOrigin.enumValues)[number]
export type MatchEvent = typeof matchEvents.$inferSelect
