import { CasefilePage } from '#app/components/casefile.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { casefileAction, loadCasefile } from '#app/pages/casefile.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { Route } from './+types/coordinator.candidates_.$id'

// The candidate page for coordinators (every ward). The /coordinator layout lets coordinators in; the loader
// and action are shared with /caseworker/candidates/:id. The trailing underscore keeps this page out of any
// coordinator.candidates layout.

// A generic title: the person's name never goes into the browser's history or tab list.
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'casefile.title')

export const loader = (args: Route.LoaderArgs) => loadCasefile(args, 'coordinator')
export const action = (args: Route.ActionArgs) => casefileAction(args, 'coordinator')

export default function CoordinatorCasefile() {
  return <CasefilePage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
