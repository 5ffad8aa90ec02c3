import { PGlite } from '@electric-sql/pglite'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { startServer } from '../support/server'
import { E2E_PORT } from '../../playwright.config'
import { DEMO_PASSWORD, E2E_PASSWORD, SENSITIVE_CANARY } from './secrets'

/**
 * One production server on a fresh embedded database for the whole run. Afterwards: it must stop
 * cleanly on SIGTERM (exit 0), and its log must hold no password and no one-time link token.
 */
export default async function globalSetup() {
  const server = await startServer({ port: E2E_PORT })
  process.env.E2E_DATA_DIR = server.dataDir
  return async () => {
    const code = await server.stop()
    if (code !== 0) throw new Error(`server exited with ${code} after SIGTERM; see ${server.logFile}`)
    // The structured log lines; the start-up banner prints the demo password on purpose (for people, not logs).
    const log = readFileSync(server.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .join('\n')
    const db = new PGlite({ dataDir: path.join(server.dataDir, 'pglite') })
    const { rows } = await db.query<{ text: string }>('select text from email_outbox')
    // A candidate's sensitive value never goes into an email either.
    const { rows: mail } = await db.query<{ n: number }>(
      `select count(*)::int as n from email_outbox where html like $1 or text like $1 or subject like $1`,
      [`%${SENSITIVE_CANARY}%`],
    )
    await db.close()
    const tokens = rows.flatMap((r) =>
      [...r.text.matchAll(/\/(?:verify-email|reset-password|invitation)\/([a-z2-7]{32})/g)].map((m) => m[1]!),
    )
    const leaks = [DEMO_PASSWORD, E2E_PASSWORD, SENSITIVE_CANARY, ...tokens].filter((secret) => log.includes(secret))
    if ((mail[0]?.n ?? 0) > 0) throw new Error("a candidate's sensitive value appeared in an email")
    if (leaks.length > 0) throw new Error(`${leaks.length} secret(s) appeared in the server log ${server.logFile}`)
    if (!/"msg":"stopped"/.test(log)) throw new Error('the server did not log a clean stop')
  }
}
