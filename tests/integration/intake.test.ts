import { and, asc, eq, gt } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidates, candidateSensitive, skills } from '#db/schema/index.ts'
import {
  completeIntake,
  getIntakeDraft,
  saveIntakeStep,
  startIntake,
} from '#app/modules/candidates/candidates.server.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'
import type { Actor } from '#app/policy.ts'
import { actor, createCaseworker, createPartner, createUser } from '../factories/users'
import { appError } from '../support/errors'

const WARD = '00070'
const OTHER_WARD = '09556'
const NAME = 'Đặng Thị Bảo Ngọc'
const NATIONAL_ID = '001 190 012 345'
const IDENTITY = {
  fullName: `  ${NAME} `,
  dateOfBirth: '1995-08-20',
  gender: 'female',
  phone: '0912 345 678',
  wardCode: WARD,
}

let cw: Actor
let coordinator: Actor
let skillCode: string

async function auditSince(id: number, subjectId?: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(gt(auditEvents.id, id), subjectId ? eq(auditEvents.subjectId, subjectId) : undefined))
    .orderBy(asc(auditEvents.id))
}

async function lastAuditId() {
  const rows = await getDb().select({ id: auditEvents.id }).from(auditEvents).orderBy(asc(auditEvents.id))
  return rows.at(-1)?.id ?? 0
}

async function row(id: string) {
  const [c] = await getDb().select().from(candidates).where(eq(candidates.id, id))
  return c!
}

beforeAll(async () => {
  const u = await createCaseworker([WARD])
  cw = actor({ role: 'caseworker', userId: u.id, wardCodes: [WARD] })
  const c = await createUser({ role: 'coordinator' })
  coordinator = actor({ role: 'coordinator', userId: c.id })
  const [skill] = await getDb().select({ code: skills.code }).from(skills).where(eq(skills.active, true)).limit(1)
  skillCode = skill!.code
})

