import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CANDIDATES } from '#db/demo-candidates.ts'
import { FORBIDDEN_PATTERN } from '../support/forbidden-words'
import {
  HOME,
  OUTSIDE_MANIFEST,
  ROUTE_ACCESS,
  VISITOR_EMAILS,
  VISITORS,
  type DemoObject,
  type Outcome,
  type Probe,
  type SignedInVisitor,
  type Visitor,
} from '../support/route-access'
import { signInAll, startServer, type RunningServer } from '../support/server'

// The authorization matrix: every route of the production build's manifest × every kind of visitor, against the
// declared table in tests/support/route-access.ts. For each probe: a GET of the URL, for a page also its loader
// alone (a single-fetch data request, `….data?_routes=<id>`: React Router runs a page's loader even when its layout's
// refuses, so each must refuse by itself), and for a route with an action a POST from this site. Exact statuses and
// Location headers; refusals carry nothing about anyone.

type ManifestRoute = {
  id: string
  path?: string
  parentId?: string
  index?: boolean
  /** The route module's exports that matter here: loader, action, default (a page, not a resource route). */
  exports: string[]
}
/**
 * The real manifest, not a hand-written list: the build's `routes` (needs `npm run build` first, like every
 * server test), read by a child Node process so that this one does not load the whole app.
 */
function readManifest(): Record<string, ManifestRoute> {
  const bundle = pathToFileURL(path.resolve('build/server/index.js')).href
  const script = `
    const { routes } = await import(${JSON.stringify(bundle)})
    const out = {}
    for (const [id, r] of Object.entries(routes)) {
      out[id] = { id, path: r.path, parentId: r.parentId, index: r.index,
        exports: ['loader', 'action', 'default'].filter((name) => name in r.module) }
    }
    process.stdout.write(JSON.stringify(out))
    process.exit(0)`
  return JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production' },
    }),
  ) as Record<string, ManifestRoute>
}
const MANIFEST = readManifest()

let server: RunningServer
const cookies = {} as Record<SignedInVisitor, string>
const ids = {} as Record<DemoObject, string>

/** The names in each caseworker's caseload (found in discoverIds): what refusals and other wards may not show. */
const namesOf = { caseworker: new Set<string>(), otherCaseworker: new Set<string>() }

// Each request comes from its own client address (the server trusts X-Forwarded-For here), so the per-address
// limit on the sign-in forms (20 a minute) does not turn this table's POSTs to them into 429s.
let clientNumber = 0
const nextClient = () => {
  clientNumber += 1
  return `10.${(clientNumber >> 16) & 255}.${(clientNumber >> 8) & 255}.${clientNumber & 255}`
}

async function request(
  who: Visitor,
  url: string,
  init: { method?: string; body?: URLSearchParams; cookie?: string } = {},
): Promise<Response> {
  // Uncompressed: gzip on both ends would only cost this shared machine's CPU.
  const headers: Record<string, string> = { 'X-Forwarded-For': nextClient(), 'Accept-Encoding': 'identity' }
  const cookie = init.cookie ?? (who === 'anonymous' ? undefined : cookies[who])
  if (cookie) headers.Cookie = cookie
  if (init.method === 'POST') headers.Origin = server.url
  return fetch(`${server.url}${url}`, { method: init.method ?? 'GET', headers, body: init.body, redirect: 'manual' })
}

async function page(who: SignedInVisitor, url: string): Promise<string> {
  const res = await request(who, url)
  if (res.status !== 200) throw new Error(`${who} could not read ${url}: ${res.status}`)
  return res.text()
}

const decode = (html: string) =>
  html
    .replace(/<!-- -->/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()

/** The page's links as [href, text]. */
function links(html: string): [string, string][] {
  return [...html.matchAll(/<a\b[^>]*?\bhref="([^"]*)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [
    m[1]!.replace(/&amp;/g, '&'),
    decode(m[2]!),
  ])
}

/** The href of the first link under `prefix` whose text is `text`. */
function linkTo(html: string, prefix: string, text: string): string {
  const found = links(html).find(([href, label]) => href.startsWith(prefix) && label === text)
  if (!found) throw new Error(`no link to ${prefix}… named "${text}"`)
  return found[0]
}

