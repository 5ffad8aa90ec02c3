// npm run db:seed — adds the demo accounts and organisations (idempotent). On a PostgreSQL server this
// runs only when asked for explicitly, as here.
//
// npm run seed -- --scale N — the demo data first, then generated data at scale N on top (N = 1: 100,000
// people, 20,000 listings, about 500,000 match events; fractions such as 0.1 allowed; see SCALE_UNIT in
// bench/lib/scale-data.mjs). Sign in as the demo accounts to look at it: the demo caseworkers' wards and
// the demo partners get the largest share. Once per database: a second run refuses (drop and create it).
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { closeDatabase, getDb } from '../db/client.server'
import { DEMO_PARTNERS, DEMO_USERS, seedDemo } from '../db/seed'
import { countRows, scaleSizes, seedAtScale } from '../bench/lib/scale-data.mjs'
import { getEnv } from '../app/utils/env.server'
import { openConfiguredDatabase } from './db'

/**
 * The most the embedded database takes (5,000 people): PGlite runs in this one process on one thread with
 * one connection and WebAssembly's memory, so bulk generation is many times slower than on a server and
 * the result is too big for it to serve well. Larger scales need DATABASE_URL.
 */
const PGLITE_MAX_SCALE = 0.05
const MAX_SCALE = 10

const { values } = parseArgs({ options: { scale: { type: 'string' } }, strict: true })
const scale = values.scale === undefined ? null : Number(values.scale)
if (scale !== null && !(Number.isFinite(scale) && scale > 0 && scale <= MAX_SCALE)) {
  process.stderr.write(
    `--scale takes a number above 0 and at most ${MAX_SCALE} (1 = 100,000 people), not ${values.scale}\n`,
  )
  process.exit(1)
}
const env = getEnv()
if (scale !== null && !env.DATABASE_URL && scale > PGLITE_MAX_SCALE) {
  process.stderr.write(
    `--scale ${scale} is too much for the embedded database (PGlite: one process, one connection, slow bulk ` +
      `writes). Use at most --scale ${PGLITE_MAX_SCALE}, or set DATABASE_URL to a PostgreSQL server.\n`,
  )
  process.exit(1)
}

const started = performance.now()
await openConfiguredDatabase()
await seedDemo()
process.stdout.write(`Demo data seeded (${((performance.now() - started) / 1000).toFixed(1)} s).\n`)

if (scale !== null) {
  // The generators take a postgres.js client; on the embedded database, the same two calls over PGlite.
  // Memory for the generators' sorts (the default 4 MB spills them to disk), and no JIT: compiling these
  // large statements takes longer than running them. Startup settings, so a RESET comes back to them.
  const server = env.DATABASE_URL
    ? postgres(env.DATABASE_URL, { max: 1, onnotice: () => {}, connection: { work_mem: '256MB', jit: 'off' } })
    : null
  const client: SqlClient = server
    ? (server as unknown as SqlClient)
    : pgliteClient((getDb() as unknown as { $client: PgliteLike }).$client)
  try {
    const [existing] = await client`SELECT count(*)::int AS n FROM candidates WHERE public_code LIKE 'HS-%'`
    if (existing.n > 0) {
      process.stderr.write(`This database already has generated data (${existing.n} people): seed a fresh one.\n`)
      process.exitCode = 1
    } else {
      const sizes = scaleSizes(scale)
      process.stdout.write(
        `Generating scale ${scale}: ${sizes.candidates} people, ${sizes.listings} listings of ${sizes.organisations} ` +
          `partners, ${sizes.matches} matches…\n`,
      )
      const generationStarted = performance.now()
      const focusWards = DEMO_USERS.flatMap((u) => u.wards ?? [])
      const demoOrganisations = await client`
        SELECT m.organisation_id AS id FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE u.email = ANY(${DEMO_PARTNERS.map((p) => p.owner.email)})`
      await seedAtScale(client, {
        scale,
        focusWards,
        busyOrganisations: demoOrganisations.map((o: { id: string }) => o.id),
        log: (line: string) => process.stdout.write(`${line}\n`),
      })
      const [{ name }] = await client`SELECT current_database() AS name`
      if (env.DATABASE_URL) await client.unsafe(`COMMENT ON DATABASE "${name}" IS 'hoa-nhap scale ${scale}'`)
      const counts = await countRows(client)
      const [caseload] = await client`
        SELECT count(*)::int AS n FROM candidates WHERE ward_code = ANY(${DEMO_USERS[1]!.wards!})`
      process.stdout.write(
        `Generated in ${((performance.now() - generationStarted) / 1000).toFixed(1)} s ` +
          `(${((performance.now() - started) / 1000).toFixed(1)} s in all). Now in the database:\n` +
          Object.entries(counts)
            .map(([k, v]) => `  ${k.replaceAll('_', ' ')}: ${Number(v).toLocaleString('en')}`)
            .join('\n') +
          `\n  canbo1's caseload (wards ${DEMO_USERS[1]!.wards!.join(', ')}): ${caseload.n.toLocaleString('en')}\n`,
      )
    }
  } finally {
    await server?.end()
  }
}
await closeDatabase()

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of any shape, as postgres.js gives them
type Rows = any[]
type SqlClient = {
  (strings: TemplateStringsArray, ...params: unknown[]): Promise<Rows>
  unsafe: (sql: string) => Promise<unknown>
}
type PgliteLike = {
  exec: (sql: string) => Promise<{ rows: Record<string, unknown>[] }[]>
  query: (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>
}

/** The subset of postgres.js the generators use (`unsafe` and the tagged template), over PGlite. */
function pgliteClient(pg: PgliteLike): SqlClient {
  const tag = async (strings: TemplateStringsArray, ...params: unknown[]): Promise<Rows> => {
    const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`)
    return (await pg.query(text, params)).rows
  }
  return Object.assign(tag, {
    unsafe: async (sql: string) => (await pg.exec(sql)).at(-1)?.rows ?? [],
  })
}
