import { sql } from 'drizzle-orm'
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { matches } from './matches'
import { userRole, users } from './users'
import { wards } from './wards'

/**
 * What a partner reports on a started match: a course's attendance, a job's retention, a loan's repayment.
 * One row per report; the latest of each kind is the current state.
 */
export const matchReportKind = pgEnum('match_report_kind', ['attendance', 'retention', 'repayment'])
export const matchReportStatus = pgEnum('match_report_status', [
  // attendance (courses)
  'attending',
  'irregular',
  // retention (jobs)
  'employed',
  // repayment (loans)
  'on_time',
  'late',
  'restructured',
  'repaid',
  'default',
])

export const matchReports = pgTable(
  'match_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    matchId: uuid()
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    kind: matchReportKind().notNull(),
    status: matchReportStatus().notNull(),
    /** Repayment: how many days late. */
    lateDays: integer(),
    note: text(),
    reportedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    reportedByRole: userRole(),
    reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('match_reports_match_idx').on(t.matchId, t.reportedAt),
    check('match_reports_late_days', sql`${t.lateDays} is null or ${t.lateDays} between 1 and 3650`),
  ],
)

export const targetMetric = pgEnum('target_metric', ['placed_in_work', 'courses_completed', 'loans_disbursed'])

/** A coordinator's yearly target for a ward: how many people placed in work, courses completed, loans. */
export const wardTargets = pgTable(
  'ward_targets',
  {
    id: uuid().primaryKey().defaultRandom(),
    wardCode: text()
      .notNull()
      .references(() => wards.code),
    year: integer().notNull(),
    metric: targetMetric().notNull(),
    target: integer().notNull(),
    setById: uuid().references(() => users.id, { onDelete: 'set null' }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ward_targets_key').on(t.wardCode, t.year, t.metric),
    check('ward_targets_target', sql`${t.target} between 0 and 100000`),
    check('ward_targets_year', sql`${t.year} between 2020 and 2100`),
  ],
)

export type MatchReport = typeof matchReports.$inferSelect
export type MatchReportKind = (typeof matchReportKind.enumValues)[number]
export type MatchReportStatus = (typeof matchReportStatus.enumValues)[number]
export type TargetMetric = (typeof targetMetric.enumValues)[number]
