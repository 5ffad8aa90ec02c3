/**
 * WEB_CONCURRENCY > 1: this process forks that many copies of the server, which share the port (Node's cluster
 * hands each connection to one of them in turn). It prepares the database first (migrations, and the demo data
 * when asked for) so the copies do not race to do it, replaces a copy that dies, and on SIGTERM or SIGINT passes
 * the signal on and exits when every copy has finished its requests (0 if all stopped cleanly).
 * Each copy runs the email outbox and the hourly maintenance too: both take their rows with SKIP LOCKED.
 */
import cluster, { type Worker } from 'node:cluster'
import { closeDatabase, openDatabase } from './db/client.server'
import { seedDemoIfWanted } from './db/seed'
import type { Env } from './app/utils/env.server'
import { errorFields, log } from './app/utils/logger.server'

const RESTARTS_PER_MINUTE = 5
const STOP_TIMEOUT_MS = 20_000

export async function runPrimary(env: Env): Promise<never> {
  await openDatabase({ driver: 'postgres', url: env.DATABASE_URL!, poolMax: 1 })
  const seeded = await seedDemoIfWanted()
  await closeDatabase()

  let stopping = false
  let failed = false
  let running = 0
  const restarts: number[] = []
  const fork = () => {
    running += 1
    return cluster.fork({ HN_WORKER_SEEDED: seeded ? 'true' : 'false' })
  }
  cluster.on('exit', (worker: Worker, code, signal) => {
    running -= 1
    if (stopping) {
      // A copy still starting when the signal came ends by it, having served nothing: that is a clean stop too.
      if (code !== 0 && !(code === null && signal === 'SIGTERM')) failed = true
      if (running === 0) {
        log('info', 'stopped', { processes: env.WEB_CONCURRENCY })
        process.exit(failed ? 1 : 0)
      }
      return
    }
    log('error', 'server process died: starting another', { pid: worker.process.pid, code, signal })
    const now = Date.now()
    restarts.push(now)
    while (restarts[0]! < now - 60_000) restarts.shift()
    if (restarts.length > RESTARTS_PER_MINUTE) {
      log('error', 'server processes keep dying: giving up')
      stopAll('restarts', 1)
      return
    }
    fork()
  })
  const stopAll = (reason: string, code = 0) => {
    if (stopping) return
    stopping = true
    if (code !== 0) failed = true
    log('info', 'shutting down', { signal: reason, processes: Object.keys(cluster.workers ?? {}).length })
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    setTimeout(() => {
      log('error', 'shutdown timed out, exiting')
      process.exit(1)
    }, STOP_TIMEOUT_MS).unref()
  }
  process.on('SIGTERM', () => stopAll('SIGTERM'))
  process.on('SIGINT', () => stopAll('SIGINT'))
  for (let i = 0; i < env.WEB_CONCURRENCY; i++) fork()
  log('info', 'started server processes', { processes: env.WEB_CONCURRENCY })
  // The copies serve; this process only watches them, until a signal ends it.
  return new Promise<never>(() => {})
}

export function logPrimaryFailure(error: unknown): never {
  log('error', 'could not start the server processes', errorFields(error))
  process.exit(1)
}
