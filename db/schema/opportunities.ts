import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  numeric,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations } from './organisations'
import { users } from './users'
import { wards } from './wards'

export const opportunityKind = pgEnum('opportunity_kind', ['job', 'course', 'loan'])
export const opportunityStatus = pgEnum('opportunity_status', ['draft', 'open', 'closed'])
export const employmentType = pgEnum('employment_type', ['full_time', 'part_time', 'seasonal', 'apprenticeship'])
export const wagePeriod = pgEnum('wage_period', ['month', 'day', 'hour'])
export const loanPurpose = pgEnum('loan_purpose', ['training', 'production', 'self_employment'])

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/**
 * What partners offer: a job, a course or a loan programme. What the three share lives here; what is
 * particular to each kind in its own detail table. `searchText` is the folded (lower-case, no
 * diacritics) text of the title, description, organisation and skills, so "han" finds "hàn".
 */
export const opportunities = pgTable(
  'opportunities',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: opportunityKind().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    wardCode: text()
      .notNull()
      .references(() => wards.code),
    address: text(),
    status: opportunityStatus().notNull().default('draft'),
    /** Openings (jobs), seats (courses) or loans available (loan programmes). */
    capacity: integer().notNull(),
    /** Places held by accepted, started and completed matches; kept by the matching module under this row's lock. */
    seatsTaken: integer().notNull().default(0),
    /** Applications close at the end of this day (Hanoi time); null: open until closed. */
    deadline: date({ mode: 'string' }),
    requiredSkills: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    minAge: integer(),
    maxAge: integer(),
    acceptsAfterRehab: boolean().notNull().default(true),
    acceptsAfterPrison: boolean().notNull().default(true),
    /** Other conditions and what the person should bring, in plain words. */
    eligibilityNotes: text(),
    searchText: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(sql`to_tsvector('simple'::regconfig, search_text)`),
    publishedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('opportunities_organisation_idx').on(t.organisationId, t.status, t.createdAt),
    index('opportunities_open_recent_idx').on(t.status, t.publishedAt.desc(), t.id),
    index('opportunities_open_deadline_idx').on(t.status, t.deadline, t.id),
    index('opportunities_ward_idx').on(t.wardCode, t.status),
    index('opportunities_search_idx').using('gin', t.searchVector),
    index('opportunities_skills_idx').using('gin', t.requiredSkills),
    // Keyset pages of the search (app/modules/opportunities/search.server.ts): its sort keys are these
    // exact expressions, never null, so "after (key, id)" is one index range.
    index('opportunities_newest_idx').on(sql`coalesce(${t.publishedAt}, ${t.createdAt})`, t.id),
    index('opportunities_deadline_key_idx').on(sql`coalesce(${t.deadline}, 'infinity'::date)`, t.id),
    // Suggestions rank every open listing for one person on these columns alone: an index-only scan instead
    // of reading the wide rows (description, search text) of the whole table.
    index('opportunities_open_rank_idx')
      .on(
        t.kind,
        t.wardCode,
        t.organisationId,
        t.deadline,
        t.capacity,
        t.seatsTaken,
        t.minAge,
        t.maxAge,
        t.acceptsAfterRehab,
        t.acceptsAfterPrison,
        t.id,
        t.requiredSkills,
      )
      .where(sql`${t.status} = 'open'`),
    // Capacity is never oversubscribed, whatever the code above the database does.
    check('opportunities_seats_within_capacity', sql`${t.seatsTaken} between 0 and ${t.capacity}`),
  ],
)

export const jobDetails = pgTable(
  'job_details',
  {
    opportunityId: uuid()
      .primaryKey()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    employmentType: employmentType().notNull(),
    wageMin: bigint({ mode: 'number' }),
    wageMax: bigint({ mode: 'number' }),
    wagePeriod: wagePeriod().notNull().default('month'),
    shift: text(),
    housingProvided: boolean().notNull().default(false),
    mealsProvided: boolean().notNull().default(false),
    /** A certificate the job asks for (lets a course that awards it lead here). */
    certificateRequired: text(),
  },
  (t) => [
    // The certificates open jobs ask for, read for every suggestion (course pathways).
    index('job_details_certificate_idx')
      .on(t.certificateRequired, t.opportunityId)
      .where(sql`${t.certificateRequired} is not null`),
  ],
)

export const courseDetails = pgTable(
  'course_details',
  {
    opportunityId: uuid()
      .primaryKey()
      .references(() => opportunities.id, { onDelete: 'cascade' }),
    durationWeeks: integer().notNull(),
    schedule: text(),
    startDate: date({ mode: 'string' }),
    costVnd: bigint({ mode: 'number' }).notNull().default(0),
    subsidyVnd: bigint({ mode: 'number' }).notNull().default(0),
    certificate: text(),
  },
  (t) => [index('course_details_certificate_idx').on(t.certificate, t.opportunityId)],
)

export const loanDetails = pgTable('loan_details', {
  opportunityId: uuid()
    .primaryKey()
    .references(() => opportunities.id, { onDelete: 'cascade' }),
  amountMin: bigint({ mode: 'number' }).notNull(),
  amountMax: bigint({ mode: 'number' }).notNull(),
  /** Yearly interest rate in percent, e.g. 6.6. */
  interestRate: numeric({ precision: 5, scale: 2, mode: 'number' }).notNull(),
  termMonths: integer().notNull(),
  gracePeriodMonths: integer().notNull().default(0),
  collateralRequired: boolean().notNull().default(false),
  guarantorRequired: boolean().notNull().default(false),
  purposes: loanPurpose().array().notNull(),
})

export type Opportunity = typeof opportunities.$inferSelect
export type OpportunityKind = (typeof opportunityKind.enumValues)[number]
export type OpportunityStatus = (typeof opportunityStatus.enumValues)[number]
export type JobDetails = typeof jobDetails.$inferSelect
export type CourseDetails = typeof courseDetails.$inferSelect
export type LoanDetails = typeof loanDetails.$inferSelect
export type EmploymentType = (typeof employmentType.enumValues)[number]
export type WagePeriod = (typeof wagePeriod.enumValues)[number]
export type LoanPurpose = (typeof loanPurpose.enumValues)[number]
