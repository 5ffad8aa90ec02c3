import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { emailOutbox } from '#db/schema/index.ts'
import {
  backoffMs,
  describeError,
  dispatchDueEmails,
  MAX_ATTEMPTS,
  retryFailedEmail,
  startOutboxDispatcher,
  type OutboxLogger,
} from '#app/modules/email/dispatcher.server.ts'
import {
  enqueueEmail,
  getOutboxEmail,
  getOutboxHealth,
  listOutbox,
  REDACTED_BODY,
  WITHHELD_BODY,
  type EmailMessage,
} from '#app/modules/email/outbox.server.ts'
import { createMailboxTransport, createResendTransport } from '#app/modules/email/transport.server.ts'
import { startResendStandIn, type ResendStandIn } from '../support/resend-stand-in'

const FROM = 'Hòa Nhập <no-reply@hoanhap.example>'
const TOKEN = 'tok-secret-7f3a9c'

let standIn: ResendStandIn
const logLines: string[] = []
const record = (message: string, fields?: Record<string, unknown>) =>
  logLines.push(JSON.stringify({ message, ...fields }))
const logger: OutboxLogger = { info: record, warn: record, error: record }

beforeAll(async () => {
  standIn = await startResendStandIn()
})

afterAll(async () => {
  await standIn.close()
  // Whatever happened above, no log line carried a link token.
  expect(logLines.join('\n')).not.toContain(TOKEN)
})

beforeEach(async () => {
  standIn.reset()
  await getDb().delete(emailOutbox)
})

function resend(timeoutMs = 1000) {
  return createResendTransport({ apiKey: standIn.apiKey, baseUrl: standIn.url, from: FROM, timeoutMs })
}

// Slightly ahead of the database clock, so a row inserted a moment ago is surely due.
function soon(offsetMs = 0) {
  return new Date(Date.now() + 1000 + offsetMs)
}

function verify(): EmailMessage {
  return { template: 'verify-email', props: { url: `http://localhost:3000/verify-email?token=${TOKEN}` } }
}

async function enqueue(to = 'lan@example.com', message: EmailMessage = verify()) {
  return enqueueEmail(getDb(), { to, locale: 'vi', message, metadata: { reason: 'test' } })
}

async function row(id: number) {
  const [found] = await getDb().select().from(emailOutbox).where(eq(emailOutbox.id, id))
  if (!found) throw new Error(`no outbox row ${id}`)
  return found
}

describe('enqueueEmail', () => {
  test('an email enqueued in a transaction that rolls back leaves no row', async () => {
    const db = getDb()
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, { to: 'lan@example.com', locale: 'vi', message: verify() })
        throw new Error('the action failed')
      }),
    ).rejects.toThrow('the action failed')
    expect(await db.select().from(emailOutbox)).toHaveLength(0)
  })

  test('an email enqueued in a committed transaction is pending, rendered, with no link in its metadata', async () => {
    const db = getDb()
    const { id } = await db.transaction((tx) =>
      enqueueEmail(tx, {
        to: 'lan@example.com',
        locale: 'en',
        message: verify(),
        metadata: { purpose: 'signup', attempt: 1 },
      }),
    )
    const stored = await row(id)
    expect(stored).toMatchObject({
      status: 'pending',
      attempts: 0,
      toAddress: 'lan@example.com',
      locale: 'en',
      template: 'verify-email',
      subject: 'Confirm your email address for Hòa Nhập',
    })
    expect(stored.metadata).toEqual({ purpose: 'signup', attempt: 1, template: 'verify-email' })
    expect(JSON.stringify(stored.metadata)).not.toMatch(/token|http|Nguyễn/)
    // Until delivery the rendered body is the one place the link lives.
    expect(stored.html).toContain(TOKEN)
    expect(stored.text).toContain(TOKEN)
  })
})

