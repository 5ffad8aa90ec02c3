import { createHash, type Hash } from 'node:crypto'
import { createReadStream, createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import { createGunzip, createGzip, type Gzip } from 'node:zlib'
import type { ChainReport } from '#app/modules/audit/audit.server.ts'

/**
 * The backup file: gzipped JSON lines, readable with `zcat`.
 *
 *   line 1          the header (BackupHeader): format, migrations applied, every table with its columns and
 *                   row count, the sequences, and the audit chain as verified when the backup was made
 *   per table       `{"table":"users"}`, then one JSON array per row: each column's PostgreSQL text form
 *                   (exactly what `value::text` prints, so timestamps keep their microseconds, numerics
 *                   their digits, jsonb its numbers) or null
 *   last line       the trailer: tables, rows and the SHA-256 of every line before it
 *
 * The trailer makes a cut-short or edited file detectable even where gzip's own check would not be reached.
 */
export const BACKUP_FORMAT = 'hoa-nhap-backup'
export const BACKUP_VERSION = 1

export type BackupColumn = { name: string; type: string }
export type BackupTable = { name: string; columns: BackupColumn[]; rows: number }
/** A row of drizzle.__drizzle_migrations; `tag` names the file when this code knows it. */
export type BackupMigration = { tag: string | null; hash: string; createdAt: number }
export type BackupSequence = { name: string; lastValue: string; isCalled: boolean }
export type BackupAudit = ChainReport & { lastHash: string | null }

export type BackupHeader = {
  format: typeof BACKUP_FORMAT
  version: number
  createdAt: string
  app: string
  source: { driver: 'pglite' | 'postgres'; server: string }
  migrations: BackupMigration[]
  tables: BackupTable[]
  sequences: BackupSequence[]
  audit: BackupAudit
}

type Trailer = { end: typeof BACKUP_FORMAT; tables: number; rows: number; sha256: string }

/** A problem the person running the command can act on: printed as one line, without a stack. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/**
 * Streams a backup to `${path}.partial` and renames it to `path` only when complete, so a file with the
 * final name is always a whole backup.
 */
export class BackupWriter {
  private readonly partial: string
  private readonly gzip: Gzip
  private readonly out: WriteStream
  private readonly hash: Hash = createHash('sha256')
  private failure: Error | undefined
  private pending: string[] = []
  private pendingChars = 0
  tables = 0
  rows = 0

  constructor(private readonly path: string) {
    this.partial = `${path}.partial`
    // Readable by its owner only: the file holds everything the database does, sensitive data included.
    this.out = createWriteStream(this.partial, { flags: 'wx', mode: 0o600 })
    this.gzip = createGzip({ level: 6 })
    this.gzip.pipe(this.out)
    const fail = (error: Error) => (this.failure ??= error)
    this.out.on('error', fail)
    this.gzip.on('error', fail)
  }

  header(header: BackupHeader) {
    return this.line(header)
  }

  table(name: string) {
    this.tables++
    return this.line({ table: name })
  }

  row(values: (string | null)[]) {
    this.rows++
    return this.line(values)
  }

  /** Writes the trailer, flushes, and gives the file its final name. Returns its size in bytes. */
  async finish(): Promise<number> {
    const trailer: Trailer = { end: BACKUP_FORMAT, tables: this.tables, rows: this.rows, sha256: '' }
    trailer.sha256 = this.hash.digest('hex')
    this.pending.push(`${JSON.stringify(trailer)}\n`)
    this.gzip.end(this.pending.join(''))
    await once(this.out, 'close')
    if (this.failure) throw this.failure
    renameSync(this.partial, this.path)
    return this.out.bytesWritten
  }

  /** Removes the unfinished file. */
  async abort() {
    this.gzip.destroy()
    this.out.destroy()
    rmSync(this.partial, { force: true })
  }

  private async line(value: unknown) {
    if (this.failure) throw this.failure
    const text = `${JSON.stringify(value)}\n`
    this.hash.update(text)
    // Handed to gzip in chunks of about 64 kB: a write per row costs more than the compression.
    this.pending.push(text)
    this.pendingChars += text.length
    if (this.pendingChars < 65_536) return
    const chunk = this.pending.join('')
    this.pending = []
    this.pendingChars = 0
    if (!this.gzip.write(chunk)) await once(this.gzip, 'drain')
  }
}

export type BackupEntry =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; table: BackupTable }
  | { kind: 'row'; values: (string | null)[]; line: string }

/**
 * Reads a backup in order, checking as it goes: the header, each table in the header's order with exactly
 * the rows it announced, every row's width, and at the end the trailer's checksum. Any mismatch, a file
 * cut short or bytes changed throw a BackupError — a restore reading this inside its transaction rolls back.
 */
