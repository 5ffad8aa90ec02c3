import { textArray } from '#app/utils/sql.ts'
import { and, asc, count, desc, eq, inArray, lte, ne, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { getDb } from '#db/client.server.ts'
import {
  courseDetails,
  jobDetails,
  loanDetails,
  opportunities,
  organisations,
  skills,
  wards,
  type OpportunityKind,
} from '#db/schema/index.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import type { OpportunityCard, OpportunityView, SkillName } from './opportunity-view'
import { hanoiToday, isIsoDate, isUuid, MAX_QUERY_LENGTH, type SearchSort } from './search'
import { toPrefixQuery } from './search-text'
import { visibleOpportunitiesCondition } from './visibility.server'

/*
 * Searching listings, for caseworkers and coordinators ('opportunity:search').
 *
 * Who sees what: the one visibility rule (visibility.server.ts) — caseworkers see open listings of
 * approved organisations only; coordinators see every listing, so a suspended organisation's listings
 * stay findable for them (the card says the organisation is suspended), which is what oversight needs.
 * Drafts are never search results, for anyone: a draft is not offered yet.
 * "Open" by default means status open and a deadline that is unset or today or later in Hanoi;
 * `includeClosed` also shows listings past their deadline and (coordinators only, by the rule above)
 * closed ones.
 *
 * Ordering and pages (keyset, never OFFSET): every sort ends with the id, so the order is total and a
 * page boundary inside a run of equal keys neither repeats nor skips a row. The cursor is opaque
 * (base64url JSON of the last row's sort key and id, plus display-only counters).
 * - newest:    coalesce(published_at, created_at) DESC, id DESC   (index opportunities_newest_idx)
 * - deadline:  coalesce(deadline, 'infinity') ASC, id ASC — no deadline last (opportunities_deadline_key_idx)
 * - relevance: ts_rank (prefix matches, plus whole words again) rounded to 6 decimals DESC, id DESC,
 *   keyset on (rank, id). A rank is computed, not indexed, so ranking every match of a broad word
 *   ("han" is a prefix of a third of all listings: hàn, hạn, hàng, hạng…) would read the whole table.
 *   Instead the RELEVANCE_WINDOW most recent matches are ranked — found through the GIN index on
 *   search_vector for a rare word, or by walking the newest index for a common one. A search that
 *   matches more than that is broad anyway (the count says "more than 500"), and the newest of its
 *   matches are the ones still worth a call. Without search words relevance falls back to newest.
 * Sort keys travel as text produced by PostgreSQL (microsecond timestamps, exact numerics), so the next
 * page starts exactly after the last row.
 */

/** Above this the page says "more than 500": counting every match of a broad search is not free. */
export const TOTAL_CAP = 500
/** Relevance ranks at most this many matches, the most recent ones (see the notes above). */
export const RELEVANCE_WINDOW = 1000
export const MAX_LIMIT = 100

export type SearchOpportunitiesOptions = {
  actor: Actor
  /** Words typed in the search box, with or without diacritics. */
  q?: string
  kinds?: readonly OpportunityKind[]
  wardCode?: string
  /** A district as it was before the 2025 reform, e.g. "Quận Hà Đông": listings in the wards it became. */
  formerDistrict?: string
  /** Skill codes: a listing matches when it requires at least one of them. */
  skills?: readonly string[]
  includeClosed?: boolean
  /** YYYY-MM-DD: listings whose deadline is on or before that day (listings without one are left out). */
  deadlineBefore?: string
  sort: SearchSort
  cursor?: string | null
  limit: number
  /** Hanoi's date today (YYYY-MM-DD); defaults to now. Tests pin it. */
  today?: string
}

export type SearchOpportunitiesResult = {
  items: OpportunityCard[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
  /** How many match in all, counted up to TOTAL_CAP on the first page and carried in the cursor after. */
  total: number
  totalIsCapped: boolean
  /** Position of the first item among all results (0-based), for "21–40 of 153". */
  offset: number
  /** The sort actually used (relevance without words is newest). */
  sort: SearchSort
}

type CursorPayload = { s: SearchSort; v: string; id: string; n: number; t: number; c: boolean }

const NEWEST_KEY = sql`coalesce(${opportunities.publishedAt}, ${opportunities.createdAt})`
const DEADLINE_KEY = sql`coalesce(${opportunities.deadline}, 'infinity'::date)`
/**
 * Prefix matches count, and whole words count again: folded "han" is a prefix of "hàn" (welding) but
 * also of "hạn" and "hàng"; the listing that has the word itself comes first.
 */
const rankOf = (prefixQuery: string, wholeWords: string) =>
  sql`round((ts_rank(${opportunities.searchVector}, to_tsquery('simple', ${prefixQuery})) + ts_rank(${opportunities.searchVector}, to_tsquery('simple', ${wholeWords})))::numeric, 6)`

/**
 * The words of a search box as a prefix tsquery: folded, only letters and digits (nothing of tsquery's
 * syntax survives), at most 8 words of at most 60 characters. Null when nothing searchable is left.
 */
export function searchTsQuery(q: string | undefined): string | null {
  return searchWords(q).length ? toPrefixQuery(searchWords(q).join(' ')) : null
}

function searchWords(q: string | undefined): string[] {
  if (!q) return []
  return foldVietnamese(q.slice(0, MAX_QUERY_LENGTH))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 60))
}