describe('dispatchDueEmails', () => {
  test('the mailbox transport marks the email sent and keeps the body for the developer', async () => {
    const { id } = await enqueue()
    const result = await dispatchDueEmails({ transport: createMailboxTransport(), now: soon(), logger })
    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0, deferred: 0 })
    const stored = await row(id)
    expect(stored).toMatchObject({ status: 'sent', provider: 'mailbox', attempts: 1, lockedUntil: null })
    expect(stored.sentAt).toBeInstanceOf(Date)
    expect(stored.html).toContain(TOKEN)
    expect(standIn.requests).toHaveLength(0)

    // Coordinators see that it exists; only the developer mailbox asks for the live link.
    expect((await getOutboxEmail(id))?.html).toBe(WITHHELD_BODY)
    expect((await getOutboxEmail(id, { revealLinks: true }))?.html).toContain(TOKEN)
  })

  test('Resend delivers with the idempotency key, sender, recipient and subject; the link is then redacted', async () => {
    const { id } = await enqueue('minh@example.com')
    const result = await dispatchDueEmails({ transport: resend(), now: soon(), logger })
    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0, deferred: 0 })

    expect(standIn.requests).toHaveLength(1)
    const [request] = standIn.requests
    expect(request).toMatchObject({ method: 'POST', path: '/emails', idempotencyKey: `hoa-nhap-outbox-${id}` })
    expect(request?.headers.authorization).toBe(`Bearer ${standIn.apiKey}`)
    expect(request?.body).toMatchObject({
      from: FROM,
      to: ['minh@example.com'],
      subject: 'Xác nhận địa chỉ email của bạn trên Hòa Nhập',
    })
    expect(String(request?.body?.html)).toContain(TOKEN)
    expect(String(request?.body?.text)).toContain(TOKEN)

    const stored = await row(id)
    expect(standIn.deliveries).toHaveLength(1)
    expect(stored).toMatchObject({
      status: 'sent',
      provider: 'resend',
      providerMessageId: standIn.deliveries[0]?.id,
      lastError: null,
      html: REDACTED_BODY,
      text: REDACTED_BODY,
    })
    const everything = await getDb().execute(sql`select * from email_outbox`)
    expect(JSON.stringify(everything)).not.toContain(TOKEN)
  })

  test('a 500 is retried after the backoff and the email is delivered exactly once', async () => {
    const { id } = await enqueue()
    standIn.failNext(500)
    const t0 = soon()

    expect(await dispatchDueEmails({ transport: resend(), now: t0, logger })).toEqual({
      claimed: 1,
      sent: 0,
      retried: 1,
      failed: 0,
      deferred: 0,
    })
    let stored = await row(id)
    expect(stored.status).toBe('pending')
    expect(stored.attempts).toBe(1)
    expect(stored.lastError).toMatch(/500/)
    expect(stored.lastError).not.toContain(TOKEN)
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() + backoffMs(1))
    expect(stored.nextAttemptAt.getTime()).toBeLessThan(t0.getTime() + backoffMs(1) + 10_000)

    // Not yet due.
    expect(
      (await dispatchDueEmails({ transport: resend(), now: new Date(t0.getTime() + 10_000), logger })).claimed,
    ).toBe(0)

    const later = new Date(t0.getTime() + backoffMs(1) + 15_000)
    expect(await dispatchDueEmails({ transport: resend(), now: later, logger })).toEqual({
      claimed: 1,
      sent: 1,
      retried: 0,
      failed: 0,
      deferred: 0,
    })
    stored = await row(id)
    expect(stored).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
    expect(standIn.requests.map((r) => r.idempotencyKey)).toEqual([`hoa-nhap-outbox-${id}`, `hoa-nhap-outbox-${id}`])
    expect(standIn.deliveries).toHaveLength(1)
  })

  test('a 429 and a timeout are retryable too', async () => {
    const { id } = await enqueue()
    standIn.failNext(429)
    standIn.failNext('hang')
    const t0 = soon()
    expect((await dispatchDueEmails({ transport: resend(300), now: t0, logger })).retried).toBe(1)
    expect((await row(id)).lastError).toMatch(/429/)

    const t1 = new Date(t0.getTime() + backoffMs(1) + 5_000)
    expect((await dispatchDueEmails({ transport: resend(300), now: t1, logger })).retried).toBe(1)
    const stored = await row(id)
    expect(stored).toMatchObject({ status: 'pending', attempts: 2 })
    expect(stored.lastError).toMatch(/no response/)
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t1.getTime() + backoffMs(2))
    expect(standIn.deliveries).toHaveLength(0)
  })

  test('when the answer is lost after Resend accepted, the retry does not deliver a second time', async () => {
    const { id } = await enqueue()
    standIn.failNext('lose-response')
    const t0 = soon()
    expect((await dispatchDueEmails({ transport: resend(300), now: t0, logger })).retried).toBe(1)
    expect(standIn.deliveries).toHaveLength(1)

    const later = new Date(t0.getTime() + backoffMs(1) + 5_000)
    expect((await dispatchDueEmails({ transport: resend(300), now: later, logger })).sent).toBe(1)
    expect(standIn.requests).toHaveLength(2)
    expect(standIn.deliveries).toHaveLength(1)
    expect((await row(id)).providerMessageId).toBe(standIn.deliveries[0]?.id)
  })

  test('a 422 fails at once with the reason kept; a coordinator can put it back in the queue', async () => {
    const { id } = await enqueue()
    standIn.failNext(422)
    const t0 = soon()
    expect(await dispatchDueEmails({ transport: resend(), now: t0, logger })).toEqual({
      claimed: 1,
      sent: 0,
      retried: 0,
      failed: 1,
      deferred: 0,
    })
    const stored = await row(id)
    expect(stored).toMatchObject({ status: 'failed', attempts: 1, provider: 'resend' })
    expect(stored.lastError).toMatch(/422 validation_error/)
    // A failed email keeps its body, so that it can be retried.
    expect(stored.html).toContain(TOKEN)
    expect(
      (await dispatchDueEmails({ transport: resend(), now: new Date(t0.getTime() + 86_400_000), logger })).claimed,
    ).toBe(0)

    expect(await retryFailedEmail(id)).toBe(true)
    expect(await retryFailedEmail(id)).toBe(false) // no longer failed
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 })
    expect((await dispatchDueEmails({ transport: resend(), now: soon(), logger })).sent).toBe(1)
    expect(standIn.deliveries).toHaveLength(1)
  })

  test(`a retryable error on attempt ${MAX_ATTEMPTS} gives up`, async () => {
    const { id } = await enqueue()
    await getDb()
      .update(emailOutbox)
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where(eq(emailOutbox.id, id))
    standIn.failNext(500)
    expect((await dispatchDueEmails({ transport: resend(), now: soon(), logger })).failed).toBe(1)
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS })
  })

  test('a row a crashed dispatcher left in "sending" is reclaimed once its lock has expired', async () => {
    const db = getDb()
    const stale = await enqueue('stale@example.com')
    const busy = await enqueue('busy@example.com')
    const now = soon()
    await db
      .update(emailOutbox)
      .set({ status: 'sending', attempts: 1, lockedUntil: new Date(now.getTime() - 1_000) })
      .where(eq(emailOutbox.id, stale.id))
    await db
      .update(emailOutbox)
      .set({ status: 'sending', attempts: 1, lockedUntil: new Date(now.getTime() + 30_000) })
      .where(eq(emailOutbox.id, busy.id))

    expect(await dispatchDueEmails({ transport: resend(), now, logger })).toEqual({
      claimed: 1,
      sent: 1,
      retried: 0,
      failed: 0,
      deferred: 0,
    })
    expect(await row(stale.id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(await row(busy.id)).toMatchObject({ status: 'sending', attempts: 1 })
    expect(standIn.requests.map((r) => r.idempotencyKey)).toEqual([`hoa-nhap-outbox-${stale.id}`])
  })

  test('a row interrupted too many times is given up instead of reclaimed forever', async () => {
    const { id } = await enqueue()
    const now = soon()
    await getDb()
      .update(emailOutbox)
      .set({ status: 'sending', attempts: MAX_ATTEMPTS, lockedUntil: new Date(now.getTime() - 1_000) })
      .where(eq(emailOutbox.id, id))
    expect(await dispatchDueEmails({ transport: resend(), now, logger })).toEqual({
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 1,
      deferred: 0,
    })
    expect((await row(id)).status).toBe('failed')
    expect(standIn.requests).toHaveLength(0)
  })

  test('three dispatchers running at once deliver each email exactly once', async () => {
    const ids: number[] = []
    for (let i = 0; i < 36; i++) ids.push((await enqueue(`person${i}@example.com`)).id)
    standIn.setLatency(15)

    const drain = async () => {
      const totals = { claimed: 0, sent: 0 }
      for (;;) {
        const result = await dispatchDueEmails({ transport: resend(), now: soon(), batchSize: 4, logger })
        if (result.claimed === 0) return totals
        totals.claimed += result.claimed
        totals.sent += result.sent
      }
    }
    // On Postgres each has its own connection and SKIP LOCKED keeps them apart; PGlite serialises them.
    const totals = await Promise.all([drain(), drain(), drain()])

    expect(totals.reduce((n, t) => n + t.sent, 0)).toBe(36)
    expect(totals.reduce((n, t) => n + t.claimed, 0)).toBe(36)
    expect(standIn.requests).toHaveLength(36)
    expect(standIn.deliveries).toHaveLength(36)
    expect(new Set(standIn.requests.map((r) => r.idempotencyKey)).size).toBe(36)
    const rows = await getDb().select().from(emailOutbox)
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })
})

