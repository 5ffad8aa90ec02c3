import { and, asc, count, desc, eq, ilike, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm'
import { getDb, type Transaction } from '#db/client.server.ts'
import { candidates, candidateSensitive, followUps, users, wards, type CandidateStatus } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'
import { findActiveSkillCodes } from '#app/modules/skills/skills.server.ts'
import { can, type Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import {
  ageOn,
  CANDIDATE_STATUSES,
  foldName,
  hanoiToday,
  intakeStepSchema,
  isIntakeStep,
  STEP_FIELDS,
  type IdentityValues,
  type IntakeStep,
  type Need,
  type SensitiveValues,
  type StepValues,
} from './candidates.schema'
import { generatePublicCode } from './public-code'
import { candidateScopeCondition } from './scope.server'

function auditActor(actor: Actor) {
  return { userId: actor.userId, role: actor.role }
}

/** `like` pattern for a literal piece of text. */
function contains(text: string) {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

// ---------------------------------------------------------------------------------------------------
// Caseload

export type CaseloadSort = 'recent' | 'name'

export type CaseloadItem = {
  id: string
  publicCode: string
  fullName: string
  age: number | null
  wardCode: string
  wardName: string | null
  status: CandidateStatus
  needs: Need[]
  intakeStep: number
  nextFollowUpDue: string | null
  caseworkerName: string | null
}

/**
 * The candidates someone may see (a caseworker: their wards; a coordinator: all), newest first or by
 * name, a page at a time (keyset), with counts per status for the tabs. Search matches the name without
 * diacritics (every word), the public code, or phone digits. Merged records are left out. Never reads
 * the sensitive fields.
 */
export async function listCaseload(options: {
  actor: Actor
  q?: string
  status?: CandidateStatus
  needs?: Need
  wardCode?: string
  followUpsDue?: boolean
  sort?: CaseloadSort
  cursor?: string | null
  limit?: number
  today?: string
}): Promise<{ items: CaseloadItem[]; counts: Record<CandidateStatus, number>; nextCursor: string | null }> {
  authorize(options.actor, 'candidate:read')
  const db = getDb()
  const sort = options.sort ?? 'recent'
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
  const today = options.today ?? hanoiToday()
  const conditions: (SQL | undefined)[] = [candidateScopeCondition(options.actor), isNull(candidates.mergedIntoId)]
  const search = searchCondition(options.q)
  if (search) conditions.push(search)
  if (options.needs) conditions.push(sql`${options.needs} = any(${candidates.needs})`)
  if (options.wardCode) conditions.push(eq(candidates.wardCode, options.wardCode))
  if (options.followUpsDue) {
    conditions.push(
      sql`exists (select 1 from ${followUps} where ${followUps.candidateId} = ${candidates.id} and ${followUps.doneAt} is null and ${followUps.dueDate} <= ${today}::date)`,
    )
  }
  const countRows = await db
    .select({ status: candidates.status, n: count() })
    .from(candidates)
    .where(and(...conditions))
    .groupBy(candidates.status)
  if (options.status) conditions.push(eq(candidates.status, options.status))
  const cursor = decodeCaseloadCursor(options.cursor, sort)
  if (cursor) {
    conditions.push(
      sort === 'recent'
        ? sql`(${candidates.createdAt}, ${candidates.id}) < (${cursor.k}::timestamptz, ${cursor.id}::uuid)`
        : sql`(${candidates.foldedName}, ${candidates.id}) > (${cursor.k}::text, ${cursor.id}::uuid)`,
    )
  }
  const nextFollowUp = sql<
    string | null
  >`(select min(${followUps.dueDate})::text from ${followUps} where ${followUps.candidateId} = ${candidates.id} and ${followUps.doneAt} is null)`
  const rows = await db
    .select({
      id: candidates.id,
      publicCode: candidates.publicCode,
      fullName: candidates.fullName,
      dateOfBirth: candidates.dateOfBirth,
      wardCode: candidates.wardCode,
      wardName: wards.name,
      status: candidates.status,
      needs: candidates.needs,
      intakeStep: candidates.intakeStep,
      nextFollowUpDue: nextFollowUp,
      caseworkerName: users.name,
      // The exact stored values: a JavaScript Date would round the time and break the keyset.
      cursorKey: sort === 'recent' ? sql<string>`${candidates.createdAt}::text` : sql<string>`${candidates.foldedName}`,
    })
    .from(candidates)
    .leftJoin(wards, eq(wards.code, candidates.wardCode))
    .leftJoin(users, eq(users.id, candidates.caseworkerId))
    .where(and(...conditions))
    .orderBy(
      ...(sort === 'recent'
        ? [desc(candidates.createdAt), desc(candidates.id)]
        : [asc(candidates.foldedName), asc(candidates.id)]),
    )
    .limit(limit + 1)
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  const counts = Object.fromEntries(CANDIDATE_STATUSES.map((s) => [s, 0])) as Record<CandidateStatus, number>
  for (const row of countRows) counts[row.status] = Number(row.n)
  return {
    items: page.map(({ cursorKey: _key, dateOfBirth, needs, ...item }) => ({
      ...item,
      needs: needs as Need[],
      age: dateOfBirth ? ageOn(dateOfBirth, today) : null,
    })),
    counts,
    nextCursor: rows.length > limit && last ? encodeCaseloadCursor({ s: sort, k: last.cursorKey, id: last.id }) : null,
  }
}

function searchCondition(input: string | undefined): SQL | undefined {
  const q = input?.trim().slice(0, 100)
  if (!q) return undefined
  const words = foldName(q).split(' ').filter(Boolean).slice(0, 8)
  const options: (SQL | undefined)[] = []
  if (words.length > 0) options.push(and(...words.map((w) => ilike(candidates.foldedName, contains(w)))))
  const code = q.replace(/\s+/g, '').toUpperCase()
  if (/^[A-Z0-9-]{3,12}$/.test(code)) options.push(ilike(candidates.publicCode, contains(code)))
  const digits = q.replace(/[\s.\-()+]/g, '')
  if (/^\d{3,12}$/.test(digits)) options.push(ilike(candidates.phone, contains(digits.replace(/^84/, '0'))))
  return options.length > 0 ? or(...options) : sql`false`
}

type CaseloadCursor = { s: CaseloadSort; k: string; id: string }

function encodeCaseloadCursor(value: CaseloadCursor) {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

const TIMESTAMP_TEXT = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/

/** A cursor from the URL, or null when it is malformed or belongs to another sort order. */
export function decodeCaseloadCursor(cursor: string | null | undefined, sort: CaseloadSort): CaseloadCursor | null {
  if (!cursor || cursor.length > 500) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Record<string, unknown>>
    if (value.s !== sort || typeof value.k !== 'string' || value.k.length > 300 || !isUuid(value.id)) return null
    if (sort === 'recent' && !TIMESTAMP_TEXT.test(value.k)) return null
    return { s: sort, k: value.k, id: value.id }
  } catch {
    return null
  }
}

// ---------------------------------------------------------------------------------------------------
// Intake

const CANDIDATE_WRITABLE: CandidateStatus[] = ['draft', 'active', 'on_hold']

/** Whether the actor may put a candidate in this ward (coordinators anywhere, caseworkers their wards). */
function assertWardAllowed(actor: Actor, wardCode: string) {
  if (can(actor, 'candidate:read:any')) return
  if (!actor.wardCodes.includes(wardCode)) throw new AppError('forbidden', { field: 'wardCode' })
}

async function assertWardExists(tx: Transaction, wardCode: string) {
  const [ward] = await tx.select({ code: wards.code }).from(wards).where(eq(wards.code, wardCode))
  if (!ward) throw new AppError('invalid_input', { field: 'wardCode' })
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; depth++) {
    const candidate = e as { code?: unknown; constraint?: unknown; constraint_name?: unknown; message?: unknown }
    if (
      candidate.code === '23505' &&
      (candidate.constraint === constraint ||
        candidate.constraint_name === constraint ||
        String(candidate.message).includes(constraint))
    )
      return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** Validates a step's values with the shared schema (direct callers get the same rules as the form). */
function parseStep<S extends IntakeStep>(step: S, values: unknown): StepValues[S] {
  const result = intakeStepSchema(step).safeParse(values)
  if (!result.success) {
    const field = result.error.issues[0]?.path[0]
    throw new AppError('invalid_input', { field: typeof field === 'string' ? field : undefined })
  }
  return result.data as StepValues[S]
}

/**
 * Starts an intake with step 1 (identity): a draft with a fresh public code (a new one on the rare clash),
 * in one of the actor's wards, followed by the actor when they are a caseworker. Audited.
 */
export async function startIntake(options: {
  actor: Actor
  identity: IdentityValues | Record<string, unknown>
  /** For tests: where public codes come from. */
  generateCode?: () => string
}): Promise<{ id: string; publicCode: string }> {
  authorize(options.actor, 'candidate:write')
  const identity = parseStep(1, options.identity)
  assertWardAllowed(options.actor, identity.wardCode)
  const generate = options.generateCode ?? generatePublicCode
  for (let attempt = 1; ; attempt++) {
    const publicCode = generate()
    try {
      return await getDb().transaction(async (tx) => {
        await assertWardExists(tx, identity.wardCode)
        const [row] = await tx
          .insert(candidates)
          .values({
            publicCode,
            fullName: identity.fullName,
            foldedName: foldName(identity.fullName),
            dateOfBirth: identity.dateOfBirth,
            gender: identity.gender,
            phone: identity.phone,
            wardCode: identity.wardCode,
            caseworkerId: can(options.actor, 'caseworker:access') ? options.actor.userId : null,
            createdById: options.actor.userId,
            status: 'draft',
            intakeStep: 2,
          })
          .returning({ id: candidates.id, publicCode: candidates.publicCode })
        await writeAudit(tx, {
          actor: auditActor(options.actor),
          action: 'candidate.created',
          subjectType: 'candidate',
          subjectId: row!.id,
          details: { publicCode: row!.publicCode, wardCode: identity.wardCode, step: 1 },
        })
        return row!
      })
    } catch (error) {
      if (attempt < 5 && isUniqueViolation(error, 'candidates_public_code_key')) continue
      throw error
    }
  }
}

/** A candidate the actor may see, locked for the rest of the transaction; not_found otherwise. */
async function lockScopedCandidate(tx: Transaction, actor: Actor, candidateId: string) {
  if (!isUuid(candidateId)) throw new AppError('not_found')
  const [row] = await tx
    .select()
    .from(candidates)
    .where(and(eq(candidates.id, candidateId), candidateScopeCondition(actor)))
    .for('update')
  if (!row) throw new AppError('not_found')
  return row
}

function sameValue(a: unknown, b: unknown) {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i])
  return (a ?? null) === (b ?? null)
}

/**
 * Saves one intake step of a candidate the actor may see. Validated with the step's schema (and skills
 * against the vocabulary); only what changed is written, and the audit event names the changed fields,
 * never their values. Sending the same values again changes nothing. Step 4 writes the sensitive row.
 */
export async function saveIntakeStep(options: {
  actor: Actor
  candidateId: string
  step: IntakeStep
  values: unknown
}): Promise<{ changed: string[]; intakeStep: number }> {
  authorize(options.actor, 'candidate:write')
  if (!isIntakeStep(options.step)) throw new AppError('invalid_input')
  const step = options.step
  const values = parseStep(step, options.values)
  if (step === 1) assertWardAllowed(options.actor, (values as IdentityValues).wardCode)
  if (step === 3) {
    const codes = (values as StepValues[3]).skills
    const active = await findActiveSkillCodes(codes)
    if (codes.some((c) => !active.has(c))) throw new AppError('invalid_input', { field: 'skills' })
  }
  return getDb().transaction(async (tx) => {
    const current = await lockScopedCandidate(tx, options.actor, options.candidateId)
    if (current.mergedIntoId || !CANDIDATE_WRITABLE.includes(current.status)) throw new AppError('conflict')
    const changed: string[] = []
    const nextStep =
      current.status === 'draft' ? Math.max(current.intakeStep, Math.min(step + 1, 4)) : current.intakeStep
    if (step === 4) {
      changed.push(...(await saveSensitive(tx, current.id, values as SensitiveValues)))
    } else {
      const patch: Record<string, unknown> = {}
      for (const field of STEP_FIELDS[step]) {
        const value = (values as Record<string, unknown>)[field]
        if (!sameValue(current[field as keyof typeof current], value)) {
          patch[field] = value
          changed.push(field)
        }
      }
      if (step === 1 && changed.includes('fullName')) patch.foldedName = foldName(String(patch.fullName))
      if (step === 1 && changed.includes('wardCode')) await assertWardExists(tx, String(patch.wardCode))
      if (changed.length > 0 || nextStep !== current.intakeStep) {
        await tx
          .update(candidates)
          .set({ ...patch, intakeStep: nextStep, updatedAt: new Date() })
          .where(eq(candidates.id, current.id))
      }
    }
    if (step === 4 && nextStep !== current.intakeStep) {
      await tx.update(candidates).set({ intakeStep: nextStep }).where(eq(candidates.id, current.id))
    }
    if (changed.length > 0) {
      await writeAudit(tx, {
        actor: auditActor(options.actor),
        action: 'candidate.updated',
        subjectType: 'candidate',
        subjectId: current.id,
        details: { publicCode: current.publicCode, step, fields: changed, sensitive: step === 4 },
      })
    }
    return { changed, intakeStep: nextStep }
  })
}

const SENSITIVE_FIELDS = ['drugUseHistory', 'criminalRecord', 'facility', 'healthNotes', 'nationalId'] as const

async function saveSensitive(tx: Transaction, candidateId: string, values: SensitiveValues): Promise<string[]> {
  const [row] = await tx.select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, candidateId))
  const changed = SENSITIVE_FIELDS.filter((f) => !sameValue(row?.[f] ?? null, values[f]))
  if (changed.length === 0) return []
  const next = {
    drugUseHistory: values.drugUseHistory,
    criminalRecord: values.criminalRecord,
    facility: values.facility,
    healthNotes: values.healthNotes,
    nationalId: values.nationalId,
    nationalIdHash: values.nationalId ? hashToken(values.nationalId) : null,
    updatedAt: new Date(),
  }
  if (row) await tx.update(candidateSensitive).set(next).where(eq(candidateSensitive.candidateId, candidateId))
  else await tx.insert(candidateSensitive).values({ candidateId, ...next })
  return [...changed]
}