function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url')
}

function validSortKey(sort: SearchSort, v: string): boolean {
  switch (sort) {
    case 'newest': {
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v)) return false
      const ms = `${v.slice(0, 23)}Z`
      const d = new Date(ms)
      return !Number.isNaN(d.getTime()) && d.toISOString() === ms
    }
    case 'deadline':
      return v === 'infinity' || isIsoDate(v)
    case 'relevance':
      return /^\d{1,6}(\.\d{1,6})?$/.test(v)
  }
}

/** The cursor's content, or null when it is missing, damaged, forged or for another sort (→ first page). */
function decodeCursor(raw: string | null | undefined, sort: SearchSort): CursorPayload | null {
  if (!raw || raw.length > 1000) return null
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null) return null
  const c = value as Record<string, unknown>
  if (c.s !== sort || typeof c.v !== 'string' || !validSortKey(sort, c.v)) return null
  if (typeof c.id !== 'string' || !isUuid(c.id)) return null
  if (typeof c.n !== 'number' || !Number.isSafeInteger(c.n) || c.n < 0) return null
  if (typeof c.t !== 'number' || !Number.isSafeInteger(c.t) || c.t < 0 || typeof c.c !== 'boolean') return null
  return { s: sort, v: c.v, id: c.id, n: c.n, t: c.t, c: c.c }
}

/** The filters as one WHERE condition on `opportunities` joined with `organisations`. */
function filterCondition(
  options: SearchOpportunitiesOptions,
  tsq: string | null,
  districtWardCodes: string[] | null,
): SQL | undefined {
  const today = options.today && isIsoDate(options.today) ? options.today : hanoiToday()
  const conditions: (SQL | undefined)[] = [
    visibleOpportunitiesCondition(options.actor),
    ne(opportunities.status, 'draft'),
  ]
  if (!options.includeClosed) {
    conditions.push(eq(opportunities.status, 'open'), sql`${DEADLINE_KEY} >= ${today}::date`)
  }
  if (tsq) conditions.push(sql`${opportunities.searchVector} @@ to_tsquery('simple', ${tsq})`)
  if (options.kinds?.length) conditions.push(inArray(opportunities.kind, [...options.kinds]))
  if (options.wardCode) conditions.push(eq(opportunities.wardCode, options.wardCode))
  if (districtWardCodes) {
    conditions.push(districtWardCodes.length ? inArray(opportunities.wardCode, districtWardCodes) : sql`false`)
  }
  if (options.skills?.length) {
    conditions.push(sql`${opportunities.requiredSkills} && ${textArray(options.skills)}`)
  }
  if (options.deadlineBefore && isIsoDate(options.deadlineBefore)) {
    conditions.push(lte(opportunities.deadline, options.deadlineBefore))
  }
  return and(...conditions)
}

const NEWEST_ORDER = [desc(NEWEST_KEY), desc(opportunities.id)]
const DEADLINE_ORDER = [asc(DEADLINE_KEY), asc(opportunities.id)]

function matching(where: SQL | undefined) {
  return getDb()
    .select({ id: opportunities.id, requiredSkills: opportunities.requiredSkills })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .where(where)
    .$dynamic()
}

