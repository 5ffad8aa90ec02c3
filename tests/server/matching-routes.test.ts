import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAll, startServer, type RunningServer } from '../support/server'

// Every matching page and action × who asks, over HTTP against the production build with the demo data.
// The demo referral of Nguyễn Văn Hùng (canbo1's ward 00070) to "Thợ hàn kết cấu thép" belongs to the
// employer tuyendung; daotao is another (approved) partner; the Sóc Sơn cooperative is still pending.
let server: RunningServer
const cookies: Record<string, string> = {}
let recordId = ''
let matchId = ''

type Who =
  | 'coordinator'
  | 'caseworkerOfWard'
  | 'caseworkerOfOtherWard'
  | 'partnerOfListing'
  | 'otherPartner'
  | 'pendingPartner'
  | 'anonymous'
const WHO: Who[] = [
  'coordinator',
  'caseworkerOfWard',
  'caseworkerOfOtherWard',
  'partnerOfListing',
  'otherPartner',
  'pendingPartner',
  'anonymous',
]
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworkerOfWard: 'canbo1@hoanhap.example',
  caseworkerOfOtherWard: 'canbo2@hoanhap.example',
  partnerOfListing: 'tuyendung@hoanhap.example',
  otherPartner: 'daotao@hoanhap.example',
  pendingPartner: 'lienhe.htxsocson@example.vn',
}

beforeAll(async () => {
  server = await startServer({ port: 3225 })
  Object.assign(cookies, await signInAll(server, EMAILS))
  const list = await fetch(`${server.url}/caseworker/candidates?q=nguyen+van+hung`, {
    headers: { Cookie: cookies.caseworkerOfWard! },
  })
  recordId = /\/caseworker\/candidates\/([0-9a-f-]{36})"/.exec(await list.text())![1]!
  const record = await (
    await fetch(`${server.url}/caseworker/candidates/${recordId}`, { headers: { Cookie: cookies.caseworkerOfWard! } })
  ).text()
  matchId = /\/caseworker\/matches\/([0-9a-f-]{36})"[^>]*>Thợ hàn kết cấu thép</.exec(record)![1]!
})

afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

type Expect = 200 | 302 | 400 | 403 | 404 | 409 | 'login'
const STAFF_PAGE = { coordinator: 403, caseworkerOfWard: 200, caseworkerOfOtherWard: 404 } as const
const NO_PARTNERS = { partnerOfListing: 403, otherPartner: 403, pendingPartner: 403, anonymous: 'login' } as const
const NO_STAFF = { coordinator: 403, caseworkerOfWard: 403, caseworkerOfOtherWard: 403, anonymous: 'login' } as const

const table: {
  name: string
  request: () => { method: string; path: string; body?: URLSearchParams }
  expected: Record<Who, Expect>
}[] = [
  {
    name: "GET a person's suggestions",
    request: () => ({ method: 'GET', path: `/caseworker/candidates/${recordId}/suggestions?why=1` }),
    expected: { ...STAFF_PAGE, ...NO_PARTNERS },
  },
  {
    name: 'POST a referral from the suggestions (to a listing that is not open: refused with a message)',
    request: () => ({
      method: 'POST',
      path: `/caseworker/candidates/${recordId}/suggestions`,
      body: new URLSearchParams({ opportunityId: '00000000-0000-4000-8000-000000000000', message: '' }),
    }),
    expected: { coordinator: 403, caseworkerOfWard: 400, caseworkerOfOtherWard: 404, ...NO_PARTNERS },
  },
  {
    name: "GET the caseworker's match page",
    request: () => ({ method: 'GET', path: `/caseworker/matches/${matchId}` }),
    expected: { ...STAFF_PAGE, ...NO_PARTNERS },
  },
  {
    name: 'POST a withdrawal with a stale version',
    request: () => ({
      method: 'POST',
      path: `/caseworker/matches/${matchId}`,
      body: new URLSearchParams({ action: 'withdraw', version: '999', reasonCode: 'other' }),
    }),
    expected: { coordinator: 403, caseworkerOfWard: 409, caseworkerOfOtherWard: 404, ...NO_PARTNERS },
  },
  {
    name: 'GET the talent pool',
    request: () => ({ method: 'GET', path: '/partner/talent' }),
    expected: { ...NO_STAFF, partnerOfListing: 200, otherPartner: 200, pendingPartner: 403 },
  },
  {
    name: 'GET the referrals inbox',
    request: () => ({ method: 'GET', path: '/partner/referrals' }),
    expected: { ...NO_STAFF, partnerOfListing: 200, otherPartner: 200, pendingPartner: 403 },
  },
  {
    name: 'GET a referral',
    request: () => ({ method: 'GET', path: `/partner/referrals/${matchId}` }),
    expected: { ...NO_STAFF, partnerOfListing: 200, otherPartner: 404, pendingPartner: 403 },
  },
  {
    name: 'POST a decline with a stale version',
    request: () => ({
      method: 'POST',
      path: `/partner/referrals/${matchId}`,
      body: new URLSearchParams({ action: 'decline', version: '999', reasonCode: 'position_filled' }),
    }),
    expected: { ...NO_STAFF, partnerOfListing: 409, otherPartner: 404, pendingPartner: 403 },
  },
]

