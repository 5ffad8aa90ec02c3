import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { browseAuditTrail } from '#app/modules/audit/audit-browse.server.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { actor, createUser } from '../factories/users'

const coordinator = actor({ role: 'coordinator' })

async function seedEvents() {
  const viewer = await createUser({ role: 'caseworker' })
  const other = await createUser({ role: 'caseworker' })
  const db = getDb()
  const subject = crypto.randomUUID()
  await writeAudit(db, {
    actor: { userId: viewer.id, role: 'caseworker' },
    action: 'candidate.viewed',
    subjectType: 'candidate',
    subjectId: subject,
  })
  await writeAudit(db, {
    actor: { userId: other.id, role: 'caseworker' },
    action: 'candidate.viewed',
    subjectType: 'candidate',
    subjectId: subject,
  })
  await writeAudit(db, {
    actor: { userId: viewer.id, role: 'caseworker' },
    action: 'consent.granted',
    subjectType: 'candidate',
    subjectId: subject,
    details: { purpose: 'talent_pool' },
  })
  await writeAudit(db, {
    actor: { userId: viewer.id, role: 'caseworker' },
    action: 'candidate.viewed',
    subjectType: 'candidate',
    subjectId: crypto.randomUUID(),
  })
  return { viewer, other, subject }
}

describe('browsing the audit trail', () => {
  test('answers "who looked at this person\'s record?", newest first', async () => {
    const { viewer, other, subject } = await seedEvents()
    const { items } = await browseAuditTrail({
      actor: coordinator,
      filter: { subjectType: 'candidate', subjectId: subject, action: 'candidate.viewed' },
    })
    expect(items.map((e) => e.actorId)).toEqual([other.id, viewer.id])
    expect(items[0]!.actorEmail).toBe(other.email)
    expect(items[0]!.id).toBeGreaterThan(items[1]!.id)
  })

  test('filters by who did it and by a group of actions', async () => {
    const { viewer, subject } = await seedEvents()
    const byViewer = await browseAuditTrail({ actor: coordinator, filter: { actorId: viewer.id } })
    expect(byViewer.items.map((e) => e.action)).toEqual(['candidate.viewed', 'consent.granted', 'candidate.viewed'])
    const consent = await browseAuditTrail({ actor: coordinator, filter: { action: 'consent.', subjectId: subject } })
    expect(consent.items.map((e) => e.action)).toEqual(['consent.granted'])
  })

  test('filters by Hanoi calendar days', async () => {
    await seedEvents()
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(new Date())
    const todays = await browseAuditTrail({ actor: coordinator, filter: { from: today, to: today } })
    expect(todays.items.length).toBeGreaterThanOrEqual(4)
    const none = await browseAuditTrail({ actor: coordinator, filter: { to: '2020-01-01' } })
    expect(none.items).toEqual([])
  })

  test('pages with a keyset and never repeats an event', async () => {
    await seedEvents()
    await seedEvents()
    const seen: number[] = []
    let before: number | null = null
    for (let i = 0; i < 50; i++) {
      const page: Awaited<ReturnType<typeof browseAuditTrail>> = await browseAuditTrail({
        actor: coordinator,
        filter: {},
        before,
        limit: 3,
      })
      seen.push(...page.items.map((e) => e.id))
      before = page.nextBefore
      if (!before) break
    }
    expect(new Set(seen).size).toBe(seen.length)
    expect(seen).toEqual([...seen].sort((a, b) => b - a))
    expect(seen.length).toBeGreaterThanOrEqual(8)
  })

  test('ignores filters that are not what they claim to be, instead of failing', async () => {
    await seedEvents()
    const all = await browseAuditTrail({ actor: coordinator, filter: {}, limit: 200 })
    const odd = await browseAuditTrail({
      actor: coordinator,
      filter: {
        actorId: 'not-a-uuid',
        action: "x'; drop table audit_events; --",
        from: 'yesterday',
        to: '2026-13-45',
        subjectType: 'Candidate!',
      },
      limit: 200,
    })
    expect(odd.items.length).toBe(all.items.length)
  })

  test('is for coordinators only', async () => {
    await expect(browseAuditTrail({ actor: actor({ role: 'caseworker' }), filter: {} })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    })
    await expect(browseAuditTrail({ actor: actor({ role: 'partner' }), filter: {} })).rejects.toMatchObject({
      code: 'forbidden',
      status: 403,
    })
  })
})
