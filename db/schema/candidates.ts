import { sql } from 'drizzle-orm'
import {
  boolean,
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
import { users } from './users'
import { BACKGROUNDS, CANDIDATE_STATUSES, EDUCATION_LEVELS, GENDERS } from './values'
import { wards } from './wards'

export const candidateStatus = pgEnum('candidate_status', CANDIDATE_STATUSES)
export const gender = pgEnum('gender', GENDERS)
export const programmeBackground = pgEnum('programme_background', BACKGROUNDS)
export const educationLevel = pgEnum('education_level', EDUCATION_LEVELS)
export const consentPurpose = pgEnum('consent_purpose', [
  'talent_pool',
  'share_with_employers',
  'share_with_training_centres',
  'share_with_lenders',
])
export const followUpKind = pgEnum('follow_up_kind', ['check_in', 'task'])

/**
 * A person the programme follows. Identity and contact live here; the SENSITIVE fields (drug-use history,
 * criminal record, facility, health, national ID) live in `candidate_sensitive`, read only by the
 * candidate's caseworkers and coordinators. Partners never read this table: they see anonymised cards, and
 * after an approved referral only what the consent allows.
 */
export const candidates = pgTable(
  'candidates',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Pseudonymous code shown instead of the name wherever the name is not needed, e.g. HN-7K3Q9D. */
    publicCode: text().notNull(),
    fullName: text().notNull(),
    /** The name folded (lower-case, no diacritics) for search and duplicate checks. */
    foldedName: text().notNull(),
    dateOfBirth: date({ mode: 'string' }),
    gender: gender().notNull().default('unspecified'),
    phone: text(),
    wardCode: text()
      .notNull()
      .references(() => wards.code),
    caseworkerId: uuid().references(() => users.id, { onDelete: 'set null' }),
    status: candidateStatus().notNull().default('draft'),
    /** Which intake step a draft stopped at. */
    intakeStep: integer().notNull().default(1),
    background: programmeBackground(),
    /** End of the rehabilitation programme or of the sentence. */
    programmeEndDate: date({ mode: 'string' }),
    education: educationLevel(),
    skills: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** What the person is looking for: job, course, loan (one or more). */
    needs: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    availability: text(),
    preferences: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp({ withTimezone: true }),
    /** Set when this record was merged into another (the duplicate). */
    mergedIntoId: uuid(),
  },
  (t) => [
    uniqueIndex('candidates_public_code_key').on(t.publicCode),
    index('candidates_ward_status_idx').on(t.wardCode, t.status, t.createdAt, t.id),
    index('candidates_caseworker_idx').on(t.caseworkerId, t.status),
    index('candidates_dob_idx').on(t.dateOfBirth),
    index('candidates_phone_idx').on(t.phone),
    index('candidates_folded_name_trgm_idx').using('gin', sql`${t.foldedName} gin_trgm_ops`),
    // The talent pool: active people, newest first, in keyset pages.
    // (Scanned backwards for "newest first".)
    index('candidates_active_recent_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.status} = 'active' and ${t.mergedIntoId} is null`),
    // The caseload, newest first, in keyset pages (a coordinator's whole city, or a big ward); scanned backwards.
    index('candidates_live_recent_idx')
      .on(t.createdAt, t.id)
      .where(sql`${t.mergedIntoId} is null`),
  ],
)

/** The sensitive fields, one row per candidate. Erased (set to null, `erasedAt`) by the retention job. */
export const candidateSensitive = pgTable(
  'candidate_sensitive',
  {
    candidateId: uuid()
      .primaryKey()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    drugUseHistory: text(),
    criminalRecord: text(),
    facility: text(),
    healthNotes: text(),
    nationalId: text(),
    /** SHA-256 of the normalised national ID: duplicate checks without reading the number itself. */
    nationalIdHash: text(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    erasedAt: timestamp({ withTimezone: true }),
  },
  // The likely-duplicates check looks people up by the hash of their national ID.
  (t) => [
    index('candidate_sensitive_national_id_idx')
      .on(t.nationalIdHash)
      .where(sql`${t.nationalIdHash} is not null`),
  ],
)

/** Consent per purpose: a grant row, closed by `revokedAt`. The current state is the open row, if any. */
export const consents = pgTable(
  'consents',
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    purpose: consentPurpose().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    grantedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** e.g. the reference of the signed form. */
    evidence: text().notNull(),
    /** Which version of the consent text the person agreed to. */
    textVersion: text().notNull(),
    revokedAt: timestamp({ withTimezone: true }),
    revokedById: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('consents_candidate_idx').on(t.candidateId, t.purpose),
    uniqueIndex('consents_one_open_per_purpose')
      .on(t.candidateId, t.purpose)
      .where(sql`${t.revokedAt} is null`),
  ],
)

/** A caseworker's note on a case. Sensitive by default: shown only to the candidate's caseworkers and coordinators. */
export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    body: text().notNull(),
    sensitive: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('case_notes_candidate_idx').on(t.candidateId, t.createdAt)],
)

