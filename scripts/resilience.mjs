// `npm run test:resilience`: load and faults against the production build on a PostgreSQL server that
// the test starts and stops itself (tests/resilience). Builds first when build/ is missing, runs the
// vitest project `resilience`, prints the figures from bench/results/resilience-latest.json and exits
// non-zero when any check failed. Needs PostgreSQL's server binaries (Debian: postgresql, postgresql-contrib).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

const REPORT = 'bench/results/resilience-latest.json'
const started = Date.now()

function hasPostgres() {
  if (process.env.PG_BIN) return existsSync(path.join(process.env.PG_BIN, 'pg_ctl'))
  const root = '/usr/lib/postgresql'
  if (existsSync(root) && readdirSync(root).some((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))) return true
  return spawnSync('pg_ctl', ['--version'], { stdio: 'ignore' }).status === 0
}

if (!hasPostgres()) {
  console.error(
    'PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin, PG_BIN and the PATH).\n' +
      'On Debian/Ubuntu: apt-get install -y postgresql postgresql-contrib',
  )
  process.exit(1)
}

if (!existsSync('build/server.js') || process.argv.includes('--build')) {
  process.stdout.write('▶ npm run build\n')
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' })
  if (build.status !== 0) process.exit(build.status ?? 1)
} else {
  const minutes = Math.round((Date.now() - statSync('build/server.js').mtimeMs) / 60_000)
  process.stdout.write(`Using the existing build (built ${minutes} min ago; pass --build to rebuild)\n`)
}

const vitest = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--project',
    'resilience',
    ...process.argv.slice(2).filter((a) => a !== '--build'),
  ],
  { stdio: 'inherit' },
)

if (existsSync(REPORT) && statSync(REPORT).mtimeMs >= started) printSummary(JSON.parse(readFileSync(REPORT, 'utf8')))
else process.stdout.write(`\n(no figures written to ${REPORT})\n`)
const ok = vitest.status === 0
process.stdout.write(`\nResilience: ${ok ? 'PASSED' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s\n`)
process.exit(ok ? 0 : 1)

function printSummary(r) {
  const line = (label, value) => process.stdout.write(`  ${label.padEnd(44)} ${value}\n`)
  const lat = (f) =>
    f ? `${f.requests} req, ${f.perSecond}/s, p50 ${f.p50} ms, p95 ${f.p95} ms, p99 ${f.p99} ms, max ${f.max} ms` : '—'
  const statuses = (f) =>
    f
      ? Object.entries(f.statuses)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ')
      : '—'
  process.stdout.write(
    `\nResilience figures (${r.date}, ${r.machine?.cpus} CPUs, Node ${r.machine?.node}, PostgreSQL ${r.setup?.postgres})\n` +
      `  load average at start ${r.machine?.loadAverageAtStart}, at end ${r.machine?.loadAverageAtEnd}\n`,
  )
  if (r.load) {
    process.stdout.write(`\n1. Mixed load, ${r.load.seconds} s, ${r.setup?.virtualUsers} virtual users\n`)
    line('all', lat(r.load.overall))
    line('statuses', statuses(r.load.overall))
    for (const [role, f] of Object.entries(r.load.byRole)) line(role, lat(f))
    line('case notes acknowledged / missing after', `${r.load.writes.acknowledged} / ${r.load.writes.missingAfter}`)
  }
  const d = r.databaseRestart
  if (d) {
    process.stdout.write('\n2. PostgreSQL restarted under load\n')
    line('stop took / down for / start took', `${d.stopTookMs} ms / ${d.downForMs} ms / ${d.startTookMs} ms`)
    line('requests overlapping the outage', `${d.duringOutage.requests} (${statuses(d.duringOutage)})`)
    line(
      '503s: count, p50 / p95 / max',
      `${d.unavailable503.count}, ${d.unavailable503.p50} / ${d.unavailable503.p95} / ${d.unavailable503.max} ms`,
    )
    line(
      '503s translated / with Retry-After',
      `${d.unavailable503.allTranslated} / ${d.unavailable503.allWithRetryAfter}`,
    )
    line(
      'probes (page, .data, API, readyz)',
      Object.values(d.probes)
        .map((p) => `${p.status} in ${p.ms} ms`)
        .join(', '),
    )
    line('last 503 after the start command', `${d.recoveredMsAfterStartCommand} ms`)
    line('/readyz 200 after the start command', `${d.readyzMsAfterStartCommand} ms (while down: ${d.readyzWhileDown})`)
    line('after recovery', `${lat(d.afterRecovery)} (${statuses(d.afterRecovery)})`)
    line(
      'notes acknowledged before stop / in total / missing',
      `${d.writes.acknowledgedBeforeStop} / ${d.writes.acknowledgedInTotal} / ${d.writes.missingAfterRestart}`,
    )
  }
  const e = r.emailOutage
  if (e) {
    process.stdout.write('\n3. Email provider down (500, then 429, then hanging)\n')
    line('emails made during the outage', `${e.emailsMadeDuringOutage} over ${e.outageSeconds} s`)
    const p = e.providerRequestsDuringOutage
    line('provider requests during 500 / 429 / hang', `${p.during500} / ${p.during429} / ${p.duringHang}`)
    line('coordinator page showed waiting', e.coordinatorSawWaiting)
    line('/readyz while the provider was down', e.readyzWhileProviderDown)
    line('all delivered after the provider was back', `${e.deliveredSecondsAfterProviderBack} s`)
    line('deliveries / duplicates / missing', `${e.deliveries} / ${e.duplicates} / ${e.missing}`)
    line('delivered while down (answer lost)', e.deliveredDuringOutage)
    line('provider requests in total, most attempts', `${e.providerRequests}, ${e.maxAttemptsOfOneEmail}`)
  }
  const s = r.sigterm
  if (s) {
    process.stdout.write('\n4. SIGTERM under load\n')
    line('exit code, exited after', `${s.exitCode}, ${s.exitedMsAfterSignal} ms`)
    line('accepted requests', `${lat(s.accepted)} (${statuses(s.accepted)})`)
    line('in flight at the signal / accepted after', `${s.inFlightAtSignal} / ${s.acceptedAfterSignal}`)
    line('refused after the listener closed', s.refusedAfterClose)
    line('notes missing afterwards', s.writes.missing)
  }
  const c = r.twoProcesses
  if (c) {
    process.stdout.write('\n5. Two server processes (WEB_CONCURRENCY=2), then SIGTERM\n')
    line('accepted requests', `${lat(c.accepted)} (${statuses(c.accepted)})`)
    line('requests answered by each process', c.requestsByProcess.join(' / '))
    line('exit code, exited after', `${c.exitCode}, ${c.exitedMsAfterSignal} ms`)
    line('notes missing afterwards', c.writes.missing)
  }
}
