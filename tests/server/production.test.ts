import postgres from 'postgres'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'

// Production = NODE_ENV=production on a PostgreSQL server. Runs when TEST_DATABASE_URL names one (CI does).
const adminUrl = process.env.TEST_DATABASE_URL

describe.skipIf(!adminUrl)('in production, on a PostgreSQL server', () => {
  let server: RunningServer
  const database = `hoa_nhap_test_prod_${randomBytes(4).toString('hex')}`

  beforeAll(async () => {
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`CREATE DATABASE ${database}`)
    await admin.end()
    const url = new URL(adminUrl!)
    url.pathname = `/${database}`
    server = await startServer({
      port: 3223,
      env: {
        DATABASE_URL: url.toString(),
        SESSION_SECRET: randomBytes(24).toString('hex'),
        SEED_DEMO: 'true', // explicitly asked for: a server database is never seeded otherwise
      },
    })
  })

  afterAll(async () => {
    expect(await server.stop()).toBe(0)
    const admin = postgres(adminUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await admin.end()
  })

  it('is ready once the migrations are applied, and sends HSTS', async () => {
    const res = await fetch(`${server.url}/readyz`)
    expect(await res.json()).toEqual({ status: 'ready' })
    const page = await fetch(`${server.url}/`)
    expect(page.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
  })

  it('uses a __Host- prefixed, Secure, HttpOnly, SameSite=Lax session cookie', async () => {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams({ email: 'dieuphoi@hoanhap.example', password: 'HoaNhap-demo-2026' }),
    })
    expect(res.status).toBe(302)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('__Host-hn_session='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/; Path=\//)
    expect(cookie).toMatch(/; HttpOnly/)
    expect(cookie).toMatch(/; SameSite=Lax/)
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).not.toMatch(/Domain=/i)
    // The unprefixed name means nothing in production.
    const token = cookie!.split(';')[0]!.split('=')[1]!
    const plain = await fetch(`${server.url}/coordinator`, {
      headers: { Cookie: `hn_session=${token}` },
      redirect: 'manual',
    })
    expect(plain.status).toBe(302)
    const prefixed = await fetch(`${server.url}/coordinator`, {
      headers: { Cookie: `__Host-hn_session=${token}` },
      redirect: 'manual',
    })
    expect(prefixed.status).toBe(200)
  })

  it('has no developer mailbox, and the start-up banner does not point to one', async () => {
    const res = await fetch(`${server.url}/dev/outbox`)
    expect(res.status).toBe(404)
    // The banner's lines, not the JSON request log (which has this test's own request for the page).
    const banner = readFileSync(server.logFile, 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('{'))
      .join('\n')
    expect(banner).toContain('Emails are not sent without RESEND_API_KEY')
    expect(banner).not.toContain('/dev/outbox')
  })

  it('sends the language cookie over HTTPS only', async () => {
    const res = await fetch(`${server.url}/language`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams({ locale: 'en', redirectTo: '/' }),
    })
    expect(res.status).toBe(302)
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('lng='))
    expect(cookie).toMatch(/; Secure/)
    expect(cookie).toMatch(/; HttpOnly/)
  })
})
