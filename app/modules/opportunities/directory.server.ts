import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { opportunities, organisations, wards, type OpportunityKind, type OrganisationKind } from '#db/schema/index.ts'
import { hanoiToday } from './search'
import { visibleOpportunitiesCondition } from './visibility.server'

/*
 * The public directory of partners (/partners): approved organisations that chose to be listed, with how
 * many listings they have open and the newest few. Public data only. Organisations are few (hundreds),
 * so numbered pages with OFFSET are fine here; ordered by name without diacritics, then id.
 */

export const DIRECTORY_PAGE_SIZE = 24
const LATEST_PER_ORGANISATION = 3

export type DirectoryEntry = {
  id: string
  kind: OrganisationKind
  name: string
  description: string | null
  wardName: string | null
  openListings: number
  latest: { id: string; kind: OpportunityKind; title: string }[]
}

export type DirectoryPage = {
  items: DirectoryEntry[]
  kind: OrganisationKind | null
  page: number
  totalPages: number
  total: number
  /** Listed organisations of each kind (for the filter). */
  byKind: Record<OrganisationKind, number>
}

const listed = and(eq(organisations.status, 'approved'), eq(organisations.listedInDirectory, true))

export async function listPartnerDirectory(options: {
  kind?: OrganisationKind | null
  page?: number
  perPage?: number
  today?: string
}): Promise<DirectoryPage> {
  const db = getDb()
  const perPage = options.perPage ?? DIRECTORY_PAGE_SIZE
  const where = options.kind ? and(listed, eq(organisations.kind, options.kind)) : listed
  const kindCounts = await db
    .select({ kind: organisations.kind, n: count() })
    .from(organisations)
    .where(listed)
    .groupBy(organisations.kind)
  const byKind: Record<OrganisationKind, number> = { employer: 0, training_centre: 0, lender: 0 }
  for (const r of kindCounts) byKind[r.kind] = Number(r.n)
  const total = options.kind ? byKind[options.kind] : Object.values(byKind).reduce((a, b) => a + b, 0)
  const totalPages = Math.max(1, Math.ceil(total / perPage))
  const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), totalPages)

  const rows = await db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      name: organisations.name,
      description: organisations.description,
      wardName: wards.name,
    })
    .from(organisations)
    .leftJoin(wards, eq(wards.code, organisations.wardCode))
    .where(where)
    .orderBy(sql`lower(unaccent(${organisations.name}))`, asc(organisations.id))
    .limit(perPage)
    .offset((page - 1) * perPage)

  const ids = rows.map((r) => r.id)
  const today = options.today ?? hanoiToday()
  const open = and(
    visibleOpportunitiesCondition(null),
    sql`coalesce(${opportunities.deadline}, 'infinity'::date) >= ${today}::date`,
    inArray(opportunities.organisationId, ids.length ? ids : ['00000000-0000-0000-0000-000000000000']),
  )
  const newest = sql`coalesce(${opportunities.publishedAt}, ${opportunities.createdAt})`
  const ranked = db
    .select({
      id: opportunities.id,
      organisationId: opportunities.organisationId,
      kind: opportunities.kind,
      title: opportunities.title,
      rn: sql<number>`row_number() over (partition by ${opportunities.organisationId} order by ${newest} desc, ${opportunities.id} desc)`.as(
        'rn',
      ),
    })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .where(open)
    .as('ranked')
  const [counts, latest] = ids.length
    ? await Promise.all([
        db
          .select({ organisationId: opportunities.organisationId, n: count() })
          .from(opportunities)
          .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
          .where(open)
          .groupBy(opportunities.organisationId),
        db
          .select({ id: ranked.id, organisationId: ranked.organisationId, kind: ranked.kind, title: ranked.title })
          .from(ranked)
          .where(sql`${ranked.rn} <= ${LATEST_PER_ORGANISATION}`)
          .orderBy(asc(ranked.organisationId), asc(ranked.rn)),
      ])
    : [[], []]
  const countOf = new Map(counts.map((c) => [c.organisationId, Number(c.n)]))
  return {
    items: rows.map((r) => ({
      ...r,
      openListings: countOf.get(r.id) ?? 0,
      latest: latest.filter((l) => l.organisationId === r.id).map((l) => ({ id: l.id, kind: l.kind, title: l.title })),
    })),
    kind: options.kind ?? null,
    page,
    totalPages,
    total,
    byKind,
  }
}