describe('provider outages', () => {
  const key = (id: number) => `hoa-nhap-outbox-${id}`

  test('a provider-wide failure stops the batch: the other emails go back untried and go out once it is back', async () => {
    const ids: number[] = []
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) ids.push((await enqueue(to)).id)
    standIn.setOutage(500)
    const t0 = soon()
    expect(await dispatchDueEmails({ transport: resend(), now: t0, logger })).toEqual({
      claimed: 3,
      sent: 0,
      retried: 1,
      failed: 0,
      deferred: 2,
    })
    expect(await row(ids[1]!)).toMatchObject({ status: 'pending', attempts: 0, lockedUntil: null })
    // The next pass probes with the next email; the first waits for its backoff.
    expect(await dispatchDueEmails({ transport: resend(), now: t0, logger })).toMatchObject({
      claimed: 2,
      retried: 1,
      deferred: 1,
    })
    expect(standIn.requests.map((r) => r.idempotencyKey)).toEqual([key(ids[0]!), key(ids[1]!)])

    standIn.setOutage(null)
    const later = new Date(t0.getTime() + backoffMs(1) + 5_000)
    expect(await dispatchDueEmails({ transport: resend(), now: later, logger })).toMatchObject({ claimed: 3, sent: 3 })
    expect(standIn.deliveries.map((d) => d.idempotencyKey).sort()).toEqual(ids.map(key).sort())
  })

  test('a hanging provider costs one timeout per pass, not one per email', async () => {
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) await enqueue(to)
    standIn.setOutage('hang')
    const result = await dispatchDueEmails({ transport: resend(200), now: soon(), logger })
    expect(result).toMatchObject({ claimed: 3, retried: 1, deferred: 2 })
    expect(standIn.requests).toHaveLength(1)
  })

  test('an email the provider refuses (422) does not stop the others', async () => {
    const bad = await enqueue('bad@example.com')
    const good = await enqueue('good@example.com')
    standIn.failNext(422)
    expect(await dispatchDueEmails({ transport: resend(), now: soon(), logger })).toEqual({
      claimed: 2,
      sent: 1,
      retried: 0,
      failed: 1,
      deferred: 0,
    })
    expect((await row(bad.id)).status).toBe('failed')
    expect((await row(good.id)).status).toBe('sent')
  })

  test('a 429 waits at least its Retry-After; otherwise the backoff starts from retryBaseMs', async () => {
    const { id } = await enqueue()
    standIn.setRetryAfter(120)
    standIn.failNext(429)
    const t0 = soon()
    await dispatchDueEmails({ transport: resend(), now: t0, logger, retryBaseMs: 1000 })
    let stored = await row(id)
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t0.getTime() + 120_000)
    expect(stored.nextAttemptAt.getTime()).toBeLessThan(t0.getTime() + 130_000)

    standIn.failNext(500)
    const t1 = new Date(t0.getTime() + 125_000)
    expect((await dispatchDueEmails({ transport: resend(), now: t1, logger, retryBaseMs: 1000 })).retried).toBe(1)
    stored = await row(id)
    expect(stored.attempts).toBe(2)
    expect(stored.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(t1.getTime() + backoffMs(2, 1000))
    expect(stored.nextAttemptAt.getTime()).toBeLessThan(t1.getTime() + backoffMs(2, 1000) + 10_000)
  })
})

