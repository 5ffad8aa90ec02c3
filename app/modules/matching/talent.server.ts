import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import {
  candidates,
  consents,
  matches,
  opportunities,
  wards,
  type MatchStatus,
  type OpportunityKind,
} from '#db/schema/index.ts'
import { getSkillNames } from '#app/modules/skills/skills.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { ageOn, hanoiToday } from '#app/utils/dates.ts'
import { decodeTimeCursor, encodeTimeCursor, timeKey, timestampMicros } from '#app/utils/keyset.ts'
import { IN_PLAY } from './lifecycle'
import type { TalentCardView } from './match-views.server'
import { ageBand } from './ranking'
import { coarsenPool, type CoarseCard, type PoolPerson } from './talent-cards'

export type TalentFilters = {
  skills?: string[]
  /** A former district, e.g. "Quận Hoàn Kiếm": the area a card shows. */
  district?: string | null
  need?: OpportunityKind | null
}

export type TalentCard = TalentCardView & {
  /** This organisation's match with the person that is still in play, if any. */
  ownMatch: { id: string; status: MatchStatus } | null
}

type PoolRow = PoolPerson & { publicCode: string; createdAt: string; at: number }

/**
 * Everyone in the talent pool now (active, not merged, consent to the pool in force), newest first, with what
 * a card could show — and each one's coarse card (talent-cards.ts), which depends on the whole pool.
 */
async function coarsePool(db: Executor, now?: Date): Promise<CoarsePool> {
  const today = hanoiToday(now)
  // The cards depend on the whole pool, which is slow to read and coarsen at 100,000 people (seconds), and
  // seldom changes: keep the last result while this cheap fingerprint of the pool (every write to a person
  // bumps updated_at; consents are only added or revoked) and the day (age bands) stay the same.
  const [version] = await db
    .select({
      people: sql<string>`count(*) || ':' || coalesce(max(${candidates.updatedAt})::text, '')`,
      consents: sql<string>`(select count(*) || ':' || coalesce(max(greatest(${consents.grantedAt},
        coalesce(${consents.revokedAt}, ${consents.grantedAt})))::text, '') from ${consents}
        where ${consents.purpose} = 'talent_pool')`,
    })
    .from(candidates)
  const key = `${today}|${version?.people}|${version?.consents}`
  if (memo?.key === key) return memo.value
  const value = await readCoarsePool(db, today)
  memo = { key, value }
  return value
}

type CoarsePool = { pool: PoolRow[]; cards: Map<string, CoarseCard> }
let memo: { key: string; value: CoarsePool } | null = null

async function readCoarsePool(db: Executor, today: string): Promise<CoarsePool> {
  const rows = await db
    .select({
      id: candidates.id,
      publicCode: candidates.publicCode,
      dateOfBirth: candidates.dateOfBirth,
      skills: candidates.skills,
      needs: candidates.needs,
      area: wards.formerDistricts,
      createdAt: timeKey(candidates.createdAt),
    })
    .from(candidates)
    .innerJoin(wards, eq(wards.code, candidates.wardCode))
    .where(
      and(
        eq(candidates.status, 'active'),
        isNull(candidates.mergedIntoId),
        sql`exists (select 1 from ${consents} where ${consents.candidateId} = ${candidates.id}
          and ${consents.purpose} = 'talent_pool' and ${consents.revokedAt} is null)`,
      ),
    )
    .orderBy(desc(candidates.createdAt), desc(candidates.id))
  const pool: PoolRow[] = rows.map((r) => ({
    id: r.id,
    publicCode: r.publicCode,
    ageBand: ageBand(r.dateOfBirth ? ageOn(r.dateOfBirth, today) : null),
    area: r.area,
    needs: r.needs,
    skills: r.skills,
    createdAt: r.createdAt,
    at: timestampMicros(r.createdAt),
  }))
  return { pool, cards: coarsenPool(pool) }
}

