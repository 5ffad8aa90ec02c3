import type { LoaderFunctionArgs } from '@remix-run/node'
import { exportReports } from '~/modules/reports/reports-route.server'

// The dashboard's tables as CSV (UTF-8 with BOM) or an Excel workbook: aggregated figures only.
export const loader = (args: LoaderFunctionArgs) => exportReports(args, 'coordinator')
