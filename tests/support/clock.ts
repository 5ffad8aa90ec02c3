// Dates for tests, always relative to the moment the test runs: a literal date that "still lies ahead" expires
// (a test that passes today and fails next month is a defect). `npm test` runs the PGlite suites with the clock
// a year ahead to keep it so (scripts/test.mjs).
import { addDays, hanoiToday } from '#app/utils/dates.ts'

const DAY_MS = 24 * 60 * 60 * 1000

/** The moment `days` (may be fractional or negative) from now. */
export function daysFromNow(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() + days * DAY_MS)
}

/** The Hanoi calendar day `days` from today, as YYYY-MM-DD. */
export function hanoiDayFromToday(days: number, now: Date = new Date()): string {
  return addDays(hanoiToday(now), days)
}
