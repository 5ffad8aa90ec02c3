import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidateSensitive, candidates, followUps } from '#db/schema/index.ts'
import { getCasefile } from '#app/modules/candidates/casefile.server.ts'
import {
  CURRENT_CONSENT_TEXT_VERSION,
  currentConsents,
  grantConsent,
  revokeConsent,
} from '#app/modules/candidates/consent.server.ts'
import {
  addDays,
  addFollowUp,
  completeFollowUp,
  isOverdue,
  listDueFollowUps,
  todayInHanoi,
} from '#app/modules/candidates/follow-ups.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import type { Actor } from '#app/policy.ts'
import { actor, createCaseworker, createUser } from '../factories/users'
import { appError } from '../support/errors'

const WARD = '00070'
let caseworker: Actor
let colleague: Actor
let coordinator: Actor

async function insertCandidate(options: { wardCode?: string; caseworkerId?: string | null; fullName?: string } = {}) {
  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: options.fullName ?? 'Trần Thị Mai',
      foldedName: 'tran thi mai',
      dateOfBirth: '1995-03-14',
      phone: '0912345678',
      wardCode: options.wardCode ?? WARD,
      caseworkerId: options.caseworkerId === undefined ? caseworker.userId : options.caseworkerId,
      status: 'active',
      skills: ['may mặc'],
      needs: ['job'],
    })
    .returning({ id: candidates.id })
  return row!.id
}

async function auditFor(candidateId: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.subjectType, 'candidate'), eq(auditEvents.subjectId, candidateId)))
    .orderBy(asc(auditEvents.id))
}

beforeAll(async () => {
  const cw = await createCaseworker([WARD], { name: 'Cán bộ Hoa' })
  const cw2 = await createCaseworker([WARD], { name: 'Cán bộ Bình' })
  const co = await createUser({ role: 'coordinator', name: 'Điều phối Lan' })
  caseworker = actor({ role: 'caseworker', userId: cw.id, wardCodes: [WARD] })
  colleague = actor({ role: 'caseworker', userId: cw2.id, wardCodes: [WARD] })
  coordinator = actor({ role: 'coordinator', userId: co.id })
})

describe('the case file', () => {
  test('holds identity, ward, caseworker and sensitive fields, and every read is audited', async () => {
    const id = await insertCandidate()
    await getDb()
      .insert(candidateSensitive)
      .values({ candidateId: id, facility: 'Cơ sở số 2', nationalId: '001095000111' })
    const file = await getCasefile({ actor: caseworker, candidateId: id })
    expect(file.candidate).toMatchObject({ id, fullName: 'Trần Thị Mai', wardCode: WARD, status: 'active' })
    expect(file.wardName).toBeTruthy()
    expect(file.caseworkerName).toBe('Cán bộ Hoa')
    expect(file.sensitive).toMatchObject({ facility: 'Cơ sở số 2', nationalId: '001095000111' })
    expect(file.consent.map((c) => c.current)).toEqual([null, null, null, null])
    await getCasefile({ actor: coordinator, candidateId: id })
    const viewed = (await auditFor(id)).filter((e) => e.action === 'candidate.viewed')
    expect(viewed.map((e) => e.actorId)).toEqual([caseworker.userId, coordinator.userId])
    expect(viewed.every((e) => JSON.stringify(e.details) === '{}')).toBe(true)
  })

  test('a refused read writes no audit event and reveals nothing', async () => {
    const id = await insertCandidate({ wardCode: '00082', caseworkerId: null })
    expect((await appError(getCasefile({ actor: caseworker, candidateId: id }))).code).toBe('not_found')
    expect(await auditFor(id)).toHaveLength(0)
  })
})

