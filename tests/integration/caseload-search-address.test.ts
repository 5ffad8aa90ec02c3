import { describe, expect, test } from 'vitest'
import { createSession, sessionCookieName } from '#app/modules/auth/session.server.ts'
import { action as caseworkerSearch, loader as caseworkerList } from '#app/routes/caseworker.candidates._index.tsx'
import { action as coordinatorSearch, loader as coordinatorList } from '#app/routes/coordinator.candidates._index.tsx'
import { createCandidate } from '../factories/candidates'
import { createCaseworker, createUser } from '../factories/users'
import { routeArgs } from '../support/route-args'
import { thrown } from '../support/errors'

// Issue #20, finding 10: what a caseworker types to find a person (a name, a phone number) must not become part
// of the page's address, where the browser's history, a proxy's log or a Referer would keep it.

const NAME = 'Ưng Thị Kiểm'
const FOLDED = 'ung thi kiem'

async function signedIn(role: 'caseworker' | 'coordinator') {
  const user = role === 'caseworker' ? await createCaseworker(['00070']) : await createUser({ role })
  const { token } = await createSession({ userId: user.id, role })
  return { user, cookie: `${sessionCookieName()}=${token}` }
}

function post(path: string, cookie: string, fields: Record<string, string>) {
  return new Request(`http://localhost${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  })
}
const get = (pathAndQuery: string, cookie: string) =>
  new Request(`http://localhost${pathAndQuery}`, { headers: { cookie } })

/** Every way the address could show what was typed: as it is, encoded, folded, or decoded from base64. */
function expectNothingTyped(address: string, typed: string[]) {
  const decoded = decodeURIComponent(address)
  const fromBase64 = [...decoded.matchAll(/[\w-]{16,}/g)].map((m) => Buffer.from(m[0], 'base64url').toString('utf8'))
  for (const text of typed) {
    for (const shown of [address, decoded, ...fromBase64]) expect(shown.toLowerCase()).not.toContain(text.toLowerCase())
  }
}

describe('the caseload search travels sealed', () => {
  test('the posted search answers with the list at an address that holds neither the name nor the phone', async () => {
    const { user, cookie } = await signedIn('caseworker')
    await createCandidate({ wardCode: '00070', caseworkerId: user.id, fullName: `${NAME} Một`, phone: '0912345678' })
    for (const q of [NAME, '0912 345 678']) {
      const response = (await caseworkerSearch(
        routeArgs(post('/caseworker/candidates', cookie, { q, status: 'active', needs: 'job', sort: 'name' })),
      )) as Response
      expect(response.status).toBe(302)
      const location = response.headers.get('location')!
      expect(location).toMatch(/^\/caseworker\/candidates\?status=active&needs=job&sort=name&s=[\w-]+$/)
      expectNothingTyped(location, [q, FOLDED, '0912345678', '345'])
      const page = await caseworkerList(routeArgs(get(location, cookie)))
      expect(page.query.q).toBe(q.trim())
      expect(page.searchLost).toBe(false)
      expect(page.items.map((i) => i.fullName)).toEqual([`${NAME} Một`])
    }
  })

  test('an address with a plain q (an old bookmark) is sealed at once', async () => {
    const { cookie } = await signedIn('coordinator')
    const error = await thrown(
      coordinatorList(routeArgs(get(`/coordinator/candidates?q=${encodeURIComponent(NAME)}&wardCode=00070`, cookie))),
    )
    expect(error).toBeInstanceOf(Response)
    const location = (error as Response).headers.get('location')!
    expect(location).toMatch(/^\/coordinator\/candidates\?wardCode=00070&s=[\w-]+$/)
    expectNothingTyped(location, [NAME, FOLDED])
    expect((await coordinatorList(routeArgs(get(location, cookie)))).query.q).toBe(NAME)
  })

  test("another session's sealed search opens nothing: the whole list, and the page says the search has ended", async () => {
    const mine = await signedIn('caseworker')
    await createCandidate({ wardCode: '00070', caseworkerId: mine.user.id, fullName: `${NAME} Hai` })
    const response = (await caseworkerSearch(
      routeArgs(post('/caseworker/candidates', mine.cookie, { q: NAME })),
    )) as Response
    const location = response.headers.get('location')!
    // The same caseworker in another session (another device), then a colleague of the same ward.
    const { token } = await createSession({ userId: mine.user.id, role: 'caseworker' })
    const colleague = await signedIn('caseworker')
    for (const cookie of [`${sessionCookieName()}=${token}`, colleague.cookie]) {
      const page = await caseworkerList(routeArgs(get(location, cookie)))
      expect(page.searchLost).toBe(true)
      expect(page.query.q).toBeUndefined()
      expect(page.filtered).toBe(false)
    }
    const junk = await caseworkerList(routeArgs(get('/caseworker/candidates?s=not-a-seal', mine.cookie)))
    expect(junk.searchLost).toBe(true)
  })

  test('an empty search posts back to the bare list; unknown filters are dropped', async () => {
    const { cookie } = await signedIn('coordinator')
    const response = (await coordinatorSearch(
      routeArgs(post('/coordinator/candidates', cookie, { q: '   ', redirectTo: 'https://evil.example', x: '1' })),
    )) as Response
    expect(response.headers.get('location')).toBe('/coordinator/candidates')
  })

  test('sorted by name, the next-page cursor holds no name either, and leads to the rest', async () => {
    const { user, cookie } = await signedIn('caseworker')
    const names = Array.from({ length: 27 }, (_, i) => `Khổng Minh Triết ${String(i).padStart(2, '0')}`)
    for (const fullName of names) await createCandidate({ wardCode: '00070', caseworkerId: user.id, fullName })
    const response = (await caseworkerSearch(
      routeArgs(post('/caseworker/candidates', cookie, { q: 'Khổng Minh Triết', sort: 'name' })),
    )) as Response
    const first = await caseworkerList(routeArgs(get(response.headers.get('location')!, cookie)))
    expect(first.items).toHaveLength(25)
    expect(first.nextCursor).toMatch(/^[\w-]+$/)
    const next = `${response.headers.get('location')!}&cursor=${first.nextCursor}`
    expectNothingTyped(next, ['Khổng Minh Triết', 'khong minh triet', 'khong'])
    const second = await caseworkerList(routeArgs(get(next, cookie)))
    expect([...first.items, ...second.items].map((i) => i.fullName)).toEqual(names)
    expect(second.nextCursor).toBeNull()
  })
})