/**
 * Finishes an intake: a draft whose required steps are filled becomes active. Finishing one that is
 * already active changes nothing (a double click).
 */
export async function completeIntake(options: {
  actor: Actor
  candidateId: string
}): Promise<{ status: CandidateStatus }> {
  authorize(options.actor, 'candidate:write')
  return getDb().transaction(async (tx) => {
    const current = await lockScopedCandidate(tx, options.actor, options.candidateId)
    if (current.mergedIntoId) throw new AppError('conflict')
    if (current.status !== 'draft') return { status: current.status }
    if (!current.background) throw new AppError('invalid_input', { values: { step: 2 } })
    if (current.needs.length === 0) throw new AppError('invalid_input', { values: { step: 3 } })
    await tx
      .update(candidates)
      .set({ status: 'active', intakeStep: 4, updatedAt: new Date() })
      .where(eq(candidates.id, current.id))
    await writeAudit(tx, {
      actor: auditActor(options.actor),
      action: 'candidate.activated',
      subjectType: 'candidate',
      subjectId: current.id,
      details: { publicCode: current.publicCode },
    })
    return { status: 'active' as const }
  })
}

export type IntakeDraft = {
  id: string
  publicCode: string
  status: CandidateStatus
  intakeStep: number
  /** The form's starting values for the step asked for (sensitive values only for step 4). */
  values: Record<string, string | string[]>
}

