import { z } from 'zod'

/** Every setting the server reads, validated once. Nothing here reaches the browser. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** A Postgres server. Unset: the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('.data/pglite'),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).default(10),
  /** Server processes, one per core (with DATABASE_URL only: the embedded database belongs to one process). */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  /** The public origin used in links inside emails, e.g. https://hoanhap.hanoi.gov.vn */
  APP_URL: z.string().url().optional(),
  SESSION_SECRET: z.string().min(16).optional(),
  RESEND_API_KEY: z.string().optional(),
  RESEND_BASE_URL: z.string().url().optional(),
  EMAIL_FROM: z.string().default('Hòa Nhập <no-reply@hoanhap.example>'),
  OUTBOX_INTERVAL_MS: z.coerce.number().int().min(50).default(2000),
  /** The outbox's first retry delay after a failed send; it doubles each attempt (at most 1 h). */
  OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(100).default(30_000),
  /** A Resend request that has not answered by then is abandoned and retried later (same idempotency key). */
  RESEND_TIMEOUT_MS: z.coerce.number().int().min(500).max(20_000).default(15_000),
  /** Seed demo data: `auto` seeds an empty embedded database only. */
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  /** Years after a case is closed before its sensitive fields are erased. */
  RETENTION_YEARS: z.coerce.number().int().min(1).max(30).default(5),
  /** On SIGTERM: how long to keep taking requests already sent before closing the listener. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(5000).default(1000),
  /** Longest a computed dashboard is served again (it is recomputed at any change anyway); 0 turns the cache off. */
  REPORT_CACHE_MAX_AGE_MS: z.coerce.number().int().min(0).max(86_400_000).default(300_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Behind a reverse proxy: trust X-Forwarded-For / -Proto for the client address and scheme. WARNING: 'true'
   * trusts every hop, so a client reaching the app directly, or through a proxy that appends, picks its own
   * address (sign-in limits, audit addresses, the demo mailbox). Use it only behind a proxy that overwrites it.
   */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  /** 'true': the demo's mailbox answers other machines too (a shared demo host). Loopback only by default. */
  DEV_MAILBOX_REMOTE: z.enum(['true', 'false']).default('false'),
})

export type Env = z.infer<typeof EnvSchema> & {
  /** Production means a real deployment: NODE_ENV=production on a Postgres server. The embedded database is never production. */
  isProduction: boolean
  appUrl: string
}

let cached: Env | undefined

export function getEnv(): Env {
  if (cached) return cached
  const parsed = EnvSchema.safeParse(process.env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`Invalid environment: ${problems}`)
  }
  const env = parsed.data
  const isProduction = env.NODE_ENV === 'production' && Boolean(env.DATABASE_URL)
  if (isProduction && !env.SESSION_SECRET) throw new Error('SESSION_SECRET is required in production')
  if (isProduction && !env.APP_URL) throw new Error('APP_URL is required in production')
  if (env.WEB_CONCURRENCY > 1 && !env.DATABASE_URL) {
    throw new Error('WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one process')
  }
  cached = { ...env, isProduction, appUrl: env.APP_URL ?? `http://localhost:${env.PORT}` }
  return cached
}

/** Tests change the environment between cases; this forgets the parsed copy. */
export function resetEnvCache() {
  cached = undefined
}
