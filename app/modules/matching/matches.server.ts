import { and, asc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  candidates,
  caseworkerWards,
  consents,
  matchEvents,
  matches,
  memberships,
  opportunities,
  organisations,
  users,
  type ConsentPurpose,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema/index.ts'
import type { MatchEmailAudience, MatchEmailEvent } from '#emails/match-update.tsx'
import { countRecentAuditEvents, writeAudit } from '#app/modules/audit/audit.server.ts'
import { candidateScopeCondition } from '#app/modules/candidates/scope.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { offerableOpportunitiesCondition } from '#app/modules/opportunities/visibility.server.ts'
import { can, type Actor } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { ageOn, hanoiToday, isCalendarDate } from '#app/utils/dates.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import {
  CONSENT_FOR_KIND,
  holdsSeat,
  MATCH_LIMITS,
  isReasonFor,
  needsReason,
  nextStatus,
  OPEN_STATUSES,
  type MatchAction,
  type Side,
  type SystemReason,
} from './lifecycle'
import { cancelOpenCheckIns, scheduleCheckIns } from './check-in-schedule.server'
import { hardRuleFailures, type HardRuleFailure } from './ranking'
import { eligibilityColumns } from './suggestions.server'

/** An expected refusal with the locale key that explains it (`matching.errors.*`). */
function refuse(
  code: 'conflict' | 'invalid_input' | 'not_found',
  key: string,
  field?: string,
  extra?: Record<string, string>,
) {
  return new AppError(code, { field, values: { message: `matching.errors.${key}`, ...extra } })
}

/** Which side of a match the actor is on; everyone else has no business with matches. */
export function sideOf(actor: Actor): Exclude<Side, 'system'> {
  if (can(actor, 'referral:respond')) return 'partner'
  if (can(actor, 'match:manage')) return 'caseworker'
  throw new AppError('forbidden')
}

async function hasConsent(tx: Executor, candidateId: string, purpose: ConsentPurpose): Promise<boolean> {
  const [row] = await tx
    .select({ id: consents.id })
    .from(consents)
    .where(and(eq(consents.candidateId, candidateId), eq(consents.purpose, purpose), isNull(consents.revokedAt)))
  return row !== undefined
}

const EMAIL_EVENT: Record<MatchStatus, MatchEmailEvent> = {
  interest: 'interest',
  approved: 'referred',
  rejected: 'rejected',
  accepted: 'accepted',
  declined: 'declined',
  started: 'started',
  completed: 'completed',
  ended: 'ended',
  withdrawn: 'withdrawn',
}

type MatchContext = {
  id: string
  candidateId: string
  publicCode: string
  candidateWardCode: string
  caseworkerId: string | null
  opportunityId: string
  organisationId: string
  organisationName: string
  listingTitle: string
}

/**
 * The people told about a change: the partner's active staff, or the person's caseworker (else their ward's) —
 * only accounts that have been taken up (an invitation never accepted, perhaps to a mistyped address, gets nothing).
 */
async function recipients(tx: Executor, match: MatchContext, audience: MatchEmailAudience) {
  const taken = and(eq(users.status, 'active'), isNotNull(users.emailVerifiedAt))
  const columns = { id: users.id, email: users.email, name: users.name, locale: users.locale }
  if (audience === 'partner') {
    return tx
      .select(columns)
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.organisationId, match.organisationId), taken))
      .orderBy(asc(users.name))
  }
  const wardStaff = await tx
    .select(columns)
    .from(caseworkerWards)
    .innerJoin(users, eq(users.id, caseworkerWards.userId))
    .where(and(eq(caseworkerWards.wardCode, match.candidateWardCode), taken))
    .orderBy(asc(users.name))
  const assigned = wardStaff.filter((u) => u.id === match.caseworkerId)
  return assigned.length > 0 ? assigned : wardStaff
}

