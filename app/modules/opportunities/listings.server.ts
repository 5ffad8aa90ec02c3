import type { Submission } from '@conform-to/react'
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  courseDetails,
  jobDetails,
  loanDetails,
  matches,
  opportunities,
  organisations,
  skills,
  wards,
  type OpportunityKind,
  type OpportunityStatus,
} from '#db/schema/index.ts'
import type { OpportunityDetailsData } from '#app/components/opportunity-details.tsx'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { resolveMatchesOfClosedListing } from '#app/modules/matching/matches.server.ts'
import { translate } from '#app/modules/i18n/resources.server.ts'
import { LOCALES } from '#app/modules/i18n/locales.ts'
import { findActiveSkillCodes } from '#app/modules/skills/skills.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError, isAppError } from '#app/utils/errors.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from './kinds'
import {
  hanoiToday,
  isIsoDate,
  LISTING_KINDS,
  listingSchema,
  type ListingInput,
  type ListingValues,
} from './listings.schema'
import { buildSearchText } from './search-text'

// A partner's own listings: drafting, editing, publishing, closing and reopening them. Every function
// authorises through the policy, reads and writes only rows of the actor's own organisation (another
// organisation's listing is "not found", never "forbidden", so ids reveal nothing), runs its writes in
// one transaction with an audit event, and keeps `search_text` in step with what the listing says.
//
// Expected failures are AppErrors. When one has a message of its own, it is a locale key in
// `error.values.message` (see listingErrorMessage); otherwise `errors.<code>` applies.

export type ListingStatus = OpportunityStatus

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function fail(
  code: 'invalid_input' | 'conflict' | 'forbidden' | 'not_found',
  message?: string,
  field?: string,
): AppError {
  return new AppError(code, { field, values: message ? { message } : undefined })
}

/** The locale key to show for an expected listing error. */
export function listingErrorMessage(error: AppError): string {
  const message = error.values?.message
  return typeof message === 'string' ? message : `errors.${error.code}`
}

/**
 * For routes: an expected listing error as the form's reply (on its field when it has one), with its
 * HTTP status. Another organisation's listing becomes a 404 page; anything unexpected is rethrown.
 */
export function replyWithListingError(submission: Submission<unknown>, error: unknown) {
  if (!isAppError(error)) throw error
  // Another organisation's listing: the 404 page (utils/error-answers.server.ts).
  if (error.code === 'not_found') throw error
  const key = listingErrorMessage(error)
  const result = error.field
    ? submission.reply({ fieldErrors: { [error.field]: [key] } })
    : submission.reply({ formErrors: [key] })
  return { result, status: error.status }
}

/** For loaders: the listing, or a 404 page when it is not the organisation's (or does not exist). */
export { notFoundAs404 } from '#app/utils/errors.ts'

function auditActor(actor: Actor) {
  return { userId: actor.userId, role: actor.role }
}

function ownOrganisationId(actor: Actor): string {
  // authorize('listing:manage:own') has run: the actor is a member of an organisation.
  return actor.membership!.organisationId
}

/** Empty text as "not given", as Conform does for forms, so direct callers get the same rules. */
function withoutEmptyText(input: ListingInput): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).map(([k, v]) => [k, typeof v === 'string' && v.trim() === '' ? undefined : v]),
  )
}

/** The listing checked against its kind's schema, or the first problem as an `invalid_input` on its field. */
function validateListing(input: ListingInput, today: string): ListingValues {
  if (!LISTING_KINDS.includes(input.kind)) throw fail('invalid_input', 'listingErrors.wrongKind', 'kind')
  const result = listingSchema(input.kind, { today }).safeParse(withoutEmptyText(input))
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  const message = /^(listingValidation|validation)\./.test(issue.message) ? issue.message : 'errors.invalid_input'
  throw fail('invalid_input', message, issue.path.length ? String(issue.path[0]) : undefined)
}

async function assertSkillsActive(codes: readonly string[]) {
  const active = await findActiveSkillCodes(codes)
  if (codes.some((c) => !active.has(c))) throw fail('invalid_input', 'listingValidation.skillUnknown', 'requiredSkills')
}

async function assertWardExists(tx: Executor, wardCode: string) {
  const [ward] = await tx.select({ code: wards.code }).from(wards).where(eq(wards.code, wardCode))
  if (!ward) throw fail('invalid_input', 'listingValidation.wardUnknown', 'wardCode')
}

