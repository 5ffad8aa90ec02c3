import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD, startServer, type RunningServer } from '../support/server'

// The fixes of the outside security probe (issue #20) that only show over HTTP: what the request log
// records, and what a browser is told. One server for the file (port 3241).
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 3241 })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

type LogLine = { level: string; msg: string; path?: string; status?: number; error?: string } & Record<string, unknown>

function logLines(): LogLine[] {
  return readFileSync(server.logFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine)
}

/** The log lines written while `work` ran (the server writes them as each response finishes). */
async function linesDuring(work: () => Promise<unknown>): Promise<LogLine[]> {
  const before = logLines().length
  await work()
  await new Promise((resolve) => setTimeout(resolve, 300))
  return logLines().slice(before)
}

describe('the request log', () => {
  it('hides one-time tokens whatever the case of the path, and on .data requests', async () => {
    const token = 'abcdefghijklmnopqrstuvwxyz234567'
    const paths = [
      `/RESET-PASSWORD/${token}`,
      `/Invitation/${token}`,
      `/verify-EMAIL/${token}`,
      `/reset-password/${token}.data`,
      `/invitation/${token}.data`,
      `/reset%2Dpassword/${token}`,
    ]
    const lines = await linesDuring(() =>
      Promise.all(paths.map((p) => fetch(`${server.url}${p}`, { redirect: 'manual' }).then((r) => r.text()))),
    )
    const requests = lines.filter((l) => l.msg === 'request')
    expect(requests).toHaveLength(paths.length)
    expect(JSON.stringify(lines)).not.toContain(token)
    expect(requests.map((l) => l.path).sort()).toEqual(
      [
        '/RESET-PASSWORD/[token]',
        '/Invitation/[token]',
        '/verify-EMAIL/[token]',
        '/reset-password/[token].data',
        '/invitation/[token].data',
        '/reset%2Dpassword/[token]',
      ].sort(),
    )
  })

  it('records a POST to a page without a form (405) as a refused request, not an unreadable error', async () => {
    const lines = await linesDuring(async () => {
      for (const path of ['/partners', '/partners.data']) {
        const res = await fetch(`${server.url}${path}`, {
          method: 'POST',
          headers: { Origin: server.url },
          body: new URLSearchParams({ a: '1' }),
        })
        expect(res.status).toBe(405)
        await res.text()
      }
    })
    expect(JSON.stringify(lines)).not.toContain('[object Object]')
    expect(lines.filter((l) => l.level === 'error')).toEqual([])
    const refused = lines.filter((l) => l.msg === 'request refused')
    expect(refused).toHaveLength(2)
    for (const line of refused) expect(line).toMatchObject({ level: 'info', method: 'POST', status: 405 })
  })
})

function cookieFrom(res: Response, name: string) {
  return res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${name}=`))
    ?.split(';')[0]
}

async function postLogin(email: string, password: string, cookie?: string) {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: server.url, ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams({ email, password }),
  })
  await res.text()
  return res
}

describe('sign-in lock-out', () => {
  it("an attacker's wrong passwords lock the account for other browsers, not for the owner's own", async () => {
    const email = 'canbo1@hoanhap.example'
    const first = await postLogin(email, DEMO_PASSWORD)
    expect(first.status).toBe(302)
    const device = cookieFrom(first, 'hn_device')
    expect(device).toMatch(/^hn_device=[a-z2-7]{26}\./)
    expect(first.headers.getSetCookie().find((c) => c.startsWith('hn_device='))).toMatch(/HttpOnly; SameSite=Lax/)

    for (let i = 0; i < 6; i++) expect([400, 429]).toContain((await postLogin(email, `Sai-mat-khau-${i}-x`)).status)
    // The right password from a browser the app does not know: still locked.
    expect((await postLogin(email, DEMO_PASSWORD)).status).toBe(429)
    // From the owner's browser: in.
    const owner = await postLogin(email, DEMO_PASSWORD, device)
    expect(owner.status).toBe(302)
    expect(owner.headers.get('location')).toBe('/caseworker')
    expect(cookieFrom(owner, 'hn_session')).toBeTruthy()
  })
})
