import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gunzipSync, gzipSync } from 'node:zlib'
import { createHash, randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getDb, getDriver, migrationsFolder, rowsOf, type Database } from '#db/client.server.ts'
import { backupDatabase } from '#db/backup/backup.server.ts'
import { appliedMigrations, knownMigrations, listTables, quoteIdent } from '#db/backup/catalog.ts'
import { migrateTo, openTarget, type OpenedDatabase } from '#db/backup/connection.ts'
import { checkBackup } from '#db/backup/file.ts'
import { restoreDatabase } from '#db/backup/restore.server.ts'
import { seedDemo } from '#db/seed.ts'
import { verifyAuditChain, writeAudit } from '#app/modules/audit/audit.server.ts'
import { withDatabase } from '../setup/global-db'

const root = fileURLToPath(new URL('../../', import.meta.url))
const scratch = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-backup-test-'))
const serverUrl = process.env.TEST_DATABASE_URL
const opened: OpenedDatabase[] = []
const serverDatabases: string[] = []

/** A new, empty database of the kind asked for (never migrated): what a restore starts from. */
async function freshDatabase(kind: 'pglite' | 'postgres'): Promise<OpenedDatabase> {
  let target: OpenedDatabase
  if (kind === 'pglite') target = await openTarget({ driver: 'pglite' }, { mustExist: false })
  else {
    const name = `hoa_nhap_test_bk_${randomBytes(5).toString('hex')}`
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`CREATE DATABASE ${name}`)
    await admin.end()
    serverDatabases.push(name)
    target = await openTarget({ driver: 'postgres', url: withDatabase(serverUrl!, name) }, { mustExist: false })
  }
  opened.push(target)
  return target
}

/**
 * Every table's row count and an md5 of its rows (as text, in a fixed order), every sequence, and the
 * indexes and constraints (a restore sets some aside while it loads and must build them all again).
 */
async function fingerprint(db: Database) {
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`set local timezone = 'UTC'`))
    const tables: Record<string, { rows: number; md5: string }> = {}
    for (const { name } of await listTables(tx)) {
      const [row] = rowsOf<{ rows: number; md5: string }>(
        await tx.execute(
          sql.raw(`select count(*)::int as rows, md5(coalesce(string_agg(r, E'\\n' order by r), '')) as md5
                   from (select t::text as r from ${quoteIdent(name)} t) x`),
        ),
      )
      tables[name] = row!
    }
    const sequences = rowsOf(
      await tx.execute(
        sql.raw(`select last_value::text, is_called from audit_events_id_seq
                 union all select last_value::text, is_called from email_outbox_id_seq`),
      ),
    )
    const schema = rowsOf<{ def: string }>(
      await tx.execute(
        sql.raw(`select c.relname || ': ' || pg_get_indexdef(i.indexrelid) as def from pg_index i
                   join pg_class c on c.oid = i.indexrelid where c.relnamespace = 'public'::regnamespace
                 union all
                 select conrelid::regclass::text || ': ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint
                   where connamespace = 'public'::regnamespace and contype in ('p', 'u', 'f', 'c', 'x')
                 order by 1`),
      ),
    ).map((r) => r.def)
    return { tables, sequences, schema }
  })
}

/** Decompresses a backup, lets `edit` change its lines, and writes it again with a valid checksum. */
function rewriteBackup(from: string, to: string, edit: (lines: string[]) => void) {
  const lines = gunzipSync(readFileSync(from)).toString('utf8').split('\n').slice(0, -1)
  const trailer = JSON.parse(lines.pop()!) as { sha256: string }
  edit(lines)
  const hash = createHash('sha256')
  for (const line of lines) hash.update(`${line}\n`)
  trailer.sha256 = hash.digest('hex')
  writeFileSync(to, gzipSync([...lines, JSON.stringify(trailer), ''].join('\n')))
}

function rowLineOf(lines: string[], table: string, match: (values: (string | null)[]) => boolean) {
  const start = lines.indexOf(JSON.stringify({ table }))
  for (let i = start + 1; i < lines.length && lines[i]!.startsWith('['); i++)
    if (match(JSON.parse(lines[i]!) as (string | null)[])) return i
  throw new Error(`no such row in ${table}`)
}

let source: Awaited<ReturnType<typeof fingerprint>>
let demoFile: string
let pristine: OpenedDatabase | undefined