const lastSegment = (href: string) => new URL(href, 'http://x').pathname.split('/').at(-1)!

/** Finds the probes' demo objects on pages their owners see. */
async function discoverIds() {
  const caseload = await page('caseworker', '/caseworker/candidates')
  const otherCaseload = await page('otherCaseworker', '/caseworker/candidates')
  for (const [who, html] of [
    ['caseworker', caseload],
    ['otherCaseworker', otherCaseload],
  ] as const) {
    for (const [href, text] of links(html))
      if (/^\/caseworker\/candidates\/[0-9a-f-]{36}$/.test(href)) namesOf[who].add(text)
  }
  ids.recordOfWard = lastSegment(linkTo(caseload, '/caseworker/candidates/', 'Nguyễn Văn Hùng'))
  ids.recordOfOtherWard = lastSegment(linkTo(otherCaseload, '/caseworker/candidates/', 'Hoàng Minh Đức'))
  ids.draftOfWard = new URL(
    linkTo(caseload, '/caseworker/candidates/new?draft=', 'Đỗ Văn Tuấn'),
    'http://x',
  ).searchParams.get('draft')!

  const record = await page('caseworker', `/caseworker/candidates/${ids.recordOfWard}`)
  ids.matchOfWard = lastSegment(linkTo(record, '/caseworker/matches/', 'Thợ hàn kết cấu thép'))
  ids.otherPartnersMatch = lastSegment(linkTo(record, '/caseworker/matches/', 'Hàn điện cơ bản'))
  const otherRecord = await page('otherCaseworker', `/caseworker/candidates/${ids.recordOfOtherWard}`)
  ids.matchOfOtherWard = lastSegment(linkTo(otherRecord, '/caseworker/matches/', 'Phụ xưởng cơ khí (học việc)'))

  const listings = await page('employer', '/partner/listings?status=all')
  ids.employerListing = lastSegment(linkTo(listings, '/partner/listings/', 'Thợ hàn kết cấu thép'))
  ids.employerDraft = lastSegment(linkTo(listings, '/partner/listings/', 'Nhân viên kho vận'))
  ids.employerClosed = lastSegment(linkTo(listings, '/partner/listings/', 'Thợ sơn tĩnh điện'))
  const otherListings = await page('otherPartner', '/partner/listings?status=all')
  ids.otherPartnerListing = lastSegment(linkTo(otherListings, '/partner/listings/', 'Hàn điện cơ bản'))

  const approved = await page('coordinator', '/coordinator/partners?status=approved')
  ids.employerOrganisation = lastSegment(linkTo(approved, '/coordinator/partners/', 'Công ty TNHH Cơ khí Thăng Long'))
  const pending = await page('coordinator', '/coordinator/partners?status=pending')
  ids.pendingOrganisation = lastSegment(
    linkTo(pending, '/coordinator/partners/', 'Hợp tác xã Nông nghiệp Sạch Sóc Sơn'),
  )
  const suspended = await page('coordinator', '/coordinator/partners?status=suspended')
  ids.suspendedOrganisation = lastSegment(linkTo(suspended, '/coordinator/partners/', 'Nhà hàng Hương Việt Phố Cổ'))
  const everyListing = await page('coordinator', '/coordinator/opportunities')
  ids.suspendedListing = lastSegment(linkTo(everyListing, '/coordinator/opportunities/', 'Phụ bếp nhà hàng'))
  const caseworkers = await page('coordinator', '/coordinator/caseworkers')
  ids.caseworkerUser = lastSegment(linkTo(caseworkers, '/coordinator/caseworkers/', 'Trần Văn Dũng'))
}

/** The route's URL path, its parents' segments first. */
function routePath(route: ManifestRoute): string {
  const segments: string[] = []
  for (let r: ManifestRoute | undefined = route; r; r = r.parentId ? MANIFEST[r.parentId] : undefined) {
    if (r.path) segments.unshift(r.path)
  }
  return `/${segments.join('/')}`.replace(/\/+/g, '/')
}

const fill = (template: string) =>
  template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const id = ids[key as DemoObject]
    if (!id) throw new Error(`unknown demo object {${key}}`)
    return id
  })

