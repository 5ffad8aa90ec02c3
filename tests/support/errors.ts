import { expect } from 'vitest'
import { AppError } from '#app/utils/errors.ts'

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

/** Awaits a call that must throw, and returns whatever it threw. */
export async function thrown(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw')
}

/**
 * The policy refused with a 403: a domain function throws AppError('forbidden') (answered with 403 by
 * utils/error-answers.server.ts), a route's own check a 403 Response.
 */
export async function expect403(promise: Promise<unknown>) {
  const error = await thrown(promise)
  if (error instanceof AppError) expect(error.code).toBe('forbidden')
  else expect(error).toBeInstanceOf(Response)
  expect((error as { status: number }).status).toBe(403)
}
