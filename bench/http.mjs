// npm run bench — the main pages of each role under load, on the production build and a PostgreSQL server
// holding data at scale, plus two checks that fail the run: the query plans and the JavaScript budget.
//
//   npm run build && DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
//
// (It measures the build in build/, as it is: build again after a change. Without a build it builds.)
// 1. JS per page: from the build's React Router manifest, the gzipped size of everything a first visit to a route
//    downloads (entry, manifest, root, the layouts above it, the route, and all their imports, each file
//    once). Fails when a page route is over 150 kB.
// 2. Data: creates the database `hn_bench_http` next to the one named and fills it with `npm run seed --
//    --scale N` (BENCH_SCALE, 1 by default: 100,000 people, 20,000 listings, ≈ 500,000 match events).
//    BENCH_REUSE=1 keeps one already seeded at the same scale (the scale is in the database's comment).
// 3. Query check: starts the server with its statements logged (bench/lib/statement-log), requests each
//    page, EXPLAINs every statement the page sent, with its parameters, and fails when one plans a
//    sequential scan of a table of more than 10,000 rows. The SELECTs are also run with EXPLAIN ANALYZE (in
//    a read-only transaction) so bench/results/http-plans.txt shows what each page spends its time on.
// 4. Load: starts the server again (no logging), signs in as the demo accounts and, with autocannon in this
//    process (the server is another, or BENCH_WORKERS processes), measures each page for BENCH_SECONDS (5) at BENCH_CONNECTIONS (10)
//    after a 1-second warm-up, with a browser's headers (compressed responses), waiting between pages until
//    the database is idle; the trivial /healthz at the start and the end. Targets: p95 under 50 ms and at
//    least 60% of /healthz's throughput. They depend on the machine's load (the load generator shares it),
//    so they are reported, pass or fail, without failing the run. Also reported: the server's CPU time per
//    response, and the throughput against the landing page (rendering without queries).
// Writes bench/results/http-latest.json, http-latest.md (http-N-processes.* with BENCH_WORKERS=N) and
// http-plans.txt. BENCH_PORT: 3290.
import autocannon from 'autocannon'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { PLANNER_SETTINGS } from '../db/client.server.ts'
import { javascriptPerRoute } from './lib/js-budget.mjs'

const PORT = Number(process.env.BENCH_PORT ?? 3290)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const WARMUP_SECONDS = 1
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
// Server processes for the load (WEB_CONCURRENCY); the query check always runs one, for one statement log.
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1)
// One process: http-latest.*; more: http-N-processes.*, so both can be kept side by side.
const RESULTS = WORKERS === 1 ? 'http-latest' : `http-${WORKERS}-processes`
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const REUSE = process.env.BENCH_REUSE === '1'
const DATABASE = 'hn_bench_http'
const LARGE_TABLE_ROWS = 10_000
const JS_BUDGET_BYTES = 150_000
const TARGET_P95_MS = 50
const TARGET_RATIO = 0.6
const PASSWORD = 'HoaNhap-demo-2026'
const ACCOUNTS = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworker: 'canbo1@hoanhap.example',
  partner: 'tuyendung@hoanhap.example',
}
const base = `http://127.0.0.1:${PORT}`
const log = (line = '') => process.stdout.write(`${line}\n`)
const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits

if (!process.env.DATABASE_URL) {
  process.stderr.write(
    'Set DATABASE_URL to a PostgreSQL server: the benchmark creates the database hn_bench_http there.\n',
  )
  process.exit(1)
}
if (!(SCALE > 0)) {
  process.stderr.write(`BENCH_SCALE must be a number above 0, not ${process.env.BENCH_SCALE}\n`)
  process.exit(1)
}
const benchUrl = (() => {
  const u = new URL(process.env.DATABASE_URL)
  u.pathname = `/${DATABASE}`
  return u.toString()
})()

