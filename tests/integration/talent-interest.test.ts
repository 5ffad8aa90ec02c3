import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidates, consents, matches, opportunities } from '#db/schema/index.ts'
import { createSession, sessionCookieName } from '#app/modules/auth/session.server.ts'
import { expressInterest, INTEREST_REFUSALS_PER_DAY } from '#app/modules/matching/matches.server.ts'
import { getReferralForPartner } from '#app/modules/matching/match-views.server.ts'
import { TALENT_CARD_CROWD } from '#app/modules/matching/talent-cards.ts'
import { listTalent, type TalentCard, type TalentFilters } from '#app/modules/matching/talent.server.ts'
import { action as talentAction } from '#app/routes/partner.talent.tsx'
import { ageOn, hanoiToday } from '#app/utils/dates.ts'
import type { AppError } from '#app/utils/errors.ts'
import { consentingCandidate, HOAN_KIEM, listingOf, partnerStaff } from '../factories/matching'
import { appError } from '../support/errors'
import { routeArgs } from '../support/route-args'

// "Ask to meet" from the talent pool (issue #20, finding 2): a partner's refusal must not depend on what the
// card does not show (exact age, background, whether the case is open, whether the person left the pool), and
// probing is limited and recorded.

const DAY = 24 * 3600_000

/** Someone in the pool, after prison, whose birthday is months away (their age is stable during the test). */
async function poolPerson() {
  const today = hanoiToday()
  const year = Number(today.slice(0, 4)) - 30
  const month = ((Number(today.slice(5, 7)) + 5) % 12) + 1
  const dateOfBirth = `${year}-${String(month).padStart(2, '0')}-15`
  const person = await consentingCandidate({ wardCode: HOAN_KIEM, dateOfBirth, background: 'after_prison' })
  return { ...person, age: ageOn(dateOfBirth, today) }
}

function pick(error: AppError) {
  return {
    code: error.code,
    status: error.status,
    field: error.field,
    values: error.values,
    message: error.message,
    name: error.name,
  }
}

