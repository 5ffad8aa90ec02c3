import { CaseloadPage } from '#app/components/caseload-page.tsx'
import { loadCaseloadPage, searchCaseload } from '#app/pages/caseload.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
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
