import { GeneralErrorBoundary } from '~/components/error-boundary'
import { OpportunityStaffDetailPage } from '~/components/opportunity-search-detail'
import { listingTitle } from '~/modules/opportunities/search'
import { loadOpportunityDetail } from '~/pages/opportunity-search.server'
import { requireAreaPermission } from '~/policy.server'
import type { Route } from './+types/coordinator.opportunities_.$id'

export const meta: Route.MetaFunction = ({ data }) => listingTitle(data?.view.title)

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'coordinator', 'opportunity:search')
  return loadOpportunityDetail({ actor, id: params.id, basePath: '/coordinator/opportunities' })
}

export default function CoordinatorOpportunity() {
  return <OpportunityStaffDetailPage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
