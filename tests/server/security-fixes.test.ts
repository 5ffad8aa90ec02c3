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

describe('a deactivated staff account', () => {
  it('stops working at once: its open session is sent to sign in, and it cannot sign in again', async () => {
    const staff = await postLogin('canbo2@hoanhap.example', DEMO_PASSWORD)
    const staffCookie = cookieFrom(staff, 'hn_session')!
    expect(
      (await fetch(`${server.url}/caseworker`, { headers: { Cookie: staffCookie }, redirect: 'manual' })).status,
    ).toBe(200)
    const coordinator = cookieFrom(await postLogin('dieuphoi@hoanhap.example', DEMO_PASSWORD), 'hn_session')!
    const list = await (
      await fetch(`${server.url}/coordinator/caseworkers`, { headers: { Cookie: coordinator } })
    ).text()
    const id =
      /href="\/coordinator\/caseworkers\/([0-9a-f-]{36})"[^>]*>[^<]*<\/a><div[^>]*>canbo2@hoanhap\.example/.exec(
        list,
      )?.[1]
    expect(id).toBeTruthy()
    const page = await (
      await fetch(`${server.url}/coordinator/caseworkers/${id}`, { headers: { Cookie: coordinator } })
    ).text()
    expect(page).toContain('Vô hiệu hóa tài khoản')

    const disable = await fetch(`${server.url}/coordinator/caseworkers/${id}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: coordinator, Origin: server.url },
      body: new URLSearchParams({ intent: 'staff-access', access: 'disabled' }),
    })
    expect([disable.status, disable.headers.get('location')]).toEqual([302, `/coordinator/caseworkers/${id}`])
    const toast = cookieFrom(disable, 'hn_toast')!
    const after = await (
      await fetch(`${server.url}/coordinator/caseworkers/${id}`, { headers: { Cookie: `${coordinator}; ${toast}` } })
    ).text()
    expect(after).toContain('không còn đăng nhập được')
    expect(after).toContain('Kích hoạt lại tài khoản')

    const stale = await fetch(`${server.url}/caseworker`, { headers: { Cookie: staffCookie }, redirect: 'manual' })
    expect(stale.status).toBe(302)
    expect(stale.headers.get('location')).toMatch(/^\/login/)
    const again = await postLogin('canbo2@hoanhap.example', DEMO_PASSWORD)
    expect(again.status).toBe(400)
    expect(cookieFrom(again, 'hn_session')).toBeUndefined()

    // The audit trail has the change, with the address it came from.
    const audit = await (
      await fetch(`${server.url}/coordinator/audit?action=staff.disabled`, { headers: { Cookie: coordinator } })
    ).text()
    const row = /<tr[^>]*data-testid="audit-row"[^>]*>([\s\S]*?)<\/tr>/.exec(audit)?.[1] ?? ''
    expect(row).toContain('staff.disabled')
    expect(row).toMatch(/(::ffff:)?127\.0\.0\.1/)
  })
})