describe('consent', () => {
  test('granted with evidence, shown as current, refused twice, revoked at once, kept in history', async () => {
    const id = await insertCandidate()
    await grantConsent({
      actor: caseworker,
      candidateId: id,
      purpose: 'talent_pool',
      evidence: '  Phiếu số 45/2026  ',
      textVersion: CURRENT_CONSENT_TEXT_VERSION,
    })
    const current = await currentConsents(getDb(), id)
    expect(current.talent_pool).toMatchObject({ evidence: 'Phiếu số 45/2026', textVersion: '2026-11' })
    expect(current.talent_pool?.grantedById).toBe(caseworker.userId)
    expect(current.share_with_employers).toBeNull()

    const again = await appError(
      grantConsent({
        actor: colleague,
        candidateId: id,
        purpose: 'talent_pool',
        evidence: 'x',
        textVersion: '2026-11',
      }),
    )
    expect(again.code).toBe('conflict')

    let file = await getCasefile({ actor: colleague, candidateId: id })
    const pool = file.consent.find((c) => c.purpose === 'talent_pool')!
    expect(pool.current).toMatchObject({ grantedByName: 'Cán bộ Hoa', evidence: 'Phiếu số 45/2026', revokedAt: null })

    await revokeConsent({ actor: colleague, candidateId: id, purpose: 'talent_pool' })
    // At once: the very next read in any connection sees no consent.
    expect((await currentConsents(getDb(), id)).talent_pool).toBeNull()
    expect((await appError(revokeConsent({ actor: colleague, candidateId: id, purpose: 'talent_pool' }))).code).toBe(
      'conflict',
    )

    await grantConsent({
      actor: coordinator,
      candidateId: id,
      purpose: 'talent_pool',
      evidence: 'Phiếu số 46/2026',
      textVersion: '2026-11',
    })
    file = await getCasefile({ actor: caseworker, candidateId: id })
    expect(file.consentHistory.map((c) => [c.evidence, c.revokedByName])).toEqual([
      ['Phiếu số 46/2026', null],
      ['Phiếu số 45/2026', 'Cán bộ Bình'],
    ])
    expect(file.consent.find((c) => c.purpose === 'talent_pool')!.current?.grantedByName).toBe('Điều phối Lan')

    const actions = (await auditFor(id)).filter((e) => e.action.startsWith('consent.'))
    expect(actions.map((e) => [e.action, e.details.purpose])).toEqual([
      ['consent.granted', 'talent_pool'],
      ['consent.revoked', 'talent_pool'],
      ['consent.granted', 'talent_pool'],
    ])
  })

  test('evidence and the text version are required, evidence at most 200 characters, a known version', async () => {
    const id = await insertCandidate()
    const base = { actor: caseworker, candidateId: id, purpose: 'share_with_lenders' as const }
    for (const [evidence, textVersion, field] of [
      ['', '2026-11', 'evidence'],
      ['   ', '2026-11', 'evidence'],
      ['x'.repeat(201), '2026-11', 'evidence'],
      ['Phiếu 1', '', 'textVersion'],
      ['Phiếu 1', '1999-01', 'textVersion'],
    ] as const) {
      const error = await appError(grantConsent({ ...base, evidence, textVersion }))
      expect([error.code, error.field]).toEqual(['invalid_input', field])
    }
    await grantConsent({ ...base, evidence: 'x'.repeat(200), textVersion: '2026-11' })
  })

  test('two grants at the same moment: one wins, the other is a conflict', async () => {
    const id = await insertCandidate()
    const grant = (a: Actor) =>
      grantConsent({
        actor: a,
        candidateId: id,
        purpose: 'share_with_employers',
        evidence: 'Phiếu 7',
        textVersion: '2026-11',
      })
    const results = await Promise.allSettled([grant(caseworker), grant(colleague)])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(rejected.reason).toMatchObject({ code: 'conflict' })
  })
})

describe('case notes', () => {
  test('newest first, with author and time, sensitive by default, audited without the text', async () => {
    const id = await insertCandidate()
    await addNote({ actor: caseworker, candidateId: id, body: 'Ghi chú thứ nhất BODY-111' })
    await addNote({ actor: coordinator, candidateId: id, body: 'Ghi chú thứ hai BODY-222', sensitive: false })
    const file = await getCasefile({ actor: caseworker, candidateId: id })
    expect(file.notes.map((n) => [n.body, n.authorName, n.sensitive])).toEqual([
      ['Ghi chú thứ hai BODY-222', 'Điều phối Lan', false],
      ['Ghi chú thứ nhất BODY-111', 'Cán bộ Hoa', true],
    ])
    expect(file.notes[0]!.createdAt).toBeInstanceOf(Date)
    const added = (await auditFor(id)).filter((e) => e.action === 'note.added')
    expect(added).toHaveLength(2)
    expect(JSON.stringify(added)).not.toMatch(/BODY-/)
  })

  test('an empty note or one over 5000 characters is refused', async () => {
    const id = await insertCandidate()
    for (const body of ['', '   ', 'x'.repeat(5001)]) {
      expect((await appError(addNote({ actor: caseworker, candidateId: id, body }))).code).toBe('invalid_input')
    }
    await addNote({ actor: caseworker, candidateId: id, body: 'x'.repeat(5000) })
  })
})

