/**
 * Zod's own words for a check that names no message of its own ("Invalid input: expected string, received
 * array" when a field's name is repeated, "Too big: expected string to have <=40 characters"…) would reach the
 * form as they are, in English. Every schema's messages are locale keys: this gives the checks that name none
 * a key too. Installed by #app/utils/zod.ts, where every module that validates takes z from.
 */
export function validationMessageKey(issue: { code?: string; input?: unknown; origin?: string }): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'validation.required'
  if (issue.code === 'too_big' && issue.origin === 'string') return 'validation.tooLong'
  if (issue.code === 'too_small' && issue.origin === 'string') return 'validation.tooShort'
  return 'errors.invalid_input'
}
