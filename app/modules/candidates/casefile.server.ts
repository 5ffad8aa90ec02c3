import { aliasedTable, and, asc, desc, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  matches,
  opportunities,
  candidateSensitive,
  candidateTransfers,
  candidates,
  caseNotes,
  consents,
  followUps,
  users,
  wards,
  type ConsentPurpose,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { can, type Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { CONSENT_PURPOSES } from './casefile.schema'
import { isOverdue, todayInHanoi } from './follow-ups.server'
import { candidateScopeCondition } from './scope.server'

export type ConsentRecord = {
  id: string
  purpose: ConsentPurpose
  grantedAt: Date
  grantedByName: string | null
  evidence: string
  textVersion: string
  revokedAt: Date | null
  revokedByName: string | null
}

/**
 * One candidate's whole record for the people who follow them: identity, contact, profile, the SENSITIVE
 * fields, consent per purpose with its evidence and history, notes, follow-ups and transfers.
 *
 * Only for the candidate's caseworkers (their wards) and coordinators: the scoped query answers not_found for
 * a candidate outside the actor's wards, exactly as for an unknown id, so the answer says nothing about
 * whether the person exists. Every read writes a 'candidate.viewed' audit event in the same transaction.
 */
export async function getCasefile(options: { actor: Actor; candidateId: string }) {
  const { actor } = options
  authorize(actor, 'candidate:read')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const caseworker = aliasedTable(users, 'caseworker')
  return getDb().transaction(async (tx) => {
    const [found] = await tx
      .select({
        candidate: {
          id: candidates.id,
          publicCode: candidates.publicCode,
          fullName: candidates.fullName,
          dateOfBirth: candidates.dateOfBirth,
          gender: candidates.gender,
          phone: candidates.phone,
          wardCode: candidates.wardCode,
          status: candidates.status,
          intakeStep: candidates.intakeStep,
          background: candidates.background,
          programmeEndDate: candidates.programmeEndDate,
          education: candidates.education,
          skills: candidates.skills,
          needs: candidates.needs,
          availability: candidates.availability,
          preferences: candidates.preferences,
          createdAt: candidates.createdAt,
          updatedAt: candidates.updatedAt,
          closedAt: candidates.closedAt,
          mergedIntoId: candidates.mergedIntoId,
          caseworkerId: candidates.caseworkerId,
        },
        wardName: wards.name,
        caseworkerName: caseworker.name,
      })
      .from(candidates)
      .innerJoin(wards, eq(wards.code, candidates.wardCode))
      .leftJoin(caseworker, eq(caseworker.id, candidates.caseworkerId))
      .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(actor)))
    if (!found) throw new AppError('not_found')
    const id = found.candidate.id

    const grantedBy = aliasedTable(users, 'granted_by')
    const revokedBy = aliasedTable(users, 'revoked_by')
    const fromWard = aliasedTable(wards, 'from_ward')
    const toWard = aliasedTable(wards, 'to_ward')
    // One after another: a transaction is one connection, and PGlite is one connection in all.
    const [sensitive] = can(actor, 'candidate:read')
      ? await tx
          .select({
            drugUseHistory: candidateSensitive.drugUseHistory,
            criminalRecord: candidateSensitive.criminalRecord,
            facility: candidateSensitive.facility,
            healthNotes: candidateSensitive.healthNotes,
            nationalId: candidateSensitive.nationalId,
            erasedAt: candidateSensitive.erasedAt,
          })
          .from(candidateSensitive)
          .where(eq(candidateSensitive.candidateId, id))
      : []
    const consentRows: ConsentRecord[] = await tx
      .select({
        id: consents.id,
        purpose: consents.purpose,
        grantedAt: consents.grantedAt,
        grantedByName: grantedBy.name,
        evidence: consents.evidence,
        textVersion: consents.textVersion,
        revokedAt: consents.revokedAt,
        revokedByName: revokedBy.name,
      })
      .from(consents)
      .leftJoin(grantedBy, eq(grantedBy.id, consents.grantedById))
      .leftJoin(revokedBy, eq(revokedBy.id, consents.revokedById))
      .where(eq(consents.candidateId, id))
      .orderBy(desc(consents.grantedAt), desc(consents.id))
    const notes = await tx
      .select({
        id: caseNotes.id,
        body: caseNotes.body,
        sensitive: caseNotes.sensitive,
        createdAt: caseNotes.createdAt,
        authorId: caseNotes.authorId,
        authorName: users.name,
      })
      .from(caseNotes)
      .leftJoin(users, eq(users.id, caseNotes.authorId))
      .where(eq(caseNotes.candidateId, id))
      .orderBy(desc(caseNotes.createdAt), desc(caseNotes.id))
    const doneBy = aliasedTable(users, 'done_by')
    const followUpRows = await tx
      .select({
        id: followUps.id,
        kind: followUps.kind,
        title: followUps.title,
        dueDate: followUps.dueDate,
        doneAt: followUps.doneAt,
        doneByName: doneBy.name,
        outcome: followUps.outcome,
        assignedToName: users.name,
        createdAt: followUps.createdAt,
        matchId: followUps.matchId,
        dayMark: followUps.dayMark,
        onTrack: followUps.onTrack,
        problems: followUps.problems,
        supportNeeded: followUps.supportNeeded,
        listingTitle: opportunities.title,
      })
      .from(followUps)
      .leftJoin(matches, eq(matches.id, followUps.matchId))
      .leftJoin(opportunities, eq(opportunities.id, matches.opportunityId))
      .leftJoin(users, eq(users.id, followUps.assignedToId))
      .leftJoin(doneBy, eq(doneBy.id, followUps.doneById))
      .where(eq(followUps.candidateId, id))
      .orderBy(asc(followUps.dueDate), asc(followUps.createdAt))
    const transfers = await tx
      .select({
        id: candidateTransfers.id,
        fromWardName: fromWard.name,
        toWardName: toWard.name,
        byName: users.name,
        reason: candidateTransfers.reason,
        createdAt: candidateTransfers.createdAt,
        acknowledgedAt: candidateTransfers.acknowledgedAt,
      })
      .from(candidateTransfers)
      .innerJoin(fromWard, eq(fromWard.code, candidateTransfers.fromWardCode))
      .innerJoin(toWard, eq(toWard.code, candidateTransfers.toWardCode))
      .leftJoin(users, eq(users.id, candidateTransfers.byId))
      .where(eq(candidateTransfers.candidateId, id))
      .orderBy(desc(candidateTransfers.createdAt))

    await writeAudit(tx, {
      actor: { userId: actor.userId, role: actor.role },
      action: 'candidate.viewed',
      subjectType: 'candidate',
      subjectId: id,
    })

    const today = todayInHanoi()
    const openFollowUps = followUpRows.filter((f) => f.doneAt === null)
    const doneFollowUps = followUpRows
      .filter((f) => f.doneAt !== null)
      .sort((a, b) => b.doneAt!.getTime() - a.doneAt!.getTime())
    return {
      candidate: found.candidate,
      wardName: found.wardName,
      caseworkerName: found.caseworkerName,
      sensitive: sensitive ?? null,
      consent: CONSENT_PURPOSES.map((purpose) => ({
        purpose,
        current: consentRows.find((c) => c.purpose === purpose && c.revokedAt === null) ?? null,
      })),
      consentHistory: consentRows,
      notes,
      // Open ones first (soonest due first), then the done ones (latest first).
      followUps: [...openFollowUps, ...doneFollowUps].map((f) => ({ ...f, overdue: isOverdue(f, today) })),
      transfers,
    }
  })
}

export type Casefile = Awaited<ReturnType<typeof getCasefile>>