async function notify(tx: Executor, match: MatchContext, audience: MatchEmailAudience, status: MatchStatus) {
  const appUrl = getEnv().appUrl
  const path = audience === 'partner' ? `/partner/referrals/${match.id}` : `/caseworker/matches/${match.id}`
  for (const person of await recipients(tx, match, audience)) {
    await enqueueEmail(tx, {
      to: person.email,
      toUserId: person.id,
      locale: (person.locale as Locale | null) ?? 'vi',
      message: {
        template: 'match-update',
        props: {
          name: person.name,
          audience,
          event: EMAIL_EVENT[status],
          publicCode: match.publicCode,
          listingTitle: match.listingTitle,
          organisationName: match.organisationName,
          url: new URL(path, appUrl).toString(),
        },
      },
      metadata: { matchId: match.id },
    })
  }
}

async function loadContext(tx: Executor, matchId: string): Promise<MatchContext | null> {
  const [row] = await tx
    .select({
      id: matches.id,
      candidateId: matches.candidateId,
      publicCode: candidates.publicCode,
      candidateWardCode: candidates.wardCode,
      caseworkerId: candidates.caseworkerId,
      opportunityId: matches.opportunityId,
      organisationId: matches.organisationId,
      organisationName: organisations.name,
      listingTitle: opportunities.title,
    })
    .from(matches)
    .innerJoin(candidates, eq(candidates.id, matches.candidateId))
    .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .innerJoin(organisations, eq(organisations.id, matches.organisationId))
    .where(eq(matches.id, matchId))
  return row ?? null
}

/** What a transition may set besides the status. */
export type MatchPatch = {
  nextStepAt?: Date | null
  nextStepNote?: string | null
  startedOn?: string | null
  amountVnd?: number | null
  certificateNumber?: string | null
  endedOn?: string | null
}

type Transition = {
  actor: Actor
  side: Side
  matchId: string
  /** The version the actor saw; null for the system, which acts on whatever is there. */
  expectedVersion: number | null
  action: MatchAction
  reasonCode?: string | null
  patch?: MatchPatch
  /** Who hears of it; by default the other side. */
  notifyAudience?: MatchEmailAudience
  via?: SystemReason
  /** Rules of the action that need the listing, checked once the actor's scope is (e.g. a loan's amount). */
  check?: (listing: { kind: OpportunityKind }, patch: MatchPatch) => void
  now: Date
}

/**
 * One change of a match, inside the caller's transaction: scope, then locks in one fixed order (candidate
 * for the caseworker side, then the listing, then the match — the same order everywhere, so no deadlock),
 * then the version, the table, the rules of the action, the places, the event, the audit and the emails.
 */
