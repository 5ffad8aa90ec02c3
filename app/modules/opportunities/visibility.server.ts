import { and, eq, or, type SQL } from 'drizzle-orm'
import { opportunities, organisations } from '#db/schema/index.ts'
import { can, type Actor } from '#app/policy.ts'

/**
 * Which listings someone may see, as a condition for a query that joins `organisations` on
 * `opportunities.organisation_id`. The one place this rule is written:
 * - coordinators: every listing;
 * - members of the listing's organisation: all their own, drafts and closed ones included;
 * - everyone else (caseworkers, other partners, the public): open listings of approved organisations,
 *   so a suspended or rejected organisation's listings disappear for them at once.
 * `undefined` means no restriction.
 */
export function visibleOpportunitiesCondition(actor: Actor | null): SQL | undefined {
  if (can(actor, 'opportunity:read:any')) return undefined
  const published = and(eq(opportunities.status, 'open'), eq(organisations.status, 'approved'))
  const own = can(actor, 'listing:manage:own') ? actor?.membership?.organisationId : undefined
  return own ? or(published, eq(opportunities.organisationId, own)) : published
}

/**
 * Listings that can be offered to someone right now (suggestions, referrals, interest): open, of an approved
 * organisation — for everyone, coordinators included. Same join as above.
 */
export function offerableOpportunitiesCondition(): SQL {
  return and(eq(opportunities.status, 'open'), eq(organisations.status, 'approved'))!
}
