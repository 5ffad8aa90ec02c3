// The choices of a person's record, as literal lists: pages that only show them (the caseload's filters) import
// this file rather than the form schema, so they do not carry zod to the browser.
// Literal lists rather than the database enums, so the browser bundle does not pull in drizzle; the `satisfies`
// lines in candidates.schema.ts fail to compile if the two drift apart.
export const CANDIDATE_STATUSES = ['draft', 'active', 'on_hold', 'closed'] as const
export const GENDERS = ['female', 'male', 'other', 'unspecified'] as const
export const BACKGROUNDS = ['after_rehab', 'after_prison', 'both'] as const
export const EDUCATION_LEVELS = [
  'none',
  'primary',
  'lower_secondary',
  'upper_secondary',
  'vocational',
  'college_or_higher',
] as const
export const NEEDS = ['job', 'course', 'loan'] as const
