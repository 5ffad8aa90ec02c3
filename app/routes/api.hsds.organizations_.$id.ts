import { getHsdsOrganization, HSDS_HEADERS } from '#app/modules/opportunities/hsds.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Route } from './+types/api.hsds.organizations_.$id'

/** Open Referral HSDS 3.0: one organisation with its phone and open services. Public. */
export async function loader({ params }: Route.LoaderArgs) {
  const organization = await getHsdsOrganization({ id: params.id, baseUrl: getEnv().appUrl })
  if (!organization) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404, headers: HSDS_HEADERS })
  return new Response(JSON.stringify(organization), { headers: HSDS_HEADERS })
}