if (!existsSync('build/server.js') || !existsSync('build/server/index.js')) {
  log('No build found: npm run build')
  if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) process.exit(1)
}

const machine = { cpus: cpus().length, loadAverageBefore: loadavg().map((n) => round(n, 2)) }

// ---------------------------------------------------------------------------------------------------
// 1. JavaScript per route

const { routes: jsRoutes, rootChunks } = javascriptPerRoute({ budgetBytes: JS_BUDGET_BYTES })
const jsOver = jsRoutes.filter((r) => !r.pass)
const rootRoute = jsRoutes.find((r) => r.route === 'root')
log(
  `JS per route (gzipped, budget ${JS_BUDGET_BYTES / 1000} kB): root alone ${round(rootRoute.gzipBytes / 1000)} kB, largest ` +
    `${jsRoutes[0].route} ${round(jsRoutes[0].gzipBytes / 1000)} kB; ` +
    (jsOver.length ? `${jsOver.length} of ${jsRoutes.length} routes OVER` : 'all within'),
)

// ---------------------------------------------------------------------------------------------------
// 2. The database at scale

const admin = postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} })
const [existing] = await admin`
  SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ${DATABASE}`
const reuse = REUSE && existing?.comment === `hoa-nhap scale ${SCALE}`
let seedMs = null
if (reuse) {
  log(`Reusing ${DATABASE} (scale ${SCALE}).`)
} else {
  if (REUSE)
    log(`BENCH_REUSE: ${DATABASE} is not seeded at scale ${SCALE} (${existing?.comment ?? 'absent'}): seeding.`)
  await admin.unsafe(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)
  await admin.unsafe(`CREATE DATABASE ${DATABASE}`)
  const started = performance.now()
  const seeded = spawnSync(
    process.execPath,
    ['node_modules/tsx/dist/cli.mjs', 'scripts/seed.ts', '--scale', String(SCALE)],
    { stdio: 'inherit', env: { ...process.env, DATABASE_URL: benchUrl, LOG_LEVEL: 'warn' } },
  )
  if (seeded.status !== 0) {
    process.stderr.write('Seeding failed.\n')
    process.exit(1)
  }
  seedMs = Math.round(performance.now() - started)
}
await admin.end()

// The app's session settings, so the plans checked below are the ones its pages get.
const db = postgres(benchUrl, { max: 1, onnotice: () => {}, connection: PLANNER_SETTINGS })
const [data] = await db`
  SELECT (SELECT count(*)::int FROM candidates) AS candidates,
         (SELECT count(*)::int FROM opportunities) AS listings,
         (SELECT count(*)::int FROM opportunities WHERE status = 'open') AS open_listings,
         (SELECT count(*)::int FROM organisations) AS partners,
         (SELECT count(*)::int FROM matches) AS matches,
         (SELECT count(*)::int FROM match_events) AS match_events,
         (SELECT count(*)::int FROM follow_ups) AS follow_ups,
         (SELECT count(*)::int FROM match_reports) AS partner_reports,
         (SELECT count(*)::int FROM candidates c JOIN users u ON u.id = c.caseworker_id
            WHERE u.email = ${ACCOUNTS.caseworker}) AS caseworker_caseload,
         (SELECT count(*)::int FROM matches m JOIN memberships ms ON ms.organisation_id = m.organisation_id
            JOIN users u ON u.id = ms.user_id WHERE u.email = ${ACCOUNTS.partner}) AS partner_matches,
         version() AS postgres`
// The case file and suggestions of the person in canbo1's wards with the most matches: the heaviest page.
const [person] = await db`
  SELECT c.id, c.public_code FROM candidates c
  WHERE c.ward_code IN (SELECT cw.ward_code FROM caseworker_wards cw JOIN users u ON u.id = cw.user_id
                        WHERE u.email = ${ACCOUNTS.caseworker})
    AND c.status = 'active' AND c.merged_into_id IS NULL AND cardinality(c.needs) > 0
  ORDER BY (SELECT count(*) FROM matches m WHERE m.candidate_id = c.id) DESC, c.id LIMIT 1`

