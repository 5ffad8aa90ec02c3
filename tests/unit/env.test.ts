import { afterEach, describe, expect, test } from 'vitest'
import { getEnv, resetEnvCache } from '#app/utils/env.server.ts'

describe('WEB_CONCURRENCY', () => {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, WEB_CONCURRENCY: process.env.WEB_CONCURRENCY }
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    resetEnvCache()
  })
  const withEnv = (env: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    resetEnvCache()
    return getEnv
  }

  test('is one process unless set', () => {
    expect(withEnv({ WEB_CONCURRENCY: undefined })().WEB_CONCURRENCY).toBe(1)
  })

  test('several processes need a PostgreSQL server: the embedded database belongs to one', () => {
    expect(withEnv({ WEB_CONCURRENCY: '2', DATABASE_URL: undefined })).toThrow(
      /WEB_CONCURRENCY above 1 needs DATABASE_URL/,
    )
    expect(withEnv({ WEB_CONCURRENCY: '4', DATABASE_URL: 'postgres://localhost/x' })().WEB_CONCURRENCY).toBe(4)
  })

  test('refuses what is not a count of processes', () => {
    for (const value of ['0', '-1', '1.5', 'two', '65']) {
      expect(withEnv({ WEB_CONCURRENCY: value, DATABASE_URL: 'postgres://localhost/x' })).toThrow(/WEB_CONCURRENCY/)
    }
  })
})

describe('REPORT_CACHE_MAX_AGE_MS', () => {
  const saved = process.env.REPORT_CACHE_MAX_AGE_MS
  afterEach(() => {
    if (saved === undefined) delete process.env.REPORT_CACHE_MAX_AGE_MS
    else process.env.REPORT_CACHE_MAX_AGE_MS = saved
    resetEnvCache()
  })
  const read = (value: string | undefined) => {
    if (value === undefined) delete process.env.REPORT_CACHE_MAX_AGE_MS
    else process.env.REPORT_CACHE_MAX_AGE_MS = value
    resetEnvCache()
    return getEnv().REPORT_CACHE_MAX_AGE_MS
  }

  test('five minutes unless set; 0 turns the cache off', () => {
    expect(read(undefined)).toBe(300_000)
    expect(read('60000')).toBe(60_000)
    expect(read('0')).toBe(0)
  })

  test('a value that is not a duration fails start-up instead of silently disabling the cache', () => {
    for (const value of ['five minutes', '-1', '1.5', '1e12', 'NaN']) {
      expect(() => read(value), value).toThrow(/REPORT_CACHE_MAX_AGE_MS/)
    }
  })
})