// People's rows are locked FOR NO KEY UPDATE: it serialises changes to one person's matches and consents,
// yet lets another transaction insert rows that merely point at the person (a start's check-ins, whose foreign
// key check takes KEY SHARE) — with FOR UPDATE, a start and a consent revocation deadlocked.
async function transition(tx: Executor, input: Transition): Promise<{ status: MatchStatus; version: number } | null> {
  const { actor, side, now } = input
  if (!isUuid(input.matchId)) throw new AppError('not_found')
  const context = await loadContext(tx, input.matchId)
  if (!context) throw new AppError('not_found')
  if (side === 'partner' && context.organisationId !== actor.membership?.organisationId) throw new AppError('not_found')
  if (side === 'caseworker') {
    const [inScope] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, context.candidateId), candidateScopeCondition(actor)))
      .for('no key update')
    if (!inScope) throw new AppError('not_found')
  }
  const [listing] = await tx
    .select({ capacity: opportunities.capacity, seatsTaken: opportunities.seatsTaken, kind: opportunities.kind })
    .from(opportunities)
    .where(eq(opportunities.id, context.opportunityId))
    .for('update')
  const [current] = await tx
    .select({ status: matches.status, version: matches.version })
    .from(matches)
    .where(eq(matches.id, context.id))
    .for('update')
  if (!listing || !current) throw new AppError('not_found')
  if (input.expectedVersion !== null && current.version !== input.expectedVersion) {
    throw refuse('conflict', 'stale')
  }
  const to = nextStatus(input.action, current.status, side)
  // The system acts on what is there once locked: a match someone moved on a moment ago is left alone.
  if (!to && side === 'system') return null
  if (!to) throw refuse('conflict', 'notAllowed')
  const patch: MatchPatch = { ...input.patch }
  input.check?.(listing, patch)
  if (needsReason(input.action) && side !== 'system' && !isReasonFor(input.action, input.reasonCode ?? '')) {
    throw refuse('invalid_input', 'reasonRequired', 'reasonCode')
  }
  if (input.action === 'approve' && !(await hasConsent(tx, context.candidateId, CONSENT_FOR_KIND[listing.kind]))) {
    throw refuse('conflict', 'consentMissing', undefined, { purpose: CONSENT_FOR_KIND[listing.kind] })
  }
  const seatDelta = Number(holdsSeat(to)) - Number(holdsSeat(current.status))
  if (seatDelta > 0 && listing.seatsTaken + seatDelta > listing.capacity) throw refuse('conflict', 'full')
  if (seatDelta !== 0) {
    await tx
      .update(opportunities)
      .set({ seatsTaken: listing.seatsTaken + seatDelta })
      .where(eq(opportunities.id, context.opportunityId))
  }
  const reasonCode = input.via ?? input.reasonCode ?? null
  await tx
    .update(matches)
    .set({
      status: to,
      version: current.version + 1,
      updatedAt: now,
      ...(needsReason(input.action) ? { reasonCode } : {}),
      ...(to === 'approved' ? { approvedAt: now } : {}),
      ...patch,
    })
    .where(eq(matches.id, context.id))
  await recordEvent(tx, {
    matchId: context.id,
    action: input.action,
    from: current.status,
    to,
    actor,
    side,
    reasonCode,
    details: eventDetails(patch),
    now,
  })
  // Check-ins follow the match: scheduled when it starts, dropped (those not done) when it is over.
  if (to === 'started') {
    await scheduleCheckIns(tx, {
      matchId: context.id,
      candidateId: context.candidateId,
      kind: listing.kind,
      startedOn: patch.startedOn ?? hanoiToday(now),
      listingTitle: context.listingTitle,
      assignedToId: context.caseworkerId,
      createdById: actor.userId,
    })
  }
  if (to === 'ended' || to === 'completed' || to === 'withdrawn') await cancelOpenCheckIns(tx, context.id)
  await writeAudit(tx, {
    actor: { userId: actor.userId, role: actor.role },
    action: `match.${input.action}`,
    subjectType: 'match',
    subjectId: context.id,
    details: {
      candidateId: context.candidateId,
      opportunityId: context.opportunityId,
      from: current.status,
      to,
      reasonCode,
      ...(input.via ? { via: input.via } : {}),
    },
  })
  await notify(tx, context, input.notifyAudience ?? (side === 'partner' ? 'caseworker' : 'partner'), to)
  return { status: to, version: current.version + 1 }
}

function eventDetails(patch: MatchPatch | undefined): Record<string, string | number | null> {
  const details: Record<string, string | number | null> = {}
  if (!patch) return details
  if (patch.nextStepAt) details.nextStepAt = patch.nextStepAt.toISOString()
  if (patch.nextStepNote) details.nextStepNote = patch.nextStepNote
  if (patch.startedOn) details.startedOn = patch.startedOn
  if (patch.amountVnd != null) details.amountVnd = patch.amountVnd
  if (patch.certificateNumber) details.certificateNumber = patch.certificateNumber
  if (patch.endedOn) details.endedOn = patch.endedOn
  return details
}

