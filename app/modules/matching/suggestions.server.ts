import { and, asc, desc, eq, inArray, isNull, not, or, sql, type SQL } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server'
import {
  candidates,
  courseDetails,
  jobDetails,
  loanDetails,
  matches,
  opportunities,
  organisations,
  wards,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema'
import { writeAudit } from '~/modules/audit/audit.server'
import { candidateScopeCondition } from '~/modules/candidates/scope.server'
import { offerableOpportunitiesCondition } from '~/modules/opportunities/visibility.server'
import type { Actor } from '~/policy'
import { authorize } from '~/policy.server'
import { ageOn, hanoiToday } from '~/utils/dates'
import { AppError } from '~/utils/errors'
import { isUuid } from '~/utils/ids'
import { textArray } from '~/utils/sql'
import {
  certificateKey,
  rankListing,
  WEIGHTS,
  type RankCandidate,
  type RankContext,
  type Ranking,
  type RankListing,
} from './ranking'

/** The person as the ranking sees them, read in the actor's scope (not_found outside it). */
export async function loadRankCandidate(
  executor: Executor,
  actor: Actor,
  candidateId: string,
  today: string,
): Promise<RankCandidate & { id: string; publicCode: string; fullName: string; status: string }> {
  if (!isUuid(candidateId)) throw new AppError('not_found')
  const [row] = await executor
    .select({
      id: candidates.id,
      publicCode: candidates.publicCode,
      fullName: candidates.fullName,
      status: candidates.status,
      dateOfBirth: candidates.dateOfBirth,
      background: candidates.background,
      wardCode: candidates.wardCode,
      formerDistricts: wards.formerDistricts,
      skills: candidates.skills,
      needs: candidates.needs,
    })
    .from(candidates)
    .innerJoin(wards, eq(wards.code, candidates.wardCode))
    .where(and(eq(candidates.id, candidateId), isNull(candidates.mergedIntoId), candidateScopeCondition(actor)))
  if (!row) throw new AppError('not_found')
  return { ...row, age: row.dateOfBirth ? ageOn(row.dateOfBirth, today) : null }
}

const certificateRequired = sql`${jobDetails.certificateRequired}`

/** The hard rules of ranking.ts as SQL, for one person: age, background, deadline, a free place. */
function passesHardRules(person: RankCandidate, today: string): SQL {
  const rules: SQL[] = [
    sql`(${opportunities.deadline} is null or ${opportunities.deadline} >= ${today}::date)`,
    sql`${opportunities.seatsTaken} < ${opportunities.capacity}`,
  ]
  if (person.age !== null) {
    rules.push(sql`(${opportunities.minAge} is null or ${opportunities.minAge} <= ${person.age})`)
    rules.push(sql`(${opportunities.maxAge} is null or ${opportunities.maxAge} >= ${person.age})`)
  }
  if (person.background === 'after_rehab' || person.background === 'both') {
    rules.push(eq(opportunities.acceptsAfterRehab, true))
  }
  if (person.background === 'after_prison' || person.background === 'both') {
    rules.push(eq(opportunities.acceptsAfterPrison, true))
  }
  return and(...rules)!
}

/**
 * The certificates open jobs ask for that this person could take (hard rules passed), matched against the
 * certificates open courses award, with ranking.ts's comparison: the course certificates (as written) that
 * lead to a job.
 */
async function coursePathwayCertificates(
  executor: Executor,
  person: RankCandidate,
  today: string,
): Promise<{ context: RankContext; courseCertificates: string[] }> {
  // One after the other: inside a transaction the statements share one connection anyway.
  const wanted = await executor
      .selectDistinct({ certificate: jobDetails.certificateRequired })
      .from(jobDetails)
      .innerJoin(opportunities, eq(opportunities.id, jobDetails.opportunityId))
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(and(offerableOpportunitiesCondition(), passesHardRules(person, today), sql`${certificateRequired} is not null`))
  const awarded = await executor
      .selectDistinct({ certificate: courseDetails.certificate })
      .from(courseDetails)
      .innerJoin(opportunities, eq(opportunities.id, courseDetails.opportunityId))
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .where(and(offerableOpportunitiesCondition(), sql`${courseDetails.certificate} is not null`))
  const certificatesWanted = new Set(wanted.map((w) => certificateKey(w.certificate!)))
  return {
    context: { today, certificatesWanted },
    courseCertificates: awarded.map((a) => a.certificate!).filter((c) => certificatesWanted.has(certificateKey(c))),
  }
}

/** The score of ranking.ts in SQL, with its weights. */
function scoreSql(person: RankCandidate, courseCertificates: string[]): { score: SQL<number>; relevant: SQL } {
  const skills = textArray(person.skills)
  const required = sql`cardinality(${opportunities.requiredSkills})`
  const matched = sql`(select count(*)::int from unnest(${opportunities.requiredSkills}) as r(code) where r.code = any(${skills}))`
  const needFit = sql`${opportunities.kind}::text = any(${textArray(person.needs)})`
  const sameDistrict = sql`${wards.formerDistricts} && ${textArray(person.formerDistricts)}`
  const coursePathway =
    courseCertificates.length > 0
      ? sql`(${opportunities.kind} = 'course' and ${courseDetails.certificate} = any(${textArray(courseCertificates)}))`
      : sql`false`
  const loanPathway =
    person.skills.length > 0
      ? sql`(${opportunities.kind} = 'loan' and 'self_employment' = any(${loanDetails.purposes}) and (${required} = 0 or ${opportunities.requiredSkills} && ${skills}))`
      : sql`false`
  const score = sql<number>`(
    case when ${needFit} then ${sql.raw(String(WEIGHTS.needFit))} else 0 end
    + case when ${required} = 0 then ${sql.raw(String(WEIGHTS.noSkillsRequired))}
           else (${sql.raw(String(WEIGHTS.skills))} * ${matched}) / ${required} end
    + case when ${opportunities.wardCode} = ${person.wardCode} then ${sql.raw(String(WEIGHTS.sameWard))}
           when ${sameDistrict} then ${sql.raw(String(WEIGHTS.sameDistrict))} else 0 end
    + case when ${coursePathway} then ${sql.raw(String(WEIGHTS.coursePathway))}
           when ${loanPathway} then ${sql.raw(String(WEIGHTS.loanPathway))} else 0 end
  )::int`
  const relevant = or(sql`${needFit}`, sql`${opportunities.requiredSkills} && ${skills}`, coursePathway, loanPathway)!
  return { score, relevant }
}

export type Suggestion = {
  opportunityId: string
  title: string
  kind: OpportunityKind
  organisationName: string
  wardName: string
  deadline: string | null
  seatsLeft: number
  ranking: Ranking
  /** The person's latest match on this listing, if any. */
  match: { id: string; status: MatchStatus } | null
}

const listingColumns = {
  id: opportunities.id,
  title: opportunities.title,
  kind: opportunities.kind,
  organisationName: organisations.name,
  wardCode: opportunities.wardCode,
  wardName: wards.name,
  formerDistricts: wards.formerDistricts,
  requiredSkills: opportunities.requiredSkills,
  minAge: opportunities.minAge,
  maxAge: opportunities.maxAge,
  acceptsAfterRehab: opportunities.acceptsAfterRehab,
  acceptsAfterPrison: opportunities.acceptsAfterPrison,
  deadline: opportunities.deadline,
  capacity: opportunities.capacity,
  seatsTaken: opportunities.seatsTaken,
  certificate: courseDetails.certificate,
  purposes: loanDetails.purposes,
}

/**
 * The two statements of the suggestions page, built but not run (the benchmark EXPLAINs them): the ranked
 * offerable listings that pass the hard rules, and the relevant ones a hard rule keeps out.
 */
export async function suggestionQueries(
  executor: Executor,
  options: { actor: Actor; candidateId: string; kind: OpportunityKind | null; limit: number; today: string },
) {
  const person = await loadRankCandidate(executor, options.actor, options.candidateId, options.today)
  const { context, courseCertificates } = await coursePathwayCertificates(executor, person, options.today)
  const { score, relevant } = scoreSql(person, courseCertificates)
  const base = and(offerableOpportunitiesCondition(), relevant, options.kind ? eq(opportunities.kind, options.kind) : undefined)
  const query = (where: SQL | undefined) =>
    executor
      .select({ ...listingColumns, score })
      .from(opportunities)
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .innerJoin(wards, eq(wards.code, opportunities.wardCode))
      .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
      .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
      .where(where)
      .orderBy(desc(score), asc(sql`coalesce(${opportunities.deadline}, 'infinity'::date)`), asc(opportunities.id))
      .limit(options.limit)
  const hard = passesHardRules(person, options.today)
  return { person, context, ranked: query(and(base, hard)), excluded: query(and(base, not(hard))) }
}

/**
 * Open listings ranked for one person, best first, each with its explanation; and, when `withExcluded`, the
 * relevant listings a hard rule keeps out, with the rules that failed. The ranking runs in the database
 * (one indexed pass over the open listings); only the page of results is explained here.
 */
export async function suggestOpportunities(options: {
  actor: Actor
  candidateId: string
  kind?: OpportunityKind | null
  limit?: number
  withExcluded?: boolean
  now?: Date
}): Promise<{
  candidate: { id: string; publicCode: string; fullName: string; status: string; needs: string[]; skills: string[] }
  suggestions: Suggestion[]
  excluded: Suggestion[]
}> {
  const { actor } = options
  authorize(actor, 'match:manage')
  const today = hanoiToday(options.now)
  const limit = Math.min(Math.max(options.limit ?? 20, 1), 100)
  return getDb().transaction(async (tx) => {
    const { person, context, ranked: rankedQuery, excluded: excludedQuery } = await suggestionQueries(tx, {
      actor,
      candidateId: options.candidateId,
      kind: options.kind ?? null,
      limit,
      today,
    })
    const ranked = await rankedQuery
    const excludedRows = options.withExcluded ? await excludedQuery : []
    const ids = [...ranked, ...excludedRows].map((r) => r.id)
    const existing = ids.length
      ? await tx
          .select({ id: matches.id, opportunityId: matches.opportunityId, status: matches.status })
          .from(matches)
          .where(and(eq(matches.candidateId, person.id), inArray(matches.opportunityId, ids)))
          .orderBy(desc(matches.createdAt))
      : []
    const latest = new Map<string, { id: string; status: MatchStatus }>()
    for (const m of existing) if (!latest.has(m.opportunityId)) latest.set(m.opportunityId, { id: m.id, status: m.status })
    const explain = (row: (typeof ranked)[number]): Suggestion => ({
      opportunityId: row.id,
      title: row.title,
      kind: row.kind,
      organisationName: row.organisationName,
      wardName: row.wardName,
      deadline: row.deadline,
      seatsLeft: Math.max(row.capacity - row.seatsTaken, 0),
      ranking: rankListing(person, row satisfies RankListing, context),
      match: latest.get(row.id) ?? null,
    })
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'candidate.viewed',
      subjectType: 'candidate',
      subjectId: person.id,
      details: { page: 'suggestions' },
    })
    return {
      candidate: {
        id: person.id,
        publicCode: person.publicCode,
        fullName: person.fullName,
        status: person.status,
        needs: [...person.needs],
        skills: [...person.skills],
      },
      suggestions: ranked.map(explain),
      excluded: excludedRows.map(explain),
    }
  })
}

/** For tests and benchmarks: the SQL score of every offerable listing for one person, by listing id. */
export async function sqlScores(options: { actor: Actor; candidateId: string; now?: Date }) {
  const today = hanoiToday(options.now)
  const db = getDb()
  const person = await loadRankCandidate(db, options.actor, options.candidateId, today)
  const { context, courseCertificates } = await coursePathwayCertificates(db, person, today)
  const { score, relevant } = scoreSql(person, courseCertificates)
  const rows = await db
    .select({ ...listingColumns, score, relevant: sql<boolean>`(${relevant})`, eligible: sql<boolean>`(${passesHardRules(person, today)})` })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(offerableOpportunitiesCondition())
  return { person, context, rows }
}
