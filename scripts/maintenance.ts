// npm run maintenance — runs the housekeeping once (the server also does it every hour): expired sessions
// and links, stale login counters, and the retention erasure of closed cases (RETENTION_YEARS, default 5).
import { closeDatabase } from '../db/client.server'
import { runMaintenance } from '../app/modules/maintenance/maintenance.server'
import { openConfiguredDatabase } from './db'

await openConfiguredDatabase()
try {
  const result = await runMaintenance()
  process.stdout.write(
    `Removed ${result.expiredSessions} expired sessions and ${result.oldTokens} old links; erased the sensitive data of ${result.erased} closed cases.\n`,
  )
} finally {
  await closeDatabase()
}
