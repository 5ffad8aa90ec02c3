import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  authTokens,
  candidates,
  candidateSensitive,
  caseNotes,
  consents,
  sessions,
} from '#db/schema/index.ts'
import { createSession } from '#app/modules/auth/session.server.ts'
import { exportCandidateData } from '#app/modules/candidates/export.server.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import { ERASED_NOTE, eraseExpiredSensitiveData } from '#app/modules/candidates/retention.server.ts'
import { runMaintenance } from '#app/modules/maintenance/maintenance.server.ts'
import { actor, createUser } from '../factories/users'
import { appError } from '../support/errors'

async function personWithSensitiveData(options: { status: 'active' | 'closed'; closedAt?: Date }) {
  const db = getDb()
  const [person] = await db
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: 'Hà Minh Khôi',
      foldedName: 'ha minh khoi',
      wardCode: '00070',
      status: options.status,
      closedAt: options.closedAt ?? null,
    })
    .returning()
  await db.insert(candidateSensitive).values({
    candidateId: person!.id,
    drugUseHistory: 'SECRET-history',
    criminalRecord: 'SECRET-record',
    facility: 'SECRET-facility',
    healthNotes: 'SECRET-health',
    nationalId: '001203004567',
    nationalIdHash: 'a'.repeat(64),
  })
  await db.insert(caseNotes).values([
    { candidateId: person!.id, body: 'SECRET-note', sensitive: true },
    { candidateId: person!.id, body: 'Đã gặp gia đình, mọi việc ổn.', sensitive: false },
  ])
  await db
    .insert(consents)
    .values({ candidateId: person!.id, purpose: 'talent_pool', evidence: 'Phiếu số 12', textVersion: '2026-11' })
  return person!
}

const now = new Date('2031-12-01T00:00:00Z')

describe('retention', () => {
  test('erases the sensitive data of cases closed more than N years ago, once, with an audit event', async () => {
    const old = await personWithSensitiveData({ status: 'closed', closedAt: new Date('2026-06-01T00:00:00Z') })
    const recent = await personWithSensitiveData({ status: 'closed', closedAt: new Date('2027-06-01T00:00:00Z') })
    const open = await personWithSensitiveData({ status: 'active' })

    const first = await eraseExpiredSensitiveData({ retentionYears: 5, now })
    expect(first.erased).toBe(1)
    const [erased] = await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, old.id))
    expect(erased).toMatchObject({
      drugUseHistory: null,
      criminalRecord: null,
      facility: null,
      healthNotes: null,
      nationalId: null,
      nationalIdHash: null,
      erasedAt: now,
    })
    const notes = await getDb().select().from(caseNotes).where(eq(caseNotes.candidateId, old.id))
    expect(notes.map((n) => n.body).sort()).toEqual(['Đã gặp gia đình, mọi việc ổn.', ERASED_NOTE].sort())
    // What the city keeps for its statistics stays.
    expect(await getDb().select().from(consents).where(eq(consents.candidateId, old.id))).toHaveLength(1)
    expect((await getDb().select().from(candidates).where(eq(candidates.id, old.id)))[0]!.fullName).toBe('Hà Minh Khôi')

    for (const kept of [recent, open]) {
      const [row] = await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, kept.id))
      expect(row).toMatchObject({ drugUseHistory: 'SECRET-history', erasedAt: null })
    }
    const audits = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'candidate.sensitive_erased'))
    expect(audits.map((a) => a.subjectId)).toEqual([old.id])
    expect((await eraseExpiredSensitiveData({ retentionYears: 5, now })).erased).toBe(0)
  })

  test('maintenance also clears expired sessions and old links', async () => {
    const user = await createUser({ role: 'partner' })
    await createSession({ userId: user.id, role: 'partner', now: new Date('2031-01-01T00:00:00Z') })
    const live = await createSession({ userId: user.id, role: 'partner', now })
    await getDb()
      .insert(authTokens)
      .values({
        id: 'b'.repeat(64),
        userId: user.id,
        purpose: 'password_reset',
        expiresAt: new Date('2031-01-01T01:00:00Z'),
      })
    const result = await runMaintenance({ now, retentionYears: 5 })
    expect(result.expiredSessions).toBeGreaterThanOrEqual(1)
    expect(result.oldTokens).toBeGreaterThanOrEqual(1)
    const left = await getDb().select().from(sessions).where(eq(sessions.userId, user.id))
    expect(left.map((s) => s.id)).toEqual([live.session.id])
  })
})

describe("a person's right of access", () => {
  test('a coordinator exports everything held, with the reason in the audit trail', async () => {
    const person = await personWithSensitiveData({ status: 'active' })
    const coordinator = await createUser({ role: 'coordinator' })
    const data = await exportCandidateData({
      actor: actor({ role: 'coordinator', userId: coordinator.id }),
      candidateId: person.id,
      reason: 'Yêu cầu của chính người dân, đơn ngày 20/11',
    })
    expect(data.person).toMatchObject({ id: person.id, fullName: 'Hà Minh Khôi', wardName: 'Phường Hoàn Kiếm' })
    expect(data.sensitive).toMatchObject({ drugUseHistory: 'SECRET-history', nationalId: '001203004567' })
    expect(data.sensitive).not.toHaveProperty('nationalIdHash')
    expect(data.notes).toHaveLength(2)
    expect(data.consents).toHaveLength(1)
    const [audit] = await getDb().select().from(auditEvents).where(eq(auditEvents.action, 'candidate.exported'))
    expect(audit).toMatchObject({
      actorId: coordinator.id,
      subjectId: person.id,
      details: { reason: 'Yêu cầu của chính người dân, đơn ngày 20/11' },
    })
    expect(JSON.stringify(audit)).not.toContain('SECRET')
  })

  test('needs a reason, a real record, and a coordinator', async () => {
    const person = await personWithSensitiveData({ status: 'active' })
    const coordinator = actor({ role: 'coordinator' })
    expect(
      (await appError(exportCandidateData({ actor: coordinator, candidateId: person.id, reason: ' ' }))).code,
    ).toBe('invalid_input')
    expect(
      (await appError(exportCandidateData({ actor: coordinator, candidateId: 'nope', reason: 'Theo yêu cầu' }))).code,
    ).toBe('not_found')
    for (const role of ['caseworker', 'partner'] as const) {
      await expect(
        exportCandidateData({
          actor: actor({ role, wardCodes: ['00070'] }),
          candidateId: person.id,
          reason: 'Theo yêu cầu',
        }),
      ).rejects.toMatchObject({ code: 'forbidden', status: 403 })
    }
    expect(await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, person.id))).toEqual([])
  })
})
