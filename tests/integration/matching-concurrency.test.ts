import { and, eq, isNull, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb, getDriver, rowsOf } from '#db/client.server.ts'
import { auditEvents, consents, matchEvents, matches, opportunities } from '#db/schema/index.ts'
import { revokeConsent } from '#app/modules/candidates/consent.server.ts'
import { actOnMatch, countSeatHolders, expressInterest, referCandidate } from '#app/modules/matching/matches.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { consentingCandidate, HOAN_KIEM, listingOf, partnerStaff, wardCaseworker } from '../factories/matching'

// Races need a real server: PGlite runs one statement at a time. tests/setup/db.ts opens the per-file database
// with a pool of 8 connections, so up to 8 of the transactions below are open at the same moment.

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown }
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

function conflictKey(result: Settled<unknown>): string {
  if (result.ok) return 'ok'
  if (!(result.error instanceof AppError)) throw result.error
  return `${result.error.code}:${String(result.error.values?.message)}`
}

async function matchRow(matchId: string) {
  const [row] = await getDb().select().from(matches).where(eq(matches.id, matchId))
  return row!
}

async function eventsOf(matchId: string) {
  return getDb().select().from(matchEvents).where(eq(matchEvents.matchId, matchId))
}

async function seatsTaken(listingId: string) {
  const [row] = await getDb()
    .select({ taken: opportunities.seatsTaken, capacity: opportunities.capacity })
    .from(opportunities)
    .where(eq(opportunities.id, listingId))
  return row!
}

