import { jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core'

export const wardKind = pgEnum('ward_kind', ['phuong', 'xa'])

/** Commune-level units (phường / xã). Reference data, loaded by a migration from db/reference. */
export const wards = pgTable('wards', {
  code: text().primaryKey(),
  provinceCode: text().notNull(),
  name: text().notNull(),
  kind: wardKind().notNull(),
  /** Lower-case, without diacritics: what a search without accents matches against. */
  searchName: text().notNull(),
  formerDistricts: text().array().notNull(),
  formerUnits: jsonb().$type<{ code: string; name: string; whole: boolean }[]>().notNull(),
})

export type Ward = typeof wards.$inferSelect
