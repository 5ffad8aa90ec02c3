/**
 * The Express front of the app: security headers, cross-site request rejection, rate limits on the
 * sign-in forms, request logs, health checks, the outbox dispatcher and a graceful shutdown.
 */
import { createRequestHandler } from '@react-router/express'
import type { ServerBuild } from 'react-router'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import { randomBytes, randomUUID } from 'node:crypto'
import type { Server } from 'node:http'
import {
  checkDatabaseReady,
  closeDatabase,
  isDriverWriteAfterClose,
  openDatabase,
  renewDatabasePool,
} from './db/client.server'
import { seedDemoIfWanted } from './db/seed'
import { startOutboxDispatcher } from './app/modules/email/dispatcher.server'
import { startMaintenance } from './app/modules/maintenance/maintenance.server'
import { getEnv } from './app/utils/env.server'
import { errorFields, log, redactTokenPath } from './app/utils/logger.server'
import { createRateLimiter } from './app/utils/rate-limit.server'
import { withErrorAnswers } from './app/utils/error-answers.server'
import { requestScope } from './app/utils/request-scope.server'
import { allowedHosts, isAllowedHost, isSignInFormPath } from './app/utils/request-gates.server'
import cluster from 'node:cluster'
import { logPrimaryFailure, runPrimary } from './server-cluster'

const env = getEnv()
// Several server processes (WEB_CONCURRENCY): this one only starts and watches them (server-cluster.ts).
if (cluster.isPrimary && env.WEB_CONCURRENCY > 1) await runPrimary(env).catch(logPrimaryFailure)
const isDev = env.NODE_ENV === 'development'
let draining = false
const SHUTDOWN_TIMEOUT_MS = 10_000

const viteDevServer = isDev
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

await openDatabase(
  env.DATABASE_URL
    ? { driver: 'postgres', url: env.DATABASE_URL, poolMax: env.DATABASE_POOL_MAX }
    : { driver: 'pglite', dataDir: env.DATA_DIR },
)
// With several processes the first one seeded already (server-cluster.ts); each says whether it did.
const seeded = cluster.isWorker ? process.env.HN_WORKER_SEEDED === 'true' : await seedDemoIfWanted()
const dispatcher = startOutboxDispatcher({ intervalMs: env.OUTBOX_INTERVAL_MS })
const maintenance = startMaintenance()
if (env.isProduction && !env.RESEND_API_KEY) {
  log('warn', 'RESEND_API_KEY is not set: emails are stored in the outbox but not delivered')
}

const app = express()
app.disable('x-powered-by')
if (env.TRUST_PROXY === 'true') app.set('trust proxy', true)

// Work in flight, so a shutdown knows when the last request is done: each response until it closes, and each
// router handler until it settles (a client that hangs up does not stop an action that is still writing).
let inFlight = 0
let lastRequestDone: (() => void) | undefined
const workStarted = () => void (inFlight += 1)
const workEnded = () => {
  inFlight -= 1
  if (inFlight === 0) lastRequestDone?.()
}
app.use((_req, res, next) => {
  workStarted()
  res.once('close', workEnded)
  // While draining, every answer (health checks too) closes its connection after it.
  if (draining) res.setHeader('Connection', 'close')
  next()
})

// Health first: no logging, no headers work, answered even while draining (readyz says 503 then).
app.get('/healthz', (_req, res) => {
  res.set('Cache-Control', 'no-store').json({ status: 'ok' })
})
app.get('/readyz', async (_req, res) => {
  res.set('Cache-Control', 'no-store')
  if (draining) return void res.status(503).json({ status: 'draining' })
  const ready = await checkDatabaseReady()
  res.status(ready.ok ? 200 : 503).json(ready.ok ? { status: 'ready' } : { status: 'not_ready', reason: ready.reason })
})

// Only our own names: see allowedHosts. After the health checks, which a load balancer asks by address.
const hosts = allowedHosts(env.appUrl)
app.use((req, res, next) => {
  if (isAllowedHost(req.headers.host, hosts)) return next()
  log('info', 'unknown host refused', { method: req.method, status: 421 })
  // The body is not ours to read: let it drain, or the client may see its connection reset before the answer.
  req.resume()
  res.status(421).type('text/plain').send('Unknown host / Tên miền không đúng')
})

app.use((req, res, next) => {
  const started = process.hrtime.bigint()
  const requestId = randomUUID()
  const path = req.path
  res.locals.requestId = requestId
  res.locals.cspNonce = randomBytes(16).toString('base64')
  res.setHeader('X-Request-Id', requestId)
  res.on('finish', () => {
    // An answer sent before the body was read to its end (a 403 before the form is read, a 413) leaves the rest
    // of the body on the connection: discard it, as Node does for a body nobody touched, or the next request
    // on this keep-alive connection is reset.
    if (!req.complete) {
      req.removeAllListeners('data')
      req.resume()
    }
    // A write may have queued email in its (now committed) transaction: deliver it without waiting a tick.
    if (req.method !== 'GET' && req.method !== 'HEAD') dispatcher.kick()
    if (path.startsWith('/assets/')) return
    log(res.statusCode >= 500 ? 'error' : 'info', 'request', {
      requestId,
      method: req.method,
      // The path only: query strings can carry search terms about people.
      path: redactTokenPath(path),
      status: res.statusCode,
      ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
    })
  })
  next()
})

