import { aliasedTable, and, asc, count, desc, eq, inArray, isNull, lt, sql, type SQL } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  candidates,
  consents,
  matchEvents,
  matches,
  opportunities,
  organisations,
  users,
  wards,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { candidateScopeCondition } from '#app/modules/candidates/scope.server.ts'
import { formatVietnamesePhone } from '#app/modules/partners/organisation.schema.ts'
import { getSkillNames } from '#app/modules/skills/skills.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { addDays, ageOn, hanoiToday } from '#app/utils/dates.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { beforeTimeCursor, decodeTimeCursor, encodeTimeCursor, timeKey } from '#app/utils/keyset.ts'
import {
  availableActions,
  CONSENT_FOR_KIND,
  INBOX_TABS,
  PROFILE_SHARED,
  STALE_AFTER_DAYS,
  type InboxTab,
  type MatchAction,
  type Side,
} from './lifecycle'
import type { AgeBand } from './ranking'
import { listMatchReports } from './partner-reports.server'
import { partnerCardOf } from './talent.server'

export type TimelineEvent = {
  id: string
  action: string
  fromStatus: MatchStatus | null
  toStatus: MatchStatus
  /** Null when the system acted (consent revoked, listing closed, case closed). */
  actorName: string | null
  actorRole: string | null
  reasonCode: string | null
  details: Record<string, string | number | boolean | null>
  createdAt: string
}

export async function matchTimelines(executor: Executor, matchIds: string[]): Promise<Map<string, TimelineEvent[]>> {
  const byMatch = new Map<string, TimelineEvent[]>()
  if (matchIds.length === 0) return byMatch
  const rows = await executor
    .select({
      id: matchEvents.id,
      matchId: matchEvents.matchId,
      action: matchEvents.action,
      fromStatus: matchEvents.fromStatus,
      toStatus: matchEvents.toStatus,
      actorName: users.name,
      actorRole: matchEvents.actorRole,
      reasonCode: matchEvents.reasonCode,
      details: matchEvents.details,
      createdAt: matchEvents.createdAt,
    })
    .from(matchEvents)
    .leftJoin(users, eq(users.id, matchEvents.actorId))
    .where(inArray(matchEvents.matchId, matchIds))
    .orderBy(asc(matchEvents.createdAt), asc(matchEvents.id))
  for (const { matchId, ...row } of rows) {
    const list = byMatch.get(matchId) ?? []
    list.push({
      ...row,
      // The system acted: nobody's name on it (the audit trail keeps who triggered it).
      actorName: row.actorRole === null ? null : row.actorName,
      createdAt: row.createdAt.toISOString(),
    })
    byMatch.set(matchId, list)
  }
  return byMatch
}

export type CandidateMatch = {
  id: string
  status: MatchStatus
  origin: 'referral' | 'interest'
  version: number
  listingTitle: string
  listingKind: OpportunityKind
  opportunityId: string
  organisationName: string
  updatedAt: string
  timeline: TimelineEvent[]
}

/** A person's matches with their timelines, for the case file (the caller has checked scope and audited). */
export async function matchesOfCandidate(candidateId: string, executor: Executor = getDb()): Promise<CandidateMatch[]> {
  const rows = await executor
    .select({
      id: matches.id,
      status: matches.status,
      origin: matches.origin,
      version: matches.version,
      listingTitle: opportunities.title,
      listingKind: opportunities.kind,
      opportunityId: opportunities.id,
      organisationName: organisations.name,
      updatedAt: matches.updatedAt,
    })
    .from(matches)
    .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .innerJoin(organisations, eq(organisations.id, matches.organisationId))
    .where(eq(matches.candidateId, candidateId))
    .orderBy(desc(matches.updatedAt), desc(matches.id))
  const timelines = await matchTimelines(
    executor,
    rows.map((r) => r.id),
  )
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString(), timeline: timelines.get(r.id) ?? [] }))
}

export type MatchDetail = {
  id: string
  status: MatchStatus
  origin: 'referral' | 'interest'
  version: number
  message: string | null
  reasonCode: string | null
  nextStepAt: string | null
  nextStepNote: string | null
  startedOn: string | null
  amountVnd: number | null
  certificateNumber: string | null
  endedOn: string | null
  createdAt: string
  approvedAt: string | null
  listing: { id: string; title: string; kind: OpportunityKind; organisationName: string; wardName: string }
  actions: MatchAction[]
  timeline: TimelineEvent[]
}

