import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { getDb, type Transaction } from '#db/client.server.ts'
import {
  matches,
  candidateMerges,
  candidates,
  candidateSensitive,
  candidateTransfers,
  caseNotes,
  consents,
  followUps,
  users,
  wards,
  type Candidate,
  type CandidateStatus,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { IN_PLAY, OPEN_STATUSES } from '#app/modules/matching/lifecycle.ts'
import { withdrawAll } from '#app/modules/matching/matches.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'

// Merging two records of one person. The snapshot kept in candidate_merges holds ids and field NAMES
// only, never values: a filled field was empty on the survivor by definition, and the value it got is
// still on the merged record, so an undo needs nothing more — and no personal data is copied out of
// the tables the retention job erases.

/** Profile fields a merge may fill on the survivor, with what "empty" is for each. */
const FILLABLE = {
  dateOfBirth: null,
  phone: null,
  gender: 'unspecified',
  background: null,
  programmeEndDate: null,
  education: null,
  skills: [],
  needs: [],
  availability: null,
  preferences: null,
} as const satisfies Partial<Record<keyof Candidate, unknown>>
type Fillable = keyof typeof FILLABLE

const SENSITIVE_FILLABLE = ['drugUseHistory', 'criminalRecord', 'facility', 'healthNotes', 'nationalId'] as const
type SensitiveField = (typeof SENSITIVE_FILLABLE)[number]

type Snapshot = {
  version: 1
  moved: { consents: string[]; caseNotes: string[]; followUps: string[]; transfers: string[]; matches?: string[] }
  /** Consents left on the merged record because the survivor already had an open one for the purpose. */
  keptConsents: string[]
  filled: Fillable[]
  filledSensitive: SensitiveField[]
  sensitiveRowCreated: boolean
  merged: { status: CandidateStatus; closedAt: string | null }
}

function isEmpty(field: Fillable, value: unknown) {
  const empty = FILLABLE[field]
  if (Array.isArray(empty)) return !Array.isArray(value) || value.length === 0
  return value === empty || value === null || value === undefined
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

function auditActor(actor: Actor) {
  return { userId: actor.userId, role: actor.role }
}

/** Both records, locked in id order (two merges at once cannot deadlock). */
async function lockPair(tx: Transaction, a: string, b: string) {
  const rows = await tx
    .select()
    .from(candidates)
    .where(inArray(candidates.id, [a, b]))
    .orderBy(candidates.id)
    .for('no key update')
  return { a: rows.find((r) => r.id === a), b: rows.find((r) => r.id === b) }
}

/**
 * A coordinator merges `mergedId` into `survivorId`: consents, case notes, follow-ups and transfers move
 * to the survivor (an open consent for a purpose the survivor already has stays behind), the survivor's
 * empty fields are filled from the merged record, and the merged record is closed and points at the
 * survivor. Refused when either record is already merged. Audited; undo with `undoMerge`.
 */
export async function mergeCandidates(options: {
  actor: Actor
  survivorId: string
  mergedId: string
}): Promise<{ mergeId: string }> {
  authorize(options.actor, 'candidate:merge')
  const { survivorId, mergedId } = options
  if (!isUuid(survivorId) || !isUuid(mergedId)) throw new AppError('not_found')
  if (survivorId === mergedId) throw new AppError('invalid_input')
  return getDb().transaction(async (tx) => {
    const { a: survivor, b: merged } = await lockPair(tx, survivorId, mergedId)
    if (!survivor || !merged) throw new AppError('not_found')
    if (survivor.mergedIntoId || merged.mergedIntoId) throw new AppError('conflict')

    // Children. Consents: one open grant per purpose, so a duplicate open grant stays on the merged record.
    const survivorOpen = await tx
      .select({ purpose: consents.purpose })
      .from(consents)
      .where(and(eq(consents.candidateId, survivor.id), isNull(consents.revokedAt)))
    const openPurposes = new Set(survivorOpen.map((c) => c.purpose))
    const mergedConsents = await tx
      .select({ id: consents.id, purpose: consents.purpose, revokedAt: consents.revokedAt })
      .from(consents)
      .where(eq(consents.candidateId, merged.id))
    const keptConsents = mergedConsents.filter((c) => c.revokedAt === null && openPurposes.has(c.purpose))
    const consentIds = mergedConsents.filter((c) => !keptConsents.includes(c)).map((c) => c.id)
    if (consentIds.length > 0) {
      await tx.update(consents).set({ candidateId: survivor.id }).where(inArray(consents.id, consentIds))
    }
    const movedNotes = await tx
      .update(caseNotes)
      .set({ candidateId: survivor.id })
      .where(eq(caseNotes.candidateId, merged.id))
      .returning({ id: caseNotes.id })
    const movedFollowUps = await tx
      .update(followUps)
      .set({ candidateId: survivor.id })
      .where(eq(followUps.candidateId, merged.id))
      .returning({ id: followUps.id })
    const movedTransfers = await tx
      .update(candidateTransfers)
      .set({ candidateId: survivor.id })
      .where(eq(candidateTransfers.candidateId, merged.id))
      .returning({ id: candidateTransfers.id })
    // Matches follow the person, except where the survivor already has one in play for the same listing:
    // the merged record's is then withdrawn (when still open) and stays behind.
    const survivorInPlay = new Set(
      (
        await tx
          .select({ opportunityId: matches.opportunityId })
          .from(matches)
          .where(and(eq(matches.candidateId, survivor.id), inArray(matches.status, [...IN_PLAY])))
      ).map((m) => m.opportunityId),
    )
    const mergedMatches = await tx
      .select({ id: matches.id, opportunityId: matches.opportunityId, status: matches.status })
      .from(matches)
      .where(eq(matches.candidateId, merged.id))
    const clashing = mergedMatches.filter((m) => IN_PLAY.includes(m.status) && survivorInPlay.has(m.opportunityId))
    await withdrawAll(
      tx,
      clashing.filter((m) => OPEN_STATUSES.includes(m.status)),
      options.actor,
      'records_merged',
      'partner',
    )
    const movedMatchIds = mergedMatches.filter((m) => !clashing.includes(m)).map((m) => m.id)
    if (movedMatchIds.length > 0) {
      await tx.update(matches).set({ candidateId: survivor.id }).where(inArray(matches.id, movedMatchIds))
    }

    // Fill the survivor's empty profile fields.
    const filled = (Object.keys(FILLABLE) as Fillable[]).filter(
      (f) => isEmpty(f, survivor[f]) && !isEmpty(f, merged[f]),
    )
    const now = new Date()
    const patch: Partial<Record<Fillable, unknown>> = {}
    for (const f of filled) patch[f] = merged[f]
    await tx
      .update(candidates)
      .set({ ...(patch as Partial<Candidate>), updatedAt: now })
      .where(eq(candidates.id, survivor.id))

    // Fill the survivor's empty sensitive fields.
    const [survivorSensitive] = await tx
      .select()
      .from(candidateSensitive)
      .where(eq(candidateSensitive.candidateId, survivor.id))
    const [mergedSensitive] = await tx
      .select()
      .from(candidateSensitive)
      .where(eq(candidateSensitive.candidateId, merged.id))
    const filledSensitive = mergedSensitive
      ? SENSITIVE_FILLABLE.filter((f) => !survivorSensitive?.[f] && mergedSensitive[f])
      : []
    let sensitiveRowCreated = false
    if (mergedSensitive && filledSensitive.length > 0) {
      const sensitivePatch: Record<string, unknown> = { updatedAt: now }
      for (const f of filledSensitive) sensitivePatch[f] = mergedSensitive[f]
      if (filledSensitive.includes('nationalId')) sensitivePatch.nationalIdHash = mergedSensitive.nationalIdHash
      if (survivorSensitive) {
        await tx.update(candidateSensitive).set(sensitivePatch).where(eq(candidateSensitive.candidateId, survivor.id))
      } else {
        await tx.insert(candidateSensitive).values({ candidateId: survivor.id, ...sensitivePatch })
        sensitiveRowCreated = true
      }
    }

    const [closedAtText] = await tx
      .select({ closedAt: sql<string | null>`${candidates.closedAt}::text` })
      .from(candidates)
      .where(eq(candidates.id, merged.id))
    await tx
      .update(candidates)
      .set({ mergedIntoId: survivor.id, status: 'closed', closedAt: now, updatedAt: now })
      .where(eq(candidates.id, merged.id))

    const snapshot: Snapshot = {
      version: 1,
      moved: {
        consents: consentIds,
        caseNotes: movedNotes.map((r) => r.id),
        followUps: movedFollowUps.map((r) => r.id),
        transfers: movedTransfers.map((r) => r.id),
        matches: movedMatchIds,
      },
      keptConsents: keptConsents.map((c) => c.id),
      filled,
      filledSensitive,
      sensitiveRowCreated,
      merged: { status: merged.status, closedAt: closedAtText?.closedAt ?? null },
    }
    const [row] = await tx
      .insert(candidateMerges)
      .values({ survivorId: survivor.id, mergedId: merged.id, byId: options.actor.userId, snapshot })
      .returning({ id: candidateMerges.id })
    await writeAudit(tx, {
      actor: auditActor(options.actor),
      action: 'candidate.merged',
      subjectType: 'candidate',
      subjectId: survivor.id,
      details: {
        mergeId: row!.id,
        survivorCode: survivor.publicCode,
        mergedId: merged.id,
        mergedCode: merged.publicCode,
        moved: [
          `consents:${consentIds.length}`,
          `caseNotes:${movedNotes.length}`,
          `followUps:${movedFollowUps.length}`,
          `transfers:${movedTransfers.length}`,
          `matches:${movedMatchIds.length}`,
        ],
        filled: [...filled, ...filledSensitive],
      },
    })
    return { mergeId: row!.id }
  })
}

/**
 * Undoes a merge: children go back, filled fields are emptied again (unless someone has changed them
 * since), the merged record reopens as it was. Refused when already undone or when the survivor has
 * itself been merged since (undo that merge first).
 */
export async function undoMerge(options: {
  actor: Actor
  mergeId: string
}): Promise<{ survivorId: string; mergedId: string }> {
  authorize(options.actor, 'candidate:merge')
  if (!isUuid(options.mergeId)) throw new AppError('not_found')
  return getDb().transaction(async (tx) => {
    const [merge] = await tx.select().from(candidateMerges).where(eq(candidateMerges.id, options.mergeId)).for('update')
    if (!merge) throw new AppError('not_found')
    if (merge.undoneAt) throw new AppError('conflict')
    const snapshot = merge.snapshot as Snapshot
    const { a: survivor, b: merged } = await lockPair(tx, merge.survivorId, merge.mergedId)
    if (!survivor || !merged) throw new AppError('not_found')
    if (survivor.mergedIntoId || merged.mergedIntoId !== survivor.id) throw new AppError('conflict')

    const back = async (ids: string[], move: (ids: string[]) => Promise<unknown>) => {
      if (ids.length > 0) await move(ids)
    }
    await back(snapshot.moved.consents, (ids) =>
      tx
        .update(consents)
        .set({ candidateId: merged.id })
        .where(and(inArray(consents.id, ids), eq(consents.candidateId, survivor.id))),
    )
    await back(snapshot.moved.caseNotes, (ids) =>
      tx
        .update(caseNotes)
        .set({ candidateId: merged.id })
        .where(and(inArray(caseNotes.id, ids), eq(caseNotes.candidateId, survivor.id))),
    )
    await back(snapshot.moved.followUps, (ids) =>
      tx
        .update(followUps)
        .set({ candidateId: merged.id })
        .where(and(inArray(followUps.id, ids), eq(followUps.candidateId, survivor.id))),
    )
    await back(snapshot.moved.transfers, (ids) =>
      tx
        .update(candidateTransfers)
        .set({ candidateId: merged.id })
        .where(and(inArray(candidateTransfers.id, ids), eq(candidateTransfers.candidateId, survivor.id))),
    )
    await back(snapshot.moved.matches ?? [], (ids) =>
      tx
        .update(matches)
        .set({ candidateId: merged.id })
        .where(and(inArray(matches.id, ids), eq(matches.candidateId, survivor.id))),
    )

    const now = new Date()
    const patch: Record<string, unknown> = {}
    for (const f of snapshot.filled) {
      if (same(survivor[f], merged[f])) patch[f] = FILLABLE[f]
    }
    if (Object.keys(patch).length > 0) {
      await tx
        .update(candidates)
        .set({ ...(patch as Partial<Candidate>), updatedAt: now })
        .where(eq(candidates.id, survivor.id))
    }
    if (snapshot.filledSensitive.length > 0) {
      const [s] = await tx.select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, survivor.id))
      const [m] = await tx.select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, merged.id))
      if (s) {
        const sensitivePatch: Record<string, unknown> = {}
        for (const f of snapshot.filledSensitive) {
          if (s[f] === (m?.[f] ?? null)) {
            sensitivePatch[f] = null
            if (f === 'nationalId') sensitivePatch.nationalIdHash = null
          }
        }
        const after = { ...s, ...sensitivePatch }
        const nowEmpty = SENSITIVE_FILLABLE.every((f) => after[f] === null)
        if (snapshot.sensitiveRowCreated && nowEmpty) {
          await tx.delete(candidateSensitive).where(eq(candidateSensitive.candidateId, survivor.id))
        } else if (Object.keys(sensitivePatch).length > 0) {
          await tx
            .update(candidateSensitive)
            .set({ ...sensitivePatch, updatedAt: now })
            .where(eq(candidateSensitive.candidateId, survivor.id))
        }
      }
    }

    await tx
      .update(candidates)
      .set({
        mergedIntoId: null,
        status: snapshot.merged.status,
        closedAt: snapshot.merged.closedAt ? sql`${snapshot.merged.closedAt}::timestamptz` : null,
        updatedAt: now,
      })
      .where(eq(candidates.id, merged.id))
    await tx.update(candidateMerges).set({ undoneAt: now }).where(eq(candidateMerges.id, merge.id))
    await writeAudit(tx, {
      actor: auditActor(options.actor),
      action: 'candidate.merge_undone',
      subjectType: 'candidate',
      subjectId: survivor.id,
      details: {
        mergeId: merge.id,
        survivorCode: survivor.publicCode,
        mergedId: merged.id,
        mergedCode: merged.publicCode,
      },
    })
    return { survivorId: survivor.id, mergedId: merged.id }
  })
}

