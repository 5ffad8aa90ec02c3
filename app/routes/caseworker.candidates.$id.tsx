import { CasefilePage } from '#app/components/casefile.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { casefileAction, loadCasefile } from '#app/pages/casefile.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import type { Route } from './+types/caseworker.candidates.$id'

// The candidate page for the candidate's caseworkers. The /caseworker layout lets caseworkers in; the loader
// and action (shared with /coordinator/candidates/:id) keep everyone else to their wards.

// A generic title: the person's name never goes into the browser's history or tab list.
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'casefile.title')

export const loader = (args: Route.LoaderArgs) => loadCasefile(args, 'caseworker')
export const action = (args: Route.ActionArgs) => casefileAction(args, 'caseworker')

export default function CaseworkerCasefile() {
  return <CasefilePage />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
