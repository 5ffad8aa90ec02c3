import { sql } from 'drizzle-orm'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { rowsOf, type Executor } from '../client.server'
import type { BackupMigration } from './file'

/**
 * What the database itself says about its tables (read from pg_catalog, so a table added by a later
 * migration is backed up without a change here).
 */
export type CatalogColumn = { name: string; type: string; identity: boolean; generated: boolean }
export type CatalogTable = { name: string; columns: CatalogColumn[]; primaryKey: string[] }

/** Tables the migrations fill with reference data: present in a database nobody has used yet. */
export const REFERENCE_TABLES = new Set(['wards', 'skills'])

export function quoteIdent(name: string) {
  return `"${name.replaceAll('"', '""')}"`
}

async function query<T>(db: Executor, text: string): Promise<T[]> {
  return rowsOf<T>(await db.execute(sql.raw(text)))
}

/** The app's tables (the current schema's ordinary tables, not an extension's), by name. */
export async function listTables(db: Executor): Promise<CatalogTable[]> {
  const rows = await query<{ name: string; columns: string; pk: string | null }>(
    db,
    `select c.relname as name,
       (select json_agg(json_build_object(
            'name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
            'identity', a.attidentity = 'a', 'generated', a.attgenerated <> '') order by a.attnum)
          from pg_attribute a where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped)::text as columns,
       (select json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum))
          from pg_index i join pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
          where i.indrelid = c.oid and i.indisprimary)::text as pk
     from pg_class c
     where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
       and c.relkind = 'r' and not c.relispartition
       and not exists (select 1 from pg_depend d
                       where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
     order by c.relname`,
  )
  return rows.map((r) => ({
    name: r.name,
    columns: JSON.parse(r.columns) as CatalogColumn[],
    primaryKey: r.pk ? (JSON.parse(r.pk) as string[]) : [],
  }))
}

export type ForeignKey = { child: string; parent: string }

/** Which table refers to which (foreign keys are not deferrable here: parents must be inserted first). */
export async function listForeignKeys(db: Executor): Promise<ForeignKey[]> {
  return query<ForeignKey>(
    db,
    `select ch.relname as child, pa.relname as parent
     from pg_constraint k join pg_class ch on ch.oid = k.conrelid join pg_class pa on pa.oid = k.confrelid
     where k.contype = 'f' and ch.relnamespace = (select oid from pg_namespace where nspname = current_schema())`,
  )
}

/**
 * The tables ordered parents first, alphabetically among equals. A table referring to itself would need
 * its rows ordered too: there is none, and this refuses one.
 */
export function insertOrder<T extends { name: string }>(tables: T[], keys: ForeignKey[]): T[] {
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]))
  for (const { child, parent } of keys) {
    if (!parents.has(child) || !parents.has(parent)) continue
    if (child === parent) throw new Error(`Table ${child} refers to itself: a restore could not order its rows`)
    parents.get(child)!.add(parent)
  }
  const ordered: T[] = []
  const done = new Set<string>()
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !done.has(t.name) && [...parents.get(t.name)!].every((p) => done.has(p)))
    if (ready.length === 0) throw new Error('The tables refer to each other in a cycle: a restore could not order them')
    for (const t of ready) {
      ordered.push(t)
      done.add(t.name)
    }
  }
  return ordered
}

export async function listSequences(db: Executor) {
  const names = await query<{ name: string }>(
    db,
    `select relname as name from pg_class
     where relkind = 'S' and relnamespace = (select oid from pg_namespace where nspname = current_schema())
     order by relname`,
  )
  const sequences = []
  for (const { name } of names) {
    const [row] = await query<{ lastValue: string; isCalled: boolean }>(
      db,
      `select last_value::text as "lastValue", is_called as "isCalled" from ${quoteIdent(name)}`,
    )
    sequences.push({ name, lastValue: row!.lastValue, isCalled: row!.isCalled })
  }
  return sequences
}

export async function countRows(db: Executor, table: string): Promise<number> {
  const [row] = await query<{ n: string }>(db, `select count(*)::text as n from ${quoteIdent(table)}`)
  return Number(row!.n)
}

/** The migrations the database has applied (drizzle's own table), oldest first; none for a new database. */
export async function appliedMigrations(db: Executor): Promise<{ hash: string; createdAt: number }[]> {
  const [exists] = await query<{ ok: boolean }>(
    db,
    `select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  )
  if (!exists?.ok) return []
  const rows = await query<{ hash: string; createdAt: string }>(
    db,
    `select hash, created_at::text as "createdAt" from drizzle.__drizzle_migrations order by created_at, id`,
  )
  return rows.map((r) => ({ hash: r.hash, createdAt: Number(r.createdAt) }))
}

/** The migrations this code ships, oldest first, as drizzle's migrator reads them. */
export function knownMigrations(migrationsFolder: string): BackupMigration[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[]
  }
  const files = readMigrationFiles({ migrationsFolder })
  return journal.entries.map((entry, i) => ({ tag: entry.tag, hash: files[i]!.hash, createdAt: entry.when }))
}

/** Names each applied migration after the code's file when it is one the code knows. */
export function describeMigrations(
  applied: { hash: string; createdAt: number }[],
  known: BackupMigration[],
): BackupMigration[] {
  const byTime = new Map(known.map((m) => [m.createdAt, m.tag]))
  return applied.map((m) => ({ tag: byTime.get(m.createdAt) ?? null, hash: m.hash, createdAt: m.createdAt }))
}

/** A migration list as a person reads it: its last migration's name. */
export function migrationLevel(migrations: BackupMigration[]) {
  const last = migrations.at(-1)
  if (!last) return 'no migrations'
  return `migration ${last.tag ?? `of ${new Date(last.createdAt).toISOString()} (unknown to this version of the app)`}`
}