async function recordEvent(
  tx: Executor,
  e: {
    matchId: string
    action: MatchAction
    from: MatchStatus | null
    to: MatchStatus
    actor: Actor
    side: Side
    reasonCode: string | null
    details?: Record<string, string | number | null>
    now: Date
  },
) {
  await tx.insert(matchEvents).values({
    matchId: e.matchId,
    action: e.action,
    fromStatus: e.from,
    toStatus: e.to,
    actorId: e.actor.userId,
    actorRole: e.side === 'system' ? null : e.actor.role,
    reasonCode: e.reasonCode,
    details: e.details ?? {},
    createdAt: e.now,
  })
}

function cleanText(value: unknown, max: number, field: string): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw refuse('invalid_input', 'invalidText', field)
  const trimmed = value.trim()
  if (trimmed.length > max) throw refuse('invalid_input', 'tooLong', field)
  return trimmed === '' ? null : trimmed
}

/**
 * Creates a match for a person and an offerable listing, after the checks both ways of starting one share:
 * the listing is open at an approved organisation, the person is active, the hard rules pass, there is a
 * place, and no match for this pair is in play.
 */
async function createMatch(
  tx: Executor,
  input: {
    actor: Actor
    side: 'partner' | 'caseworker'
    action: 'refer' | 'express_interest'
    candidateId: string
    opportunityId: string
    message: string | null
    consentPurpose: (kind: OpportunityKind) => ConsentPurpose
    now: Date
  },
): Promise<{ matchId: string }> {
  const { actor, now } = input
  const to = nextStatus(input.action, null, input.side)
  if (!to) throw refuse('conflict', 'notAllowed')
  if (!isUuid(input.opportunityId)) throw refuse('invalid_input', 'listingUnavailable', 'opportunityId')
  const today = hanoiToday(now)
  // Lock order as in `transition`: the candidate, then the listing.
  const [person] = await tx
    .select({
      id: candidates.id,
      status: candidates.status,
      dateOfBirth: candidates.dateOfBirth,
      background: candidates.background,
      wardCode: candidates.wardCode,
      skills: candidates.skills,
      needs: candidates.needs,
      mergedIntoId: candidates.mergedIntoId,
    })
    .from(candidates)
    .where(eq(candidates.id, input.candidateId))
    .for('no key update')
  if (!person || person.mergedIntoId) throw new AppError('not_found')
  // A partner knows the person by a card only: what the card does not show is never its answer.
  const partnerSide = input.side === 'partner'
  if (person.status !== 'active') {
    if (partnerSide) throw new HiddenRefusal('not_active', person.id)
    throw refuse('conflict', 'candidateNotActive')
  }
  const [listing] = await tx
    .select({ ...eligibilityColumns, id: opportunities.id, organisationId: opportunities.organisationId })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .where(and(eq(opportunities.id, input.opportunityId), offerableOpportunitiesCondition()))
    .for('update', { of: opportunities })
  if (!listing) throw refuse('invalid_input', 'listingUnavailable', 'opportunityId')
  if (input.side === 'partner' && listing.organisationId !== actor.membership?.organisationId) {
    throw refuse('invalid_input', 'listingUnavailable', 'opportunityId')
  }
  const purpose = input.consentPurpose(listing.kind)
  if (!(await hasConsent(tx, person.id, purpose))) {
    if (partnerSide) throw new HiddenRefusal('not_in_pool', person.id)
    throw refuse('conflict', 'consentMissing', undefined, { purpose })
  }
  const [inPlay] = await tx
    .select({ id: matches.id })
    .from(matches)
    .where(
      and(
        eq(matches.candidateId, person.id),
        eq(matches.opportunityId, listing.id),
        inArray(matches.status, ['interest', 'approved', 'accepted', 'started']),
      ),
    )
  if (inPlay) throw refuse('conflict', 'alreadyInPlay', undefined, { matchId: inPlay.id })
  const failures = hardRuleFailures(
    {
      age: person.dateOfBirth ? ageOn(person.dateOfBirth, today) : null,
      background: person.background,
      wardCode: person.wardCode,
      formerDistricts: [],
      skills: person.skills,
      needs: person.needs,
    },
    { ...listing, formerDistricts: [], certificate: null, purposes: null },
    today,
  )
  if (failures.length > 0 && partnerSide) {
    // The listing's own state (its deadline, its places) the partner knows; the person's age and past it does not.
    const listingOnly = failures.filter((f) => LISTING_RULES.includes(f))
    if (listingOnly.length > 0) throw refuse('conflict', 'ineligible', undefined, { failures: listingOnly.join(',') })
    throw new HiddenRefusal(failures.join(','), person.id)
  }
  if (failures.length > 0) throw refuse('conflict', 'ineligible', undefined, { failures: failures.join(',') })
  const [created] = await tx
    .insert(matches)
    .values({
      candidateId: person.id,
      opportunityId: listing.id,
      organisationId: listing.organisationId,
      status: to,
      origin: input.action === 'refer' ? 'referral' : 'interest',
      message: input.message,
      createdById: actor.userId,
      createdAt: now,
      updatedAt: now,
      approvedAt: to === 'approved' ? now : null,
    })
    .returning({ id: matches.id })
  const matchId = created!.id
  await recordEvent(tx, {
    matchId,
    action: input.action,
    from: null,
    to,
    actor,
    side: input.side,
    reasonCode: null,
    now,
  })
  await writeAudit(tx, {
    actor: { userId: actor.userId, role: actor.role },
    action: `match.${input.action}`,
    subjectType: 'match',
    subjectId: matchId,
    details: { candidateId: person.id, opportunityId: listing.id, from: null, to },
  })
  const context = await loadContext(tx, matchId)
  await notify(tx, context!, input.side === 'partner' ? 'caseworker' : 'partner', to)
  return { matchId }
}

