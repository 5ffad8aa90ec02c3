import { and, eq, isNull } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { candidates, consents, followUps } from '#db/schema/index.ts'
import { getCasefile } from '#app/modules/candidates/casefile.server.ts'
import { CURRENT_CONSENT_TEXT_VERSION, grantConsent, revokeConsent } from '#app/modules/candidates/consent.server.ts'
import { addFollowUp, completeFollowUp, listDueFollowUps } from '#app/modules/candidates/follow-ups.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import type { Actor } from '#app/policy.ts'
import { isAppError } from '#app/utils/errors.ts'
import { addMember, makeOrganisation } from '../factories/organisations'
import { actor, createCaseworker, createUser } from '../factories/users'

// The authorization table of the candidate page: every domain function behind its loader and actions,
// for every kind of person. The route (caseworker.candidates.$id / coordinator.candidates_.$id) calls
// exactly these, and turns not_found into 404 and a refusal into 403.

type Who = 'coordinator' | 'caseworkerOfWard' | 'caseworkerOfOtherWard' | 'partnerMember' | 'anonymous' | 'unverified'
type Answer = 'ok' | 'not_found' | 403
type Operation =
  'getCasefile' | 'grantConsent' | 'revokeConsent' | 'addNote' | 'addFollowUp' | 'completeFollowUp' | 'listDueFollowUps'