const detailColumns = {
  id: matches.id,
  status: matches.status,
  origin: matches.origin,
  version: matches.version,
  message: matches.message,
  reasonCode: matches.reasonCode,
  nextStepAt: matches.nextStepAt,
  nextStepNote: matches.nextStepNote,
  startedOn: matches.startedOn,
  amountVnd: matches.amountVnd,
  certificateNumber: matches.certificateNumber,
  endedOn: matches.endedOn,
  createdAt: matches.createdAt,
  approvedAt: matches.approvedAt,
  candidateId: matches.candidateId,
  listingId: opportunities.id,
  listingTitle: opportunities.title,
  listingKind: opportunities.kind,
  organisationName: organisations.name,
  listingWardName: wards.name,
}

function toDetail(
  row: Awaited<ReturnType<typeof selectDetail>>[number],
  side: Side,
  timeline: TimelineEvent[],
): MatchDetail {
  return {
    id: row.id,
    status: row.status,
    origin: row.origin,
    version: row.version,
    message: row.message,
    reasonCode: row.reasonCode,
    nextStepAt: row.nextStepAt?.toISOString() ?? null,
    nextStepNote: row.nextStepNote,
    startedOn: row.startedOn,
    amountVnd: row.amountVnd,
    certificateNumber: row.certificateNumber,
    endedOn: row.endedOn,
    createdAt: row.createdAt.toISOString(),
    approvedAt: row.approvedAt?.toISOString() ?? null,
    listing: {
      id: row.listingId,
      title: row.listingTitle,
      kind: row.listingKind,
      organisationName: row.organisationName,
      wardName: row.listingWardName,
    },
    actions: availableActions(row.status, side),
    timeline,
  }
}

function selectDetail(executor: Executor, where: SQL | undefined) {
  return executor
    .select(detailColumns)
    .from(matches)
    .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .innerJoin(organisations, eq(organisations.id, matches.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .innerJoin(candidates, eq(candidates.id, matches.candidateId))
    .where(where)
}

/**
 * A match as the person's caseworker (or a coordinator) sees it: the person, the listing, what the partner
 * said, the timeline and the actions open to them. Outside their wards: not_found. Audited as a read of the
 * person's record.
 */
export async function getMatchForStaff(options: { actor: Actor; matchId: string }) {
  const { actor } = options
  authorize(actor, 'match:manage')
  if (!isUuid(options.matchId)) throw new AppError('not_found')
  return getDb().transaction(async (tx) => {
    const [row] = await selectDetail(tx, and(eq(matches.id, options.matchId), candidateScopeCondition(actor)))
    if (!row) throw new AppError('not_found')
    const [person] = await tx
      .select({ id: candidates.id, publicCode: candidates.publicCode, fullName: candidates.fullName })
      .from(candidates)
      .where(eq(candidates.id, row.candidateId))
    const consentNeeded = CONSENT_FOR_KIND[row.listingKind]
    const [consent] = await tx
      .select({ id: consents.id })
      .from(consents)
      .where(
        and(eq(consents.candidateId, row.candidateId), eq(consents.purpose, consentNeeded), isNull(consents.revokedAt)),
      )
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'candidate.viewed',
      subjectType: 'candidate',
      subjectId: row.candidateId,
      details: { page: 'match', matchId: row.id },
    })
    const timeline = (await matchTimelines(tx, [row.id])).get(row.id) ?? []
    return {
      match: toDetail(row, 'caseworker', timeline),
      candidate: person!,
      consentNeeded,
      consentInForce: consent !== undefined,
      // The partner's reports on the match, read in the same scope.
      reports: await listMatchReports(tx, row.id),
    }
  })
}

const TAB_STATUSES: Record<InboxTab, MatchStatus[]> = {
  new: ['approved'],
  in_progress: ['accepted', 'started'],
  closed: ['completed', 'ended', 'declined', 'rejected', 'withdrawn'],
  interests: ['interest'],
}

function ownOrganisation(actor: Actor): string {
  authorize(actor, 'referral:respond')
  return actor.membership!.organisationId
}

export type InboxItem = {
  id: string
  status: MatchStatus
  origin: 'referral' | 'interest'
  publicCode: string
  listingTitle: string
  listingKind: OpportunityKind
  updatedAt: string
  nextStepAt: string | null
}

