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
  /** Postgres only: swap in a fresh connection pool (see renewDatabasePool). */
  renew?: (options: { force: boolean }) => boolean
}

// One instance per process, shared by server.ts and the React Router server build (two bundles, one globalThis).
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
 * not PostgreSQL's spinning-disk default of 4), without JIT compilation, which costs more than it saves on
 * statements that run in milliseconds, and without parallel workers: starting one costs a few milliseconds a
 * statement, and under the web's load the cores are busy with other requests anyway (ADR 017). Sent at
 * connection start; the server's own defaults stay as they are.
 */
export const PLANNER_SETTINGS = { random_page_cost: 1.1, jit: 'off', max_parallel_workers_per_gather: 0 } as const

/**
 * How long a pooled connection waits before connecting again after a failed attempt. postgres.js's own
 * default grows to 20 s per attempt, and a query handed to such a connection waits that long: while the
 * server restarts, every request would hang for many seconds and the app would keep failing long after
 * the server was back. A quarter of a second at most: a request fails fast (503) and the pool is back at
 * once; a dozen connection attempts a second against a server that is down cost it nothing.
 */
export function reconnectDelaySeconds(retries: number) {
  return Math.min(0.05 * 2 ** retries, 0.25)
}

/** A renewal replaces the pool at most this often, however many requests report the database unreachable. */
const RENEW_INTERVAL_MS = 2_000

async function openPostgres(options: { url: string; poolMax?: number }): Promise<State> {
  const connect = () => {
    const client = postgres(options.url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      connect_timeout: 5,
      idle_timeout: 60,
      backoff: reconnectDelaySeconds,
      connection: PLANNER_SETTINGS,
    })
    return { client, db: drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Database }
  }
  let pool = connect()
  // Replaced pools finish the queries they have (or are cut off after 5 s), then close.
  const retiring = new Set<Promise<void>>()
  let renewedAt = 0
  // Several app instances may start together: one migrates while the others wait on the lock.
  const migrator = postgres(options.url, { max: 1, onnotice: () => {}, connect_timeout: 5 })
  try {
    await migrator`select pg_advisory_lock(4242001)`
    await migratePostgres(drizzlePostgres(migrator, { casing: 'snake_case' }), { migrationsFolder })
    await migrator`select pg_advisory_unlock(4242001)`
  } finally {
    await migrator.end()
  }
  const state: State = {
    db: pool.db,
    driver: 'postgres',
    close: async () => {
      await Promise.all([pool.client.end({ timeout: 5 }), ...retiring])
    },
    renew({ force }) {
      if (!force && Date.now() - renewedAt < RENEW_INTERVAL_MS) return false
      renewedAt = Date.now()
      const old = pool
      pool = connect()
      state.db = pool.db
      const ending: Promise<void> = old.client
        .end({ timeout: 5 })
        .catch(() => {})
        .finally(() => retiring.delete(ending))
      retiring.add(ending)
      return true
    },
  }
  return state
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

/**
 * Replaces the Postgres connection pool with a fresh one; returns whether it did. Called when the
 * database was found unreachable (at most every 2 s unless forced). postgres.js 3.4.9 can leave a pooled
 * connection broken for good when its socket dies with a write still buffered — later writes on it are
 * never flushed, so each query on it waits for the connect timeout and fails, or the buffered write
 * throws from a timer (porsager/postgres#1066, #1154, #1208). A fresh pool is the cure from outside the
 * driver; the old one finishes what it has, then closes. Does nothing on the embedded database.
 */
export function renewDatabasePool(options: { force?: boolean } = {}): boolean {
  return holder.__hoaNhapDb?.renew?.({ force: options.force ?? false }) ?? false
}

/**
 * The postgres.js fault described at renewDatabasePool: a write to a connection whose socket is gone,
 * thrown from a timer where nothing can catch it. Survivable — server.ts renews the pool instead of
 * letting the process die.
 */
export function isDriverWriteAfterClose(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /\(reading 'write'\)/.test(error.message) &&
    /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
  )
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
    renewDatabasePool()
    return { ok: false, reason: 'database unreachable' }
  }
}

/** postgres.js returns an array of rows, PGlite an object with `rows`: one way to read both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[]
  return ((result as { rows?: T[] }).rows ?? []) as T[]
}
