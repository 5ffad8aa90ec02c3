import { hanoiToday } from '#app/utils/dates.ts'
import { z } from '#app/utils/zod.ts'
import type { employmentType, loanPurpose, OpportunityKind, wagePeriod } from '#db/schema/index.ts'
import {
  EMPLOYMENT_TYPES,
  isIsoDate,
  LISTING_KINDS,
  LISTING_LIMITS,
  LOAN_PURPOSES,
  parseInterestRate,
  parseWholeNumber,
  WAGE_PERIODS,
} from './listing-values'

// The zod-free limits, lists and parsers, for the server code that imports them from here.
export * from './listing-values'

// The rules for a partner's listing, checked in the actions and again by the domain functions, and fetched by
// the browser when the form is first focused. Every message is a locale key. The limits, lists and number
// parsers the form shows live in listing-values.ts, which has no zod, so the page's first load carries none.

// The literal lists must stay within the database enums.
EMPLOYMENT_TYPES satisfies readonly (typeof employmentType.enumValues)[number][]
WAGE_PERIODS satisfies readonly (typeof wagePeriod.enumValues)[number][]
LOAN_PURPOSES satisfies readonly (typeof loanPurpose.enumValues)[number][]
LISTING_KINDS satisfies readonly OpportunityKind[]

const V = 'listingValidation'
const required = { error: 'validation.required' }

/** A form value that may arrive as text (a form) or as a number (code, tests). */
const numberLike = z.union([z.string(), z.number()], required)

function moneyField(max: number = LISTING_LIMITS.moneyMax) {
  return numberLike.transform((value, ctx) => {
    const parsed = parseWholeNumber(value)
    if (!parsed.ok) {
      const key = { format: 'moneyFormat', negative: 'moneyNegative', decimal: 'moneyWhole' }[parsed.reason]
      ctx.issues.push({ code: 'custom', message: `${V}.${key}`, input: value })
      return z.NEVER
    }
    if (parsed.value > max) {
      ctx.issues.push({ code: 'custom', message: `${V}.moneyTooLarge`, input: value })
      return z.NEVER
    }
    return parsed.value
  })
}

function integerField(min: number, max: number, rangeMessage: string) {
  return numberLike.transform((value, ctx) => {
    let n: number
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) {
        ctx.issues.push({ code: 'custom', message: `${V}.wholeNumber`, input: value })
        return z.NEVER
      }
      n = value
    } else {
      // The sign is read here so that "-5" gets the range message, not a money one.
      const text = value.trim()
      const negative = /^[-−–]/.test(text)
      const parsed = parseWholeNumber(negative ? text.slice(1) : text)
      if (!parsed.ok) {
        const key = parsed.reason === 'decimal' ? 'wholeNumber' : 'numberFormat'
        ctx.issues.push({ code: 'custom', message: `${V}.${key}`, input: value })
        return z.NEVER
      }
      n = negative ? -parsed.value : parsed.value
    }
    if (n < min || n > max) {
      ctx.issues.push({ code: 'custom', message: `${V}.${rangeMessage}`, input: value })
      return z.NEVER
    }
    return n
  })
}

function optionalText(max: number, message = `${V}.textTooLong`) {
  return z
    .string()
    .trim()
    .max(max, { error: message })
    .nullish()
    .transform((v) => v || null)
}

const dateField = z
  .string()
  .trim()
  .refine(isIsoDate, { error: `${V}.dateFormat` })

const checkbox = z.boolean().default(false)

