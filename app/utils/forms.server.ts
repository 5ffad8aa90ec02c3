import type { Submission } from '@conform-to/react'
import { isAppError } from './errors'

/**
 * Turns an expected domain error into the form's reply: on its field when it has one, otherwise on the
 * form, as locale keys. Anything else is rethrown (a real fault, for the error boundary and the log).
 * Password fields are never sent back to the browser.
 */
export function replyWithError(submission: Submission<unknown>, error: unknown, hideFields: string[] = []) {
  if (!isAppError(error)) throw error
  const key =
    error.code === 'password_weak' && error.values?.problem
      ? `errors.password_${error.values.problem}`
      : `errors.${error.code}`
  const reply = error.field
    ? submission.reply({ fieldErrors: { [error.field]: [key] }, hideFields })
    : submission.reply({ formErrors: [key], hideFields })
  return { result: reply, errorValues: error.values ?? null, status: error.status }
}
