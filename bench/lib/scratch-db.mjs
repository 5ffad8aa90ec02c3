import postgres from 'postgres'

/**
 * A scratch database named `name` on the server DATABASE_URL names, for a benchmark: created afresh, or kept
 * from an earlier run when `reuse` is asked (BENCH_REUSE=1 with one kept by BENCH_KEEP=1) and it exists.
 * Exits with a message when DATABASE_URL is not set. The caller ends `admin` (and drops the database if it wants).
 */
export async function scratchDatabase(name, { reuse = false } = {}) {
  const url = process.env.DATABASE_URL
  if (!url) {
    process.stderr.write('Set DATABASE_URL to a PostgreSQL server (a scratch database is created there).\n')
    process.exit(1)
  }
  const scratch = new URL(url)
  scratch.pathname = `/${name}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  const reused = reuse && (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length === 1
  if (!reused) {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.unsafe(`CREATE DATABASE ${name}`)
  }
  return { admin, scratchUrl: scratch.toString(), reused }
}
