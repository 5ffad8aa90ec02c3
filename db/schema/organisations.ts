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

/**
 * An invitation to join a partner's team, as the team page lists it. Every invitation the form accepts gets a
 * row, also when the address already has an account (then no account, membership or link is made: `userId`
 * is null and the address's owner is told instead), so the list looks the same whichever the address was.
 * A row ends when it is accepted, cancelled by the owner or sent again; it expires with its link.
 */
export const teamInvitations = pgTable(
  'team_invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    organisationId: uuid()
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    name: text().notNull(),
    invitedById: uuid().references(() => users.id, { onDelete: 'set null' }),
    /** The password-less account made for this invitation; null when the address already had one. */
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    endedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('team_invitations_organisation_idx').on(t.organisationId, t.createdAt),
    index('team_invitations_user_idx').on(t.userId),
  ],
)

export type Organisation = typeof organisations.$inferSelect
export type OrganisationKind = (typeof organisationKind.enumValues)[number]
export type MembershipRole = (typeof membershipRole.enumValues)[number]
