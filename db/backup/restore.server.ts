import { sql } from 'drizzle-orm'
import { migrationsFolder as defaultMigrationsFolder, rowsOf, type Executor } from '../client.server'
import { auditState, setTextFormats, storedColumns } from './backup.server'
import {
  appliedMigrations,
  countRows,
  knownMigrations,
  listForeignKeys,
  listSequences,
  listTables,
  migrationLevel,
  quoteIdent,
  REFERENCE_TABLES,
  type CatalogTable,
} from './catalog'
import { migrateTo, type OpenedDatabase } from './connection'
import {
  BackupError,
  checkBackup,
  readBackup,
  type BackupAudit,
  type BackupHeader,
  type BackupMigration,
  type BackupTable,
} from './file'

export type RestoreOptions = {
  target: OpenedDatabase
  file: string
  /** Replace whatever the database holds (otherwise only an empty database is accepted). */
  force?: boolean
  migrationsFolder?: string
  /** Called after each step with its name and duration (the benchmark prints them). */
  onStep?: (step: string, ms: number) => void
}

export type RestoreSummary = {
  header: BackupHeader
  rows: number
  /** Tables that held data and were emptied (with force). */
  replaced: string[]
  /** Migrations newer than the backup's, applied after the restore. */
  migratedAfter: number
  audit: BackupAudit
}

// The key of the lock the app's start-up holds while it migrates (db/client.server.ts): an instance
// starting during a restore waits for it.
const MIGRATION_LOCK = 4242001
// Rows are sent in batches of about this many characters of JSON (and at most MAX_BATCH_ROWS rows).
const BATCH_CHARS = 1_000_000
const MAX_BATCH_ROWS = 2000

/**
 * Restores a backup into an empty database — or with `force`, over anything it holds. In order:
 * 1. reads the whole file once and refuses it if it is damaged, cut short, or needs migrations this
 *    version of the app does not have — before touching the database;
 * 2. brings the database to the backup's migration level (never past it: the data must fit);
 * 3. in ONE transaction: empties the tables, inserts every row as the file streams by, sets the
 *    sequences, then checks every table's row count and the audit chain against the file — any
 *    difference rolls everything back;
 * 4. applies the migrations this version of the app has beyond the backup's, as the server would on start.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreSummary> {
  const { target, file } = options
  const { db } = target
  const folder = options.migrationsFolder ?? defaultMigrationsFolder
  let stepStarted = performance.now()
  const step = (name: string) => {
    const now = performance.now()
    options.onStep?.(name, Math.round(now - stepStarted))
    stepStarted = now
  }
  const header = await checkBackup(file)
  step('check the file')
  const known = knownMigrations(folder)
  requireKnownMigrations(header.migrations, known)

  const locked = target.driver === 'postgres'
  if (locked) await db.execute(sql.raw(`select pg_advisory_lock(${MIGRATION_LOCK})`))
  try {
    const applied = await appliedMigrations(db)
    if (!isPrefix(applied, known))
      throw new BackupError(
        `${target.description} has migrations this version of the app does not know: restore into a new, empty database`,
      )
    if (applied.length > header.migrations.length)
      throw new BackupError(
        `${target.description} is at ${migrationLevel(known.slice(0, applied.length))}, newer than the backup (${migrationLevel(header.migrations)}): restore into a new, empty database`,
      )
    const filled = applied.length ? await tablesWithData(db) : []
    if (filled.length && !options.force)
      throw new BackupError(
        `${target.description} already holds data (${filled.slice(0, 4).join(', ')}${filled.length > 4 ? ', …' : ''}): restore only into an empty database, or pass --force to replace everything in it`,
      )
    if (applied.length < header.migrations.length) await migrateTo(target, folder, header.migrations.length)
    step("migrate to the backup's level")

    const { rows, audit } = await db.transaction(async (tx) => {
      await setTextFormats(tx)
      if (target.driver === 'postgres') await tx.execute(sql.raw(`set local maintenance_work_mem = '256MB'`))
      const tables = await matchTables(tx, header)
      if (!options.force && (await tablesWithData(tx)).length)
        throw new BackupError(`${target.description} received data while the restore started: nothing was changed`)
      const list = tables.map((t) => quoteIdent(t.name)).join(', ')
      // Triggers stay off while the rows go in: the rows are the backup's exactly (the audit trail's
      // guard against TRUNCATE is one of them). Taking the tables' locks also keeps the app out.
      for (const t of tables) await tx.execute(sql.raw(`alter table ${quoteIdent(t.name)} disable trigger user`))
      await tx.execute(sql.raw(`truncate table ${list}`))
      // Foreign keys and secondary indexes are set aside and built again after the rows are in: one
      // check per key and one sort per index instead of a lookup and an index update per row.
      const deferred = await setAsideKeysAndIndexes(tx)
      step('prepare')
      const rows = await insertRows(tx, file, new Map(tables.map((t) => [t.name, t])))
      step('insert the rows')
      for (const statement of deferred) await tx.execute(sql.raw(statement))
      step('build the indexes and check the foreign keys')
      await setSequences(tx, header)
      for (const t of tables) await tx.execute(sql.raw(`alter table ${quoteIdent(t.name)} enable trigger user`))

      for (const t of header.tables) {
        const count = await countRows(tx, t.name)
        if (count !== t.rows)
          throw new BackupError(
            `After the restore ${t.name} has ${count} rows, the backup ${t.rows}: nothing was changed`,
          )
      }
      const audit = await auditState(tx)
      const expected = header.audit
      if (
        audit.checked !== expected.checked ||
        audit.legacy !== expected.legacy ||
        audit.brokenAt !== expected.brokenAt ||
        audit.lastHash !== expected.lastHash
      )
        throw new BackupError(
          `The restored audit chain does not match the backup's (${describeAudit(audit)}; the backup: ${describeAudit(expected)}): nothing was changed`,
        )
      step('verify row counts and the audit chain')
      return { rows, audit }
    })
    step('commit')

    let migratedAfter = 0
    if (known.length > header.migrations.length) {
      await migrateTo(target, folder, known.length)
      migratedAfter = known.length - header.migrations.length
    }
    // The planner knows nothing of rows loaded in bulk until statistics are gathered (and the embedded
    // database has no autovacuum to do it later).
    await db.execute(sql.raw('analyze'))
    step('newer migrations and statistics')
    return { header, rows, replaced: filled, migratedAfter, audit }
  } finally {
    if (locked) await db.execute(sql.raw(`select pg_advisory_unlock(${MIGRATION_LOCK})`)).catch(() => {})
  }
}

export function describeAudit(audit: BackupAudit) {
  const legacy = audit.legacy ? `, ${audit.legacy} older events without a hash` : ''
  if (audit.brokenAt === null) return `audit chain intact: ${audit.checked} events${legacy}`
  return `audit chain broken at event ${audit.brokenAt} (${audit.reason ?? '?'}) after ${audit.checked} events${legacy}`
}

/** Every migration in the backup must be one this code has, in the same order. */
function requireKnownMigrations(backup: BackupMigration[], known: BackupMigration[]) {
  for (const [i, m] of backup.entries()) {
    if (known[i]?.createdAt === m.createdAt) continue
    if (!known.some((k) => k.createdAt === m.createdAt))
      throw new BackupError(
        `The backup was made by a newer version of the app (${migrationLevel(backup)}; this version knows up to ${migrationLevel(known)}): update the app, then restore`,
      )
    throw new BackupError(`The backup's migrations are not in the order this version of the app applies them`)
  }
}