const pages = [
  { key: 'healthz', title: 'Trivial page (/healthz)', who: null, path: '/healthz', reference: true },
  { key: 'landing', title: 'Landing page (public)', who: null, path: '/', reference: true },
  { key: 'caseworker-home', title: 'Caseworker home (due follow-ups)', who: 'caseworker', path: '/caseworker' },
  { key: 'caseload', title: 'Caseworker caseload', who: 'caseworker', path: '/caseworker/candidates' },
  {
    key: 'casefile',
    title: 'Candidate page (case file)',
    who: 'caseworker',
    path: `/caseworker/candidates/${person.id}`,
  },
  {
    key: 'suggestions',
    title: 'Suggestions for a candidate',
    who: 'caseworker',
    path: `/caseworker/candidates/${person.id}/suggestions`,
  },
  {
    key: 'listing-search',
    title: 'Listing search ("thợ hàn")',
    who: 'caseworker',
    path: `/caseworker/opportunities?q=${encodeURIComponent('thợ hàn')}`,
  },
  { key: 'partner-inbox', title: 'Partner inbox (referrals)', who: 'partner', path: '/partner/referrals' },
  { key: 'talent-pool', title: 'Partner talent pool', who: 'partner', path: '/partner/talent' },
  { key: 'coordinator-home', title: 'Coordinator home (city overview)', who: 'coordinator', path: '/coordinator' },
  {
    key: 'coordinator-dashboard',
    title: 'Coordinator dashboard',
    who: 'coordinator',
    path: '/coordinator/reports',
    dashboard: true,
  },
  {
    key: 'caseworker-dashboard',
    title: 'Caseworker dashboard',
    who: 'caseworker',
    path: '/caseworker/reports',
    dashboard: true,
  },
  { key: 'partner-dashboard', title: 'Partner dashboard', who: 'partner', path: '/partner/reports', dashboard: true },
]

// ---------------------------------------------------------------------------------------------------
// The server

async function portInUse() {
  try {
    await fetch(`${base}/healthz`)
    return true
  } catch {
    return false
  }
}

function startServer({ statementLog, workers = 1 } = {}) {
  const args = statementLog
    ? ['--import', './bench/lib/statement-log/register.mjs', 'build/server.js']
    : ['build/server.js']
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: benchUrl,
      APP_URL: base,
      SESSION_SECRET: randomBytes(24).toString('hex'),
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      WEB_CONCURRENCY: String(workers),
      ...(statementLog ? { BENCH_STATEMENT_LOG: statementLog, OUTBOX_INTERVAL_MS: '600000' } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  // Only errors: the start-up warning about email delivery is expected here.
  child.stderr.on('data', (chunk) => {
    const text = String(chunk)
    if (!text.includes('RESEND_API_KEY')) process.stderr.write(text)
  })
  return child
}

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('The server did not become ready')
}

async function stopServer(child) {
  if (child.exitCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

async function signIn(email) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base },
    body: new URLSearchParams({ email, password: PASSWORD }),
  })
  // __Host-hn_session in production, hn_session otherwise.
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => /^(__Host-)?hn_session=./.test(c))
  if (!cookie) throw new Error(`${email} could not sign in (status ${res.status})`)
  return cookie
}

// What a browser sends: the responses are compressed (brotli) as a browser's would be.
const BROWSER_HEADERS = { 'Accept-Encoding': 'gzip, deflate, br', 'Accept-Language': 'vi-VN,vi;q=0.9,en;q=0.8' }
const headersFor = (page, cookies) => ({ ...BROWSER_HEADERS, ...(page.who ? { Cookie: cookies[page.who] } : {}) })

// ---------------------------------------------------------------------------------------------------
// 3. The statements of each page, and their plans