/**
 * The partner's referrals, newest change first, by tab, in keyset pages. Only the public code here: names are
 * on the referral's own page, and only while the consent allows.
 */
export async function listInbox(options: {
  actor: Actor
  tab: InboxTab
  cursor?: string | null
  limit?: number
}): Promise<{ items: InboxItem[]; nextCursor: string | null; counts: Record<InboxTab, number> }> {
  const organisationId = ownOrganisation(options.actor)
  const limit = options.limit ?? 25
  const db = getDb()
  const cursor = beforeTimeCursor(matches.updatedAt, matches.id, decodeTimeCursor(options.cursor))
  const rows = await db
    .select({
      id: matches.id,
      status: matches.status,
      origin: matches.origin,
      publicCode: candidates.publicCode,
      listingTitle: opportunities.title,
      listingKind: opportunities.kind,
      updatedAt: matches.updatedAt,
      key: timeKey(matches.updatedAt),
      nextStepAt: matches.nextStepAt,
    })
    .from(matches)
    .innerJoin(candidates, eq(candidates.id, matches.candidateId))
    .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
    .where(and(eq(matches.organisationId, organisationId), inArray(matches.status, TAB_STATUSES[options.tab]), cursor))
    .orderBy(desc(matches.updatedAt), desc(matches.id))
    .limit(limit + 1)
  const countRows = await db
    .select({ status: matches.status, n: count() })
    .from(matches)
    .where(eq(matches.organisationId, organisationId))
    .groupBy(matches.status)
  const counts = Object.fromEntries(INBOX_TABS.map((t) => [t, 0])) as Record<InboxTab, number>
  for (const r of countRows) {
    const tab = INBOX_TABS.find((t) => TAB_STATUSES[t].includes(r.status))
    if (tab) counts[tab] += r.n
  }
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(({ key: _key, ...r }) => ({
      ...r,
      updatedAt: r.updatedAt.toISOString(),
      nextStepAt: r.nextStepAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ k: last.key, id: last.id }) : null,
    counts,
  }
}

/** What a partner sees of the person on an approved referral, as the consent for its kind allows. */
export type SharedProfile = {
  fullName: string
  phone: string | null
  age: number | null
  gender: string
  education: string | null
  skills: { code: string; name: { vi: string; en: string } }[]
  needs: string[]
  availability: string | null
  wardName: string
  caseworker: { name: string; email: string } | null
}

/**
 * The anonymised card: what anyone in the pool, or on a referral not (or no longer) shared, shows. A field left
 * out (undefined) is hidden because it would single the person out (talent-cards.ts); an `ageBand` of null is
 * an age not known.
 */
export type TalentCardView = {
  publicCode: string
  ageBand?: AgeBand | null
  area?: string[]
  skills: { code: string; name: { vi: string; en: string } }[]
  needs?: string[]
  /** Some of what the person's file holds (skills, age, area) is held back from this card. */
  partial: boolean
}

/**
 * One referral of the partner's organisation. The profile is there only while the match is approved,
 * accepted or started AND the consent for this kind of partner is in force; otherwise the card alone (a
 * revoked consent hides the name at once). The partner's read of a shared profile is audited.
 */
