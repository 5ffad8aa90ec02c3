import { and, asc, desc, eq, inArray, isNull, not, or, sql, type SQL } from 'drizzle-orm'
import { getDb, rowsOf, type Executor } from '#db/client.server.ts'
import {
  candidates,
  consents,
  type ConsentPurpose,
  courseDetails,
  jobDetails,
  loanDetails,
  matches,
  opportunities,
  organisations,
  wards,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { CONSENT_FOR_KIND } from './lifecycle'
import { candidateScopeCondition } from '#app/modules/candidates/scope.server.ts'
import { offerableOpportunitiesCondition } from '#app/modules/opportunities/visibility.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { ageOn, hanoiToday } from '#app/utils/dates.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { textArray } from '#app/utils/sql.ts'
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
  // Each distinct certificate (a handful, read from its index), kept if one offerable listing of the kind
  // has it — a probe that stops at the first one found, instead of a pass over every job and course.
  const certificatesWithListing = async (
    column: typeof jobDetails.certificateRequired | typeof courseDetails.certificate,
    table: typeof jobDetails | typeof courseDetails,
    idColumn: typeof jobDetails.opportunityId | typeof courseDetails.opportunityId,
    extra: SQL,
  ) =>
    rowsOf<{ certificate: string }>(
      await executor.execute(sql`
        with recursive certs(certificate) as (
          (select ${column} from ${table} where ${column} is not null order by 1 limit 1)
          union all
          select (select ${column} from ${table} where ${column} > certs.certificate order by 1 limit 1)
          from certs where certs.certificate is not null
        )
        select certificate from certs
        cross join lateral (
          select 1 from ${table}
          join ${opportunities} on ${opportunities.id} = ${idColumn}
          join ${organisations} on ${organisations.id} = ${opportunities.organisationId}
          where ${column} = certs.certificate and ${offerableOpportunitiesCondition()} and ${extra}
          limit 1) found
        where certificate is not null`),
    )
  const wanted = await certificatesWithListing(
    jobDetails.certificateRequired,
    jobDetails,
    jobDetails.opportunityId,
    passesHardRules(person, today),
  )
  const awarded = wanted.length
    ? await certificatesWithListing(courseDetails.certificate, courseDetails, courseDetails.opportunityId, sql`true`)
    : []
  const certificatesWanted = new Set(wanted.map((w) => certificateKey(w.certificate!)))
  return {
    context: { today, certificatesWanted },
    courseCertificates: awarded.map((a) => a.certificate!).filter((c) => certificatesWanted.has(certificateKey(c))),
  }
}

/** What the SQL score needs besides the listing row: the person, and what was worked out for them first. */
type ScoreInputs = {
  person: RankCandidate
  /** Course certificates (as written) that open jobs this person could take ask for. */
  courseCertificates: string[]
  /** The wards that share a former district with the person's ward. */
  districtWardCodes: string[]
}

/**
 * The score of ranking.ts in SQL, with its weights. Written to read only columns of the listing itself (the
 * pathways through hashed sub-queries), so the ranking is one index-only pass over the open listings.
 */
function scoreSql({ person, courseCertificates, districtWardCodes }: ScoreInputs): {
  score: SQL<number>
  relevant: SQL
} {
  const ownSkills = [...new Set(person.skills)]
  const skills = textArray(ownSkills)
  const required = sql`cardinality(${opportunities.requiredSkills})`
  // How many of the listing's skills the person has: one containment test per skill of theirs (a handful).
  const matched =
    ownSkills.length > 0
      ? sql.join(
          ownSkills.map((code) => sql`(${opportunities.requiredSkills} @> ${textArray([code])})::int`),
          sql` + `,
        )
      : sql`0`
  const needFit = sql`${opportunities.kind}::text = any(${textArray(person.needs)})`
  const sameDistrict = sql`${opportunities.wardCode} = any(${textArray(districtWardCodes)})`
  const coursePathway =
    courseCertificates.length > 0
      ? sql`(${opportunities.kind} = 'course' and ${opportunities.id} in (select ${courseDetails.opportunityId}
          from ${courseDetails} where ${courseDetails.certificate} = any(${textArray(courseCertificates)})))`
      : sql`false`
  const loanPathway =
    ownSkills.length > 0
      ? sql`(${opportunities.kind} = 'loan' and (${required} = 0 or ${opportunities.requiredSkills} && ${skills})
          and ${opportunities.id} in (select ${loanDetails.opportunityId} from ${loanDetails}
          where 'self_employment' = any(${loanDetails.purposes})))`
      : sql`false`
  const score = sql<number>`(
    case when ${needFit} then ${sql.raw(String(WEIGHTS.needFit))} else 0 end
    + case when ${required} = 0 then ${sql.raw(String(WEIGHTS.noSkillsRequired))}
           else (${sql.raw(String(WEIGHTS.skills))} * (${matched})) / ${required} end
    + case when ${opportunities.wardCode} = ${person.wardCode} then ${sql.raw(String(WEIGHTS.sameWard))}
           when ${sameDistrict} then ${sql.raw(String(WEIGHTS.sameDistrict))} else 0 end
    + case when ${coursePathway} then ${sql.raw(String(WEIGHTS.coursePathway))}
           when ${loanPathway} then ${sql.raw(String(WEIGHTS.loanPathway))} else 0 end
  )::int`
  const relevant = or(sql`${needFit}`, sql`${opportunities.requiredSkills} && ${skills}`, coursePathway, loanPathway)!
  return { score, relevant }
}