if (await portInUse()) {
  process.stderr.write(`Something already answers on port ${PORT}: stop it or set BENCH_PORT.\n`)
  process.exit(1)
}
const scratch = mkdtempSync(path.join(tmpdir(), 'hn-bench-http-'))
const statementLog = path.join(scratch, 'statements.jsonl')
writeFileSync(statementLog, '')
let server = startServer({ statementLog })
let cookies
const captured = {}
const sanity = {}
try {
  await waitReady()
  cookies = Object.fromEntries(
    await Promise.all(Object.entries(ACCOUNTS).map(async ([who, email]) => [who, await signIn(email)])),
  )
  for (const page of pages) {
    const from = statSync(statementLog).size
    // Twice: the first request may fill the server's caches (wards, skills), the second is the usual one.
    for (let i = 0; i < 2; i++) {
      const started = performance.now()
      const res = await fetch(base + page.path, { headers: headersFor(page, cookies), redirect: 'manual' })
      const body = Buffer.from(await res.arrayBuffer())
      sanity[page.key] = { status: res.status, bytes: body.length, aloneMs: round(performance.now() - started) }
    }
    const lines = readFileSync(statementLog).subarray(from).toString('utf8').split('\n').filter(Boolean)
    captured[page.key] = lines.map((l) => JSON.parse(l))
  }
} finally {
  await stopServer(server)
}

const broken = pages.filter((p) => sanity[p.key]?.status !== 200)
for (const p of broken) process.stderr.write(`${p.path} answered ${sanity[p.key]?.status}, not 200\n`)

const tableRows = new Map(
  (
    await db`SELECT c.relname, c.reltuples::bigint AS rows FROM pg_class c
             WHERE c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace`
  ).map((r) => [r.relname, Number(r.rows)]),
)

const isQuery = (q) =>
  /^\s*(select|with|insert|update|delete)\b/i.test(q) && !/\bpg_catalog\.|__drizzle_migrations/.test(q)
const isRead = (q) => /^\s*(select|with)\b/i.test(q) && !/\b(insert|update|delete)\b/i.test(q)

function seqScans(plan, found = []) {
  if (plan['Node Type'] === 'Seq Scan') {
    const rows = tableRows.get(plan['Relation Name']) ?? 0
    if (rows > LARGE_TABLE_ROWS)
      found.push({ table: plan['Relation Name'], tableRows: rows, parallel: plan['Parallel Aware'] })
  }
  for (const child of plan.Plans ?? []) seqScans(child, found)
  return found
}