/** The probe's URL path, its params filled in. */
function probePath(route: ManifestRoute, probe: Probe): string {
  return routePath(route)
    .split('/')
    .map((segment) => {
      const name = segment === '*' ? '*' : segment.startsWith(':') ? segment.slice(1) : null
      if (name === null) return segment
      const value = probe.params?.[name]
      if (value === undefined) throw new Error(`${route.id}: no value for :${name} in "${probe.about}"`)
      return typeof value === 'string' ? ids[value] : value.literal
    })
    .join('/')
}

const isPage = (route: ManifestRoute) => route.exports.includes('default')
const hasLoader = (route: ManifestRoute) => route.exports.includes('loader')
const hasAction = (route: ManifestRoute) => route.exports.includes('action')
const hasChildren = (route: ManifestRoute) => Object.values(MANIFEST).some((r) => r.parentId === route.id)

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;')
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** One pattern for any of `values`, as they are or HTML-escaped; as whole words (a name is not part of another). */
function anyOf(values: Iterable<string>, options: { wholeWords?: boolean } = {}): RegExp | null {
  const forms = [...new Set([...values].flatMap((v) => [v, escapeHtml(v)]))].map(escapeRegExp)
  if (forms.length === 0) return null
  const alternation = `(?:${forms.join('|')})`
  return new RegExp(options.wholeWords ? `(?<!\\p{L})${alternation}(?!\\p{L})` : alternation, 'u')
}

/** Built once the caseloads are known (see discoverIds). */
const markers = {
  sensitive: anyOf(DEMO_CANDIDATES.flatMap((c) => Object.values(c.sensitive).filter((v) => v !== undefined))),
  phones: anyOf(
    DEMO_CANDIDATES.flatMap((c) =>
      c.phone ? [c.phone, `${c.phone.slice(0, 4)} ${c.phone.slice(4, 7)} ${c.phone.slice(7)}`] : [],
    ),
  ),
  people: null as RegExp | null,
  /** For each caseworker, the people of the other's wards only. */
  othersPeople: { caseworker: null as RegExp | null, otherCaseworker: null as RegExp | null },
}

function buildPeopleMarkers() {
  markers.people = anyOf([...namesOf.caseworker, ...namesOf.otherCaseworker], { wholeWords: true })
  markers.othersPeople.caseworker = anyOf(
    [...namesOf.otherCaseworker].filter((n) => !namesOf.caseworker.has(n)),
    { wholeWords: true },
  )
  markers.othersPeople.otherCaseworker = anyOf(
    [...namesOf.caseworker].filter((n) => !namesOf.otherCaseworker.has(n)),
    { wholeWords: true },
  )
}

const found = (pattern: RegExp | null, body: string) => (pattern ? (pattern.exec(body)?.[0] ?? null) : null)

/** What a response may not carry, given who asked and whether they were refused. */
function checkBody(who: Visitor, body: string, refused: boolean, where: string) {
  const staff = who === 'coordinator' || who === 'caseworker' || who === 'otherCaseworker'
  // Sensitive fields reach only the person's caseworkers and coordinators.
  if (refused || !staff) expect.soft(found(markers.sensitive, body), `${where}: a sensitive field`).toBeNull()
  // Neither a refusal nor anything anonymous names anyone or gives a phone number.
  if (refused || who === 'anonymous') {
    expect.soft(found(markers.people, body), `${where}: a person's name`).toBeNull()
    expect.soft(found(markers.phones, body), `${where}: a phone number`).toBeNull()
  }
  // A refusal has no hint of the programme (the sign-up page's fair-chance pledge, for one, does by design).
  if (refused) expect.soft(found(FORBIDDEN_PATTERN, body), `${where}: a forbidden word`).toBeNull()
  // A caseworker never sees the people of another caseworker's wards.
  if (who === 'caseworker' || who === 'otherCaseworker')
    expect.soft(found(markers.othersPeople[who], body), `${where}: a person of another ward`).toBeNull()
}

let checks = 0