/** Everything the SQL score needs, worked out for one person (three small queries). */
async function scoreInputs(executor: Executor, person: RankCandidate, today: string) {
  const { context, courseCertificates } = await coursePathwayCertificates(executor, person, today)
  const districtWardCodes = person.formerDistricts.length
    ? (
        await executor
          .select({ code: wards.code })
          .from(wards)
          .where(sql`${wards.formerDistricts} && ${textArray(person.formerDistricts)}`)
      ).map((w) => w.code)
    : []
  return { context, inputs: { person, courseCertificates, districtWardCodes } satisfies ScoreInputs }
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
  /** The consent a referral here needs and the person has not given; null when it is in force. */
  consentMissing: ConsentPurpose | null
}

/** The listing's columns the hard rules read (ranking.ts `hardRuleFailures`). */
export const eligibilityColumns = {
  kind: opportunities.kind,
  wardCode: opportunities.wardCode,
  requiredSkills: opportunities.requiredSkills,
  minAge: opportunities.minAge,
  maxAge: opportunities.maxAge,
  acceptsAfterRehab: opportunities.acceptsAfterRehab,
  acceptsAfterPrison: opportunities.acceptsAfterPrison,
  deadline: opportunities.deadline,
  capacity: opportunities.capacity,
  seatsTaken: opportunities.seatsTaken,
}

const listingColumns = {
  ...eligibilityColumns,
  id: opportunities.id,
  title: opportunities.title,
  organisationName: organisations.name,
  wardName: wards.name,
  formerDistricts: wards.formerDistricts,
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
  const { context, inputs } = await scoreInputs(executor, person, options.today)
  const { score, relevant } = scoreSql(inputs)
  const base = and(
    offerableOpportunitiesCondition(),
    relevant,
    options.kind ? eq(opportunities.kind, options.kind) : undefined,
  )
  const deadlineKey = sql<string>`coalesce(${opportunities.deadline}, 'infinity'::date)`
  // Rank on the listing's own columns (an index-only scan of the open listings), then fetch the page's rows.
  const query = (name: string, where: SQL | undefined) => {
    const ranked = executor.$with(name).as(
      executor
        .select({ id: opportunities.id, score: score.as('score'), deadlineKey: deadlineKey.as('deadline_key') })
        .from(opportunities)
        .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
        .where(where)
        .orderBy(desc(score), asc(deadlineKey), asc(opportunities.id))
        .limit(options.limit),
    )
    return executor
      .with(ranked)
      .select({ ...listingColumns, score: ranked.score })
      .from(ranked)
      .innerJoin(opportunities, eq(opportunities.id, ranked.id))
      .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
      .innerJoin(wards, eq(wards.code, opportunities.wardCode))
      .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
      .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
      .orderBy(desc(ranked.score), asc(ranked.deadlineKey), asc(opportunities.id))
  }
  const hard = passesHardRules(person, options.today)
  return {
    person,
    context,
    ranked: query('ranked', and(base, hard)),
    excluded: query('excluded', and(base, not(hard))),
  }
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
    const {
      person,
      context,
      ranked: rankedQuery,
      excluded: excludedQuery,
    } = await suggestionQueries(tx, {
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
    for (const m of existing)
      if (!latest.has(m.opportunityId)) latest.set(m.opportunityId, { id: m.id, status: m.status })
    const granted = new Set(
      (
        await tx
          .select({ purpose: consents.purpose })
          .from(consents)
          .where(and(eq(consents.candidateId, person.id), isNull(consents.revokedAt)))
      ).map((c) => c.purpose),
    )
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
      consentMissing: granted.has(CONSENT_FOR_KIND[row.kind]) ? null : CONSENT_FOR_KIND[row.kind],
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
  const { context, inputs } = await scoreInputs(db, person, today)
  const { score, relevant } = scoreSql(inputs)
  const rows = await db
    .select({
      ...listingColumns,
      score,
      relevant: sql<boolean>`(${relevant})`,
      eligible: sql<boolean>`(${passesHardRules(person, today)})`,
    })
    .from(opportunities)
    .innerJoin(organisations, eq(organisations.id, opportunities.organisationId))
    .innerJoin(wards, eq(wards.code, opportunities.wardCode))
    .leftJoin(courseDetails, eq(courseDetails.opportunityId, opportunities.id))
    .leftJoin(loanDetails, eq(loanDetails.opportunityId, opportunities.id))
    .where(offerableOpportunitiesCondition())
  return { person, context, rows }
}
