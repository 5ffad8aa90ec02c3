import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll } from 'vitest'
import { closeDatabase, openDatabase } from '#db/client.server.ts'
import { TEMPLATE_DB, withDatabase } from './global-db'

// Each integration test file gets a database of its own, migrated and holding the reference data.
let dropDatabase: (() => Promise<void>) | undefined

beforeAll(async () => {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    await openDatabase({ driver: 'pglite' })
    return
  }
  const name = `hoa_nhap_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(url, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`)
  await admin.end()
  await openDatabase({ driver: 'postgres', url: withDatabase(url, name), poolMax: 8 })
  dropDatabase = async () => {
    const a = postgres(url, { max: 1, onnotice: () => {} })
    await a.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await a.end()
  }
})

afterAll(async () => {
  await closeDatabase()
  await dropDatabase?.()
})
