import { eq, lt } from 'drizzle-orm'
import type { Database, Executor } from '#db/client.server.ts'
import { authThrottles } from '#db/schema/index.ts'

/**
 * Login throttling, per account and per address. An account gets 5 free failures, then waits 30 s,
 * doubling with each further failure up to 15 minutes. An address gets 30 failures (many accounts from
 * one place: credential stuffing), then 15 minutes. Counters fade after an hour without failures.
 * Unknown emails are counted exactly like known ones, so the answers never tell them apart.
 * A known device (a browser that signed in to the account before, ADR 020) has a counter of its own, with
 * the account's allowance, in place of the account's lock; its failures still count for the account.
 */
export const THROTTLE_RULES = {
  email: { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 },
  ip: { free: 30, baseMs: 15 * 60_000, maxMs: 15 * 60_000 },
  device: { free: 5, baseMs: 30_000, maxMs: 15 * 60_000 },
  resetAfterMs: 60 * 60_000,
} as const

export type ThrottleKind = 'email' | 'ip' | 'device'

export function throttleKey(kind: ThrottleKind, value: string) {
  return `${kind}:${value.toLowerCase()}`
}

/** How long a key must wait after `failures` consecutive failures (0 when it may try now). */
export function lockDurationMs(kind: ThrottleKind, failures: number): number {
  const rule = THROTTLE_RULES[kind]
  if (failures < rule.free) return 0
  return Math.min(rule.baseMs * 2 ** (failures - rule.free), rule.maxMs)
}

type ThrottleKey = { kind: ThrottleKind; key: string }

/**
 * Reserves one sign-in attempt for every key (an account and an address), counted as a failure until
 * it succeeds. Returns 0 when the attempt may go ahead, else the seconds to wait (and nothing is counted).
 * `countAlso` keys are counted with the others but their locks do not hold the attempt back (a known
 * device's attempt still counts for its account). The rows are locked while deciding, so a burst of
 * parallel guesses gets exactly the free attempts.
 */
export async function reserveAttempt(
  db: Database,
  keys: ThrottleKey[],
  now = new Date(),
  countAlso: ThrottleKey[] = [],
): Promise<number> {
  const checked = new Set(keys.map((k) => k.key))
  const ordered = [...keys, ...countAlso].sort((a, b) => a.key.localeCompare(b.key)) // one lock order: no deadlocks
  return db.transaction(async (tx) => {
    const rows = []
    for (const { kind, key } of ordered) {
      await tx.insert(authThrottles).values({ key, failures: 0, updatedAt: now }).onConflictDoNothing()
      const [row] = await tx.select().from(authThrottles).where(eq(authThrottles.key, key)).for('update')
      rows.push({ kind, row: row! })
    }
    let wait = 0
    for (const { row } of rows) {
      if (!checked.has(row.key)) continue
      if (row.lockedUntil && row.lockedUntil > now) {
        wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000))
      }
    }
    if (wait > 0) return wait
    for (const { kind, row } of rows) {
      const stale = now.getTime() - row.updatedAt.getTime() > THROTTLE_RULES.resetAfterMs
      const failures = (stale ? 0 : row.failures) + 1
      const lock = lockDurationMs(kind, failures)
      await tx
        .update(authThrottles)
        .set({ failures, lockedUntil: lock > 0 ? new Date(now.getTime() + lock) : null, updatedAt: now })
        .where(eq(authThrottles.key, row.key))
    }
    return 0
  })
}

/** A successful sign-in: the account starts afresh. */
export async function clearFailures(executor: Executor, key: string) {
  await executor.delete(authThrottles).where(eq(authThrottles.key, key))
}

/** A successful sign-in from an address: its reserved attempt is given back (others' failures stay). */
export async function releaseAttempt(executor: Executor, kind: ThrottleKind, key: string) {
  const [row] = await executor.select().from(authThrottles).where(eq(authThrottles.key, key))
  if (!row) return
  const failures = Math.max(row.failures - 1, 0)
  await executor
    .update(authThrottles)
    .set({ failures, ...(lockDurationMs(kind, failures) === 0 ? { lockedUntil: null } : {}) })
    .where(eq(authThrottles.key, key))
}

/** Counters untouched for a day are forgotten (run by the maintenance loop). */
export async function pruneThrottles(executor: Executor, now = new Date()) {
  await executor.delete(authThrottles).where(lt(authThrottles.updatedAt, new Date(now.getTime() - 24 * 3600_000)))
}