const queryCheck = []
const planText = []
for (const page of pages) {
  const seen = new Set()
  const statements = []
  for (const s of captured[page.key] ?? []) {
    if (!isQuery(s.query)) continue
    const id = `${s.query}\u0000${JSON.stringify(s.parameters)}`
    if (seen.has(id)) continue
    seen.add(id)
    const [row] = await db.unsafe(`EXPLAIN (FORMAT JSON) ${s.query}`, s.parameters)
    const plan = row['QUERY PLAN'][0].Plan
    const statement = {
      query: s.query,
      parameters: s.parameters,
      plannedCost: plan['Total Cost'],
      seqScans: seqScans(plan),
      ms: null,
      plan: null,
    }
    if (isRead(s.query)) {
      // Executed for its timing, read-only: nothing a page reads can change here.
      await db.begin('read only', async (tx) => {
        const rows = await tx.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, s.parameters)
        statement.plan = rows.map((r) => r['QUERY PLAN']).join('\n')
        statement.ms = Number(/Execution Time: ([\d.]+) ms/.exec(statement.plan)?.[1] ?? NaN)
      })
    }
    statements.push(statement)
  }
  statements.sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0))
  const offending = statements.filter((s) => s.seqScans.length > 0)
  queryCheck.push({
    page: page.key,
    path: page.path,
    statements: statements.length,
    totalMs: round(
      statements.reduce((sum, s) => sum + (s.ms ?? 0), 0),
      2,
    ),
    slowest: statements.slice(0, 3).map((s) => ({ ms: s.ms, query: s.query.replace(/\s+/g, ' ').slice(0, 160) })),
    seqScans: offending.map((s) => ({
      tables: s.seqScans,
      query: s.query.replace(/\s+/g, ' ').slice(0, 300),
      parameters: s.parameters,
    })),
    pass: offending.length === 0,
  })
  planText.push(
    `######## ${page.title} — ${page.path} (${statements.length} statements, ${round(
      statements.reduce((sum, s) => sum + (s.ms ?? 0), 0),
      2,
    )} ms executing)`,
    '',
    ...statements.map(
      (s) =>
        `  ${s.ms === null ? '  (write)' : `${s.ms.toFixed(2).padStart(8)} ms`}  ${s.seqScans.length ? '[SEQ SCAN] ' : ''}${s.query.replace(/\s+/g, ' ').slice(0, 200)}`,
    ),
    '',
    ...statements
      // The slowest statement's plan and those with a sequential scan of a large table, four at most a page.
      .filter((s) => s.plan && (s === statements[0] || s.seqScans.length > 0))
      .slice(0, 4)
      .map((s) => `==== ${s.query.trim()}\n-- parameters: ${JSON.stringify(s.parameters)}\n\n${s.plan}\n`),
    '',
  )
}
const queryFailures = queryCheck.filter((q) => !q.pass)
log(
  `Query check (Seq Scan on tables over ${LARGE_TABLE_ROWS.toLocaleString('en')} rows): ` +
    (queryFailures.length
      ? `FAIL on ${queryFailures.map((q) => `${q.page} (${[...new Set(q.seqScans.flatMap((s) => s.tables.map((t) => t.table)))].join(', ')})`).join('; ')}`
      : 'pass'),
)

// ---------------------------------------------------------------------------------------------------
// 4. Load

function percentile(sorted, p) {
  if (sorted.length === 0) return null
  return round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)])
}

/**
 * The server's CPU time so far (user + system), in ms: its process and, with BENCH_WORKERS, the processes it
 * forked; null where /proc is not there (not Linux).
 */
function serverCpuMs(pid) {
  const stat = (id) => readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1].split(' ')
  const ms = (fields) => ((Number(fields[11]) + Number(fields[12])) * 1000) / 100 // clock ticks, 100 a second
  try {
    let total = ms(stat(pid))
    for (const id of readdirSync('/proc')) {
      if (!/^\d+$/.test(id) || Number(id) === pid) continue
      try {
        const fields = stat(id)
        if (Number(fields[1]) === pid) total += ms(fields)
      } catch {
        // gone meanwhile
      }
    }
    return total
  } catch {
    return null
  }
}

/**
 * Waits until the server's statements have finished: autocannon stops sending at the end of a run, but a
 * slow page's requests already taken go on in the database and would weigh on the next page's figures.
 */
async function drain() {
  for (let i = 0; i < 600; i++) {
    const [{ n }] = await db`
      SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = ${DATABASE} AND state <> 'idle' AND pid <> pg_backend_pid()`
    if (n === 0) return
    await new Promise((r) => setTimeout(r, 100))
  }
}

function load(page, seconds) {
  return new Promise((resolve, reject) => {
    const latencies = []
    const instance = autocannon(
      { url: base + page.path, connections: CONNECTIONS, duration: seconds, headers: headersFor(page, cookies) },
      (err, r) => {
        if (err) return reject(err)
        latencies.sort((a, b) => a - b)
        resolve({
          requests: r.requests.total,
          requestsPerSecond: round(r.requests.average),
          latencyMs: {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            max: percentile(latencies, 100),
          },
          non2xx: r.non2xx,
          errors: r.errors + r.timeouts,
        })
      },
    )
    // Every response's time, for exact percentiles (autocannon's summary has no p95).
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms))
  })
}