/**
 * A caseworker refers a person in their wards to an open listing: approved from the start, so the partner
 * sees the profile the consent for that kind of partner allows. Without that consent: a conflict naming
 * the purpose, for the page to link to where consent is recorded.
 */
export async function referCandidate(options: {
  actor: Actor
  candidateId: string
  opportunityId: string
  message?: string | null
  now?: Date
}): Promise<{ matchId: string }> {
  const { actor } = options
  if (sideOf(actor) !== 'caseworker') throw new AppError('forbidden')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const message = cleanText(options.message, MATCH_LIMITS.messageMax, 'message')
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const [inScope] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(actor)))
    if (!inScope) throw new AppError('not_found')
    return createMatch(tx, {
      actor,
      side: 'caseworker',
      action: 'refer',
      candidateId: inScope.id,
      opportunityId: options.opportunityId,
      message,
      consentPurpose: (kind) => CONSENT_FOR_KIND[kind],
      now,
    })
  })
}

/** Refused requests to meet someone an organisation may have in 24 hours; then it may ask no more that day. */
export const INTEREST_REFUSALS_PER_DAY = 5
// Any fixed number: with the organisation's id, the key of the lock that puts its requests in one line.
const INTEREST_LOCK = 4242005
/** Hard rules about the listing alone: a partner knows its own listing's deadline and places. */
const LISTING_RULES: readonly HardRuleFailure[] = ['deadline_passed', 'full']

/** A refusal for a reason the talent card does not show: recorded for coordinators, answered as "not available". */
class HiddenRefusal extends Error {
  constructor(
    readonly reason: string,
    readonly candidateId: string | null,
  ) {
    super('hidden refusal')
  }
}

/**
 * A partner asks to meet a person from the talent pool (known to them only by the public code) for one of
 * its own open listings, with a message for the caseworker.
 *
 * The answer must not tell the partner anything the card does not show (issue #20): a code unknown or no
 * longer in the pool, a case that is not active, an age outside the listing's range or a background it does not
 * accept all get one answer, `not_found` (the page says "not available"), and each such refusal is audited with
 * its reason, for coordinators only. What the partner knows already is said plainly: its own listing closed,
 * past its deadline or full, a match with the person already in play. After INTEREST_REFUSALS_PER_DAY refusals
 * in 24 hours (counted in the database, one organisation's requests at a time) every request of the
 * organisation is held back until the day has passed, even one that would go through — a success would answer
 * the question too.
 */
