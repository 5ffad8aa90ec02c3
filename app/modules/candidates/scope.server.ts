import { inArray, sql, type SQL } from 'drizzle-orm'
import { candidates } from '#db/schema/index.ts'
import { can, type Actor } from '#app/policy.ts'

/**
 * Which candidates' records someone may open, as a condition on `candidates`. The one place this rule is
 * written: coordinators every ward; a caseworker only the wards they are assigned to (a caseworker with no
 * ward sees nobody); everyone else nobody. `undefined` means no restriction.
 */
export function candidateScopeCondition(actor: Actor | null): SQL | undefined {
  if (!can(actor, 'candidate:read')) return sql`false`
  if (can(actor, 'candidate:read:any')) return undefined
  const wards = actor?.wardCodes ?? []
  return wards.length > 0 ? inArray(candidates.wardCode, [...wards]) : sql`false`
}
