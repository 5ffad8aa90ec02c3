import { CaseloadPage } from '~/components/caseload-page'
import { loadCaseloadPage, searchCaseload } from '~/pages/caseload.server'
import { pageTitle } from '~/utils/meta'
import type { Route } from './+types/caseworker.candidates._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseload.title')

/** The caseload of the caseworker's wards. */
export async function loader({ request }: Route.LoaderArgs) {
  return loadCaseloadPage(request, 'caseworker')
}

/** The filter form: what was typed comes back sealed in the address (see searchCaseload). */
export async function action({ request }: Route.ActionArgs) {
  return searchCaseload(request, 'caseworker')
}

export default CaseloadPage
