import { hanoiToday, isCalendarDate as isRealDate } from '#app/utils/dates.ts'
import { z } from '#app/utils/zod.ts'
import type { candidateStatus, educationLevel, gender, programmeBackground } from '#db/schema/index.ts'
import { normalizeVietnamesePhone } from '#app/modules/partners/organisation.schema.ts'
import { foldVietnamese } from '#app/modules/wards/fold.ts'

// The rules of the intake form, checked in the action and again by the domain functions, and fetched by the
// browser when the form is first focused (checks as the caseworker types). Every message is a locale key.

import {
  BACKGROUNDS,
  CANDIDATE_LIMITS,
  CANDIDATE_STATUSES,
  EDUCATION_LEVELS,
  GENDERS,
  NEEDS,
  type IntakeStep,
} from './candidate-options'

// The zod-free lists and limits, for the server code that imports them from here.
export * from './candidate-options'
CANDIDATE_STATUSES satisfies readonly (typeof candidateStatus.enumValues)[number][]
GENDERS satisfies readonly (typeof gender.enumValues)[number][]
BACKGROUNDS satisfies readonly (typeof programmeBackground.enumValues)[number][]
EDUCATION_LEVELS satisfies readonly (typeof educationLevel.enumValues)[number][]

export type Need = (typeof NEEDS)[number]

const V = 'candidateValidation'
const required = { error: 'validation.required' }

/** A real calendar date written YYYY-MM-DD, between 1900 and 2100. */
export function isCalendarDate(value: string): boolean {
  return isRealDate(value, { from: 1900, to: 2100 })
}

/** Whole years between a date of birth and a day (both YYYY-MM-DD). */
export function ageOn(dateOfBirth: string, today: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number]
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number]
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0)
}

/** A name as stored: trimmed, one space between words. */
export function tidyName(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ')
}

/** A name folded for search and duplicate checks: lower-case, no diacritics, one space between words. */
export function foldName(name: string): string {
  return foldVietnamese(tidyName(name))
    .replace(/[^\p{L}\p{N} ]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * A national ID as people write it ("001 203 004 567") to its digits: 9 digits (old CMND) or 12 digits
 * (CCCD). Null when it is neither.
 */
export function normalizeNationalId(input: string): string | null {
  const digits = input.replace(/[\s.-]/g, '')
  return /^(\d{9}|\d{12})$/.test(digits) ? digits : null
}

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'validation.tooLong' })
    .nullish()
    .transform((v) => (v ? v : null))

/** Step 1: who the person is and where they live. `today` is Hanoi's date (for the age rule). */
export function identityStepSchema(today: string = hanoiToday()) {
  return z.object({
    fullName: z
      .string(required)
      .transform(tidyName)
      .pipe(
        z
          .string()
          .min(CANDIDATE_LIMITS.nameMin, { error: 'validation.tooShort' })
          .max(CANDIDATE_LIMITS.nameMax, { error: 'validation.tooLong' })
          .refine((v) => /\p{L}/u.test(v), { error: `${V}.name` }),
      ),
    dateOfBirth: z
      .string(required)
      .refine(isCalendarDate, { error: `${V}.date` })
      .refine(
        (v) => {
          if (!isCalendarDate(v)) return true
          const age = ageOn(v, today)
          return age >= CANDIDATE_LIMITS.ageMin && age <= CANDIDATE_LIMITS.ageMax
        },
        { error: `${V}.age` },
      ),
    gender: z.enum(GENDERS, { error: 'validation.choose' }).default('unspecified'),
    phone: z
      .string()
      .max(30, { error: 'validation.phone' })
      .nullish()
      .transform((v, ctx) => {
        if (!v?.trim()) return null
        const phone = normalizeVietnamesePhone(v)
        if (!phone) {
          ctx.addIssue({ code: 'custom', message: 'validation.phone' })
          return z.NEVER
        }
        return phone
      }),
    wardCode: z.string({ error: `${V}.ward` }).regex(/^\d{5}$/, { error: `${V}.ward` }),
  })
}

