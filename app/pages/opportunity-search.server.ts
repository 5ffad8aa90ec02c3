import { listSkills } from '#app/modules/skills/skills.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { can, type Actor } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { buildOpportunityJsonLd, serializeJsonLd } from '#app/modules/opportunities/json-ld.ts'
import { hanoiToday, parseSearchFilters } from '#app/modules/opportunities/search.ts'
import { findOpportunityForStaff, searchOpportunities } from '#app/modules/opportunities/search.server.ts'

// What the search pages' loaders return, shared by the caseworker and coordinator routes (each route
// checks 'opportunity:search' itself, then calls these).

export const SEARCH_PAGE_SIZE = 20

/** Former districts (before the July 2025 reform), in Vietnamese alphabetical order. */
function formerDistricts(wards: { formerDistricts: string[] }[]): string[] {
  return [...new Set(wards.flatMap((w) => w.formerDistricts))].sort((a, b) => a.localeCompare(b, 'vi'))
}

/** The search page's data: the filters as understood, one page of results, and the pickers' options. */
export async function loadOpportunitySearch({
  actor,
  request,
  basePath,
}: {
  actor: Actor
  request: Request
  basePath: string
}) {
  const [wards, skills] = await Promise.all([listWards(), listSkills()])
  const parsed = parseSearchFilters(new URL(request.url).searchParams)
  const districts = formerDistricts(wards)
  const skillCodes = new Set(skills.map((s) => s.code))
  // Values the pickers cannot show (an old link, a hand-edited URL) are dropped rather than applied
  // invisibly.
  const filters = {
    ...parsed,
    wardCode: parsed.wardCode && wards.some((w) => w.code === parsed.wardCode) ? parsed.wardCode : undefined,
    formerDistrict:
      parsed.formerDistrict && districts.includes(parsed.formerDistrict) ? parsed.formerDistrict : undefined,
    skills: parsed.skills.filter((s) => skillCodes.has(s)),
  }
  const today = hanoiToday()
  const result = await searchOpportunities({ actor, ...filters, limit: SEARCH_PAGE_SIZE, today })
  return {
    basePath,
    today,
    filters,
    result,
    canSeeClosed: can(actor, 'opportunity:read:any'),
    districts,
    wards: wards.map((w) => ({ code: w.code, name: w.name })),
    skills,
  }
}

/** One listing for a staff page, with its schema.org JSON-LD; 404 when the reader may not see it. */
export async function loadOpportunityDetail({ actor, id, basePath }: { actor: Actor; id: string; basePath: string }) {
  const view = await findOpportunityForStaff({ actor, id })
  if (!view) throw new Response('Not found', { status: 404 })
  const today = hanoiToday()
  const baseUrl = getEnv().appUrl
  const isPublic =
    view.status === 'open' && view.organisationStatus === 'approved' && (!view.deadline || view.deadline >= today)
  return {
    basePath,
    today,
    view,
    publicPath: isPublic ? `/opportunities/${view.id}` : null,
    jsonLd: serializeJsonLd(buildOpportunityJsonLd(view, { baseUrl })),
  }
}