// prettier-ignore
const EXPECTED: Record<Operation, Record<Who, Answer>> = {
  //                   coordinator   caseworker of the ward   caseworker elsewhere              partner member       nobody          unverified caseworker of the ward
  getCasefile:      { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  grantConsent:     { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  revokeConsent:    { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  addNote:          { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  addFollowUp:      { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  completeFollowUp: { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'not_found', partnerMember: 403, anonymous: 403, unverified: 403 },
  // The home page's list: anyone on staff may ask, and sees only their own (the other ward's caseworker: none).
  listDueFollowUps: { coordinator: 'ok', caseworkerOfWard: 'ok', caseworkerOfOtherWard: 'ok',        partnerMember: 403, anonymous: 403, unverified: 403 },
}

const WARD = '00070'
const OTHER_WARD = '00082'
let candidateId: string
const actors = {} as Record<Who, Actor | null>

async function insertCandidate(wardCode: string, caseworkerId: string | null) {
  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: 'Nguyễn Văn Thử',
      foldedName: 'nguyen van thu',
      wardCode,
      caseworkerId,
      status: 'active',
    })
    .returning({ id: candidates.id })
  return row!.id
}

beforeAll(async () => {
  const coordinator = await createUser({ role: 'coordinator' })
  const own = await createCaseworker([WARD])
  const other = await createCaseworker([OTHER_WARD])
  const unverified = await createCaseworker([WARD], { verified: false })
  const member = await addMember(await makeOrganisation({ kind: 'employer' }))
  actors.coordinator = actor({ role: 'coordinator', userId: coordinator.id })
  actors.caseworkerOfWard = actor({ role: 'caseworker', userId: own.id, wardCodes: [WARD] })
  actors.caseworkerOfOtherWard = actor({ role: 'caseworker', userId: other.id, wardCodes: [OTHER_WARD] })
  actors.partnerMember = member.actor
  actors.anonymous = null
  actors.unverified = actor({ role: 'caseworker', userId: unverified.id, wardCodes: [WARD], emailVerified: false })
  candidateId = await insertCandidate(WARD, own.id)
})

/** Puts the candidate in the state the operation needs, so that only the actor decides the answer. */
async function prepare(operation: Operation): Promise<{ followUpId?: string }> {
  const db = getDb()
  if (operation === 'grantConsent') {
    await db
      .update(consents)
      .set({ revokedAt: new Date() })
      .where(and(eq(consents.candidateId, candidateId), isNull(consents.revokedAt)))
  }
  if (operation === 'revokeConsent') {
    const open = await db
      .select({ id: consents.id })
      .from(consents)
      .where(
        and(eq(consents.candidateId, candidateId), eq(consents.purpose, 'talent_pool'), isNull(consents.revokedAt)),
      )
    if (open.length === 0) {
      await db
        .insert(consents)
        .values({ candidateId, purpose: 'talent_pool', evidence: 'MẪU-01', textVersion: '2026-11' })
    }
  }
  if (operation === 'completeFollowUp') {
    const [row] = await db
      .insert(followUps)
      .values({ candidateId, title: 'Gọi điện hỏi thăm', dueDate: '2026-12-01' })
      .returning({ id: followUps.id })
    return { followUpId: row!.id }
  }
  return {}
}

async function run(operation: Operation, who: Who): Promise<Answer | string> {
  const a = actors[who] as Actor
  const { followUpId } = await prepare(operation)
  const calls: Record<Operation, () => Promise<unknown>> = {
    getCasefile: () => getCasefile({ actor: a, candidateId }),
    grantConsent: () =>
      grantConsent({
        actor: a,
        candidateId,
        purpose: 'talent_pool',
        evidence: 'Phiếu đồng ý số 12/2026',
        textVersion: CURRENT_CONSENT_TEXT_VERSION,
      }),
    revokeConsent: () => revokeConsent({ actor: a, candidateId, purpose: 'talent_pool' }),
    addNote: () => addNote({ actor: a, candidateId, body: 'Đã gặp tại nhà.' }),
    addFollowUp: () => addFollowUp({ actor: a, candidateId, title: 'Thăm hỏi 30 ngày', dueDate: '2026-12-15' }),
    completeFollowUp: () => completeFollowUp({ actor: a, followUpId: followUpId!, outcome: 'Ổn định' }),
    listDueFollowUps: () => listDueFollowUps({ actor: a, until: '2027-01-01' }),
  }
  try {
    await calls[operation]()
    return 'ok'
  } catch (error) {
    if (error instanceof Response) return error.status === 403 ? 403 : `HTTP ${error.status}`
    if (isAppError(error)) return error.code === 'forbidden' ? 403 : error.code
    throw error
  }
}

describe('who may do what on a candidate record', () => {
  const cases = Object.entries(EXPECTED).flatMap(([operation, row]) =>
    Object.entries(row).map(([who, expected]) => ({ operation: operation as Operation, who: who as Who, expected })),
  )
  test.each(cases)('$operation as $who → $expected', async ({ operation, who, expected }) => {
    expect(await run(operation, who)).toBe(expected)
  })

  test('the table covers every operation for every kind of person', () => {
    expect(cases).toHaveLength(7 * 6)
  })

  test('a malformed or unknown id is not_found for someone allowed, never an error', async () => {
    const a = actors.coordinator!
    for (const bad of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', "x' or 1=1 --"]) {
      for (const call of [
        () => getCasefile({ actor: a, candidateId: bad }),
        () => addNote({ actor: a, candidateId: bad, body: 'x' }),
        () =>
          grantConsent({ actor: a, candidateId: bad, purpose: 'talent_pool', evidence: 'x', textVersion: '2026-11' }),
        () => revokeConsent({ actor: a, candidateId: bad, purpose: 'talent_pool' }),
        () => addFollowUp({ actor: a, candidateId: bad, title: 'x', dueDate: '2026-12-01' }),
        () => completeFollowUp({ actor: a, followUpId: bad }),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'not_found' })
      }
    }
  })

  test('a caseworker elsewhere cannot complete a follow-up of this ward, and it stays open', async () => {
    const { followUpId } = await prepare('completeFollowUp')
    await expect(
      completeFollowUp({ actor: actors.caseworkerOfOtherWard!, followUpId: followUpId! }),
    ).rejects.toMatchObject({
      code: 'not_found',
    })
    const [row] = await getDb().select().from(followUps).where(eq(followUps.id, followUpId!))
    expect(row!.doneAt).toBeNull()
  })
})
