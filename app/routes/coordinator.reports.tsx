import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ReportDashboard } from '~/components/report-dashboard'
import { pageTitle } from '~/utils/meta'
import { loadReports } from '~/pages/reports.server'
import type { Route } from './+types/coordinator.reports'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'reports.title.coordinator')

export const loader = (args: Route.LoaderArgs) => loadReports(args, 'coordinator')

export default function Reports() {
  return <ReportDashboard />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
