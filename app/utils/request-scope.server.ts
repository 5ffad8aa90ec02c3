import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Values remembered for the length of one HTTP request. React Router hands each loader its own Request object,
 * so "who is signed in" would otherwise be looked up once per loader (four times for one page).
 * server.ts opens a scope around every request; the one storage is shared through globalThis because
 * server.ts and the React Router build are separate bundles.
 */
const holder = globalThis as unknown as { __hoaNhapRequestScope?: AsyncLocalStorage<Map<string, unknown>> }
export const requestScope = (holder.__hoaNhapRequestScope ??= new AsyncLocalStorage<Map<string, unknown>>())

/** `compute()` once per request and key; outside a request scope (scripts, tests) it always computes. */
export function oncePerRequest<T>(key: string, compute: () => T): T {
  const store = requestScope.getStore()
  if (!store) return compute()
  if (!store.has(key)) store.set(key, compute())
  return store.get(key) as T
}

/**
 * The client's address for the request being served (server.ts puts Express's `req.ip` in the scope, the same
 * value as the load context's `clientIp`), or null outside a request: scripts, maintenance, tests.
 */
export function requestClientIp(): string | null {
  const value = requestScope.getStore()?.get('clientIp')
  return typeof value === 'string' ? value : null
}