async function loadOwnOrganisation(tx: Executor, organisationId: string) {
  const [org] = await tx
    .select({ id: organisations.id, kind: organisations.kind, status: organisations.status })
    .from(organisations)
    .where(eq(organisations.id, organisationId))
  if (!org) throw fail('not_found')
  return org
}

/** The listing, locked for the rest of the transaction, if it belongs to the organisation; else not_found. */
async function lockOwnListing(tx: Executor, organisationId: string, listingId: string) {
  if (!UUID.test(listingId)) throw fail('not_found')
  const [row] = await tx
    .select({
      id: opportunities.id,
      kind: opportunities.kind,
      status: opportunities.status,
      deadline: opportunities.deadline,
      updatedAt: opportunities.updatedAt,
      seatsTaken: opportunities.seatsTaken,
    })
    .from(opportunities)
    .where(and(eq(opportunities.id, listingId), eq(opportunities.organisationId, organisationId)))
    .for('update')
  if (!row) throw fail('not_found')
  return row
}

function sharedColumns(values: ListingValues) {
  return {
    title: values.title,
    description: values.description,
    wardCode: values.wardCode,
    address: values.address,
    capacity: values.capacity,
    deadline: values.deadline,
    requiredSkills: values.requiredSkills,
    minAge: values.minAge,
    maxAge: values.maxAge,
    acceptsAfterRehab: values.acceptsAfterRehab,
    acceptsAfterPrison: values.acceptsAfterPrison,
    eligibilityNotes: values.eligibilityNotes,
  }
}

/** Inserts or replaces the kind's detail row. */
async function writeDetails(tx: Executor, opportunityId: string, values: ListingValues) {
  switch (values.kind) {
    case 'job': {
      const row = {
        employmentType: values.employmentType,
        wageMin: values.wageMin,
        wageMax: values.wageMax,
        wagePeriod: values.wagePeriod,
        shift: values.shift,
        housingProvided: values.housingProvided,
        mealsProvided: values.mealsProvided,
        certificateRequired: values.certificateRequired,
      }
      await tx
        .insert(jobDetails)
        .values({ opportunityId, ...row })
        .onConflictDoUpdate({ target: jobDetails.opportunityId, set: row })
      return
    }
    case 'course': {
      const row = {
        durationWeeks: values.durationWeeks,
        schedule: values.schedule,
        startDate: values.startDate,
        costVnd: values.costVnd,
        subsidyVnd: values.subsidyVnd,
        certificate: values.certificate,
      }
      await tx
        .insert(courseDetails)
        .values({ opportunityId, ...row })
        .onConflictDoUpdate({ target: courseDetails.opportunityId, set: row })
      return
    }
    case 'loan': {
      const row = {
        amountMin: values.amountMin,
        amountMax: values.amountMax,
        interestRate: values.interestRate,
        termMonths: values.termMonths,
        gracePeriodMonths: values.gracePeriodMonths,
        collateralRequired: values.collateralRequired,
        guarantorRequired: values.guarantorRequired,
        purposes: values.purposes,
      }
      await tx
        .insert(loanDetails)
        .values({ opportunityId, ...row })
        .onConflictDoUpdate({ target: loanDetails.opportunityId, set: row })
      return
    }
  }
}

/** Both languages' words for a locale key (labels such as "bán thời gian" / "part-time" are searched too). */
function labels(key: string): string[] {
  return LOCALES.map((locale) => translate(locale, key))
}

/** The folded text a listing is found by: what it says, who offers it, where, and its skills in both languages. */
export function searchTextOf(o: OpportunityDetailsData): string {
  const extra: (string | null)[] = [...labels(`opportunityDetails.kind.${o.kind}`), o.wardName, o.address]
  if (o.job) extra.push(...labels(`employmentType.${o.job.employmentType}`), o.job.shift, o.job.certificateRequired)
  if (o.course) extra.push(o.course.schedule, o.course.certificate)
  for (const p of o.loan?.purposes ?? []) extra.push(...labels(`loanPurpose.${p}`))
  return buildSearchText({
    title: o.title,
    description: o.description,
    organisationName: o.organisationName,
    skillNames: o.skills.flatMap((s) => [s.nameVi, s.nameEn]),
    extra,
  })
}

/**
 * Recomputes `search_text` for the listings chosen: by id, of an organisation (after it is renamed),
 * or that require a skill (after the skill is renamed). Pass the caller's transaction.
 */
