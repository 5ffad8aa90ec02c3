// `npm test`: every suite, in order, with one summary at the end.
//   1. unit + integration tests on the embedded database (PGlite, in memory), with the clock a year ahead
//   2. the integration tests again on a PostgreSQL server, when TEST_DATABASE_URL names one
//   3. a production build, then the HTTP-level server tests against it
//   4. the end-to-end tests in Chromium against that build
//   5. load and faults against that build on a PostgreSQL server of its own (when PostgreSQL is installed)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'

const results = []
mkdirSync('test-results', { recursive: true })

function run(name, command, args, { env = {}, report } = {}) {
  const started = Date.now()
  process.stdout.write(`\n▶ ${name}\n`)
  if (report) rmSync(report, { force: true })
  const child = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } })
  const seconds = (Date.now() - started) / 1000
  const counts = report && existsSync(report) ? countReport(report) : null
  results.push({ name, ok: child.status === 0, seconds, counts })
  return child.status === 0
}

function countReport(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'))
  if ('numPassedTests' in data) {
    return {
      passed: data.numPassedTests,
      failed: data.numFailedTests,
      skipped: data.numPendingTests + data.numTodoTests,
    }
  }
  // Playwright's JSON reporter
  const s = data.stats ?? {}
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0), skipped: s.skipped ?? 0 }
}

const vitest = ['node_modules/vitest/vitest.mjs', 'run']
const pgUrl = process.env.TEST_DATABASE_URL

// No test may depend on today's date. The PGlite pass runs with the clock a year ahead (Debian's faketime, which
// .ci/run installs), so a literal date that must still lie ahead fails now, not next month; the PostgreSQL-server
// pass, the server tests and the end-to-end tests run on the real clock.
const faketime = ['/usr/bin/faketime', '/usr/local/bin/faketime'].find((p) => existsSync(p))
if (!faketime)
  process.stdout.write('\n(faketime not found: the PGlite pass runs on the real clock, not a year ahead)\n')
const clockAhead = faketime ? [faketime, '-f', '+365d'] : []

run(
  faketime ? 'unit + integration (PGlite, clock a year ahead)' : 'unit + integration (PGlite)',
  clockAhead[0] ?? process.execPath,
  [
    ...clockAhead.slice(1),
    ...(faketime ? [process.execPath] : []),
    ...vitest,
    '--project',
    'unit',
    '--project',
    'integration',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/vitest-pglite.json',
  ],
  {
    env: { TEST_DATABASE_URL: '' },
    report: 'test-results/vitest-pglite.json',
  },
)

if (pgUrl) {
  run(
    'integration (PostgreSQL server)',
    process.execPath,
    [
      ...vitest,
      '--project',
      'integration',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results/vitest-postgres.json',
    ],
    {
      report: 'test-results/vitest-postgres.json',
    },
  )
} else {
  process.stdout.write(
    '\n(no TEST_DATABASE_URL: the PostgreSQL-server pass is skipped; .ci/run starts a server and sets it)\n',
  )
}

if (run('production build', 'npm', ['run', 'build'])) {
  run(
    'server over HTTP (production build)',
    process.execPath,
    [
      ...vitest,
      '--project',
      'server',
      '--reporter=default',
      '--reporter=json',
      '--outputFile=test-results/vitest-server.json',
    ],
    {
      report: 'test-results/vitest-server.json',
    },
  )
  run(
    'end-to-end (Chromium)',
    process.execPath,
    ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json'],
    {
      env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' },
      report: 'test-results/e2e.json',
    },
  )
  // 5. Load and faults (npm run test:resilience): needs PostgreSQL's server binaries, starts its own server.
  if (postgresBinaries()) {
    run(
      'load and faults (resilience)',
      process.execPath,
      [
        ...vitest,
        '--project',
        'resilience',
        '--reporter=default',
        '--reporter=json',
        '--outputFile=test-results/vitest-resilience.json',
      ],
      { report: 'test-results/vitest-resilience.json' },
    )
  } else {
    process.stdout.write(
      '\n(no PostgreSQL server binaries: the load-and-faults pass is skipped; .ci/run installs them)\n',
    )
  }
}

function postgresBinaries() {
  const root = '/usr/lib/postgresql'
  return existsSync(root) && readdirSync(root).some((v) => existsSync(`${root}/${v}/bin/pg_ctl`))
}

let passed = 0
let failed = 0
let skipped = 0
process.stdout.write('\nSummary\n')
for (const r of results) {
  const c = r.counts
  if (c) {
    passed += c.passed
    failed += c.failed
    skipped += c.skipped
  } else if (!r.ok) failed += 1
  const detail = c
    ? `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`
    : r.ok
      ? 'ok'
      : 'FAILED'
  process.stdout.write(`  ${r.ok ? '✓' : '✗'} ${r.name.padEnd(40)} ${detail.padEnd(36)} ${r.seconds.toFixed(1)} s\n`)
}
const allOk = results.every((r) => r.ok)
if (!allOk && failed === 0) failed = 1
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
process.exit(allOk ? 0 : 1)
