// npm run db:restore -- FILE [--force] — restores a backup made by `npm run db:backup` into the configured
// database (DATABASE_URL, else the embedded one in DATA_DIR), checking row counts and the audit chain
// before it commits. Only an empty database is accepted (a data directory that does not exist yet, or a
// newly created server database) unless --force, which replaces everything in it. Stop the server first.
//
//   --database-url URL   restore into this server database instead of the configured one
//   --data-dir DIR       restore into this embedded database (created if missing) instead of the configured one
//   --force              replace the data the database holds
//   --ignore-lock        the embedded database looks open (postmaster.pid) but the server is stopped
import { parseArgs } from 'node:util'
import { configuredTarget, openTarget } from '../db/backup/connection'
import { BackupError } from '../db/backup/file'
import { describeAudit, restoreDatabase } from '../db/backup/restore.server'
import { failCommand } from './db'

const started = performance.now()
try {
  const { values, positionals } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      'data-dir': { type: 'string' },
      force: { type: 'boolean', default: false },
      'ignore-lock': { type: 'boolean', default: false },
    },
    allowPositionals: true,
  })
  const [file, ...extra] = positionals
  if (!file || extra.length) throw new BackupError('Usage: npm run db:restore -- FILE [--force]')
  const target = configuredTarget({ databaseUrl: values['database-url'], dataDir: values['data-dir'] })
  const opened = await openTarget(target, { mustExist: false, ignoreLock: values['ignore-lock'] })
  try {
    const summary = await restoreDatabase({ target: opened, file, force: values.force })
    const { header } = summary
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    const notes = [
      summary.replaced.length ? `replaced the data that was there (${summary.replaced.length} tables)` : '',
      summary.migratedAfter ? `then applied ${summary.migratedAfter} newer migrations` : '',
      header.audit.brokenAt !== null ? 'the audit chain was already broken when the backup was made' : '',
    ].filter(Boolean)
    process.stdout.write(
      `Restored ${file} (made ${header.createdAt} from ${header.source.driver === 'pglite' ? 'an embedded database' : 'a server database'}, ` +
        `${header.migrations.at(-1)?.tag ?? 'unknown migration'}) into ${opened.description}: ` +
        `${header.tables.length} tables, ${summary.rows.toLocaleString('en')} rows, ${seconds} s; ${describeAudit(summary.audit)}` +
        `${notes.length ? `; ${notes.join('; ')}` : ''}.\n`,
    )
  } finally {
    await opened.close()
  }
} catch (error) {
  failCommand('db:restore', error)
}
