import { HSDS_HEADERS, hsdsPaging, listHsdsServices } from '#app/modules/opportunities/hsds.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Route } from './+types/api.hsds.services'

/**
 * Open Referral HSDS 3.0: open jobs, courses and loan programmes of approved organisations, paginated
 * (`page`, `per_page`), narrowed by `search` and `organization_id`. Public.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const { page, perPage } = hsdsPaging(params)
  const body = await listHsdsServices({
    page,
    perPage,
    baseUrl: getEnv().appUrl,
    search: params.get('search'),
    organizationId: params.get('organization_id'),
  })
  return new Response(JSON.stringify(body), { headers: HSDS_HEADERS })
}
