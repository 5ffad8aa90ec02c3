import { and, asc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm'
import { getDb, renewDatabasePool, type Database, type Executor } from '#db/client.server.ts'
import { emailOutbox, type OutboxEmail } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { authorize, type Actor } from '#app/policy.ts'
import { isDatabaseUnavailable } from '#app/utils/database-unavailable.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { log } from '#app/utils/logger.server.ts'
import { REDACTED_BODY } from './outbox.server'
import { ONE_TIME_LINK_TEMPLATES } from './render.server'
import { getTransport, TransportError, type Transport } from './transport.server'

/** How long a claimed row belongs to its dispatcher; after that another one may take it over. */
export const LOCK_MS = 60_000
/** After this many attempts a failing email is given up and left visible as `failed`. */
export const MAX_ATTEMPTS = 8
export const BASE_BACKOFF_MS = 30_000
const MAX_BACKOFF_MS = 60 * 60_000
// No new send starts this long after the claim, so each send ends (transport timeout 15 s) within the lock.
const SEND_BUDGET_MS = 40_000

/** Where the dispatcher reports; by default the app's structured log. Fields hold ids and codes only. */
export type OutboxLogger = {
  info(message: string, fields?: Record<string, unknown>): void
  warn(message: string, fields?: Record<string, unknown>): void
  error(message: string, fields?: Record<string, unknown>): void
}

/**
 * What one pass did with the rows it claimed: `retried` were tried and wait for a later attempt, `deferred`
 * were handed back untried (the pass ran out of time, or the provider was unavailable).
 */
export type DispatchResult = { claimed: number; sent: number; retried: number; failed: number; deferred: number }

export type DispatchOptions = {
  transport: Transport
  /** The time the run treats as "now"; tests move it forward to reach a backoff. */
  now?: Date
  batchSize?: number
  /** The first retry delay (doubling per attempt); defaults to OUTBOX_RETRY_BASE_MS. */
  retryBaseMs?: number
  logger?: OutboxLogger
  db?: Database
}

/** The key the provider deduplicates on: a retry after a crash or a timeout never sends twice. */
export function idempotencyKeyFor(id: number) {
  return `hoa-nhap-outbox-${id}`
}

/** The wait before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min … at most 1 h. */
export function backoffMs(attempts: number, baseMs = BASE_BACKOFF_MS) {
  return Math.min(baseMs * 2 ** Math.max(attempts - 1, 0), MAX_BACKOFF_MS)
}

/**
 * One pass of the outbox: claim the due rows, deliver them outside any transaction, record each outcome.
 * Several dispatchers (app instances) may run at once: `FOR UPDATE SKIP LOCKED` hands each row to one.
 */
export async function dispatchDueEmails(options: DispatchOptions): Promise<DispatchResult> {
  const { transport, batchSize = 10 } = options
  const retryBaseMs = options.retryBaseMs ?? getEnv().OUTBOX_RETRY_BASE_MS
  const db = options.db ?? getDb()
  const logger = options.logger ?? defaultLogger()
  const now = options.now ?? new Date()
  const startedAt = Date.now()
  // Starts at `now` and moves with real time, so a long batch records when things actually happened.
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt))

  const { claimed, abandoned } = await claimDue(db, now, batchSize)
  const result: DispatchResult = { claimed: claimed.length, sent: 0, retried: 0, failed: abandoned, deferred: 0 }
  if (abandoned > 0) logger.warn('outbox: gave up on emails interrupted too often', { count: abandoned })

  let providerUnavailable = false
  for (const row of claimed) {
    // Out of time, or the provider is down (a timeout each would hold the batch for minutes): the rest
    // go back untouched, due at once, for the next pass.
    if (providerUnavailable || Date.now() - startedAt > SEND_BUDGET_MS) {
      await release(db, row)
      result.deferred++
      continue
    }
    const outcome = await deliver(db, transport, row, { clock, logger, retryBaseMs })
    result[outcome.status]++
    providerUnavailable = outcome.providerUnavailable
  }
  if (result.deferred > 0 && providerUnavailable) {
    logger.warn('outbox: provider unavailable, the rest of the batch waits', { deferred: result.deferred })
  }
  return result
}

