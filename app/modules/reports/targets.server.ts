import { and, asc, eq, inArray, sql, sum } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { targetMetric, wards, wardTargets, type TargetMetric } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'

/** What a ward can have a yearly target for, in the order pages show them. */
export const TARGET_METRICS: readonly TargetMetric[] = targetMetric.enumValues

/** The bounds the database enforces too (ward_targets checks). */
export const TARGET_LIMITS = { yearMin: 2020, yearMax: 2100, targetMax: 100_000 } as const

// Any fixed number: with the ward's hash as the second key, the lock that makes one ward's saves take turns
// (so the "before" in the audit event is what the save really replaced).
const WARD_TARGET_LOCK = 4242010

export type WardTargetRow = { wardCode: string; wardName: string; metric: TargetMetric; target: number }

export function isTargetYear(year: unknown): year is number {
  return (
    Number.isInteger(year) && (year as number) >= TARGET_LIMITS.yearMin && (year as number) <= TARGET_LIMITS.yearMax
  )
}

function isTargetValue(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0 && (value as number) <= TARGET_LIMITS.targetMax
}

/**
 * A coordinator sets, changes or clears a ward's targets for a year. Only the metrics given are touched:
 * a number sets it, null clears it. Everything is checked before anything is written (a bad value changes
 * nothing), and the change and its audit event commit together. Saving the same values again writes nothing.
 */
export async function setWardTargets(options: {
  actor: Actor
  year: number
  wardCode: string
  targets: Partial<Record<TargetMetric, number | null>>
}): Promise<{ targets: Record<TargetMetric, number | null>; changed: TargetMetric[] }> {
  const { actor, year, wardCode } = options
  authorize(actor, 'coordinator:access')
  if (!isTargetYear(year)) throw new AppError('invalid_input', { field: 'year' })
  const entries = Object.entries(options.targets) as [string, unknown][]
  for (const [metric, value] of entries) {
    if (!(TARGET_METRICS as readonly string[]).includes(metric)) throw new AppError('invalid_input', { field: metric })
    if (value !== null && value !== undefined && !isTargetValue(value)) {
      throw new AppError('invalid_input', { field: metric })
    }
  }
  const wanted = entries.filter(([, v]) => v !== undefined) as [TargetMetric, number | null][]

  return getDb().transaction(async (tx) => {
    const [ward] = await tx.select({ code: wards.code }).from(wards).where(eq(wards.code, wardCode))
    if (!ward) throw new AppError('invalid_input', { field: 'wardCode' })
    await tx.execute(sql`select pg_advisory_xact_lock(${WARD_TARGET_LOCK}, hashtext(${wardCode}))`)
    const rows = await tx
      .select({ metric: wardTargets.metric, target: wardTargets.target })
      .from(wardTargets)
      .where(and(eq(wardTargets.wardCode, wardCode), eq(wardTargets.year, year)))
    const before = Object.fromEntries(TARGET_METRICS.map((m) => [m, null])) as Record<TargetMetric, number | null>
    for (const r of rows) before[r.metric] = r.target
    const after = { ...before }
    const changed: TargetMetric[] = []
    for (const [metric, value] of wanted) {
      if (before[metric] === value) continue
      changed.push(metric)
      after[metric] = value
      if (value === null) {
        await tx
          .delete(wardTargets)
          .where(and(eq(wardTargets.wardCode, wardCode), eq(wardTargets.year, year), eq(wardTargets.metric, metric)))
      } else {
        const now = new Date()
        await tx
          .insert(wardTargets)
          .values({ wardCode, year, metric, target: value, setById: actor.userId, updatedAt: now })
          .onConflictDoUpdate({
            target: [wardTargets.wardCode, wardTargets.year, wardTargets.metric],
            set: { target: value, setById: actor.userId, updatedAt: now },
          })
      }
    }
    if (changed.length > 0) {
      // `details` is flat (ids, codes, numbers): one before/after pair per metric that changed.
      const details: Record<string, string | number | null | string[]> = { year, metrics: changed }
      for (const m of changed) {
        details[`before.${m}`] = before[m]
        details[`after.${m}`] = after[m]
      }
      await writeAudit(tx, {
        actor: { userId: actor.userId, role: actor.role },
        action: 'ward_target.set',
        subjectType: 'ward',
        subjectId: wardCode,
        details,
      })
    }
    return { targets: after, changed }
  })
}

function scope(options: { year: number; wardCodes?: readonly string[] }) {
  const conditions = [eq(wardTargets.year, options.year)]
  if (options.wardCodes) conditions.push(inArray(wardTargets.wardCode, [...options.wardCodes]))
  return and(...conditions)
}

/**
 * The targets set for a year, one row per ward and metric (wards without a target have no row), by ward
 * name, metrics in TARGET_METRICS order. `wardCodes` narrows to those wards (an empty list gives nothing).
 */
export async function listWardTargets(options: { year: number; wardCodes?: string[] }): Promise<WardTargetRow[]> {
  if (options.wardCodes?.length === 0) return []
  return (
    getDb()
      .select({
        wardCode: wardTargets.wardCode,
        wardName: wards.name,
        metric: wardTargets.metric,
        target: wardTargets.target,
      })
      .from(wardTargets)
      .innerJoin(wards, eq(wards.code, wardTargets.wardCode))
      .where(scope(options))
      // The accentless name byte by byte: the same order on every server. An enum sorts in its declared order.
      .orderBy(sql`${wards.searchName} collate "C"`, asc(wardTargets.wardCode), asc(wardTargets.metric))
  )
}

/** The year's targets summed per metric (0 where none is set), city-wide or over `wardCodes`. */
export async function targetTotals(options: {
  year: number
  wardCodes?: string[]
}): Promise<Record<TargetMetric, number>> {
  const totals = Object.fromEntries(TARGET_METRICS.map((m) => [m, 0])) as Record<TargetMetric, number>
  if (options.wardCodes?.length === 0) return totals
  const rows = await getDb()
    .select({ metric: wardTargets.metric, total: sum(wardTargets.target).mapWith(Number) })
    .from(wardTargets)
    .where(scope(options))
    .groupBy(wardTargets.metric)
  for (const r of rows) totals[r.metric] = r.total
  return totals
}