/**
 * What the intake form shows for one step of a candidate the actor may see. A read of the record, so
 * audited ('candidate.viewed'); only the step's own fields leave the server, the sensitive ones only
 * for step 4.
 */
export async function getIntakeDraft(options: {
  actor: Actor
  candidateId: string
  step: IntakeStep
}): Promise<IntakeDraft> {
  authorize(options.actor, 'candidate:write')
  if (!isIntakeStep(options.step)) throw new AppError('not_found')
  return getDb().transaction(async (tx) => {
    if (!isUuid(options.candidateId)) throw new AppError('not_found')
    const [row] = await tx
      .select()
      .from(candidates)
      .where(
        and(
          eq(candidates.id, options.candidateId),
          candidateScopeCondition(options.actor),
          isNull(candidates.mergedIntoId),
        ),
      )
    if (!row) throw new AppError('not_found')
    const values: Record<string, string | string[]> = {}
    let source: Record<string, unknown> = row
    if (options.step === 4) {
      const [sensitive] = await tx.select().from(candidateSensitive).where(eq(candidateSensitive.candidateId, row.id))
      source = sensitive ?? {}
    }
    for (const field of STEP_FIELDS[options.step]) {
      const value = source[field]
      if (Array.isArray(value)) values[field] = value.map(String)
      else if (value !== null && value !== undefined) values[field] = String(value)
    }
    await writeAudit(tx, {
      actor: auditActor(options.actor),
      action: 'candidate.viewed',
      subjectType: 'candidate',
      subjectId: row.id,
      details: { publicCode: row.publicCode, via: 'intake', step: options.step, sensitive: options.step === 4 },
    })
    return { id: row.id, publicCode: row.publicCode, status: row.status, intakeStep: row.intakeStep, values }
  })
}

