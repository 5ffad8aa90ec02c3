import { and, asc, count, desc, eq, ilike, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  auditEvents,
  memberships,
  opportunities,
  organisations,
  users,
  wards,
  type Organisation,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { assertWardsExist } from '#app/modules/auth/accounts.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import { refreshListingSearchText } from '#app/modules/opportunities/listings.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import type { OrganisationProfileInput } from './organisation.schema'

export type OrganisationStatus = Organisation['status']
export type Decision = 'approve' | 'reject' | 'suspend' | 'reinstate'

/**
 * The vetting lifecycle: which decision moves an organisation from which state to which.
 * pending → approved | rejected; approved → suspended → approved. Nothing else.
 */
export const DECISIONS: Record<Decision, { from: OrganisationStatus; to: OrganisationStatus; needsReason: boolean }> = {
  approve: { from: 'pending', to: 'approved', needsReason: false },
  reject: { from: 'pending', to: 'rejected', needsReason: true },
  suspend: { from: 'approved', to: 'suspended', needsReason: true },
  reinstate: { from: 'suspended', to: 'approved', needsReason: false },
}

const EMAIL_DECISION = {
  approve: 'approved',
  reject: 'rejected',
  suspend: 'suspended',
  reinstate: 'reinstated',
} as const

/** The decisions open to a coordinator for an organisation in this state. */
export function decisionsFor(status: OrganisationStatus): Decision[] {
  return (Object.keys(DECISIONS) as Decision[]).filter((d) => DECISIONS[d].from === status)
}

/**
 * A coordinator's vetting decision, applied only if the organisation is still in the state the decision
 * starts from (two coordinators deciding at once: one wins, the other gets `conflict`). Audited, and every
 * member of the organisation is emailed in their language, in the same transaction.
 */
export async function decideOrganisation(options: {
  actor: Actor
  organisationId: string
  decision: Decision
  reason?: string | null
  now?: Date
}): Promise<{ status: OrganisationStatus }> {
  authorize(options.actor, 'organisation:vet')
  const rule = DECISIONS[options.decision]
  const reason = options.reason?.trim() || null
  if (rule.needsReason && !reason) throw new AppError('invalid_input', { field: 'reason' })
  if (!isUuid(options.organisationId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    const [updated] = await tx
      .update(organisations)
      .set({ status: rule.to, statusReason: reason, vettedById: options.actor.userId, vettedAt: now, updatedAt: now })
      .where(and(eq(organisations.id, options.organisationId), eq(organisations.status, rule.from)))
      .returning({ id: organisations.id, name: organisations.name })
    if (!updated) {
      const [exists] = await tx
        .select({ id: organisations.id })
        .from(organisations)
        .where(eq(organisations.id, options.organisationId))
      throw new AppError(exists ? 'conflict' : 'not_found')
    }
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: `organisation.${rule.to === 'approved' && options.decision === 'reinstate' ? 'reinstated' : rule.to}`,
      subjectType: 'organisation',
      subjectId: updated.id,
      details: { from: rule.from, to: rule.to },
    })
    const members = await tx
      .select({ id: users.id, email: users.email, name: users.name, locale: users.locale })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      // Only members who have joined (confirmed their address): an address typed at sign-up or in an invitation
      // that was never taken up gets nothing, least of all an organisation name nobody has vetted.
      .where(
        and(eq(memberships.organisationId, updated.id), eq(users.status, 'active'), isNotNull(users.emailVerifiedAt)),
      )
    for (const member of members) {
      await enqueueEmail(tx, {
        to: member.email,
        toUserId: member.id,
        locale: (member.locale as Locale | null) ?? 'vi',
        message: {
          template: 'organisation-decision',
          props: {
            name: member.name,
            organisationName: updated.name,
            decision: EMAIL_DECISION[options.decision],
            reason,
            url: new URL('/partner', getEnv().appUrl).toString(),
          },
        },
        metadata: { organisationId: updated.id, decision: options.decision },
      })
    }
    return { status: rule.to }
  })
}

export type VettingFilter = { status?: OrganisationStatus; kind?: Organisation['kind']; q?: string }

/**
 * Organisations for the vetting queue, oldest waiting first for pending ones and newest first otherwise,
 * a page at a time (keyset on created_at and id), with the counts per status for the tabs.
 */