export async function* readBackup(path: string): AsyncGenerator<BackupEntry> {
  const hash = createHash('sha256')
  let header: BackupHeader | undefined
  let tableIndex = -1
  let table: BackupTable | undefined
  let rowsInTable = 0
  let rows = 0
  let trailer: Trailer | undefined
  let lineNumber = 0

  const damaged = (why: string) => new BackupError(`${path} is damaged or incomplete (${why}): it cannot be restored`)
  const closeTable = () => {
    if (table && rowsInTable !== table.rows)
      throw damaged(`table ${table.name} has ${rowsInTable} rows, the header says ${table.rows}`)
  }

  for await (const line of readLines(path, damaged)) {
    lineNumber++
    if (trailer) throw damaged(`text after the end, line ${lineNumber}`)
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      throw lineNumber === 1 ? notABackup(path) : damaged(`line ${lineNumber} is not JSON`)
    }
    if (!header) {
      header = parseHeader(value, path)
      hash.update(`${line}\n`)
      yield { kind: 'header', header }
      continue
    }
    if (Array.isArray(value)) {
      if (!table) throw damaged(`a row before any table, line ${lineNumber}`)
      if (value.length !== table.columns.length || !value.every((v) => v === null || typeof v === 'string'))
        throw damaged(`line ${lineNumber} is not a row of ${table.name}`)
      hash.update(`${line}\n`)
      rowsInTable++
      rows++
      yield { kind: 'row', values: value as (string | null)[], line }
      continue
    }
    const record = (value ?? {}) as Partial<Trailer> & { table?: unknown }
    if (typeof record.table === 'string') {
      closeTable()
      tableIndex++
      table = header.tables[tableIndex]
      if (!table || table.name !== record.table)
        throw damaged(`table ${record.table} is not the next one the header lists`)
      rowsInTable = 0
      hash.update(`${line}\n`)
      yield { kind: 'table', table }
      continue
    }
    if (record.end === BACKUP_FORMAT) {
      closeTable()
      trailer = record as Trailer
      continue
    }
    throw damaged(`line ${lineNumber} is not part of a backup`)
  }

  if (!header) throw notABackup(path)
  if (!trailer) throw damaged('it ends before its last line')
  if (tableIndex !== header.tables.length - 1) throw damaged('tables are missing')
  if (trailer.rows !== rows || trailer.tables !== header.tables.length) throw damaged('row counts do not add up')
  if (trailer.sha256 !== hash.digest('hex')) throw damaged('the checksum does not match')
}

/** Reads the whole file once, checking everything, and returns its header. Touches no database. */
export async function checkBackup(path: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined
  for await (const entry of readBackup(path)) if (entry.kind === 'header') header = entry.header
  return header!
}

function notABackup(path: string) {
  return new BackupError(`${path} is not a Hòa Nhập backup (made by npm run db:backup)`)
}

function parseHeader(value: unknown, path: string): BackupHeader {
  const header = value as Partial<BackupHeader> | null
  if (!header || header.format !== BACKUP_FORMAT) throw notABackup(path)
  if (header.version !== BACKUP_VERSION)
    throw new BackupError(
      `${path} is a backup of format version ${String(header.version)}; this version of the app reads version ${BACKUP_VERSION}`,
    )
  if (!Array.isArray(header.tables) || !Array.isArray(header.migrations) || !Array.isArray(header.sequences))
    throw notABackup(path)
  return header as BackupHeader
}

/** The file's lines, decompressed as they stream (never the whole file in memory). */
async function* readLines(path: string, damaged: (why: string) => BackupError): AsyncGenerator<string> {
  const input = createReadStream(path)
  const gunzip = createGunzip()
  input.on('error', (error) => gunzip.destroy(error))
  input.pipe(gunzip)
  gunzip.setEncoding('utf8')
  let rest = ''
  let lines = 0
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      rest += chunk
      let start = 0
      for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n', start)) {
        lines++
        yield rest.slice(start, end)
        start = end + 1
      }
      rest = rest.slice(start)
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new BackupError(`${path} does not exist`)
    if (code === 'EISDIR') throw new BackupError(`${path} is a directory, not a backup file`)
    if (code === 'Z_DATA_ERROR' && lines === 0) throw notABackup(path)
    if (code === 'Z_BUF_ERROR') throw damaged('the compressed data ends too early')
    throw damaged((error as Error).message)
  } finally {
    input.destroy()
  }
  if (rest) throw damaged('the last line is cut short')
}
