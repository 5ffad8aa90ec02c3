import { eq, sql } from 'drizzle-orm'
import type { Executor } from '#db/client.server'
import { authThrottles } from '#db/schema'

/**
 * Login throttling, per account and per address. An account gets 5 free failures, then waits 30 s,
 * doubling with each further failure up to 15 minutes. An address gets 30 failures (many accounts from
 * one place: credential stuffing), then 15 minutes. Counters fade after an hour without failures.
 * Unknown emails are counted exactly like known ones, so the answers never tell them apart.
 */
export const THROTTLE_RULES = {
  email: { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 },
  ip: { free: 30, baseMs: 15 * 60_000, maxMs: 15 * 60_000 },
  resetAfterMs: 60 * 60_000,
} as const

export type ThrottleKind = 'email' | 'ip'

export function throttleKey(kind: ThrottleKind, value: string) {
  return `${kind}:${value.toLowerCase()}`
}

/** How long a key must wait after `failures` consecutive failures (0 when it may try now). */
export function lockDurationMs(kind: ThrottleKind, failures: number): number {
  const rule = THROTTLE_RULES[kind]
  if (failures < rule.free) return 0
  return Math.min(rule.baseMs * 2 ** (failures - rule.free), rule.maxMs)
}

/** Seconds until these keys may try again, or 0. */
export async function secondsUntilAllowed(executor: Executor, keys: string[], now = new Date()): Promise<number> {
  let wait = 0
  for (const key of keys) {
    const [row] = await executor.select().from(authThrottles).where(eq(authThrottles.key, key))
    if (row?.lockedUntil && row.lockedUntil > now) {
      wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000))
    }
  }
  return wait
}

export async function recordFailure(executor: Executor, kind: ThrottleKind, key: string, now = new Date()) {
  const [existing] = await executor.select().from(authThrottles).where(eq(authThrottles.key, key))
  const stale = existing && now.getTime() - existing.updatedAt.getTime() > THROTTLE_RULES.resetAfterMs
  const failures = (existing && !stale ? existing.failures : 0) + 1
  const lock = lockDurationMs(kind, failures)
  const lockedUntil = lock > 0 ? new Date(now.getTime() + lock) : null
  await executor
    .insert(authThrottles)
    .values({ key, failures, lockedUntil, updatedAt: now })
    .onConflictDoUpdate({ target: authThrottles.key, set: { failures, lockedUntil, updatedAt: now } })
}

export async function clearFailures(executor: Executor, key: string) {
  await executor.delete(authThrottles).where(eq(authThrottles.key, key))
}

/** Counters untouched for a day are forgotten (run by the maintenance loop). */
export async function pruneThrottles(executor: Executor, now = new Date()) {
  await executor
    .delete(authThrottles)
    .where(sql`${authThrottles.updatedAt} < ${new Date(now.getTime() - 24 * 3600_000)}`)
}