export async function refreshListingSearchText(
  executor: Executor,
  which: { opportunityIds?: readonly string[]; organisationId?: string; skillCode?: string },
): Promise<number> {
  const conditions: SQL[] = []
  if (which.opportunityIds?.length) conditions.push(inArray(opportunities.id, [...which.opportunityIds]))
  if (which.organisationId) conditions.push(eq(opportunities.organisationId, which.organisationId))
  if (which.skillCode) conditions.push(sql`${opportunities.requiredSkills} @> array[${which.skillCode}]::text[]`)
  if (conditions.length === 0) return 0
  const ids = await executor
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(or(...conditions))
  const details = await loadOpportunityDetails(
    executor,
    ids.map((r) => r.id),
  )
  for (const d of details) {
    await executor
      .update(opportunities)
      .set({ searchText: searchTextOf(d) })
      .where(eq(opportunities.id, d.id))
  }
  return details.length
}

/**
 * The display data of listings, in the order of `ids` (unknown ids are left out). No access check: pass
 * only ids the caller may see (see visibleOpportunitiesCondition). Seats left: the capacity less the people
 * accepted, started or completed (kept by the matching module).
 */
export async function loadOpportunityDetails(
  executor: Executor,
  ids: readonly string[],
): Promise<OpportunityDetailsData[]> {
  const valid = ids.filter((id) => UUID.test(id))
  if (valid.length === 0) return []
  const rows = await executor
    .select({
      id: opportunities.id,
      kind: opportunities.kind,
      title: opportunities.title,
      description: opportunities.description,
      organisationName: organisations.name,
      wardCode: opportunities.wardCode,
      wardName: wards.name,
      address: opportunities.address,
      capacity: opportunities.capacity,
      deadline: opportunities.deadline,
      minAge: opportunities.minAge,
      maxAge: opportunities.maxAge,
      acceptsAfterRehab: opportunities.acceptsAfterRehab,
      acceptsAfterPrison: opportunities.acceptsAfterPrison,
      eligibilityNotes: opportunities.eligibilityNotes,
      requiredSkills: opportunities.requiredSkills,
      seatsTaken: opportunities.seatsTaken,
      job: jobDetails,
      course: courseDetails,
      loan: loanDetails,
    })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(jobDetails, eq(jobDetails.opportunityId, opportunities.id))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(inArray(opportunities.id, valid))
  const codes = [...new Set(rows.flatMap((r) => r.requiredSkills))]
  const skillRows = codes.length
    ? await executor
        .select({ code: skills.code, nameVi: skills.nameVi, nameEn: skills.nameEn })
        .from(skills)
        .where(inArray(skills.code, codes))
    : []
  const skillByCode = new Map(skillRows.map((s) => [s.code, s]))
  const byId = new Map<string, OpportunityDetailsData>()
  for (const { job, course, loan, requiredSkills, seatsTaken, ...r } of rows) {
    const shared = {
      ...r,
      seatsLeft: Math.max(r.capacity - seatsTaken, 0),
      skills: requiredSkills.flatMap((c) => {
        const s = skillByCode.get(c)
        return s ? [s] : []
      }),
    }
    const strip = <T extends { opportunityId: string }>(row: T | null) => {
      if (!row) return null
      const { opportunityId: _, ...facts } = row
      return facts
    }
    const data: OpportunityDetailsData = {
      ...shared,
      job: r.kind === 'job' ? strip(job) : null,
      course: r.kind === 'course' ? strip(course) : null,
      loan: r.kind === 'loan' ? strip(loan) : null,
    }
    // Every listing is written with its detail row in one transaction: without it, the row is broken.
    if (!data[r.kind]) throw new Error(`opportunity ${r.id} has no ${r.kind} details`)
    byId.set(r.id, data)
  }
  return valid.flatMap((id) => {
    const d = byId.get(id)
    return d ? [d] : []
  })
}

/** A listing's display data as form values (what the edit form starts from, and what an edit is compared with). */
export function toListingValues(o: OpportunityDetailsData): ListingValues {
  const shared = {
    title: o.title,
    description: o.description,
    wardCode: o.wardCode,
    address: o.address,
    capacity: o.capacity,
    deadline: o.deadline,
    minAge: o.minAge,
    maxAge: o.maxAge,
    acceptsAfterRehab: o.acceptsAfterRehab,
    acceptsAfterPrison: o.acceptsAfterPrison,
    eligibilityNotes: o.eligibilityNotes,
    requiredSkills: o.skills.map((s) => s.code),
  }
  if (o.kind === 'job' && o.job) return { kind: 'job', ...shared, ...o.job }
  if (o.kind === 'course' && o.course) return { kind: 'course', ...shared, ...o.course }
  if (o.kind === 'loan' && o.loan) return { kind: 'loan', ...shared, ...o.loan }
  throw new Error(`opportunity ${o.id} has no ${o.kind} details`)
}

