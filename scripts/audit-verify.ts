// npm run audit:verify — recomputes the audit trail's hash chain and says whether it is whole.
import { closeDatabase } from '../db/client.server'
import { verifyAuditChain } from '../app/modules/audit/audit.server'
import { openConfiguredDatabase } from './db'

await openConfiguredDatabase()
try {
  const report = await verifyAuditChain()
  if (report.brokenAt === null) {
    process.stdout.write(
      `Audit chain intact: ${report.checked} events verified${report.legacy ? `, ${report.legacy} older events without a hash` : ''}.\n`,
    )
  } else {
    process.stdout.write(
      `Audit chain BROKEN at event ${report.brokenAt} (${report.reason}); ${report.checked} events verified before it.\n`,
    )
    process.exitCode = 1
  }
} finally {
  await closeDatabase()
}
