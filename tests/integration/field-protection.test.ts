import { existsSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidateSensitive, candidates, emailOutbox } from '#db/schema/index.ts'
import { getCasefile } from '#app/modules/candidates/casefile.server.ts'
import { grantConsent, revokeConsent } from '#app/modules/candidates/consent.server.ts'
import { addDays, addFollowUp, listDueFollowUps, todayInHanoi } from '#app/modules/candidates/follow-ups.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import type { Actor } from '#app/policy.ts'
import { addMember, makeOrganisation } from '../factories/organisations'
import { actor, createCaseworker, createUser } from '../factories/users'
import { appError } from '../support/errors'

// The canary test: recognisable sensitive values go in, and we look for them everywhere they must not be.

const CANARY = {
  drugUseHistory: 'CANARY-drug-7f3a',
  criminalRecord: 'CANARY-record-91bd',
  facility: 'CANARY-facility-c0de',
  healthNotes: 'CANARY-health-5e11',
  nationalId: '079203000123',
}
const NOTE = 'CANARY-note-2b8e: tái nghiện tháng 10'
const ALL = [...Object.values(CANARY), NOTE, 'CANARY-']

let candidateId: string
let ownCaseworker: Actor
let otherCaseworker: Actor
let coordinator: Actor
let partner: Actor
const logged: string[] = []
const spies: { mockRestore: () => void }[] = []

function leaks(value: unknown): string[] {
  const text = JSON.stringify(value) ?? ''
  return ALL.filter((c) => text.includes(c))
}

beforeAll(async () => {
  // Anything written to the console while this file runs is searched too ("never in logs").
  for (const method of ['log', 'info', 'warn', 'debug'] as const) {
    spies.push(
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : JSON.stringify(a))).join(' '))
      }),
    )
  }
  const own = await createCaseworker(['00070'])
  const other = await createCaseworker(['00082'])
  const co = await createUser({ role: 'coordinator' })
  ownCaseworker = actor({ role: 'caseworker', userId: own.id, wardCodes: ['00070'] })
  otherCaseworker = actor({ role: 'caseworker', userId: other.id, wardCodes: ['00082'] })
  coordinator = actor({ role: 'coordinator', userId: co.id })
  partner = (await addMember(await makeOrganisation({ kind: 'lender' }))).actor

  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: 'Phạm Văn Canary',
      foldedName: 'pham van canary',
      wardCode: '00070',
      caseworkerId: own.id,
      status: 'active',
    })
    .returning({ id: candidates.id })
  candidateId = row!.id
  await getDb()
    .insert(candidateSensitive)
    .values({ candidateId, ...CANARY, nationalIdHash: 'hash' })

  // Every action of the case file, so that each has had its chance to leak.
  await addNote({ actor: ownCaseworker, candidateId, body: NOTE })
  await grantConsent({
    actor: ownCaseworker,
    candidateId,
    purpose: 'talent_pool',
    evidence: 'Phiếu 1',
    textVersion: '2026-11',
  })
  await revokeConsent({ actor: coordinator, candidateId, purpose: 'talent_pool' })
  await addFollowUp({ actor: ownCaseworker, candidateId, title: 'Thăm hỏi', dueDate: todayInHanoi() })
  await getCasefile({ actor: ownCaseworker, candidateId })
  await getCasefile({ actor: coordinator, candidateId })
})

afterAll(() => {
  for (const spy of spies) spy.mockRestore()
})

describe('sensitive fields', () => {
  test('are in the case file for the caseworker of the ward and for a coordinator', async () => {
    for (const a of [ownCaseworker, coordinator]) {
      const file = await getCasefile({ actor: a, candidateId })
      expect(file.sensitive).toMatchObject(CANARY)
      expect(file.notes.map((n) => n.body)).toContain(NOTE)
    }
  })

  test('are never given to a caseworker of another ward, nor to a partner', async () => {
    const error = await appError(getCasefile({ actor: otherCaseworker, candidateId }))
    expect(error.code).toBe('not_found')
    expect(leaks(error)).toEqual([])
    await expect(getCasefile({ actor: partner, candidateId })).rejects.toMatchObject({ status: 403 })
  })

  test('are never in any audit event (every column)', async () => {
    const rows = await getDb().select().from(auditEvents)
    expect(rows.length).toBeGreaterThan(0)
    expect(leaks(rows)).toEqual([])
  })

  test('are never in the email outbox', async () => {
    expect(leaks(await getDb().select().from(emailOutbox))).toEqual([])
  })

  test('are never in the home page list of follow-ups', async () => {
    const due = await listDueFollowUps({ actor: ownCaseworker, until: addDays(todayInHanoi(), 6) })
    expect(due).toHaveLength(1)
    expect(leaks(due)).toEqual([])
  })

  test('are never in the caseload list (when that module exists)', async () => {
    const file = new URL('../../app/modules/candidates/candidates.server.ts', import.meta.url)
    if (!existsSync(file)) return
    const mod = (await import(/* @vite-ignore */ file.href)) as Record<string, unknown>
    const listCaseload = mod.listCaseload as ((options: { actor: Actor }) => Promise<unknown>) | undefined
    if (typeof listCaseload !== 'function') return
    for (const a of [ownCaseworker, coordinator]) {
      const caseload = await listCaseload({ actor: a })
      // The candidate is on the list (so the check means something), without any sensitive value.
      expect(JSON.stringify(caseload)).toContain(candidateId)
      expect(leaks(caseload)).toEqual([])
    }
  })

  test('were never written to the console', () => {
    expect(leaks(logged)).toEqual([])
  })
})