/** Step 2: programme background and education. */
export const backgroundStepSchema = z.object({
  background: z.enum(BACKGROUNDS, { error: 'validation.choose' }),
  programmeEndDate: z
    .string()
    .nullish()
    .refine((v) => !v || isCalendarDate(v), { error: `${V}.date` })
    .transform((v) => v || null),
  education: z
    .enum(EDUCATION_LEVELS, { error: 'validation.choose' })
    .nullish()
    .transform((v) => v ?? null),
})

/** Step 3: skills from the shared vocabulary, what the person needs, when they are free, wishes. */
export const skillsStepSchema = z.object({
  skills: z
    .array(z.string().regex(/^[a-z0-9_]{1,64}$/, { error: `${V}.skillUnknown` }))
    .max(CANDIDATE_LIMITS.skillsMax, { error: `${V}.skillsTooMany` })
    .default([])
    .transform((codes) => [...new Set(codes)].sort()),
  needs: z
    .array(z.enum(NEEDS, { error: `${V}.needs` }), { error: `${V}.needs` })
    .min(1, { error: `${V}.needs` })
    .transform((needs) => NEEDS.filter((n) => needs.includes(n))),
  availability: optionalText(CANDIDATE_LIMITS.shortTextMax),
  preferences: optionalText(CANDIDATE_LIMITS.textMax),
})

/** Step 4: the sensitive section. Everything optional. */
export const sensitiveStepSchema = z.object({
  drugUseHistory: optionalText(CANDIDATE_LIMITS.sensitiveTextMax),
  criminalRecord: optionalText(CANDIDATE_LIMITS.sensitiveTextMax),
  facility: optionalText(CANDIDATE_LIMITS.textMax),
  healthNotes: optionalText(CANDIDATE_LIMITS.sensitiveTextMax),
  nationalId: z
    .string()
    .max(30, { error: `${V}.nationalId` })
    .nullish()
    .transform((v, ctx) => {
      if (!v?.trim()) return null
      const id = normalizeNationalId(v)
      if (!id) {
        ctx.addIssue({ code: 'custom', message: `${V}.nationalId` })
        return z.NEVER
      }
      return id
    }),
})

export type IdentityValues = z.output<ReturnType<typeof identityStepSchema>>
export type BackgroundValues = z.output<typeof backgroundStepSchema>
export type SkillsValues = z.output<typeof skillsStepSchema>
export type SensitiveValues = z.output<typeof sensitiveStepSchema>
export type StepValues = {
  1: IdentityValues
  2: BackgroundValues
  3: SkillsValues
  4: SensitiveValues
}

/** The schema of one intake step. */
export function intakeStepSchema(step: IntakeStep, today: string = hanoiToday()) {
  switch (step) {
    case 1:
      return identityStepSchema(today)
    case 2:
      return backgroundStepSchema
    case 3:
      return skillsStepSchema
    case 4:
      return sensitiveStepSchema
  }
}

/** The fields of each step (the names audit events list when they change). */
export const STEP_FIELDS = {
  1: ['fullName', 'dateOfBirth', 'gender', 'phone', 'wardCode'],
  2: ['background', 'programmeEndDate', 'education'],
  3: ['skills', 'needs', 'availability', 'preferences'],
  4: ['drugUseHistory', 'criminalRecord', 'facility', 'healthNotes', 'nationalId'],
} as const satisfies Record<IntakeStep, readonly string[]>

/** The caseload's search and filters, from the page's URL. Anything malformed is dropped, not an error. */
export const CaseloadQuerySchema = z.object({
  q: z
    .string()
    .trim()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((v) => v || undefined),
  status: z.enum(CANDIDATE_STATUSES).optional().catch(undefined),
  needs: z.enum(NEEDS).optional().catch(undefined),
  wardCode: z
    .string()
    .regex(/^\d{5}$/)
    .optional()
    .catch(undefined),
  followUpsDue: z
    .literal('1')
    .optional()
    .catch(undefined)
    .transform((v) => v === '1'),
  sort: z.enum(['recent', 'name']).default('recent').catch('recent'),
  cursor: z.string().max(500).optional().catch(undefined),
})
export type CaseloadQuery = z.output<typeof CaseloadQuerySchema>

export { hanoiToday }
