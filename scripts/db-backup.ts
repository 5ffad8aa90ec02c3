// npm run db:backup [-- --out FILE] — writes the whole database, embedded (DATA_DIR) or server (DATABASE_URL),
// to one file that `npm run db:restore` reads back into either kind. The format is in db/backup/file.ts.
//
//   --out FILE (or just FILE)   default backups/hoa-nhap-<UTC time>.jsonl.gz
//   --database-url URL          back up this server database instead of the configured one
//   --data-dir DIR              back up this embedded database instead of the configured one
//   --ignore-lock               the embedded database looks open (postmaster.pid) but the server is stopped
import { existsSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { backupDatabase } from '../db/backup/backup.server'
import { configuredTarget, openTarget } from '../db/backup/connection'
import { BackupError } from '../db/backup/file'
import { describeAudit } from '../db/backup/restore.server'
import { failCommand, formatBytes } from './db'

const started = performance.now()
try {
  const { values, positionals } = parseArgs({
    options: {
      out: { type: 'string', short: 'o' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      'ignore-lock': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  if (positionals.length > 1 || (positionals.length && values.out)) throw new BackupError('Give one output file')
  const stamp = new Date()
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-')
  const file = values.out ?? positionals[0] ?? `backups/hoa-nhap-${stamp}.jsonl.gz`
  if (existsSync(file)) throw new BackupError(`${file} already exists: choose another name`)
  const target = configuredTarget({ databaseUrl: values['database-url'], dataDir: values['data-dir'] })
  const opened = await openTarget(target, { mustExist: true, ignoreLock: values['ignore-lock'] })
  try {
    const { header, rows, bytes } = await backupDatabase({ db: opened.db, driver: opened.driver, file })
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `Backed up ${opened.description} (${header.migrations.at(-1)?.tag ?? 'unknown migration'}) to ${file}: ` +
        `${header.tables.length} tables, ${rows.toLocaleString('en')} rows, ${formatBytes(bytes)}, ${seconds} s; ` +
        `${describeAudit(header.audit)}.\n`,
    )
  } finally {
    await opened.close()
  }
} catch (error) {
  failCommand('db:backup', error)
}