async function claimDue(db: Database, now: Date, batchSize: number) {
  const lockedUntil = new Date(now.getTime() + LOCK_MS)
  // Only `tx` inside: on PGlite (one connection) touching `db` here would deadlock.
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: emailOutbox.id, status: emailOutbox.status, attempts: emailOutbox.attempts })
      .from(emailOutbox)
      .where(
        or(
          and(eq(emailOutbox.status, 'pending'), lte(emailOutbox.nextAttemptAt, now)),
          // A dispatcher that crashed mid-send left these; its lock has run out.
          and(eq(emailOutbox.status, 'sending'), lt(emailOutbox.lockedUntil, now)),
        ),
      )
      .orderBy(asc(emailOutbox.id))
      .limit(batchSize)
      .for('update', { skipLocked: true })

    // A row whose sends keep being interrupted (e.g. it crashes the process) is given up, not retried forever.
    const exhausted = due.filter((r) => r.status === 'sending' && r.attempts >= MAX_ATTEMPTS).map((r) => r.id)
    const claimable = due.filter((r) => !exhausted.includes(r.id)).map((r) => r.id)
    if (exhausted.length > 0) {
      await tx
        .update(emailOutbox)
        .set({ status: 'failed', lockedUntil: null, lastError: 'gave up: interrupted repeatedly while sending' })
        .where(inArray(emailOutbox.id, exhausted))
    }
    const claimed =
      claimable.length === 0
        ? []
        : await tx
            .update(emailOutbox)
            .set({ status: 'sending', lockedUntil, attempts: sql`${emailOutbox.attempts} + 1` })
            .where(inArray(emailOutbox.id, claimable))
            .returning()
    claimed.sort((a, b) => a.id - b.id)
    return { claimed, abandoned: exhausted.length }
  })
}

// The claim's attempt number identifies it: if the lock ran out and another dispatcher re-claimed the row,
// attempts moved on and this dispatcher's late write changes nothing.
function ownedBy(row: OutboxEmail) {
  return and(eq(emailOutbox.id, row.id), eq(emailOutbox.status, 'sending'), eq(emailOutbox.attempts, row.attempts))
}

async function deliver(
  db: Database,
  transport: Transport,
  row: OutboxEmail,
  { clock, logger, retryBaseMs }: { clock: () => Date; logger: OutboxLogger; retryBaseMs: number },
): Promise<{ status: 'sent' | 'retried' | 'failed'; providerUnavailable: boolean }> {
  let providerMessageId: string
  try {
    ;({ providerMessageId } = await transport.send({
      id: row.id,
      to: row.toAddress,
      subject: row.subject,
      html: row.html,
      text: row.text,
      idempotencyKey: idempotencyKeyFor(row.id),
    }))
  } catch (error) {
    const lastError = describeError(error)
    const retryable = error instanceof TransportError ? error.retryable : true
    const providerUnavailable = error instanceof TransportError && error.providerUnavailable
    if (retryable && row.attempts < MAX_ATTEMPTS) {
      // Never sooner than the provider asked (a 429's Retry-After), never later than the backoff's ceiling.
      const retryAfterMs = error instanceof TransportError ? (error.retryAfterMs ?? 0) : 0
      const delay = Math.min(Math.max(backoffMs(row.attempts, retryBaseMs), retryAfterMs), MAX_BACKOFF_MS)
      await db
        .update(emailOutbox)
        .set({
          status: 'pending',
          lockedUntil: null,
          nextAttemptAt: new Date(clock().getTime() + delay),
          lastError,
          provider: transport.name,
        })
        .where(ownedBy(row))
      logger.warn('outbox: send failed, will retry', {
        emailId: row.id,
        template: row.template,
        attempt: row.attempts,
        retryInSeconds: Math.round(delay / 1000),
        reason: lastError,
      })
      return { status: 'retried', providerUnavailable }
    }
    await db
      .update(emailOutbox)
      .set({ status: 'failed', lockedUntil: null, lastError, provider: transport.name })
      .where(ownedBy(row))
    logger.warn('outbox: send failed, giving up', {
      emailId: row.id,
      template: row.template,
      attempt: row.attempts,
      reason: lastError,
    })
    return { status: 'failed', providerUnavailable }
  }

  // Once really delivered, a one-time link has no reason to stay readable in the database.
  const redact = transport.name !== 'mailbox' && ONE_TIME_LINK_TEMPLATES.has(row.template)
  await db
    .update(emailOutbox)
    .set({
      status: 'sent',
      sentAt: clock(),
      lockedUntil: null,
      provider: transport.name,
      providerMessageId,
      lastError: null,
      ...(redact ? { html: REDACTED_BODY, text: REDACTED_BODY } : {}),
    })
    .where(ownedBy(row))
  return { status: 'sent', providerUnavailable: false }
}