/** The names of the fields whose values differ (codes only: what the audit event records). */
function changedFields(before: ListingValues, after: ListingValues): string[] {
  const a = before as Record<string, unknown>
  const b = after as Record<string, unknown>
  return Object.keys(b)
    .filter((k) => k !== 'kind' && JSON.stringify(a[k] ?? null) !== JSON.stringify(b[k] ?? null))
    .sort()
}

/**
 * A new draft listing of the organisation's kind (a job for an employer, a course for a training
 * centre, a loan programme for a lender), with its detail row. Any member may draft, even before the
 * organisation is approved.
 */
export async function createListing(options: {
  actor: Actor
  listing: ListingInput
  now?: Date
}): Promise<{ id: string }> {
  const { actor } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  const now = options.now ?? new Date()
  const values = validateListing(options.listing, hanoiToday(now))
  await assertSkillsActive(values.requiredSkills)
  return getDb().transaction(async (tx) => {
    const org = await loadOwnOrganisation(tx, organisationId)
    if (OPPORTUNITY_KIND_BY_ORGANISATION[org.kind] !== values.kind) {
      throw fail('invalid_input', 'listingErrors.wrongKind', 'kind')
    }
    await assertWardExists(tx, values.wardCode)
    const [row] = await tx
      .insert(opportunities)
      .values({
        organisationId,
        kind: values.kind,
        ...sharedColumns(values),
        status: 'draft',
        createdById: actor.userId,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: opportunities.id })
    const id = row!.id
    await writeDetails(tx, id, values)
    await refreshListingSearchText(tx, { opportunityIds: [id] })
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.created',
      subjectType: 'opportunity',
      subjectId: id,
      details: { organisationId, kind: values.kind },
    })
    return { id }
  })
}

/**
 * Saves changes to a draft or an open listing (an open one stays open). A closed listing must be
 * reopened first. With `expectedUpdatedAt` (the version the form was loaded with), a save that would
 * overwrite someone else's newer change is refused as a conflict.
 */
export async function updateListing(options: {
  actor: Actor
  listingId: string
  listing: ListingInput
  expectedUpdatedAt?: string | null
  now?: Date
}): Promise<{ id: string; changed: string[] }> {
  const { actor, listingId } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  const now = options.now ?? new Date()
  const values = validateListing(options.listing, hanoiToday(now))
  await assertSkillsActive(values.requiredSkills)
  return getDb().transaction(async (tx) => {
    const row = await lockOwnListing(tx, organisationId, listingId)
    if (row.status === 'closed') throw fail('conflict', 'listingErrors.cannotEditClosed')
    if (row.kind !== values.kind) throw fail('invalid_input', 'listingErrors.wrongKind', 'kind')
    if (options.expectedUpdatedAt && new Date(options.expectedUpdatedAt).getTime() !== row.updatedAt.getTime()) {
      throw fail('conflict', 'listingErrors.changedMeanwhile')
    }
    // People already accepted keep their places: capacity cannot go below them.
    if (values.capacity < row.seatsTaken) {
      throw new AppError('invalid_input', {
        field: 'capacity',
        values: { message: 'listingErrors.capacityBelowTaken' },
      })
    }
    await assertWardExists(tx, values.wardCode)
    const [before] = await loadOpportunityDetails(tx, [listingId])
    const changed = changedFields(toListingValues(before!), values)
    await tx
      .update(opportunities)
      .set({ ...sharedColumns(values), updatedAt: now })
      .where(eq(opportunities.id, listingId))
    await writeDetails(tx, listingId, values)
    await refreshListingSearchText(tx, { opportunityIds: [listingId] })
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.updated',
      subjectType: 'opportunity',
      subjectId: listingId,
      details: { organisationId, status: row.status, fields: changed },
    })
    return { id: listingId, changed }
  })
}

/** The organisation must be approved — by the policy (the session's view) and by the row itself now. */
async function assertApproved(tx: Executor, organisationId: string) {
  const org = await loadOwnOrganisation(tx, organisationId)
  if (org.status !== 'approved') throw fail('forbidden', 'listingErrors.notApproved')
}

/**
 * Puts a draft in front of caseworkers. Only an approved organisation may publish, and not with a
 * deadline that has passed (Hanoi time).
 */