describe.each(table)('$name', ({ request, expected }) => {
  it.each(WHO)('as %s', async (who) => {
    const { method, path, body } = request()
    const headers: Record<string, string> = { Origin: server.url }
    if (who !== 'anonymous') headers.Cookie = cookies[who]!
    const res = await fetch(`${server.url}${path}`, { method, headers, body, redirect: 'manual' })
    const want = expected[who]
    if (want === 'login') {
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    } else {
      expect(res.status).toBe(want)
    }
    const text = await res.text()
    // No matching page carries the person's sensitive fields, whoever asks.
    expect(text).not.toContain('methadone')
    expect(text).not.toContain('Cơ sở cai nghiện')
    // The name reaches a partner only on the accepted referral of its own organisation (its page, shown again
    // with the conflict message after a stale action).
    const ownReferral =
      who === 'partnerOfListing' && path.startsWith('/partner/referrals/') && (want === 200 || want === 409)
    if (who !== 'coordinator' && !who.startsWith('caseworker') && !ownReferral) {
      expect(text).not.toContain('Nguyễn Văn Hùng')
    }
  })
})

describe('what the answers carry', () => {
  it('the partner of the listing sees the shared profile of an accepted referral; the talent pool shows codes only', async () => {
    const referral = await (
      await fetch(`${server.url}/partner/referrals/${matchId}`, { headers: { Cookie: cookies.partnerOfListing! } })
    ).text()
    expect(referral).toContain('Nguyễn Văn Hùng')
    expect(referral).toContain('0912 345 601')
    const pool = await (
      await fetch(`${server.url}/partner/talent`, { headers: { Cookie: cookies.otherPartner! } })
    ).text()
    expect(pool).toMatch(/HN-[2-9A-HJ-NP-Z]{6}/)
    for (const name of ['Nguyễn Văn Hùng', 'Trần Thị Mai', 'Vũ Thị Hạnh', '0912345601', '1992-03-14']) {
      expect(pool).not.toContain(name)
    }
  })

  it("the talent pool draws a card's request form only for the card asked for (?for=), not one per card", async () => {
    const get = async (query = '') =>
      (await fetch(`${server.url}/partner/talent${query}`, { headers: { Cookie: cookies.otherPartner! } })).text()
    const pool = await get()
    // The cards this partner may ask about (a card it already asked about links to its request instead).
    const codes = [...pool.matchAll(/<details[^>]*id="interest-(HN-[2-9A-HJ-NP-Z]{6})"/g)].map((m) => m[1]!)
    expect(codes.length).toBeGreaterThan(1)
    expect(pool).not.toContain('name="opportunityId"')
    // Each closed card carries a link for browsers without JavaScript.
    expect(pool).toContain(`?for=${codes[1]}#interest-${codes[1]}`)

    const asked = await get(`?for=${codes[1]}`)
    expect(asked.match(/name="opportunityId"/g)).toHaveLength(1)
    const card = asked.slice(asked.indexOf(`data-code="${codes[1]}"`))
    expect(card.slice(0, card.indexOf('</li>', card.indexOf('name="opportunityId"')))).toContain('name="opportunityId"')
    expect(card).toMatch(new RegExp(`<details[^>]*id="interest-${codes[1]}"[^>]*open`))
  })

  it('a refused referral says why, in Vietnamese', async () => {
    const res = await fetch(`${server.url}/caseworker/candidates/${recordId}/suggestions`, {
      method: 'POST',
      headers: { Cookie: cookies.caseworkerOfWard!, Origin: server.url },
      body: new URLSearchParams({ opportunityId: '00000000-0000-4000-8000-000000000000' }),
    })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Tin này không còn nhận giới thiệu.')
  })
})
