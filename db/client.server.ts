import { AsyncLocalStorage } from 'node:async_hooks'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import { mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import * as schema from './schema'

export type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema>
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
/** Either the database or an open transaction: helpers that write accept both. */
export type Executor = Database | Transaction

export type DatabaseOptions =
  { driver: 'postgres'; url: string; poolMax?: number } | { driver: 'pglite'; dataDir?: string }

type State = {
  db: Database
  driver: 'postgres' | 'pglite'
  close: () => Promise<void>
}

// One instance per process, shared by server.ts and the Remix server build (two bundles, one globalThis).
const holder = globalThis as unknown as { __hoaNhapDb?: State }

export const migrationsFolder = path.resolve(process.env.MIGRATIONS_DIR ?? 'db/migrations')

/** The extensions the migrations create: PGlite needs them at open. */
export const pgliteExtensions = { unaccent, pg_trgm }

/** Opens the database and applies pending migrations. Calling it again returns the open one. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (holder.__hoaNhapDb) return holder.__hoaNhapDb.db
  const state = options.driver === 'postgres' ? await openPostgres(options) : await openPglite(options)
  holder.__hoaNhapDb = state
  return state.db
}

/**
 * The app's sessions plan for data in memory or on SSD (random reads cost about as much as sequential ones,
 * not PostgreSQL's spinning-disk default of 4), and without JIT compilation, which costs more than it saves on
 * statements that run in milliseconds. Sent at connection start; the server's own defaults stay as they are.
 */
export const PLANNER_SETTINGS = { random_page_cost: 1.1, jit: 'off' } as const

async function openPostgres(options: { url: string; poolMax?: number }): Promise<State> {
  const client = postgres(options.url, {
    max: options.poolMax ?? 10,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 60,
    connection: PLANNER_SETTINGS,
  })
  const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Database
  // Several app instances may start together: one migrates while the others wait on the lock.
  const migrator = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 5 })
  try {
    await migrator`select pg_advisory_lock(4242001)`
    await migratePostgres(drizzlePostgres(migrator, { casing: 'snake_case' }), { migrationsFolder })
    await migrator`select pg_advisory_unlock(4242001)`
  } finally {
    await migrator.end()
  }
  return { db, driver: 'postgres', close: () => client.end({ timeout: 5 }) }
}

async function openPglite(options: { dataDir?: string }): Promise<State> {
  if (options.dataDir) mkdirSync(path.dirname(path.resolve(options.dataDir)), { recursive: true })
  const client = new PGlite({
    dataDir: options.dataDir ? path.resolve(options.dataDir) : undefined,
    extensions: pgliteExtensions,
  })
  try {
    await client.waitReady
    const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database
    // The embedded database has one connection: a query through getDb() while a transaction is open waits
    // for that transaction forever (the server hangs). Mark the inside of every transaction so getDb()
    // refuses loudly instead — code inside a transaction must use the transaction.
    const begin = db.transaction.bind(db)
    db.transaction = ((run, config) =>
      begin((tx) => insideTransaction.run(true, () => run(tx)), config)) as Database['transaction']
    await migratePglite(db as never, { migrationsFolder })
    return { db, driver: 'pglite', close: () => client.close() }
  } catch (error) {
    await client.close().catch(() => {})
    throw error
  }
}

const insideTransaction = new AsyncLocalStorage<boolean>()

/**
 * The open database. Throws if openDatabase has not run, or — on the embedded database — when called
 * inside a transaction, where it would deadlock (both programming errors, not runtime states).
 */
export function getDb(): Database {
  const state = holder.__hoaNhapDb
  if (!state) throw new Error('The database is not open: call openDatabase() at start-up')
  if (state.driver === 'pglite' && insideTransaction.getStore()) {
    throw new Error('getDb() inside a transaction would wait forever on the embedded database: use the transaction')
  }
  return state.db
}

export function getDriver() {
  return holder.__hoaNhapDb?.driver
}

export async function closeDatabase() {
  const state = holder.__hoaNhapDb
  holder.__hoaNhapDb = undefined
  await state?.close()
}

/** Used by /readyz: the database answers and every committed migration has been applied. */
export async function checkDatabaseReady(): Promise<{ ok: boolean; reason?: string }> {
  const state = holder.__hoaNhapDb
  if (!state) return { ok: false, reason: 'database not open' }
  try {
    const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as {
      entries: unknown[]
    }
    const rows = await state.db.execute<{ count: number }>(
      sql`select count(*)::int as count from drizzle.__drizzle_migrations`,
    )
    const applied = Number(rowsOf<{ count: number }>(rows)[0]?.count ?? 0)
    if (applied < journal.entries.length) return { ok: false, reason: 'migrations pending' }
    return { ok: true }
  } catch {
    return { ok: false, reason: 'database unreachable' }
  }
}

/** postgres.js returns an array of rows, PGlite an object with `rows`: one way to read both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}
