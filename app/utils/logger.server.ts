/**
 * Structured logs: one JSON object a line on stdout. Callers pass ids, codes and durations — never
 * request bodies, query strings, cookies, tokens, passwords or anything about a candidate.
 */
import { DrizzleQueryError } from 'drizzle-orm'
import cluster from 'node:cluster'

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const
type Level = Exclude<keyof typeof LEVELS, 'silent'>

// With several server processes (WEB_CONCURRENCY), each line says which one wrote it.
const processField = cluster.isWorker ? { pid: process.pid } : {}

function threshold() {
  const configured = process.env.LOG_LEVEL as keyof typeof LEVELS | undefined
  return LEVELS[configured ?? 'info'] ?? LEVELS.info
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}) {
  if (LEVELS[level] < threshold()) return
  // A caller's fields cannot overwrite the line's own time, level or message.
  const { time: _time, level: _level, msg: _msg, ...rest } = fields
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...processField, ...rest })
  if (level === 'error') process.stderr.write(line + '\n')
  else process.stdout.write(line + '\n')
}

/** An error as a log field: its name, message and code, not its stack's arguments or a query's parameters. */
export function errorFields(error: unknown) {
  if (error instanceof Error) {
    // A failed query's message repeats its SQL and parameters (which may be personal data): log the cause.
    const inner = error instanceof DrizzleQueryError && error.cause instanceof Error ? error.cause : error
    const code = (inner as { code?: unknown }).code
    const message = inner.message.split('\nparams:')[0]!.slice(0, 300)
    return { error: error.name, message, ...(code ? { code: String(code) } : {}) }
  }
  return { error: String(error).slice(0, 300) }
}

/** The pages whose last path segment is a one-time token (a sign-in credential while it lasts). */
const TOKEN_PAGES = new Set(['verify-email', 'reset-password', 'invitation'])

function decodeSegment(segment: string) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/**
 * A request path fit for the log: the one-time token after `/verify-email/`, `/reset-password/` or
 * `/invitation/` becomes `[token]`, whatever the case or percent-encoding of the page's name, and a
 * `.data` suffix (Remix's data requests) is kept so the line still says what was asked for.
 */
export function redactTokenPath(path: string): string {
  const segments = path.split('/')
  for (let i = 0; i < segments.length; i++) {
    const decoded = decodeSegment(segments[i]!).toLowerCase()
    // An encoded slash inside one segment (`invitation%2F<token>`) carries the token too.
    const slash = decoded.indexOf('/')
    if (slash > 0 && TOKEN_PAGES.has(decoded.slice(0, slash))) {
      segments[i] = `${decoded.slice(0, slash)}%2F[token]`
      continue
    }
    const next = segments[i + 1]
    if (!TOKEN_PAGES.has(decoded) || !next) continue
    segments[i + 1] = /\.data$/i.test(next) ? '[token].data' : '[token]'
    i += 1
  }
  return segments.join('/')
}
