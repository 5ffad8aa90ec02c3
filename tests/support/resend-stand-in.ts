import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local HTTP server that imitates the part of the Resend API the app uses (`POST /emails`), so the
 * real SDK and transport run against a real socket. It records every request and can misbehave on demand.
 */

export type RecordedRequest = {
  method: string
  path: string
  headers: IncomingHttpHeaders
  idempotencyKey: string | undefined
  body: Record<string, unknown> | undefined
}

export type Delivery = { id: string; idempotencyKey: string | undefined; body: Record<string, unknown> }

/**
 * What the next requests get instead of a normal answer:
 * - 500 / 429 / 422: an error answer in Resend's JSON shape (nothing delivered);
 * - 'hang': never answers and delivers nothing (the client times out);
 * - 'lose-response': delivers, then never answers — as when a timeout hits after the provider accepted.
 */
export type Fault = 500 | 429 | 422 | 'hang' | 'lose-response'

export type ResendStandIn = {
  /** Base URL for `new Resend(key, { baseUrl })`. */
  url: string
  apiKey: string
  /** Every request received, in order, including failed and repeated ones. */
  requests: RecordedRequest[]
  /** Emails accepted, once each: a repeat with the same idempotency key is not delivered again. */
  deliveries: Delivery[]
  /** The next `count` requests to /emails meet `fault`. Faults queue in the order given. */
  failNext(fault: Fault, count?: number): void
  /**
   * Every request to /emails meets `fault` until called again with null (an outage of unknown length).
   * Queued failNext faults come first.
   */
  setOutage(fault: Fault | null): void
  /** The Retry-After (seconds) sent with each 429; 1 unless changed. */
  setRetryAfter(seconds: number): void
  /** Delay every answer, to let concurrent clients overlap. */
  setLatency(ms: number): void
  reset(): void
  close(): Promise<void>
}

const ERRORS = {
  500: { statusCode: 500, name: 'internal_server_error', message: 'An unexpected error occurred.' },
  429: { statusCode: 429, name: 'rate_limit_exceeded', message: 'Too many requests. Please slow down.' },
  422: {
    statusCode: 422,
    name: 'validation_error',
    message: 'Invalid `to` field. The email address needs to follow the `email@example.com` format.',
  },
} as const

export async function startResendStandIn(options: { apiKey?: string; port?: number } = {}): Promise<ResendStandIn> {
  const apiKey = options.apiKey ?? 're_test_standin_key'
  const requests: RecordedRequest[] = []
  const deliveries: Delivery[] = []
  // Resend keeps an idempotency key for 24 h: the same key and body answer the first id again.
  const byKey = new Map<string, { id: string; bodyHash: string }>()
  let faults: Fault[] = []
  let outage: Fault | null = null
  let retryAfterSeconds = 1
  let latencyMs = 0

  const send = (res: ServerResponse, status: number, payload: unknown) => {
    const respond = () => {
      if (res.destroyed) return
      const retryAfter = status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {}
      res.writeHead(status, { 'content-type': 'application/json', ...retryAfter })
      res.end(JSON.stringify(payload))
    }
    if (latencyMs > 0) setTimeout(respond, latencyMs)
    else respond()
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      let body: Record<string, unknown> | undefined
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined
      } catch {
        body = undefined
      }
      const idempotencyKey = header(req.headers['idempotency-key'])
      const path = (req.url ?? '/').split('?')[0] ?? '/'
      requests.push({ method: req.method ?? '', path, headers: req.headers, idempotencyKey, body })

      if (req.method !== 'POST' || path !== '/emails') {
        return send(res, 404, { statusCode: 404, name: 'not_found', message: 'The requested endpoint does not exist.' })
      }
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return send(res, 401, { statusCode: 401, name: 'missing_api_key', message: 'Missing or invalid API key.' })
      }

      const fault = faults.shift() ?? outage ?? undefined
      if (fault === 'hang') return // the socket stays open until the client gives up
      if (typeof fault === 'number') return send(res, fault, ERRORS[fault])

      if (!body || typeof body.from !== 'string' || !Array.isArray(body.to) || typeof body.subject !== 'string') {
        return send(res, 422, {
          statusCode: 422,
          name: 'missing_required_field',
          message: 'Missing `from`, `to` or `subject`.',
        })
      }
      const bodyHash = createHash('sha256').update(raw).digest('hex')
      const previous = idempotencyKey ? byKey.get(idempotencyKey) : undefined
      if (previous && previous.bodyHash !== bodyHash) {
        return send(res, 409, {
          statusCode: 409,
          name: 'invalid_idempotent_request',
          message: 'Same idempotency key used with a different request payload.',
        })
      }
      let id = previous?.id
      if (!id) {
        id = randomUUID()
        if (idempotencyKey) byKey.set(idempotencyKey, { id, bodyHash })
        deliveries.push({ id, idempotencyKey, body })
      }
      if (fault === 'lose-response') return
      send(res, 200, { id })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    requests,
    deliveries,
    failNext(fault, count = 1) {
      for (let i = 0; i < count; i++) faults.push(fault)
    },
    setOutage(fault) {
      outage = fault
    },
    setRetryAfter(seconds) {
      retryAfterSeconds = seconds
    },
    setLatency(ms) {
      latencyMs = ms
    },
    reset() {
      requests.length = 0
      deliveries.length = 0
      byKey.clear()
      faults = []
      outage = null
      retryAfterSeconds = 1
      latencyMs = 0
    },
    close() {
      // Hanging requests and keep-alive sockets would otherwise hold the server open.
      server.closeAllConnections()
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    },
  }
}

function header(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value
}
