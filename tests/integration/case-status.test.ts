import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, candidates, candidateSensitive } from '#db/schema/index.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import { eraseExpiredSensitiveData } from '#app/modules/candidates/retention.server.ts'
import { setCaseStatus } from '#app/modules/candidates/status.server.ts'
import { actor } from '../factories/users'
import { appError } from '../support/errors'

const caseworker = actor({ role: 'caseworker', wardCodes: ['00070'] })
const otherWard = actor({ role: 'caseworker', wardCodes: ['09556'] })

async function person(status: 'draft' | 'active' | 'on_hold' | 'closed' = 'active') {
  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: generatePublicCode(),
      fullName: 'Kim Văn Sơn',
      foldedName: 'kim van son',
      wardCode: '00070',
      status,
    })
    .returning()
  await getDb().insert(candidateSensitive).values({ candidateId: row!.id, healthNotes: 'SECRET-health' })
  return row!
}

describe('case status', () => {
  test('hold, resume, close and reopen, each audited; closing starts the retention clock', async () => {
    const p = await person()
    const closedAt = new Date('2026-01-10T03:00:00Z')
    await setCaseStatus({ actor: caseworker, candidateId: p.id, status: 'on_hold' })
    await setCaseStatus({ actor: caseworker, candidateId: p.id, status: 'active' })
    await setCaseStatus({ actor: caseworker, candidateId: p.id, status: 'closed', now: closedAt })
    let [row] = await getDb().select().from(candidates).where(eq(candidates.id, p.id))
    expect(row).toMatchObject({ status: 'closed', closedAt })
    const moves = await getDb()
      .select({ details: auditEvents.details })
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'candidate.status_changed'), eq(auditEvents.subjectId, p.id)))
      .orderBy(auditEvents.id)
    expect(moves.map((m) => m.details)).toEqual([
      { from: 'active', to: 'on_hold', matchesWithdrawn: 0 },
      { from: 'on_hold', to: 'active', matchesWithdrawn: 0 },
      { from: 'active', to: 'closed', matchesWithdrawn: 0 },
    ])
    // Five years on, the sensitive data of the closed case is erased.
    expect((await eraseExpiredSensitiveData({ retentionYears: 5, now: new Date('2031-01-11T00:00:00Z') })).erased).toBe(
      1,
    )
    expect(
      (await getDb().select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, p.id)))[0]!.healthNotes,
    ).toBeNull()
    // Reopening clears the closing date.
    await setCaseStatus({ actor: caseworker, candidateId: p.id, status: 'active' })
    ;[row] = await getDb().select().from(candidates).where(eq(candidates.id, p.id))
    expect(row).toMatchObject({ status: 'active', closedAt: null })
  })

  test('refuses moves outside the table, other wards and partners, and changes nothing', async () => {
    const draft = await person('draft')
    expect((await appError(setCaseStatus({ actor: caseworker, candidateId: draft.id, status: 'closed' }))).code).toBe(
      'conflict',
    )
    const closed = await person('closed')
    expect((await appError(setCaseStatus({ actor: caseworker, candidateId: closed.id, status: 'on_hold' }))).code).toBe(
      'conflict',
    )
    const active = await person('active')
    expect((await appError(setCaseStatus({ actor: otherWard, candidateId: active.id, status: 'closed' }))).code).toBe(
      'not_found',
    )
    expect((await appError(setCaseStatus({ actor: caseworker, candidateId: 'x', status: 'closed' }))).code).toBe(
      'not_found',
    )
    await expect(
      setCaseStatus({ actor: actor({ role: 'partner' }), candidateId: active.id, status: 'closed' }),
    ).rejects.toMatchObject({ code: 'forbidden', status: 403 })
    const rows = await getDb().select({ id: candidates.id, status: candidates.status }).from(candidates)
    expect(rows.find((r) => r.id === draft.id)!.status).toBe('draft')
    expect(rows.find((r) => r.id === closed.id)!.status).toBe('closed')
    expect(rows.find((r) => r.id === active.id)!.status).toBe('active')
  })
})
