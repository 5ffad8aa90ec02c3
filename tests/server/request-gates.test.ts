import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'

// Findings of an outside probe: the sign-in limit missed the `.data` paths (22 posts to /login.data, no 429), and
// any Host reached the demo's mailbox and passed the same-site check (DNS rebinding).
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 3231 })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

/** A raw HTTP request, so the Host header is the test's to choose. */
function send(options: { path: string; method?: string; host?: string; body?: string; origin?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const host = options.host ?? `localhost:${server.port}`
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path: options.path,
        method: options.method ?? 'GET',
        headers: {
          Host: host,
          ...(options.body !== undefined
            ? {
                'Content-Type': 'application/x-www-form-urlencoded',
                'Content-Length': Buffer.byteLength(options.body),
                Origin: options.origin ?? `http://${host}`,
                'Sec-Fetch-Site': 'same-origin',
              }
            : {}),
        },
      },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
      },
    )
    req.on('error', reject)
    req.end(options.body)
  })
}

// A different unknown account each time, so the database's per-account throttle stays out of the count.
let tries = 0
const wrong = () =>
  new URLSearchParams({ email: `khong-co-${(tries += 1)}@hoanhap.example`, password: 'sai-mat-khau-123' }).toString()

describe('only our own host names', () => {
  it('refuses another Host on pages, the mailbox and forms (421), not on health checks', async () => {
    const evil = `attacker.example:${server.port}`
    expect((await send({ path: '/dev/outbox', host: evil })).status).toBe(421)
    expect((await send({ path: '/', host: evil })).status).toBe(421)
    expect((await send({ path: '/login', method: 'POST', host: evil, body: wrong() })).status).toBe(421)
    expect((await send({ path: '/healthz', host: evil })).status).toBe(200)
    // The names of this machine still work.
    expect((await send({ path: '/' })).status).toBe(200)
    expect((await send({ path: '/', host: `127.0.0.1:${server.port}` })).status).toBe(200)
  })
})

describe('the sign-in limit, whatever the spelling of the path', () => {
  it('counts /login.data, /LOGIN/ and /l%6Fgin with /login, and answers 429 once the 20 are spent', async () => {
    const statuses: number[] = []
    for (const path of Array.from({ length: 22 }, (_, i) => ['/login.data', '/LOGIN/', '/l%6Fgin'][i % 3]!)) {
      statuses.push((await send({ path, method: 'POST', body: wrong() })).status)
    }
    expect(statuses.slice(0, 20).filter((s) => s === 429)).toEqual([])
    expect(statuses.slice(20)).toEqual([429, 429])
    // The same bucket as the page's own path, and the other forms'.
    expect((await send({ path: '/login', method: 'POST', body: wrong() })).status).toBe(429)
    expect((await send({ path: '/join.data', method: 'POST', body: wrong() })).status).toBe(429)
  })
})

describe('the sign-in redirect', () => {
  it('comes back to the page asked for without the search terms typed about a person', async () => {
    const res = await fetch(`${server.url}/caseworker/candidates?q=Nguy%E1%BB%85n+V%C4%83n+An&wardCode=00070`, {
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe(
      `/login?redirectTo=${encodeURIComponent('/caseworker/candidates?wardCode=00070')}`,
    )
  })
})
