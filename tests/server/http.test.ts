import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'
import { joinForm } from '../support/join-form'

// The production build over real HTTP, as a browser (or an attacker's page) would talk to it.
let server: RunningServer
const DEMO_PASSWORD = 'HoaNhap-demo-2026'

beforeAll(async () => {
  server = await startServer({ port: 3221 })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

function cookieFrom(res: Response, name: string) {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`))
  return header
}

async function signIn(email: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Origin: server.url,
      'Content-Type': 'application/x-www-form-urlencoded',
      'Sec-Fetch-Site': 'same-origin',
    },
    body: new URLSearchParams({ email, password }),
  })
  const setCookie = cookieFrom(res, 'hn_session')
  return { res, setCookie, cookie: setCookie?.split(';')[0] ?? '' }
}

describe('security headers', () => {
  it('sends a nonce-based CSP whose nonce is on every script, and the other protective headers', async () => {
    const res = await fetch(`${server.url}/`)
    expect(res.status).toBe(200)
    const csp = res.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain('unsafe-inline')
    const html = await res.text()
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('referrer-policy')).toBe('same-origin')
    expect(res.headers.get('cache-control')).toBe('no-store')
    // Not production (embedded database): no HSTS, which would pin localhost to https.
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(res.headers.get('x-powered-by')).toBeNull()
    // A fresh nonce per response.
    const again = await fetch(`${server.url}/`)
    expect(again.headers.get('content-security-policy')).not.toBe(csp)
  })

  it('serves the Vietnamese page by default and English when the browser asks for it', async () => {
    const vi = await (await fetch(`${server.url}/`)).text()
    expect(vi).toContain('<html lang="vi"')
    expect(vi).toContain('Đăng ký làm đối tác')
    const en = await (await fetch(`${server.url}/`, { headers: { 'Accept-Language': 'en-US,en;q=0.9' } })).text()
    expect(en).toContain('<html lang="en"')
    expect(en).toContain('Become a partner')
    // Page titles follow the language too.
    const loginVi = await (await fetch(`${server.url}/login`)).text()
    expect(loginVi).toContain('<title>Đăng nhập · Hòa Nhập</title>')
    const loginEn = await (await fetch(`${server.url}/login`, { headers: { 'Accept-Language': 'en' } })).text()
    expect(loginEn).toContain('<title>Sign in · Hòa Nhập</title>')
  })

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' })
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' })
  })

  it("opens the demo's mailbox to a browser on the same machine only", async () => {
    // This server does not trust X-Forwarded-For: the header cannot make a remote client look local or the reverse.
    const local = await fetch(`${server.url}/dev/outbox`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })
    expect(local.status).toBe(200)
  })

  it('answers an unknown path with a translated 404 page', async () => {
    const res = await fetch(`${server.url}/khong-ton-tai`)
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('Không tìm thấy trang')
  })
})

describe('cross-site requests', () => {
  const form = () => new URLSearchParams({ email: 'dieuphoi@hoanhap.example', password: DEMO_PASSWORD })

  it('refuses a POST whose Origin is another site', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: 'https://evil.example' },
      body: form(),
    })
    expect(res.status).toBe(403)
    expect(cookieFrom(res, 'hn_session')).toBeUndefined()
  })

  it('refuses a POST the browser marks cross-site, even without Origin', async () => {
    const res = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Sec-Fetch-Site': 'cross-site' },
    })
    expect(res.status).toBe(403)
  })

  it('accepts the same POST from the site itself', async () => {
    const { res, setCookie } = await signIn('dieuphoi@hoanhap.example')
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/coordinator')
    expect(setCookie).toMatch(/HttpOnly/)
    expect(setCookie).toMatch(/SameSite=Lax/)
    expect(setCookie).not.toMatch(/Secure/) // only in production, where the __Host- prefix is used too
  })
})

describe('sessions over HTTP', () => {
  it('lets a signed-in coordinator in with no-store caching, and rejects the cookie once signed out', async () => {
    const { cookie } = await signIn('dieuphoi@hoanhap.example')
    const page = await fetch(`${server.url}/coordinator`, { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(page.status).toBe(200)
    expect(page.headers.get('cache-control')).toBe('no-store')
    expect(await page.text()).toContain('Tổng quan thành phố')

    const out = await fetch(`${server.url}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url },
    })
    expect(out.status).toBe(302)
    expect(cookieFrom(out, 'hn_session')).toMatch(/Max-Age=0/)

    // The old cookie, replayed, no longer opens anything.
    const replay = await fetch(`${server.url}/coordinator`, { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(replay.status).toBe(302)
    expect(replay.headers.get('location')).toBe('/login?redirectTo=%2Fcoordinator')
  })

  it('rejects a forged session token', async () => {
    const res = await fetch(`${server.url}/coordinator`, {
      headers: { Cookie: 'hn_session=abcdefghijklmnopqrstuvwxyz234567' },
      redirect: 'manual',
    })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toMatch(/^\/login/)
  })

  it('keeps roles apart: a partner gets 403 on coordinator pages', async () => {
    const { cookie } = await signIn('tuyendung@hoanhap.example')
    const res = await fetch(`${server.url}/coordinator/caseworkers`, {
      headers: { Cookie: cookie },
      redirect: 'manual',
    })
    expect(res.status).toBe(403)
  })

  it('sends an account that has not verified its email to the verification page', async () => {
    const email = `chua-xac-nhan-${Date.now()}@example.vn`
    const join = await fetch(`${server.url}/join`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: joinForm(email, 'Cay-bang-lang-tim-88'),
    })
    // Signing up answers "check your email" and opens no session (the same for a taken address).
    expect(join.status).toBe(302)
    expect(join.headers.get('location')).toBe('/join?sent=1')
    expect(cookieFrom(join, 'hn_session')).toBeUndefined()
    const signedIn = await signIn(email, 'Cay-bang-lang-tim-88')
    expect(signedIn.res.headers.get('location')).toBe('/verify-email')
    const cookie = signedIn.cookie
    const partner = await fetch(`${server.url}/partner`, { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(partner.status).toBe(302)
    expect(partner.headers.get('location')).toBe('/verify-email')
  })

  it('answers the same for an unknown email and a wrong password', async () => {
    const unknown = await signIn('khong-ai@example.vn', 'Sai-mat-khau-123456')
    const wrong = await signIn('canbo2@hoanhap.example', 'Sai-mat-khau-123456')
    expect(unknown.res.status).toBe(400)
    expect(wrong.res.status).toBe(400)
    expect(unknown.setCookie).toBeUndefined()
    expect(wrong.setCookie).toBeUndefined()
  })
})

describe('rate limit on the sign-in forms', () => {
  // Last in the file: it exhausts this address's allowance.
  it('answers 429 with Retry-After once an address floods the forms', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${server.url}/forgot-password`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Origin: server.url },
        body: new URLSearchParams({ email: `flood-${i}@example.vn` }),
      })
      statuses.push(res.status)
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    }
    expect(statuses).toContain(429)
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true)
  })
})
