import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, openSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

export type RunningServer = {
  url: string
  port: number
  dataDir: string
  logFile: string
  process: ChildProcess
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>
}

/**
 * Starts the production build (`build/server.js`) as its own process on a fresh embedded database,
 * with the demo data, and waits until /readyz answers. Tests talk to it over HTTP like a browser would.
 */
export async function startServer(options: { port: number; env?: Record<string, string> }): Promise<RunningServer> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-test-'))
  const logFile = path.join(dataDir, 'server.log')
  const out = openSync(logFile, 'a')
  const url = `http://localhost:${options.port}`
  const child = spawn(process.execPath, ['build/server.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, 'pglite'),
      DATABASE_URL: '',
      APP_URL: url,
      SEED_DEMO: 'true',
      OUTBOX_INTERVAL_MS: '200',
      RESEND_API_KEY: '',
      ...options.env,
    },
    stdio: ['ignore', out, out],
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early with ${child.exitCode}; see ${logFile}`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`server did not become ready; see ${logFile}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  return {
    url,
    port: options.port,
    dataDir,
    logFile,
    process: child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}

/** The demo accounts' password (db/seed.ts prints it at start-up). */
export const DEMO_PASSWORD = 'HoaNhap-demo-2026'

/** Signs each demo account in over HTTP and returns its session cookie (`name=value`), by the caller's key. */
export async function signInAll<K extends string>(
  server: Pick<RunningServer, 'url'>,
  emails: Record<K, string>,
): Promise<Record<K, string>> {
  const cookies = {} as Record<K, string>
  for (const [who, email] of Object.entries(emails) as [K, string][]) {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams({ email, password: DEMO_PASSWORD }),
    })
    // `__Host-hn_session` in production (NODE_ENV=production on a PostgreSQL server), `hn_session` otherwise.
    const cookie = res.headers.getSetCookie().find((c) => /^(__Host-)?hn_session=/.test(c))
    if (!cookie) throw new Error(`${email} could not sign in (status ${res.status})`)
    cookies[who] = cookie.split(';')[0]!
  }
  return cookies
}
