import { and, eq, isNull } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, emailOutbox, followUps, matchEvents, matches } from '#db/schema/index.ts'
import { recordCheckIn, sendCheckInReminders } from '#app/modules/matching/check-ins.server.ts'
import { actOnMatch, referCandidate } from '#app/modules/matching/matches.server.ts'
import { addDays, hanoiToday } from '#app/utils/dates.ts'
import { consentingCandidate, HA_DONG, HOAN_KIEM, listingOf, partnerStaff, wardCaseworker } from '../factories/matching'
import { appError } from '../support/errors'

/** A person of the caseworker's ward, referred, accepted and started on `startedOn` at a listing of `kind`. */
async function startedMatch(
  kind: 'employer' | 'training_centre' | 'lender',
  startedOn: string,
  locale: 'vi' | 'en' = 'vi',
) {
  const partner = await partnerStaff(kind)
  const cw = await wardCaseworker(HOAN_KIEM, { locale })
  const listing = await listingOf(partner, { title: `Cơ hội ${kind}` })
  const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: cw.user.id })
  const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
  await actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })
  await actOnMatch({
    actor: partner.actor,
    matchId,
    version: 2,
    action: 'start',
    startedOn,
    amountVnd: kind === 'lender' ? 25_000_000 : null,
  })
  return { partner, cw, person, matchId }
}

async function checkInsOf(matchId: string) {
  return getDb().select().from(followUps).where(eq(followUps.matchId, matchId)).orderBy(followUps.dueDate)
}

async function statusOf(matchId: string) {
  const [row] = await getDb().select().from(matches).where(eq(matches.id, matchId))
  return row!
}

const today = hanoiToday()

describe('check-ins after a start', () => {
  test('a start schedules check-ins at 30, 90 and 180 days for the person’s caseworker', async () => {
    const startedOn = addDays(today, -3)
    const { cw, person, matchId } = await startedMatch('employer', startedOn)
    const rows = await checkInsOf(matchId)
    expect(rows.map((r) => [r.dayMark, r.dueDate, r.kind, r.assignedToId, r.candidateId, r.doneAt])).toEqual([
      [30, addDays(startedOn, 30), 'check_in', cw.user.id, person.id, null],
      [90, addDays(startedOn, 90), 'check_in', cw.user.id, person.id, null],
      [180, addDays(startedOn, 180), 'check_in', cw.user.id, person.id, null],
    ])
  })

  test('on track: recorded with the answers and audited; the match goes on', async () => {
    const { cw, person, matchId } = await startedMatch('employer', addDays(today, -40))
    const [first] = await checkInsOf(matchId)
    const result = await recordCheckIn({
      actor: cw.actor,
      candidateId: person.id,
      followUpId: first!.id,
      onTrack: true,
      problems: '  Đi làm xa, tốn tiền xe  ',
      supportNeeded: 'Hỗ trợ vé xe buýt tháng',
    })
    expect(result.matchStatus).toBe('started')
    const [done] = await getDb().select().from(followUps).where(eq(followUps.id, first!.id))
    expect(done).toMatchObject({
      onTrack: true,
      problems: 'Đi làm xa, tốn tiền xe',
      supportNeeded: 'Hỗ trợ vé xe buýt tháng',
      doneById: cw.user.id,
      outcome: 'on_track',
    })
    expect((await statusOf(matchId)).status).toBe('started')
    const audit = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'follow_up.check_in_recorded'), eq(auditEvents.subjectId, person.id)))
    expect(audit).toHaveLength(1)
    // Twice is a conflict; nothing changes.
    const again = await appError(
      recordCheckIn({ actor: cw.actor, candidateId: person.id, followUpId: first!.id, onTrack: false }),
    )
    expect(again.code).toBe('conflict')
    expect((await getDb().select().from(followUps).where(eq(followUps.id, first!.id)))[0]!.onTrack).toBe(true)
  })

  test('a missed job ends the match with the coded reason; later check-ins go', async () => {
    const { cw, person, matchId } = await startedMatch('employer', addDays(today, -35))
    const [first] = await checkInsOf(matchId)
    const result = await recordCheckIn({
      actor: cw.actor,
      candidateId: person.id,
      followUpId: first!.id,
      onTrack: false,
      problems: 'Nghỉ việc từ tuần trước',
      endReason: 'resigned',
    })
    expect(result.matchStatus).toBe('ended')
    expect(await statusOf(matchId)).toMatchObject({ status: 'ended', reasonCode: 'resigned', endedOn: today })
    const left = await checkInsOf(matchId)
    expect(left.map((r) => [r.dayMark, r.onTrack])).toEqual([[30, false]])
    const [event] = await getDb()
      .select()
      .from(matchEvents)
      .where(and(eq(matchEvents.matchId, matchId), eq(matchEvents.action, 'end')))
    expect(event).toMatchObject({ actorId: cw.user.id, actorRole: 'caseworker', reasonCode: 'resigned' })
  })

  test('a job kept at the 180-day check-in completes the match; a course does not (its certificate does)', async () => {
    const job = await startedMatch('employer', addDays(today, -185))
    const jobChecks = await checkInsOf(job.matchId)
    for (const c of jobChecks) {
      await recordCheckIn({ actor: job.cw.actor, candidateId: job.person.id, followUpId: c.id, onTrack: true })
    }
    expect((await statusOf(job.matchId)).status).toBe('completed')
    const course = await startedMatch('training_centre', addDays(today, -185))
    const last = (await checkInsOf(course.matchId)).at(-1)!
    await recordCheckIn({ actor: course.cw.actor, candidateId: course.person.id, followUpId: last.id, onTrack: true })
    expect((await statusOf(course.matchId)).status).toBe('started')
  })

  test('the partner ending the match drops the open check-ins, keeps the recorded ones', async () => {
    const { partner, cw, person, matchId } = await startedMatch('lender', addDays(today, -40))
    const [first] = await checkInsOf(matchId)
    await recordCheckIn({ actor: cw.actor, candidateId: person.id, followUpId: first!.id, onTrack: true })
    await actOnMatch({ actor: partner.actor, matchId, version: 3, action: 'end', reasonCode: 'loan_default' })
    expect((await checkInsOf(matchId)).map((r) => r.dayMark)).toEqual([30])
  })

  test('out of scope answers not_found; bad input changes nothing', async () => {
    const { person, matchId } = await startedMatch('employer', addDays(today, -40))
    const stranger = await wardCaseworker(HA_DONG)
    const [first] = await checkInsOf(matchId)
    expect(
      (
        await appError(
          recordCheckIn({ actor: stranger.actor, candidateId: person.id, followUpId: first!.id, onTrack: true }),
        )
      ).code,
    ).toBe('not_found')
    const { cw } = { cw: await wardCaseworker(HOAN_KIEM) }
    const bad = await appError(
      recordCheckIn({
        actor: cw.actor,
        candidateId: person.id,
        followUpId: first!.id,
        onTrack: false,
        endReason: 'toString',
      }),
    )
    expect(bad).toMatchObject({ code: 'invalid_input', field: 'endReason' })
    const tooLong = await appError(
      recordCheckIn({
        actor: cw.actor,
        candidateId: person.id,
        followUpId: first!.id,
        onTrack: true,
        problems: 'x'.repeat(2001),
      }),
    )
    expect(tooLong.field).toBe('problems')
    expect((await checkInsOf(matchId))[0]!.doneAt).toBeNull()
  })
})

