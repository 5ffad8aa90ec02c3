import { and, asc, count, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm'
import { getDb, type Executor, type Transaction } from '#db/client.server.ts'
import { auditEvents } from '#db/schema/index.ts'
import { requestClientIp } from '#app/utils/request-scope.server.ts'
import { hashAuditEvent } from './chain'

/** A value of an audit event's details: ids, codes, flags — one level of nesting (before / after). */
export type AuditValue = string | number | boolean | null | string[]

export type AuditActor = { userId: string | null; role?: string | null; ipAddress?: string | null }

/**
 * How many events of these actions were recorded about one subject after `since`: the database-counted daily
 * caps (refused talent-pool requests, team invitations) read the audit trail, which every process shares.
 */
export async function countRecentAuditEvents(
  executor: Executor,
  options: { subjectType: string; subjectId: string; actions: readonly string[]; since: Date },
): Promise<number> {
  const [row] = await executor
    .select({ n: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, options.subjectType),
        eq(auditEvents.subjectId, options.subjectId),
        inArray(auditEvents.action, [...options.actions]),
        gt(auditEvents.occurredAt, options.since),
      ),
    )
  return Number(row?.n ?? 0)
}

// Any fixed number: the key of the transaction-level lock that puts audit events in one chain.
const AUDIT_CHAIN_LOCK = 4242002

/**
 * Appends an audit event with the executor given — pass the action's transaction so the event and the
 * change commit together. Written while serving a request, it records the client's address. `details` holds ids and codes only: never personal data, tokens or passwords.
 * Each event carries the hash of the one before it (a lock held until the transaction ends keeps the
 * chain in one line), so a change to any stored event is detected by `npm run audit:verify`.
 */
export async function writeAudit(
  executor: Executor,
  event: {
    actor: AuditActor
    action: string
    subjectType?: string | null
    subjectId?: string | null
    details?: Record<string, AuditValue | Record<string, AuditValue>>
  },
): Promise<void> {
  // The lock must live as long as a transaction: outside one, open one just for this event.
  if (!isTransaction(executor)) return getDb().transaction((tx) => writeAudit(tx, event))
  await executor.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`)
  const [last] = await executor
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .where(isNotNull(auditEvents.hash))
    .orderBy(desc(auditEvents.id))
    .limit(1)
  const fields = {
    occurredAt: new Date(),
    actorId: event.actor.userId,
    actorRole: event.actor.role ?? null,
    // An address given wins; otherwise the one of the request being served, if any.
    ipAddress: event.actor.ipAddress ?? requestClientIp(),
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId ?? null,
    details: event.details ?? {},
  }
  const prevHash = last?.hash ?? null
  await executor.insert(auditEvents).values({ ...fields, prevHash, hash: hashAuditEvent(prevHash, fields) })
}

function isTransaction(executor: Executor): executor is Transaction {
  return typeof (executor as Partial<Transaction>).rollback === 'function'
}

export type ChainReport = { checked: number; legacy: number; brokenAt: number | null; reason?: string }

/**
 * Walks the whole chain in id order and recomputes every hash. Events written before the chain existed
 * (no hash) are counted as legacy. Reports the first event whose hash or link does not match.
 * `db` defaults to the open database; a restore passes its transaction to check before it commits.
 */
export async function verifyAuditChain(options: { batchSize?: number; db?: Executor } = {}): Promise<ChainReport> {
  const db = options.db ?? getDb()
  const batchSize = options.batchSize ?? 1000
  let afterId = 0
  let previous: string | null = null
  let started = false
  let checked = 0
  let legacy = 0
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.id, afterId))
      .orderBy(asc(auditEvents.id))
      .limit(batchSize)
    if (rows.length === 0) break
    for (const row of rows) {
      afterId = row.id
      if (!row.hash) {
        if (started) return { checked, legacy, brokenAt: row.id, reason: 'missing hash after the chain began' }
        legacy++
        continue
      }
      if (started && row.prevHash !== previous)
        return { checked, legacy, brokenAt: row.id, reason: 'link to the previous event' }
      if (!started && row.prevHash !== null) {
        // The first chained event may follow a deleted one: only a chain that starts from nothing is whole.
        return { checked, legacy, brokenAt: row.id, reason: 'the chain does not start at its first event' }
      }
      if (hashAuditEvent(row.prevHash, row) !== row.hash)
        return { checked, legacy, brokenAt: row.id, reason: 'content changed' }
      previous = row.hash
      started = true
      checked++
    }
  }
  return { checked, legacy, brokenAt: null }
}
