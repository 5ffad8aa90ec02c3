import { and, asc, eq, inArray, isNull } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { candidates, candidateTransfers, caseworkerWards, users, wards } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { can, type Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { candidateScopeCondition } from './scope.server'

/** The hand-over time the law gives the receiving ward. */
export const HANDOVER_HOURS = 24

/**
 * Moves a case to the ward the person now lives in. The case leaves the sender's caseload at once (it is
 * no longer in their wards), has no assigned caseworker until someone in the new ward takes it over, and
 * every active caseworker of the new ward is emailed — with the pseudonymous code only — to do so within
 * 24 hours. Audited; the transfer stays in the record's history.
 */
export async function transferCandidate(options: {
  actor: Actor
  candidateId: string
  toWardCode: string
  reason?: string | null
  now?: Date
}): Promise<{ transferId: string; notified: number }> {
  authorize(options.actor, 'candidate:write')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  const reason = options.reason?.trim().slice(0, 500) || null
  return getDb().transaction(async (tx) => {
    const [candidate] = await tx
      .select({
        id: candidates.id,
        publicCode: candidates.publicCode,
        wardCode: candidates.wardCode,
        status: candidates.status,
      })
      .from(candidates)
      .where(
        and(
          eq(candidates.id, options.candidateId),
          isNull(candidates.mergedIntoId),
          candidateScopeCondition(options.actor),
        ),
      )
      .for('update')
    if (!candidate) throw new AppError('not_found')
    if (candidate.status === 'closed') throw new AppError('conflict')
    if (candidate.wardCode === options.toWardCode) throw new AppError('invalid_input', { field: 'toWardCode' })
    const wardRows = await tx
      .select({ code: wards.code, name: wards.name })
      .from(wards)
      .where(inArray(wards.code, [candidate.wardCode, options.toWardCode]))
    const wardName = new Map(wardRows.map((w) => [w.code, w.name]))
    if (!wardName.has(options.toWardCode)) throw new AppError('invalid_input', { field: 'toWardCode' })

    await tx
      .update(candidates)
      .set({ wardCode: options.toWardCode, caseworkerId: null, updatedAt: now })
      .where(eq(candidates.id, candidate.id))
    const [transfer] = await tx
      .insert(candidateTransfers)
      .values({
        candidateId: candidate.id,
        fromWardCode: candidate.wardCode,
        toWardCode: options.toWardCode,
        byId: options.actor.userId,
        reason,
        createdAt: now,
      })
      .returning({ id: candidateTransfers.id })
    const receivers = await tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
      .from(caseworkerWards)
      .innerJoin(users, eq(users.id, caseworkerWards.userId))
      .where(and(eq(caseworkerWards.wardCode, options.toWardCode), eq(users.status, 'active')))
      .orderBy(asc(users.name))
    for (const receiver of receivers) {
      await enqueueEmail(tx, {
        to: receiver.email,
        toUserId: receiver.id,
        locale: (receiver.locale as Locale | null) ?? 'vi',
        message: {
          template: 'case-transferred',
          props: {
            name: receiver.name,
            publicCode: candidate.publicCode,
            fromWardName: wardName.get(candidate.wardCode) ?? candidate.wardCode,
            toWardName: wardName.get(options.toWardCode)!,
            url: new URL('/caseworker', getEnv().appUrl).toString(),
          },
        },
        metadata: { transferId: transfer!.id },
      })
    }
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'candidate.transferred',
      subjectType: 'candidate',
      subjectId: candidate.id,
      details: { fromWard: candidate.wardCode, toWard: options.toWardCode, notified: receivers.length },
    })
    return { transferId: transfer!.id, notified: receivers.length }
  })
}

/** Transfers into the actor's wards that nobody has taken over yet, oldest (most urgent) first. */
export async function listIncomingTransfers(options: { actor: Actor; now?: Date }) {
  authorize(options.actor, 'candidate:read')
  const now = options.now ?? new Date()
  const wardFilter = can(options.actor, 'candidate:read:any')
    ? undefined
    : options.actor.wardCodes.length
      ? inArray(candidateTransfers.toWardCode, [...options.actor.wardCodes])
      : undefined
  if (!wardFilter && !can(options.actor, 'candidate:read:any')) return []
  const rows = await getDb()
    .select({
      id: candidateTransfers.id,
      candidateId: candidateTransfers.candidateId,
      publicCode: candidates.publicCode,
      fullName: candidates.fullName,
      fromWardName: wards.name,
      createdAt: candidateTransfers.createdAt,
    })
    .from(candidateTransfers)
    .innerJoin(candidates, eq(candidates.id, candidateTransfers.candidateId))
    .innerJoin(wards, eq(wards.code, candidateTransfers.fromWardCode))
    .where(
      and(
        isNull(candidateTransfers.acknowledgedAt),
        eq(candidates.wardCode, candidateTransfers.toWardCode),
        wardFilter,
      ),
    )
    .orderBy(asc(candidateTransfers.createdAt))
    .limit(100)
  return rows.map((r) => {
    const dueAt = new Date(r.createdAt.getTime() + HANDOVER_HOURS * 3600_000)
    return { ...r, dueAt, overdue: dueAt <= now }
  })
}

/**
 * A caseworker of the receiving ward takes the case over: the hand-over is acknowledged and they become
 * its assigned caseworker.
 */
export async function acknowledgeTransfer(options: { actor: Actor; transferId: string; now?: Date }) {
  authorize(options.actor, 'candidate:write')
  if (!isUuid(options.transferId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  await getDb().transaction(async (tx) => {
    const [transfer] = await tx
      .select({
        id: candidateTransfers.id,
        candidateId: candidateTransfers.candidateId,
        acknowledgedAt: candidateTransfers.acknowledgedAt,
      })
      .from(candidateTransfers)
      .innerJoin(candidates, eq(candidates.id, candidateTransfers.candidateId))
      .where(
        and(
          eq(candidateTransfers.id, options.transferId),
          // Only where the case now is: the receiving ward.
          eq(candidates.wardCode, candidateTransfers.toWardCode),
          candidateScopeCondition(options.actor),
        ),
      )
      .for('update')
    if (!transfer) throw new AppError('not_found')
    if (transfer.acknowledgedAt) throw new AppError('conflict')
    await tx
      .update(candidateTransfers)
      .set({ acknowledgedAt: now, acknowledgedById: options.actor.userId })
      .where(eq(candidateTransfers.id, transfer.id))
    if (!can(options.actor, 'candidate:read:any')) {
      await tx
        .update(candidates)
        .set({ caseworkerId: options.actor.userId, updatedAt: now })
        .where(eq(candidates.id, transfer.candidateId))
    }
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'candidate.transfer_acknowledged',
      subjectType: 'candidate',
      subjectId: transfer.candidateId,
    })
  })
}