const cardColumns = {
  id: opportunities.id,
  kind: opportunities.kind,
  status: opportunities.status,
  title: opportunities.title,
  organisationId: organisations.id,
  organisationName: organisations.name,
  organisationStatus: organisations.status,
  wardCode: opportunities.wardCode,
  wardName: wards.name,
  deadline: opportunities.deadline,
  capacity: opportunities.capacity,
  publishedAt: opportunities.publishedAt,
  requiredSkills: opportunities.requiredSkills,
  job: {
    employmentType: jobDetails.employmentType,
    wageMin: jobDetails.wageMin,
    wageMax: jobDetails.wageMax,
    wagePeriod: jobDetails.wagePeriod,
    shift: jobDetails.shift,
    housingProvided: jobDetails.housingProvided,
    mealsProvided: jobDetails.mealsProvided,
    certificateRequired: jobDetails.certificateRequired,
  },
  course: {
    durationWeeks: courseDetails.durationWeeks,
    schedule: courseDetails.schedule,
    startDate: courseDetails.startDate,
    costVnd: courseDetails.costVnd,
    subsidyVnd: courseDetails.subsidyVnd,
    certificate: courseDetails.certificate,
  },
  loan: {
    amountMin: loanDetails.amountMin,
    amountMax: loanDetails.amountMax,
    interestRate: loanDetails.interestRate,
    termMonths: loanDetails.termMonths,
    gracePeriodMonths: loanDetails.gracePeriodMonths,
    collateralRequired: loanDetails.collateralRequired,
    guarantorRequired: loanDetails.guarantorRequired,
    purposes: loanDetails.purposes,
  },
}

type CardRow = {
  id: string
  kind: OpportunityKind
  status: OpportunityCard['status']
  title: string
  organisationId: string
  organisationName: string
  organisationStatus: OpportunityCard['organisationStatus']
  wardCode: string
  wardName: string
  deadline: string | null
  capacity: number
  publishedAt: Date | null
  requiredSkills: string[]
  job: OpportunityCard['job'] | { [K in keyof NonNullable<OpportunityCard['job']>]: unknown } | null
  course: OpportunityCard['course'] | { [K in keyof NonNullable<OpportunityCard['course']>]: unknown } | null
  loan: OpportunityCard['loan'] | { [K in keyof NonNullable<OpportunityCard['loan']>]: unknown } | null
}

/**
 * The statements a search runs, unexecuted: the page (ids and sort keys only, limit + 1 rows to know
 * whether there is a next one — the card data of those few rows is fetched by id afterwards, so
 * sorting never drags the detail tables along) and the capped count. Exported so bench/search.mjs can
 * EXPLAIN exactly what the app runs.
 */