function isPrefix(applied: { createdAt: number }[], known: BackupMigration[]) {
  return applied.length <= known.length && applied.every((m, i) => known[i]!.createdAt === m.createdAt)
}

/** Tables holding rows, other than the reference data every new database gets from its migrations. */
async function tablesWithData(db: Executor): Promise<string[]> {
  const filled = []
  for (const t of await listTables(db)) {
    if (REFERENCE_TABLES.has(t.name)) continue
    const [row] = rowsOf<{ any: boolean }>(
      await db.execute(sql.raw(`select exists (select 1 from ${quoteIdent(t.name)}) as any`)),
    )
    if (row?.any) filled.push(t.name)
  }
  return filled
}

/**
 * The database's tables, checked against the backup's: the same tables with the same columns and types
 * (they are, at the same migration level), listed in the file's order, which must insert parents first.
 */
async function matchTables(tx: Executor, header: BackupHeader): Promise<CatalogTable[]> {
  const mismatch = (why: string) =>
    new BackupError(`The database's tables do not match the backup's (${why}): nothing was changed`)
  const present = new Map((await listTables(tx)).map((t) => [t.name, t]))
  if (present.size !== header.tables.length)
    throw mismatch(`${present.size} tables here, ${header.tables.length} in the backup`)
  const tables = header.tables.map((t) => {
    const table = present.get(t.name)
    if (!table) throw mismatch(`no table ${t.name}`)
    const columns = new Map(storedColumns(table).map((c) => [c.name, c.type]))
    if (columns.size !== t.columns.length) throw mismatch(`table ${t.name} has other columns`)
    for (const c of t.columns)
      if (columns.get(c.name) !== c.type) throw mismatch(`${t.name}.${c.name} is ${columns.get(c.name) ?? 'missing'}`)
    return table
  })
  const position = new Map(header.tables.map((t, i) => [t.name, i]))
  for (const { child, parent } of await listForeignKeys(tx))
    if (child !== parent && position.get(parent)! > position.get(child)!)
      throw mismatch(`${child} comes before ${parent}, which it refers to`)
  return tables
}

