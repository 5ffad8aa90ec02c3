import { data } from 'react-router'
import { z } from '#app/utils/zod.ts'
import { recordPartnerReport, REPORT_LIMITS } from '#app/modules/matching/partner-reports.server.ts'
import type { MatchReportKind, MatchReportStatus } from '#db/schema/index.ts'
import type { Actor } from '#app/policy.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'

/** The partner's report form on /partner/referrals/:matchId: the posted form to a recorded report. */

export const REPORT_INTENT = 'report'

const ReportFormSchema = z.object({
  version: z.coerce.number().int().min(1).max(2_000_000_000),
  kind: z.string().max(20),
  status: z.string().max(20).default(''),
  lateDays: z.string().max(10).optional(),
  note: z
    .string()
    .max(REPORT_LIMITS.noteMax * 4)
    .optional(),
})

/** A refused report, for the report form only (the match's action forms read `error`). */
export type ReportFormError = { key: string; field: string | null; values: Record<string, string> }

function reportErrorReply(key: string, field: string | null, status: number, values: Record<string, string> = {}) {
  return data({ reportError: { key, field, values } satisfies ReportFormError }, { status })
}

/** Records a report from the posted form; back to `backTo` with a toast, or the refusal for the form. */
export async function partnerReportFormAction(options: {
  actor: Actor
  matchId: string
  formData: FormData
  backTo: string
}) {
  const parsed = ReportFormSchema.safeParse(Object.fromEntries(options.formData))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = String(issue?.path[0] ?? '') || null
    return reportErrorReply(field === 'note' ? 'partnerReports.errors.noteTooLong' : 'errors.invalid_input', field, 400)
  }
  const { version, kind, status, note } = parsed.data
  // The days field stays in the form (hidden) whatever is chosen: it counts only for 'late'.
  const daysText = status === 'late' ? (parsed.data.lateDays?.trim() ?? '') : ''
  if (daysText !== '' && !/^\d{1,5}$/.test(daysText)) {
    return reportErrorReply('partnerReports.errors.lateDaysRange', 'lateDays', 400)
  }
  try {
    const result = await recordPartnerReport({
      actor: options.actor,
      matchId: options.matchId,
      version,
      kind: kind as MatchReportKind,
      status: status as MatchReportStatus,
      lateDays: daysText === '' ? null : Number(daysText),
      note: note ?? null,
    })
    const toast = result.matchStatus === 'completed' ? 'repaid' : result.matchStatus === 'ended' ? 'defaulted' : 'saved'
    return redirectWithToast(options.backTo, { type: 'success', key: `partnerReports.toast.${toast}` })
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') throw new Response('Not found', { status: 404 })
    const values = Object.fromEntries(Object.entries(error.values ?? {}).map(([k, v]) => [k, String(v)]))
    return reportErrorReply(values.message ?? `errors.${error.code}`, error.field ?? null, error.status, values)
  }
}