export async function publishListing(options: { actor: Actor; listingId: string; now?: Date }): Promise<void> {
  const { actor, listingId } = options
  authorize(actor, 'listing:publish:own')
  const organisationId = ownOrganisationId(actor)
  const now = options.now ?? new Date()
  await getDb().transaction(async (tx) => {
    const row = await lockOwnListing(tx, organisationId, listingId)
    if (row.status !== 'draft') throw fail('conflict', 'listingErrors.cannotPublish')
    await assertApproved(tx, organisationId)
    if (row.deadline && row.deadline < hanoiToday(now)) {
      throw fail('invalid_input', 'listingErrors.deadlinePassed', 'deadline')
    }
    await tx
      .update(opportunities)
      .set({ status: 'open', publishedAt: now, closedAt: null, updatedAt: now })
      .where(eq(opportunities.id, listingId))
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.published',
      subjectType: 'opportunity',
      subjectId: listingId,
      details: { organisationId },
    })
  })
}

/** Stops an open listing: caseworkers no longer find it. It can be reopened. */
export async function closeListing(options: { actor: Actor; listingId: string; now?: Date }): Promise<void> {
  const { actor, listingId } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  const now = options.now ?? new Date()
  await getDb().transaction(async (tx) => {
    const row = await lockOwnListing(tx, organisationId, listingId)
    if (row.status !== 'open') throw fail('conflict', 'listingErrors.cannotClose')
    await tx
      .update(opportunities)
      .set({ status: 'closed', closedAt: now, updatedAt: now })
      .where(eq(opportunities.id, listingId))
    // Pending interests and unanswered referrals are resolved; accepted people keep their places.
    const resolved = await resolveMatchesOfClosedListing(tx, { actor, opportunityId: listingId, now })
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.closed',
      subjectType: 'opportunity',
      subjectId: listingId,
      details: { organisationId, matchesResolved: resolved },
    })
  })
}

/**
 * Opens a closed listing again (approved organisations only). `deadline`: a new last day (today or
 * later), `null` for none, or left out to keep the current one — which must not have passed.
 * `publishedAt` becomes now: the listing is new again for whoever searches.
 */
export async function reopenListing(options: {
  actor: Actor
  listingId: string
  deadline?: string | null
  now?: Date
}): Promise<void> {
  const { actor, listingId } = options
  authorize(actor, 'listing:publish:own')
  const organisationId = ownOrganisationId(actor)
  const now = options.now ?? new Date()
  const today = hanoiToday(now)
  if (typeof options.deadline === 'string' && !isIsoDate(options.deadline)) {
    throw fail('invalid_input', 'listingValidation.dateFormat', 'deadline')
  }
  await getDb().transaction(async (tx) => {
    const row = await lockOwnListing(tx, organisationId, listingId)
    if (row.status !== 'closed') throw fail('conflict', 'listingErrors.cannotReopen')
    await assertApproved(tx, organisationId)
    const deadline = options.deadline === undefined ? row.deadline : options.deadline
    if (deadline && deadline < today) {
      throw fail(
        'invalid_input',
        options.deadline === undefined ? 'listingErrors.deadlinePassed' : 'listingValidation.deadlinePast',
        'deadline',
      )
    }
    await tx
      .update(opportunities)
      .set({ status: 'open', deadline, publishedAt: now, closedAt: null, updatedAt: now })
      .where(eq(opportunities.id, listingId))
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.reopened',
      subjectType: 'opportunity',
      subjectId: listingId,
      details: { organisationId, deadlineChanged: deadline !== row.deadline },
    })
  })
}

/** Deletes a draft that was never published (published listings are closed instead, to keep their history). */
export async function deleteDraft(options: { actor: Actor; listingId: string }): Promise<void> {
  const { actor, listingId } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  await getDb().transaction(async (tx) => {
    const row = await lockOwnListing(tx, organisationId, listingId)
    if (row.status !== 'draft') throw fail('conflict', 'listingErrors.cannotDelete')
    // The detail row goes with it (ON DELETE CASCADE).
    await tx.delete(opportunities).where(eq(opportunities.id, listingId))
    await writeAudit(tx, {
      actor: auditActor(actor),
      action: 'listing.deleted',
      subjectType: 'opportunity',
      subjectId: listingId,
      details: { organisationId, kind: row.kind },
    })
  })
}

async function countMatchesOf(executor: Executor, opportunityId: string): Promise<number> {
  const [row] = await executor.select({ n: count() }).from(matches).where(eq(matches.opportunityId, opportunityId))
  return Number(row?.n ?? 0)
}

