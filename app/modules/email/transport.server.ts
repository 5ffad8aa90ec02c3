import { Resend } from 'resend'
import { getEnv } from '#app/utils/env.server.ts'

/** One rendered email handed to a transport. */
export type OutgoingEmail = {
  id: number
  to: string
  subject: string
  html: string
  text: string
  /** Stable per outbox row: the provider drops a repeat of a request it has already accepted. */
  idempotencyKey: string
}

/** Something that delivers an email, or (the mailbox) deliberately keeps it. */
export interface Transport {
  name: string
  send(email: OutgoingEmail): Promise<{ providerMessageId: string }>
}

/**
 * A failed delivery. `retryable` tells the dispatcher whether trying again later can help
 * (rate limit, provider outage, network) or not (the provider rejected the request itself).
 * The message is short and safe to store: it never holds the API key or the email body.
 */
export class TransportError extends Error {
  override name = 'TransportError'
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode: number | null = null,
    /** The provider's Retry-After, when it sent one (a 429 or a 503). */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message)
  }

  /**
   * The provider itself is unwell (no answer, a timeout, 5xx, rate limited), not this one email: the
   * dispatcher stops its batch instead of sending every other email into the same wall.
   */
  get providerUnavailable() {
    return this.retryable && (this.statusCode === null || this.statusCode === 429 || this.statusCode >= 500)
  }
}

const MAX_RETRY_AFTER_MS = 60 * 60_000

/** A Retry-After header (seconds, or an HTTP date) in milliseconds; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now
  if (!Number.isFinite(ms)) return null
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS)
}

// 409 means "the same idempotency key is still being processed": the first request may yet succeed.
const RETRYABLE_CODES = new Set(['concurrent_idempotent_requests', 'rate_limit_exceeded'])

function isRetryable(statusCode: number | null, code: string | undefined) {
  if (statusCode === null) return true // no answer: network failure or timeout
  if (statusCode === 429 || statusCode >= 500) return true
  return code !== undefined && RETRYABLE_CODES.has(code)
}

function clip(value: string, max = 200) {
  const oneLine = value.replace(/\s+/g, ' ').trim()
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine
}

export type ResendTransportOptions = {
  apiKey: string
  /** The API origin; a local stand-in in tests. Defaults to Resend's. */
  baseUrl?: string
  from: string
  /** Abort a request that has not answered by then; the dispatcher retries it later. */
  timeoutMs?: number
}

/** Delivers through Resend's HTTP API, one request per email, with the row's idempotency key. */
export function createResendTransport({
  apiKey,
  baseUrl,
  from,
  timeoutMs = 15_000,
}: ResendTransportOptions): Transport {
  const resend = new Resend(apiKey, baseUrl ? { baseUrl } : undefined)
  return {
    name: 'resend',
    async send(email) {
      let response: Awaited<ReturnType<typeof resend.emails.send>>
      try {
        response = await resend.emails.send(
          { from, to: [email.to], subject: email.subject, html: email.html, text: email.text },
          { idempotencyKey: email.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
        )
      } catch (error) {
        // The SDK reports HTTP and network failures as values; a throw is unexpected, so assume transient.
        const reason = error instanceof Error ? error.name : 'unknown error'
        throw new TransportError(`Resend request failed: ${clip(reason)}`, true)
      }
      if (response.error) {
        const { statusCode, name, message } = response.error
        const status = statusCode ?? 'no response'
        throw new TransportError(
          `Resend ${status} ${clip(String(name ?? 'error'), 60)}: ${clip(String(message ?? ''))}`,
          isRetryable(statusCode ?? null, name),
          statusCode ?? null,
          parseRetryAfter(response.headers?.['retry-after']),
        )
      }
      if (!response.data?.id) throw new TransportError('Resend answered without a message id', true)
      return { providerMessageId: response.data.id }
    },
  }
}

/**
 * Used when no API key is set (development, tests, demo): nothing leaves the machine. The dispatcher
 * marks the email as handled by the 'mailbox' provider and keeps its body for the developer mailbox.
 */
export function createMailboxTransport(): Transport {
  return {
    name: 'mailbox',
    async send(email) {
      return { providerMessageId: `mailbox-${email.id}` }
    },
  }
}

/** Resend when RESEND_API_KEY is set, otherwise the mailbox. */
export function getTransport(): Transport {
  const env = getEnv()
  if (!env.RESEND_API_KEY) return createMailboxTransport()
  return createResendTransport({
    apiKey: env.RESEND_API_KEY,
    baseUrl: env.RESEND_BASE_URL,
    from: env.EMAIL_FROM,
    timeoutMs: env.RESEND_TIMEOUT_MS,
  })
}
