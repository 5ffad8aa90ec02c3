import { sql, type SQL } from 'drizzle-orm'

/** A list of strings as one SQL `text[]` value (drizzle would otherwise spread an array into a list). */
export function textArray(values: readonly string[]): SQL {
  if (values.length === 0) return sql`'{}'::text[]`
  return sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`
}
