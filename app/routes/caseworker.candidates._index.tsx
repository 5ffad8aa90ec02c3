import { CaseloadPage } from '~/components/caseload-page'
import { loadCaseloadPage } from '~/modules/candidates/caseload-route.server'
import { pageTitle } from '~/modules/i18n/meta'
import type { Route } from './+types/caseworker.candidates._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseload.title')

/** The caseload of the caseworker's wards. */
export async function loader({ request }: Route.LoaderArgs) {
  return loadCaseloadPage(request, 'caseworker')
}

export default CaseloadPage
