import { exportPeople, exportReports } from '#app/pages/reports.server.ts'
import type { Route } from './+types/coordinator.reports_.export'

// The dashboard's tables as CSV (UTF-8 with BOM) or an Excel workbook: aggregated figures only.
export const loader = (args: Route.LoaderArgs) => exportReports(args, 'coordinator')

// POST: the person-level rows, for coordinators, with a reason, audited.
export const action = (args: Route.ActionArgs) => exportPeople(args)
