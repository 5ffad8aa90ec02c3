import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { OpportunitySearchPage } from '#app/components/opportunity-search.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { loadOpportunitySearch } from '#app/pages/opportunity-search.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import type { Route } from './+types/coordinator.opportunities'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'search.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'coordinator', 'opportunity:search')
  return loadOpportunitySearch({ actor, request, basePath: '/coordinator/opportunities' })
}

export default function CoordinatorOpportunities() {
  return <OpportunitySearchPage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