/**
 * Drops the current schema's foreign keys and the indexes no constraint owns (primary keys and unique
 * constraints stay: they are what the keys point at), and returns the statements that make them again,
 * exactly as the database describes them, indexes first.
 */
async function setAsideKeysAndIndexes(tx: Executor): Promise<string[]> {
  const keys = rowsOf<{ table: string; name: string; def: string }>(
    await tx.execute(
      sql.raw(`select c.relname as "table", k.conname as name, pg_get_constraintdef(k.oid) as def
               from pg_constraint k join pg_class c on c.oid = k.conrelid
               where k.contype = 'f' and c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
               order by c.relname, k.conname`),
    ),
  )
  const indexes = rowsOf<{ name: string; def: string }>(
    await tx.execute(
      sql.raw(`select ic.relname as name, pg_get_indexdef(i.indexrelid) as def
               from pg_index i join pg_class ic on ic.oid = i.indexrelid join pg_class c on c.oid = i.indrelid
               where c.relnamespace = (select oid from pg_namespace where nspname = current_schema())
                 and c.relkind = 'r'
                 and not exists (select 1 from pg_constraint k
                                 where k.conindid = i.indexrelid and k.contype in ('p', 'u', 'x'))
               order by ic.relname`),
    ),
  )
  for (const k of keys)
    await tx.execute(sql.raw(`alter table ${quoteIdent(k.table)} drop constraint ${quoteIdent(k.name)}`))
  for (const i of indexes) await tx.execute(sql.raw(`drop index ${quoteIdent(i.name)}`))
  return [
    ...indexes.map((i) => i.def),
    ...keys.map((k) => `alter table ${quoteIdent(k.table)} add constraint ${quoteIdent(k.name)} ${k.def}`),
  ]
}

/** Streams the file's rows into the tables, in batches: one statement turns a JSON array into rows. */
async function insertRows(tx: Executor, file: string, tables: Map<string, CatalogTable>): Promise<number> {
  let statement: { head: string; tail: string } | undefined
  let batch: string[] = []
  let chars = 0
  let rows = 0
  const flush = async () => {
    if (!statement || batch.length === 0) return
    await tx.execute(sql`${sql.raw(statement.head)}${`[${batch.join(',')}]`}${sql.raw(statement.tail)}`)
    batch = []
    chars = 0
  }
  for await (const entry of readBackup(file)) {
    if (entry.kind === 'table') {
      await flush()
      const table = tables.get(entry.table.name)
      if (!table) throw new BackupError(`${file} changed while it was being restored: nothing was changed`)
      statement = insertStatement(table, entry.table)
    } else if (entry.kind === 'row') {
      batch.push(entry.line)
      chars += entry.line.length
      rows++
      if (chars >= BATCH_CHARS || batch.length >= MAX_BATCH_ROWS) await flush()
    }
  }
  await flush()
  return rows
}

/**
 * `insert into t (a, b) select (r->>0)::type_a, (r->>1)::type_b from jsonb_array_elements($1) as e(r)`:
 * each value goes back through its type's own input function, the inverse of the `::text` it was saved with.
 */
function insertStatement(table: CatalogTable, stored: BackupTable) {
  const types = new Map(table.columns.map((c) => [c.name, c.type]))
  const overriding = table.columns.some((c) => c.identity) ? ' overriding system value' : ''
  const names = stored.columns.map((c) => quoteIdent(c.name)).join(', ')
  const values = stored.columns.map((c, i) => `(r->>${i})::${types.get(c.name)!}`).join(', ')
  return {
    head: `insert into ${quoteIdent(table.name)} (${names})${overriding} select ${values} from jsonb_array_elements(`,
    // jsonb, not json: parsed once per batch, where json would scan each row's text again for every column.
    tail: `::text::jsonb) as e(r)`,
  }
}

async function setSequences(tx: Executor, header: BackupHeader) {
  const present = new Set((await listSequences(tx)).map((s) => s.name))
  for (const s of header.sequences) {
    if (!present.has(s.name) || !/^-?\d+$/.test(s.lastValue))
      throw new BackupError(`The backup's sequence ${s.name} does not fit this database: nothing was changed`)
    const name = quoteIdent(s.name).replaceAll("'", "''")
    await tx.execute(sql.raw(`select setval('${name}', ${s.lastValue}, ${s.isCalled ? 'true' : 'false'})`))
  }
}
