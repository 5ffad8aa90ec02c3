import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ReportDashboard } from '~/components/report-dashboard'
import { pageTitle } from '~/modules/i18n/meta'
import { loadReports } from '~/modules/reports/reports-route.server'
import type { Route } from './+types/partner.reports'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'reports.title.partner')

export const loader = (args: Route.LoaderArgs) => loadReports(args, 'partner')

export default function Reports() {
  return <ReportDashboard />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