/** A dated task for the caseworker: a check-in (30/90/180 days after a start) or any other to-do. */
export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    kind: followUpKind().notNull().default('task'),
    title: text().notNull(),
    dueDate: date({ mode: 'string' }).notNull(),
    assignedToId: uuid().references(() => users.id, { onDelete: 'set null' }),
    doneAt: timestamp({ withTimezone: true }),
    doneById: uuid().references(() => users.id, { onDelete: 'set null' }),
    outcome: text(),
    createdById: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** A check-in scheduled by a match's start (app/modules/matching/check-ins.server.ts); the foreign key to
     * matches is in migration 0009 (written by hand: the two schema files would import each other). */
    matchId: uuid(),
    /** Days after the start this check-in is for: 30, 90, 180. */
    dayMark: integer(),
    /** The check-in's answers: still employed / attending / repaying on schedule, problems, support needed. */
    onTrack: boolean(),
    problems: text(),
    supportNeeded: text(),
    /** When the reminder the day before, and the one once overdue, were sent (each once). */
    remindedAt: timestamp({ withTimezone: true }),
    overdueRemindedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // A caseworker's open follow-ups in the order their home page lists them, read until the page is full.
    index('follow_ups_open_due_idx')
      .on(t.assignedToId, t.dueDate, t.createdAt)
      .where(sql`${t.doneAt} is null`),
    index('follow_ups_candidate_idx').on(t.candidateId, t.dueDate),
    index('follow_ups_match_idx').on(t.matchId),
    // The reminder pass: check-ins not done, by due date.
    index('follow_ups_open_check_ins_idx')
      .on(t.dueDate)
      .where(sql`${t.doneAt} is null and ${t.matchId} is not null`),
  ],
)

/** A hand-over to another ward (the law gives 24 hours): the history of where a case has been. */
export const candidateTransfers = pgTable(
  'candidate_transfers',
  {
    id: uuid().primaryKey().defaultRandom(),
    candidateId: uuid()
      .notNull()
      .references(() => candidates.id, { onDelete: 'cascade' }),
    fromWardCode: text()
      .notNull()
      .references(() => wards.code),
    toWardCode: text()
      .notNull()
      .references(() => wards.code),
    byId: uuid().references(() => users.id, { onDelete: 'set null' }),
    reason: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgedAt: timestamp({ withTimezone: true }),
    acknowledgedById: uuid().references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [index('candidate_transfers_candidate_idx').on(t.candidateId, t.createdAt)],
)

/** Two records of one person merged by a coordinator; `snapshot` holds what an undo needs. */
export const candidateMerges = pgTable('candidate_merges', {
  id: uuid().primaryKey().defaultRandom(),
  survivorId: uuid()
    .notNull()
    .references(() => candidates.id, { onDelete: 'cascade' }),
  mergedId: uuid()
    .notNull()
    .references(() => candidates.id, { onDelete: 'cascade' }),
  byId: uuid().references(() => users.id, { onDelete: 'set null' }),
  snapshot: jsonb().$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  undoneAt: timestamp({ withTimezone: true }),
})

export type Candidate = typeof candidates.$inferSelect
export type CandidateStatus = (typeof candidateStatus.enumValues)[number]
export type ConsentPurpose = (typeof consentPurpose.enumValues)[number]
export type Gender = (typeof gender.enumValues)[number]
export type ProgrammeBackground = (typeof programmeBackground.enumValues)[number]
export type EducationLevel = (typeof educationLevel.enumValues)[number]
