import { and, eq, isNull } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import { candidates, consents, type ConsentPurpose } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { withdrawForRevokedConsent } from '#app/modules/matching/matches.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { CONSENT_PURPOSES, GrantConsentSchema } from './casefile.schema'
import { candidateScopeCondition } from './scope.server'

export { CONSENT_PURPOSES, CURRENT_CONSENT_TEXT_VERSION } from './casefile.schema'

export type CurrentConsent = {
  id: string
  purpose: ConsentPurpose
  grantedAt: Date
  grantedById: string | null
  evidence: string
  textVersion: string
}

/**
 * The consents in force for a candidate, per purpose (null: not granted or revoked). No authorisation and no
 * scope here: for domain code that has already checked both (the case file, and matching — which must ask
 * this inside its own transaction so a revocation committed a moment ago is seen).
 */
export async function currentConsents(
  executor: Executor,
  candidateId: string,
): Promise<Record<ConsentPurpose, CurrentConsent | null>> {
  const rows = await executor
    .select({
      id: consents.id,
      purpose: consents.purpose,
      grantedAt: consents.grantedAt,
      grantedById: consents.grantedById,
      evidence: consents.evidence,
      textVersion: consents.textVersion,
    })
    .from(consents)
    .where(and(eq(consents.candidateId, candidateId), isNull(consents.revokedAt)))
  const result = Object.fromEntries(CONSENT_PURPOSES.map((p) => [p, null])) as Record<
    ConsentPurpose,
    CurrentConsent | null
  >
  for (const row of rows) result[row.purpose] = row
  return result
}

/**
 * The candidate row, in the actor's scope, locked until the transaction ends: consent changes for one person
 * happen one at a time, so "already granted" is decided on what is really there.
 */
async function lockCandidateInScope(tx: Executor, actor: Actor, candidateId: string) {
  if (!isUuid(candidateId)) throw new AppError('not_found')
  const [candidate] = await tx
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.id, candidateId), candidateScopeCondition(actor)))
    .for('no key update')
  if (!candidate) throw new AppError('not_found')
  return candidate
}

/**
 * Records a consent the candidate gave for one purpose, with its evidence (the signed form's reference) and
 * the version of the text they were read. A purpose already granted is a conflict: revoke first.
 */
export async function grantConsent(options: {
  actor: Actor
  candidateId: string
  purpose: ConsentPurpose
  evidence: string
  textVersion: string
}): Promise<{ id: string }> {
  const { actor } = options
  authorize(actor, 'candidate:write')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const parsed = GrantConsentSchema.safeParse({ ...options, intent: 'grantConsent' })
  if (!parsed.success) throw new AppError('invalid_input', { field: String(parsed.error.issues[0]?.path[0] ?? '') })
  const { purpose, evidence, textVersion } = parsed.data
  return getDb().transaction(async (tx) => {
    const candidate = await lockCandidateInScope(tx, actor, options.candidateId)
    const current = await currentConsents(tx, candidate.id)
    if (current[purpose]) throw new AppError('conflict', { values: { reason: 'already_granted' } })
    const [row] = await tx
      .insert(consents)
      .values({ candidateId: candidate.id, purpose, evidence, textVersion, grantedById: actor.userId })
      .returning({ id: consents.id })
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'consent.granted',
      subjectType: 'candidate',
      subjectId: candidate.id,
      details: { consentId: row!.id, purpose, textVersion },
    })
    return { id: row!.id }
  })
}

/**
 * Revokes the consent in force for one purpose, at once: the row is closed in this transaction and every
 * reader of `currentConsents` sees it gone from the moment it commits. Not granted → conflict.
 * The open matches that relied on it are withdrawn in the same transaction (talent pool → partners'
 * interests waiting for a decision; share_with_<kind> → open referrals to that kind of partner), each with
 * its match event, audit and email; and a partner stops seeing the profile at once.
 */
export async function revokeConsent(options: {
  actor: Actor
  candidateId: string
  purpose: ConsentPurpose
}): Promise<{ id: string; matchesWithdrawn: number }> {
  const { actor, purpose } = options
  authorize(actor, 'candidate:write')
  if (!(CONSENT_PURPOSES as readonly string[]).includes(purpose))
    throw new AppError('invalid_input', { field: 'purpose' })
  return getDb().transaction(async (tx) => {
    const candidate = await lockCandidateInScope(tx, actor, options.candidateId)
    const [closed] = await tx
      .update(consents)
      .set({ revokedAt: new Date(), revokedById: actor.userId })
      .where(and(eq(consents.candidateId, candidate.id), eq(consents.purpose, purpose), isNull(consents.revokedAt)))
      .returning({ id: consents.id })
    if (!closed) throw new AppError('conflict', { values: { reason: 'not_granted' } })
    const withdrawn = await withdrawForRevokedConsent(tx, { actor, candidateId: candidate.id, purpose })
    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'consent.revoked',
      subjectType: 'candidate',
      subjectId: candidate.id,
      details: { consentId: closed.id, purpose, matchesWithdrawn: withdrawn },
    })
    return { id: closed.id, matchesWithdrawn: withdrawn }
  })
}
