import type { ServerBuild } from 'react-router'
import { DrizzleQueryError } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { createServer } from 'node:net'
import postgres from 'postgres'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { isDriverWriteAfterClose, reconnectDelaySeconds, renewDatabasePool } from '#db/client.server.ts'
import { parseRetryAfter } from '#app/modules/email/transport.server.ts'
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '#app/utils/database-unavailable.server.ts'
import { withErrorAnswers } from '#app/utils/error-answers.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { errorFields } from '#app/utils/logger.server.ts'

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code })

beforeEach(() => {
  vi.stubEnv('LOG_LEVEL', 'silent')
})
afterEach(() => {
  vi.unstubAllEnvs()
})

describe('isDatabaseUnavailable', () => {
  it.each([
    'ECONNREFUSED',
    'ECONNRESET',
    'CONNECTION_CLOSED',
    'CONNECTION_ENDED',
    'CONNECTION_DESTROYED',
    'CONNECT_TIMEOUT',
    '57P01', // admin_shutdown: the server is stopping
    '57P03', // cannot_connect_now: starting up
    '53300', // too_many_connections
    '08006', // connection_failure
  ])('%s means the database is unreachable, also when Drizzle wraps it', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true)
    expect(isDatabaseUnavailable(new DrizzleQueryError('select 1', [], withCode(code)))).toBe(true)
  })

  it.each(['23505', '42P01', '40001', 'ERR_INVALID_ARG_TYPE'])('%s is a fault of the query, not an outage', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false)
  })

  it('is false for anything that is not an error with a code', () => {
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false)
    expect(isDatabaseUnavailable(new Response(null, { status: 404 }))).toBe(false)
    expect(isDatabaseUnavailable(undefined)).toBe(false)
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED' })).toBe(false)
  })

  it('recognises what postgres.js and Drizzle really throw when nothing listens on the port', async () => {
    // A loopback port that was just free: connecting is refused at once.
    const probe = createServer()
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
    const { port } = probe.address() as { port: number }
    await new Promise((resolve) => probe.close(resolve))
    const client = postgres(`postgres://nobody@127.0.0.1:${port}/none`, { max: 1, connect_timeout: 2 })
    const error = await drizzle(client)
      .execute('select 1')
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    await client.end({ timeout: 1 })
    expect(isDatabaseUnavailable(error)).toBe(true)
    // The log line names the driver's code, not Drizzle's "Failed query" wrapper.
    expect(errorFields(error)).toMatchObject({ code: 'ECONNREFUSED' })
  })
})

describe('withErrorAnswers', () => {
  const outage = () => {
    throw new DrizzleQueryError('select …', [], withCode('ECONNREFUSED'))
  }
  const bug = () => {
    throw new TypeError('not a function')
  }
  const refused = () => {
    throw new AppError('forbidden')
  }
  const missing = async () => {
    await Promise.resolve()
    throw new AppError('not_found')
  }
  const build = {
    routes: {
      root: { id: 'root', path: '', module: { loader: outage, default: () => null } },
      'routes/page': { id: 'routes/page', path: 'page', module: { loader: () => ({ ok: true }), action: bug } },
      'routes/static': { id: 'routes/static', path: 'static', module: { default: () => null } },
      'routes/domain': { id: 'routes/domain', path: 'domain', module: { loader: missing, action: refused } },
    },
  } as unknown as ServerBuild
  const wrapped = withErrorAnswers(build)
  const args = {} as never

  it('turns an outage into a 503 with Retry-After that React Router renders as the error page', async () => {
    const thrown = await Promise.resolve(wrapped.routes.root!.module.loader!(args)).catch((e: unknown) => e)
    expect(thrown).toBeInstanceOf(Response)
    const response = thrown as Response
    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBe(String(RETRY_AFTER_SECONDS))
    expect(response.headers.get('Cache-Control')).toBe('no-store')
    expect(await response.json()).toEqual({ error: 'database_unavailable' })
  })

  it("answers the domain's expected failures with their status (the error page for 403, 404…)", async () => {
    for (const [handler, status, code] of [
      [wrapped.routes['routes/domain']!.module.loader!, 404, 'not_found'],
      [wrapped.routes['routes/domain']!.module.action!, 403, 'forbidden'],
    ] as const) {
      const answer = await Promise.resolve(handler(args)).catch((e: unknown) => e)
      expect(answer).toBeInstanceOf(Response)
      expect((answer as Response).status).toBe(status)
      expect(await (answer as Response).text()).toBe(code)
    }
  })

  it('leaves results, other errors and routes without handlers alone', async () => {
    expect(await wrapped.routes['routes/page']!.module.loader!(args)).toEqual({ ok: true })
    await expect(Promise.resolve(wrapped.routes['routes/page']!.module.action!(args))).rejects.toThrow(TypeError)
    expect(wrapped.routes['routes/static']!.module.loader).toBeUndefined()
    expect(wrapped.routes['routes/static']!.module.default).toBe(build.routes['routes/static']!.module.default)
    // The original build is not modified.
    expect(build.routes.root!.module.loader).toBe(outage)
  })
})

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, caps at an hour, and ignores what it cannot read', () => {
    const now = Date.parse('2026-11-26T10:00:00Z')
    expect(parseRetryAfter('2', now)).toBe(2000)
    expect(parseRetryAfter(' 0 ', now)).toBe(0)
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('86400', now)).toBe(3_600_000)
    expect(parseRetryAfter('soon', now)).toBeNull()
    expect(parseRetryAfter(undefined, now)).toBeNull()
  })
})

describe('reconnectDelaySeconds', () => {
  it('never makes a query wait more than a quarter of a second for a connection attempt, however many failed', () => {
    for (let retries = 0; retries <= 50; retries++) {
      expect(reconnectDelaySeconds(retries)).toBeGreaterThan(0)
      expect(reconnectDelaySeconds(retries)).toBeLessThanOrEqual(0.25)
    }
  })
})

describe('isDriverWriteAfterClose', () => {
  const fault = (stackFile: string) => {
    const error = new TypeError("Cannot read properties of null (reading 'write')")
    error.stack = `TypeError: ${error.message}\n    at Immediate.nextWrite (file:///app/${stackFile}:255:22)`
    return error
  }

  it("recognises postgres.js's write to a closed socket, and nothing else", () => {
    expect(isDriverWriteAfterClose(fault('node_modules/postgres/src/connection.js'))).toBe(true)
    expect(isDriverWriteAfterClose(fault('app/modules/anything.ts'))).toBe(false)
    expect(isDriverWriteAfterClose(new TypeError("Cannot read properties of null (reading 'name')"))).toBe(false)
    expect(isDriverWriteAfterClose(new Error("Cannot read properties of null (reading 'write')"))).toBe(false)
  })

  it('renewing the pool does nothing when no Postgres pool is open', () => {
    expect(renewDatabasePool({ force: true })).toBe(false)
  })
})
