import { CaseloadPage } from '#app/components/caseload-page.tsx'
import { loadCaseloadPage, searchCaseload } from '#app/pages/caseload.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { Route } from './+types/coordinator.candidates._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseload.title')

/** Every ward's caseload, for coordinators. */
export async function loader({ request }: Route.LoaderArgs) {
  return loadCaseloadPage(request, 'coordinator')
}

/** The filter form: what was typed comes back sealed in the address (see searchCaseload). */
export async function action({ request }: Route.ActionArgs) {
  return searchCaseload(request, 'coordinator')
}

export default CaseloadPage
