import type { AgeBand } from './ranking'

/**
 * How much of a person the talent pool's card may show (issue #20, finding 10). A card shows an age band, an
 * area, what the person wants and their skills; together those picked out 24 of the 42 demo people exactly. Now
 * every card that is shown is identical, code apart, to at least TALENT_CARD_CROWD − 1 others: a partner who
 * knows someone cannot tell which card is theirs, or whether they are in the pool, from the card alone.
 *
 * The rule is local generalisation, greedy from the most useful card to the least (`LEVELS`): people whose full
 * card is shared by enough others keep it; the rest lose detail step by step, first the skills beyond the most
 * shared one, then the age band, then the area, until they stand in a crowd. The few left over when every step
 * is spent are shown as a code alone, with enough others moved there to make a crowd, or not at all.
 */
export const TALENT_CARD_CROWD = 3

export type PoolPerson = {
  id: string
  /** null: the age is not known (that is a value too, shown as "not known"). */
  ageBand: AgeBand | null
  /** The former districts of the person's ward. */
  area: readonly string[]
  needs: readonly string[]
  skills: readonly string[]
}

/** What a card shows. `undefined` fields are hidden (too telling for this person); skills are a subset. */
export type CoarseCard = {
  ageBand?: AgeBand | null
  area?: string[]
  needs?: string[]
  skills: string[]
  /** Detail was held back from this card (every card of a crowd says the same). */
  partial: boolean
}

type Level = { age: boolean; area: boolean; needs: boolean; skills: 'all' | 'one' | 'none' }

/** From the most useful card to the least. */
export const LEVELS: readonly Level[] = [
  { age: true, area: true, needs: true, skills: 'all' },
  { age: true, area: true, needs: true, skills: 'one' },
  { age: false, area: true, needs: true, skills: 'one' },
  { age: true, area: false, needs: true, skills: 'one' },
  { age: false, area: false, needs: true, skills: 'one' },
  { age: false, area: true, needs: true, skills: 'none' },
  { age: false, area: false, needs: true, skills: 'none' },
  { age: false, area: false, needs: false, skills: 'one' },
]

const sorted = (values: readonly string[]) => [...values].sort()

function baseKey(person: PoolPerson, level: Level): string {
  return JSON.stringify([
    level.age ? (person.ageBand ?? '?') : null,
    level.area ? sorted(person.area) : null,
    level.needs ? sorted(person.needs) : null,
  ])
}

function cardAt(person: PoolPerson, level: Level, skills: string[]): CoarseCard {
  return {
    partial: level !== LEVELS[0],
    ...(level.age ? { ageBand: person.ageBand } : {}),
    ...(level.area ? { area: sorted(person.area) } : {}),
    ...(level.needs ? { needs: sorted(person.needs) } : {}),
    skills,
  }
}

/** The key two cards share exactly when they show the same thing. */
export function cardKey(card: CoarseCard): string {
  return JSON.stringify([
    card.partial,
    card.ageBand === undefined ? '-' : (card.ageBand ?? '?'),
    card.area ?? '-',
    card.needs ?? '-',
    card.skills,
  ])
}

/**
 * Each person's card, by id. People missing from the result are not shown: fewer than a crowd were left and no
 * crowd could spare anyone. Deterministic for the same pool (ties go to the skill code, then the id).
 */
export function coarsenPool(pool: readonly PoolPerson[], crowd = TALENT_CARD_CROWD): Map<string, CoarseCard> {
  const cards = new Map<string, CoarseCard>()
  const classes: string[][] = []
  let left = [...pool].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  for (const level of LEVELS) {
    if (left.length === 0) break
    const groups = new Map<string, PoolPerson[]>()
    for (const person of left) {
      const key = baseKey(person, level)
      const group = groups.get(key)
      if (group) group.push(person)
      else groups.set(key, [person])
    }
    const placed = new Set<string>()
    const place = (members: PoolPerson[], skills: string[]) => {
      for (const m of members) {
        cards.set(m.id, cardAt(m, level, skills))
        placed.add(m.id)
      }
      classes.push(members.map((m) => m.id))
    }
    for (const members of groups.values()) {
      if (level.skills === 'none') {
        if (members.length >= crowd) place(members, [])
      } else if (level.skills === 'all') {
        const bySet = new Map<string, PoolPerson[]>()
        for (const m of members) {
          const key = sorted(m.skills).join('\u0000')
          const same = bySet.get(key)
          if (same) same.push(m)
          else bySet.set(key, [m])
        }
        for (const same of bySet.values()) if (same.length >= crowd) place(same, sorted(same[0]!.skills))
      } else {
        // One skill: the one most people in the group have, as long as it gathers a crowd; then the next.
        let rest = members
        for (;;) {
          const counts = new Map<string, number>()
          for (const m of rest) for (const s of new Set(m.skills)) counts.set(s, (counts.get(s) ?? 0) + 1)
          let best: [string, number] | null = null
          for (const [skill, n] of counts) {
            if (!best || n > best[1] || (n === best[1] && skill < best[0])) best = [skill, n]
          }
          if (!best || best[1] < crowd) break
          const skill = best[0]
          place(
            rest.filter((m) => m.skills.includes(skill)),
            [skill],
          )
          rest = rest.filter((m) => !m.skills.includes(skill))
        }
      }
    }
    left = left.filter((p) => !placed.has(p.id))
  }
  if (left.length === 0) return cards
  // The last crowd: a code and nothing else. Borrow from the largest class that can spare people.
  const crowdOfCodes = [...left]
  for (const members of [...classes].sort((a, b) => b.length - a.length)) {
    if (crowdOfCodes.length >= crowd) break
    const spare = Math.min(members.length - crowd, crowd - crowdOfCodes.length)
    if (spare <= 0) continue
    for (const id of members.splice(members.length - spare, spare)) {
      crowdOfCodes.push(pool.find((p) => p.id === id)!)
    }
  }
  if (crowdOfCodes.length < crowd) {
    for (const person of left) cards.delete(person.id)
    return cards
  }
  for (const person of crowdOfCodes) cards.set(person.id, { skills: [], partial: true })
  return cards
}
