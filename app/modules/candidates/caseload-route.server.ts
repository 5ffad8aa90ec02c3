import { CaseloadQuerySchema } from './candidates.schema'
import { listCaseload } from './candidates.server'
import { can } from '~/policy'
import { requireAreaPermission } from '~/policy.server'
import { getWardNames, listWards } from '~/modules/wards/wards.server'

/** The loader of the caseload list, shared by the caseworker and coordinator pages. */
export async function loadCaseloadPage(request: Request, area: 'caseworker' | 'coordinator') {
  const { actor } = await requireAreaPermission(request, area, 'candidate:read')
  const url = new URL(request.url)
  const query = CaseloadQuerySchema.parse(Object.fromEntries(url.searchParams))
  const wardsFor = can(actor, 'candidate:read:any')
    ? listWards().then((all) => all.map((w) => ({ code: w.code, name: w.name })))
    : getWardNames(actor.wardCodes).then((names) =>
        [...names].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      )
  const [result, wards] = await Promise.all([listCaseload({ actor, ...query }), wardsFor])
  const filtered = Boolean(query.q || query.needs || query.wardCode || query.followUpsDue)
  return { query: { ...query, cursor: undefined }, filtered, wards, ...result }
}
