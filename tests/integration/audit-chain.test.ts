import { asc, eq, sql } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { verifyAuditChain, writeAudit } from '#app/modules/audit/audit.server.ts'

const actor = { userId: null, role: 'system' }

async function allEvents() {
  return getDb().select().from(auditEvents).orderBy(asc(auditEvents.id))
}

/** Runs `change` with the append-only triggers off, as only a database owner could: tampering. */
async function tamper(change: () => Promise<unknown>) {
  const db = getDb()
  await db.execute(sql`alter table audit_events disable trigger audit_events_append_only`)
  try {
    await change()
  } finally {
    await db.execute(sql`alter table audit_events enable trigger audit_events_append_only`)
  }
}

describe('the audit trail', () => {
  test('chains every event to the one before, inside and outside transactions, and verifies', async () => {
    const db = getDb()
    await writeAudit(db, { actor, action: 'test.outside', details: { n: 1 } })
    await db.transaction(async (tx) => {
      await writeAudit(tx, {
        actor,
        action: 'test.inside',
        subjectType: 'thing',
        subjectId: 'a',
        details: { z: 1, a: ['2', 'x'] },
      })
      await writeAudit(tx, { actor, action: 'test.inside.again' })
    })
    const events = await allEvents()
    expect(events.length).toBeGreaterThanOrEqual(3)
    expect(events[0]!.prevHash).toBeNull()
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash)
    expect(events.every((e) => /^[0-9a-f]{64}$/.test(e.hash ?? ''))).toBe(true)
    expect(await verifyAuditChain()).toEqual({ checked: events.length, legacy: 0, brokenAt: null })
  })

  test('an event rolled back with its transaction leaves no trace and no gap in the chain', async () => {
    const before = (await allEvents()).length
    await expect(
      getDb().transaction(async (tx) => {
        await writeAudit(tx, { actor, action: 'test.rolled-back' })
        throw new Error('the action failed')
      }),
    ).rejects.toThrow('the action failed')
    expect((await allEvents()).length).toBe(before)
    expect((await verifyAuditChain()).brokenAt).toBeNull()
  })

  test('many writers at once still make one unbroken chain', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        getDb().transaction(async (tx) => {
          await writeAudit(tx, { actor, action: 'test.concurrent', details: { i } })
        }),
      ),
    )
    const report = await verifyAuditChain()
    expect(report.brokenAt).toBeNull()
    expect(report.checked).toBe((await allEvents()).length)
  })

  test('the application cannot change, delete or truncate events', async () => {
    const [first] = await allEvents()
    const db = getDb()
    await expect(
      db.update(auditEvents).set({ action: 'forged' }).where(eq(auditEvents.id, first!.id)),
    ).rejects.toThrow()
    await expect(db.delete(auditEvents).where(eq(auditEvents.id, first!.id))).rejects.toThrow()
    await expect(db.execute(sql`truncate audit_events`)).rejects.toThrow()
    expect((await allEvents())[0]).toEqual(first)
  })

  test('a change made behind the guard is detected at the changed event', async () => {
    const events = await allEvents()
    const victim = events[Math.floor(events.length / 2)]!
    await tamper(() =>
      getDb()
        .update(auditEvents)
        .set({ details: { forged: true } })
        .where(eq(auditEvents.id, victim.id)),
    )
    expect(await verifyAuditChain()).toMatchObject({ brokenAt: victim.id, reason: 'content changed' })
    await tamper(() =>
      getDb().update(auditEvents).set({ details: victim.details }).where(eq(auditEvents.id, victim.id)),
    )
    expect((await verifyAuditChain()).brokenAt).toBeNull()
  })

  test('a deleted event is detected at the event that followed it', async () => {
    const events = await allEvents()
    const victim = events[1]!
    await tamper(() => getDb().delete(auditEvents).where(eq(auditEvents.id, victim.id)))
    expect(await verifyAuditChain()).toMatchObject({ brokenAt: events[2]!.id, reason: 'link to the previous event' })
  })
})
