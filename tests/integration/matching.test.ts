import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, emailOutbox, matchEvents, matches, memberships, opportunities } from '#db/schema/index.ts'
import { revokeConsent } from '#app/modules/candidates/consent.server.ts'
import { setCaseStatus } from '#app/modules/candidates/status.server.ts'
import { getReferralForPartner, listInbox, matchesNeedingAction } from '#app/modules/matching/match-views.server.ts'
import { actOnMatch, countSeatHolders, expressInterest, referCandidate } from '#app/modules/matching/matches.server.ts'
import { closeListing } from '#app/modules/opportunities/listings.server.ts'
import { appError, expect403 } from '../support/errors'
import { createUser } from '../factories/users'
import { FORBIDDEN_WORDS } from '../support/forbidden-words'
import { consentingCandidate, HA_DONG, HOAN_KIEM, listingOf, partnerStaff, wardCaseworker } from '../factories/matching'
import { daysFromNow, hanoiDayFromToday } from '../support/clock'

async function eventsOf(matchId: string) {
  return getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId)).orderBy(matchEvents.createdAt)
}

async function matchRow(matchId: string) {
  const [row] = await getDb().select().from(matches).where(eq(matches.id, matchId))
  return row!
}

describe('the match lifecycle, end to end through the domain functions', () => {
  test('interest → approval → accept → start → complete, with an event, an audit row and emails at each step', async () => {
    const partner = await partnerStaff('employer', { locale: 'en' })
    const cw = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 2, title: 'Thợ hàn bậc 2' })
    const person = await consentingCandidate({
      wardCode: HOAN_KIEM,
      caseworkerId: cw.user.id,
      fullName: 'Phạm Văn Bình',
    })

    const { matchId } = await expressInterest({
      actor: partner.actor,
      publicCode: person.publicCode,
      opportunityId: listing.id,
      message: 'Chúng tôi muốn mời anh/chị đến phỏng vấn.',
    })
    expect((await matchRow(matchId)).status).toBe('interest')
    // Before approval the partner sees the card only.
    const before = await getReferralForPartner({ actor: partner.actor, matchId })
    expect(before.profile).toBeNull()
    expect(JSON.stringify(before)).not.toContain('Phạm Văn Bình')

    const queue = await matchesNeedingAction({ actor: cw.actor })
    expect(queue.interests.map((i) => i.id)).toContain(matchId)

    await actOnMatch({ actor: cw.actor, matchId, version: 1, action: 'approve' })
    const after = await getReferralForPartner({ actor: partner.actor, matchId })
    expect(after.profile?.fullName).toBe('Phạm Văn Bình')
    expect(after.match.actions).toEqual(['accept', 'decline'])

    await actOnMatch({
      actor: partner.actor,
      matchId,
      version: 2,
      action: 'accept',
      nextStepAt: daysFromNow(7),
      nextStepNote: 'Phỏng vấn tại xưởng',
    })
    const startedOn = hanoiDayFromToday(0)
    await actOnMatch({ actor: partner.actor, matchId, version: 3, action: 'start', startedOn })
    await actOnMatch({ actor: cw.actor, matchId, version: 4, action: 'complete' })

    const row = await matchRow(matchId)
    expect(row).toMatchObject({ status: 'completed', version: 5, startedOn })
    const events = await eventsOf(matchId)
    expect(events.map((e) => [e.action, e.fromStatus, e.toStatus])).toEqual([
      ['express_interest', null, 'interest'],
      ['approve', 'interest', 'approved'],
      ['accept', 'approved', 'accepted'],
      ['start', 'accepted', 'started'],
      ['complete', 'started', 'completed'],
    ])
    const audits = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, matchId))
    expect(audits.map((a) => a.action).sort()).toEqual(
      ['match.accept', 'match.approve', 'match.complete', 'match.express_interest', 'match.start'].sort(),
    )
    const [seats] = await getDb()
      .select({ taken: opportunities.seatsTaken })
      .from(opportunities)
      .where(eq(opportunities.id, listing.id))
    expect(seats!.taken).toBe(1)
    expect(await countSeatHolders(getDb(), listing.id)).toBe(1)

    const emails = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, partner.user.email))
    expect(emails.length).toBeGreaterThanOrEqual(2)
    // The partner chose English; nothing in any email names the person or their past.
    expect(emails.every((e) => e.locale === 'en')).toBe(true)
    const all = await getDb().select().from(emailOutbox)
    for (const e of all.filter((m) => m.template === 'match-update')) {
      const text = `${e.subject}\n${e.text}\n${e.html}`.toLowerCase()
      expect(text).not.toContain('phạm văn bình')
      for (const word of FORBIDDEN_WORDS) expect(text).not.toContain(word.toLowerCase())
    }
  })

  test('a stale version is a conflict and changes nothing', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    await actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'decline', reasonCode: 'position_filled' })
    const error = await appError(
      actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() }),
    )
    expect(error.code).toBe('conflict')
    expect(error.values?.message).toBe('matching.errors.stale')
    expect((await matchRow(matchId)).status).toBe('declined')
    expect(await eventsOf(matchId)).toHaveLength(2)
  })

  test('a referral needs the consent for that kind of partner, and says which', async () => {
    const partner = await partnerStaff('training_centre')
    const cw = await wardCaseworker()
    const course = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, purposes: ['share_with_employers'] })
    const error = await appError(referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: course.id }))
    expect(error.code).toBe('conflict')
    expect(error.values).toMatchObject({
      message: 'matching.errors.consentMissing',
      purpose: 'share_with_training_centres',
    })
    expect(await getDb().select().from(matches).where(eq(matches.candidateId, person.id))).toHaveLength(0)
  })

  test('hard rules refuse a referral with the rules that failed', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner, { maxAge: 30, acceptsAfterPrison: false })
    const person = await consentingCandidate({
      wardCode: HOAN_KIEM,
      dateOfBirth: '1980-01-01',
      background: 'after_prison',
    })
    const error = await appError(referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id }))
    expect(error.values).toMatchObject({ message: 'matching.errors.ineligible', failures: 'too_old,background' })
  })

  test("out of scope: another ward's caseworker and another partner get not_found; a pending partner is refused", async () => {
    const partner = await partnerStaff()
    const other = await partnerStaff()
    const cw = await wardCaseworker(HOAN_KIEM)
    const stranger = await wardCaseworker(HA_DONG)
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    expect(
      (await appError(referCandidate({ actor: stranger.actor, candidateId: person.id, opportunityId: listing.id })))
        .code,
    ).toBe('not_found')
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    expect(
      (
        await appError(
          actOnMatch({ actor: other.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() }),
        )
      ).code,
    ).toBe('not_found')
    expect((await appError(getReferralForPartner({ actor: other.actor, matchId }))).code).toBe('not_found')
    expect(
      (
        await appError(
          actOnMatch({ actor: stranger.actor, matchId, version: 1, action: 'withdraw', reasonCode: 'other' }),
        )
      ).code,
    ).toBe('not_found')
    const pending = await partnerStaff('employer', { status: 'pending' })
    await expect403(listInbox({ actor: pending.actor, tab: 'new' }))
  })

  test('revoking consent withdraws open matches at once and hides the profile', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, fullName: 'Lò Thị Hoa' })
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    expect((await getReferralForPartner({ actor: partner.actor, matchId })).profile?.fullName).toBe('Lò Thị Hoa')
    const result = await revokeConsent({ actor: cw.actor, candidateId: person.id, purpose: 'share_with_employers' })
    expect(result.matchesWithdrawn).toBe(1)
    const row = await matchRow(matchId)
    expect(row).toMatchObject({ status: 'withdrawn', reasonCode: 'consent_revoked' })
    const view = await getReferralForPartner({ actor: partner.actor, matchId })
    expect(view.profile).toBeNull()
    expect(JSON.stringify(view)).not.toContain('Lò Thị Hoa')
    const [event] = (await eventsOf(matchId)).slice(-1)
    expect(event).toMatchObject({ action: 'withdraw', actorRole: null, reasonCode: 'consent_revoked' })
  })

  test('closing a listing withdraws waiting interests and declines unanswered referrals; accepted places stay', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner, { capacity: 3 })
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => consentingCandidate({ wardCode: HOAN_KIEM })))
    const interest = await expressInterest({
      actor: partner.actor,
      publicCode: a!.publicCode,
      opportunityId: listing.id,
      message: 'Mời phỏng vấn',
    })
    const referral = await referCandidate({ actor: cw.actor, candidateId: b!.id, opportunityId: listing.id })
    const accepted = await referCandidate({ actor: cw.actor, candidateId: c!.id, opportunityId: listing.id })
    await actOnMatch({
      actor: partner.actor,
      matchId: accepted.matchId,
      version: 1,
      action: 'accept',
      nextStepAt: new Date(),
    })
    await closeListing({ actor: partner.actor, listingId: listing.id })
    expect((await matchRow(interest.matchId)).status).toBe('withdrawn')
    expect((await matchRow(referral.matchId)).status).toBe('declined')
    expect((await matchRow(accepted.matchId)).status).toBe('accepted')
    expect((await matchRow(referral.matchId)).reasonCode).toBe('listing_closed')
  })

  test('closing a case withdraws what is open; started matches stay', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const one = await listingOf(partner)
    const two = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    const open = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: one.id })
    const started = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: two.id })
    await actOnMatch({
      actor: partner.actor,
      matchId: started.matchId,
      version: 1,
      action: 'accept',
      nextStepAt: new Date(),
    })
    await actOnMatch({ actor: partner.actor, matchId: started.matchId, version: 2, action: 'start' })
    await setCaseStatus({ actor: cw.actor, candidateId: person.id, status: 'closed' })
    expect((await matchRow(open.matchId)).status).toBe('withdrawn')
    expect((await matchRow(started.matchId)).status).toBe('started')
  })

  test('a full listing refuses one more acceptance, and one pair has one match in play', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner, { capacity: 1 })
    const [a, b] = await Promise.all([1, 2].map(() => consentingCandidate({ wardCode: HOAN_KIEM })))
    const first = await referCandidate({ actor: cw.actor, candidateId: a!.id, opportunityId: listing.id })
    const second = await referCandidate({ actor: cw.actor, candidateId: b!.id, opportunityId: listing.id })
    await actOnMatch({
      actor: partner.actor,
      matchId: first.matchId,
      version: 1,
      action: 'accept',
      nextStepAt: new Date(),
    })
    const full = await appError(
      actOnMatch({
        actor: partner.actor,
        matchId: second.matchId,
        version: 1,
        action: 'accept',
        nextStepAt: new Date(),
      }),
    )
    expect(full.values?.message).toBe('matching.errors.full')
    const again = await appError(referCandidate({ actor: cw.actor, candidateId: a!.id, opportunityId: listing.id }))
    expect(again.values?.message).toBe('matching.errors.alreadyInPlay')
    const inbox = await listInbox({ actor: partner.actor, tab: 'in_progress' })
    expect(inbox.items.map((i) => i.id)).toEqual([first.matchId])
    expect(inbox.counts).toMatchObject({ new: 1, in_progress: 1 })
    const rows = await getDb()
      .select()
      .from(matches)
      .where(and(eq(matches.opportunityId, listing.id)))
    expect(rows).toHaveLength(2)
  })

  test('an invitation never taken up gets no referral emails; a colleague who took theirs up does', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const invited = await createUser({ role: 'partner', verified: false })
    const colleague = await createUser({ role: 'partner' })
    await getDb()
      .insert(memberships)
      .values([
        { organisationId: partner.organisation.id, userId: invited.id, role: 'member' },
        { organisationId: partner.organisation.id, userId: colleague.id, role: 'member' },
      ])
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    const to = async (email: string) => getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email))
    expect(await to(invited.email)).toHaveLength(0)
    expect(await to(colleague.email)).toHaveLength(1)
    expect(await to(partner.user.email)).toHaveLength(1)
  })

  test('an interview in the past is refused and changes nothing', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker()
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    const error = await appError(
      actOnMatch({
        actor: partner.actor,
        matchId,
        version: 1,
        action: 'accept',
        nextStepAt: new Date('2020-01-01T09:00:00+07:00'),
      }),
    )
    expect(error).toMatchObject({ code: 'invalid_input', field: 'nextStepAt' })
    expect(error.values?.message).toBe('matching.errors.nextStepPast')
    expect(await matchRow(matchId)).toMatchObject({ status: 'approved', version: 1 })
  })
})