export async function expressInterest(options: {
  actor: Actor
  publicCode: string
  opportunityId: string
  message: string
  now?: Date
}): Promise<{ matchId: string }> {
  const { actor } = options
  if (sideOf(actor) !== 'partner') throw new AppError('forbidden')
  const organisationId = actor.membership!.organisationId
  const message = cleanText(options.message, MATCH_LIMITS.messageMax, 'message')
  if (!message) throw refuse('invalid_input', 'messageRequired', 'message')
  const code = typeof options.publicCode === 'string' ? options.publicCode.trim().toUpperCase() : ''
  const now = options.now ?? new Date()
  const audit = { userId: actor.userId, role: actor.role }
  const outcome = await getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${INTEREST_LOCK}, hashtext(${organisationId}))`)
    const refusals = await countRecentAuditEvents(tx, {
      subjectType: 'organisation',
      subjectId: organisationId,
      actions: ['talent.interest_refused'],
      since: new Date(now.getTime() - 24 * 3600_000),
    })
    if (refusals >= INTEREST_REFUSALS_PER_DAY) {
      await writeAudit(tx, {
        actor: audit,
        action: 'talent.interest_limited',
        subjectType: 'organisation',
        subjectId: organisationId,
        details: { refusals },
      })
      return { kind: 'limited' as const }
    }
    // The listing first, without looking at the person: its answers must be the same for everyone.
    if (!isUuid(options.opportunityId)) throw refuse('invalid_input', 'listingUnavailable', 'opportunityId')
    const [listing] = await tx
      .select({ ...eligibilityColumns, id: opportunities.id, organisationId: opportunities.organisationId })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(and(eq(opportunities.id, options.opportunityId), offerableOpportunitiesCondition()))
    if (!listing || listing.organisationId !== organisationId) {
      throw refuse('invalid_input', 'listingUnavailable', 'opportunityId')
    }
    const today = hanoiToday(now)
    const unknownPerson = { age: null, background: null, wardCode: '', formerDistricts: [], skills: [], needs: [] }
    const listingOnly = hardRuleFailures(
      unknownPerson,
      { ...listing, formerDistricts: [], certificate: null, purposes: null },
      today,
    ).filter((f) => LISTING_RULES.includes(f))
    if (listingOnly.length > 0) throw refuse('conflict', 'ineligible', undefined, { failures: listingOnly.join(',') })
    const [person] = await tx
      .select({ id: candidates.id })
      .from(candidates)
      .where(and(eq(candidates.publicCode, code), isNull(candidates.mergedIntoId)))
    try {
      if (!person || !(await hasConsent(tx, person.id, 'talent_pool'))) {
        throw new HiddenRefusal('not_in_pool', person?.id ?? null)
      }
      const created = await createMatch(tx, {
        actor,
        side: 'partner',
        action: 'express_interest',
        candidateId: person.id,
        opportunityId: options.opportunityId,
        message,
        consentPurpose: () => 'talent_pool',
        now,
      })
      return { kind: 'created' as const, matchId: created.matchId }
    } catch (error) {
      if (!(error instanceof HiddenRefusal)) throw error
      // Nothing was written before the refusal: the transaction goes on to record it, then commits.
      await writeAudit(tx, {
        actor: audit,
        action: 'talent.interest_refused',
        subjectType: 'organisation',
        subjectId: organisationId,
        details: {
          reason: error.reason,
          opportunityId: listing.id,
          ...(error.candidateId ? { candidateId: error.candidateId } : {}),
        },
      })
      return { kind: 'refused' as const }
    }
  })
  if (outcome.kind === 'limited') {
    throw new AppError('throttled', { values: { message: 'matching.errors.interestLimited' } })
  }
  // The same error, built here, whatever the reason: nothing of the reason travels with it.
  if (outcome.kind === 'refused') throw new AppError('not_found')
  return { matchId: outcome.matchId }
}

/** What the forms of each action carry, already typed (the route parses them with Zod first). */
export type MatchActionInput = {
  actor: Actor
  matchId: string
  version: number
  action: Exclude<MatchAction, 'refer' | 'express_interest'>
  reasonCode?: string | null
  nextStepAt?: Date | null
  nextStepNote?: string | null
  startedOn?: string | null
  amountVnd?: number | null
  certificateNumber?: string | null
  endedOn?: string | null
  now?: Date
}

/**
 * Any change of an existing match by a person: approve / reject (caseworker), accept / decline / start
 * (partner), complete / end (either), withdraw (caseworker). Checked against the table, the actor's side and
 * scope, and the version they saw.
 */
export async function actOnMatch(input: MatchActionInput): Promise<{ status: MatchStatus; version: number }> {
  return getDb().transaction((tx) => actOnMatchIn(tx, input))
}

/** `actOnMatch` inside the caller's transaction (a check-in that ends or completes the match). */
export async function actOnMatchIn(
  tx: Executor,
  input: MatchActionInput,
): Promise<{ status: MatchStatus; version: number }> {
  const side = sideOf(input.actor)
  const now = input.now ?? new Date()
  const today = hanoiToday(now)
  const patch: MatchPatch = {}
  switch (input.action) {
    case 'accept': {
      if (!(input.nextStepAt instanceof Date) || Number.isNaN(input.nextStepAt.getTime())) {
        throw refuse('invalid_input', 'nextStepRequired', 'nextStepAt')
      }
      // An appointment is today or later (Hanoi's calendar), not something already past.
      if (hanoiToday(input.nextStepAt) < today) throw refuse('invalid_input', 'nextStepPast', 'nextStepAt')
      patch.nextStepAt = input.nextStepAt
      patch.nextStepNote = cleanText(input.nextStepNote, MATCH_LIMITS.noteMax, 'nextStepNote')
      break
    }
    case 'start': {
      const startedOn = input.startedOn ?? today
      if (!isCalendarDate(startedOn) || startedOn > today) throw refuse('invalid_input', 'startDate', 'startedOn')
      patch.startedOn = startedOn
      if (input.amountVnd != null) {
        if (
          !Number.isSafeInteger(input.amountVnd) ||
          input.amountVnd <= 0 ||
          input.amountVnd > MATCH_LIMITS.amountMax
        ) {
          throw refuse('invalid_input', 'amount', 'amountVnd')
        }
        patch.amountVnd = input.amountVnd
      }
      break
    }
    case 'complete':
      patch.certificateNumber = cleanText(input.certificateNumber, MATCH_LIMITS.certificateMax, 'certificateNumber')
      patch.endedOn = today
      break
    case 'end': {
      const endedOn = input.endedOn ?? today
      if (!isCalendarDate(endedOn) || endedOn > today) throw refuse('invalid_input', 'endDate', 'endedOn')
      patch.endedOn = endedOn
      break
    }
    default:
      break
  }
  const result = await transition(tx, {
    actor: input.actor,
    side,
    matchId: input.matchId,
    expectedVersion: input.version,
    action: input.action,
    reasonCode: input.reasonCode ?? null,
    patch,
    // A disbursement carries its amount; a hire or an enrolment carries none.
    check:
      input.action === 'start'
        ? (listing, p) => {
            if (listing.kind === 'loan' && p.amountVnd == null) {
              throw refuse('invalid_input', 'amountRequired', 'amountVnd')
            }
            if (listing.kind !== 'loan') p.amountVnd = null
          }
        : undefined,
    now,
  })
  // Only the system's transitions are ever skipped.
  if (!result) throw refuse('conflict', 'notAllowed')
  return result
}

/**
 * Consent revoked (called by revokeConsent in its transaction): the open matches that relied on it are
 * withdrawn — the talent pool's open interests, or every open match with that kind of partner.
 */
export async function withdrawForRevokedConsent(
  tx: Executor,
  options: { actor: Actor; candidateId: string; purpose: ConsentPurpose; now?: Date },
): Promise<number> {
  const kinds = (Object.keys(CONSENT_FOR_KIND) as OpportunityKind[]).filter(
    (k) => CONSENT_FOR_KIND[k] === options.purpose,
  )
  const statuses: MatchStatus[] = options.purpose === 'talent_pool' ? ['interest'] : [...OPEN_STATUSES]
  if (options.purpose !== 'talent_pool' && kinds.length === 0) return 0
  const rows = await tx
    .select({ id: matches.id })
    .from(matches)
    .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .where(
      and(
        eq(matches.candidateId, options.candidateId),
        inArray(matches.status, statuses),
        options.purpose === 'talent_pool' ? undefined : inArray(opportunities.kind, kinds),
      ),
    )
  return withdrawAll(tx, rows, options.actor, 'consent_revoked', 'partner', options.now)
}

/** The case is closed (or merged away): whatever is still open for the person is withdrawn. */
export async function withdrawOpenMatchesOf(
  tx: Executor,
  options: { actor: Actor; candidateId: string; via: 'case_closed' | 'records_merged'; now?: Date },
): Promise<number> {
  const rows = await tx
    .select({ id: matches.id })
    .from(matches)
    .where(and(eq(matches.candidateId, options.candidateId), inArray(matches.status, [...OPEN_STATUSES])))
  return withdrawAll(tx, rows, options.actor, options.via, 'partner', options.now)
}

/** Withdraws the given matches for the system (they must be open), telling `audience`. */
export async function withdrawAll(
  tx: Executor,
  rows: { id: string }[],
  actor: Actor,
  via: SystemReason,
  audience: MatchEmailAudience,
  now = new Date(),
): Promise<number> {
  let withdrawn = 0
  for (const row of rows) {
    const done = await transition(tx, {
      actor,
      side: 'system',
      matchId: row.id,
      expectedVersion: null,
      action: 'withdraw',
      via,
      notifyAudience: audience,
      now,
    })
    if (done) withdrawn += 1
  }
  return withdrawn
}

/**
 * A listing closes (called by closeListing in its transaction, which holds the listing's lock): interests
 * waiting for a caseworker are withdrawn, referrals not yet answered are declined; the caseworkers are told.
 * Accepted and started matches keep their places.
 */
export async function resolveMatchesOfClosedListing(
  tx: Executor,
  options: { actor: Actor; opportunityId: string; now?: Date },
): Promise<number> {
  const rows = await tx
    .select({ id: matches.id, status: matches.status })
    .from(matches)
    .where(and(eq(matches.opportunityId, options.opportunityId), inArray(matches.status, ['interest', 'approved'])))
  let resolved = 0
  for (const row of rows) {
    const done = await transition(tx, {
      actor: options.actor,
      side: 'system',
      matchId: row.id,
      expectedVersion: null,
      action: row.status === 'interest' ? 'withdraw' : 'decline',
      via: 'listing_closed',
      notifyAudience: 'caseworker',
      now: options.now ?? new Date(),
    })
    if (done) resolved += 1
  }
  return resolved
}

/** Seats held per listing recomputed from the matches — for the invariant checks in tests and maintenance. */
export async function countSeatHolders(executor: Executor, opportunityId: string): Promise<number> {
  const [row] = await executor
    .select({ n: sql<number>`count(*)::int` })
    .from(matches)
    .where(and(eq(matches.opportunityId, opportunityId), inArray(matches.status, ['accepted', 'started', 'completed'])))
  return row?.n ?? 0
}