describe('intake', () => {
  test('the whole intake: four steps, then active; public code, folded name, audit without names or values', async () => {
    const start = await lastAuditId()
    const { id, publicCode } = await startIntake({ actor: cw, identity: IDENTITY })
    expect(publicCode).toMatch(/^HN-[2-9A-HJ-NP-Z]{6}$/)
    let c = await row(id)
    expect(c).toMatchObject({
      fullName: NAME,
      foldedName: 'dang thi bao ngoc',
      dateOfBirth: '1995-08-20',
      gender: 'female',
      phone: '0912345678',
      wardCode: WARD,
      caseworkerId: cw.userId,
      createdById: cw.userId,
      status: 'draft',
      intakeStep: 2,
    })
    expect(await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id))).toEqual([])

    expect(
      await saveIntakeStep({
        actor: cw,
        candidateId: id,
        step: 2,
        values: { background: 'after_rehab', programmeEndDate: '2025-12-01', education: 'lower_secondary' },
      }),
    ).toEqual({ changed: ['background', 'programmeEndDate', 'education'], intakeStep: 3 })
    await saveIntakeStep({
      actor: cw,
      candidateId: id,
      step: 3,
      values: { skills: [skillCode], needs: ['loan', 'job'], availability: 'Buổi sáng', preferences: 'Gần nhà' },
    })
    c = await row(id)
    expect(c).toMatchObject({ skills: [skillCode], needs: ['job', 'loan'], availability: 'Buổi sáng', intakeStep: 4 })
    expect(await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id))).toEqual([])

    const saved = await saveIntakeStep({
      actor: cw,
      candidateId: id,
      step: 4,
      values: { criminalRecord: 'Án treo 2019', healthNotes: 'Điều trị methadone', nationalId: NATIONAL_ID },
    })
    expect(saved.changed).toEqual(['criminalRecord', 'healthNotes', 'nationalId'])
    const [s] = await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id))
    expect(s).toMatchObject({
      criminalRecord: 'Án treo 2019',
      healthNotes: 'Điều trị methadone',
      drugUseHistory: null,
      nationalId: '001190012345',
      nationalIdHash: hashToken('001190012345'),
    })

    expect(await completeIntake({ actor: cw, candidateId: id })).toEqual({ status: 'active' })
    expect((await row(id)).status).toBe('active')
    // Finishing twice (a double click) changes nothing.
    expect(await completeIntake({ actor: cw, candidateId: id })).toEqual({ status: 'active' })

    const events = await auditSince(start, id)
    expect(events.map((e) => e.action)).toEqual([
      'candidate.created',
      'candidate.updated',
      'candidate.updated',
      'candidate.updated',
      'candidate.activated',
    ])
    expect(events[1]!.details).toMatchObject({ step: 2, fields: ['background', 'programmeEndDate', 'education'] })
    expect(events[3]!.details).toMatchObject({ step: 4, sensitive: true })
    const all = JSON.stringify(events.map((e) => e.details))
    for (const secret of [NAME, 'bao ngoc', 'Ngọc', '001190012345', '0912345678', 'Án treo', 'methadone', 'Gần nhà']) {
      expect(all).not.toContain(secret)
    }
  })

  test('resubmitting a step with the same values changes nothing and writes no audit event', async () => {
    const { id } = await startIntake({ actor: cw, identity: IDENTITY })
    await saveIntakeStep({ actor: cw, candidateId: id, step: 2, values: { background: 'both' } })
    await saveIntakeStep({ actor: cw, candidateId: id, step: 4, values: { nationalId: '012345678' } })
    const before = await row(id)
    const mark = await lastAuditId()
    expect(await saveIntakeStep({ actor: cw, candidateId: id, step: 1, values: IDENTITY })).toEqual({
      changed: [],
      intakeStep: 4,
    })
    expect(await saveIntakeStep({ actor: cw, candidateId: id, step: 2, values: { background: 'both' } })).toEqual({
      changed: [],
      intakeStep: 4,
    })
    expect(
      (await saveIntakeStep({ actor: cw, candidateId: id, step: 4, values: { nationalId: '012 345 678' } })).changed,
    ).toEqual([])
    expect(await row(id)).toEqual(before)
    expect(await auditSince(mark, id)).toEqual([])
    // Changing one field names only it.
    expect(
      (await saveIntakeStep({ actor: cw, candidateId: id, step: 1, values: { ...IDENTITY, phone: '' } })).changed,
    ).toEqual(['phone'])
    expect((await row(id)).phone).toBeNull()
  })

  test('validation errors change nothing', async () => {
    const { id } = await startIntake({ actor: cw, identity: IDENTITY })
    const before = await row(id)
    const mark = await lastAuditId()
    const bad: [1 | 2 | 3 | 4, Record<string, unknown>, string][] = [
      [1, { ...IDENTITY, fullName: ' ' }, 'fullName'],
      [1, { ...IDENTITY, dateOfBirth: '2020-01-01' }, 'dateOfBirth'],
      [1, { ...IDENTITY, dateOfBirth: '1995-02-30' }, 'dateOfBirth'],
      [1, { ...IDENTITY, phone: '12345' }, 'phone'],
      [1, { ...IDENTITY, wardCode: 'x' }, 'wardCode'],
      [2, { background: 'elsewhere' }, 'background'],
      [2, { background: 'after_prison', programmeEndDate: '2025-13-01' }, 'programmeEndDate'],
      [3, { needs: [] }, 'needs'],
      [3, { needs: ['job'], skills: ['no_such_skill_xyz'] }, 'skills'],
      [4, { nationalId: '12345' }, 'nationalId'],
    ]
    for (const [step, values, field] of bad) {
      const error = await appError(saveIntakeStep({ actor: cw, candidateId: id, step, values }))
      expect([error.code, error.field], `${step} ${field}`).toEqual(['invalid_input', field])
    }
    expect(await row(id)).toEqual(before)
    expect(await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id))).toEqual([])
    expect(await auditSince(mark)).toEqual([])
    // Completing before the required steps are done is refused.
    expect((await appError(completeIntake({ actor: cw, candidateId: id }))).code).toBe('invalid_input')
    expect((await row(id)).status).toBe('draft')
  })

  test('wards: a caseworker only in their own wards; a coordinator anywhere; a partner not at all', async () => {
    const error = await appError(startIntake({ actor: cw, identity: { ...IDENTITY, wardCode: OTHER_WARD } }))
    expect([error.code, error.field]).toEqual(['forbidden', 'wardCode'])
    const { id } = await startIntake({ actor: cw, identity: IDENTITY })
    expect(
      (
        await appError(
          saveIntakeStep({ actor: cw, candidateId: id, step: 1, values: { ...IDENTITY, wardCode: OTHER_WARD } }),
        )
      ).code,
    ).toBe('forbidden')
    expect((await row(id)).wardCode).toBe(WARD)

    const byCoordinator = await startIntake({ actor: coordinator, identity: { ...IDENTITY, wardCode: OTHER_WARD } })
    expect(await row(byCoordinator.id)).toMatchObject({ wardCode: OTHER_WARD, caseworkerId: null })
    // …and the caseworker of another ward cannot reach it.
    expect((await appError(getIntakeDraft({ actor: cw, candidateId: byCoordinator.id, step: 1 }))).code).toBe(
      'not_found',
    )
    expect(
      (await appError(startIntake({ actor: coordinator, identity: { ...IDENTITY, wardCode: '99999' } }))).field,
    ).toBe('wardCode')

    const p = await createPartner()
    const partner = actor({
      role: 'partner',
      userId: p.id,
      membership: { organisationId: p.organisationId, role: 'owner', organisationStatus: 'approved' },
    })
    const refused = await startIntake({ actor: partner, identity: IDENTITY }).catch((e: unknown) => e)
    expect((refused as Response).status).toBe(403)
  })

  test('drafts resume: the form gets the step’s values back; sensitive ones only for step 4; reads audited', async () => {
    const { id } = await startIntake({ actor: cw, identity: IDENTITY })
    await saveIntakeStep({ actor: cw, candidateId: id, step: 2, values: { background: 'after_prison' } })
    await saveIntakeStep({
      actor: cw,
      candidateId: id,
      step: 4,
      values: { facility: 'Trại X', nationalId: NATIONAL_ID },
    })
    const mark = await lastAuditId()
    const step1 = await getIntakeDraft({ actor: cw, candidateId: id, step: 1 })
    expect(step1).toMatchObject({ id, status: 'draft', intakeStep: 4 })
    expect(step1.values).toEqual({
      fullName: NAME,
      dateOfBirth: '1995-08-20',
      gender: 'female',
      phone: '0912345678',
      wardCode: WARD,
    })
    expect(JSON.stringify(step1)).not.toContain('Trại X')
    const step4 = await getIntakeDraft({ actor: cw, candidateId: id, step: 4 })
    expect(step4.values).toEqual({ facility: 'Trại X', nationalId: '001190012345' })
    const reads = await auditSince(mark, id)
    expect(reads.map((e) => [e.action, (e.details as { step: number }).step])).toEqual([
      ['candidate.viewed', 1],
      ['candidate.viewed', 4],
    ])
  })

  test('a clash of public codes is retried with a new code', async () => {
    const first = await startIntake({ actor: cw, identity: IDENTITY })
    const codes = [first.publicCode, first.publicCode, 'HN-ZZZZ22']
    const second = await startIntake({ actor: cw, identity: IDENTITY, generateCode: () => codes.shift()! })
    expect(second.publicCode).toBe('HN-ZZZZ22')
    expect(codes).toEqual([])
  })

  test('clearing the sensitive section empties the row, national ID hash included', async () => {
    const { id } = await startIntake({ actor: cw, identity: IDENTITY })
    await saveIntakeStep({ actor: cw, candidateId: id, step: 4, values: { nationalId: NATIONAL_ID } })
    const cleared = await saveIntakeStep({ actor: cw, candidateId: id, step: 4, values: {} })
    expect(cleared.changed).toEqual(['nationalId'])
    const [s] = await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, id))
    expect(s).toMatchObject({ nationalId: null, nationalIdHash: null })
  })
})
