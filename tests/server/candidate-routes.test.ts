import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAll, startServer, type RunningServer } from '../support/server'

// Every candidate route and action × who asks, over HTTP against the production build with the demo data.
// canbo1 follows wards 00070/00082 (the record below is in 00070); canbo2 follows 09556.
let server: RunningServer
const cookies: Record<string, string> = {}
let recordId = ''

type Who = 'coordinator' | 'caseworkerOfWard' | 'caseworkerOfOtherWard' | 'partner' | 'anonymous'
const WHO: Who[] = ['coordinator', 'caseworkerOfWard', 'caseworkerOfOtherWard', 'partner', 'anonymous']
const EMAILS: Record<Exclude<Who, 'anonymous'>, string> = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworkerOfWard: 'canbo1@hoanhap.example',
  caseworkerOfOtherWard: 'canbo2@hoanhap.example',
  partner: 'tuyendung@hoanhap.example',
}

beforeAll(async () => {
  server = await startServer({ port: 3224 })
  Object.assign(cookies, await signInAll(server, EMAILS))
  // A record in canbo1's ward: the demo's Nguyễn Văn Hùng.
  const list = await fetch(`${server.url}/caseworker/candidates?q=nguyen+van+hung`, {
    headers: { Cookie: cookies.caseworkerOfWard! },
  })
  recordId = /\/caseworker\/candidates\/([0-9a-f-]{36})"/.exec(await list.text())![1]!
})

afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

type Expect = 200 | 302 | 403 | 404 | 'login'
const table: {
  name: string
  request: () => { method: string; path: string; body?: URLSearchParams }
  expected: Record<Who, Expect>
}[] = [
  {
    name: 'GET the caseworker caseload',
    request: () => ({ method: 'GET', path: '/caseworker/candidates' }),
    expected: { coordinator: 403, caseworkerOfWard: 200, caseworkerOfOtherWard: 200, partner: 403, anonymous: 'login' },
  },
  {
    name: 'GET the intake form',
    request: () => ({ method: 'GET', path: '/caseworker/candidates/new' }),
    expected: { coordinator: 403, caseworkerOfWard: 200, caseworkerOfOtherWard: 200, partner: 403, anonymous: 'login' },
  },
  {
    name: 'GET a record in the caseworker area',
    request: () => ({ method: 'GET', path: `/caseworker/candidates/${recordId}` }),
    expected: { coordinator: 403, caseworkerOfWard: 200, caseworkerOfOtherWard: 404, partner: 403, anonymous: 'login' },
  },
  {
    name: 'POST a note on a record',
    request: () => ({
      method: 'POST',
      path: `/caseworker/candidates/${recordId}`,
      body: new URLSearchParams({ intent: 'addNote', body: 'Ghi chú kiểm tra quyền', sensitive: 'on' }),
    }),
    expected: { coordinator: 403, caseworkerOfWard: 302, caseworkerOfOtherWard: 404, partner: 403, anonymous: 'login' },
  },
  {
    name: 'GET the city caseload',
    request: () => ({ method: 'GET', path: '/coordinator/candidates' }),
    expected: { coordinator: 200, caseworkerOfWard: 403, caseworkerOfOtherWard: 403, partner: 403, anonymous: 'login' },
  },
  {
    name: 'GET a record in the coordinator area',
    request: () => ({ method: 'GET', path: `/coordinator/candidates/${recordId}` }),
    expected: { coordinator: 200, caseworkerOfWard: 403, caseworkerOfOtherWard: 403, partner: 403, anonymous: 'login' },
  },
  {
    name: 'GET the merge screen',
    request: () => ({ method: 'GET', path: '/coordinator/candidates/merge' }),
    expected: { coordinator: 200, caseworkerOfWard: 403, caseworkerOfOtherWard: 403, partner: 403, anonymous: 'login' },
  },
  {
    name: "POST an export of a person's data",
    request: () => ({
      method: 'POST',
      path: `/coordinator/candidates/${recordId}/export`,
      body: new URLSearchParams({ reason: 'Kiểm tra quyền truy cập' }),
    }),
    expected: { coordinator: 200, caseworkerOfWard: 403, caseworkerOfOtherWard: 403, partner: 403, anonymous: 'login' },
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
    // The record's sensitive fields reach only its caseworker and coordinators.
    if (!(want === 200 && (who === 'coordinator' || who === 'caseworkerOfWard')))
      expect(text).not.toContain('methadone')
  })
})

