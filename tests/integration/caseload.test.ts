import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { candidates, followUps } from '#db/schema/index.ts'
import {
  completeIntake,
  findLikelyDuplicates,
  getIntakeDraft,
  listCaseload,
  saveIntakeStep,
} from '#app/modules/candidates/candidates.server.ts'
import type { Actor } from '#app/policy.ts'
import { createCandidate } from '../factories/candidates'
import { actor, createCaseworker, createPartner, createUser } from '../factories/users'
import { appError } from '../support/errors'

const WARD_X = '00070'
const WARD_Y = '09556'

let cwX: Actor
let cwY: Actor
let coordinator: Actor
let partner: Actor

beforeAll(async () => {
  const x = await createCaseworker([WARD_X], { name: 'Cán bộ X' })
  const y = await createCaseworker([WARD_Y], { name: 'Cán bộ Y' })
  const c = await createUser({ role: 'coordinator' })
  const p = await createPartner()
  cwX = actor({ role: 'caseworker', userId: x.id, wardCodes: [WARD_X] })
  cwY = actor({ role: 'caseworker', userId: y.id, wardCodes: [WARD_Y] })
  coordinator = actor({ role: 'coordinator', userId: c.id })
  partner = actor({
    role: 'partner',
    userId: p.id,
    membership: { organisationId: p.organisationId, role: 'owner', organisationStatus: 'approved' },
  })
})

