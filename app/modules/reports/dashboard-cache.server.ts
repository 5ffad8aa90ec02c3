import { sql } from 'drizzle-orm'
import { getDb, rowsOf, type Database, type Executor } from '#db/client.server.ts'
import { hanoiToday } from '#app/utils/dates.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { dashboard, type ReportScope } from './metrics.server'

// A dashboard is computed from hundreds of thousands of rows (the whole city: ~1 s at 500,000 match events on a
// 2-core machine), yet most views repeat one already computed with nothing changed since. The database keeps a
// generation number (the `report_generation` sequence, migration 0011) that every statement writing a table the
// figures read moves on, by trigger, so no writer can forget it. A computed dashboard is served again while the
// generation is the one it was computed at — the same figures a fresh computation would give — and for at most
// REPORT_CACHE_MAX_AGE_MS, a bound on the one case the generation cannot see: a writer that moved it before this computation
// began but committed after it read its rows. Concurrent requests for the same view share one computation.
// Per process and per database, in memory, bounded; nothing personal is in a dashboard.

export type DashboardFigures = Awaited<ReturnType<typeof dashboard>>
type Entry = { generation: string; computedAt: number; figures: Promise<DashboardFigures> }

const MAX_ENTRIES = 200
const caches = new WeakMap<Database, Map<string, Entry>>()

/** The generation of the figures' tables now (a sequence read: no lock, no transaction needed). */
export async function reportGeneration(executor: Executor): Promise<string> {
  const [row] = rowsOf<{ last_value: string | number; is_called: boolean }>(
    await executor.execute(sql`select last_value, is_called from report_generation`),
  )
  return row ? `${row.last_value}:${row.is_called}` : '0'
}

/** One view of the figures: the scope, whether caseload figures are in it, and the Hanoi day (overdue counts). */
export function viewKey(scope: ReportScope, options: { withCaseload: boolean; now?: Date }): string {
  return JSON.stringify([
    scope.from,
    scope.to,
    scope.wardCodes ? [...scope.wardCodes].sort() : null,
    scope.organisationId ?? null,
    options.withCaseload,
    hanoiToday(options.now),
  ])
}

/**
 * `dashboard(scope, options)`, served from the figures computed before when nothing they read has changed.
 * `computed` says whether this call computed them (for the benchmark and the tests).
 */
export async function cachedDashboard(
  scope: ReportScope,
  options: { withCaseload: boolean; now?: Date },
): Promise<{ figures: DashboardFigures; computed: boolean }> {
  const db = getDb()
  let cache = caches.get(db)
  if (!cache) {
    cache = new Map()
    caches.set(db, cache)
  }
  const key = viewKey(scope, options)
  const generation = await reportGeneration(db)
  const hit = cache.get(key)
  if (hit && hit.generation === generation && Date.now() - hit.computedAt < getEnv().REPORT_CACHE_MAX_AGE_MS) {
    // Most recently used last, so the oldest is the first to go.
    cache.delete(key)
    cache.set(key, hit)
    return { figures: await hit.figures, computed: false }
  }
  const entry: Entry = { generation, computedAt: Date.now(), figures: dashboard(scope, options) }
  cache.set(key, entry)
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!)
  try {
    return { figures: await entry.figures, computed: true }
  } catch (error) {
    // A failure is not remembered: the next request computes again.
    if (cache.get(key) === entry) cache.delete(key)
    throw error
  }
}
