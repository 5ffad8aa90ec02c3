import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { OpportunityStaffDetailPage } from '~/components/opportunity-search-detail'
import { listingTitle } from '~/modules/opportunities/search'
import { loadOpportunityDetail } from '~/modules/opportunities/search-route.server'
import { requireAreaPermission } from '~/policy.server'

export const meta: MetaFunction<typeof loader> = ({ data }) => listingTitle(data?.view.title)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor } = await requireAreaPermission(request, 'coordinator', 'opportunity:search')
  return loadOpportunityDetail({ actor, id: params.id ?? '', basePath: '/coordinator/opportunities' })
}

export default function CoordinatorOpportunity() {
  return <OpportunityStaffDetailPage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