export async function listOrganisationsForVetting(options: {
  actor: Actor
  filter: VettingFilter
  cursor?: string | null
  limit?: number
}) {
  authorize(options.actor, 'organisation:vet')
  const db = getDb()
  const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
  const oldestFirst = options.filter.status === 'pending'
  const conditions: (SQL | undefined)[] = []
  if (options.filter.kind) conditions.push(eq(organisations.kind, options.filter.kind))
  const q = options.filter.q?.trim().slice(0, 100)
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    conditions.push(
      or(ilike(organisations.name, like), ilike(organisations.taxCode, like), ilike(organisations.email, like)),
    )
  }
  const countRows = await db
    .select({ status: organisations.status, n: count() })
    .from(organisations)
    .where(and(...conditions))
    .groupBy(organisations.status)
  if (options.filter.status) conditions.push(eq(organisations.status, options.filter.status))
  const cursor = decodeCursor(options.cursor)
  if (cursor) {
    conditions.push(
      oldestFirst
        ? sql`(${organisations.createdAt}, ${organisations.id}) > (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`
        : sql`(${organisations.createdAt}, ${organisations.id}) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)`,
    )
  }
  const rows = await db
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      status: organisations.status,
      taxCode: organisations.taxCode,
      wardName: wards.name,
      createdAt: organisations.createdAt,
      // The exact stored time (microseconds): a JavaScript Date would round it and break the keyset.
      cursorAt: sql<string>`${organisations.createdAt}::text`,
      vettedAt: organisations.vettedAt,
    })
    .from(organisations)
    .leftJoin(wards, eq(wards.code, organisations.wardCode))
    .where(and(...conditions))
    .orderBy(
      ...(oldestFirst
        ? [asc(organisations.createdAt), asc(organisations.id)]
        : [desc(organisations.createdAt), desc(organisations.id)]),
    )
    .limit(limit + 1)
  const items = rows.slice(0, limit).map(({ cursorAt: _cursorAt, ...item }) => item)
  const last = rows[items.length - 1]
  const counts = { pending: 0, approved: 0, rejected: 0, suspended: 0 } as Record<OrganisationStatus, number>
  for (const row of countRows) counts[row.status] = Number(row.n)
  return {
    items,
    counts,
    nextCursor: rows.length > limit && last ? encodeCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  }
}

function encodeCursor(value: { createdAt: string; id: string }) {
  return Buffer.from(JSON.stringify(value)).toString('base64url')
}

function decodeCursor(cursor: string | null | undefined): { createdAt: string; id: string } | null {
  if (!cursor) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { createdAt?: unknown; id?: unknown }
    if (
      typeof value.createdAt === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/.test(value.createdAt) &&
      isUuid(value.id)
    ) {
      return { createdAt: value.createdAt, id: value.id }
    }
  } catch {
    // a tampered cursor is just ignored
  }
  return null
}

/** Everything a coordinator needs to vet one organisation: its details, members, listings, history. */
export async function getOrganisationForVetting(options: { actor: Actor; organisationId: string }) {
  authorize(options.actor, 'organisation:vet')
  if (!isUuid(options.organisationId)) throw new AppError('not_found')
  const db = getDb()
  const [organisation] = await db
    .select({ organisation: organisations, wardName: wards.name, vettedByName: users.name })
    .from(organisations)
    .leftJoin(wards, eq(wards.code, organisations.wardCode))
    .leftJoin(users, eq(users.id, organisations.vettedById))
    .where(eq(organisations.id, options.organisationId))
  if (!organisation) throw new AppError('not_found')
  const [members, listingCounts, history, sameTaxCode] = await Promise.all([
    db
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        verified: sql<boolean>`${users.emailVerifiedAt} is not null`,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.organisationId, options.organisationId))
      .orderBy(asc(memberships.createdAt)),
    db
      .select({ status: opportunities.status, n: count() })
      .from(opportunities)
      .where(eq(opportunities.organisationId, options.organisationId))
      .groupBy(opportunities.status),
    db
      .select({
        id: auditEvents.id,
        action: auditEvents.action,
        occurredAt: auditEvents.occurredAt,
        actorName: users.name,
        details: auditEvents.details,
      })
      .from(auditEvents)
      .leftJoin(users, eq(users.id, auditEvents.actorId))
      .where(and(eq(auditEvents.subjectType, 'organisation'), eq(auditEvents.subjectId, options.organisationId)))
      .orderBy(desc(auditEvents.id))
      .limit(50)
      .then((rows) => rows.map(({ details, ...row }) => ({ ...row, changes: vettedChanges(details) }))),
    organisation.organisation.taxCode
      ? db
          .select({ id: organisations.id, name: organisations.name, status: organisations.status })
          .from(organisations)
          .where(
            and(
              eq(organisations.taxCode, organisation.organisation.taxCode),
              ne(organisations.id, options.organisationId),
            ),
          )
      : Promise.resolve([]),
  ])
  return {
    ...organisation,
    members,
    listings: Object.fromEntries(listingCounts.map((r) => [r.status, Number(r.n)])) as Partial<
      Record<'draft' | 'open' | 'closed', number>
    >,
    history,
    sameTaxCode,
    decisions: decisionsFor(organisation.organisation.status),
  }
}

