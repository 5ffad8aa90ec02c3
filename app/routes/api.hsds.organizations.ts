import { HSDS_HEADERS, hsdsPaging, listHsdsOrganizations } from '#app/modules/opportunities/hsds.server.ts'
import type { Route } from './+types/api.hsds.organizations'

/** Open Referral HSDS 3.0: approved partner organisations, paginated (`page`, `per_page`). Public. */
export async function loader({ request }: Route.LoaderArgs) {
  const { page, perPage } = hsdsPaging(new URL(request.url).searchParams)
  const body = await listHsdsOrganizations({ page, perPage })
  return new Response(JSON.stringify(body), { headers: HSDS_HEADERS })
}