/** One new embedded database that every refusal below must leave as new as it was. */
async function untouched() {
  pristine ??= await freshDatabase('pglite')
  return pristine
}

beforeAll(async () => {
  const db = getDb()
  await seedDemo()
  // What the demo data lacks: audit events (a chain), an outbox whose sequence ran past its last row,
  // microseconds, exact jsonb numbers, text that needs escaping.
  await writeAudit(db, { actor: { userId: null, role: 'system' }, action: 'test.first', details: { n: 1 } })
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      actor: { userId: null, role: 'system', ipAddress: '203.0.113.9' },
      action: 'test.second',
      subjectType: 'candidate',
      subjectId: 'HN-ABC123',
      details: { codes: ['a', 'ư"\\\n'], ok: true, none: null },
    })
    await writeAudit(tx, { actor: { userId: null }, action: 'test.third' })
  })
  await db.execute(
    sql.raw(`insert into email_outbox (to_address, locale, template, subject, html, text, metadata, created_at)
             values ('a@hoanhap.example', 'vi', 't', 'Xin chào', '<p>Tab\there</p>', 'line
two', '{"big": 12345678901234567890.123456789}', '2026-01-02 03:04:05.123456+07'),
                    ('b@hoanhap.example', 'en', 't', 'gone', 'x', 'x', '{}', now())`),
  )
  await db.execute(sql.raw(`delete from email_outbox where to_address = 'b@hoanhap.example'`))
  await db.execute(
    sql.raw(
      `insert into auth_throttles (key, failures, locked_until) values ('ip:203.0.113.9', 3, '2026-05-06 07:08:09.000001+00')`,
    ),
  )
  source = await fingerprint(db)
  demoFile = path.join(scratch, 'demo.jsonl.gz')
  await backupDatabase({ db, driver: getDriver()!, file: demoFile })
}, 120_000)

