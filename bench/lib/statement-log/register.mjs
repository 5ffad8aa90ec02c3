// `node --import ./bench/lib/statement-log/register.mjs build/server.js` with BENCH_STATEMENT_LOG=<file>:
// the server's postgres.js clients append every statement they send, with its parameters, to the file (one
// JSON object a line). For the HTTP benchmark's query check only: the app itself is unchanged — this swaps
// the `postgres` package for a wrapper that adds postgres.js's own `debug` hook.
import { register } from 'node:module'
import { isMainThread } from 'node:worker_threads'

// This file is also the resolve hook, which Node loads again on its hooks thread.
if (isMainThread) register(import.meta.url)

const wrapper = new URL('./postgres-logged.mjs', import.meta.url).href

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'postgres' && context.parentURL !== wrapper) return { url: wrapper, shortCircuit: true }
  return nextResolve(specifier, context)
}
