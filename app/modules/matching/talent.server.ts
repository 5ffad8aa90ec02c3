import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { candidates, consents, matches, opportunities, wards, type MatchStatus, type OpportunityKind } from '#db/schema'
import { getSkillNames } from '~/modules/skills/skills.server'
import { foldVietnamese } from '~/modules/wards/fold'
import type { Actor } from '~/policy'
import { authorize } from '~/policy.server'
import { ageOn, hanoiToday } from '~/utils/dates'
import { beforeTimeCursor, decodeTimeCursor, encodeTimeCursor, timeKey } from '~/utils/keyset'
import { textArray } from '~/utils/sql'
import { IN_PLAY } from './lifecycle'
import type { TalentCardView } from './match-views.server'
import { ageBand } from './ranking'

export type TalentFilters = {
  skills?: string[]
  /** A former district, e.g. "Quận Hoàn Kiếm": the area a card shows. */
  district?: string | null
  need?: OpportunityKind | null
  /** Words looked for in what the person wrote about when they are free, without diacritics. */
  availability?: string | null
}

export type TalentCard = TalentCardView & {
  /** This organisation's match with the person that is still in play, if any. */
  ownMatch: { id: string; status: MatchStatus } | null
}

/**
 * The anonymised talent pool for partners: active people who consented to the pool, as cards (code, age
 * band, former district, skills, wanted kinds, availability) — never a name, a birth date, a ward, a phone
 * or anything sensitive. Newest first, keyset pages.
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
  const today = hanoiToday(options.now)
  const cursor = beforeTimeCursor(candidates.createdAt, candidates.id, decodeTimeCursor(options.cursor))
  const words = filters.availability ? foldVietnamese(filters.availability).trim() : ''
  const db = getDb()
  const rows = await db
    .select({
      id: candidates.id,
      publicCode: candidates.publicCode,
      dateOfBirth: candidates.dateOfBirth,
      skills: candidates.skills,
      needs: candidates.needs,
      availability: candidates.availability,
      formerDistricts: wards.formerDistricts,
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
        filters.skills?.length ? sql`${candidates.skills} && ${textArray(filters.skills)}` : undefined,
        filters.need ? sql`${candidates.needs} @> ${textArray([filters.need])}` : undefined,
        filters.district ? sql`${wards.formerDistricts} @> ${textArray([filters.district])}` : undefined,
        words ? sql`position(${words} in lower(unaccent(coalesce(${candidates.availability}, '')))) > 0` : undefined,
        cursor,
      ),
    )
    .orderBy(desc(candidates.createdAt), desc(candidates.id))
    .limit(limit + 1)
  const page = rows.slice(0, limit)
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
  const names = await getSkillNames([...new Set(page.flatMap((r) => r.skills))])
  const last = page.at(-1)
  return {
    cards: page.map((r) => ({
      publicCode: r.publicCode,
      ageBand: ageBand(r.dateOfBirth ? ageOn(r.dateOfBirth, today) : null),
      area: r.formerDistricts,
      skills: r.skills.map((code) => ({ code, name: names[code] ?? { vi: code, en: code } })),
      needs: r.needs,
      availability: r.availability,
      ownMatch: ownByCandidate.get(r.id) ?? null,
    })),
    nextCursor: rows.length > limit && last ? encodeTimeCursor({ k: last.createdAt, id: last.id }) : null,
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
