import { createHash } from 'node:crypto'
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { courseDetails, jobDetails, loanDetails, opportunities, organisations, wards } from '#db/schema/index.ts'
import { formatNumber, formatVnd } from '#app/modules/i18n/format.ts'
import { translate } from '#app/modules/i18n/resources.server.ts'
import { publicListingUrl } from './json-ld'
import { hanoiToday, isUuid } from './search'
import { searchTsQuery } from './search.server'
import { visibleOpportunitiesCondition } from './visibility.server'

/*
 * Open Referral HSDS 3.0 JSON: the approved organisations of the public directory and their open listings
 * (jobs, courses, loan programmes), as organizations and services. Public data only: nothing here reads
 * candidates, matches or users.
 *
 * Schema consulted: openreferral/specification, branch 3.0 —
 * - schema/organization.json: required ["id", "name", "description"]; id is a uuid string, email "email",
 *   website "uri"; tax_id a string (deprecated, still listed).
 * - schema/service.json and schema/compiled/service_list.json: required ["id", "name", "status"],
 *   tabular_required ["organization_id"]; status one of "active", "inactive", "defunct",
 *   "temporarily closed"; minimum_age / maximum_age numbers; last_modified date-time.
 * - schema/phone.json: required ["id", "number"].
 * - schema/openapi.json, components.schemas.Page: total_items, total_pages, page_number, size (integers),
 *   first_page, last_page, empty (booleans; only "empty" required) and `contents` with the items; query
 *   parameters `page`, `per_page`, `search`, `organization_id`. List endpoints carry one-to-one fields only;
 *   `/organizations/{id}` and `/services/{id}` are the nested objects.
 * Which organisations: approved ones that chose to be listed in the public directory (listed_in_directory);
 * an organisation that opted out of the directory is left out of this feed too, with its services.
 * Which services: their open listings whose deadline (a Hanoi day) has not passed — all "active".
 * Texts are in Vietnamese, the listings' own language.
 */

export const HSDS_DEFAULT_PER_PAGE = 50
export const HSDS_MAX_PER_PAGE = 100

export type HsdsPage<T> = {
  total_items: number
  total_pages: number
  page_number: number
  size: number
  first_page: boolean
  last_page: boolean
  empty: boolean
  contents: T[]
}

export type HsdsPhone = { id: string; organization_id?: string; number: string; type: string }

export type HsdsOrganization = {
  id: string
  name: string
  description: string
  email?: string
  tax_id?: string
  legal_status?: string
  services?: HsdsService[]
  phones?: HsdsPhone[]
}

export type HsdsService = {
  id: string
  organization_id: string
  name: string
  description: string
  url: string
  email?: string
  status: 'active'
  eligibility_description?: string
  minimum_age?: number
  maximum_age?: number
  fees_description?: string
  application_process: string
  last_modified: string
  organization?: HsdsOrganization
}

/** `page` (from 1) and `per_page` (1–100) from the query string; anything else falls back to the default. */
export function hsdsPaging(params: URLSearchParams): { page: number; perPage: number } {
  const int = (v: string | null) => (v !== null && /^\d{1,9}$/.test(v.trim()) ? Number(v) : null)
  const page = int(params.get('page'))
  const perPage = int(params.get('per_page'))
  return {
    page: page && page >= 1 ? page : 1,
    perPage: perPage && perPage >= 1 ? Math.min(perPage, HSDS_MAX_PER_PAGE) : HSDS_DEFAULT_PER_PAGE,
  }
}

/** The HSDS page envelope. Pages count from 1; a page past the last is empty, not an error. */
export function hsdsPage<T>(contents: T[], totalItems: number, page: number, perPage: number): HsdsPage<T> {
  const totalPages = Math.ceil(totalItems / perPage)
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  }
}

