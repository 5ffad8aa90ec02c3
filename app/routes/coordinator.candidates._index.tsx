import { CaseloadPage } from '~/components/caseload-page'
import { loadCaseloadPage } from '~/modules/candidates/caseload-route.server'
import { pageTitle } from '~/modules/i18n/meta'
import type { Route } from './+types/coordinator.candidates._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseload.title')

/** Every ward's caseload, for coordinators. */
export async function loader({ request }: Route.LoaderArgs) {
  return loadCaseloadPage(request, 'coordinator')
}

export default CaseloadPage
