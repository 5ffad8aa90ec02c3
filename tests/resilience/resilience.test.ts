/**
 * Load and faults (`npm run test:resilience`): the production build on a PostgreSQL server of its own,
 * under a mixed workload of every role, while the database restarts, the email provider fails, and
 * the process is told to stop. Loopback only; every loop is bounded in time. The figures go to
 * bench/results/resilience-latest.json (scripts/resilience.mjs prints them).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import viText from '../../app/locales/vi/common.json'
import { startPostgresCluster, type PostgresCluster } from '../support/postgres-cluster'
import { startResendStandIn, type ResendStandIn } from '../support/resend-stand-in'
import { startServer, type RunningServer } from '../support/server'
import { figures, figuresBy, sleep, startLoad, type Sample, type VirtualUser } from './load'
import { buildWorkload, type WriteLedger } from './workload'

const APP_PORT = Number(process.env.RESILIENCE_APP_PORT ?? 3292)
const RESEND_PORT = Number(process.env.RESILIENCE_RESEND_PORT ?? 3294)
const PG_PORT = Number(process.env.RESILIENCE_PG_PORT ?? 54341)
const LOAD_SECONDS = Number(process.env.RESILIENCE_LOAD_SECONDS ?? 60)
const CLUSTER_SECONDS = 10
const REPORT_FILE = 'bench/results/resilience-latest.json'

// The bounds the issue sets.
const FAIL_FAST_MS = 2_000 // a 503 while the database is down comes back well under a few seconds
const RECOVERY_MS = 10_000 // the app serves again within 10 s of the database coming back
const EXIT_MS = 15_000 // SIGTERM to exit

const UNAVAILABLE_TEXT = viText.errorPage.unavailable.title
const RUN_TAG = `resilience-${Date.now().toString(36)}`

let pg: PostgresCluster
let standIn: ResendStandIn
let server: RunningServer
let users: VirtualUser[]
let cookies: Record<string, string>
const ledger: WriteLedger = { acknowledged: new Set(), attempted: 0 }
const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  // The load average says how busy the (shared) machine was: the latencies are lower bounds of nothing.
  machine: { cpus: os.cpus().length, node: process.version, loadAverageAtStart: loadAverage() },
}

beforeAll(async () => {
  if (!existsSync('build/server.js')) throw new Error('No production build: run `npm run build` first')
  const started = performance.now()
  pg = await startPostgresCluster({ port: PG_PORT })
  standIn = await startResendStandIn({ port: RESEND_PORT })
  server = await startServer({ port: APP_PORT, env: serverEnv() })
  const workload = await buildWorkload({ baseUrl: server.url, databaseUrl: pg.url, ledger, runTag: RUN_TAG })
  users = workload.users
  cookies = workload.cookies
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
  const [version] = await sql<{ server_version: string }[]>`show server_version`
  await sql.end()
  report.setup = {
    seconds: round((performance.now() - started) / 1000),
    postgres: version?.server_version,
    virtualUsers: users.length,
  }
})

/** The server's settings: this suite's PostgreSQL server and Resend stand-in. */
function serverEnv(extra: Record<string, string> = {}) {
  return {
    DATABASE_URL: pg.url,
    SESSION_SECRET: 'resilience-test-session-secret-0123456789',
    RESEND_API_KEY: standIn.apiKey,
    RESEND_BASE_URL: standIn.url,
    RESEND_TIMEOUT_MS: '1500',
    OUTBOX_INTERVAL_MS: '250',
    OUTBOX_RETRY_BASE_MS: '500',
    LOG_LEVEL: 'warn',
    ...extra,
  }
}

afterAll(async () => {
  if (server?.process.exitCode === null) await server.stop()
  await standIn?.close()
  await pg?.destroy()
  mkdirSync('bench/results', { recursive: true })
  report.machine = { ...(report.machine as object), loadAverageAtEnd: loadAverage() }
  writeFileSync(REPORT_FILE, JSON.stringify(report, null, 2) + '\n')
})

