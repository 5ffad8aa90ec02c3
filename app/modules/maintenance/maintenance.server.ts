import { lt, or } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { authTokens, sessions } from '#db/schema/index.ts'
import { pruneThrottles } from '#app/modules/auth/throttle.server.ts'
import { eraseExpiredSensitiveData } from '#app/modules/candidates/retention.server.ts'
import { sendCheckInReminders } from '#app/modules/matching/check-ins.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { errorFields, log } from '#app/utils/logger.server.ts'

/**
 * Housekeeping that nobody should have to remember: expired sessions and one-time links go, stale login
 * counters are forgotten, closed cases past the retention period lose their sensitive data, and check-ins due
 * tomorrow or overdue are reminded (once each).
 */
export async function runMaintenance(options: { now?: Date; retentionYears?: number } = {}) {
  const now = options.now ?? new Date()
  const db = getDb()
  const expiredSessions = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.absoluteExpiresAt, now)))
    .returning({ id: sessions.id })
  const oldTokens = await db
    .delete(authTokens)
    .where(lt(authTokens.expiresAt, new Date(now.getTime() - 7 * 24 * 3600_000)))
    .returning({ id: authTokens.id })
  await pruneThrottles(db, now)
  const { erased } = await eraseExpiredSensitiveData({
    retentionYears: options.retentionYears ?? getEnv().RETENTION_YEARS,
    now,
  })
  const reminders = await sendCheckInReminders({ now })
  return { expiredSessions: expiredSessions.length, oldTokens: oldTokens.length, erased, reminders }
}

/** Runs the housekeeping shortly after start-up and then every `intervalMs` (an hour by default). */
export function startMaintenance(options: { intervalMs?: number } = {}) {
  const intervalMs = options.intervalMs ?? 3600_000
  let running: Promise<void> | undefined
  const run = () => {
    running ??= runMaintenance()
      .then((result) => log('info', 'maintenance', result))
      .catch((error) => log('error', 'maintenance failed', errorFields(error)))
      .finally(() => {
        running = undefined
      })
  }
  const first = setTimeout(run, 30_000)
  const timer = setInterval(run, intervalMs)
  first.unref()
  timer.unref()
  return {
    async stop() {
      clearTimeout(first)
      clearInterval(timer)
      await running
    },
  }
}