/** What the partner's browser gets back from the talent page for this request. */
async function throughPage(userId: string, body: Record<string, string>) {
  const { token } = await createSession({ userId, role: 'partner' })
  const reply = (await talentAction(
    routeArgs(
      new Request('http://localhost/partner/talent', {
        method: 'POST',
        headers: { cookie: `${sessionCookieName()}=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      }),
    ),
  )) as unknown as { init: { status: number } | null; data: unknown }
  return { status: reply.init?.status ?? 200, data: reply.data }
}

async function refusalsOf(organisationId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, 'organisation'),
        eq(auditEvents.subjectId, organisationId),
        eq(auditEvents.action, 'talent.interest_refused'),
      ),
    )
}

describe('a refused request to meet someone', () => {
  test('is the same answer (code, message, field, values, page reply) whatever hidden rule failed', async () => {
    const person = await poolPerson()
    type Scenario = { why: string; listing: Parameters<typeof listingOf>[1]; before?: () => Promise<void> }
    const scenarios: Scenario[] = [
      { why: 'too young', listing: { minAge: person.age + 1 } },
      { why: 'too old', listing: { maxAge: person.age - 1 } },
      { why: 'background', listing: { acceptsAfterPrison: false } },
      { why: 'too young and background', listing: { minAge: person.age + 1, acceptsAfterPrison: false } },
    ]
    const answers: { why: string; error: ReturnType<typeof pick>; page: unknown }[] = []
    for (const scenario of scenarios) {
      // A partner of its own for each, so the probing limit does not come into it.
      const partner = await partnerStaff()
      const listing = await listingOf(partner, scenario.listing)
      const body = { publicCode: person.publicCode, opportunityId: listing.id, message: 'Mời phỏng vấn' }
      const error = await appError(expressInterest({ actor: partner.actor, ...body }))
      const page = await throughPage(partner.user.id, body)
      answers.push({ why: scenario.why, error: pick(error), page })
    }
    // A closed case, someone who left the pool, a merged record and a code that never existed: the same again.
    const closed = await poolPerson()
    await getDb().update(candidates).set({ status: 'closed' }).where(eq(candidates.id, closed.id))
    const onHold = await poolPerson()
    await getDb().update(candidates).set({ status: 'on_hold' }).where(eq(candidates.id, onHold.id))
    const left = await poolPerson()
    await getDb()
      .update(consents)
      .set({ revokedAt: new Date() })
      .where(and(eq(consents.candidateId, left.id), eq(consents.purpose, 'talent_pool')))
    const merged = await poolPerson()
    await getDb().update(candidates).set({ mergedIntoId: person.id }).where(eq(candidates.id, merged.id))
    for (const [why, code] of [
      ['closed case', closed.publicCode],
      ['on hold', onHold.publicCode],
      ['left the pool', left.publicCode],
      ['merged', merged.publicCode],
      ['unknown code', 'HN-ZZZZZZ'],
    ] as const) {
      const partner = await partnerStaff()
      const listing = await listingOf(partner)
      const body = { publicCode: code, opportunityId: listing.id, message: 'Mời phỏng vấn' }
      const error = await appError(expressInterest({ actor: partner.actor, ...body }))
      const page = await throughPage(partner.user.id, body)
      answers.push({ why, error: pick(error), page })
    }
    const [first] = answers
    // The page echoes the code asked about; everything else is one answer.
    const samePage = (p: unknown) => ({ ...(p as { data: Record<string, unknown> }).data, publicCode: null })
    for (const answer of answers) {
      expect(answer.error, answer.why).toEqual(first!.error)
      expect({ ...(answer.page as object), data: samePage(answer.page) }, answer.why).toEqual({
        ...(first!.page as object),
        data: samePage(first!.page),
      })
    }
    expect(first!.error).toMatchObject({ code: 'not_found', field: undefined, values: undefined })
    expect((first!.page as { status: number }).status).toBe(404)
    expect(JSON.stringify(answers.map(({ error, page }) => ({ error, page })))).not.toMatch(
      /too_young|too_old|background|candidateNotActive|ineligible/,
    )
    expect(await getDb().select().from(matches).where(eq(matches.candidateId, person.id))).toEqual([])
  })

  test('is recorded in the audit trail with the reason, for coordinators only', async () => {
    const person = await poolPerson()
    const partner = await partnerStaff()
    const young = await listingOf(partner, { minAge: person.age + 1, acceptsAfterPrison: false })
    await appError(
      expressInterest({ actor: partner.actor, publicCode: person.publicCode, opportunityId: young.id, message: 'Hi' }),
    )
    await appError(
      expressInterest({ actor: partner.actor, publicCode: 'HN-ZZZZZZ', opportunityId: young.id, message: 'Hi' }),
    )
    const rows = await refusalsOf(partner.organisation.id)
    expect(rows.map((r) => [r.actorId, r.actorRole, r.details])).toEqual([
      [partner.user.id, 'partner', { reason: 'too_young,background', opportunityId: young.id, candidateId: person.id }],
      [partner.user.id, 'partner', { reason: 'not_in_pool', opportunityId: young.id }],
    ])
  })

  test(`after ${INTEREST_REFUSALS_PER_DAY} refusals in a day the organisation can ask no more that day`, async () => {
    const person = await poolPerson()
    const eligible = await poolPerson()
    const partner = await partnerStaff()
    const strict = await listingOf(partner, { minAge: person.age + 1 })
    const open = await listingOf(partner)
    const ask = (publicCode: string, opportunityId: string, now?: Date) =>
      expressInterest({ actor: partner.actor, publicCode, opportunityId, message: 'Mời phỏng vấn', now })
    for (let i = 0; i < INTEREST_REFUSALS_PER_DAY; i++) {
      expect((await appError(ask(person.publicCode, strict.id))).code).toBe('not_found')
    }
    // Now even a request that would go through is held back: success or failure would both tell something.
    const limited = await appError(ask(eligible.publicCode, open.id))
    expect(limited).toMatchObject({ code: 'throttled', status: 429, field: undefined })
    expect(limited.values).toEqual({ message: 'matching.errors.interestLimited' })
    expect(await getDb().select().from(matches).where(eq(matches.candidateId, eligible.id))).toEqual([])
    expect((await refusalsOf(partner.organisation.id)).length).toBe(INTEREST_REFUSALS_PER_DAY)
    const noticed = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'talent.interest_limited'), eq(auditEvents.subjectId, partner.organisation.id)))
    expect(noticed).toHaveLength(1)

    // Another organisation is not held back; a day later this one may ask again.
    const other = await partnerStaff()
    const theirs = await listingOf(other)
    await expressInterest({
      actor: other.actor,
      publicCode: eligible.publicCode,
      opportunityId: theirs.id,
      message: 'Mời',
    })
    const { matchId } = await ask(eligible.publicCode, open.id, new Date(Date.now() + DAY + 60_000))
    expect(matchId).toBeTruthy()
  })

  test("what the partner knows already is still said plainly: its own listing's state, a match in play", async () => {
    const person = await poolPerson()
    const partner = await partnerStaff()
    const stranger = await partnerStaff()
    const theirs = await listingOf(stranger)
    const closedListing = await listingOf(partner, { status: 'closed' })
    const full = await listingOf(partner, { capacity: 1 })
    await getDb().update(opportunities).set({ seatsTaken: 1 }).where(eq(opportunities.id, full.id))
    const ask = (opportunityId: string) =>
      expressInterest({ actor: partner.actor, publicCode: person.publicCode, opportunityId, message: 'Mời' })
    for (const id of [theirs.id, closedListing.id]) {
      expect((await appError(ask(id))).values).toEqual({ message: 'matching.errors.listingUnavailable' })
    }
    const open = await listingOf(partner)
    await ask(open.id)
    expect((await appError(ask(open.id))).values).toMatchObject({ message: 'matching.errors.alreadyInPlay' })
    expect((await appError(ask(full.id))).values).toEqual({ message: 'matching.errors.ineligible', failures: 'full' })
    // None of these is a refusal about the person.
    expect(await refusalsOf(partner.organisation.id)).toEqual([])
  })
})

// Finding 10: the cards themselves. Whatever the pool holds (this database is shared with other tests), every
// card shown is identical, code apart, to at least two others, filters see only what the cards show, and the
// referral page shows the same card as the pool.
describe('coarse talent cards (finding 10)', () => {
  async function everyCard(actor: Parameters<typeof listTalent>[0]['actor'], filters?: TalentFilters) {
    const cards: TalentCard[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof listTalent>> = await listTalent({ actor, filters, cursor, limit: 100 })
      cards.push(...page.cards)
      cursor = page.nextCursor
    } while (cursor)
    return cards
  }
  const content = ({ publicCode: _code, ownMatch: _own, ...card }: TalentCard) =>
    JSON.stringify({ ...card, skills: card.skills.map((s) => s.code) })

  test('every card shown has the same content as at least two others, on every page', async () => {
    // Three who stand out: a rare skill each, an age band and an area of their own.
    for (const [i, ward] of ['00070', '00082', '09556'].entries()) {
      await consentingCandidate({ wardCode: ward, skills: [`rare_skill_${i}`], needs: ['loan'] })
    }
    const partner = await partnerStaff()
    const cards = await everyCard(partner.actor)
    expect(cards.length).toBeGreaterThanOrEqual(3)
    const sizes = new Map<string, number>()
    for (const card of cards) sizes.set(content(card), (sizes.get(content(card)) ?? 0) + 1)
    for (const [card, n] of sizes) expect(n, card).toBeGreaterThanOrEqual(TALENT_CARD_CROWD)
    expect(new Set(cards.map((c) => c.publicCode)).size).toBe(cards.length)
    expect(JSON.stringify(cards)).not.toContain('rare_skill_')
    // A filter on what a card hides finds no one: it tells nothing the cards do not.
    expect(await everyCard(partner.actor, { skills: ['rare_skill_0'] })).toEqual([])
    for (const card of await everyCard(partner.actor, { need: 'loan', district: 'Quận Hoàn Kiếm' })) {
      expect(card.needs).toContain('loan')
      expect(card.area).toContain('Quận Hoàn Kiếm')
    }
  })

  test('the referral page shows the pool’s card, not the full one', async () => {
    const partner = await partnerStaff()
    const listing = await listingOf(partner, {})
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, skills: ['welding', 'unusual_trade'] })
    const { matchId } = await expressInterest({
      actor: partner.actor,
      publicCode: person.publicCode,
      opportunityId: listing.id,
      message: 'Chúng tôi muốn mời anh/chị đến gặp.',
    })
    const view = await getReferralForPartner({ actor: partner.actor, matchId })
    const inPool = (await everyCard(partner.actor)).find((c) => c.publicCode === person.publicCode)!
    const { ownMatch: _own, ...poolCard } = inPool
    expect(view.card).toEqual(poolCard)
    expect(view.card!.skills.map((s) => s.code)).not.toContain('unusual_trade')
  })
})
