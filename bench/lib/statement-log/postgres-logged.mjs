// postgres.js with every statement and its parameters appended to BENCH_STATEMENT_LOG (see register.mjs).
import { appendFileSync } from 'node:fs'
import postgres from 'postgres'

const file = process.env.BENCH_STATEMENT_LOG

function serialise(_key, value) {
  if (typeof value === 'bigint') return value.toString()
  return value
}

function record(_connection, query, parameters) {
  if (file) appendFileSync(file, `${JSON.stringify({ at: Date.now(), query, parameters }, serialise)}\n`)
}

export default function loggedPostgres(url, options = {}) {
  return postgres(url, { ...options, debug: record })
}
Object.assign(loggedPostgres, postgres)
