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

/** Ends a command with its error on one line (the stack only with DEBUG=1) and a failing exit code. */
export function failCommand(command: string, error: unknown) {
  const message = error instanceof Error ? error.message : String(error)
  process.stderr.write(`${command}: ${message.split('\n')[0]}\n`)
  if (process.env.DEBUG === '1' && error instanceof Error) process.stderr.write(`${error.stack}\n`)
  process.exitCode = 1
}

export function formatBytes(bytes: number) {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