/** Waits until `n` sessions of this database are waiting on a lock (a row lock shows as one). */
async function waitForLockWaiters(n: number) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const result = await getDb().execute(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    )
    if (Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0) >= n) return
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${n} lock waiter(s)`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('matching under concurrency (PostgreSQL server)', () => {
  test('runs against the server, not PGlite', () => {
    expect(getDriver()).toBe('postgres')
  })

  test("12 partners' accepts at once on 3 places: exactly 3 win, the rest are told it is full", async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 3 })
    const matchIds: string[] = []
    for (let i = 0; i < 12; i++) {
      const person = await consentingCandidate({ wardCode: HOAN_KIEM })
      const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
      matchIds.push(matchId)
    }
    const results = await Promise.all(
      matchIds.map((matchId) =>
        settle(actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })),
      ),
    )
    const keys = results.map(conflictKey)
    expect(keys.filter((k) => k === 'ok')).toHaveLength(3)
    expect(keys.filter((k) => k !== 'ok')).toEqual(Array(9).fill('conflict:matching.errors.full'))
    expect(await seatsTaken(listing.id)).toEqual({ taken: 3, capacity: 3 })
    expect(await countSeatHolders(getDb(), listing.id)).toBe(3)
    for (const [i, matchId] of matchIds.entries()) {
      const row = await matchRow(matchId)
      const events = await eventsOf(matchId)
      if (keys[i] === 'ok') {
        expect(row).toMatchObject({ status: 'accepted', version: 2 })
        expect(events.map((e) => e.action).sort()).toEqual(['accept', 'refer'])
      } else {
        expect(row).toMatchObject({ status: 'approved', version: 1 })
        expect(events.map((e) => e.action)).toEqual(['refer'])
      }
    }
  })

  test('two caseworkers approve and reject the same interest at once: one wins, the other is told (×10)', async () => {
    const partner = await partnerStaff()
    const first = await wardCaseworker(HOAN_KIEM)
    const second = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 20 })
    for (let round = 0; round < 10; round++) {
      const person = await consentingCandidate({ wardCode: HOAN_KIEM })
      const { matchId } = await expressInterest({
        actor: partner.actor,
        publicCode: person.publicCode,
        opportunityId: listing.id,
        message: 'Mời phỏng vấn',
      })
      const approve = () => actOnMatch({ actor: first.actor, matchId, version: 1, action: 'approve' })
      const reject = () =>
        actOnMatch({ actor: second.actor, matchId, version: 1, action: 'reject', reasonCode: 'not_a_fit' })
      // Alternate which call is issued first.
      const [a, r] =
        round % 2 === 0
          ? await Promise.all([settle(approve()), settle(reject())])
          : await Promise.all([settle(reject()), settle(approve())]).then(([x, y]) => [y, x] as const)
      const outcome = [conflictKey(a), conflictKey(r)]
      expect(outcome.filter((k) => k === 'ok')).toHaveLength(1)
      const loser = outcome.find((k) => k !== 'ok')!
      expect(['conflict:matching.errors.stale', 'conflict:matching.errors.notAllowed']).toContain(loser)
      const winner = a.ok ? 'approve' : 'reject'
      const row = await matchRow(matchId)
      expect(row).toMatchObject({ status: winner === 'approve' ? 'approved' : 'rejected', version: 2 })
      const events = await eventsOf(matchId)
      expect(events).toHaveLength(2)
      expect(events.find((e) => e.fromStatus === null)?.action).toBe('express_interest')
      expect(events.find((e) => e.fromStatus === 'interest')?.action).toBe(winner)
      const audits = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, matchId))
      expect(audits.map((e) => e.action).sort()).toEqual(['match.express_interest', `match.${winner}`].sort())
    }
  })

  test('revoking consent while the partner accepts: never an accepted match without consent (×10)', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 20 })
    for (let round = 0; round < 10; round++) {
      const person = await consentingCandidate({ wardCode: HOAN_KIEM })
      const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
      const accept = () =>
        actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })
      const revoke = () => revokeConsent({ actor: cw.actor, candidateId: person.id, purpose: 'share_with_employers' })
      const [accepted, revoked] =
        round % 2 === 0
          ? await Promise.all([settle(accept()), settle(revoke())])
          : await Promise.all([settle(revoke()), settle(accept())]).then(([x, y]) => [y, x] as const)
      // The revocation must always go through: it is the person's right.
      if (!revoked.ok) throw revoked.error
      expect(revoked.value.matchesWithdrawn).toBe(1)
      const inForce = await getDb()
        .select()
        .from(consents)
        .where(
          and(
            eq(consents.candidateId, person.id),
            eq(consents.purpose, 'share_with_employers'),
            isNull(consents.revokedAt),
          ),
        )
      expect(inForce).toHaveLength(0)
      const row = await matchRow(matchId)
      expect(row).toMatchObject({ status: 'withdrawn', reasonCode: 'consent_revoked' })
      const events = await eventsOf(matchId)
      if (accepted.ok) {
        // The accept came first, then the revocation withdrew it (and gave the place back).
        expect(row.version).toBe(3)
        expect(events.map((e) => `${e.fromStatus}>${e.toStatus}`).sort()).toEqual(
          ['null>approved', 'approved>accepted', 'accepted>withdrawn'].sort(),
        )
      } else {
        expect(conflictKey(accepted)).toBe('conflict:matching.errors.stale')
        expect(row.version).toBe(2)
        expect(events.map((e) => `${e.fromStatus}>${e.toStatus}`).sort()).toEqual(
          ['null>approved', 'approved>withdrawn'].sort(),
        )
      }
      expect((await seatsTaken(listing.id)).taken).toBe(0)
      expect(await countSeatHolders(getDb(), listing.id)).toBe(0)
    }
  })

  test('the same person referred twice at once to the same listing: one match in play', async () => {
    const partner = await partnerStaff()
    const first = await wardCaseworker(HOAN_KIEM)
    const second = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 5 })
    for (let round = 0; round < 5; round++) {
      const person = await consentingCandidate({ wardCode: HOAN_KIEM })
      const results = await Promise.all([
        settle(referCandidate({ actor: first.actor, candidateId: person.id, opportunityId: listing.id })),
        settle(referCandidate({ actor: second.actor, candidateId: person.id, opportunityId: listing.id })),
        settle(
          expressInterest({
            actor: partner.actor,
            publicCode: person.publicCode,
            opportunityId: listing.id,
            message: 'Mời',
          }),
        ),
      ])
      const keys = results.map(conflictKey)
      expect(keys.filter((k) => k === 'ok')).toHaveLength(1)
      expect(keys.filter((k) => k !== 'ok')).toEqual(Array(2).fill('conflict:matching.errors.alreadyInPlay'))
      expect(await getDb().select().from(matches).where(eq(matches.candidateId, person.id))).toHaveLength(1)
    }
  })

  // A revocation decided on a list of open matches read without locking them: a partner who starts (or
  // declines, or ends) one of them in between must not make the person's revocation fail. Made deterministic by
  // holding the listing's row lock so that the partner's start queues first and the revocation right behind it.
  test('a consent revoked while the partner starts the match still goes through; the started match stays', async () => {
    const partner = await partnerStaff()
    const cw = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner, { capacity: 2 })
    const person = await consentingCandidate({ wardCode: HOAN_KIEM })
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    await actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })

    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    let held!: () => void
    const lockHeld = new Promise<void>((resolve) => (held = resolve))
    const holder = getDb().transaction(async (tx) => {
      await tx
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(eq(opportunities.id, listing.id))
        .for('update')
      held()
      await gate
    })
    await lockHeld
    const start = settle(actOnMatch({ actor: partner.actor, matchId, version: 2, action: 'start' }))
    await waitForLockWaiters(1)
    // The revocation reads the match as accepted (open), then queues behind the start for the listing.
    const revoke = settle(revokeConsent({ actor: cw.actor, candidateId: person.id, purpose: 'share_with_employers' }))
    await waitForLockWaiters(2)
    release()
    await holder
    const [started, revoked] = await Promise.all([start, revoke])

    expect(conflictKey(started)).toBe('ok')
    expect(conflictKey(revoked)).toBe('ok')
    const inForce = await getDb()
      .select()
      .from(consents)
      .where(
        and(
          eq(consents.candidateId, person.id),
          eq(consents.purpose, 'share_with_employers'),
          isNull(consents.revokedAt),
        ),
      )
    expect(inForce).toHaveLength(0)
    // Started is past withdrawal (as when a case is closed): it keeps its place.
    expect(await matchRow(matchId)).toMatchObject({ status: 'started', version: 3 })
    expect((await seatsTaken(listing.id)).taken).toBe(1)
    expect(await countSeatHolders(getDb(), listing.id)).toBe(1)
    // What the revocation reports (and audits) is what it did.
    const withdrawals = (await eventsOf(matchId)).filter((e) => e.action === 'withdraw')
    expect(withdrawals).toHaveLength(0)
    if (revoked.ok) expect(revoked.value.matchesWithdrawn).toBe(withdrawals.length)
  })
})
