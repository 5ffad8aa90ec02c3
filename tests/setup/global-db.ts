import postgres from 'postgres'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate } from 'drizzle-orm/postgres-js/migrator'

export const TEMPLATE_DB = 'hoa_nhap_test_template'

/**
 * With TEST_DATABASE_URL (a Postgres server), migrate one template database; each test file then
 * clones it (tests/setup/db.ts). Without it the tests run on in-memory PGlite and this does nothing.
 */
export default async function setup() {
  const url = process.env.TEST_DATABASE_URL
  if (!url) return
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`)
  await admin.unsafe(`CREATE DATABASE ${TEMPLATE_DB}`)
  const templateUrl = withDatabase(url, TEMPLATE_DB)
  const client = postgres(templateUrl, { max: 1, onnotice: () => {} })
  await migrate(drizzle(client), { migrationsFolder: 'db/migrations' })
  await client.end()
  await admin.end()
  return async () => {
    const cleanup = postgres(url, { max: 1, onnotice: () => {} })
    const leftovers = await cleanup<{ datname: string }[]>`
      select datname from pg_database where datname like 'hoa_nhap_test_%'`
    for (const { datname } of leftovers) await cleanup.unsafe(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`)
    await cleanup.end()
  }
}

export function withDatabase(url: string, database: string) {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}
