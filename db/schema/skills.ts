import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * The shared vocabulary of skills and trades, in both languages. Listings require skills from it and
 * candidates have skills from it, so they can be matched. Curated by coordinators; initial entries come
 * from a migration.
 */
export const skills = pgTable('skills', {
  code: text().primaryKey(),
  nameVi: text().notNull(),
  nameEn: text().notNull(),
  /** The trade group, e.g. `construction`, `hospitality` (a key in the locale files under skillGroup). */
  groupCode: text().notNull(),
  /** Lower-case, without diacritics, both languages: what search matches against. */
  searchText: text().notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
})

export type Skill = typeof skills.$inferSelect
