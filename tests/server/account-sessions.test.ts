import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAll, startServer, type RunningServer } from '../support/server'

// "Sign out the other devices" on the account page, over HTTP against the production build with the demo data.
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 3229 })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

async function signIn(email: string) {
  const { cookie } = await signInAll(server, { cookie: email })
  return { cookie }
}

function cookieFrom(res: Response, name: string) {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
}

describe('signing out the other devices', () => {
  const email = 'canbo2@hoanhap.example'
  const revokeOthers = async (cookie: string) => {
    const res = await fetch(`${server.url}/account`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url },
      body: new URLSearchParams({ intent: 'revoke-others' }),
    })
    expect([res.status, res.headers.get('location')]).toEqual([302, '/account'])
    const toast = cookieFrom(res, 'hn_toast')!.split(';')[0]!
    return (await fetch(`${server.url}/account`, { headers: { Cookie: `${cookie}; ${toast}` } })).text()
  }
  const auditRows = async () => {
    const { cookie } = await signIn('dieuphoi@hoanhap.example')
    const page = await (
      await fetch(
        `${server.url}/coordinator/audit?action=auth.other_sessions_revoked&actor=${encodeURIComponent(email)}`,
        { headers: { Cookie: cookie } },
      )
    ).text()
    return (page.match(/data-testid="audit-row"/g) ?? []).length
  }

  it('says there was nothing to sign out, and records nothing, when no other device is signed in', async () => {
    const before = await auditRows()
    const { cookie } = await signIn(email)
    expect(await revokeOthers(cookie)).toContain('Không có thiết bị nào khác đang đăng nhập.')
    expect(await auditRows()).toBe(before)
  })

  it('signs the other devices out, keeps this one, and records it once', async () => {
    const { cookie: phone } = await signIn(email)
    const { cookie: laptop } = await signIn(email)
    const before = await auditRows()
    expect(await revokeOthers(laptop)).toContain('Đã đăng xuất tất cả thiết bị khác.')
    expect(await auditRows()).toBe(before + 1)
    const signedOut = await fetch(`${server.url}/account`, { redirect: 'manual', headers: { Cookie: phone } })
    expect(signedOut.status).toBe(302)
    expect(signedOut.headers.get('location')).toMatch(/^\/login/)
    expect((await fetch(`${server.url}/account`, { redirect: 'manual', headers: { Cookie: laptop } })).status).toBe(200)
  })
})
