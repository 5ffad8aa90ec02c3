// npm run bench — load on the production build, from a separate process (autocannon), loopback only.
// Starts the built server on a fresh embedded database (or DATABASE_URL), measures a few pages for a
// fixed time each, and writes bench/results/http-latest.json. Figures from a 2-core machine that also
// runs the load generator are lower bounds.
import autocannon from 'autocannon'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const PORT = Number(process.env.BENCH_PORT ?? 3290)
const DURATION = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10)
const base = `http://127.0.0.1:${PORT}`

if (!existsSync('build/server.js')) {
  console.error('Build first: npm run build')
  process.exit(1)
}
const dataDir = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-bench-'))
const server = spawn(process.execPath, ['build/server.js'], {
  env: {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dataDir, 'pglite'),
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
})

async function waitReady() {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('server not ready')
}

async function signIn(email) {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: base },
    body: new URLSearchParams({ email, password: 'HoaNhap-demo-2026' }),
  })
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith('hn_session='))
    ?.split(';')[0]
}

function load(title, url, headers = {}) {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers }, (err, r) => {
      if (err) return reject(err)
      resolve({
        title,
        path: new URL(url).pathname,
        requestsPerSecond: Math.round(r.requests.average),
        // autocannon's histogram has no p95: p97.5 is reported as the (stricter) bound for p95 targets.
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99 },
        non2xx: r.non2xx,
        errors: r.errors,
      })
    })
  })
}

try {
  await waitReady()
  const coordinator = await signIn('dieuphoi@hoanhap.example')
  const results = []
  results.push(await load('trivial (health check)', `${base}/healthz`))
  results.push(await load('landing page', `${base}/`))
  results.push(await load('sign-in page', `${base}/login`))
  results.push(await load('coordinator dashboard (signed in)', `${base}/coordinator`, { Cookie: coordinator }))
  results.push(await load('coordinator dashboard, data only', `${base}/coordinator.data`, { Cookie: coordinator }))
  const trivial = results[0].requestsPerSecond
  for (const r of results) r.ratioToTrivial = Number((r.requestsPerSecond / trivial).toFixed(2))
  const report = {
    date: new Date().toISOString(),
    connections: CONNECTIONS,
    seconds: DURATION,
    database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    results,
  }
  writeFileSync('bench/results/http-latest.json', JSON.stringify(report, null, 2) + '\n')
  console.log(
    `\n${'page'.padEnd(38)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p97.5'.padStart(6)} ${'p99'.padStart(6)}  non-2xx  ratio`,
  )
  for (const r of results) {
    console.log(
      `${r.title.padEnd(38)} ${String(r.requestsPerSecond).padStart(7)} ${String(r.latencyMs.p50).padStart(6)} ${String(r.latencyMs.p97_5).padStart(6)} ${String(r.latencyMs.p99).padStart(6)}  ${String(r.non2xx).padStart(7)}  ${r.ratioToTrivial}`,
    )
  }
} finally {
  server.kill('SIGTERM')
}