describe('follow-ups', () => {
  test('today is the Hanoi date, not the server’s', () => {
    expect(todayInHanoi(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30')
    expect(todayInHanoi(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01')
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04')
    expect(isOverdue({ dueDate: '2026-11-30', doneAt: null }, '2026-12-01')).toBe(true)
    expect(isOverdue({ dueDate: '2026-12-01', doneAt: null }, '2026-12-01')).toBe(false)
    expect(isOverdue({ dueDate: '2026-11-30', doneAt: new Date() }, '2026-12-01')).toBe(false)
  })

  test('open first and overdue marked, completed with an outcome once, all audited', async () => {
    const id = await insertCandidate()
    const today = todayInHanoi()
    const late = await addFollowUp({
      actor: caseworker,
      candidateId: id,
      title: 'Trễ hạn',
      dueDate: addDays(today, -2),
    })
    await addFollowUp({ actor: caseworker, candidateId: id, title: 'Hôm nay', dueDate: today, kind: 'check_in' })
    const done = await addFollowUp({
      actor: caseworker,
      candidateId: id,
      title: 'Đã xong',
      dueDate: addDays(today, -10),
    })
    await completeFollowUp({ actor: colleague, followUpId: done.id, outcome: 'Đã đi làm ổn định' })
    expect((await appError(completeFollowUp({ actor: caseworker, followUpId: done.id }))).code).toBe('conflict')

    const file = await getCasefile({ actor: caseworker, candidateId: id })
    expect(file.followUps.map((f) => [f.title, f.overdue, f.doneAt !== null])).toEqual([
      ['Trễ hạn', true, false],
      ['Hôm nay', false, false],
      ['Đã xong', false, true],
    ])
    expect(file.followUps[2]).toMatchObject({ outcome: 'Đã đi làm ổn định', doneByName: 'Cán bộ Bình' })
    expect(file.followUps[0]!.assignedToName).toBe('Cán bộ Hoa')
    expect(late.id).toBeTruthy()

    const events = (await auditFor(id)).filter((e) => e.action.startsWith('follow_up.'))
    expect(events.map((e) => e.action)).toEqual([
      'follow_up.added',
      'follow_up.added',
      'follow_up.added',
      'follow_up.completed',
    ])
    expect(JSON.stringify(events)).not.toMatch(/Trễ hạn|Đã đi làm/)
  })

  test('a follow-up needs a title and a real date', async () => {
    const id = await insertCandidate()
    for (const [title, dueDate] of [
      ['', '2026-12-01'],
      ['Gọi', '2026-02-31'],
      ['Gọi', '01/12/2026'],
      ['x'.repeat(201), '2026-12-01'],
    ]) {
      expect(
        (await appError(addFollowUp({ actor: caseworker, candidateId: id, title: title!, dueDate: dueDate! }))).code,
      ).toBe('invalid_input')
    }
  })

  test('the home list: my open follow-ups due by the date, overdue first, assigned to the case’s caseworker', async () => {
    const cw = await createCaseworker([WARD])
    const me = actor({ role: 'caseworker', userId: cw.id, wardCodes: [WARD] })
    const mine = await insertCandidate({ caseworkerId: me.userId, fullName: 'Lê Văn Nam' })
    const unassigned = await insertCandidate({ caseworkerId: null })
    const today = todayInHanoi()
    // Added by a colleague: still assigned to the case's caseworker, so it is on my list.
    await addFollowUp({ actor: colleague, candidateId: mine, title: 'Tuần sau nữa', dueDate: addDays(today, 10) })
    await addFollowUp({ actor: colleague, candidateId: mine, title: 'Trong tuần', dueDate: addDays(today, 3) })
    await addFollowUp({ actor: colleague, candidateId: mine, title: 'Quá hạn', dueDate: addDays(today, -1) })
    const done = await addFollowUp({ actor: me, candidateId: mine, title: 'Xong rồi', dueDate: today })
    await completeFollowUp({ actor: me, followUpId: done.id })
    // No caseworker on the case: the one who adds it takes it.
    await addFollowUp({ actor: me, candidateId: unassigned, title: 'Tự nhận', dueDate: today })

    const due = await listDueFollowUps({ actor: me, until: addDays(today, 6) })
    expect(due.map((d) => [d.title, d.overdue])).toEqual([
      ['Quá hạn', true],
      ['Tự nhận', false],
      ['Trong tuần', false],
    ])
    expect(due[0]!.candidate).toMatchObject({ id: mine, fullName: 'Lê Văn Nam' })
    expect(await listDueFollowUps({ actor: coordinator, until: addDays(today, 6) })).toEqual([])

    // Handed over to another ward: it leaves my list with the case.
    await getDb().update(candidates).set({ wardCode: '00082' }).where(eq(candidates.id, mine))
    expect((await listDueFollowUps({ actor: me, until: addDays(today, 6) })).map((d) => d.title)).toEqual(['Tự nhận'])
    const rows = await getDb().select().from(followUps).where(eq(followUps.candidateId, unassigned))
    expect(rows[0]!.assignedToId).toBe(me.userId)
  })
})