export type MergeSide = {
  id: string
  publicCode: string
  fullName: string
  dateOfBirth: string | null
  gender: string
  phone: string | null
  wardName: string | null
  status: CandidateStatus
  background: string | null
  programmeEndDate: string | null
  education: string | null
  skills: string[]
  needs: string[]
  availability: string | null
  preferences: string | null
  caseworkerName: string | null
  createdAt: string
  mergedIntoId: string | null
  /** Whether each sensitive field holds something; never the values. */
  sensitivePresent: Record<SensitiveField, boolean>
  children: { consents: number; caseNotes: number; followUps: number; transfers: number }
}

/**
 * Two records side by side for a coordinator deciding on a merge. Sensitive fields only as "present or
 * not". A read of both records, so audited.
 */
export async function getMergeComparison(options: {
  actor: Actor
  aId: string
  bId: string
}): Promise<[MergeSide, MergeSide]> {
  authorize(options.actor, 'candidate:merge')
  const { aId, bId } = options
  if (!isUuid(aId) || !isUuid(bId) || aId === bId) throw new AppError('not_found')
  return getDb().transaction(async (tx) => {
    const sides: MergeSide[] = []
    for (const id of [aId, bId]) {
      const [row] = await tx
        .select({ c: candidates, wardName: wards.name, caseworkerName: users.name, s: candidateSensitive })
        .from(candidates)
        .leftJoin(wards, eq(wards.code, candidates.wardCode))
        .leftJoin(users, eq(users.id, candidates.caseworkerId))
        .leftJoin(candidateSensitive, eq(candidateSensitive.candidateId, candidates.id))
        .where(eq(candidates.id, id))
      if (!row) throw new AppError('not_found')
      const n = async (table: typeof consents | typeof caseNotes | typeof followUps | typeof candidateTransfers) => {
        const [r] = await tx.select({ n: count() }).from(table).where(eq(table.candidateId, id))
        return Number(r?.n ?? 0)
      }
      const c = row.c
      sides.push({
        id: c.id,
        publicCode: c.publicCode,
        fullName: c.fullName,
        dateOfBirth: c.dateOfBirth,
        gender: c.gender,
        phone: c.phone,
        wardName: row.wardName,
        status: c.status,
        background: c.background,
        programmeEndDate: c.programmeEndDate,
        education: c.education,
        skills: c.skills,
        needs: c.needs,
        availability: c.availability,
        preferences: c.preferences,
        caseworkerName: row.caseworkerName,
        createdAt: c.createdAt.toISOString(),
        mergedIntoId: c.mergedIntoId,
        sensitivePresent: Object.fromEntries(SENSITIVE_FILLABLE.map((f) => [f, Boolean(row.s?.[f])])) as Record<
          SensitiveField,
          boolean
        >,
        children: {
          consents: await n(consents),
          caseNotes: await n(caseNotes),
          followUps: await n(followUps),
          transfers: await n(candidateTransfers),
        },
      })
      await writeAudit(tx, {
        actor: auditActor(options.actor),
        action: 'candidate.viewed',
        subjectType: 'candidate',
        subjectId: c.id,
        details: { publicCode: c.publicCode, via: 'merge' },
      })
    }
    return [sides[0]!, sides[1]!]
  })
}