describe('startOutboxDispatcher', () => {
  test('runs at start, runs again when kicked, and stop() waits for the run in flight', async () => {
    const first = await enqueue('first@example.com')
    standIn.setLatency(200)
    const dispatcher = startOutboxDispatcher({ transport: resend(), intervalMs: 60_000, logger })
    await waitFor(async () => (await row(first.id)).status === 'sent')

    const second = await enqueue('second@example.com')
    dispatcher.kick()
    // The send takes 200 ms: stop while it is in flight, and it still completes.
    await waitFor(async () => (await row(second.id)).status === 'sending')
    await dispatcher.stop()
    expect((await row(second.id)).status).toBe('sent')

    // Stopped means stopped: a kick does nothing.
    const third = await enqueue('third@example.com')
    dispatcher.kick()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect((await row(third.id)).status).toBe('pending')
    expect(standIn.deliveries).toHaveLength(2)
  })
})

describe('outbox read helpers', () => {
  test('listOutbox pages newest first and filters by status and recipient', async () => {
    const ids: number[] = []
    for (let i = 0; i < 5; i++) ids.push((await enqueue(i % 2 === 0 ? 'even@example.com' : 'odd@example.com')).id)
    await getDb().update(emailOutbox).set({ status: 'failed' }).where(eq(emailOutbox.id, ids[0]!))

    const page1 = await listOutbox({ limit: 2 })
    expect(page1.items.map((i) => i.id)).toEqual([ids[4], ids[3]])
    expect(page1.items[0]).not.toHaveProperty('html')
    const page2 = await listOutbox({ limit: 2, cursor: page1.nextCursor })
    expect(page2.items.map((i) => i.id)).toEqual([ids[2], ids[1]])
    const page3 = await listOutbox({ limit: 2, cursor: page2.nextCursor })
    expect(page3.items.map((i) => i.id)).toEqual([ids[0]])
    expect(page3.nextCursor).toBeNull()

    expect((await listOutbox({ limit: 10, to: 'even@example.com' })).items.map((i) => i.id)).toEqual([
      ids[4],
      ids[2],
      ids[0],
    ])
    expect((await listOutbox({ limit: 10, status: 'failed' })).items.map((i) => i.id)).toEqual([ids[0]])
    expect(await getOutboxEmail(999_999_999)).toBeUndefined()
  })

  test('getOutboxHealth counts what waits, what is being retried and what failed, and the oldest waiting', async () => {
    expect(await getOutboxHealth()).toEqual({ waiting: 0, retrying: 0, failed: 0, oldestWaitingAt: null })
    const ids: number[] = []
    for (let i = 0; i < 4; i++) ids.push((await enqueue(`p${i}@example.com`)).id)
    const db = getDb()
    const oldest = new Date('2026-11-20T08:00:00Z')
    await db.update(emailOutbox).set({ createdAt: oldest, attempts: 2 }).where(eq(emailOutbox.id, ids[0]!))
    await db.update(emailOutbox).set({ status: 'failed', attempts: 8 }).where(eq(emailOutbox.id, ids[1]!))
    await db
      .update(emailOutbox)
      .set({ status: 'sent', createdAt: new Date('2026-01-01T00:00:00Z') })
      .where(eq(emailOutbox.id, ids[2]!))
    expect(await getOutboxHealth()).toEqual({ waiting: 2, retrying: 1, failed: 1, oldestWaitingAt: oldest })
  })

  test('an error from a failed query is described without its parameters', async () => {
    const error = await getDb()
      .execute(sql`select * from no_such_table where secret = ${TOKEN}`)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    expect(error).toBeInstanceOf(Error)
    const line = describeError(error)
    expect(line).toMatch(/no_such_table/)
    expect(line).not.toContain(TOKEN)
  })
})

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