export type OwnListing = {
  id: string
  kind: OpportunityKind
  status: ListingStatus
  createdAt: string
  updatedAt: string
  publishedAt: string | null
  closedAt: string | null
  /** An open listing whose last day is behind us (Hanoi time). */
  deadlinePassed: boolean
  /** Referrals and interests this listing has had, in any state. */
  referralCount: number
  opportunity: OpportunityDetailsData
}

/** One of the organisation's listings, whatever its state; not_found for anyone else's. */
export async function getOwnListing(options: { actor: Actor; listingId: string; now?: Date }): Promise<OwnListing> {
  const { actor, listingId } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  if (!UUID.test(listingId)) throw fail('not_found')
  const db = getDb()
  const [row] = await db
    .select({
      id: opportunities.id,
      kind: opportunities.kind,
      status: opportunities.status,
      deadline: opportunities.deadline,
      createdAt: opportunities.createdAt,
      updatedAt: opportunities.updatedAt,
      publishedAt: opportunities.publishedAt,
      closedAt: opportunities.closedAt,
    })
    .from(opportunities)
    .where(and(eq(opportunities.id, listingId), eq(opportunities.organisationId, organisationId)))
  if (!row) throw fail('not_found')
  const [opportunity] = await loadOpportunityDetails(db, [listingId])
  if (!opportunity) throw fail('not_found')
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: row.publishedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    deadlinePassed: row.status === 'open' && row.deadline !== null && row.deadline < hanoiToday(options.now),
    referralCount: await countMatchesOf(db, listingId),
    opportunity,
  }
}

export type OwnListingSummary = {
  id: string
  kind: OpportunityKind
  title: string
  status: ListingStatus
  wardName: string
  capacity: number
  /** Capacity minus accepted referrals; the capacity itself until matching lands. */
  seatsLeft: number
  /** Referrals and interests this listing has had, in any state. */
  referralCount: number
  deadline: string | null
  deadlinePassed: boolean
  publishedAt: string | null
  closedAt: string | null
  updatedAt: string
}

export type ListingCounts = Record<ListingStatus, number> & { all: number }

/**
 * The organisation's listings for its own pages, newest change first, optionally of one state, with
 * the count in each state (for tabs and the dashboard).
 */
export async function listOwnListings(options: {
  actor: Actor
  status?: ListingStatus | null
  now?: Date
}): Promise<{ counts: ListingCounts; listings: OwnListingSummary[] }> {
  const { actor } = options
  authorize(actor, 'listing:manage:own')
  const organisationId = ownOrganisationId(actor)
  const today = hanoiToday(options.now)
  const db = getDb()
  const own = eq(opportunities.organisationId, organisationId)
  const [countRows, rows] = await Promise.all([
    db
      .select({ status: opportunities.status, n: count() })
      .from(opportunities)
      .where(own)
      .groupBy(opportunities.status),
    db
      .select({
        id: opportunities.id,
        kind: opportunities.kind,
        title: opportunities.title,
        status: opportunities.status,
        wardName: wards.name,
        capacity: opportunities.capacity,
        seatsTaken: opportunities.seatsTaken,
        referralCount: sql<number>`(select count(*)::int from ${matches} where ${matches.opportunityId} = ${opportunities.id})`,
        deadline: opportunities.deadline,
        publishedAt: opportunities.publishedAt,
        closedAt: opportunities.closedAt,
        updatedAt: opportunities.updatedAt,
      })
      .from(opportunities)
      .innerJoin(wards, eq(wards.code, opportunities.wardCode))
      .where(options.status ? and(own, eq(opportunities.status, options.status)) : own)
      .orderBy(desc(opportunities.updatedAt), asc(opportunities.id)),
  ])
  const counts: ListingCounts = { draft: 0, open: 0, closed: 0, all: 0 }
  for (const r of countRows) {
    counts[r.status] = Number(r.n)
    counts.all += Number(r.n)
  }
  return {
    counts,
    listings: rows.map(({ seatsTaken, ...r }) => ({
      ...r,
      seatsLeft: Math.max(r.capacity - seatsTaken, 0),
      deadlinePassed: r.status === 'open' && r.deadline !== null && r.deadline < today,
      publishedAt: r.publishedAt?.toISOString() ?? null,
      closedAt: r.closedAt?.toISOString() ?? null,
      updatedAt: r.updatedAt.toISOString(),
    })),
  }
}
