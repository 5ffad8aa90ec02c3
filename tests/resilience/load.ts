import { Agent, request as httpRequest } from 'node:http'
import { performance } from 'node:perf_hooks'

/**
 * A small closed-loop load generator: each virtual user has its own keep-alive connection (like one
 * browser tab), sends one request, reads the whole answer, waits a moment and goes on. Every answer is
 * kept as a sample, so a test can ask what happened in any window of time. Loopback only.
 */

export type Step = {
  /** A label for the figures, e.g. `caseworker casefile`. */
  name: string
  method: 'GET' | 'POST'
  path: string
  form?: Record<string, string>
  /** Statuses that mean "worked as intended" when nothing is wrong (e.g. [200], or [302, 303] after a form). */
  expect: number[]
  /** Called when the answer had an expected status: the app acknowledged it. */
  acknowledged?: () => void
}

export type VirtualUser = {
  role: string
  cookie?: string
  /** The n-th step of this user (n counts from 0). */
  next: (n: number) => Step
}

export type Sample = {
  role: string
  name: string
  method: string
  /** null when no HTTP answer came (network error or timeout). */
  status: number | null
  error: string | null
  /** performance.now() when the request started and when its answer was fully read. */
  start: number
  end: number
  ms: number
  expected: boolean
  retryAfter: string | null
  /** For a 503: the body is the translated "briefly unavailable" page (or its JSON form). */
  friendly503: boolean
}

export type LoadRun = {
  samples: Sample[]
  /** No new request starts; resolves when the ones in flight have finished. */
  stop(): Promise<void>
  stopped: boolean
}

export type LoadOptions = {
  baseUrl: string
  users: VirtualUser[]
  /** Pause between one user's requests (ms); a little jitter keeps users from marching in step. */
  thinkMs?: number
  /** A request unanswered after this long counts as a timeout (a hang). */
  timeoutMs?: number
  /** Text the translated 503 page must contain. */
  unavailableText: string
  /** Asked after every failed request: true stops this user (e.g. the server has stopped listening). */
  shouldStop?: (sample: Sample) => boolean
  /** Upper bound, whatever happens: the run stops by itself after this long. */
  maxDurationMs: number
}

export function startLoad(options: LoadOptions): LoadRun {
  const { baseUrl, users, thinkMs = 5, timeoutMs = 30_000, maxDurationMs } = options
  const url = new URL(baseUrl)
  const samples: Sample[] = []
  const run: LoadRun = { samples, stopped: false, stop: async () => {} }
  const deadline = setTimeout(() => (run.stopped = true), maxDurationMs)
  deadline.unref()

  const loops = users.map(async (user) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    try {
      for (let n = 0; !run.stopped; n++) {
        const step = user.next(n)
        const sample = await send({ url, agent, user, step, timeoutMs, unavailableText: options.unavailableText })
        samples.push(sample)
        if (sample.expected) step.acknowledged?.()
        else if (options.shouldStop?.(sample)) return
        if (thinkMs > 0) await sleep(thinkMs * (0.5 + Math.random()))
      }
    } finally {
      agent.destroy()
    }
  })
  const all = Promise.all(loops).then(() => clearTimeout(deadline))
  run.stop = async () => {
    run.stopped = true
    await all
  }
  return run
}

function send(options: {
  url: URL
  agent: Agent
  user: VirtualUser
  step: Step
  timeoutMs: number
  unavailableText: string
}): Promise<Sample> {
  const { url, agent, user, step } = options
  const body = step.form ? new URLSearchParams(step.form).toString() : undefined
  const headers: Record<string, string> = { Accept: 'text/html,application/json' }
  if (user.cookie) headers.Cookie = user.cookie
  if (body !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded'
    headers['Content-Length'] = String(Buffer.byteLength(body))
    headers.Origin = url.origin // a form posted from the site itself
  }
  const start = performance.now()
  return new Promise((resolve) => {
    let settled = false
    const finish = (status: number | null, error: string | null, text = '', retryAfter: string | null = null) => {
      if (settled) return
      settled = true
      const end = performance.now()
      resolve({
        role: user.role,
        name: step.name,
        method: step.method,
        status,
        error,
        start,
        end,
        ms: end - start,
        expected: status !== null && step.expect.includes(status),
        retryAfter,
        friendly503:
          status === 503 && (text.includes(options.unavailableText) || text.includes('database_unavailable')),
      })
    }
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: step.path, method: step.method, headers, agent },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          finish(
            res.statusCode ?? null,
            null,
            res.statusCode === 503 ? Buffer.concat(chunks).toString('utf8') : '',
            header(res.headers['retry-after']),
          ),
        )
        res.on('error', (error: NodeJS.ErrnoException) => finish(null, error.code ?? error.message))
      },
    )
    req.setTimeout(options.timeoutMs, () => {
      finish(null, 'timeout')
      req.destroy()
    })
    req.on('error', (error: NodeJS.ErrnoException) => finish(null, error.code ?? error.message))
    req.end(body)
  })
}

function header(value: string | string[] | undefined) {
  return (Array.isArray(value) ? value[0] : value) ?? null
}

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export type Figures = {
  requests: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  max: number
  statuses: Record<string, number>
}

/** Count, rate and latency percentiles (ms, nearest rank) of some samples over `seconds`. */
export function figures(samples: Sample[], seconds: number): Figures {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b)
  const rank = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0
  const statuses: Record<string, number> = {}
  for (const s of samples) {
    const key = s.status === null ? (s.error ?? 'error') : String(s.status)
    statuses[key] = (statuses[key] ?? 0) + 1
  }
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    requests: samples.length,
    perSecond: round(samples.length / Math.max(seconds, 0.001)),
    p50: round(rank(50)),
    p95: round(rank(95)),
    p99: round(rank(99)),
    max: round(sorted.at(-1) ?? 0),
    statuses,
  }
}

/** figures() per value of `key` (e.g. per role). */
export function figuresBy(samples: Sample[], seconds: number, key: (s: Sample) => string) {
  const groups = new Map<string, Sample[]>()
  for (const s of samples) {
    const group = groups.get(key(s))
    if (group) group.push(s)
    else groups.set(key(s), [s])
  }
  return Object.fromEntries(
    [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, figures(v, seconds)]),
  )
}