afterAll(async () => {
  for (const target of opened) await target.close().catch(() => {})
  if (serverDatabases.length) {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
    for (const name of serverDatabases) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
  rmSync(scratch, { recursive: true, force: true })
})

describe('backup and restore', () => {
  // Restored into in-memory PGlite, and (with TEST_DATABASE_URL) into a new database on the server too:
  // the source is whichever the tests run on, so one of the two crosses from one kind to the other.
  let restored: OpenedDatabase

  test('a backup states what it holds, and holds the audit chain as it verified', async () => {
    const header = await checkBackup(demoFile)
    expect(header.migrations.map((m) => m.tag)).toEqual(knownMigrations(migrationsFolder).map((m) => m.tag))
    expect(Object.fromEntries(header.tables.map((t) => [t.name, t.rows]))).toEqual(
      Object.fromEntries(Object.entries(source.tables).map(([name, t]) => [name, t.rows])),
    )
    expect(header.audit).toMatchObject({ checked: 3, legacy: 0, brokenAt: null })
    expect(header.audit.lastHash).toMatch(/^[0-9a-f]{64}$/)
    // It holds sensitive data: readable by its owner only.
    expect(statSync(demoFile).mode & 0o777).toBe(0o600)
  })

  test.each(serverUrl ? (['pglite', 'postgres'] as const) : (['pglite'] as const))(
    'restores every table row for row into a new %s database, with its sequences and a whole audit chain',
    async (kind) => {
      const target = await freshDatabase(kind)
      const summary = await restoreDatabase({ target, file: demoFile })
      expect(summary.migratedAfter).toBe(0)
      expect(await fingerprint(target.db)).toEqual(source)
      expect(await verifyAuditChain({ db: target.db })).toEqual({ checked: 3, legacy: 0, brokenAt: null })
      expect((await appliedMigrations(target.db)).length).toBe(knownMigrations(migrationsFolder).length)
      if (kind === 'pglite') restored = target
    },
    120_000,
  )

  test('a backup of the restored database holds the same rows, line for line, and restores again', async () => {
    const again = path.join(scratch, 'again.jsonl.gz')
    await backupDatabase({ db: restored.db, driver: restored.driver, file: again })
    const body = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1, -2)
    expect(body(again)).toEqual(body(demoFile))
    // The second hop goes to the server when there is one: embedded → server.
    const target = await freshDatabase(serverUrl ? 'postgres' : 'pglite')
    await restoreDatabase({ target, file: again })
    expect(await fingerprint(target.db)).toEqual(source)
  }, 120_000)

  test('refuses a database that already holds data, and changes nothing', async () => {
    await expect(restoreDatabase({ target: restored, file: demoFile })).rejects.toThrow(
      /already holds data .*pass --force/,
    )
    expect(await fingerprint(restored.db)).toEqual(source)
  })

  test('with force, replaces everything the database holds, its audit trail included', async () => {
    await restored.db.transaction((tx) =>
      writeAudit(tx, { actor: { userId: null, role: 'system' }, action: 'test.after-restore' }),
    )
    await restored.db.execute(sql.raw(`update users set name = 'Đổi tên' where email = 'canbo1@hoanhap.example'`))
    expect(await fingerprint(restored.db)).not.toEqual(source)
    const summary = await restoreDatabase({ target: restored, file: demoFile, force: true })
    expect(summary.replaced).toContain('audit_events')
    expect(await fingerprint(restored.db)).toEqual(source)
    // The append-only guard is back on.
    await expect(restored.db.execute(sql.raw(`delete from audit_events`))).rejects.toThrow()
  }, 60_000)

  test('refuses a damaged, cut-short or foreign file before touching the database', async () => {
    const bytes = readFileSync(demoFile)
    const cut = path.join(scratch, 'cut.jsonl.gz')
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)))
    const flipped = path.join(scratch, 'flipped.jsonl.gz')
    const copy = Buffer.from(bytes)
    const middle = Math.floor(copy.length / 2)
    copy[middle] = copy[middle]! ^ 0xff
    writeFileSync(flipped, copy)
    const edited = path.join(scratch, 'edited.jsonl.gz')
    const lines = gunzipSync(bytes).toString('utf8').split('\n')
    const at = rowLineOf(lines, 'users', (v) => v.includes('canbo2@hoanhap.example'))
    lines[at] = lines[at]!.replace('canbo2@', 'attacker@')
    writeFileSync(edited, gzipSync(lines.join('\n')))
    const foreign = path.join(scratch, 'foreign.jsonl.gz')
    writeFileSync(foreign, 'id,name\n1,x\n')

    const fresh = await untouched()
    await expect(restoreDatabase({ target: fresh, file: cut })).rejects.toThrow(/damaged or incomplete/)
    await expect(restoreDatabase({ target: fresh, file: flipped })).rejects.toThrow(/damaged or incomplete/)
    await expect(restoreDatabase({ target: fresh, file: edited })).rejects.toThrow(/checksum does not match/)
    await expect(restoreDatabase({ target: fresh, file: foreign })).rejects.toThrow(/is not a Hòa Nhập backup/)
    await expect(restoreDatabase({ target: fresh, file: path.join(scratch, 'missing') })).rejects.toThrow(
      /does not exist/,
    )
    expect(await appliedMigrations(fresh.db)).toEqual([])
    await expect(restoreDatabase({ target: restored, file: cut, force: true })).rejects.toThrow(/damaged/)
    expect(await fingerprint(restored.db)).toEqual(source)
  }, 60_000)

  test('a file that passes its checks but does not restore cleanly rolls everything back', async () => {
    // A row the database refuses (a ward that does not exist), found halfway through the inserts.
    const badRow = path.join(scratch, 'bad-row.jsonl.gz')
    rewriteBackup(demoFile, badRow, (lines) => {
      const at = rowLineOf(lines, 'candidates', () => true)
      lines[at] = lines[at]!.replace(/"\d{5}"/, '"99999"')
    })
    await expect(restoreDatabase({ target: restored, file: badRow, force: true })).rejects.toThrow()
    expect(await fingerprint(restored.db)).toEqual(source)

    // An audit event altered in the file: the restored chain would not be the one the backup recorded.
    const badAudit = path.join(scratch, 'bad-audit.jsonl.gz')
    rewriteBackup(demoFile, badAudit, (lines) => {
      const at = rowLineOf(lines, 'audit_events', (v) => v.includes('test.second'))
      lines[at] = lines[at]!.replace('test.second', 'test.altered')
    })
    await expect(restoreDatabase({ target: restored, file: badAudit, force: true })).rejects.toThrow(
      /audit chain does not match/,
    )
    expect(await fingerprint(restored.db)).toEqual(source)
  }, 60_000)

  test('refuses a backup made by a newer version of the app', async () => {
    const newer = path.join(scratch, 'newer.jsonl.gz')
    rewriteBackup(demoFile, newer, (lines) => {
      const header = JSON.parse(lines[0]!) as { migrations: unknown[] }
      header.migrations.push({ tag: '9999_future', hash: 'f'.repeat(64), createdAt: 4102444800000 })
      lines[0] = JSON.stringify(header)
    })
    const fresh = await untouched()
    await expect(restoreDatabase({ target: fresh, file: newer })).rejects.toThrow(/newer version of the app/)
    expect(await appliedMigrations(fresh.db)).toEqual([])
  }, 60_000)

  test('a backup from an older migration level restores at its level, then takes the newer migrations', async () => {
    const level = knownMigrations(migrationsFolder).length - 1
    const old = await freshDatabase('pglite')
    await migrateTo(old, migrationsFolder, level)
    await old.db.execute(
      sql.raw(`insert into users (email, name, role) values ('cu@hoanhap.example', 'Người dùng cũ', 'coordinator')`),
    )
    await old.db.transaction((tx) => writeAudit(tx, { actor: { userId: null }, action: 'test.old' }))
    const oldFile = path.join(scratch, 'old.jsonl.gz')
    await backupDatabase({ db: old.db, driver: old.driver, file: oldFile })

    const target = await freshDatabase('pglite')
    const summary = await restoreDatabase({ target, file: oldFile })
    expect(summary.migratedAfter).toBe(1)
    expect((await appliedMigrations(target.db)).length).toBe(level + 1)
    expect(rowsOf(await target.db.execute(sql.raw(`select name from users`)))).toEqual([{ name: 'Người dùng cũ' }])
    expect(await verifyAuditChain({ db: target.db })).toEqual({ checked: 1, legacy: 0, brokenAt: null })

    // A database already past the backup's level cannot take it (its tables may no longer fit the rows).
    await expect(restoreDatabase({ target, file: oldFile, force: true })).rejects.toThrow(/newer than the backup/)
  }, 120_000)

  test('the commands: restore into a new data directory, back it up, and fail in one line', () => {
    const dataDir = path.join(scratch, 'data')
    const copy = path.join(scratch, 'cli.jsonl.gz')
    const env = { ...process.env, DATABASE_URL: '', NODE_ENV: 'test' } as NodeJS.ProcessEnv
    delete env.DATABASE_URL
    const run = (script: string, args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
        cwd: root,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      })

    const restore = run('db-restore', [demoFile, '--data-dir', dataDir])
    expect(restore.stderr).toBe('')
    expect(restore.status).toBe(0)
    expect(restore.stdout).toMatch(
      /^Restored .* into the embedded database in .*: \d+ tables, [\d,]+ rows, .*audit chain intact: 3 events/,
    )

    const backup = run('db-backup', ['--data-dir', dataDir, '--out', copy])
    expect(backup.status).toBe(0)
    expect(backup.stdout).toMatch(/^Backed up the embedded database in .* to .*cli\.jsonl\.gz: \d+ tables/)
    const body = (file: string) => gunzipSync(readFileSync(file)).toString('utf8').split('\n').slice(1, -2)
    expect(body(copy)).toEqual(body(demoFile))

    const again = run('db-restore', [demoFile, '--data-dir', dataDir])
    expect(again.status).toBe(1)
    expect(again.stderr).toMatch(/^db:restore: .*already holds data.*--force[^\n]*\n$/)

    const exists = run('db-backup', ['--data-dir', dataDir, '--out', copy])
    expect(exists.status).toBe(1)
    expect(exists.stderr).toMatch(/^db:backup: .*already exists.*\n$/)

    // PGlite's postmaster.pid while the directory is open elsewhere: the commands refuse to share it.
    writeFileSync(path.join(dataDir, 'postmaster.pid'), '-42\n')
    const locked = run('db-backup', ['--data-dir', dataDir, '--out', path.join(scratch, 'locked.jsonl.gz')])
    expect(locked.status).toBe(1)
    expect(locked.stderr).toMatch(/^db:backup: .*is in use: stop the server first.*\n$/)
  }, 300_000)
})
