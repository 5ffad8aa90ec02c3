import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostileString } from '../support/hostile'
import { signInAll, startServer, type RunningServer } from '../support/server'

// What the in-process fuzzing (tests/integration/fuzz-actions.test.ts) cannot reach: the HTTP server itself.
// Bodies over the size limit, bodies that are not forms, cross-site and origin-less writes, broken cookies and
// paths, all answered with a 4xx (or a redirect), never a 500; and the server stays healthy.

let server: RunningServer
let cookies: Record<'coordinator' | 'caseworker' | 'employer', string>

beforeAll(async () => {
  server = await startServer({ port: 3228 })
  cookies = await signInAll(server, {
    coordinator: 'dieuphoi@hoanhap.example',
    caseworker: 'canbo1@hoanhap.example',
    employer: 'tuyendung@hoanhap.example',
  })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

type Post = { path: string; body?: BodyInit; contentType?: string | null; headers?: Record<string, string> }

/** A POST as a browser on this site sends it (same-origin), unless the headers say otherwise. */
async function post({ path, body, contentType = 'application/x-www-form-urlencoded', headers = {} }: Post) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Origin: server.url,
      'Sec-Fetch-Site': 'same-origin',
      ...(contentType ? { 'Content-Type': contentType } : {}),
      ...headers,
    },
    body,
    ...({ duplex: 'half' } as object),
  })
  return { status: res.status, text: await res.text() }
}

const BAD_REQUEST_PAGE = 'Yêu cầu không hợp lệ'

/** Every request the server logged: none may have been answered with a 5xx. */
function loggedStatuses(): number[] {
  return readFileSync(server.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { msg?: string; status?: number })
    .filter((entry) => entry.msg === 'request' && typeof entry.status === 'number')
    .map((entry) => entry.status!)
}

describe('bodies that are not what a form sends', () => {
  it('over the size limit: 413, whether the length is declared or the body streams in', async () => {
    const big = `intent=profile&name=${'x'.repeat(2 * 1024 * 1024)}`
    const declared = await post({ path: '/account', body: big, headers: { Cookie: cookies.coordinator } })
    expect(declared.status).toBe(413)
    expect(declared.text).toContain(BAD_REQUEST_PAGE)
    let chunks = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        chunks += 1
        if (chunks > 64) return controller.close()
        controller.enqueue(new TextEncoder().encode(chunks === 1 ? 'intent=profile&name=' : 'y'.repeat(64 * 1024)))
      },
    })
    const streamed = await post({ path: '/account', body: stream, headers: { Cookie: cookies.coordinator } })
    expect(streamed.status).toBe(413)
  })

  it('a refusal sent before a large body is read leaves the keep-alive connection usable', async () => {
    // Before server.ts discarded the unread rest, the next request on the same connection was reset.
    const large = `intent=profile&name=${'x'.repeat(1_500_000)}`
    const refusals: [Post, number][] = [
      [{ path: '/coordinator/skills', body: large, headers: { Cookie: cookies.employer } }, 403],
      [{ path: '/account', body: large, contentType: 'text/plain', headers: { Cookie: cookies.employer } }, 415],
      [{ path: '/account', body: `${large}${'y'.repeat(1_000_000)}`, headers: { Cookie: cookies.employer } }, 413],
    ]
    for (const [request, status] of refusals) {
      expect((await post(request)).status).toBe(status)
      const next = await post({ path: '/account', body: 'intent=nothing', headers: { Cookie: cookies.employer } })
      expect(next.status).toBe(400)
    }
  })

  it('another content type, none, or a malformed multipart body: 415 or 400, the page in Vietnamese', async () => {
    const cases: [string | null, BodyInit, number][] = [
      ['application/json', '{"intent":"profile","name":"Nguyễn"}', 415],
      ['text/plain', 'intent=profile', 415],
      [null, 'intent=profile', 415],
      [
        'multipart/form-data; boundary=----x',
        '------x\r\nContent-Disposition: form-data; name="intent"\r\n\r\npro',
        400,
      ],
      ['multipart/form-data', 'intent=profile', 400],
      ['application/x-www-form-urlencoded', 'intent=profile&name=a%00b&locale=vi', 400],
    ]
    for (const [contentType, body, status] of cases) {
      const res = await post({ path: '/account', body, contentType, headers: { Cookie: cookies.coordinator } })
      expect(res.status, String(contentType)).toBe(status)
      expect(res.text, String(contentType)).toContain(BAD_REQUEST_PAGE)
    }
  })

  it("a form error is a message of the locale files, never zod's English", async () => {
    const res = await post({
      path: '/coordinator/skills',
      body: 'nameVi=Hàn&nameVi=Hàn&nameEn=x&groupCode=nope&active=yes',
      headers: { Cookie: cookies.coordinator },
    })
    expect(res.status).toBe(400)
    expect(res.text).toContain('Vui lòng chọn một mục.')
    expect(res.text).not.toMatch(/Invalid input|expected string|Too (big|small)/)
  })
})

