import { openDatabase } from '../db/client.server'
import { getEnv } from '../app/utils/env.server'

/**
 * Opens the configured database for a command-line script. With the embedded database, the server
 * must not be running: PGlite has no lock, and two processes on one data directory corrupt it.
 */
export async function openConfiguredDatabase() {
  const env = getEnv()
  if (env.DATABASE_URL) return openDatabase({ driver: 'postgres', url: env.DATABASE_URL, poolMax: 2 })
  process.stderr.write(`Using the embedded database in ${env.DATA_DIR} (stop the server first).\n`)
  return openDatabase({ driver: 'pglite', dataDir: env.DATA_DIR })
}
