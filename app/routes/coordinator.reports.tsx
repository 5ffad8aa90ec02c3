import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { ReportDashboard } from '~/components/report-dashboard'
import { pageTitle } from '~/modules/i18n/meta'
import { loadReports } from '~/modules/reports/reports-route.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'reports.title.coordinator')

export const loader = (args: LoaderFunctionArgs) => loadReports(args, 'coordinator')

export default function Reports() {
  return <ReportDashboard />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