function toView(publicCode: string, card: CoarseCard, names: Record<string, { vi: string; en: string }>) {
  return {
    publicCode,
    ageBand: card.ageBand,
    area: card.area,
    needs: card.needs,
    partial: card.partial,
    skills: card.skills.map((code) => ({ code, name: names[code] ?? { vi: code, en: code } })),
  } satisfies TalentCardView
}

/**
 * What a partner may see of one person without their profile: the same coarse card as in the pool, or, for
 * someone not (or no longer) in it, the code alone.
 */
export async function partnerCardOf(
  db: Executor,
  person: { id: string; publicCode: string },
  now?: Date,
): Promise<TalentCardView> {
  const { cards } = await coarsePool(db, now)
  const card = cards.get(person.id) ?? { skills: [], partial: true }
  return toView(person.publicCode, card, await getSkillNames(card.skills, db))
}

/**
 * The anonymised talent pool for partners: active people who consented to the pool, as coarse cards (code and,
 * as far as it does not single anyone out, age band, former district, wanted kinds, skills) — never a name, a
 * birth date, a ward, a phone or anything sensitive. Filters look at what the cards show, nothing more, so they
 * tell no more than the cards do. Newest first, keyset pages.
 */
export async function listTalent(options: {
  actor: Actor
  filters?: TalentFilters
  cursor?: string | null
  limit?: number
  now?: Date
}): Promise<{ cards: TalentCard[]; nextCursor: string | null }> {
  const { actor } = options
  authorize(actor, 'talent:browse')
  const organisationId = actor.membership!.organisationId
  const filters = options.filters ?? {}
  const limit = Math.min(Math.max(options.limit ?? 24, 1), 100)
  const cursor = decodeTimeCursor(options.cursor)
  const after = cursor ? { at: timestampMicros(cursor.k), id: cursor.id } : null
  const db = getDb()
  const { pool, cards } = await coarsePool(db, options.now)
  const shown = (person: PoolRow) => {
    const card = cards.get(person.id)
    if (!card) return false
    if (filters.skills?.length && !filters.skills.some((s) => card.skills.includes(s))) return false
    if (filters.need && !card.needs?.includes(filters.need)) return false
    if (filters.district && !card.area?.includes(filters.district)) return false
    if (after && !(person.at < after.at || (person.at === after.at && person.id < after.id))) return false
    return true
  }
  const page: PoolRow[] = []
  let more = false
  for (const person of pool) {
    if (!shown(person)) continue
    if (page.length === limit) {
      more = true
      break
    }
    page.push(person)
  }
  const own = page.length
    ? await db
        .select({ id: matches.id, candidateId: matches.candidateId, status: matches.status })
        .from(matches)
        .where(
          and(
            eq(matches.organisationId, organisationId),
            inArray(
              matches.candidateId,
              page.map((r) => r.id),
            ),
            inArray(matches.status, [...IN_PLAY]),
          ),
        )
    : []
  const ownByCandidate = new Map(own.map((m) => [m.candidateId, { id: m.id, status: m.status }]))
  const names = await getSkillNames([...new Set(page.flatMap((r) => cards.get(r.id)!.skills))])
  const last = page.at(-1)
  return {
    cards: page.map((r) => ({
      ...toView(r.publicCode, cards.get(r.id)!, names),
      ownMatch: ownByCandidate.get(r.id) ?? null,
    })),
    nextCursor: more && last ? encodeTimeCursor({ k: last.createdAt, id: last.id }) : null,
  }
}

/** The organisation's open listings, for the "express interest" form. */
export async function ownOpenListings(actor: Actor) {
  authorize(actor, 'talent:browse')
  return getDb()
    .select({ id: opportunities.id, title: opportunities.title, kind: opportunities.kind })
    .from(opportunities)
    .where(and(eq(opportunities.organisationId, actor.membership!.organisationId), eq(opportunities.status, 'open')))
    .orderBy(asc(opportunities.title))
}

/** The former districts, for the area filter. */
export async function talentAreas(): Promise<string[]> {
  const rows = await getDb()
    .selectDistinct({ district: sql<string>`unnest(${wards.formerDistricts})` })
    .from(wards)
  return rows.map((r) => r.district).sort((a, b) => a.localeCompare(b, 'vi'))
}