// The scope also carries the client's address, so audit events written for the request record it.
app.use((req, _res, next) => requestScope.run(new Map<string, unknown>([['clientIp', req.ip ?? null]]), next))
app.use(securityHeaders)
app.use(rejectCrossSiteWrites)
app.use(compression())

// Per process. The cluster hands out connections, not requests, so one client (or a proxy's pooled connection)
// keeps talking to one process: each allows the full 20. The per-account and per-address throttle in the
// database (login-throttle) holds across processes.
const authLimiter = createRateLimiter({ capacity: 20, refillPerMinute: 20 })
// Keyed on the form, whatever the path's spelling (`/login.data`, `/LOGIN/`, `/l%6Fgin` reach the same action).
app.use((req, res, next) => {
  if (req.method !== 'POST' || !isSignInFormPath(req.path)) return next()
  const wait = authLimiter.take(req.ip ?? 'unknown')
  if (wait === 0) return next()
  res.setHeader('Retry-After', String(wait))
  res.status(429).type('text/plain').send('Too many requests / Quá nhiều yêu cầu')
})

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  app.use('/assets', express.static('build/client/assets', { immutable: true, maxAge: '1y' }))
  app.use(express.static('build/client', { maxAge: '1h' }))
}

const handleWithRouter = createRequestHandler({
  // A database outage answers 503 (translated page, Retry-After) from every route instead of a 500.
  build: viteDevServer
    ? () =>
        (viteDevServer.ssrLoadModule('virtual:react-router/server-build') as Promise<ServerBuild>).then(
          withErrorAnswers,
        )
    : withErrorAnswers((await import(/* @vite-ignore */ `${process.cwd()}/build/server/index.js`)) as ServerBuild),
  getLoadContext: (req, res) => ({
    cspNonce: res.locals.cspNonce as string,
    requestId: res.locals.requestId as string,
    clientIp: req.ip ?? null,
  }),
})
app.all('*', (req, res, next) => {
  workStarted()
  void handleWithRouter(req, res, next).finally(workEnded)
})

app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
  // Express marks the client's own mistakes with a 4xx status (a path whose percent-escapes do not decode).
  const status = (error as { status?: unknown } | null)?.status
  if (typeof status === 'number' && status >= 400 && status < 500) {
    log('info', 'bad request', { requestId: res.locals.requestId, status, ...errorFields(error) })
    if (!res.headersSent) res.status(status).type('text/plain').send('Bad request / Yêu cầu không hợp lệ')
    return
  }
  log('error', 'unhandled', { requestId: res.locals.requestId, ...errorFields(error) })
  if (!res.headersSent) res.status(500).type('text/plain').send('Internal error / Lỗi hệ thống')
})

const server: Server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : env.PORT
  log('info', 'listening', { port, database: env.DATABASE_URL ? 'postgres' : 'pglite', production: env.isProduction })
  if (seeded && (cluster.isPrimary || cluster.worker?.id === 1)) printBanner(port)
})
server.keepAliveTimeout = 5_000

function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = res.locals.cspNonce as string
  const devSources = isDev ? ' ws: http://localhost:*' : ''
  const csp = [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self'${isDev ? " 'unsafe-inline'" : ''}`,
    `img-src 'self' data:`,
    `font-src 'self'`,
    `connect-src 'self'${devSources}`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
    `base-uri 'none'`,
    `object-src 'none'`,
  ].join('; ')
  res.setHeader('Content-Security-Policy', csp)
  res.setHeader('X-Content-Type-Options', 'nosniff')
  res.setHeader('X-Frame-Options', 'DENY')
  res.setHeader('Referrer-Policy', 'same-origin')
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
  res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()')
  if (env.isProduction) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
  // Nothing a signed-in page shows may be kept by a browser or a proxy; assets set their own caching.
  if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store')
  next()
}

/**
 * A write (any method but GET/HEAD/OPTIONS) must come from this site. Browsers say where a request
 * comes from in Sec-Fetch-Site and Origin; either one pointing elsewhere is refused. A request with
 * neither is not from a browser, so no one's cookies ride on it without their knowing.
 */