export async function getReferralForPartner(options: { actor: Actor; matchId: string; now?: Date }) {
  const organisationId = ownOrganisation(options.actor)
  if (!isUuid(options.matchId)) throw new AppError('not_found')
  const today = hanoiToday(options.now)
  return getDb().transaction(async (tx) => {
    const [row] = await selectDetail(
      tx,
      and(eq(matches.id, options.matchId), eq(matches.organisationId, organisationId)),
    )
    if (!row) throw new AppError('not_found')
    const caseworker = aliasedTable(users, 'caseworker')
    const [person] = await tx
      .select({
        id: candidates.id,
        publicCode: candidates.publicCode,
        fullName: candidates.fullName,
        phone: candidates.phone,
        dateOfBirth: candidates.dateOfBirth,
        gender: candidates.gender,
        education: candidates.education,
        skills: candidates.skills,
        needs: candidates.needs,
        availability: candidates.availability,
        wardName: wards.name,
        caseworkerName: caseworker.name,
        caseworkerEmail: caseworker.email,
      })
      .from(candidates)
      .innerJoin(wards, eq(wards.code, candidates.wardCode))
      .leftJoin(caseworker, eq(caseworker.id, candidates.caseworkerId))
      .where(eq(candidates.id, row.candidateId))
    const [consent] = await tx
      .select({ id: consents.id })
      .from(consents)
      .where(
        and(
          eq(consents.candidateId, row.candidateId),
          eq(consents.purpose, CONSENT_FOR_KIND[row.listingKind]),
          isNull(consents.revokedAt),
        ),
      )
    const shared = PROFILE_SHARED.includes(row.status) && consent !== undefined
    // Names come from the shared vocabulary through the transaction (one connection on the embedded database).
    const skillNames = await getSkillNames(person!.skills, tx)
    const skills = person!.skills.map((code) => ({ code, name: skillNames[code] ?? { vi: code, en: code } }))
    const age = person!.dateOfBirth ? ageOn(person!.dateOfBirth, today) : null
    // Without the profile, the same coarse card as the talent pool's: the full one would undo its crowd.
    const card: TalentCardView | null = shared ? null : await partnerCardOf(tx, person!, options.now)
    const profile: SharedProfile | null = shared
      ? {
          fullName: person!.fullName,
          phone: person!.phone ? formatVietnamesePhone(person!.phone) : null,
          age,
          gender: person!.gender,
          education: person!.education,
          skills,
          needs: person!.needs,
          availability: person!.availability,
          wardName: person!.wardName,
          caseworker: person!.caseworkerName ? { name: person!.caseworkerName, email: person!.caseworkerEmail! } : null,
        }
      : null
    if (profile) {
      await writeAudit(tx, {
        actor: { userId: options.actor.userId, role: options.actor.role },
        action: 'candidate.viewed',
        subjectType: 'candidate',
        subjectId: row.candidateId,
        details: { page: 'referral', matchId: row.id, organisationId },
      })
    }
    const timeline = (await matchTimelines(tx, [row.id])).get(row.id) ?? []
    // The partner sees who acted on its side; on the caseworker's side, the role only.
    const partnerTimeline = timeline.map((e) => (e.actorRole === 'partner' ? e : { ...e, actorName: null }))
    return {
      match: toDetail(row, 'partner', partnerTimeline),
      publicCode: person!.publicCode,
      card,
      profile,
      reports: await listMatchReports(tx, row.id),
    }
  })
}

/**
 * What needs the caseworker: partners' interests waiting for a decision, and referrals the partner has not
 * answered for STALE_AFTER_DAYS days — in their wards (coordinators: everywhere), oldest first.
 */
export async function matchesNeedingAction(options: { actor: Actor; now?: Date; limit?: number }) {
  const { actor } = options
  authorize(actor, 'match:manage')
  const now = options.now ?? new Date()
  const staleBefore = new Date(`${addDays(hanoiToday(now), -STALE_AFTER_DAYS)}T00:00:00+07:00`)
  const limit = options.limit ?? 20
  const select = (where: SQL | undefined) =>
    getDb()
      .select({
        id: matches.id,
        status: matches.status,
        publicCode: candidates.publicCode,
        fullName: candidates.fullName,
        candidateId: candidates.id,
        listingTitle: opportunities.title,
        organisationName: organisations.name,
        since: sql<Date>`coalesce(${matches.approvedAt}, ${matches.createdAt})`.mapWith(
          (v: string | Date) => new Date(v),
        ),
      })
      .from(matches)
      .innerJoin(candidates, eq(candidates.id, matches.candidateId))
      .innerJoin(opportunities, eq(opportunities.id, matches.opportunityId))
      .innerJoin(organisations, eq(organisations.id, matches.organisationId))
      .where(and(where, candidateScopeCondition(actor)))
      .orderBy(asc(matches.createdAt))
      .limit(limit)
  const interests = await select(eq(matches.status, 'interest'))
  const stale = await select(and(eq(matches.status, 'approved'), lt(matches.approvedAt, staleBefore)))
  const iso = (r: (typeof interests)[number]) => ({ ...r, since: r.since.toISOString() })
  return { interests: interests.map(iso), stale: stale.map(iso) }
}

/** The partner dashboard's referral figures: how many in each tab. */
export async function referralCounts(actor: Actor): Promise<Record<InboxTab, number>> {
  const { counts } = await listInbox({ actor, tab: 'new', limit: 0 })
  return counts
}
