import { GeneralErrorBoundary } from '~/components/error-boundary'
import { OpportunitySearchPage } from '~/components/opportunity-search'
import { pageTitle } from '~/utils/meta'
import { loadOpportunitySearch } from '~/pages/opportunity-search.server'
import { requireAreaPermission } from '~/policy.server'
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
