import { sql } from 'drizzle-orm'
import { getDb, rowsOf } from '#db/client.server.ts'

/** Per table of the app's schema: its row count and an md5 of its rows (in a stable order). */
export type Fingerprint = Record<string, { rows: number; md5: string }>

export type FingerprintOptions = {
  /** Tables left out entirely. */
  skipTables?: readonly string[]
  /** Per table, the only columns compared (the others may change). */
  onlyColumns?: Readonly<Record<string, readonly string[]>>
}

let tableNames: string[] | undefined

/**
 * The state of every table in the `public` schema, in two queries that PGlite (PostgreSQL 18) and a
 * PostgreSQL 15 server both run. Two equal fingerprints mean no row was added, removed or changed.
 */
export async function fingerprint(options: FingerprintOptions = {}): Promise<Fingerprint> {
  const db = getDb()
  tableNames ??= rowsOf<{ name: string }>(
    await db.execute(sql`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
      order by table_name`),
  ).map((r) => r.name)
  const skip = new Set(options.skipTables ?? [])
  const parts = tableNames
    .filter((name) => !skip.has(name))
    .map((name) => {
      const columns = options.onlyColumns?.[name]
      const row = columns ? `row(${columns.map((c) => `t.${quote(c)}`).join(', ')})::text` : 't::text'
      // Ordered by the row's own text: no primary key needed, and the same order before and after.
      return `select '${name}' as name, count(*)::int as rows,
        md5(coalesce(string_agg(${row}, E'\\n' order by ${row}), '')) as md5 from ${quote(name)} t`
    })
  const result = rowsOf<{ name: string; rows: number; md5: string }>(
    await db.execute(sql.raw(parts.join('\nunion all\n'))),
  )
  return Object.fromEntries(result.map((r) => [r.name, { rows: Number(r.rows), md5: r.md5 }]))
}

/** The tables whose fingerprint differs, for a readable failure message. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...names]
    .filter((n) => before[n]?.rows !== after[n]?.rows || before[n]?.md5 !== after[n]?.md5)
    .map((n) => `${n} (${before[n]?.rows ?? '-'} → ${after[n]?.rows ?? '-'} rows)`)
}

function quote(identifier: string) {
  return `"${identifier.replaceAll('"', '""')}"`
}