export async function buildSearchQueries(options: SearchOpportunitiesOptions) {
  const words = searchWords(options.q)
  const tsq = words.length ? toPrefixQuery(words.join(' ')) : null
  const sort: SearchSort = options.sort === 'relevance' && !tsq ? 'newest' : options.sort
  const cursor = decodeCursor(options.cursor, sort)
  const limit = Math.min(Math.max(Math.trunc(options.limit) || 1, 1), MAX_LIMIT)
  // The wards a former district became (wards.former_districts contains it), from the cached reference
  // data: as constants the planner can use the ward index for them.
  const districtWardCodes = options.formerDistrict
    ? (await listWards()).filter((w) => w.formerDistricts.includes(options.formerDistrict!)).map((w) => w.code)
    : null
  const where = filterCondition(options, tsq, districtWardCodes)
  const db = getDb()

  let page
  if (sort === 'relevance') {
    // Rank the RELEVANCE_WINDOW most recent matches (walking the newest index, never the whole table),
    // then page through them by (rank, id).
    const rank = rankOf(tsq!, words.join(' | '))
    const candidates = db
      .select({
        id: opportunities.id,
        requiredSkills: opportunities.requiredSkills,
        rank: sql<string>`${rank}`.as('rank'),
      })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(where)
      .orderBy(...NEWEST_ORDER)
      .limit(RELEVANCE_WINDOW)
      .as('candidates')
    page = db
      .select({
        id: candidates.id,
        sortKey: sql<string>`${candidates.rank}::text`,
        requiredSkills: candidates.requiredSkills,
      })
      .from(candidates)
      .where(
        cursor ? sql`(${candidates.rank}, ${candidates.id}) < (${cursor.v}::numeric, ${cursor.id}::uuid)` : undefined,
      )
      .orderBy(desc(candidates.rank), desc(candidates.id))
      .limit(limit + 1)
  } else if (sort === 'deadline') {
    page = db
      .select({
        id: opportunities.id,
        sortKey: sql<string>`${DEADLINE_KEY}::text`,
        requiredSkills: opportunities.requiredSkills,
      })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(
        cursor
          ? and(where, sql`(${DEADLINE_KEY}, ${opportunities.id}) > (${cursor.v}::date, ${cursor.id}::uuid)`)
          : where,
      )
      .orderBy(...DEADLINE_ORDER)
      .limit(limit + 1)
  } else {
    page = db
      .select({
        id: opportunities.id,
        sortKey: sql<string>`to_char(${NEWEST_KEY} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        requiredSkills: opportunities.requiredSkills,
      })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(
        cursor
          ? and(where, sql`(${NEWEST_KEY}, ${opportunities.id}) < (${cursor.v}::timestamptz, ${cursor.id}::uuid)`)
          : where,
      )
      .orderBy(...NEWEST_ORDER)
      .limit(limit + 1)
  }

  // Counting stops at TOTAL_CAP + 1 and walks an index in order (the deadline one for that sort, the
  // newest one otherwise), so a broad search does not count the whole table.
  const matches = matching(where)
    .orderBy(...(sort === 'deadline' ? DEADLINE_ORDER : NEWEST_ORDER))
    .limit(TOTAL_CAP + 1)
    .as('matches')
  const total = db.select({ n: count() }).from(matches)
  return { page, total, sort, cursor, limit }
}

/** Open listings matching the filters, one page at a time. See the notes at the top of this file. */
export async function searchOpportunities(options: SearchOpportunitiesOptions): Promise<SearchOpportunitiesResult> {
  authorize(options.actor, 'opportunity:search')
  const { page, total, sort, cursor, limit } = await buildSearchQueries(options)
  // The count is taken once, on the first page; later pages carry it in the cursor.
  const [rows, counted] = await Promise.all([page, cursor ? Promise.resolve(null) : total])
  const n = counted ? Number(counted[0]?.n ?? 0) : cursor!.t
  const capped = counted ? n > TOTAL_CAP : cursor!.c
  const offset = cursor?.n ?? 0
  const hasMore = rows.length > limit
  const pageRows = rows.slice(0, limit)
  const [cards, names] = await Promise.all([
    cardsById(pageRows.map((r) => r.id)),
    skillNames(pageRows.flatMap((r) => r.requiredSkills)),
  ])
  const items = pageRows.flatMap((r) => {
    const card = cards.get(r.id)
    return card ? [toCard(card, names)] : []
  })
  const last = pageRows.at(-1)
  const nextCursor =
    hasMore && last
      ? encodeCursor({
          s: sort,
          v: last.sortKey,
          id: last.id,
          n: offset + pageRows.length,
          t: Math.min(n, TOTAL_CAP),
          c: capped,
        })
      : null
  return {
    items,
    nextCursor,
    total: Math.min(n, TOTAL_CAP),
    totalIsCapped: capped,
    offset,
    sort,
  }
}

async function cardsById(ids: string[]): Promise<Map<string, CardRow>> {
  if (ids.length === 0) return new Map()
  const rows = await getDb()
    .select(cardColumns)
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(jobDetails, eq(jobDetails.opportunityId, opportunities.id))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(inArray(opportunities.id, ids))
  return new Map(rows.map((r) => [r.id, r]))
}

async function skillNames(codes: Iterable<string>): Promise<Map<string, SkillName>> {
  const list = [...new Set(codes)]
  if (list.length === 0) return new Map()
  const rows = await getDb()
    .select({ code: skills.code, nameVi: skills.nameVi, nameEn: skills.nameEn })
    .from(skills)
    .where(inArray(skills.code, list))
  return new Map(rows.map((r) => [r.code, r]))
}

async function toCards(rows: CardRow[]): Promise<OpportunityCard[]> {
  const names = await skillNames(rows.flatMap((r) => r.requiredSkills))
  return rows.map((r) => toCard(r, names))
}

function toCard(r: CardRow, names: Map<string, SkillName>): OpportunityCard {
  // A left-joined detail row that is missing comes back as an object of nulls (or null): keep the one
  // that belongs to the listing's kind.
  const job = r.kind === 'job' && r.job && r.job.employmentType !== null ? (r.job as OpportunityCard['job']) : null
  const course =
    r.kind === 'course' && r.course && r.course.durationWeeks !== null ? (r.course as OpportunityCard['course']) : null
  const loan = r.kind === 'loan' && r.loan && r.loan.amountMin !== null ? (r.loan as OpportunityCard['loan']) : null
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    title: r.title,
    organisationId: r.organisationId,
    organisationName: r.organisationName,
    organisationStatus: r.organisationStatus,
    wardCode: r.wardCode,
    wardName: r.wardName,
    deadline: r.deadline,
    capacity: r.capacity,
    publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
    skills: r.requiredSkills.map((code) => names.get(code) ?? { code, nameVi: code, nameEn: code }),
    job: job ? { ...job, wageMin: numOrNull(job.wageMin), wageMax: numOrNull(job.wageMax) } : null,
    course: course ? { ...course, costVnd: Number(course.costVnd), subsidyVnd: Number(course.subsidyVnd) } : null,
    loan: loan
      ? {
          ...loan,
          amountMin: Number(loan.amountMin),
          amountMax: Number(loan.amountMax),
          interestRate: Number(loan.interestRate),
        }
      : null,
  }
}

const numOrNull = (v: number | null) => (v === null ? null : Number(v))

const organisationWards = alias(wards, 'organisation_wards')

async function findView(condition: SQL | undefined): Promise<OpportunityView | null> {
  const [row] = await getDb()
    .select({
      ...cardColumns,
      description: opportunities.description,
      address: opportunities.address,
      minAge: opportunities.minAge,
      maxAge: opportunities.maxAge,
      acceptsAfterRehab: opportunities.acceptsAfterRehab,
      acceptsAfterPrison: opportunities.acceptsAfterPrison,
      eligibilityNotes: opportunities.eligibilityNotes,
      updatedAt: opportunities.updatedAt,
      organisationKind: organisations.kind,
      organisationDescription: organisations.description,
      organisationEmail: organisations.email,
      organisationPhone: organisations.phone,
      organisationWardName: organisationWards.name,
    })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(organisationWards, eq(organisationWards.code, organisations.wardCode))
    .leftJoin(jobDetails, eq(jobDetails.opportunityId, opportunities.id))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(condition)
    .limit(1)
  if (!row) return null
  const [card] = await toCards([row])
  return {
    ...card!,
    description: row.description,
    address: row.address,
    minAge: row.minAge,
    maxAge: row.maxAge,
    acceptsAfterRehab: row.acceptsAfterRehab,
    acceptsAfterPrison: row.acceptsAfterPrison,
    eligibilityNotes: row.eligibilityNotes,
    updatedAt: row.updatedAt.toISOString(),
    organisation: {
      id: row.organisationId,
      kind: row.organisationKind,
      name: row.organisationName,
      description: row.organisationDescription,
      email: row.organisationEmail,
      phone: row.organisationPhone,
      wardName: row.organisationWardName,
    },
  }
}

/**
 * One listing for a caseworker's or coordinator's page, if the visibility rule lets them see it;
 * null otherwise (the route answers 404, so a hidden listing looks like a missing one).
 */
export async function findOpportunityForStaff(options: { actor: Actor; id: string }): Promise<OpportunityView | null> {
  authorize(options.actor, 'opportunity:search')
  if (!isUuid(options.id)) return null
  return findView(and(eq(opportunities.id, options.id), visibleOpportunitiesCondition(options.actor)))
}

/**
 * One listing for the public page: open, of an approved organisation (the rule for anonymous readers),
 * and not past its deadline in Hanoi. Null otherwise.
 */
export async function findPublicOpportunity(options: { id: string; today?: string }): Promise<OpportunityView | null> {
  if (!isUuid(options.id)) return null
  const today = options.today && isIsoDate(options.today) ? options.today : hanoiToday()
  return findView(
    and(eq(opportunities.id, options.id), visibleOpportunitiesCondition(null), sql`${DEADLINE_KEY} >= ${today}::date`),
  )
}
