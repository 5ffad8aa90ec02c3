import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { CaseloadPage } from '~/components/caseload-page'
import { loadCaseloadPage } from '~/modules/candidates/caseload-route.server'
import { pageTitle } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'caseload.title')

/** The caseload of the caseworker's wards. */
export async function loader({ request }: LoaderFunctionArgs) {
  return loadCaseloadPage(request, 'caseworker')
}

export default CaseloadPage