server = startServer({ workers: WORKERS })
const results = []
let healthzEnd
try {
  await waitReady()
  for (const page of pages) {
    await load(page, WARMUP_SECONDS)
    await drain()
    const cpuBefore = serverCpuMs(server.pid)
    const r = await load(page, SECONDS)
    await drain()
    const cpuAfter = serverCpuMs(server.pid)
    const cpuMsPerRequest =
      cpuBefore !== null && cpuAfter !== null && r.requests > 0 ? round((cpuAfter - cpuBefore) / r.requests) : null
    results.push({
      key: page.key,
      title: page.title,
      path: page.path,
      who: page.who,
      ...sanity[page.key],
      ...r,
      cpuMsPerRequest,
    })
    log(`  ${page.title.padEnd(40)} ${String(r.requestsPerSecond).padStart(7)} req/s  p95 ${r.latencyMs.p95 ?? '—'} ms`)
  }
  healthzEnd = await load(pages[0], SECONDS)
  log(`  ${'Trivial page again, at the end'.padEnd(40)} ${String(healthzEnd.requestsPerSecond).padStart(7)} req/s`)
} finally {
  await stopServer(server)
  rmSync(scratch, { recursive: true, force: true })
}
await db.end()

const trivial = round((results[0].requestsPerSecond + healthzEnd.requestsPerSecond) / 2)
const landing = results.find((r) => r.key === 'landing').requestsPerSecond
for (const [i, r] of results.entries()) {
  const page = pages[i]
  r.ratioToTrivial = round(r.requestsPerSecond / trivial, 2)
  r.ratioToLanding = round(r.requestsPerSecond / landing, 2)
  r.reference = Boolean(page.reference)
  r.dashboard = Boolean(page.dashboard)
  r.p95Pass = r.latencyMs.p95 !== null && r.latencyMs.p95 < TARGET_P95_MS
  r.ratioPass = r.ratioToTrivial >= TARGET_RATIO
  r.clean = r.non2xx === 0 && r.errors === 0
  r.pass = r.p95Pass && r.ratioPass && r.clean
}
const mainPages = results.filter((r) => !r.reference)

// ---------------------------------------------------------------------------------------------------
// Results

const report = {
  date: new Date().toISOString(),
  connections: CONNECTIONS,
  serverProcesses: WORKERS,
  seconds: SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  scale: SCALE,
  reused: reuse,
  seedMs,
  data,
  machine: { ...machine, loadAverageAfter: loadavg().map((n) => round(n, 2)) },
  targets: {
    p95Ms: TARGET_P95_MS,
    ratioToTrivial: TARGET_RATIO,
    jsGzipBytes: JS_BUDGET_BYTES,
    largeTableRows: LARGE_TABLE_ROWS,
  },
  trivialRequestsPerSecond: { start: results[0].requestsPerSecond, end: healthzEnd.requestsPerSecond, mean: trivial },
  pages: results,
  queryCheck,
  javascript: jsRoutes,
  pass: {
    queryCheck: queryFailures.length === 0,
    javascript: jsOver.length === 0,
    pagesAnswered: broken.length === 0,
    latencyTargets: mainPages.filter((r) => r.pass).length + ' of ' + mainPages.length,
  },
}
mkdirSync('bench/results', { recursive: true })
writeFileSync(`bench/results/${RESULTS}.json`, `${JSON.stringify(report, null, 2)}\n`)
writeFileSync('bench/results/http-plans.txt', planText.join('\n'))

