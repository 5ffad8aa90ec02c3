import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * A throwaway PostgreSQL server of its own (initdb in a temporary folder), for tests that stop and
 * start the database under a running app. Loopback only; fsync off (nothing here survives the test).
 */
export type PostgresCluster = {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string
  port: number
  dir: string
  logFile: string
  /** Fast shutdown: open connections are told 57P01 admin_shutdown, then the server is gone. */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops the server and deletes its folder. Safe to call twice. */
  destroy(): Promise<void>
}

/** The newest PostgreSQL installed under /usr/lib/postgresql (Debian), or PG_BIN, or the PATH. */
export function findPostgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN
  const root = '/usr/lib/postgresql'
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(path.join(root, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b))
    const newest = versions.at(-1)
    if (newest) return path.join(root, newest, 'bin')
  }
  return '' // pg_ctl and initdb from the PATH
}

export async function startPostgresCluster(options: { port: number }): Promise<PostgresCluster> {
  const bin = findPostgresBin()
  const tool = (name: string) => (bin ? path.join(bin, name) : name)
  const dir = mkdtempSync(path.join(tmpdir(), 'hoa-nhap-resilience-pg-'))
  const dataDir = path.join(dir, 'data')
  const logFile = path.join(dir, 'server.log')
  // initdb refuses to run as root: as root, run the server tools as the `postgres` system user.
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres'])
    const { stdout: gid } = await run('id', ['-g', 'postgres'])
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()))
  }
  const pg = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', tool(name), ...args]) : run(tool(name), args)

  await pg('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync'])
  const serverOptions = `-p ${options.port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const start = async () => {
    await pg('pg_ctl', ['-D', dataDir, '-l', logFile, '-o', serverOptions, '-w', '-t', '60', 'start'])
  }
  const stop = async () => {
    await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'])
  }
  await start()
  let destroyed = false
  return {
    url: `postgres://postgres@127.0.0.1:${options.port}/postgres`,
    port: options.port,
    dir,
    logFile,
    stop,
    start,
    async destroy() {
      if (destroyed) return
      destroyed = true
      await stop().catch(() => {}) // already stopped
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
