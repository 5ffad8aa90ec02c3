import { GeneralErrorBoundary } from '~/components/error-boundary'
import { OpportunitySearchPage } from '~/components/opportunity-search'
import { pageTitle } from '~/utils/meta'
import { loadOpportunitySearch } from '~/pages/opportunity-search.server'
import { requireAreaPermission } from '~/policy.server'
import type { Route } from './+types/caseworker.opportunities'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'search.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'opportunity:search')
  return loadOpportunitySearch({ actor, request, basePath: '/caseworker/opportunities' })
}

export default function CaseworkerOpportunities() {
  return <OpportunitySearchPage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