describe.sequential('load and faults', () => {
  it(`serves a mixed workload of every role for ${LOAD_SECONDS} s without a single 5xx`, async () => {
    const started = performance.now()
    const run = startLoad({
      baseUrl: server.url,
      users,
      unavailableText: UNAVAILABLE_TEXT,
      maxDurationMs: (LOAD_SECONDS + 30) * 1000,
    })
    await sleep(LOAD_SECONDS * 1000)
    await run.stop()
    const seconds = (performance.now() - started) / 1000
    const { samples } = run

    const missing = await missingNotes()
    report.load = {
      seconds: round(seconds),
      overall: figures(samples, seconds),
      byRole: figuresBy(samples, seconds, (s) => s.role),
      byStep: figuresBy(samples, seconds, (s) => s.name),
      writes: { attempted: ledger.attempted, acknowledged: ledger.acknowledged.size, missingAfter: missing.length },
    }

    expect(describeAll(samples.filter(isServerFailure))).toEqual([])
    expect(describeAll(samples.filter((s) => !s.expected))).toEqual([])
    expect(new Set(samples.map((s) => s.role))).toEqual(new Set(['caseworker', 'partner', 'coordinator', 'anonymous']))
    expect(ledger.acknowledged.size).toBeGreaterThan(0)
    expect(missing).toEqual([])
  })

  it('answers a quick, translated 503 while PostgreSQL restarts, recovers by itself, and loses no acknowledged write', async () => {
    const readiness = pollReadiness(server.url, 200)
    const run = startLoad({ baseUrl: server.url, users, unavailableText: UNAVAILABLE_TEXT, maxDurationMs: 90_000 })
    await sleep(6_000)
    const acknowledgedBeforeStop = ledger.acknowledged.size

    const stopping = performance.now()
    await pg.stop()
    const down = performance.now()
    let probes: Awaited<ReturnType<typeof probeWhileDown>>
    let starting = Infinity
    try {
      // What a person would see meanwhile: a page, a client-side navigation, the API, the health check.
      await sleep(500)
      probes = await probeWhileDown()
      await sleep(3_000)
    } finally {
      // The server accepts connections somewhere between `starting` and `up` (pg_ctl polls for it).
      starting = performance.now()
      await pg.start()
    }
    const up = performance.now()
    await sleep(RECOVERY_MS + 2_000)
    await run.stop()
    const seconds = (performance.now() - stopping) / 1000
    const checks = await readiness.stop()
    const { samples } = run

    // Everything that overlapped the outage, from the first "shutting down" to "accepting connections".
    const duringOutage = samples.filter((s) => s.end >= stopping && s.start <= up)
    const unavailable = samples.filter((s) => s.status === 503)
    const last503 = unavailable.reduce((latest, s) => Math.max(latest, s.start), -Infinity)
    // Measured from the start command, so the server's own start-up counts against the app (the strict way).
    const recoveryMs = Math.max(0, last503 - starting)
    const firstReady = checks.find((c) => c.at >= starting && c.status === 200)
    const settled = samples.filter((s) => s.start > up + RECOVERY_MS)
    const missing = await missingNotes()

    report.databaseRestart = {
      secondsOfLoad: round(seconds),
      stopTookMs: round(down - stopping),
      downForMs: round(starting - down),
      startTookMs: round(up - starting),
      duringOutage: figures(duringOutage, (up - stopping) / 1000),
      unavailable503: {
        count: unavailable.length,
        p50: figures(unavailable, 1).p50,
        p95: figures(unavailable, 1).p95,
        max: figures(unavailable, 1).max,
        allTranslated: unavailable.every((s) => s.friendly503),
        allWithRetryAfter: unavailable.every((s) => s.retryAfter === '5'),
      },
      probes,
      recoveredMsAfterStartCommand: round(recoveryMs),
      readyzMsAfterStartCommand: firstReady ? round(firstReady.at - starting) : null,
      readyzWhileDown: [
        ...new Set(checks.filter((c) => c.at > down + 200 && c.at < starting - 500).map((c) => c.status)),
      ].join(' '),
      afterRecovery: figures(settled, (performance.now() - up - RECOVERY_MS) / 1000),
      writes: {
        acknowledgedBeforeStop,
        acknowledgedInTotal: ledger.acknowledged.size,
        missingAfterRestart: missing.length,
      },
    }

    // Down means 503 — never a 500, a dropped connection or a hang — and quickly.
    expect(describeAll(samples.filter((s) => isServerFailure(s) && s.status !== 503))).toEqual([])
    expect(unavailable.length).toBeGreaterThan(0)
    expect(describeAll(unavailable.filter((s) => !s.friendly503 || s.retryAfter !== '5'))).toEqual([])
    expect(describeAll(unavailable.filter((s) => s.ms > FAIL_FAST_MS))).toEqual([])
    expect(probes.page).toMatchObject({ status: 503, retryAfter: '5', translated: true })
    expect(probes.data).toMatchObject({ status: 503, retryAfter: '5' })
    expect(probes.api).toMatchObject({ status: 503, retryAfter: '5' })
    expect(probes.readyz).toMatchObject({ status: 503 })
    for (const probe of Object.values(probes)) expect(probe.ms).toBeLessThan(FAIL_FAST_MS)
    // Back by itself (no restart of the app), and everything works afterwards.
    expect(recoveryMs).toBeLessThanOrEqual(RECOVERY_MS)
    expect(firstReady).toBeDefined()
    expect(report.databaseRestart).toMatchObject({ readyzWhileDown: '503' })
    expect(describeAll(settled.filter((s) => !s.expected))).toEqual([])
    // Nothing the app acknowledged before, during or after the restart is lost.
    expect(acknowledgedBeforeStop).toBeGreaterThan(0)
    expect(missing).toEqual([])
  })

  it('keeps the emails made while the provider fails (500, 429, hangs), shows them to coordinators, then delivers each exactly once', async () => {
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
    try {
      // This phase's emails, by recipient: the app may send others meanwhile (e.g. check-in reminders).
      const recipients = `${RUN_TAG}-%@example.com`
      standIn.reset()
      const started = performance.now()
      let invited = 0
      const invite = async () => {
        const n = ++invited
        const res = await post(server.url, '/partner/team', cookies.employer!, {
          intent: 'invite',
          name: `Người thử ${n}`,
          email: `${RUN_TAG}-${n}@example.com`,
        })
        expect(res.status).toBe(302)
      }

      standIn.setOutage(500)
      for (let i = 0; i < 4; i++) await invite()
      await sleep(3_000)
      const after500 = standIn.requests.length
      standIn.setRetryAfter(2)
      standIn.setOutage(429)
      for (let i = 0; i < 3; i++) await invite()
      await sleep(3_000)
      const after429 = standIn.requests.length
      // The first two answers are lost after the provider accepted (a timeout that did deliver); then it hangs.
      standIn.failNext('lose-response', 2)
      standIn.setOutage('hang')
      for (let i = 0; i < 3; i++) await invite()
      await sleep(6_000)
      const afterHang = standIn.requests.length

      // While it is down: coordinators see what waits; the app itself stays ready.
      const outboxPage = await getPage(server.url, '/coordinator/outbox', cookies.coordinator!)
      const waitingShown = Number(/(\d+) thư đang chờ gửi/.exec(outboxPage.text)?.[1] ?? 0)
      const dashboard = await getPage(server.url, '/coordinator', cookies.coordinator!)
      const readyWhileProviderDown = (await fetch(`${server.url}/readyz`)).status
      const ours = await sql<{ id: number; status: string }[]>`
        select id, status from email_outbox where to_address like ${recipients} order by id`

      const deliveredDuringOutage = standIn.deliveries.length
      const healthy = performance.now()
      standIn.setOutage(null)
      const deadline = Date.now() + 90_000
      let rows: { id: number; status: string; attempts: number; providerMessageId: string | null }[] = []
      for (;;) {
        rows = await sql`
          select id, status, attempts, provider_message_id as "providerMessageId"
          from email_outbox where to_address like ${recipients} order by id`
        if (rows.every((r) => r.status === 'sent') || Date.now() > deadline) break
        await sleep(250)
      }
      const allSentAt = performance.now()

      // Delivered = accepted by the provider. Like Resend, the stand-in accepts a repeated idempotency key
      // once; counting per recipient (one email each) would also catch a retry sent under a new key.
      const count = (values: string[]) => {
        const counts = new Map<string, number>()
        for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
        return counts
      }
      const ourRequests = standIn.requests.filter((r) =>
        String((r.body?.to as string[] | undefined)?.[0]).startsWith(RUN_TAG),
      )
      const ourDeliveries = standIn.deliveries.filter((d) => String((d.body.to as string[])[0]).startsWith(RUN_TAG))
      const deliveriesPerRecipient = count(ourDeliveries.map((d) => String((d.body.to as string[])[0])))
      const requestsPerKey = count(ourRequests.map((r) => String(r.idempotencyKey)))
      const recipientsMade = await sql<{ to: string }[]>`
        select to_address as "to" from email_outbox where to_address like ${recipients}`
      const duplicates = [...deliveriesPerRecipient].filter(([, n]) => n > 1)
      const missing = recipientsMade.map((r) => r.to).filter((to) => !deliveriesPerRecipient.has(to))
      const keyless = ourRequests.filter((r) => !r.idempotencyKey)
      const repeatedKeys = [...requestsPerKey.values()].filter((n) => n > 1).length

      report.emailOutage = {
        emailsMadeDuringOutage: ours.length,
        outageSeconds: round((healthy - started) / 1000),
        providerRequestsDuringOutage: {
          during500: after500,
          during429: after429 - after500,
          duringHang: afterHang - after429,
        },
        coordinatorSawWaiting: waitingShown,
        readyzWhileProviderDown: readyWhileProviderDown,
        deliveredSecondsAfterProviderBack: round((allSentAt - healthy) / 1000),
        deliveredDuringOutage,
        deliveries: ourDeliveries.length,
        providerRequests: ourRequests.length,
        maxAttemptsOfOneEmail: Math.max(...rows.map((r) => r.attempts)),
        emailsTriedMoreThanOnce: repeatedKeys,
        duplicates: duplicates.length,
        missing: missing.length,
      }

      expect(ours).toHaveLength(10)
      expect(ours.every((r) => r.status === 'pending' || r.status === 'sending')).toBe(true)
      // The stand-in saw each fault: the outbox kept trying (a hang did not block it) without delivering.
      expect(after500).toBeGreaterThan(0)
      expect(after429).toBeGreaterThan(after500)
      // Two lost answers, then at least one hang: each ends at the request timeout and the outbox goes on.
      expect(afterHang - after429).toBeGreaterThanOrEqual(3)
      expect(deliveredDuringOutage).toBe(2) // the two whose answers were lost
      // Coordinators see the stuck emails while the provider is down: count and oldest, no bodies.
      expect(outboxPage.status).toBe(200)
      expect(outboxPage.text).toContain('data-testid="outbox-health"')
      expect(waitingShown).toBeGreaterThanOrEqual(10)
      expect(outboxPage.text).toMatch(/Thư chờ lâu nhất được tạo lúc/)
      expect(outboxPage.text).not.toContain('/invitation/')
      expect(dashboard.text).toContain(viText.coordinator.emailsWaiting)
      expect(readyWhileProviderDown).toBe(200)
      // Afterwards: each one delivered exactly once — the answers lost after delivery included.
      expect(rows.map((r) => r.status)).toEqual(rows.map(() => 'sent'))
      expect(duplicates).toEqual([])
      expect(missing).toEqual([])
      expect(keyless).toEqual([])
      expect(repeatedKeys).toBeGreaterThan(0)
      for (const row of rows) {
        const delivery = standIn.deliveries.find((d) => d.idempotencyKey === `hoa-nhap-outbox-${row.id}`)
        expect(row.providerMessageId).toBe(delivery?.id)
      }
    } finally {
      await sql.end()
    }
  })

  it('finishes every accepted request and exits 0 when it gets SIGTERM under load', async () => {
    const { samples, signalled, exited, exitCode, acknowledgedBefore } = await loadThenStop(5_000)

    const refused = samples.filter((s) => s.error === 'ECONNREFUSED' && s.start >= signalled)
    const accepted = samples.filter((s) => !refused.includes(s))
    const inFlight = accepted.filter((s) => s.start < signalled && s.end > signalled)
    const afterSignal = accepted.filter((s) => s.start >= signalled)
    const missing = await missingNotes()

    report.sigterm = {
      exitCode,
      exitedMsAfterSignal: round(exited - signalled),
      accepted: figures(accepted, (exited - accepted[0]!.start) / 1000),
      inFlightAtSignal: inFlight.length,
      acceptedAfterSignal: afterSignal.length,
      refusedAfterClose: refused.length,
      writes: {
        acknowledgedBefore,
        acknowledgedInTotal: ledger.acknowledged.size,
        missing: missing.length,
      },
    }

    expect(exitCode).toBe(0)
    expect(exited - signalled).toBeLessThan(EXIT_MS)
    expect(describeAll(accepted.filter((s) => !s.expected))).toEqual([])
    expect(missing).toEqual([])
  })

  it('runs as two processes (WEB_CONCURRENCY=2): both serve the workload, no 5xx, and SIGTERM stops both cleanly', async () => {
    // The same port and database as before: the single server has stopped.
    server = await startServer({ port: APP_PORT, env: serverEnv({ WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' }) })
    // /readyz answers as soon as the first process listens; the cluster hands out connections, not requests,
    // so a load whose keep-alive connections open before the second listens would all go to the first.
    await waitForListening(server.logFile, 2)
    const { samples, signalled, exited, exitCode } = await loadThenStop(CLUSTER_SECONDS * 1000)
    const refused = samples.filter((s) => s.error === 'ECONNREFUSED' && s.start >= signalled)
    const accepted = samples.filter((s) => !refused.includes(s))
    // Which process answered each logged request (each line of a worker carries its pid).
    const byProcess = new Map<number, number>()
    for (const line of readFileSync(server.logFile, 'utf8').split('\n')) {
      if (!line.includes('"msg":"request"')) continue
      const { pid } = JSON.parse(line) as { pid?: number }
      if (pid) byProcess.set(pid, (byProcess.get(pid) ?? 0) + 1)
    }
    const missing = await missingNotes()
    report.twoProcesses = {
      exitCode,
      exitedMsAfterSignal: round(exited - signalled),
      accepted: figures(accepted, (signalled - accepted[0]!.start) / 1000),
      requestsByProcess: [...byProcess.values()],
      writes: { acknowledgedInTotal: ledger.acknowledged.size, missing: missing.length },
    }

    expect(byProcess.size).toBe(2)
    expect(Math.min(...byProcess.values())).toBeGreaterThan(0)
    expect(describeAll(accepted.filter(isServerFailure))).toEqual([])
    expect(describeAll(accepted.filter((s) => !s.expected))).toEqual([])
    expect(exitCode).toBe(0)
    expect(exited - signalled).toBeLessThan(EXIT_MS)
    expect(missing).toEqual([])
  })
})

// ---------------------------------------------------------------------------------------------------

/** 1, 5 and 15 minutes, as one string (the report has no arrays: it stays as Prettier writes JSON). */
function loadAverage() {
  return os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')
}

function round(n: number) {
  return Math.round(n * 10) / 10
}

function isServerFailure(s: Sample) {
  return s.status === null || s.status >= 500
}

/** Failed samples grouped as `step → status` with a count: short enough to read in an assertion diff. */
function describeAll(samples: Sample[]) {
  const counts = new Map<string, number>()
  for (const s of samples) {
    const key = `${s.name} → ${s.status ?? s.error}`
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].map(([key, n]) => `${key} ×${n}`)
}

/** The notes the app acknowledged that the database does not have. */
async function missingNotes() {
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
  try {
    const stored = new Set(
      (await sql<{ body: string }[]>`select body from case_notes where body like ${`${RUN_TAG} note %`}`).map(
        (r) => r.body,
      ),
    )
    return [...ledger.acknowledged].filter((text) => !stored.has(text))
  } finally {
    await sql.end()
  }
}

type ReadinessCheck = { at: number; status: number | 'refused' | 'error' }

/** Asks /readyz every `everyMs` until stopped; `onCheck` sees each answer. */
function pollReadiness(baseUrl: string, everyMs: number, onCheck?: (check: ReadinessCheck) => void) {
  const checks: ReadinessCheck[] = []
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const at = performance.now()
      let status: ReadinessCheck['status']
      try {
        status = (await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(3_000) })).status
      } catch (error) {
        status = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED' ? 'refused' : 'error'
      }
      const check = { at, status }
      checks.push(check)
      onCheck?.(check)
      await sleep(everyMs)
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return checks
    },
  }
}

