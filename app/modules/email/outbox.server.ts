import { and, desc, eq, inArray, lt, sql, type SQL } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import { emailOutbox, type OutboxEmail } from '#db/schema/index.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { ONE_TIME_LINK_TEMPLATES, renderEmail, type EmailMessage } from './render.server'

export type { EmailMessage, EmailTemplate } from './render.server'

export type OutboxStatus = OutboxEmail['status']
export type OutboxMetadata = Record<string, string | number | boolean | null>

/** Written in place of a body that carried a one-time link, once the email has really been delivered. */
export const REDACTED_BODY = '[redacted after delivery: this email contained a one-time link]'

/** Shown instead of a body whose one-time link is still live, to anyone not entitled to the link. */
export const WITHHELD_BODY = '[withheld: this email contains a one-time link]'

export type EnqueueEmailOptions = {
  to: string
  toUserId?: string | null
  locale: Locale
  message: EmailMessage
  /** Ids that help find the email later (e.g. `{ organisationId }`). Never a token or personal data. */
  metadata?: OutboxMetadata
}

/**
 * Renders an email and stores it in the outbox with the executor given. Pass the transaction of the
 * action that causes the email, so both commit or roll back together; the dispatcher delivers it later.
 */
export async function enqueueEmail(executor: Executor, options: EnqueueEmailOptions): Promise<{ id: number }> {
  const { message, locale } = options
  const rendered = await renderEmail(message, locale)
  // The props hold the link (and its token): only the caller's ids and the template name are kept.
  const metadata: OutboxMetadata = { ...options.metadata, template: message.template }
  const [row] = await executor
    .insert(emailOutbox)
    .values({
      toAddress: options.to.trim(),
      toUserId: options.toUserId ?? null,
      locale,
      template: message.template,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      metadata,
    })
    .returning({ id: emailOutbox.id })
  if (!row) throw new Error('The outbox insert returned no row')
  return { id: row.id }
}

/** One line of the outbox list: everything except the body. */
export type OutboxSummary = Omit<OutboxEmail, 'html' | 'text'>

export type ListOutboxOptions = {
  limit: number
  /** The `nextCursor` of the previous page: rows with a smaller id. */
  cursor?: number | null
  status?: OutboxStatus
  to?: string
}

const summaryColumns = {
  id: emailOutbox.id,
  toAddress: emailOutbox.toAddress,
  toUserId: emailOutbox.toUserId,
  locale: emailOutbox.locale,
  template: emailOutbox.template,
  subject: emailOutbox.subject,
  metadata: emailOutbox.metadata,
  status: emailOutbox.status,
  attempts: emailOutbox.attempts,
  nextAttemptAt: emailOutbox.nextAttemptAt,
  lockedUntil: emailOutbox.lockedUntil,
  lastError: emailOutbox.lastError,
  provider: emailOutbox.provider,
  providerMessageId: emailOutbox.providerMessageId,
  sentAt: emailOutbox.sentAt,
  createdAt: emailOutbox.createdAt,
}

/**
 * Newest first, one page at a time (keyset on id, so pages stay stable while new mail arrives).
 * For the developer mailbox and the coordinators' outbox page; bodies are not included.
 */
export async function listOutbox(
  options: ListOutboxOptions,
  executor: Executor = getDb(),
): Promise<{ items: OutboxSummary[]; nextCursor: number | null }> {
  const limit = Math.min(Math.max(Math.trunc(options.limit) || 1, 1), 200)
  const conditions: SQL[] = []
  if (options.cursor != null) conditions.push(lt(emailOutbox.id, options.cursor))
  if (options.status) conditions.push(eq(emailOutbox.status, options.status))
  if (options.to) conditions.push(eq(emailOutbox.toAddress, options.to.trim()))
  const rows = await executor
    .select(summaryColumns)
    .from(emailOutbox)
    .where(and(...conditions))
    .orderBy(desc(emailOutbox.id))
    .limit(limit + 1)
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, nextCursor: rows.length > limit && last ? last.id : null }
}

/**
 * One email with its body. A body whose one-time link may still be live is withheld unless
 * `revealLinks` is set: only the developer mailbox (no real delivery, never production) should set it,
 * because whoever reads such a link can verify, reset or accept an invitation in someone else's name.
 */
export async function getOutboxEmail(
  id: number,
  options: { revealLinks?: boolean; executor?: Executor } = {},
): Promise<OutboxEmail | undefined> {
  const executor = options.executor ?? getDb()
  const [row] = await executor.select().from(emailOutbox).where(eq(emailOutbox.id, id)).limit(1)
  if (!row || options.revealLinks || !carriesLiveLink(row)) return row
  return { ...row, html: WITHHELD_BODY, text: WITHHELD_BODY }
}

/** Whether the stored body still holds a one-time link (it has not been redacted). */
export function carriesLiveLink(row: Pick<OutboxEmail, 'template' | 'html'>) {
  return ONE_TIME_LINK_TEMPLATES.has(row.template) && row.html !== REDACTED_BODY
}

/** How the outbox stands, for coordinators: what is still waiting (and since when) and what failed. */
export type OutboxHealth = {
  /** Not yet delivered: pending or being sent. */
  waiting: number
  /** Of those, the ones whose earlier attempts failed (the provider is down, slow or refusing). */
  retrying: number
  failed: number
  /** When the oldest email still waiting was created; null when nothing waits. */
  oldestWaitingAt: Date | null
}

/** Counts only: no address, subject or body. Uses the status index (sent rows are never read). */
export async function getOutboxHealth(executor: Executor = getDb()): Promise<OutboxHealth> {
  const waiting = inArray(emailOutbox.status, ['pending', 'sending'])
  const [row] = await executor
    .select({
      waiting: sql<number>`count(*) filter (where ${waiting})`.mapWith(Number),
      retrying: sql<number>`count(*) filter (where ${waiting} and ${emailOutbox.attempts} > 0)`.mapWith(Number),
      failed: sql<number>`count(*) filter (where ${emailOutbox.status} = 'failed')`.mapWith(Number),
      oldestWaitingAt: sql<Date | null>`min(${emailOutbox.createdAt}) filter (where ${waiting})`.mapWith(
        emailOutbox.createdAt,
      ),
    })
    .from(emailOutbox)
    .where(inArray(emailOutbox.status, ['pending', 'sending', 'failed']))
  return {
    waiting: row?.waiting ?? 0,
    retrying: row?.retrying ?? 0,
    failed: row?.failed ?? 0,
    oldestWaitingAt: row?.oldestWaitingAt ?? null,
  }
}
