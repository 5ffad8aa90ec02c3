import { getHsdsService, HSDS_HEADERS } from '#app/modules/opportunities/hsds.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Route } from './+types/api.hsds.services_.$id'

/** Open Referral HSDS 3.0: one open service with its organisation. Public. */
export async function loader({ params }: Route.LoaderArgs) {
  const service = await getHsdsService({ id: params.id, baseUrl: getEnv().appUrl })
  if (!service) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404, headers: HSDS_HEADERS })
  return new Response(JSON.stringify(service), { headers: HSDS_HEADERS })
}
