import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { isUuid } from './ids'

/**
 * Keyset pages ordered by a timestamp column, newest first, then id. The key travels as Postgres's own text
 * of the timestamp (microseconds included: a JavaScript Date would round them and skip or repeat rows) inside
 * an opaque base64url cursor. A cursor that does not decode to a real timestamp and a UUID is ignored.
 */
export type TimeCursor = { k: string; id: string }

const TIMESTAMP_TEXT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?([+-]\d{2}(:?\d{2})?|Z)$/

function isTimestampText(value: string): boolean {
  const m = TIMESTAMP_TEXT.exec(value)
  if (!m) return false
  const [month, day, hour, minute, second] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as number[]
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= 31 && hour! <= 23 && minute! <= 59 && second! <= 59
}

export function encodeTimeCursor(cursor: TimeCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

export function decodeTimeCursor(cursor: string | null | undefined): TimeCursor | null {
  if (!cursor || cursor.length > 300) return null
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Record<string, unknown>>
    if (typeof value.k !== 'string' || !isTimestampText(value.k) || !isUuid(value.id)) return null
    return { k: value.k, id: value.id }
  } catch {
    return null
  }
}

/**
 * Microseconds since the epoch of a timestamp text as Postgres writes it (`2026-12-07 18:16:13.123456+07`),
 * to order rows in memory by the same key as the database. NaN for text that is not one.
 */
export function timestampMicros(value: string): number {
  const m = TIMESTAMP_TEXT.exec(value)
  if (!m || !isTimestampText(value)) return Number.NaN
  const offset =
    m[8] === 'Z' ? 'Z' : m[8]!.length === 3 ? `${m[8]}:00` : m[8]!.replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2')
  const millis = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`)
  const fraction = Number(((m[7] ?? '.').slice(1) + '000000').slice(0, 6))
  return millis * 1000 + fraction
}

/** The sort key to select alongside the rows, to build the next cursor from the last one. */
export function timeKey(column: AnyColumn): SQL<string> {
  return sql<string>`${column}::text`
}

/** Rows after the cursor, for `order by column desc, id desc`. */
export function beforeTimeCursor(column: AnyColumn, idColumn: AnyColumn, cursor: TimeCursor | null): SQL | undefined {
  if (!cursor) return undefined
  return sql`(${column}, ${idColumn}) < (${cursor.k}::timestamptz, ${cursor.id}::uuid)`
}