// Hands a claimed row back untouched (as if never claimed) when the batch ran out of lock time.
async function release(db: Database, row: OutboxEmail) {
  await db
    .update(emailOutbox)
    .set({ status: 'pending', lockedUntil: null, attempts: row.attempts - 1 })
    .where(ownedBy(row))
}

/**
 * Puts a failed email back in the queue with a fresh set of attempts. Returns false when the row
 * does not exist or is not failed. The caller (a coordinator action) records the audit event.
 */
export async function retryFailedEmail(id: number, executor: Executor = getDb()): Promise<boolean> {
  const rows = await executor
    .update(emailOutbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, 'failed')))
    .returning({ id: emailOutbox.id })
  return rows.length > 0
}

export type OutboxDispatcher = {
  /** Run soon (e.g. right after a request enqueued mail) instead of waiting for the next tick. */
  kick(): void
  /** No new run starts; resolves once the run in flight, if any, has finished. */
  stop(): Promise<void>
}

export type StartOutboxDispatcherOptions = {
  intervalMs?: number
  transport?: Transport
  batchSize?: number
  retryBaseMs?: number
  logger?: OutboxLogger
}

/**
 * Delivers the outbox in the background: one run at a time on a setTimeout chain, the first at once.
 * A failing run is logged and retried later; it never throws into the process.
 */
export function startOutboxDispatcher(options: StartOutboxDispatcherOptions = {}): OutboxDispatcher {
  const intervalMs = options.intervalMs ?? getEnv().OUTBOX_INTERVAL_MS
  const transport = options.transport ?? getTransport()
  const batchSize = options.batchSize ?? 10
  const logger = options.logger ?? defaultLogger()

  let timer: ReturnType<typeof setTimeout> | undefined
  let inFlight: Promise<void> | undefined
  let runAgain = false
  let stopped = false
  let consecutiveErrors = 0

  const schedule = (delayMs: number) => {
    if (stopped) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(tick, delayMs)
    // The loop alone must not keep a process (a script, a test run) alive.
    timer.unref?.()
  }

  const runOnce = async () => {
    try {
      const result = await dispatchDueEmails({ transport, batchSize, logger, retryBaseMs: options.retryBaseMs })
      consecutiveErrors = 0
      // A full batch means more may be due: go again without waiting — unless sends are failing, when
      // going again at once would only hammer the provider.
      if (result.claimed >= batchSize && result.retried === 0) runAgain = true
    } catch (error) {
      consecutiveErrors++
      logger.error('outbox: dispatch run failed', { reason: describeError(error), consecutiveErrors })
      if (isDatabaseUnavailable(error)) renewDatabasePool()
    }
  }

  function tick() {
    timer = undefined
    if (inFlight) {
      runAgain = true
      return
    }
    inFlight = runOnce().finally(() => {
      inFlight = undefined
      if (runAgain && consecutiveErrors === 0) {
        runAgain = false
        schedule(0)
      } else {
        runAgain = false
        // While the database is unreachable, back off instead of logging every interval.
        schedule(consecutiveErrors === 0 ? intervalMs : Math.min(intervalMs * 2 ** consecutiveErrors, 60_000))
      }
    })
  }

  schedule(0)
  return {
    kick() {
      if (stopped) return
      if (inFlight) runAgain = true
      else schedule(0)
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      timer = undefined
      await inFlight
    },
  }
}

/**
 * One short line about an error, safe to store and log. Drizzle's query errors carry the SQL parameters
 * (email bodies with their links): only the database's own message is kept.
 */
export function describeError(error: unknown): string {
  if (error instanceof TransportError) return clip(error.message)
  if (!(error instanceof Error)) return 'unknown error'
  const root = error.cause instanceof Error ? error.cause : error
  const code = (root as { code?: unknown }).code
  const firstLine = root.message.split('\n')[0] ?? ''
  return clip(`${root.name}${typeof code === 'string' ? ` ${code}` : ''}: ${firstLine}`)
}

function clip(value: string, max = 300) {
  const oneLine = value.replace(/\s+/g, ' ').trim()
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine
}

function defaultLogger(): OutboxLogger {
  return {
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  }
}

/** A coordinator sends a failed email again (audited); false when the id names no failed email. */
export async function retryFailedEmailAs(options: { actor: Actor; id: number }): Promise<boolean> {
  authorize(options.actor, 'outbox:read')
  return getDb().transaction(async (tx) => {
    const ok = await retryFailedEmail(options.id, tx)
    if (ok)
      await writeAudit(tx, {
        actor: { userId: options.actor.userId, role: options.actor.role },
        action: 'email.retried',
        subjectType: 'email',
        subjectId: String(options.id),
      })
    return ok
  })
}
