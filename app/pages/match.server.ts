import { data } from 'react-router'
import { z } from '#app/utils/zod.ts'
import type { Actor } from '#app/policy.ts'
import { isCalendarDate } from '#app/utils/dates.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { MATCH_ACTIONS, MATCH_LIMITS } from '#app/modules/matching/lifecycle.ts'
import { actOnMatch } from '#app/modules/matching/matches.server.ts'

// The form side of a match page (the caseworker's /caseworker/matches/:id, the partner's
// /partner/referrals/:matchId, the case file): parse what a form posted, act, and answer with a toast or
// with the reason it was refused — never a 500 for anything a browser can send.

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/

const optionalText = (max: number) =>
  z
    .string()
    .max(max * 4)
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : null))

export const MatchFormSchema = z.object({
  action: z.enum(
    MATCH_ACTIONS.filter((a) => a !== 'refer' && a !== 'express_interest') as [
      'approve',
      ...('approve' | 'reject' | 'accept' | 'decline' | 'start' | 'complete' | 'end' | 'withdraw')[],
    ],
  ),
  version: z.coerce.number().int().min(1).max(2_000_000_000),
  reasonCode: optionalText(40),
  nextStepAt: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return null
      // The form's local time is Hanoi's.
      const date = DATETIME_LOCAL.test(v) ? new Date(`${v}:00+07:00`) : new Date(Number.NaN)
      if (Number.isNaN(date.getTime()) || !isCalendarDate(v.slice(0, 10))) {
        ctx.addIssue({ code: 'custom', path: ['nextStepAt'], message: 'matching.errors.nextStepRequired' })
        return z.NEVER
      }
      return date
    }),
  nextStepNote: optionalText(MATCH_LIMITS.noteMax),
  startedOn: optionalText(10),
  endedOn: optionalText(10),
  amountVnd: z
    .string()
    .max(40)
    .optional()
    .transform((v, ctx) => {
      const digits = v?.replace(/[\s.,₫đ]/giu, '') ?? ''
      if (digits === '') return null
      if (!/^\d{1,13}$/.test(digits)) {
        ctx.addIssue({ code: 'custom', path: ['amountVnd'], message: 'matching.errors.amount' })
        return z.NEVER
      }
      return Number(digits)
    }),
  certificateNumber: optionalText(MATCH_LIMITS.certificateMax),
})

export type MatchFormError = { key: string; field: string | null; values: Record<string, string> }

export function matchErrorReply(error: unknown, status?: number) {
  if (!isAppError(error)) throw error
  if (error.code === 'not_found') throw new Response('Not found', { status: 404 })
  const values = Object.fromEntries(Object.entries(error.values ?? {}).map(([k, v]) => [k, String(v)]))
  const key = values.message ?? `errors.${error.code}`
  return data(
    { error: { key, field: error.field ?? null, values } satisfies MatchFormError },
    { status: status ?? error.status },
  )
}

/** Acts on a match from a posted form; back to `backTo` with a toast, or the refusal for the form. */
export async function matchFormAction(options: { actor: Actor; matchId: string; formData: FormData; backTo: string }) {
  const parsed = MatchFormSchema.safeParse(Object.fromEntries(options.formData))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const key = issue?.message.startsWith('matching.') ? issue.message : 'errors.invalid_input'
    return data(
      { error: { key, field: String(issue?.path[0] ?? '') || null, values: {} } satisfies MatchFormError },
      { status: 400 },
    )
  }
  const value = parsed.data
  if (value.startedOn !== null && !isCalendarDate(value.startedOn)) {
    return data({ error: { key: 'matching.errors.startDate', field: 'startedOn', values: {} } }, { status: 400 })
  }
  if (value.endedOn !== null && !isCalendarDate(value.endedOn)) {
    return data({ error: { key: 'matching.errors.endDate', field: 'endedOn', values: {} } }, { status: 400 })
  }
  try {
    await actOnMatch({ actor: options.actor, matchId: options.matchId, ...value })
  } catch (error) {
    return matchErrorReply(error)
  }
  return redirectWithToast(options.backTo, { type: 'success', key: `matching.toast.${value.action}` })
}
