import { isCalendarDate } from '#app/utils/dates.ts'

// What the listing form shows and the schema enforces, without zod (listings.schema.ts has the rules).

export const LISTING_LIMITS = {
  titleMin: 5,
  titleMax: 120,
  descriptionMin: 20,
  descriptionMax: 5000,
  addressMax: 300,
  capacityMax: 10_000,
  ageMin: 15,
  ageMax: 80,
  skillsMax: 15,
  notesMax: 2000,
  shortTextMax: 200,
  /** Any amount of money in a listing, in đồng. */
  moneyMax: 100_000_000_000,
  /** Decision 08/2026/QĐ-TTg (VBSP loans after rehabilitation): at most 200 million đồng per loan. */
  loanAmountMax: 200_000_000,
  interestRateMax: 30,
  durationWeeksMax: 104,
  /** At most 10 years, as in Decision 08/2026/QĐ-TTg. */
  termMonthsMax: 120,
} as const

// Literal lists rather than the database enums, so the browser bundle does not pull in drizzle;
// the `satisfies` lines in listings.schema.ts fail to compile if the two drift apart.
export const EMPLOYMENT_TYPES = ['full_time', 'part_time', 'seasonal', 'apprenticeship'] as const
export const WAGE_PERIODS = ['month', 'day', 'hour'] as const
export const LOAN_PURPOSES = ['training', 'production', 'self_employment'] as const
export const LISTING_KINDS = ['job', 'course', 'loan'] as const

export type EmploymentType = (typeof EMPLOYMENT_TYPES)[number]
export type WagePeriod = (typeof WAGE_PERIODS)[number]
export type LoanPurpose = (typeof LOAN_PURPOSES)[number]

/** A real calendar day (YYYY-MM-DD) from 2000 on. */
export function isIsoDate(value: string): boolean {
  return isCalendarDate(value, { from: 2000 })
}

type Parsed = { ok: true; value: number } | { ok: false; reason: 'format' | 'negative' | 'decimal' }

/**
 * A whole number as people type it: "5.000.000", "5,000,000", "5 000 000" or "5000000" (with an optional
 * "đ", "₫" or "VND" after it). Dots, commas and spaces are only thousands separators here, since đồng have
 * no decimals: "5.5" or "5.000,50" is refused as a decimal rather than guessed at.
 */
export function parseWholeNumber(input: string | number): Parsed {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'format' }
    if (input < 0) return { ok: false, reason: 'negative' }
    if (!Number.isInteger(input)) return { ok: false, reason: 'decimal' }
    return { ok: true, value: input }
  }
  let text = input
    .replace(/[\u00a0\u202f]/g, ' ')
    .trim()
    .replace(/\s*(₫|đồng|đ|vnđ|vnd)$/iu, '')
    .trim()
  const negative = /^[-−–]/.test(text)
  if (negative) text = text.slice(1).trim()
  if (!/^\d[\d., ]*$/.test(text) || /[., ]$/.test(text)) return { ok: false, reason: 'format' }
  const groups = text.split(/[., ]/)
  const separators = new Set(text.replace(/\d/g, ''))
  if (groups.length > 1) {
    const last = groups.at(-1)!
    if (last.length < 3) return { ok: false, reason: 'decimal' }
    const wellGrouped = separators.size === 1 && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3)
    if (!wellGrouped) return { ok: false, reason: 'format' }
  }
  const value = Number(groups.join(''))
  if (negative && value !== 0) return { ok: false, reason: 'negative' }
  return { ok: true, value }
}

/**
 * A yearly interest rate in percent: "6,6", "6.6" or "6.6%"; at most two decimals. Returns the reason
 * when it is not one.
 */
export function parseInterestRate(
  input: string | number,
): { ok: true; value: number } | { ok: false; reason: 'format' | 'decimals' } {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, reason: 'format' }
    if (Math.abs(input * 100 - Math.round(input * 100)) > 1e-9) return { ok: false, reason: 'decimals' }
    return { ok: true, value: input }
  }
  const text = input.trim().replace(/\s*%$/, '').trim()
  const m = /^(-?\d{1,3})(?:[.,](\d+))?$/.exec(text)
  if (!m) return { ok: false, reason: 'format' }
  if ((m[2] ?? '').length > 2) return { ok: false, reason: 'decimals' }
  return { ok: true, value: Number(m[2] ? `${m[1]}.${m[2]}` : m[1]) }
}