function rejectCrossSiteWrites(req: Request, res: Response, next: NextFunction) {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next()
  const site = req.get('sec-fetch-site')
  const origin = req.get('origin')
  const allowed = new Set([`${req.protocol}://${req.get('host')}`, new URL(env.appUrl).origin])
  const crossSite = (site && site !== 'same-origin' && site !== 'none') || (origin && !allowed.has(origin))
  if (!crossSite) return next()
  log('warn', 'cross-site write refused', { requestId: res.locals.requestId, method: req.method, path: req.path })
  res.status(403).type('text/plain').send('Cross-site request refused / Yêu cầu từ trang khác bị từ chối')
}

function printBanner(port: number) {
  const url = `http://localhost:${port}`
  process.stdout.write(
    [
      '',
      `  Hòa Nhập is running at ${url} (${env.DATABASE_URL ? 'PostgreSQL server' : `embedded database in ${env.DATA_DIR}`})`,
      '  Demo accounts (password: HoaNhap-demo-2026):',
      '    dieuphoi@hoanhap.example   coordinator / điều phối viên',
      '    canbo1@hoanhap.example     caseworker / cán bộ (Phường Hoàn Kiếm)',
      '    canbo2@hoanhap.example     caseworker / cán bộ (Phường Hà Đông)',
      '    tuyendung@hoanhap.example  employer / doanh nghiệp',
      '    daotao@hoanhap.example     training centre / cơ sở đào tạo',
      '    vayvon@hoanhap.example     lender / chương trình vay vốn',
      env.RESEND_API_KEY
        ? '  Emails are sent through Resend'
        : env.isProduction
          ? '  Emails are not sent without RESEND_API_KEY: they wait in the outbox (/coordinator/outbox)'
          : `  Emails are not sent without RESEND_API_KEY: read them at ${url}/dev/outbox`,
      '',
    ].join('\n') + '\n',
  )
}

let shuttingDown = false
async function shutdown(signal: string) {
  if (shuttingDown) return
  shuttingDown = true
  draining = true
  const started = Date.now()
  let step = 'grace period'
  log('info', 'shutting down', { signal })
  const force = setTimeout(() => {
    // Says what it was waiting for, so a stop that hangs can be understood from the log.
    log('error', 'shutdown timed out, exiting', { step, requestsInFlight: inFlight, ms: Date.now() - started })
    process.exit(1)
  }, SHUTDOWN_TIMEOUT_MS)
  force.unref()
  // First a short grace period: /readyz already says 503 so a load balancer stops sending, and requests
  // whose bytes are already on the wire (unread while the event loop was busy) are still taken in.
  // Responses now carry `Connection: close`. Then stop accepting and wait for the requests in flight.
  await new Promise((resolve) => setTimeout(resolve, env.SHUTDOWN_GRACE_MS))
  step = 'requests in flight'
  // What is left of the timeout once the grace period is over, less 2.5 s for the outbox, the maintenance and
  // the database to close (milliseconds, once no request is running), and at least a second. Under heavy load a
  // request accepted before the signal may not even have been read yet: it is worth waiting for.
  await finishRequests(Math.max(1_000, SHUTDOWN_TIMEOUT_MS - env.SHUTDOWN_GRACE_MS - 2_500))
  step = 'email outbox'
  await dispatcher.stop()
  step = 'maintenance'
  await maintenance.stop()
  await viteDevServer?.close()
  step = 'database'
  await closeDatabase().catch((error) => log('error', 'closing the database failed', errorFields(error)))
  log('info', 'stopped', { ms: Date.now() - started })
  process.exit(0)
}

/**
 * Stops accepting connections and resolves when every request taken in has been answered. Connections end
 * by themselves: the idle ones are closed now, and every answer from now on says `Connection: close`. Should
 * some connection still be open when `waitMs` is up (one whose answer began before the drain and that then sat
 * idle, say), it waits only for the work still in flight and then closes what is left: a connection with no
 * request on it carries nothing to lose, and waiting for it could outlast the shutdown timeout.
 */
async function finishRequests(waitMs: number) {
  const connectionsEnded = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeIdleConnections()
  let waited: ReturnType<typeof setTimeout> | undefined
  const requestsAnswered = new Promise<void>((resolve) => {
    waited = setTimeout(() => {
      if (inFlight === 0) return resolve()
      lastRequestDone = resolve
    }, waitMs)
  })
  await Promise.race([connectionsEnded, requestsAnswered])
  clearTimeout(waited)
  server.closeAllConnections()
}

// postgres.js 3.4.9 may throw from a timer when a connection dies mid-write (see renewDatabasePool): that
// one is survivable with a fresh pool. Anything else still ends the process, as Node would.
process.on('uncaughtException', (error) => {
  if (isDriverWriteAfterClose(error)) {
    log('error', 'database driver fault: renewing the connection pool', errorFields(error))
    renewDatabasePool({ force: true })
    return
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  process.exit(1)
})
process.on('SIGTERM', () => void shutdown('SIGTERM'))
process.on('SIGINT', () => void shutdown('SIGINT'))
