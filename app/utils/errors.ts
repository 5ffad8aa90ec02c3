/**
 * Expected failures of a domain action, with a stable code. Routes turn them into translated messages
 * (`errors.<code>` in the locale files) and the right status; they never become a 500.
 */
export const APP_ERROR_STATUS = {
  invalid_credentials: 400,
  throttled: 429,
  email_taken: 409,
  token_invalid: 400,
  password_weak: 400,
  password_incorrect: 400,
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid_input: 400,
  /** Disabling this coordinator would leave nobody who can sign in as one. */
  last_coordinator: 409,
  /** The organisation has sent as many team invitations as it may in a day. */
  invitations_limited: 429,
} as const

export type AppErrorCode = keyof typeof APP_ERROR_STATUS

export class AppError extends Error {
  readonly code: AppErrorCode
  readonly status: number
  /** The form field the error belongs to, when there is one. */
  readonly field?: string
  readonly values?: Record<string, string | number>

  constructor(code: AppErrorCode, options: { field?: string; values?: Record<string, string | number> } = {}) {
    super(code)
    this.name = 'AppError'
    this.code = code
    this.status = APP_ERROR_STATUS[code]
    this.field = options.field
    this.values = options.values
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError
}

/** For loaders: the result, or the 404 page when the domain says not_found (unknown, or outside the actor's scope). */
export async function notFoundAs404<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw error
  }
}
