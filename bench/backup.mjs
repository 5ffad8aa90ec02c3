// npx tsx bench/backup.mjs — npm run db:backup and db:restore at 100,000 people on a PostgreSQL server.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/backup.mjs
//
// Creates a scratch database next to the one named (BENCH_SCRATCH, default hoa_nhap_bench_backup), applies the
// migrations and generates the dashboards benchmark's data (bench/lib/scale-data.mjs: 600 partners, 30,000
// listings, 100,000 people, 160,000 matches with their events, check-ins and reports) plus BENCH_AUDIT audit
// events in one chain. Then times a backup of it, a restore into a new server database and a restore into a
// new embedded database (BENCH_PGLITE=0 skips that one), with the file's size and the process's peak memory.
// Writes bench/results/backup-latest.json and drops what it created (BENCH_KEEP=1 keeps the source database;
// BENCH_REUSE=1 measures a kept one again without generating it).
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { scratchDatabase } from './lib/scratch-db.mjs'
import { hashAuditEvent } from '../app/modules/audit/chain.ts'
import { backupDatabase } from '../db/backup/backup.server.ts'
import { migrateTo, openTarget } from '../db/backup/connection.ts'
import { knownMigrations } from '../db/backup/catalog.ts'
import { restoreDatabase } from '../db/backup/restore.server.ts'
import { migrationsFolder } from '../db/client.server.ts'
import {
  insertCandidates,
  insertMatchHistory,
  insertPartnersAndListings,
  insertWardTargets,
} from './lib/scale-data.mjs'

const CANDIDATES = Number(process.env.BENCH_CANDIDATES ?? 100_000)
const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 30_000)
const MATCHES = Number(process.env.BENCH_MATCHES ?? 160_000)
const AUDIT = Number(process.env.BENCH_AUDIT ?? 50_000)
const SCRATCH = process.env.BENCH_SCRATCH ?? 'hoa_nhap_bench_backup'
const RESTORED = `${SCRATCH}_restored`

const log = (line) => process.stdout.write(`${line}\n`)
let peakRss = 0
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100)
const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10
async function timed(run) {
  peakRss = process.memoryUsage().rss
  const started = performance.now()
  const result = await run()
  return { result, ms: Math.round(performance.now() - started), peakRssMb: mb(peakRss) }
}

const scratch = await scratchDatabase(SCRATCH, { reuse: process.env.BENCH_REUSE === '1' })
const restored = await scratchDatabase(RESTORED)
await restored.admin.end()
const { admin } = scratch
const reuse = scratch.reused
const urlOf = { [SCRATCH]: scratch.scratchUrl, [RESTORED]: restored.scratchUrl }
async function counts(db) {
  const [row] = await db`
    SELECT (SELECT count(*)::int FROM candidates) AS candidates, (SELECT count(*)::int FROM matches) AS matches,
           (SELECT count(*)::int FROM match_events) AS match_events, (SELECT count(*)::int FROM audit_events) AS audit,
           pg_database_size(current_database())::bigint AS bytes, version() AS version`
  await db.end()
  return row
}
const steps = {}
const onStep = (kind) => (name, ms) => {
  ;(steps[kind] ??= {})[name] = ms
  log(`  ${name}: ${ms} ms`)
}

const work = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-bench-backup-'))