export type ListingSchemaOptions = {
  /** Today in Hanoi (YYYY-MM-DD); computed when the form is checked if not given. */
  today?: string
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

function sharedShape(options: ListingSchemaOptions) {
  return {
    title: z
      .string(required)
      .trim()
      .min(LISTING_LIMITS.titleMin, { error: `${V}.titleLength` })
      .max(LISTING_LIMITS.titleMax, { error: `${V}.titleLength` }),
    description: z
      .string(required)
      .trim()
      .min(LISTING_LIMITS.descriptionMin, { error: `${V}.descriptionLength` })
      .max(LISTING_LIMITS.descriptionMax, { error: `${V}.descriptionLength` }),
    wardCode: z.string({ error: `${V}.wardRequired` }).regex(/^\d{5}$/, { error: `${V}.wardRequired` }),
    address: optionalText(LISTING_LIMITS.addressMax),
    capacity: integerField(1, LISTING_LIMITS.capacityMax, 'capacityRange'),
    deadline: dateField
      .refine((d) => d >= (options.today ?? hanoiToday()), { error: `${V}.deadlinePast` })
      .nullish()
      .transform((v) => v ?? null),
    minAge: integerField(LISTING_LIMITS.ageMin, LISTING_LIMITS.ageMax, 'ageRange')
      .nullish()
      .transform((v) => v ?? null),
    maxAge: integerField(LISTING_LIMITS.ageMin, LISTING_LIMITS.ageMax, 'ageRange')
      .nullish()
      .transform((v) => v ?? null),
    acceptsAfterRehab: checkbox,
    acceptsAfterPrison: checkbox,
    eligibilityNotes: optionalText(LISTING_LIMITS.notesMax, `${V}.notesTooLong`),
    requiredSkills: z
      .array(z.string().regex(/^[a-z0-9_]{1,64}$/, { error: `${V}.skillUnknown` }))
      .max(LISTING_LIMITS.skillsMax, { error: `${V}.skillsTooMany` })
      .default([])
      .transform((codes) => [...new Set(codes)]),
  }
}

type Shared = { [K in keyof ReturnType<typeof sharedShape>]: z.output<ReturnType<typeof sharedShape>[K]> }

/** Cross-field rules every kind shares; each runs once both of its fields are valid on their own. */
function withSharedRules<T extends z.ZodType<Shared>>(schema: T) {
  return schema
    .refine((v) => v.minAge === null || v.maxAge === null || v.minAge <= v.maxAge, {
      path: ['maxAge'],
      error: `${V}.ageOrder`,
      when: ({ value }) => {
        const v = value as Partial<Shared>
        return isNumber(v.minAge) && isNumber(v.maxAge)
      },
    })
    .refine((v) => v.acceptsAfterRehab || v.acceptsAfterPrison, {
      path: ['acceptsAfterPrison'],
      error: `${V}.acceptsNobody`,
      when: () => true,
    })
}

type Refinement<T> = [
  (value: T) => boolean,
  { path: PropertyKey[]; error: string; when: (payload: { value: unknown }) => boolean },
]

/** `lower` ≤ `upper` when both are given; the message goes on the field named by `on`. */
function ordered<T extends object>(
  lower: keyof T & string,
  upper: keyof T & string,
  message: string,
  on: 'lower' | 'upper' = 'upper',
): Refinement<T> {
  return [
    (v) => {
      const a = v[lower] as unknown
      const b = v[upper] as unknown
      return !isNumber(a) || !isNumber(b) || a <= b
    },
    {
      path: [on === 'upper' ? upper : lower],
      error: `${V}.${message}`,
      when: ({ value }) => {
        const v = value as Record<string, unknown>
        return isNumber(v[lower]) && isNumber(v[upper])
      },
    },
  ]
}

export function jobListingSchema(options: ListingSchemaOptions = {}) {
  const schema = z.object({
    kind: z.literal('job'),
    ...sharedShape(options),
    employmentType: z.enum(EMPLOYMENT_TYPES, { error: 'validation.choose' }),
    wageMin: moneyField()
      .nullish()
      .transform((v) => v ?? null),
    wageMax: moneyField()
      .nullish()
      .transform((v) => v ?? null),
    wagePeriod: z.enum(WAGE_PERIODS, { error: 'validation.choose' }).default('month'),
    shift: optionalText(LISTING_LIMITS.shortTextMax),
    housingProvided: checkbox,
    mealsProvided: checkbox,
    certificateRequired: optionalText(LISTING_LIMITS.shortTextMax),
  })
  type Out = z.output<typeof schema>
  return withSharedRules(schema).refine(...ordered<Out>('wageMin', 'wageMax', 'wageOrder'))
}

export function courseListingSchema(options: ListingSchemaOptions = {}) {
  const schema = z.object({
    kind: z.literal('course'),
    ...sharedShape(options),
    durationWeeks: integerField(1, LISTING_LIMITS.durationWeeksMax, 'durationRange'),
    schedule: optionalText(LISTING_LIMITS.shortTextMax),
    startDate: dateField.nullish().transform((v) => v ?? null),
    costVnd: moneyField()
      .nullish()
      .transform((v) => v ?? 0),
    subsidyVnd: moneyField()
      .nullish()
      .transform((v) => v ?? 0),
    certificate: optionalText(LISTING_LIMITS.shortTextMax),
  })
  type Out = z.output<typeof schema>
  return withSharedRules(schema).refine(...ordered<Out>('subsidyVnd', 'costVnd', 'subsidyExceedsCost', 'lower'))
}

export function loanListingSchema(options: ListingSchemaOptions = {}) {
  const schema = z.object({
    kind: z.literal('loan'),
    ...sharedShape(options),
    amountMin: moneyField(),
    amountMax: moneyField().refine((v) => v <= LISTING_LIMITS.loanAmountMax, { error: `${V}.loanAmountCap` }),
    interestRate: numberLike.transform((value, ctx) => {
      const parsed = parseInterestRate(value)
      if (!parsed.ok) {
        const key = parsed.reason === 'decimals' ? 'rateDecimals' : 'rateFormat'
        ctx.issues.push({ code: 'custom', message: `${V}.${key}`, input: value })
        return z.NEVER
      }
      if (parsed.value < 0 || parsed.value > LISTING_LIMITS.interestRateMax) {
        ctx.issues.push({ code: 'custom', message: `${V}.rateRange`, input: value })
        return z.NEVER
      }
      return parsed.value
    }),
    termMonths: integerField(1, LISTING_LIMITS.termMonthsMax, 'termRange'),
    gracePeriodMonths: integerField(0, LISTING_LIMITS.termMonthsMax, 'graceRange')
      .nullish()
      .transform((v) => v ?? 0),
    collateralRequired: checkbox,
    guarantorRequired: checkbox,
    // No default: an empty list must fail (a default would skip the check).
    purposes: z
      .array(z.enum(LOAN_PURPOSES, { error: `${V}.purposesRequired` }), { error: `${V}.purposesRequired` })
      .min(1, { error: `${V}.purposesRequired` })
      .transform((p) => [...new Set(p)]),
  })
  type Out = z.output<typeof schema>
  return withSharedRules(schema)
    .refine(...ordered<Out>('amountMin', 'amountMax', 'loanOrder'))
    .refine(...ordered<Out>('gracePeriodMonths', 'termMonths', 'graceRange', 'lower'))
}

type JobSchema = ReturnType<typeof jobListingSchema>
type CourseSchema = ReturnType<typeof courseListingSchema>
type LoanSchema = ReturnType<typeof loanListingSchema>
export type ListingSchema = JobSchema | CourseSchema | LoanSchema

/** The schema for one kind of listing (the kind follows the organisation's kind). */
export function listingSchema(kind: OpportunityKind, options: ListingSchemaOptions = {}): ListingSchema {
  switch (kind) {
    case 'job':
      return jobListingSchema(options)
    case 'course':
      return courseListingSchema(options)
    case 'loan':
      return loanListingSchema(options)
  }
}

/** What a form or a caller hands in: text as typed, or numbers. */
export type ListingInput = z.input<JobSchema> | z.input<CourseSchema> | z.input<LoanSchema>
/** The checked, normalised values (whole đồng, nulls for what was left empty). */
export type ListingValues = z.output<JobSchema> | z.output<CourseSchema> | z.output<LoanSchema>
export type JobListingValues = z.output<JobSchema>
export type CourseListingValues = z.output<CourseSchema>
export type LoanListingValues = z.output<LoanSchema>

/** Reopening a closed listing, optionally with a new deadline (empty: no deadline). */
export function reopenListingSchema(options: ListingSchemaOptions = {}) {
  return z.object({
    intent: z.literal('reopen'),
    deadline: dateField
      .refine((d) => d >= (options.today ?? hanoiToday()), { error: `${V}.deadlinePast` })
      .nullish()
      .transform((v) => v ?? null),
  })
}

export type OrganisationStatus = 'pending' | 'approved' | 'rejected' | 'suspended'

export { hanoiToday }
