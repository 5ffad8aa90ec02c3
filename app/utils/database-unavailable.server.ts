import { renewDatabasePool } from '#db/client.server.ts'
import { errorFields, log } from './logger.server'

/** What a 503 tells the browser (and a load balancer) to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5

// Node's socket errors for a server that is down, restarting or out of reach.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
])
// postgres.js: the connection closed under a query, the pool was ended, or connecting took too long.
const DRIVER_CODES = new Set(['CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT'])
// PostgreSQL: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// shutting down), 53300 too_many_connections; class 08 is "connection exception".
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300'])

/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bad query or a
 * constraint): the server is down, restarting, refusing connections, or the connection broke. Drizzle
 * wraps the driver's error, so the causes are followed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string') {
      if (SOCKET_CODES.has(code) || DRIVER_CODES.has(code) || SERVER_CODES.has(code)) return true
      if (/^08[0-9A-Z]{3}$/.test(code)) return true
    }
    current = current.cause
  }
  return false
}

/**
 * The answer while the database is unreachable: 503 with Retry-After, never cached. Thrown from a
 * loader or action, React Router renders the error boundary with status 503 (a translated "try again
 * shortly" page); a resource route (the HSDS API, exports) returns it as is.
 */
export function databaseUnavailableResponse() {
  return new Response(JSON.stringify({ error: 'database_unavailable' }), {
    status: 503,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Retry-After': String(RETRY_AFTER_SECONDS),
      'Cache-Control': 'no-store',
    },
  })
}

/**
 * The 503 for an error that means the database is unreachable (logged, and the pool renewed: connections
 * that saw the outage may stay broken, a driver bug), or null for any other error.
 */
export function databaseOutageAnswer(error: unknown): Response | null {
  if (!isDatabaseUnavailable(error)) return null
  log('warn', 'database unavailable', errorFields(error))
  renewDatabasePool()
  return databaseUnavailableResponse()
}