/** The vetted fields an audit event says were changed, with their old and new values, for the vetting page. */
function vettedChanges(details: Record<string, unknown>): { field: string; before: string; after: string }[] {
  const before = (details.before ?? {}) as Record<string, unknown>
  const after = (details.after ?? {}) as Record<string, unknown>
  return VETTED_FIELDS.filter((field) => field in before || field in after).map((field) => ({
    field,
    before: String(before[field] ?? '—'),
    after: String(after[field] ?? '—'),
  }))
}

/** The signed-in partner's own organisation. */
export async function getOwnOrganisation(options: { actor: Actor }) {
  authorize(options.actor, 'organisation:read:own')
  const [row] = await getDb()
    .select({ organisation: organisations, wardName: wards.name })
    .from(organisations)
    .leftJoin(wards, eq(wards.code, organisations.wardCode))
    .where(eq(organisations.id, options.actor.membership!.organisationId))
  if (!row) throw new AppError('not_found')
  return row
}

/** What a coordinator vetted: changing any of these sends an approved organisation back to vetting (ADR 019). */
const VETTED_FIELDS = ['name', 'taxCode', 'kind'] as const
/** Fields whose old and new values the audit keeps; the others (a person's contact, long text) by name only. */
const VALUES_KEPT = new Set(['name', 'taxCode', 'kind', 'wardCode', 'address', 'listedInDirectory'])

/**
 * The owner updates the organisation's details. A rejected organisation that updates its details goes
 * back to the vetting queue (pending): that is how it answers a rejection. An approved one that changes what
 * was vetted (its legal name or tax code; the kind cannot be changed here) goes back to pending too, and so
 * out of the directory, HSDS and caseworkers' searches until a coordinator approves it again. The audit event
 * names every changed field, with the old and new values of the organisation's own (not its contact person's).
 */
export async function updateOwnOrganisation(options: { actor: Actor; input: OrganisationProfileInput; now?: Date }) {
  authorize(options.actor, 'organisation:update:own')
  const organisationId = options.actor.membership!.organisationId
  const now = options.now ?? new Date()
  const input = options.input
  return getDb().transaction(async (tx) => {
    await assertWardsExist(tx, [input.wardCode], 'wardCode')
    const [before] = await tx
      .select({
        status: organisations.status,
        name: organisations.name,
        taxCode: organisations.taxCode,
        kind: organisations.kind,
        wardCode: organisations.wardCode,
        address: organisations.address,
        contactName: organisations.contactName,
        phone: organisations.phone,
        description: organisations.description,
        listedInDirectory: organisations.listedInDirectory,
      })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for('update')
    if (!before) throw new AppError('not_found')
    const next = {
      name: input.organisationName,
      taxCode: input.taxCode,
      wardCode: input.wardCode,
      address: input.address,
      contactName: input.contactName,
      phone: input.phone,
      description: input.description,
      listedInDirectory: input.listedInDirectory,
    }
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => before[k] !== next[k]).sort()
    const resubmitted = before.status === 'rejected'
    const backToVetting =
      before.status === 'approved' && changed.some((k) => (VETTED_FIELDS as readonly string[]).includes(k))
    const status = resubmitted || backToVetting ? ('pending' as const) : before.status
    await tx
      .update(organisations)
      .set({ ...next, status, updatedAt: now })
      .where(eq(organisations.id, organisationId))
    // Listings are found by their organisation's name too.
    await refreshListingSearchText(tx, { organisationId })
    const kept = changed.filter((k) => VALUES_KEPT.has(k))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: resubmitted
        ? 'organisation.resubmitted'
        : backToVetting
          ? 'organisation.returned_to_vetting'
          : 'organisation.updated',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: {
        changed,
        before: Object.fromEntries(kept.map((k) => [k, before[k]])),
        after: Object.fromEntries(kept.map((k) => [k, next[k]])),
        from: before.status,
        to: status,
      },
    })
    return { resubmitted, ...(backToVetting ? { backToVetting: true as const } : {}) }
  })
}