/** Checks one answer against its declared outcome. `asked` is the path and query the app saw (for redirectTo). */
async function checkAnswer(
  res: Response,
  who: Visitor,
  want: Outcome,
  where: string,
  options: { asked: string; dataRequest?: boolean },
) {
  checks += 1
  const redirectStatus = options.dataRequest ? 202 : 302
  const body = await res.text()
  // A data request's redirect travels in its body (React Router's single fetch), a page's in Location.
  const location = options.dataRequest ? singleFetchRedirect(body) : res.headers.get('location')
  if (typeof want === 'number') {
    expect.soft(res.status, where).toBe(want)
  } else {
    const target =
      want === 'login'
        ? `/login?redirectTo=${encodeURIComponent(options.asked)}`
        : want === 'home'
          ? HOME[who as SignedInVisitor]
          : fill(want.redirect)
    expect.soft(`${res.status} ${location}`, where).toBe(`${redirectStatus} ${target}`)
  }
  const refused = want === 403 || want === 404 || want === 'login'
  checkBody(who, body, refused, where)
}

/**
 * The target of a redirect answered to a `.data` request, or null. The body is turbo-stream's flat JSON:
 * `[["SingleFetchRedirect",1],{"_2":3,…},"redirect","/login?…",…]`, where `_K: V` means the key at index K
 * has the value at index V.
 */
function singleFetchRedirect(body: string): string | null {
  let flat: unknown
  try {
    flat = JSON.parse(body.split('\n')[0]!)
  } catch {
    return null
  }
  if (!Array.isArray(flat) || !Array.isArray(flat[0]) || flat[0][0] !== 'SingleFetchRedirect') return null
  const fields = flat[flat[0][1] as number] as Record<string, number>
  for (const [key, value] of Object.entries(fields)) {
    if (flat[Number(key.slice(1))] === 'redirect') return flat[value] as string
  }
  return null
}

beforeAll(async () => {
  server = await startServer({ port: 3227, env: { TRUST_PROXY: 'true' } })
  Object.assign(cookies, await signInAll(server, VISITOR_EMAILS))
  await discoverIds()
  buildPeopleMarkers()
})

afterAll(async () => {
  console.info(`authz matrix: ${checks} route × visitor checks`)
  expect(await server?.stop()).toBe(0)
})

describe('the declared table and the build agree', () => {
  it('every route of the manifest is declared, and every declared route exists', () => {
    const manifest = Object.keys(MANIFEST).sort()
    const declared = Object.keys(ROUTE_ACCESS).sort()
    expect
      .soft(
        manifest.filter((id) => !Object.hasOwn(ROUTE_ACCESS, id)),
        'routes missing from tests/support/route-access.ts',
      )
      .toEqual([])
    expect
      .soft(
        declared.filter((id) => !Object.hasOwn(MANIFEST, id)),
        'declared routes that are not in the build',
      )
      .toEqual([])
  })

  it('every route has a probe, every action a POST, and no POST is declared where there is no action', () => {
    for (const [id, probes] of Object.entries(ROUTE_ACCESS)) {
      const route = MANIFEST[id]
      if (!route) continue
      expect.soft(probes.length, `${id}: no probe`).toBeGreaterThan(0)
      const posts = probes.filter((p) => p.post).length
      if (hasAction(route)) expect.soft(posts, `${id} has an action: declare a POST`).toBeGreaterThan(0)
      else expect.soft(posts, `${id} has no action: a POST is declared`).toBe(0)
      expect.soft(hasLoader(route) || isPage(route), `${id}: neither loader nor page`).toBe(true)
    }
  })
})