/** A stable UUID (v5 layout) for objects we do not store as rows, such as an organisation's phone. */
export function derivedUuid(name: string): string {
  const h = createHash('sha1').update(`hoa-nhap:hsds:${name}`).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const hex = h.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

const listedOrganisation = and(eq(organisations.status, 'approved'), eq(organisations.listedInDirectory, true))

/** Open listings the public may see (the visibility rule for no one signed in), not past their deadline. */
function openListing(today: string): SQL {
  return and(
    visibleOpportunitiesCondition(null),
    listedOrganisation,
    sql`coalesce(${opportunities.deadline}, 'infinity'::date) >= ${today}::date`,
  )!
}

const organisationColumns = {
  id: organisations.id,
  kind: organisations.kind,
  name: organisations.name,
  description: organisations.description,
  email: organisations.email,
  phone: organisations.phone,
  taxCode: organisations.taxCode,
}
type OrganisationRow = {
  id: string
  kind: 'employer' | 'training_centre' | 'lender'
  name: string
  description: string | null
  email: string | null
  phone: string | null
  taxCode: string | null
}

/** The feed's text, in Vietnamese, with {{placeholders}} filled in. */
const t = (key: string, values: Record<string, string | number> = {}) => translate('vi', key, values)

function toOrganization(row: OrganisationRow): HsdsOrganization {
  return compact({
    id: row.id,
    name: row.name,
    // Required by HSDS: an organisation that wrote no description is described by its kind.
    description: row.description?.trim() || t(`organisationKind.${row.kind}`),
    email: row.email ?? undefined,
    tax_id: row.taxCode ?? undefined,
    legal_status: t(`organisationKind.${row.kind}`),
  })
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T
}

/** Approved, listed organisations, one-to-one fields only. */
export async function listHsdsOrganizations(options: { page: number; perPage: number }) {
  const db = getDb()
  const [rows, [total]] = await Promise.all([
    db
      .select(organisationColumns)
      .from(organisations)
      .where(listedOrganisation)
      .orderBy(asc(organisations.id))
      .limit(options.perPage)
      .offset((options.page - 1) * options.perPage),
    db.select({ n: count() }).from(organisations).where(listedOrganisation),
  ])
  return hsdsPage(
    rows.map((r) => toOrganization(r)),
    Number(total?.n ?? 0),
    options.page,
    options.perPage,
  )
}

/** One organisation, nested: its phone and its open services. Null when it is not in the feed. */
export async function getHsdsOrganization(options: {
  id: string
  baseUrl: string
  today?: string
}): Promise<HsdsOrganization | null> {
  if (!isUuid(options.id)) return null
  const [row] = await getDb()
    .select(organisationColumns)
    .from(organisations)
    .where(and(eq(organisations.id, options.id), listedOrganisation))
  if (!row) return null
  const services = await serviceRows({
    where: and(openListing(options.today ?? hanoiToday()), eq(opportunities.organisationId, row.id))!,
  })
  return {
    ...toOrganization(row),
    phones: row.phone
      ? [{ id: derivedUuid(`${row.id}:phone`), organization_id: row.id, number: row.phone, type: 'voice' }]
      : [],
    services: services.map((s) => toService(s, options.baseUrl)),
  }
}

const serviceColumns = {
  id: opportunities.id,
  organisationId: opportunities.organisationId,
  kind: opportunities.kind,
  title: opportunities.title,
  description: opportunities.description,
  capacity: opportunities.capacity,
  deadline: opportunities.deadline,
  minAge: opportunities.minAge,
  maxAge: opportunities.maxAge,
  eligibilityNotes: opportunities.eligibilityNotes,
  updatedAt: opportunities.updatedAt,
  wardName: wards.name,
  organisationEmail: organisations.email,
  wageMin: jobDetails.wageMin,
  wageMax: jobDetails.wageMax,
  wagePeriod: jobDetails.wagePeriod,
  costVnd: courseDetails.costVnd,
  subsidyVnd: courseDetails.subsidyVnd,
  durationWeeks: courseDetails.durationWeeks,
  amountMin: loanDetails.amountMin,
  amountMax: loanDetails.amountMax,
  interestRate: loanDetails.interestRate,
  termMonths: loanDetails.termMonths,
}

function serviceRows(options: { where: SQL; page?: number; perPage?: number }) {
  const query = getDb()
    .select(serviceColumns)
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(jobDetails, eq(jobDetails.opportunityId, opportunities.id))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(options.where)
    .orderBy(asc(opportunities.id))
    .$dynamic()
  return options.perPage ? query.limit(options.perPage).offset(((options.page ?? 1) - 1) * options.perPage) : query
}

type ServiceRow = Awaited<ReturnType<typeof serviceRows>>[number]

function feesDescription(r: ServiceRow): string {
  if (r.kind === 'course' && r.costVnd !== null) {
    const cost = Number(r.costVnd)
    const pays = Math.max(0, cost - Number(r.subsidyVnd ?? 0))
    if (pays === 0) return t('hsds.courseFree')
    return t('hsds.courseFee', { cost: formatVnd(cost, 'vi'), pays: formatVnd(pays, 'vi') })
  }
  if (r.kind === 'loan' && r.amountMin !== null) {
    return t('hsds.loanTerms', {
      min: formatVnd(Number(r.amountMin), 'vi'),
      max: formatVnd(Number(r.amountMax), 'vi'),
      rate: formatNumber(Number(r.interestRate), 'vi', { maximumFractionDigits: 2 }),
      months: String(r.termMonths),
    })
  }
  return t('hsds.noFee')
}

function eligibility(r: ServiceRow): string | undefined {
  const parts: string[] = []
  if (r.minAge !== null && r.maxAge !== null) parts.push(t('hsds.ageRange', { min: r.minAge, max: r.maxAge }))
  else if (r.minAge !== null) parts.push(t('hsds.ageFrom', { min: r.minAge }))
  else if (r.maxAge !== null) parts.push(t('hsds.ageTo', { max: r.maxAge }))
  if (r.eligibilityNotes?.trim()) parts.push(r.eligibilityNotes.trim())
  return parts.length ? parts.join(' ') : undefined
}

function toService(r: ServiceRow, baseUrl: string): HsdsService {
  return compact({
    id: r.id,
    organization_id: r.organisationId,
    name: r.title,
    description: r.description,
    url: publicListingUrl(baseUrl, r.id),
    email: r.organisationEmail ?? undefined,
    status: 'active' as const,
    eligibility_description: eligibility(r),
    minimum_age: r.minAge ?? undefined,
    maximum_age: r.maxAge ?? undefined,
    fees_description: feesDescription(r),
    application_process: t('hsds.applicationProcess'),
    last_modified: r.updatedAt.toISOString(),
  })
}

/** Open services, one-to-one fields only; `search` and `organization_id` narrow them as HSDS defines. */
export async function listHsdsServices(options: {
  page: number
  perPage: number
  baseUrl: string
  search?: string | null
  organizationId?: string | null
  today?: string
}) {
  const conditions: (SQL | undefined)[] = [openListing(options.today ?? hanoiToday())]
  const tsq = searchTsQuery(options.search ?? undefined)
  if (tsq) conditions.push(sql`${opportunities.searchVector} @@ to_tsquery('simple', ${tsq})`)
  if (options.organizationId) {
    conditions.push(
      isUuid(options.organizationId) ? eq(opportunities.organisationId, options.organizationId) : sql`false`,
    )
  }
  const where = and(...conditions)!
  const [rows, [total]] = await Promise.all([
    serviceRows({ where, page: options.page, perPage: options.perPage }),
    getDb()
      .select({ n: count() })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(where),
  ])
  return hsdsPage(
    rows.map((r) => toService(r, options.baseUrl)),
    Number(total?.n ?? 0),
    options.page,
    options.perPage,
  )
}

/** One open service with its organisation nested. Null when it is not in the feed. */
export async function getHsdsService(options: {
  id: string
  baseUrl: string
  today?: string
}): Promise<HsdsService | null> {
  if (!isUuid(options.id)) return null
  const [row] = await serviceRows({
    where: and(openListing(options.today ?? hanoiToday()), eq(opportunities.id, options.id))!,
  })
  if (!row) return null
  const [organisation] = await getDb()
    .select(organisationColumns)
    .from(organisations)
    .where(inArray(organisations.id, [row.organisationId]))
  return {
    ...toService(row, options.baseUrl),
    ...(organisation ? { organization: toOrganization(organisation) } : {}),
  }
}

/** JSON response headers for the feed: open data, readable from any origin. */
export const HSDS_HEADERS = {
  'Content-Type': 'application/json; charset=utf-8',
  'Access-Control-Allow-Origin': '*',
}
