import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { getEnv } from '#app/utils/env.server.ts'
import { pgliteExtensions, type Database } from '../client.server'
import * as schema from '../schema'
import { BackupError } from './file'

export type Driver = 'pglite' | 'postgres'
export type DatabaseTarget = { driver: 'pglite'; dataDir?: string } | { driver: 'postgres'; url: string }

/** A database opened for a backup or a restore: not migrated on open, and not the app's shared instance. */
export type OpenedDatabase = { db: Database; driver: Driver; description: string; close: () => Promise<void> }

/** The command-line flags first, then DATABASE_URL, then DATA_DIR — as the server chooses. */
export function configuredTarget(flags: { databaseUrl?: string; dataDir?: string }): DatabaseTarget {
  if (flags.databaseUrl) return { driver: 'postgres', url: flags.databaseUrl }
  if (flags.dataDir) return { driver: 'pglite', dataDir: flags.dataDir }
  const env = getEnv()
  if (env.DATABASE_URL) return { driver: 'postgres', url: env.DATABASE_URL }
  return { driver: 'pglite', dataDir: env.DATA_DIR }
}

export function describeTarget(target: DatabaseTarget) {
  if (target.driver === 'pglite')
    return target.dataDir ? `the embedded database in ${target.dataDir}` : 'an in-memory embedded database'
  try {
    const url = new URL(target.url)
    return `the database ${url.pathname.slice(1) || '(default)'} on ${url.hostname}:${url.port || 5432}`
  } catch {
    throw new BackupError('The database URL is not a valid URL')
  }
}

/**
 * Opens the target as it is. The embedded database has no lock of its own: PGlite writes postmaster.pid
 * while it has the directory open and removes it on close, so its presence means the server (or another
 * command) is using it — or was killed without closing it. Two processes on one directory corrupt it.
 */
export async function openTarget(
  target: DatabaseTarget,
  options: { mustExist: boolean; ignoreLock?: boolean },
): Promise<OpenedDatabase> {
  const description = describeTarget(target)
  if (target.driver === 'postgres') {
    const client = postgres(target.url, { max: 1, onnotice: () => {}, connect_timeout: 10 })
    try {
      await client`select 1`
    } catch (error) {
      await client.end({ timeout: 1 }).catch(() => {})
      throw new BackupError(`Cannot connect to ${description}: ${(error as Error).message}`)
    }
    const db = drizzlePostgres(client, { schema, casing: 'snake_case' }) as unknown as Database
    return { db, driver: 'postgres', description, close: () => client.end({ timeout: 5 }) }
  }
  const dataDir = target.dataDir ? path.resolve(target.dataDir) : undefined
  if (dataDir) {
    const exists = existsSync(path.join(dataDir, 'PG_VERSION'))
    if (options.mustExist && !exists) throw new BackupError(`There is no embedded database in ${target.dataDir}`)
    if (!exists && existsSync(dataDir) && !isEmptyDirectory(dataDir))
      throw new BackupError(`${target.dataDir} exists but holds no embedded database`)
    if (exists && !options.ignoreLock && existsSync(path.join(dataDir, 'postmaster.pid')))
      throw new BackupError(
        `${description} is in use: stop the server first (if it is stopped, it was not shut down cleanly — start and stop it once, or pass --ignore-lock)`,
      )
    mkdirSync(path.dirname(dataDir), { recursive: true })
  }
  const client = new PGlite({ dataDir, extensions: pgliteExtensions })
  try {
    await client.waitReady
  } catch (error) {
    await client.close().catch(() => {})
    throw new BackupError(`Cannot open ${description}: ${(error as Error).message}`)
  }
  const db = drizzlePglite(client, { schema, casing: 'snake_case' }) as unknown as Database
  return { db, driver: 'pglite', description, close: () => client.close() }
}

function isEmptyDirectory(dir: string) {
  try {
    return readdirSync(dir).length === 0
  } catch {
    return false
  }
}

/**
 * Applies the first `count` of the code's migrations (all of them when `count` is their number), with
 * drizzle's own migrator: a folder holding only the wanted part of the journal.
 */
export async function migrateTo(opened: OpenedDatabase, migrationsFolder: string, count: number) {
  const journalPath = path.join(migrationsFolder, 'meta/_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
  let folder = migrationsFolder
  let scratch: string | undefined
  if (count < journal.entries.length) {
    scratch = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-migrations-'))
    mkdirSync(path.join(scratch, 'meta'))
    const entries = journal.entries.slice(0, count)
    writeFileSync(path.join(scratch, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }))
    for (const e of entries)
      copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(scratch, `${e.tag}.sql`))
    folder = scratch
  }
  try {
    if (opened.driver === 'pglite') await migratePglite(opened.db as never, { migrationsFolder: folder })
    else await migratePostgres(opened.db as never, { migrationsFolder: folder })
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  }
}