describe('where a write comes from', () => {
  it('a foreign or opaque Origin, or a cross-site fetch: 403 before the app', async () => {
    for (const headers of <Record<string, string>[]>[
      { Origin: 'https://evil.example' },
      { Origin: 'null' },
      { Origin: `${server.url}.evil.example` },
      { 'Sec-Fetch-Site': 'cross-site', Origin: server.url },
      { 'Sec-Fetch-Site': 'same-site', Origin: server.url },
    ]) {
      const res = await post({
        path: '/account',
        body: 'intent=revoke-others',
        headers: { ...headers, Cookie: cookies.coordinator },
      })
      expect(res.status, JSON.stringify(headers)).toBe(403)
    }
  })

  it('no Origin and no Sec-Fetch-Site (not a browser): handled like any request, refused when invalid', async () => {
    const res = await fetch(`${server.url}/coordinator/targets`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookies.coordinator, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'year=9999&wardCode=99999&placed_in_work=-1',
    })
    expect(res.status).toBe(400)
  })
})

describe('cookies and paths', () => {
  it('a session cookie that is not one: the sign-in page, never an error', async () => {
    for (const value of ['garbage', '%E0%A4%A', '%', 'a'.repeat(4000), '"quoted"', '', 'hn_session=x']) {
      const get = await fetch(`${server.url}/coordinator`, {
        redirect: 'manual',
        headers: { Cookie: `hn_session=${value}` },
      })
      expect(get.status, value.slice(0, 20)).toBe(302)
      expect(get.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
      const write = await post({
        path: '/account',
        body: 'intent=revoke-others',
        headers: { Cookie: `hn_session=${value}; hn_toast=${value}; lng=${value}` },
      })
      expect(write.status, value.slice(0, 20)).toBe(302)
    }
    // Headers larger than Node accepts: refused by the HTTP parser itself.
    const huge = await fetch(`${server.url}/`, { headers: { Cookie: `x=${'y'.repeat(20_000)}` } })
    expect(huge.status).toBe(431)
  })

  it('hostile paths: a page, a 404 or a 400, never an error', async () => {
    for (const path of [
      '/coordinator/candidates/not-a-uuid',
      '/caseworker/matches/%27%20OR%201%3D1',
      '/partner/listings/%E0%A4%A',
      '/opportunities/%00',
      '/..%2f..%2fetc%2fpasswd',
      '/invitation/%ZZ',
      '/reset-password/' + 'a'.repeat(3000),
      '/api/hsds/services/%F0%9F%98%80',
    ]) {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookies.coordinator } })
      expect(res.status, path).toBeLessThan(500)
    }
  })
})

describe('random hostile requests over HTTP', () => {
  const paths = ['/account', '/coordinator/skills', '/coordinator/targets', '/caseworker', '/partner/team', '/language']
  it('never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...paths),
        fc.constantFrom(...(['coordinator', 'caseworker', 'employer'] as const)),
        fc.array(
          fc.tuple(fc.constantFrom('intent', 'name', 'locale', 'wardCode', 'year', 'userId', 'x'), hostileString),
          {
            maxLength: 6,
          },
        ),
        fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain', 'application/xml'),
        async (path, who, fields, contentType) => {
          const isMultipart = contentType === 'multipart/form-data'
          const form = new FormData()
          for (const [k, v] of fields) form.append(k, v)
          const res = await post({
            path,
            // The multipart body gets its boundary from fetch; the others are url-encoded text.
            body: isMultipart ? form : new URLSearchParams(fields).toString(),
            contentType: isMultipart ? null : contentType,
            headers: { Cookie: cookies[who] },
          })
          expect(res.status).toBeLessThan(500)
        },
      ),
      { numRuns: 40, endOnFailure: true },
    )
  })
})

describe('afterwards', () => {
  it('the server is healthy, and logged no 5xx for any of it', async () => {
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    const statuses = loggedStatuses()
    expect(statuses.length).toBeGreaterThan(50)
    expect(statuses.filter((s) => s >= 500)).toEqual([])
    expect(readFileSync(server.logFile, 'utf8')).not.toContain('"unhandled"')
  })
})
