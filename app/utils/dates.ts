// The one place calendar days are worked out. Deadlines, due dates and "today" are Hanoi days, whatever the
// time zone of the server or the browser; dates travel as YYYY-MM-DD strings.

const HANOI_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Ho_Chi_Minh',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** Today's date in Hanoi, as YYYY-MM-DD (en-CA writes dates that way). */
export function hanoiToday(now: Date = new Date()): string {
  return HANOI_DAY.format(now)
}

/** A calendar date `days` later (or earlier), as YYYY-MM-DD. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

/**
 * A real calendar day written YYYY-MM-DD ("2026-02-31" and "2026-13-45" look like dates but are not),
 * optionally within a range of years. Check before a value from a form or a URL reaches the database.
 */
export function isCalendarDate(value: unknown, years: { from?: number; to?: number } = {}): value is string {
  if (typeof value !== 'string') return false
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return false
  return y >= (years.from ?? 1) && y <= (years.to ?? 9999)
}

/** Whole years from `dateOfBirth` to `today` (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}
