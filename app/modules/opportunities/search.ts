import { hanoiToday, isCalendarDate } from '#app/utils/dates.ts'
import { isUuid } from '#app/utils/ids.ts'
import type { OpportunityKind } from '#db/schema/index.ts'

// The search's vocabulary and its URL, shared by the server and the page. Pure.

export const SEARCH_SORTS = ['newest', 'deadline', 'relevance'] as const
export type SearchSort = (typeof SEARCH_SORTS)[number]
export const OPPORTUNITY_KINDS = ['job', 'course', 'loan'] as const satisfies readonly OpportunityKind[]

/** What the search form puts in the URL (GET, so results can be shared and Back works). */
export type SearchFilters = {
  q: string
  kinds: OpportunityKind[]
  wardCode: string | undefined
  formerDistrict: string | undefined
  skills: string[]
  includeClosed: boolean
  deadlineBefore: string | undefined
  sort: SearchSort
  cursor: string | undefined
}

export const MAX_QUERY_LENGTH = 200

/** A real calendar day (YYYY-MM-DD). */
export function isIsoDate(value: string): boolean {
  return isCalendarDate(value)
}

/**
 * The filters from a search URL. Lenient on purpose: a link edited by hand, an old bookmark or a value
 * that no longer exists drops that one filter instead of failing the whole page.
 */
export function parseSearchFilters(params: URLSearchParams): SearchFilters {
  const q = (params.get('q') ?? '').trim().slice(0, MAX_QUERY_LENGTH)
  const kinds = [...new Set(params.getAll('kind'))].filter((k): k is OpportunityKind =>
    (OPPORTUNITY_KINDS as readonly string[]).includes(k),
  )
  const ward = params.get('ward') ?? ''
  const district = (params.get('district') ?? '').trim()
  const skills = [...new Set(params.getAll('skill'))].filter((s) => /^[a-z0-9_]{1,60}$/.test(s)).slice(0, 30)
  const before = params.get('before') ?? ''
  const sortParam = params.get('sort')
  // Best match by default: with search words it ranks them, without any it is the newest first.
  const sort: SearchSort = (SEARCH_SORTS as readonly string[]).includes(sortParam ?? '')
    ? (sortParam as SearchSort)
    : 'relevance'
  const cursor = params.get('cursor') ?? ''
  return {
    q,
    kinds,
    wardCode: /^\d{5}$/.test(ward) ? ward : undefined,
    formerDistrict: district && district.length <= 100 ? district : undefined,
    skills,
    includeClosed: params.get('closed') === '1',
    deadlineBefore: isIsoDate(before) ? before : undefined,
    sort,
    cursor: cursor && cursor.length <= 1000 ? cursor : undefined,
  }
}

/** The URL query of a search (without the cursor unless given), for links such as "next page". */
export function searchFiltersToParams(filters: Partial<SearchFilters>): URLSearchParams {
  const p = new URLSearchParams()
  if (filters.q) p.set('q', filters.q)
  for (const k of filters.kinds ?? []) p.append('kind', k)
  if (filters.wardCode) p.set('ward', filters.wardCode)
  if (filters.formerDistrict) p.set('district', filters.formerDistrict)
  for (const s of filters.skills ?? []) p.append('skill', s)
  if (filters.includeClosed) p.set('closed', '1')
  if (filters.deadlineBefore) p.set('before', filters.deadlineBefore)
  if (filters.sort) p.set('sort', filters.sort)
  if (filters.cursor) p.set('cursor', filters.cursor)
  return p
}

/** A listing page's `<title>`: the listing's own title (it is in its author's language). */
export function listingTitle(title: string | undefined): { title: string }[] {
  return [{ title: title ? `${title} · Hòa Nhập` : 'Hòa Nhập' }]
}

export { hanoiToday, isUuid }