/** The latest merges, for the coordinator's merge page (where each can be undone). */
export async function listRecentMerges(options: { actor: Actor; limit?: number }) {
  authorize(options.actor, 'candidate:merge')
  const survivor = alias(candidates, 'survivor')
  const merged = alias(candidates, 'merged')
  const rows = await getDb()
    .select({
      id: candidateMerges.id,
      survivorId: candidateMerges.survivorId,
      survivorCode: survivor.publicCode,
      mergedId: candidateMerges.mergedId,
      mergedCode: merged.publicCode,
      byName: users.name,
      createdAt: candidateMerges.createdAt,
      undoneAt: candidateMerges.undoneAt,
    })
    .from(candidateMerges)
    .innerJoin(survivor, eq(survivor.id, candidateMerges.survivorId))
    .innerJoin(merged, eq(merged.id, candidateMerges.mergedId))
    .leftJoin(users, eq(users.id, candidateMerges.byId))
    .orderBy(desc(candidateMerges.createdAt), desc(candidateMerges.id))
    .limit(Math.min(Math.max(options.limit ?? 20, 1), 100))
  return rows
}

/**
 * A record for the merge page from what a coordinator typed or a link carried: an id, or a public code
 * in any case ("hn-7k3q9d"). Null when there is no such record.
 */
export async function findCandidateForMerge(options: { actor: Actor; ref: string }): Promise<string | null> {
  authorize(options.actor, 'candidate:merge')
  const ref = options.ref.trim()
  if (isUuid(ref)) {
    const [row] = await getDb().select({ id: candidates.id }).from(candidates).where(eq(candidates.id, ref))
    return row?.id ?? null
  }
  const code = options.ref.trim().toUpperCase().replace(/\s+/g, '')
  if (!/^[A-Z]{2}-[A-Z0-9]{6}$/.test(code)) return null
  const [row] = await getDb().select({ id: candidates.id }).from(candidates).where(eq(candidates.publicCode, code))
  return row?.id ?? null
}