describe('what the allowed answers carry', () => {
  it("the ward's caseworker and a coordinator see the sensitive section; the export is a JSON file named by code", async () => {
    const page = await (
      await fetch(`${server.url}/caseworker/candidates/${recordId}`, { headers: { Cookie: cookies.caseworkerOfWard! } })
    ).text()
    expect(page).toContain('methadone')
    const res = await fetch(`${server.url}/coordinator/candidates/${recordId}/export`, {
      method: 'POST',
      headers: { Cookie: cookies.coordinator!, Origin: server.url },
      body: new URLSearchParams({ reason: 'Yêu cầu của người dân' }),
    })
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="hoa-nhap-HN-[2-9A-HJ-NP-Z]{6}\.json"$/,
    )
    const data = (await res.json()) as { person: { fullName: string }; sensitive: { drugUseHistory: string } }
    expect(data.person.fullName).toBe('Nguyễn Văn Hùng')
    expect(data.sensitive.drugUseHistory).toContain('methadone')
  })

  it('draws the transfer choice of wards when asked (?transfer=1) or after a refused transfer, not on every view', async () => {
    const page = async (query = '') =>
      (
        await fetch(`${server.url}/caseworker/candidates/${recordId}${query}`, {
          headers: { Cookie: cookies.caseworkerOfWard! },
        })
      ).text()
    const plain = await page()
    expect(plain).toContain('Chuyển địa bàn')
    expect(plain).not.toContain('name="toWardCode"')
    // Browsers without JavaScript get a link to the page with the choice drawn.
    expect(plain).toContain('href="?transfer=1#transfer"')

    // Every ward but the record's own (00070): 125 of Hanoi's 126.
    const asked = await page('?transfer=1')
    expect(asked.match(/name="toWardCode"/g)).toHaveLength(125)
    expect(asked).not.toMatch(/name="toWardCode"[^>]*value="00070"/)
    expect(asked).toMatch(/<details[^>]*id="transfer"[^>]*open/)

    const refused = await fetch(`${server.url}/caseworker/candidates/${recordId}`, {
      method: 'POST',
      headers: { Cookie: cookies.caseworkerOfWard!, Origin: server.url },
      body: new URLSearchParams({ intent: 'transfer', reason: '' }),
    })
    expect(refused.status).toBe(400)
    const answer = await refused.text()
    expect(answer.match(/name="toWardCode"/g)).toHaveLength(125)
    expect(answer).toContain('Chọn phường/xã nơi người này chuyển đến.')
    expect(answer).toMatch(/<details[^>]*id="transfer"[^>]*open/)
  })

  it("another ward's caseworker does not find the person in their caseload", async () => {
    const page = await (
      await fetch(`${server.url}/caseworker/candidates?q=nguyen+van+hung`, {
        headers: { Cookie: cookies.caseworkerOfOtherWard! },
      })
    ).text()
    expect(page).not.toContain(recordId)
    expect(page).not.toContain('Nguyễn Văn Hùng')
  })
})

describe("a caseworker's home with many follow-ups due", () => {
  const dueItems = (html: string) => {
    const list = /<ol[^>]*data-testid="due-follow-ups"[^>]*>([\s\S]*?)<\/ol>/.exec(html)
    return list ? (list[1]!.match(/<li/g) ?? []).length : 0
  }
  const home = async (query = '') =>
    (await fetch(`${server.url}/caseworker${query}`, { headers: { Cookie: cookies.caseworkerOfWard! } })).text()

  it('lists 25 at first and offers the next ones, 25 at a time, until none are left', async () => {
    const before = dueItems(await home('?shown=500'))
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date())
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${server.url}/caseworker/candidates/${recordId}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies.caseworkerOfWard!, Origin: server.url },
        body: new URLSearchParams({
          intent: 'addFollowUp',
          title: `Gọi điện lần ${i + 1}`,
          dueDate: today,
          kind: 'task',
        }),
      })
      expect(res.status).toBe(302)
    }
    const total = before + 40
    expect(dueItems(await home('?shown=500'))).toBe(total)

    const first = await home()
    expect(dueItems(first)).toBe(25)

    // Each page adds 25 until the list is whole; the last link offers only what is left.
    let shown = 25
    let page = first
    while (shown < total) {
      const next = /href="\/caseworker\?shown=(\d+)"[^>]*>Xem thêm (\d+) việc</.exec(page)
      expect(next?.slice(1).map(Number)).toEqual([shown + 25, Math.min(25, total - shown)])
      shown += 25
      page = await home(`?shown=${shown}`)
      expect(dueItems(page)).toBe(Math.min(shown, total))
    }
    expect(page).not.toMatch(/href="\/caseworker\?shown=/)
  })

  it('reads any ?shown= as whole pages of 25, from one page up to 500', async () => {
    expect(dueItems(await home('?shown=abc'))).toBe(25)
    expect(dueItems(await home('?shown=-3'))).toBe(25)
    expect(dueItems(await home('?shown=26'))).toBe(Math.min(50, dueItems(await home('?shown=500'))))
    expect(
      (
        await fetch(`${server.url}/caseworker?shown=${'9'.repeat(400)}`, {
          headers: { Cookie: cookies.caseworkerOfWard! },
        })
      ).status,
    ).toBe(200)
  })
})
