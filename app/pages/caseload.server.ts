import { redirect } from 'react-router'
import { CaseloadQuerySchema } from '#app/modules/candidates/candidates.schema.ts'
import { listCaseload } from '#app/modules/candidates/candidates.server.ts'
import { can } from '#app/policy.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { getWardNames, listWards } from '#app/modules/wards/wards.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { openSearch, sealSearch } from '#app/utils/sealed-search.server.ts'

type Area = 'caseworker' | 'coordinator'

/** The filters that may travel in the caseload's address as they are (nothing about a person). */
const PLAIN_FILTERS = ['status', 'needs', 'wardCode', 'sort', 'followUpsDue'] as const

/**
 * The loader of the caseload list, shared by the caseworker and coordinator pages.
 *
 * What was searched for (a name, a phone number) and the page cursor (which holds the last name on the page
 * when sorting by name) travel sealed for the session (`s`, `cursor`): the address, the browser's history and
 * any log see neither. An address with a plain `q` (an old bookmark, a typed address) is sealed at once.
 * A sealed search that no longer opens (another session, expired) is dropped, and the page says so.
 */
export async function loadCaseloadPage(request: Request, area: Area) {
  const { actor, auth } = await requireAreaPermission(request, area, 'candidate:read')
  const url = new URL(request.url)
  const sessionId = auth.session.id
  if (url.searchParams.has('q')) {
    throw redirect(caseloadAddress(url.pathname, url.searchParams, sessionId))
  }
  const sealed = url.searchParams.get('s')
  const q = sealed ? openSearch(sealed, sessionId) : null
  const sealedCursor = url.searchParams.get('cursor')
  const query = CaseloadQuerySchema.parse({
    ...Object.fromEntries(url.searchParams),
    q: q ?? undefined,
    cursor: (sealedCursor && openSearch(sealedCursor, sessionId)) ?? undefined,
  })
  const wardsFor = can(actor, 'candidate:read:any')
    ? listWards().then((all) => all.map((w) => ({ code: w.code, name: w.name })))
    : getWardNames(actor.wardCodes).then((names) =>
        [...names].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      )
  const [result, wards] = await Promise.all([listCaseload({ actor, ...query }), wardsFor])
  const filtered = Boolean(query.q || query.needs || query.wardCode || query.followUpsDue)
  return {
    query: { ...query, cursor: undefined },
    filtered,
    searchLost: sealed !== null && q === null,
    wards,
    ...result,
    nextCursor: result.nextCursor ? sealSearch(result.nextCursor, sessionId) : null,
  }
}

/**
 * The caseload's filter form is posted, so that what was typed never becomes part of an address: the answer
 * is a redirect to the list with the search sealed for this session.
 */
export async function searchCaseload(request: Request, area: Area) {
  const { auth } = await requireAreaPermission(request, area, 'candidate:read')
  const form = await readForm(request)
  return redirect(caseloadAddress(new URL(request.url).pathname, form, auth.session.id))
}

/** The list's address for these filters (a query string or a posted form): plain filters, the search sealed. */
function caseloadAddress(pathname: string, fields: URLSearchParams | FormData, sessionId: string) {
  const text = (name: string) => {
    const value = fields.get(name)
    return typeof value === 'string' ? value : ''
  }
  const next = new URLSearchParams()
  for (const name of PLAIN_FILTERS) {
    const value = text(name)
    // The default order goes without saying.
    if (value && !(name === 'sort' && value === 'recent')) next.set(name, value)
  }
  const q = CaseloadQuerySchema.shape.q.parse(text('q'))
  if (q) next.set('s', sealSearch(q, sessionId))
  const search = next.toString()
  return search ? `${pathname}?${search}` : pathname
}
