import { sql } from 'drizzle-orm'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { verifyAuditChain } from '#app/modules/audit/audit.server.ts'
import { migrationsFolder as defaultMigrationsFolder, rowsOf, type Database, type Executor } from '../client.server'
import {
  appliedMigrations,
  countRows,
  describeMigrations,
  insertOrder,
  knownMigrations,
  listForeignKeys,
  listSequences,
  listTables,
  quoteIdent,
  type CatalogTable,
} from './catalog'
import type { Driver } from './connection'
import { BACKUP_FORMAT, BACKUP_VERSION, BackupError, BackupWriter, type BackupAudit, type BackupHeader } from './file'
import packageJson from '../../package.json'

export type BackupOptions = {
  db: Database
  driver: Driver
  /** Where to write; refuses to overwrite a file. */
  file: string
  migrationsFolder?: string
  /** Rows fetched per round trip. */
  batchSize?: number
}

export type BackupSummary = { file: string; bytes: number; header: BackupHeader; rows: number }

/**
 * Writes every table of the database to one backup file (see ./file.ts for the format), from one
 * read-only snapshot: on a running server, the row counts, the rows and the audit chain all belong to
 * the same moment. Rows stream through a cursor, so the size of the database does not matter for memory.
 */
export async function backupDatabase(options: BackupOptions): Promise<BackupSummary> {
  const { db, file } = options
  const batchSize = options.batchSize ?? 2000
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose another name`)
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  let writer: BackupWriter | undefined
  try {
    const result = await db.transaction(
      async (tx) => {
        await setTextFormats(tx)
        const applied = await appliedMigrations(tx)
        if (applied.length === 0)
          throw new BackupError('The database has no migrations applied: there is nothing to back up')
        const known = knownMigrations(options.migrationsFolder ?? defaultMigrationsFolder)
        // Parents before children, so a restore can insert the file as it reads it.
        const tables = insertOrder(await listTables(tx), await listForeignKeys(tx))
        const header: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          app: `${packageJson.name} ${packageJson.version}`,
          source: { driver: options.driver, server: await serverVersion(tx) },
          migrations: describeMigrations(applied, known),
          tables: [],
          sequences: await listSequences(tx),
          audit: await auditState(tx),
        }
        for (const table of tables)
          header.tables.push({ name: table.name, columns: storedColumns(table), rows: await countRows(tx, table.name) })

        writer = new BackupWriter(file)
        await writer.header(header)
        for (const table of tables) await copyTable(tx, writer, table, batchSize)
        return header
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    const bytes = await writer!.finish()
    return { file, bytes, header: result, rows: writer!.rows }
  } catch (error) {
    await writer?.abort()
    throw error
  }
}

/** The columns a backup holds: all but generated ones, which the database computes again on insert. */
export function storedColumns(table: CatalogTable) {
  return table.columns.filter((c) => !c.generated).map((c) => ({ name: c.name, type: c.type }))
}

/**
 * Fixes every setting that changes how values print, so a backup reads the same into any server:
 * timestamps in UTC with their offset, ISO dates, hex bytea, floats printed exactly.
 */
export async function setTextFormats(tx: Executor) {
  for (const setting of [
    `set local timezone = 'UTC'`,
    `set local datestyle = 'ISO, YMD'`,
    `set local intervalstyle = 'postgres'`,
    `set local bytea_output = 'hex'`,
    `set local extra_float_digits = 1`,
  ])
    await tx.execute(sql.raw(setting))
}

async function serverVersion(tx: Executor) {
  const [row] = rowsOf<{ v: string }>(await tx.execute(sql.raw(`select current_setting('server_version') as v`)))
  return `PostgreSQL ${row?.v ?? '?'}`
}

/** The audit chain as it verifies now, and its last hash: a restore must arrive at the same. */
export async function auditState(tx: Executor): Promise<BackupAudit> {
  const report = await verifyAuditChain({ db: tx })
  const [last] = rowsOf<{ hash: string }>(
    await tx.execute(sql.raw(`select hash from audit_events where hash is not null order by id desc limit 1`)),
  )
  return { ...report, lastHash: last?.hash ?? null }
}

async function copyTable(tx: Executor, writer: BackupWriter, table: CatalogTable, batchSize: number) {
  const columns = storedColumns(table)
  const select = columns.map((c, i) => `${quoteIdent(c.name)}::text as c${i}`).join(', ')
  // By primary key, so a backup of the same data is the same file; a table without one by all its columns.
  const order = table.primaryKey.length
    ? table.primaryKey.map(quoteIdent).join(', ')
    : columns.map((_, i) => String(i + 1)).join(', ')
  await writer.table(table.name)
  await tx.execute(
    sql.raw(`declare hn_backup no scroll cursor for select ${select} from ${quoteIdent(table.name)} order by ${order}`),
  )
  for (;;) {
    const rows = rowsOf<Record<string, string | null>>(
      await tx.execute(sql.raw(`fetch forward ${batchSize} from hn_backup`)),
    )
    for (const row of rows) await writer.row(columns.map((_, i) => row[`c${i}`] ?? null))
    if (rows.length < batchSize) break
  }
  await tx.execute(sql.raw('close hn_backup'))
}
