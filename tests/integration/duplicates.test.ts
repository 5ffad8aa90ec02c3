import { and, asc, eq, inArray } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  candidateMerges,
  candidates,
  candidateSensitive,
  candidateTransfers,
  caseNotes,
  consents,
  followUps,
} from '#db/schema/index.ts'
import { findLikelyDuplicates, listCaseload } from '#app/modules/candidates/candidates.server.ts'
import {
  getMergeComparison,
  listRecentMerges,
  mergeCandidates,
  undoMerge,
} from '#app/modules/candidates/merge.server.ts'
import type { Actor } from '#app/policy.ts'
import { createCandidate } from '../factories/candidates'
import { actor, createCaseworker, createUser } from '../factories/users'
import { appError } from '../support/errors'

const WARD_X = '00070'
const WARD_Y = '09556'

let cwX: Actor
let coordinator: Actor

beforeAll(async () => {
  const x = await createCaseworker([WARD_X])
  cwX = actor({ role: 'caseworker', userId: x.id, wardCodes: [WARD_X] })
  const c = await createUser({ role: 'coordinator' })
  coordinator = actor({ role: 'coordinator', userId: c.id })
})

async function snapshotOf(ids: string[]) {
  const db = getDb()
  return {
    candidates: await db.select().from(candidates).where(inArray(candidates.id, ids)).orderBy(asc(candidates.id)),
    sensitive: await db
      .select()
      .from(candidateSensitive)
      .where(inArray(candidateSensitive.candidateId, ids))
      .orderBy(asc(candidateSensitive.candidateId)),
    consents: await db.select().from(consents).where(inArray(consents.candidateId, ids)).orderBy(asc(consents.id)),
    notes: await db.select().from(caseNotes).where(inArray(caseNotes.candidateId, ids)).orderBy(asc(caseNotes.id)),
    followUps: await db.select().from(followUps).where(inArray(followUps.candidateId, ids)).orderBy(asc(followUps.id)),
    transfers: await db
      .select()
      .from(candidateTransfers)
      .where(inArray(candidateTransfers.candidateId, ids))
      .orderBy(asc(candidateTransfers.id)),
  }
}

describe('findLikelyDuplicates', () => {
  test('same date of birth and the same name ignoring diacritics, case and word order', async () => {
    const a = await createCandidate({ wardCode: WARD_X, fullName: 'Lương Văn Hùng', dateOfBirth: '1988-02-03' })
    const b = await createCandidate({ wardCode: WARD_X, fullName: 'hung LUONG van', dateOfBirth: '1988-02-03' })
    const otherBirth = await createCandidate({
      wardCode: WARD_X,
      fullName: 'Lương Văn Hùng',
      dateOfBirth: '1988-02-04',
    })
    const otherName = await createCandidate({
      wardCode: WARD_X,
      fullName: 'Lương Văn Hưng Thịnh',
      dateOfBirth: '1988-02-03',
    })
    const found = await findLikelyDuplicates({ actor: cwX, candidateId: a.id })
    expect(found.map((d) => [d.id, d.reasons])).toEqual([[b.id, ['name_and_birth_date']]])
    expect(found.map((d) => d.id)).not.toContain(otherBirth.id)
    expect(found.map((d) => d.id)).not.toContain(otherName.id)
    expect(found[0]).toMatchObject({ publicCode: b.publicCode, fullName: 'hung LUONG van', status: 'active' })
  })

  test('same phone; same national ID (by hash); several reasons at once', async () => {
    const a = await createCandidate({
      wardCode: WARD_X,
      fullName: 'Vũ Thị Mai',
      dateOfBirth: '1979-01-01',
      phone: '0987654321',
      sensitive: { nationalId: '001179000111' },
    })
    const byPhone = await createCandidate({ wardCode: WARD_X, fullName: 'Người Khác', phone: '0987654321' })
    const byId = await createCandidate({
      wardCode: WARD_X,
      fullName: 'Tên Khác Hẳn',
      sensitive: { nationalId: '001 179 000 111' },
    })
    const all = await createCandidate({
      wardCode: WARD_X,
      fullName: 'MAI VU THI',
      dateOfBirth: '1979-01-01',
      phone: '0987654321',
      sensitive: { nationalId: '001179000111' },
    })
    const found = await findLikelyDuplicates({ actor: cwX, candidateId: a.id })
    expect(new Map(found.map((d) => [d.id, d.reasons]))).toEqual(
      new Map([
        [byPhone.id, ['phone']],
        [byId.id, ['national_id']],
        [all.id, ['name_and_birth_date', 'phone', 'national_id']],
      ]),
    )
    // A record with nothing in common finds nothing (nulls never match nulls).
    const lonely = await createCandidate({ wardCode: WARD_X, fullName: 'Độc Nhất', dateOfBirth: null })
    expect(await findLikelyDuplicates({ actor: cwX, candidateId: lonely.id })).toEqual([])
  })

  test('a caseworker sees duplicates only in their wards; a coordinator city-wide; merged ones are left out', async () => {
    const a = await createCandidate({ wardCode: WARD_X, fullName: 'Tạ Quang Phạm Vi', dateOfBirth: '2000-10-10' })
    const elsewhere = await createCandidate({
      wardCode: WARD_Y,
      fullName: 'Tạ Quang Phạm Vi',
      dateOfBirth: '2000-10-10',
    })
    expect(await findLikelyDuplicates({ actor: cwX, candidateId: a.id })).toEqual([])
    expect((await findLikelyDuplicates({ actor: coordinator, candidateId: a.id })).map((d) => d.id)).toEqual([
      elsewhere.id,
    ])
    await mergeCandidates({ actor: coordinator, survivorId: a.id, mergedId: elsewhere.id })
    expect(await findLikelyDuplicates({ actor: coordinator, candidateId: a.id })).toEqual([])
  })
})