try {
  log('Generating the data…')
  const generated = await timed(async () => {
    if (reuse) return counts(postgres(urlOf[SCRATCH], { max: 1, onnotice: () => {} }))
    const source = await openTarget({ driver: 'postgres', url: urlOf[SCRATCH] }, { mustExist: false })
    await migrateTo(source, migrationsFolder, knownMigrations(migrationsFolder).length)
    await source.close()
    const db = postgres(urlOf[SCRATCH], { max: 1, onnotice: () => {} })
    await insertPartnersAndListings(db, { organisations: 600, listings: LISTINGS })
    await insertCandidates(db, { count: CANDIDATES })
    await insertMatchHistory(db, { count: MATCHES })
    await insertWardTargets(db)
    // One chain of audit events, hashed as the app hashes them.
    let prevHash = null
    for (let i = 0; i < AUDIT; i += 1000) {
      const rows = []
      for (let j = i; j < Math.min(AUDIT, i + 1000); j++) {
        const fields = {
          occurredAt: new Date(Date.UTC(2026, 0, 1) + j * 60_000),
          actorId: null,
          actorRole: 'caseworker',
          action: 'candidate.update',
          subjectType: 'candidate',
          subjectId: `HS-${String(j).padStart(7, '0')}`,
          ipAddress: '203.0.113.7',
          details: { fields: ['phone', 'availability'], step: j % 5 },
        }
        const hash = hashAuditEvent(prevHash, fields)
        rows.push({ ...fields, occurredAt: fields.occurredAt.toISOString(), prevHash, hash })
        prevHash = hash
      }
      await db.unsafe(
        `INSERT INTO audit_events (occurred_at, actor_id, actor_role, action, subject_type, subject_id, ip_address,
           details, prev_hash, hash)
         SELECT * FROM json_to_recordset($1::text::json) AS x("occurredAt" timestamptz, "actorId" uuid,
           "actorRole" text, action text, "subjectType" text, "subjectId" text, "ipAddress" text, details jsonb,
           "prevHash" text, hash text)`,
        [JSON.stringify(rows)],
      )
    }
    await db.unsafe('VACUUM ANALYZE')
    return counts(db)
  })
  log(`  ${generated.ms} ms: ${JSON.stringify(generated.result)}`)

  const file = path.join(work, 'scale.jsonl.gz')
  const source = await openTarget({ driver: 'postgres', url: urlOf[SCRATCH] }, { mustExist: true })
  const backup = await timed(() => backupDatabase({ db: source.db, driver: 'postgres', file }))
  await source.close()
  const fileMb = mb(statSync(file).size)
  log(`Backup: ${backup.ms} ms, ${backup.result.rows} rows, ${fileMb} MB, peak RSS ${backup.peakRssMb} MB`)

  const server = await openTarget({ driver: 'postgres', url: urlOf[RESTORED] }, { mustExist: false })
  const toServer = await timed(() => restoreDatabase({ target: server, file, onStep: onStep('server') }))
  await server.close()
  log(`Restore into a new server database: ${toServer.ms} ms, peak RSS ${toServer.peakRssMb} MB`)

  let toEmbedded
  if (process.env.BENCH_PGLITE !== '0') {
    const embedded = await openTarget({ driver: 'pglite', dataDir: path.join(work, 'pglite') }, { mustExist: false })
    toEmbedded = await timed(() => restoreDatabase({ target: embedded, file, onStep: onStep('embedded') }))
    await embedded.close()
    log(`Restore into a new embedded database: ${toEmbedded.ms} ms, peak RSS ${toEmbedded.peakRssMb} MB`)
  }

  mkdirSync('bench/results', { recursive: true })
  writeFileSync(
    'bench/results/backup-latest.json',
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: { cpus: cpus().length, load: loadavg().map((l) => Math.round(l * 10) / 10) },
        data: { ...generated.result, bytes: Number(generated.result.bytes) },
        backup: { ms: backup.ms, rows: backup.result.rows, fileMb, peakRssMb: backup.peakRssMb },
        restoreToServer: { ms: toServer.ms, peakRssMb: toServer.peakRssMb, steps: steps.server },
        restoreToEmbedded: toEmbedded
          ? { ms: toEmbedded.ms, peakRssMb: toEmbedded.peakRssMb, steps: steps.embedded }
          : null,
      },
      null,
      2,
    )}\n`,
  )
} finally {
  clearInterval(sampler)
  rmSync(work, { recursive: true, force: true })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${RESTORED} WITH (FORCE)`)
  if (process.env.BENCH_KEEP !== '1') await admin.unsafe(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`)
  await admin.end()
}
