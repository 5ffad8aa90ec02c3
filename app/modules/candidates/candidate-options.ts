// The choices and limits of a person's record, without zod: pages that only show them (the caseload's filters, the intake form) import
// this file rather than the form schema, so they do not carry zod to the browser.
// The lists the database's enums hold come from db/schema/values.ts (plain arrays, no drizzle).
export { BACKGROUNDS, CANDIDATE_STATUSES, EDUCATION_LEVELS, GENDERS } from '#db/schema/values.ts'
export const NEEDS = ['job', 'course', 'loan'] as const

/** The lengths and ages the intake accepts (the schema enforces them; the form shows them). */
export const CANDIDATE_LIMITS = {
  nameMin: 2,
  nameMax: 120,
  ageMin: 14,
  ageMax: 90,
  shortTextMax: 500,
  textMax: 1000,
  sensitiveTextMax: 4000,
  skillsMax: 20,
} as const

/** The intake, in four short steps; step 4 holds the sensitive fields. */
export const INTAKE_STEPS = [1, 2, 3, 4] as const
export type IntakeStep = (typeof INTAKE_STEPS)[number]
export const SENSITIVE_STEP: IntakeStep = 4

export function isIntakeStep(value: unknown): value is IntakeStep {
  return typeof value === 'number' && (INTAKE_STEPS as readonly number[]).includes(value)
}
