import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { ReportDashboard } from '#app/components/report-dashboard.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { loadReports } from '#app/pages/reports.server.ts'
import type { Route } from './+types/partner.reports'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'reports.title.partner')

export const loader = (args: Route.LoaderArgs) => loadReports(args, 'partner')

export default function Reports() {
  return <ReportDashboard />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
