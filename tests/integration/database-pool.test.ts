import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { getDb, getDriver, renewDatabasePool, rowsOf } from '#db/client.server.ts'

const one = async () => rowsOf<{ n: number }>(await getDb().execute(sql`select 1::int as n`))[0]?.n

it('renews the Postgres pool: queries running on the old one finish, new ones use the new one', async () => {
  if (getDriver() !== 'postgres') {
    // The embedded database has one connection and no pool to renew.
    expect(renewDatabasePool({ force: true })).toBe(false)
    return
  }
  const before = getDb()
  // Queries are lazy: `then` sends it; a moment later it is surely running on the old pool.
  const inFlight = before.execute(sql`select pg_sleep(0.3), 2::int as n`).then((rows) => rows)
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(renewDatabasePool({ force: true })).toBe(true)
  expect(getDb()).not.toBe(before)
  expect(rowsOf<{ n: number }>(await inFlight)[0]?.n).toBe(2)
  expect(await one()).toBe(1)
  // Not forced, right after a renewal: the pool stays (many failing requests renew it once).
  expect(renewDatabasePool()).toBe(false)
})
