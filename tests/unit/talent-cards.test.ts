import { describe, expect, it } from 'vitest'
import { AGE_BANDS, type AgeBand } from '#app/modules/matching/ranking.ts'
import {
  cardKey,
  coarsenPool,
  TALENT_CARD_CROWD,
  type CoarseCard,
  type PoolPerson,
} from '#app/modules/matching/talent-cards.ts'
import { timestampMicros } from '#app/utils/keyset.ts'

// Issue #20, finding 10: 24 of the 42 demo talent cards were unique on age band + area + skills + needs.

const person = (id: string, over: Partial<PoolPerson> = {}): PoolPerson => ({
  id,
  ageBand: '25_34',
  area: ['Quận Long Biên'],
  needs: ['job'],
  skills: ['welding'],
  ...over,
})

/** How many cards show exactly this card's content, code apart. */
function crowds(cards: Map<string, CoarseCard>) {
  const sizes = new Map<string, number>()
  for (const card of cards.values()) sizes.set(cardKey(card), (sizes.get(cardKey(card)) ?? 0) + 1)
  return sizes
}

/** A small deterministic generator, so a failure names its seed. */
function random(seed: number) {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 2 ** 32
  }
}

const DISTRICTS = ['Quận Long Biên', 'Quận Đống Đa', 'Quận Hà Đông', 'Huyện Gia Lâm', 'Quận Cầu Giấy', 'Huyện Sóc Sơn']
const SKILLS = ['welding', 'cooking', 'driving', 'sewing', 'electrics', 'farming', 'retail', 'carpentry']
const NEEDS = [['job'], ['course'], ['loan'], ['job', 'course'], ['job', 'loan']]

function randomPool(seed: number, size: number): PoolPerson[] {
  const next = random(seed)
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!
  return Array.from({ length: size }, (_, i) => ({
    id: `p${String(i).padStart(5, '0')}`,
    ageBand: next() < 0.05 ? null : (pick(AGE_BANDS) as AgeBand),
    area: next() < 0.1 ? [pick(DISTRICTS), pick(DISTRICTS)] : [pick(DISTRICTS)],
    needs: pick(NEEDS),
    skills: [...new Set(Array.from({ length: Math.floor(next() * 4) }, () => pick(SKILLS)))],
  }))
}

describe('coarse talent cards', () => {
  it('keeps the whole card for people who share it with enough others', () => {
    const pool = [person('a'), person('b'), person('c')]
    const cards = coarsenPool(pool)
    expect(cards.get('a')).toEqual({
      partial: false,
      ageBand: '25_34',
      area: ['Quận Long Biên'],
      needs: ['job'],
      skills: ['welding'],
    })
    expect(crowds(cards).get(cardKey(cards.get('a')!))).toBe(3)
  })

  it('drops the skills only one or two people have, keeping the one a crowd shares', () => {
    const pool = [
      person('a', { skills: ['welding', 'sewing'] }),
      person('b', { skills: ['welding', 'cooking'] }),
      person('c', { skills: ['welding'] }),
    ]
    const cards = coarsenPool(pool)
    for (const id of ['a', 'b', 'c']) {
      expect(cards.get(id)).toMatchObject({
        partial: true,
        ageBand: '25_34',
        area: ['Quận Long Biên'],
        skills: ['welding'],
      })
    }
  })

  it('hides the age band, then the area, of someone who stands out by them', () => {
    const pool = [
      person('a', { ageBand: '55_plus' }),
      person('b', { ageBand: '18_24' }),
      person('c', { ageBand: '45_54' }),
      person('d', { area: ['Huyện Sóc Sơn'], ageBand: '18_24' }),
      person('e', { area: ['Huyện Gia Lâm'], ageBand: '35_44' }),
      person('f', { area: ['Quận Hà Đông'], ageBand: null }),
    ]
    const cards = coarsenPool(pool)
    // a, b and c differ by age only: they share their area, wants and skill, without the age band.
    for (const id of ['a', 'b', 'c']) {
      expect(cards.get(id)).toEqual({ partial: true, area: ['Quận Long Biên'], needs: ['job'], skills: ['welding'] })
    }
    // d, e and f differ by age and area: neither is shown.
    for (const id of ['d', 'e', 'f'])
      expect(cards.get(id)).toEqual({ partial: true, needs: ['job'], skills: ['welding'] })
  })

  it('shows a code alone for those left over, borrowing from a crowd that can spare them', () => {
    const pool = [
      ...['a', 'b', 'c', 'd', 'e'].map((id) => person(id)),
      person('x', { needs: ['loan'], skills: ['farming'], area: ['Huyện Sóc Sơn'], ageBand: '55_plus' }),
    ]
    const cards = coarsenPool(pool)
    expect(cards.get('x')).toEqual({ partial: true, skills: [] })
    const codesOnly = [...cards.values()].filter((c) => cardKey(c) === cardKey({ partial: true, skills: [] }))
    expect(codesOnly).toHaveLength(TALENT_CARD_CROWD)
    expect(cards.size).toBe(pool.length)
  })

  it('shows no one while the pool is smaller than a crowd', () => {
    expect(coarsenPool([person('a'), person('b', { skills: [] })]).size).toBe(0)
    expect(coarsenPool([]).size).toBe(0)
  })

  it('only ever shows what the person has', () => {
    const pool = randomPool(7, 300)
    const cards = coarsenPool(pool)
    for (const p of pool) {
      const card = cards.get(p.id)
      if (!card) continue
      for (const skill of card.skills) expect(p.skills).toContain(skill)
      if (card.ageBand !== undefined) expect(card.ageBand).toBe(p.ageBand)
      if (card.area !== undefined) expect(card.area).toEqual([...p.area].sort())
      if (card.needs !== undefined) expect(card.needs).toEqual([...p.needs].sort())
    }
  })

  it.each([1, 2, 3, 42, 1000, 31337])('never shows a card fewer than a crowd share (random pool, seed %i)', (seed) => {
    for (const size of [3, 10, 42, 250]) {
      const pool = randomPool(seed * 1000 + size, size)
      const cards = coarsenPool(pool)
      for (const [key, n] of crowds(cards)) expect(n, key).toBeGreaterThanOrEqual(TALENT_CARD_CROWD)
      // Only ever fewer than a crowd can be left out.
      expect(pool.length - cards.size).toBeLessThan(TALENT_CARD_CROWD)
      // The same pool in another order gives the same cards.
      expect(coarsenPool([...pool].reverse())).toEqual(cards)
    }
  })
})

describe('timestamp text in memory', () => {
  it('orders as the database does, to the microsecond, whatever the offset', () => {
    expect(timestampMicros('2026-12-07 18:16:13.123456+00')).toBe(Date.UTC(2026, 11, 7, 18, 16, 13) * 1000 + 123456)
    expect(timestampMicros('2026-12-08 01:16:13.5+07')).toBe(Date.UTC(2026, 11, 7, 18, 16, 13) * 1000 + 500000)
    expect(timestampMicros('2026-12-07 18:16:13+00')).toBeLessThan(timestampMicros('2026-12-07 18:16:13.000001+00'))
    expect(timestampMicros('2026-12-07T18:16:13+05:30')).toBe(Date.UTC(2026, 11, 7, 12, 46, 13) * 1000)
    expect(timestampMicros('not a time')).toBeNaN()
  })
})