describe.each(Object.keys(ROUTE_ACCESS).filter((id) => Object.hasOwn(MANIFEST, id)))('%s', (id) => {
  it.each(ROUTE_ACCESS[id]!.map((probe) => [probe.about, probe] as const))('%s', async (_, probe) => {
    const route = MANIFEST[id]!
    const url = probePath(route, probe)
    const search = probe.search ? fill(probe.search) : ''
    for (const who of VISITORS) {
      const res = await request(who, `${url}${search}`)
      await checkAnswer(res, who, probe.get[who], `GET ${url}${search} as ${who}`, { asked: `${url}${search}` })

      // The page's own loader, alone, where a layout's refusal could hide what it would answer.
      if (isPage(route) && hasLoader(route) && (route.parentId !== 'root' || hasChildren(route))) {
        const query = new URLSearchParams(search)
        query.set('_routes', id)
        const dataUrl = `${url === '/' ? '/_root' : url}.data?${query}`
        const data = await request(who, dataUrl)
        await checkAnswer(data, who, probe.get[who], `GET ${dataUrl} as ${who}`, {
          asked: `${url}${search}`,
          dataRequest: true,
        })
      }

      if (probe.post) {
        // An index route's action is addressed with ?index (without it the POST goes to its layout).
        const postUrl = route.index ? `${url}${search ? `${search}&` : '?'}index` : `${url}${search}`
        let cookie: string | undefined
        if (probe.post.freshSession && who !== 'anonymous') {
          cookie = (await signInAll(server, { [who]: VISITOR_EMAILS[who] }))[who]
        }
        const res = await request(who, postUrl, {
          method: 'POST',
          body: new URLSearchParams(probe.post.body ?? {}),
          cookie,
        })
        // (React Router takes ?index off the URL its action sees.)
        await checkAnswer(res, who, probe.post.expect[who], `POST ${postUrl} as ${who}`, { asked: `${url}${search}` })
        if (cookie) {
          // That session is over: the account page sends it to sign in.
          const after = await request(who, '/account', { cookie })
          expect.soft(after.status, `${who}'s session after POST ${postUrl}`).toBe(302)
        }
      }
    }
  })
})

describe('answered before React Router', () => {
  it.each(OUTSIDE_MANIFEST)('$path', async ({ path: url, get }) => {
    for (const who of VISITORS)
      await checkAnswer(await request(who, url), who, get[who], `GET ${url} as ${who}`, { asked: url })
  })
})

describe("lists carry only the visitor's own", () => {
  const csvNames = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => /^"([^"]*)"/.exec(row)![1]!)

  it("a partner's reports name its own organisation only", async () => {
    const url = '/partner/reports/export?table=partners&format=csv'
    const city = csvNames(await page('coordinator', '/coordinator/reports/export?table=partners&format=csv'))
    const own = {
      employer: 'Công ty TNHH Cơ khí Thăng Long',
      otherPartner: 'Trường Trung cấp Nghề Hà Nội Xanh',
    } as const
    for (const who of ['employer', 'otherPartner'] as const) {
      expect(city).toContain(own[who])
      // Asking for a ward changes nothing: a partner's scope is its organisation.
      for (const search of ['', '&ward=00070'])
        expect(csvNames(await page(who, `${url}${search}`)), who).toEqual([own[who]])
    }
  })

  it("a partner's inbox and listings link nothing of another organisation", async () => {
    const tabs = ['new', 'in_progress', 'closed', 'interests']
    const inbox = async (who: 'employer' | 'otherPartner') => {
      let html = ''
      for (const tab of tabs) html += await page(who, `/partner/referrals?tab=${tab}`)
      return html
    }
    const employerInbox = await inbox('employer')
    const otherInbox = await inbox('otherPartner')
    expect(employerInbox).toContain(`/partner/referrals/${ids.matchOfWard}`)
    expect(employerInbox).not.toContain(ids.otherPartnersMatch)
    expect(otherInbox).toContain(`/partner/referrals/${ids.otherPartnersMatch}`)
    expect(otherInbox).not.toContain(ids.matchOfWard)
    const employerListings = await page('employer', '/partner/listings?status=all')
    const otherListings = await page('otherPartner', '/partner/listings?status=all')
    expect(employerListings).not.toContain(ids.otherPartnerListing)
    expect(otherListings).not.toContain(ids.employerListing)
    const pendingListings = await page('pendingPartner', '/partner/listings?status=all')
    for (const id of [ids.employerListing, ids.employerDraft, ids.otherPartnerListing])
      expect(pendingListings).not.toContain(id)
  })

  it("a caseworker's caseload holds only their wards' people", async () => {
    const caseload = await page('caseworker', '/caseworker/candidates')
    const otherCaseload = await page('otherCaseworker', '/caseworker/candidates')
    expect(caseload).toContain(ids.recordOfWard)
    expect(caseload).not.toContain(ids.recordOfOtherWard)
    expect(otherCaseload).toContain(ids.recordOfOtherWard)
    expect(otherCaseload).not.toContain(ids.recordOfWard)
    expect(otherCaseload).not.toContain(ids.draftOfWard)
  })
})
