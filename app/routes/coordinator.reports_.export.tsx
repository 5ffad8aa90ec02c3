import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node'
import { exportPeople, exportReports } from '~/modules/reports/reports-route.server'

// The dashboard's tables as CSV (UTF-8 with BOM) or an Excel workbook: aggregated figures only.
export const loader = (args: LoaderFunctionArgs) => exportReports(args, 'coordinator')

// POST: the person-level rows, for coordinators, with a reason, audited.
export const action = (args: ActionFunctionArgs) => exportPeople(args)