async function getPage(baseUrl: string, path: string, cookie?: string) {
  const started = performance.now()
  const res = await fetch(`${baseUrl}${path}`, {
    headers: cookie ? { Cookie: cookie } : {},
    redirect: 'manual',
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text, ms: performance.now() - started }
}

async function post(baseUrl: string, path: string, cookie: string, form: Record<string, string>) {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, Origin: baseUrl },
    body: new URLSearchParams(form),
    signal: AbortSignal.timeout(10_000),
  })
}

/** One request of each kind while the database is down: how it answers and how fast. */
async function probeWhileDown() {
  const summary = async (path: string, cookie?: string) => {
    const page = await getPage(server.url, path, cookie)
    return {
      status: page.status,
      retryAfter: page.retryAfter,
      translated: page.text.includes(UNAVAILABLE_TEXT),
      ms: round(page.ms),
    }
  }
  return {
    page: await summary('/caseworker/candidates', cookies.caseworker1),
    data: await summary('/coordinator.data', cookies.coordinator),
    api: await summary('/api/hsds/services'),
    readyz: await summary('/readyz'),
  }
}

/** Waits until `count` server processes have logged that they listen (each line carries its pid). */
async function waitForListening(logFile: string, count: number) {
  const deadline = performance.now() + 30_000
  for (;;) {
    const pids = new Set(
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((line) => line.includes('"msg":"listening"'))
        .map((line) => (JSON.parse(line) as { pid?: number }).pid),
    )
    if (pids.size >= count) return
    if (performance.now() > deadline) throw new Error(`${pids.size} of ${count} server processes listening after 30 s`)
    await sleep(100)
  }
}

/**
 * The mixed workload for `ms`, then SIGTERM to the server; resolves once it has exited. Like a load balancer,
 * the users stop sending once /readyz says "draining" (or nothing listens any more); a connection refused was
 * never accepted (the server had stopped listening), so that user stops. Also says how many
 * writes had been acknowledged by then.
 */
async function loadThenStop(ms: number) {
  let signalled = Infinity
  const run = startLoad({
    baseUrl: server.url,
    users,
    unavailableText: UNAVAILABLE_TEXT,
    maxDurationMs: 60_000,
    shouldStop: (s) => s.error === 'ECONNREFUSED',
  })
  const readiness = pollReadiness(server.url, 100, (check) => {
    if (check.at > signalled && check.status !== 200) void run.stop()
  })
  await sleep(ms)
  const acknowledgedBefore = ledger.acknowledged.size
  signalled = performance.now()
  const exitCode = await server.stop()
  const exited = performance.now()
  await run.stop()
  await readiness.stop()
  return { samples: run.samples, signalled, exited, exitCode, acknowledgedBefore }
}
