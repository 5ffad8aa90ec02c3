import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { OpportunityStaffDetailPage } from '#app/components/opportunity-search-detail.tsx'
import { listingTitle } from '#app/modules/opportunities/search.ts'
import { loadOpportunityDetail } from '#app/pages/opportunity-search.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import type { Route } from './+types/caseworker.opportunities_.$id'

export const meta: Route.MetaFunction = ({ data }) => listingTitle(data?.view.title)

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'opportunity:search')
  return loadOpportunityDetail({ actor, id: params.id, basePath: '/caseworker/opportunities' })
}

export default function CaseworkerOpportunity() {
  return <OpportunityStaffDetailPage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
