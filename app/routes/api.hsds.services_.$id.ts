import type { LoaderFunctionArgs } from '@remix-run/node'
import { getHsdsService, HSDS_HEADERS } from '~/modules/opportunities/hsds.server'
import { getEnv } from '~/utils/env.server'

/** Open Referral HSDS 3.0: one open service with its organisation. Public. */
export async function loader({ params }: LoaderFunctionArgs) {
  const service = await getHsdsService({ id: params.id ?? '', baseUrl: getEnv().appUrl })
  if (!service) return new Response(JSON.stringify({ error: 'not_found' }), { status: 404, headers: HSDS_HEADERS })
  return new Response(JSON.stringify(service), { headers: HSDS_HEADERS })
}