describe('check-in reminders', () => {
  test('the day before and once overdue, once each, to the assigned caseworker in their language, code only', async () => {
    // Started 29 days ago: the 30-day check-in is due tomorrow.
    const soon = await startedMatch('employer', addDays(today, -29), 'en')
    // Started 40 days ago: the 30-day check-in is overdue.
    const late = await startedMatch('training_centre', addDays(today, -40), 'vi')
    const first = await sendCheckInReminders()
    expect(first.dueTomorrow).toBeGreaterThanOrEqual(1)
    expect(first.overdue).toBeGreaterThanOrEqual(1)
    const mailTo = async (email: string) =>
      getDb()
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.toAddress, email), eq(emailOutbox.template, 'check-in-reminder')))
    const [soonMail] = await mailTo(soon.cw.user.email)
    expect(soonMail).toMatchObject({ locale: 'en', subject: `Tomorrow: 30-day check-in for ${soon.person.publicCode}` })
    const [lateMail] = await mailTo(late.cw.user.email)
    expect(lateMail!.subject).toBe(`Quá hạn: hỏi thăm ${late.person.publicCode} sau 30 ngày`)
    for (const m of [soonMail!, lateMail!]) expect(`${m.text}${m.html}`).not.toContain(soon.person.fullName)
    // Nothing twice.
    const second = await sendCheckInReminders()
    expect(second).toEqual({ dueTomorrow: 0, overdue: 0 })
    expect(await mailTo(soon.cw.user.email)).toHaveLength(1)
    // A recorded check-in is not reminded even when its day comes.
    const [lateCheck] = await checkInsOf(late.matchId)
    expect(lateCheck!.overdueRemindedAt).not.toBeNull()
    const open = await getDb()
      .select()
      .from(followUps)
      .where(and(eq(followUps.matchId, soon.matchId), isNull(followUps.doneAt)))
    expect(open).toHaveLength(3)
  })

  test('a day with many due check-ins is sent in short batches, each reminded once, none left out', async () => {
    const late = await Promise.all([40, 41, 42, 43, 44].map((days) => startedMatch('employer', addDays(today, -days))))
    // Batches of one: every overdue check-in still gets its reminder, in as many transactions.
    const run = await sendCheckInReminders({ batchSize: 1 })
    expect(run.overdue).toBeGreaterThanOrEqual(late.length)
    const written = new Set<number>()
    for (const { matchId, cw } of late) {
      const [checkIn] = await checkInsOf(matchId)
      expect(checkIn!.overdueRemindedAt).not.toBeNull()
      const mail = await getDb()
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.toAddress, cw.user.email), eq(emailOutbox.template, 'check-in-reminder')))
      expect(mail).toHaveLength(1)
      written.add(mail[0]!.createdAt.getTime())
    }
    // One transaction each (an email row's time is its transaction's start): not all in one.
    expect(written.size).toBe(late.length)
    expect(await sendCheckInReminders({ batchSize: 1 })).toEqual({ dueTomorrow: 0, overdue: 0 })
  })
})
