import { exportReports } from '#app/pages/reports.server.ts'
import type { Route } from './+types/caseworker.reports_.export'

// The dashboard's tables as CSV (UTF-8 with BOM) or an Excel workbook: aggregated figures only.
export const loader = (args: Route.LoaderArgs) => exportReports(args, 'caseworker')
