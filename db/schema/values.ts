// The closed lists the database's enums hold, as plain arrays and nothing else: the schema makes its enums from
// them, and pages import them from here without pulling drizzle into the browser. One list, one place.

export const MATCH_STATUSES = [
  'interest',
  'approved',
  'rejected',
  'accepted',
  'declined',
  'started',
  'completed',
  'ended',
  'withdrawn',
] as const

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