describe('merge', () => {
  test('only coordinators merge', async () => {
    const a = await createCandidate({ wardCode: WARD_X })
    const b = await createCandidate({ wardCode: WARD_X })
    const refused = await mergeCandidates({ actor: cwX, survivorId: a.id, mergedId: b.id }).catch((e: unknown) => e)
    expect((refused as Response).status).toBe(403)
    expect((await appError(mergeCandidates({ actor: coordinator, survivorId: a.id, mergedId: a.id }))).code).toBe(
      'invalid_input',
    )
    expect((await appError(mergeCandidates({ actor: coordinator, survivorId: a.id, mergedId: 'x' }))).code).toBe(
      'not_found',
    )
  })

  test('moves the children, fills the survivor’s blanks, closes the merged record; undo restores exactly', async () => {
    const db = getDb()
    const survivor = await createCandidate({
      wardCode: WARD_X,
      fullName: 'Trịnh Văn Gốc',
      dateOfBirth: '1985-04-04',
      phone: null,
      needs: ['job'],
      skills: [],
      gender: 'unspecified',
      sensitive: { facility: 'Cơ sở A' },
    })
    const merged = await createCandidate({
      wardCode: WARD_Y,
      fullName: 'Trinh Van Goc',
      dateOfBirth: '1985-04-05',
      phone: '0911222333',
      needs: ['loan'],
      skills: ['welding'],
      gender: 'male',
      sensitive: { facility: 'Cơ sở B', criminalRecord: 'Hồ sơ B', nationalId: '012345678' },
    })
    const author = coordinator.userId
    await db.insert(consents).values([
      { candidateId: survivor.id, purpose: 'talent_pool', evidence: 'S-1', textVersion: 'v1' },
      // Same open purpose as the survivor's: stays with the merged record.
      { candidateId: merged.id, purpose: 'talent_pool', evidence: 'M-1', textVersion: 'v1' },
      { candidateId: merged.id, purpose: 'share_with_lenders', evidence: 'M-2', textVersion: 'v1' },
    ])
    const [note] = await db
      .insert(caseNotes)
      .values({ candidateId: merged.id, authorId: author, body: 'Ghi chú' })
      .returning()
    const [task] = await db
      .insert(followUps)
      .values({ candidateId: merged.id, title: 'Gọi lại', dueDate: '2026-04-01' })
      .returning()
    const [transfer] = await db
      .insert(candidateTransfers)
      .values({ candidateId: merged.id, fromWardCode: WARD_X, toWardCode: WARD_Y })
      .returning()
    const before = await snapshotOf([survivor.id, merged.id])

    const [left, right] = await getMergeComparison({ actor: coordinator, aId: survivor.id, bId: merged.id })
    expect(left.sensitivePresent).toEqual({
      drugUseHistory: false,
      criminalRecord: false,
      facility: true,
      healthNotes: false,
      nationalId: false,
    })
    expect(right.children).toEqual({ consents: 2, caseNotes: 1, followUps: 1, transfers: 1 })
    expect(JSON.stringify([left, right])).not.toMatch(/Cơ sở|Hồ sơ B|012345678/)

    const { mergeId } = await mergeCandidates({ actor: coordinator, survivorId: survivor.id, mergedId: merged.id })
    const after = await snapshotOf([survivor.id, merged.id])
    const s = after.candidates.find((c) => c.id === survivor.id)!
    const m = after.candidates.find((c) => c.id === merged.id)!
    // Filled blanks only: the survivor's own values stay.
    expect(s).toMatchObject({
      dateOfBirth: '1985-04-04',
      phone: '0911222333',
      gender: 'male',
      needs: ['job'],
      skills: ['welding'],
      status: 'active',
      mergedIntoId: null,
    })
    expect(m).toMatchObject({ mergedIntoId: survivor.id, status: 'closed' })
    expect(m.closedAt).not.toBeNull()
    const sSens = after.sensitive.find((r) => r.candidateId === survivor.id)!
    expect(sSens).toMatchObject({ facility: 'Cơ sở A', criminalRecord: 'Hồ sơ B', nationalId: '012345678' })
    expect(sSens.nationalIdHash).toBe(after.sensitive.find((r) => r.candidateId === merged.id)!.nationalIdHash)
    expect(after.notes.map((n) => [n.id, n.candidateId])).toEqual([[note!.id, survivor.id]])
    expect(after.followUps.map((n) => [n.id, n.candidateId])).toEqual([[task!.id, survivor.id]])
    expect(after.transfers.map((n) => [n.id, n.candidateId])).toEqual([[transfer!.id, survivor.id]])
    expect(after.consents.map((c) => [c.evidence, c.candidateId === survivor.id ? 'S' : 'M'])).toEqual(
      expect.arrayContaining([
        ['S-1', 'S'],
        ['M-1', 'M'],
        ['M-2', 'S'],
      ]),
    )
    // The merged record leaves the caseload.
    expect((await listCaseload({ actor: coordinator, q: 'trinh van goc' })).items.map((i) => i.id)).toEqual([
      survivor.id,
    ])

    // The snapshot holds ids and field names, never values.
    const [stored] = await db.select().from(candidateMerges).where(eq(candidateMerges.id, mergeId))
    const text = JSON.stringify(stored!.snapshot)
    expect(text).not.toMatch(/Hồ sơ B|012345678|0911222333|Trinh/)
    expect(stored!.snapshot).toMatchObject({
      filled: ['phone', 'gender', 'skills'],
      filledSensitive: ['criminalRecord', 'nationalId'],
    })

    // A second merge of a merged record, either way round, is refused.
    const third = await createCandidate({ wardCode: WARD_X })
    expect(
      (await appError(mergeCandidates({ actor: coordinator, survivorId: third.id, mergedId: merged.id }))).code,
    ).toBe('conflict')
    expect(
      (await appError(mergeCandidates({ actor: coordinator, survivorId: merged.id, mergedId: third.id }))).code,
    ).toBe('conflict')

    const recent = await listRecentMerges({ actor: coordinator })
    expect(recent[0]).toMatchObject({ id: mergeId, survivorCode: survivor.publicCode, mergedCode: merged.publicCode })

    await undoMerge({ actor: coordinator, mergeId })
    const restored = await snapshotOf([survivor.id, merged.id])
    const strip = (x: typeof restored) => ({
      ...x,
      candidates: x.candidates.map(({ updatedAt: _u, ...c }) => c),
      sensitive: x.sensitive.map(({ updatedAt: _u, ...c }) => c),
    })
    expect(strip(restored)).toEqual(strip(before))
    expect((await appError(undoMerge({ actor: coordinator, mergeId }))).code).toBe('conflict')

    const events = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectType, 'candidate'), eq(auditEvents.subjectId, survivor.id)))
      .orderBy(asc(auditEvents.id))
    const actions = events.map((e) => e.action)
    expect(actions).toContain('candidate.merged')
    expect(actions).toContain('candidate.merge_undone')
    expect(actions.filter((a) => a === 'candidate.viewed')).toHaveLength(1)
    const details = JSON.stringify(events.map((e) => e.details))
    expect(details).not.toMatch(/Trịnh|Trinh|Hồ sơ|012345678|0911222333|Cơ sở/)
    expect(events.find((e) => e.action === 'candidate.merged')!.details).toMatchObject({
      mergeId,
      mergedId: merged.id,
      filled: ['phone', 'gender', 'skills', 'criminalRecord', 'nationalId'],
    })
  })

  test('undo creates no sensitive row where there was none, and refuses when the survivor was merged since', async () => {
    const a = await createCandidate({ wardCode: WARD_X })
    const b = await createCandidate({ wardCode: WARD_X, sensitive: { healthNotes: 'Ghi chú sức khỏe' } })
    const c = await createCandidate({ wardCode: WARD_X })
    const first = await mergeCandidates({ actor: coordinator, survivorId: a.id, mergedId: b.id })
    expect(
      await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, a.id)),
    ).toHaveLength(1)
    const second = await mergeCandidates({ actor: coordinator, survivorId: c.id, mergedId: a.id })
    expect((await appError(undoMerge({ actor: coordinator, mergeId: first.mergeId }))).code).toBe('conflict')
    await undoMerge({ actor: coordinator, mergeId: second.mergeId })
    await undoMerge({ actor: coordinator, mergeId: first.mergeId })
    expect(await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, a.id))).toEqual([])
    const rows = await getDb()
      .select()
      .from(candidates)
      .where(inArray(candidates.id, [a.id, b.id, c.id]))
    expect(rows.map((r) => [r.mergedIntoId, r.status])).toEqual([
      [null, 'active'],
      [null, 'active'],
      [null, 'active'],
    ])
  })
})
