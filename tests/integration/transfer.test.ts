import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidates, candidateTransfers, caseworkerWards, emailOutbox } from '#db/schema/index.ts'
import {
  acknowledgeTransfer,
  listIncomingTransfers,
  transferCandidate,
} from '#app/modules/candidates/transfer.server.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import type { Actor } from '#app/policy.ts'
import { actor, createUser } from '../factories/users'
import { appError } from '../support/errors'

const HOAN_KIEM = '00070'
const HA_DONG = '09556'
const DONG_DA = '00235'

async function caseworkerOf(wardCode: string, locale: 'vi' | 'en' = 'vi') {
  const user = await createUser({ role: 'caseworker', locale })
  await getDb().insert(caseworkerWards).values({ userId: user.id, wardCode })
  return { user, actor: actor({ role: 'caseworker', userId: user.id, wardCodes: [wardCode] }) as Actor }
}

async function candidateIn(wardCode: string, caseworkerId: string | null) {
  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: 'Đinh Văn Phúc',
      foldedName: 'dinh van phuc',
      wardCode,
      caseworkerId,
      status: 'active',
    })
    .returning()
  return row!
}

describe('transferring a case to another ward', () => {
  test('moves it, records it, and emails every caseworker of the new ward with the code only', async () => {
    const sender = await caseworkerOf(HOAN_KIEM)
    const receiverA = await caseworkerOf(HA_DONG, 'vi')
    const receiverB = await caseworkerOf(HA_DONG, 'en')
    const person = await candidateIn(HOAN_KIEM, sender.user.id)

    const result = await transferCandidate({
      actor: sender.actor,
      candidateId: person.id,
      toWardCode: HA_DONG,
      reason: 'Chuyển về ở với gia đình',
    })
    expect(result.notified).toBeGreaterThanOrEqual(2)

    const [moved] = await getDb().select().from(candidates).where(eq(candidates.id, person.id))
    expect(moved).toMatchObject({ wardCode: HA_DONG, caseworkerId: null })
    const [transfer] = await getDb()
      .select()
      .from(candidateTransfers)
      .where(eq(candidateTransfers.id, result.transferId))
    expect(transfer).toMatchObject({
      fromWardCode: HOAN_KIEM,
      toWardCode: HA_DONG,
      byId: sender.user.id,
      acknowledgedAt: null,
    })

    for (const [receiver, subject] of [
      [receiverA, `Hồ sơ ${person.publicCode} được chuyển đến địa bàn của bạn`],
      [receiverB, `Case ${person.publicCode} has been transferred to your ward`],
    ] as const) {
      const [email] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.toAddress, receiver.user.email))
      expect(email!.subject).toBe(subject)
      expect(email!.text).toContain(person.publicCode)
      // Never who the person is.
      for (const part of [email!.subject, email!.html, email!.text])
        expect(part).not.toMatch(/Đinh Văn Phúc|dinh van phuc/i)
    }
    const [audit] = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'candidate.transferred'), eq(auditEvents.subjectId, person.id)))
    expect(audit!.details).toMatchObject({ fromWard: HOAN_KIEM, toWard: HA_DONG })
    expect(JSON.stringify(audit)).not.toContain('Chuyển về ở với gia đình')

    // Out of the sender's wards now: it is no longer theirs to move.
    expect(
      (await appError(transferCandidate({ actor: sender.actor, candidateId: person.id, toWardCode: DONG_DA }))).code,
    ).toBe('not_found')
  })

  test('only within the actor’s scope, to a real and different ward; nothing changes otherwise', async () => {
    const sender = await caseworkerOf(HOAN_KIEM)
    const stranger = await caseworkerOf(DONG_DA)
    const person = await candidateIn(HOAN_KIEM, sender.user.id)
    expect(
      (await appError(transferCandidate({ actor: stranger.actor, candidateId: person.id, toWardCode: HA_DONG }))).code,
    ).toBe('not_found')
    expect(
      (await appError(transferCandidate({ actor: sender.actor, candidateId: person.id, toWardCode: HOAN_KIEM }))).code,
    ).toBe('invalid_input')
    expect(
      (await appError(transferCandidate({ actor: sender.actor, candidateId: person.id, toWardCode: '99999' }))).code,
    ).toBe('invalid_input')
    expect(
      (await appError(transferCandidate({ actor: sender.actor, candidateId: 'abc', toWardCode: HA_DONG }))).code,
    ).toBe('not_found')
    await expect(
      transferCandidate({ actor: actor({ role: 'partner' }), candidateId: person.id, toWardCode: HA_DONG }),
    ).rejects.toMatchObject({ code: 'forbidden', status: 403 })
    const [unchanged] = await getDb().select().from(candidates).where(eq(candidates.id, person.id))
    expect(unchanged).toMatchObject({ wardCode: HOAN_KIEM, caseworkerId: sender.user.id })
    expect(
      await getDb().select().from(candidateTransfers).where(eq(candidateTransfers.candidateId, person.id)),
    ).toEqual([])
  })

  test('the receiving ward sees it as due within 24 hours, takes it over once, and becomes responsible', async () => {
    const sender = await caseworkerOf(HOAN_KIEM)
    const receiver = await caseworkerOf(DONG_DA)
    const person = await candidateIn(HOAN_KIEM, sender.user.id)
    const sentAt = new Date('2026-11-20T02:00:00Z')
    const { transferId } = await transferCandidate({
      actor: sender.actor,
      candidateId: person.id,
      toWardCode: DONG_DA,
      now: sentAt,
    })

    const early = await listIncomingTransfers({ actor: receiver.actor, now: new Date(sentAt.getTime() + 3 * 3600_000) })
    const mine = early.find((t) => t.id === transferId)!
    expect(mine).toMatchObject({ publicCode: person.publicCode, fromWardName: 'Phường Hoàn Kiếm', overdue: false })
    expect(mine.dueAt.toISOString()).toBe('2026-11-21T02:00:00.000Z')
    const late = await listIncomingTransfers({ actor: receiver.actor, now: new Date(sentAt.getTime() + 25 * 3600_000) })
    expect(late.find((t) => t.id === transferId)!.overdue).toBe(true)
    // Not the sender's to take over.
    expect((await listIncomingTransfers({ actor: sender.actor })).find((t) => t.id === transferId)).toBeUndefined()
    expect((await appError(acknowledgeTransfer({ actor: sender.actor, transferId }))).code).toBe('not_found')

    await acknowledgeTransfer({ actor: receiver.actor, transferId })
    const [taken] = await getDb().select().from(candidates).where(eq(candidates.id, person.id))
    expect(taken!.caseworkerId).toBe(receiver.user.id)
    expect((await appError(acknowledgeTransfer({ actor: receiver.actor, transferId }))).code).toBe('conflict')
    expect((await listIncomingTransfers({ actor: receiver.actor })).find((t) => t.id === transferId)).toBeUndefined()
    const acknowledged = await getDb()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'candidate.transfer_acknowledged'), eq(auditEvents.subjectId, person.id)))
    expect(acknowledged).toHaveLength(1)
  })
})
