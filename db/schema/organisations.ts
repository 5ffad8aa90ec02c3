import { boolean, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core'
import { users } from './users'
import { wards } from './wards'

export const organisationKind = pgEnum('organisation_kind', ['employer', 'training_centre', 'lender'])
export const organisationStatus = pgEnum('organisation_status', ['pending', 'approved', 'rejected', 'suspended'])
export const membershipRole = pgEnum('membership_role', ['owner', 'member'])

/** A partner: an employer, a training centre or a microloan programme. Vetted by a coordinator. */
export const organisations = pgTable(
  'organisations',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: organisationKind().notNull(),
    name: text().notNull(),
    /** Vietnamese tax code (MST): 10 digits, or 10 digits, a hyphen and 3 digits for a branch. */
    taxCode: text(),
    wardCode: text().references(() => wards.code),
    address: text(),
    contactName: text(),
    phone: text(),
    email: text(),
    description: text(),
    fairChancePledge: boolean().notNull().default(false),
    listedInDirectory: boolean().notNull().default(true),
    status: organisationStatus().notNull().default('pending'),
    statusReason: text(),
    vettedById: uuid().references(() => users.id),
    vettedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_status_idx').on(t.status, t.createdAt)],
)

/** A partner user belongs to exactly one organisation, as its owner or a member. */
export const memberships = pgTable(
  'memberships',
  {
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: membershipRole().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('memberships_user_key').on(t.userId), index('memberships_organisation_idx').on(t.organisationId)],
)

export type Organisation = typeof organisations.$inferSelect
export type OrganisationKind = (typeof organisationKind.enumValues)[number]
export type MembershipRole = (typeof membershipRole.enumValues)[number]