describe('listCaseload', () => {
  test('a caseworker sees only their wards; a coordinator sees all; merged records are left out', async () => {
    const inX = await createCandidate({ wardCode: WARD_X, caseworkerId: cwX.userId, fullName: 'Phạm Thị Scope X' })
    const inY = await createCandidate({ wardCode: WARD_Y, caseworkerId: cwY.userId, fullName: 'Phạm Thị Scope Y' })
    const gone = await createCandidate({ wardCode: WARD_X, fullName: 'Phạm Thị Scope Gộp' })
    await getDb().update(candidates).set({ mergedIntoId: inX.id, status: 'closed' }).where(eq(candidates.id, gone.id))

    const x = await listCaseload({ actor: cwX, q: 'scope' })
    expect(x.items.map((i) => i.id)).toEqual([inX.id])
    const y = await listCaseload({ actor: cwY, q: 'scope' })
    expect(y.items.map((i) => i.id)).toEqual([inY.id])
    const all = await listCaseload({ actor: coordinator, q: 'scope' })
    expect(new Set(all.items.map((i) => i.id))).toEqual(new Set([inX.id, inY.id]))

    // A ward filter outside one's scope finds nothing (the scope still applies).
    expect((await listCaseload({ actor: cwX, q: 'scope', wardCode: WARD_Y })).items).toEqual([])
    expect((await listCaseload({ actor: coordinator, q: 'scope', wardCode: WARD_Y })).items.map((i) => i.id)).toEqual([
      inY.id,
    ])
  })

  test('a caseworker with no ward sees nobody; a partner is refused with 403', async () => {
    const none = await createCaseworker([])
    const result = await listCaseload({ actor: actor({ role: 'caseworker', userId: none.id, wardCodes: [] }) })
    expect(result.items).toEqual([])
    const refused = await listCaseload({ actor: partner }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ code: 'forbidden', status: 403 })
  })

  test('another ward’s record is not_found for every function taking an id', async () => {
    const inY = await createCandidate({ wardCode: WARD_Y, status: 'draft' })
    expect((await appError(getIntakeDraft({ actor: cwX, candidateId: inY.id, step: 1 }))).code).toBe('not_found')
    expect(
      (
        await appError(
          saveIntakeStep({
            actor: cwX,
            candidateId: inY.id,
            step: 2,
            values: { background: 'after_prison' },
          }),
        )
      ).code,
    ).toBe('not_found')
    expect((await appError(completeIntake({ actor: cwX, candidateId: inY.id }))).code).toBe('not_found')
    expect((await appError(findLikelyDuplicates({ actor: cwX, candidateId: inY.id }))).code).toBe('not_found')
    // Malformed ids are not_found too, not a database error.
    expect((await appError(getIntakeDraft({ actor: cwX, candidateId: 'nope', step: 1 }))).code).toBe('not_found')
    const [row] = await getDb().select().from(candidates).where(eq(candidates.id, inY.id))
    expect(row!.background).toBe('after_rehab')
  })

  test('search ignores diacritics and case, needs every word, and finds public codes and phone digits', async () => {
    const a = await createCandidate({ wardCode: WARD_X, fullName: 'Nguyễn Văn Tìmkiếm', phone: '0912345678' })
    const b = await createCandidate({ wardCode: WARD_X, fullName: 'Nguyễn Thị Tìmkiếm' })
    const ids = async (q: string) => (await listCaseload({ actor: cwX, q })).items.map((i) => i.id)
    expect(await ids('nguyen van timkiem')).toEqual([a.id])
    expect(await ids('NGUYEN VAN')).toContain(a.id)
    expect(await ids('NGUYEN VAN')).not.toContain(b.id)
    expect(new Set(await ids('timkiem'))).toEqual(new Set([a.id, b.id]))
    expect(await ids('tìmkiếm thị')).toEqual([b.id])
    expect(await ids(b.publicCode.toLowerCase())).toEqual([b.id])
    expect(await ids('0912 345')).toEqual([a.id])
    expect(await ids('%')).toEqual([])
  })

  test('filters: status, needs, ward, follow-ups due; counts by status ignore the status filter', async () => {
    const cw = await createCaseworker(['00082'])
    const me = actor({ role: 'caseworker', userId: cw.id, wardCodes: ['00082'] })
    const active = await createCandidate({ wardCode: '00082', needs: ['job', 'loan'], fullName: 'Lọc Một' })
    const draft = await createCandidate({ wardCode: '00082', status: 'draft', needs: ['course'], fullName: 'Lọc Hai' })
    const held = await createCandidate({ wardCode: '00082', status: 'on_hold', needs: ['loan'], fullName: 'Lọc Ba' })
    await getDb()
      .insert(followUps)
      .values([
        { candidateId: active.id, title: 'Gặp lại', dueDate: '2026-03-01' },
        { candidateId: held.id, title: 'Sau này', dueDate: '2026-09-01' },
        { candidateId: draft.id, title: 'Đã xong', dueDate: '2026-02-01', doneAt: new Date() },
      ])
    const today = '2026-03-10'
    const list = (extra: Parameters<typeof listCaseload>[0] extends infer O ? Partial<O> : never) =>
      listCaseload({ actor: me, today, ...extra })

    const all = await list({})
    expect(all.counts).toEqual({ draft: 1, active: 1, on_hold: 1, closed: 0 })
    expect(all.items.find((i) => i.id === active.id)?.nextFollowUpDue).toBe('2026-03-01')
    expect(all.items.find((i) => i.id === draft.id)?.nextFollowUpDue).toBeNull()

    const onlyDraft = await list({ status: 'draft' })
    expect(onlyDraft.items.map((i) => i.id)).toEqual([draft.id])
    expect(onlyDraft.counts).toEqual(all.counts)

    expect(new Set((await list({ needs: 'loan' })).items.map((i) => i.id))).toEqual(new Set([active.id, held.id]))
    expect((await list({ followUpsDue: true })).items.map((i) => i.id)).toEqual([active.id])
    expect((await list({ followUpsDue: true })).counts).toEqual({ draft: 0, active: 1, on_hold: 0, closed: 0 })
    expect((await list({ wardCode: '00082', status: 'on_hold' })).items.map((i) => i.id)).toEqual([held.id])
  })

  test('items: age from the date of birth, ward name, caseworker name, needs; never sensitive fields', async () => {
    const c = await createCandidate({
      wardCode: WARD_X,
      caseworkerId: cwX.userId,
      fullName: 'Hồ Văn Mục',
      dateOfBirth: '1990-03-11',
      needs: ['course'],
      sensitive: { criminalRecord: 'Bí mật XYZ', nationalId: '001090123456' },
    })
    const { items } = await listCaseload({ actor: cwX, q: 'ho van muc', today: '2026-03-10' })
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({
      id: c.id,
      publicCode: c.publicCode,
      fullName: 'Hồ Văn Mục',
      age: 35,
      wardName: expect.any(String),
      status: 'active',
      needs: ['course'],
      caseworkerName: 'Cán bộ X',
    })
    const json = JSON.stringify(items)
    expect(json).not.toContain('XYZ')
    expect(json).not.toContain('001090123456')
  })

  test('keyset pages: newest first and by name, with ties, no row twice or missed; bad cursors ignored', async () => {
    const cw = await createCaseworker(['00091'])
    const me = actor({ role: 'caseworker', userId: cw.id, wardCodes: ['00091'] })
    const sameTime = new Date('2026-01-05T03:04:05.123Z')
    const made = []
    for (let i = 0; i < 7; i++) {
      made.push(
        await createCandidate({
          wardCode: '00091',
          fullName: i < 4 ? 'Trùng Tên' : `Tên ${String.fromCharCode(97 + i)}`,
          createdAt: i < 5 ? sameTime : new Date(`2026-01-0${i}T00:00:00.000Z`),
        }),
      )
    }
    for (const sort of ['recent', 'name'] as const) {
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const page: Awaited<ReturnType<typeof listCaseload>> = await listCaseload({ actor: me, sort, cursor, limit: 2 })
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor
        pages++
      } while (cursor && pages < 10)
      expect(seen).toHaveLength(7)
      expect(new Set(seen)).toEqual(new Set(made.map((m) => m.id)))
      expect(pages).toBe(4)
    }
    const byName = await listCaseload({ actor: me, sort: 'name', limit: 10 })
    expect(byName.items.map((i) => i.fullName).slice(0, 3)).toEqual(['Tên e', 'Tên f', 'Tên g'])
    // A cursor from another sort order, or a forged one, starts from the top.
    const first = await listCaseload({ actor: me, sort: 'recent', limit: 2 })
    const again = await listCaseload({ actor: me, sort: 'name', limit: 2, cursor: first.nextCursor })
    expect(again.items.map((i) => i.id)).toEqual(byName.items.slice(0, 2).map((i) => i.id))
    const forged = Buffer.from(
      JSON.stringify({ s: 'recent', k: "x'; drop table candidates", id: made[0]!.id }),
    ).toString('base64url')
    expect((await listCaseload({ actor: me, sort: 'recent', limit: 2, cursor: forged })).items).toHaveLength(2)
    expect((await listCaseload({ actor: me, limit: 2, cursor: '!!!' })).items).toHaveLength(2)
  })
})