// ---------------------------------------------------------------------------------------------------
// Duplicates

export type DuplicateReason = 'name_and_birth_date' | 'phone' | 'national_id'

export type LikelyDuplicate = {
  id: string
  publicCode: string
  fullName: string
  wardName: string | null
  status: CandidateStatus
  reasons: DuplicateReason[]
}

/** The words of a folded name in alphabetical order: "van nguyen an" and "nguyen van an" match. */
function sortedWords(expression: SQL | string) {
  return sql`array_to_string(array(select w from unnest(string_to_array(${expression}, ' ')) as w where w <> '' order by w collate "C"), ' ')`
}

/**
 * Records that are probably the same person as this one, among those the actor may see (a caseworker:
 * their wards; a coordinator: the city): same date of birth and the same name ignoring diacritics, case
 * and word order; the same phone; or the same national ID (compared by hash). Merged records are left out.
 */
export async function findLikelyDuplicates(options: { actor: Actor; candidateId: string }): Promise<LikelyDuplicate[]> {
  authorize(options.actor, 'candidate:read')
  if (!isUuid(options.candidateId)) throw new AppError('not_found')
  const db = getDb()
  const [target] = await db
    .select({
      id: candidates.id,
      foldedName: candidates.foldedName,
      dateOfBirth: candidates.dateOfBirth,
      phone: candidates.phone,
      nationalIdHash: candidateSensitive.nationalIdHash,
    })
    .from(candidates)
    .leftJoin(candidateSensitive, eq(candidateSensitive.candidateId, candidates.id))
    .where(and(eq(candidates.id, options.candidateId), candidateScopeCondition(options.actor)))
  if (!target) throw new AppError('not_found')
  const sameName = target.dateOfBirth
    ? sql`(${candidates.dateOfBirth} = ${target.dateOfBirth}::date and ${sortedWords(sql`${candidates.foldedName}`)} = ${sortedWords(sql`${target.foldedName}::text`)})`
    : sql`false`
  const samePhone = target.phone ? sql`(${candidates.phone} = ${target.phone})` : sql`false`
  // The records with the same national ID first, as a list of ids: each of the three tests is then an index
  // lookup (date of birth, phone, primary key) combined by a BitmapOr, instead of a join of every record in
  // scope to candidate_sensitive. (This look-up is fast once candidate_sensitive.national_id_hash has an index.)
  const sameNationalIdIds = target.nationalIdHash
    ? (
        await db
          .select({ id: candidateSensitive.candidateId })
          .from(candidateSensitive)
          .where(eq(candidateSensitive.nationalIdHash, target.nationalIdHash))
      ).map((r) => r.id)
    : []
  const sameNationalId = sameNationalIdIds.length > 0 ? inArray(candidates.id, sameNationalIdIds) : sql`false`
  const rows = await db
    .select({
      id: candidates.id,
      publicCode: candidates.publicCode,
      fullName: candidates.fullName,
      wardName: wards.name,
      status: candidates.status,
      sameName: sql<boolean>`${sameName}`,
      samePhone: sql<boolean>`${samePhone}`,
      sameNationalId: sql<boolean>`${sameNationalId}`,
    })
    .from(candidates)
    .leftJoin(wards, eq(wards.code, candidates.wardCode))
    .where(
      and(
        candidateScopeCondition(options.actor),
        ne(candidates.id, target.id),
        isNull(candidates.mergedIntoId),
        or(sameName, samePhone, sameNationalId),
      ),
    )
    .orderBy(asc(candidates.createdAt), asc(candidates.id))
    .limit(20)
  return rows.map(({ sameName: n, samePhone: p, sameNationalId: i, ...row }) => ({
    ...row,
    reasons: [
      ...(n ? (['name_and_birth_date'] as const) : []),
      ...(p ? (['phone'] as const) : []),
      ...(i ? (['national_id'] as const) : []),
    ],
  }))
}