const mark = (ok) => (ok ? 'pass' : '**FAIL**')
/** "matches (160,028) ×3, …": each large table scanned, and in how many scans. */
function seqScanSummary(q) {
  const counts = new Map()
  for (const t of q.seqScans.flatMap((s) => s.tables)) {
    const key = `${t.table} (${t.tableRows.toLocaleString('en')})`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ')
}
const kB = (bytes) => `${round(bytes / 1000)} kB`
const mainRoutes = new Set([
  'routes/_index',
  'routes/login',
  'routes/caseworker._index',
  'routes/caseworker.candidates._index',
  'routes/caseworker.candidates.$id',
  'routes/caseworker.candidates.$id_.suggestions',
  'routes/caseworker.opportunities',
  'routes/caseworker.reports',
  'routes/coordinator._index',
  'routes/coordinator.reports',
  'routes/partner.referrals._index',
  'routes/partner.talent',
  'routes/partner.reports',
])
const md = [
  '# HTTP benchmark (npm run bench)',
  '',
  `${report.date} · scale ${SCALE}: ${data.candidates.toLocaleString('en')} people, ${data.listings.toLocaleString('en')} listings ` +
    `(${data.open_listings.toLocaleString('en')} open), ${data.matches.toLocaleString('en')} matches, ` +
    `${data.match_events.toLocaleString('en')} match events, ${data.follow_ups.toLocaleString('en')} follow-ups · ` +
    `canbo1's caseload ${data.caseworker_caseload.toLocaleString('en')}, tuyendung's matches ${data.partner_matches.toLocaleString('en')} · ` +
    `${data.postgres.split(' on ')[0]}`,
  '',
  `Production build (${WORKERS === 1 ? 'one server process' : `${WORKERS} server processes, WEB_CONCURRENCY`}), autocannon at ${CONNECTIONS} connections for ${SECONDS} s a page after a ${WARMUP_SECONDS} s warm-up, ` +
    `in another process on the same ${machine.cpus}-core machine (load average ${machine.loadAverageBefore.join(' ')} before, ` +
    `${report.machine.loadAverageAfter.join(' ')} after): the figures are lower bounds and move with the machine's load. ` +
    `Trivial page: ${results[0].requestsPerSecond} req/s at the start, ${healthzEnd.requestsPerSecond} at the end (mean ${trivial}).`,
  '',
  `Targets: p95 < ${TARGET_P95_MS} ms and ≥ ${TARGET_RATIO * 100}% of the trivial page's throughput (reported, not failing the run).`,
  '',
  '| page | path | as | req/s | p50 ms | p95 ms | p99 ms | non-2xx / errors | × trivial | p95 | throughput | × landing | alone ms | server CPU ms/req | SQL ms | HTML kB |',
  '|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|',
  ...results.map(
    (r) =>
      `| ${r.title} | \`${r.path.replace(person.id, ':id')}\` | ${r.who ?? '—'} | ${r.requestsPerSecond} | ${r.latencyMs.p50 ?? '—'} | ` +
      `${r.latencyMs.p95 ?? '—'} | ${r.latencyMs.p99 ?? '—'} | ${r.non2xx} / ${r.errors} | ${r.ratioToTrivial} | ` +
      `${r.reference ? '—' : mark(r.p95Pass)} | ${r.reference ? '—' : mark(r.ratioPass)} | ${r.ratioToLanding} | ${r.aloneMs} | ` +
      `${r.cpuMsPerRequest ?? '—'} | ${queryCheck.find((q) => q.page === r.key).totalMs} | ${round(r.bytes / 1000)} |`,
  ),
  '',
  '"—": no response within the measuring window. "× landing": throughput against the public landing page, which renders ' +
    'without touching the database (the cost of rendering a page, without its queries). "alone ms": one request on its own ' +
    'before the load. "server CPU ms/req": the server process\'s CPU time during the run over the responses. "SQL ms": the ' +
    "page's statements' execution time, one after the other (EXPLAIN ANALYZE; the pages run some side by side). " +
    '"HTML kB": the document, uncompressed (sent brotli-compressed).',
  '',
  `Main pages meeting both targets: ${report.pass.latencyTargets}.`,
  '',
  `## Query check: ${queryFailures.length ? '**FAIL**' : 'pass'}`,
  '',
  `Every statement each page sent (captured from the server with its parameters), EXPLAINed; a sequential scan of a table ` +
    `over ${LARGE_TABLE_ROWS.toLocaleString('en')} rows fails. Time: the statements' own execution (EXPLAIN ANALYZE), ` +
    'one after the other, without the network. Plans: bench/results/http-plans.txt.',
  '',
  '| page | statements | executing ms | slowest statement (ms) | seq scans of large tables |',
  '|---|---:|---:|---|---|',
  ...queryCheck.map(
    (q) =>
      `| ${q.page} | ${q.statements} | ${q.totalMs} | ${q.slowest[0] ? `${q.slowest[0].ms ?? 'write'} — \`${q.slowest[0].query.slice(0, 80).replaceAll('|', '\\|')}…\`` : '—'} | ` +
      `${q.seqScans.length ? seqScanSummary(q) : 'none'} |`,
  ),
  '',
  `## JavaScript per route: ${jsOver.length ? '**FAIL**' : 'pass'}`,
  '',
  `Gzipped bytes a first visit downloads (entry, manifest, root, layouts, route, their imports; each file once, ` +
    `compressed as the server does). Budget ${kB(JS_BUDGET_BYTES)} for every page route ` +
    `(${jsRoutes.length - 1} checked, ${jsOver.filter((r) => r.route !== 'root').length} over; the root alone, ` +
    `which every page loads: ${kB(rootRoute.gzipBytes)}). "Later": what a page with a form fetches when the ` +
    `person first focuses it (zod and the form's schema, for checks as they type), not part of the first visit. ` +
    `The main pages, and the five largest:`,
  '',
  '| route | files | gzipped | budget | later |',
  '|---|---:|---:|---|---:|',
  ...jsRoutes
    .filter((r, i) => mainRoutes.has(r.route) || r.route === 'root' || i < 5)
    .map(
      (r) =>
        `| ${r.route} | ${r.files} | ${kB(r.gzipBytes)} | ${mark(r.pass)} | ${r.laterGzipBytes ? kB(r.laterGzipBytes) : '—'} |`,
    ),
  '',
  'The chunks every page loads, gzipped:',
  '',
  '| chunk | gzipped |',
  '|---|---:|',
  ...rootChunks.map((c) => `| ${c.file} | ${kB(c.gzipBytes)} |`),
  '',
]
writeFileSync(`bench/results/${RESULTS}.md`, md.join('\n'))

log(
  `\n${'page'.padEnd(40)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'non2xx'.padStart(7)} ${'ratio'.padStart(6)}  targets`,
)
for (const r of results) {
  log(
    `${r.title.padEnd(40)} ${String(r.requestsPerSecond).padStart(7)} ${String(r.latencyMs.p50 ?? '—').padStart(6)} ` +
      `${String(r.latencyMs.p95 ?? '—').padStart(6)} ${String(r.latencyMs.p99 ?? '—').padStart(6)} ${String(r.non2xx + r.errors).padStart(7)} ` +
      `${String(r.ratioToTrivial).padStart(6)}  ` +
      (r.reference ? '—' : `p95 ${r.p95Pass ? 'pass' : 'FAIL'}, throughput ${r.ratioPass ? 'pass' : 'FAIL'}`),
  )
}
log(
  `\nLatency targets (depend on the machine's load, not failing the run): ${report.pass.latencyTargets} main pages pass.`,
)
log(`Query check: ${report.pass.queryCheck ? 'pass' : 'FAIL'} · JS budget: ${report.pass.javascript ? 'pass' : 'FAIL'}`)
log(`Written: bench/results/${RESULTS}.json, ${RESULTS}.md, http-plans.txt`)
if (!report.pass.queryCheck || !report.pass.javascript || !report.pass.pagesAnswered) process.exit(1)
