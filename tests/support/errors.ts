import { AppError } from '~/utils/errors'

/** Awaits a call that must fail with an expected domain error, and returns that error. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError, the call succeeded')
}
