import { Form, useActionData, useNavigation } from 'react-router'
import { useId } from 'react'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import type { MatchReportKind, MatchReportStatus } from '#db/schema/index.ts'

import { Button } from '#app/components/ui/button.tsx'
import { Field, FieldErrors, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/modules/i18n/format.ts'

/** One report as the pages show it (what `listMatchReports` returns, serialised). */
export type MatchReportItem = {
  id: string
  kind: MatchReportKind
  status: MatchReportStatus
  lateDays: number | null
  note: string | null
  reporterName: string | null
  reportedAt: string
}

/** A match's reports, newest first: when, what, how many days late, the note and who reported it. */
export function MatchReportList({ reports }: { reports: MatchReportItem[] }) {
  const { t } = useTranslation()
  const locale = useLocale()
  if (reports.length === 0) return <p className="text-stone-700">{t('partnerReports.empty')}</p>
  return (
    <ol className="divide-y divide-stone-200" data-testid="match-reports">
      {reports.map((r) => (
        <li key={r.id} className="py-3 first:pt-0 last:pb-0" data-status={r.status}>
          <p className="font-medium text-stone-900">
            {t(`partnerReports.status.${r.status}`)}
            {r.lateDays !== null ? (
              <span className="font-normal text-stone-800">
                {' · '}
                {t('partnerReports.lateDaysShown', { count: r.lateDays })}
              </span>
            ) : null}
          </p>
          <p className="text-sm text-stone-700">
            <time dateTime={r.reportedAt}>{formatDateTime(r.reportedAt, locale)}</time>
            {r.reporterName ? ` · ${t('partnerReports.reportedBy', { name: r.reporterName })}` : null}
          </p>
          {r.note ? <p className="mt-1 text-sm break-words whitespace-pre-line text-stone-900">{r.note}</p> : null}
        </li>
      ))}
    </ol>
  )
}

type ReportActionData = { reportError?: { key: string; field: string | null; values: Record<string, string> } }

/**
 * The partner's report on a started match, for the listing's kind of report: a status (radios), the days late
 * when repayment is late, and a note. Carries the version the page was loaded with, like the action forms.
 * The days field is shown by CSS once 'late' is chosen, so it works before (or without) JavaScript.
 */
export function PartnerReportForm({
  version,
  kind,
  statuses,
  latestReportId,
}: {
  version: number
  kind: MatchReportKind
  statuses: readonly MatchReportStatus[]
  /** Resets the form once a report is saved (the page reloads with it at the top of the list). */
  latestReportId: string | null
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const actionData = useActionData<ReportActionData>()
  const id = useId()
  const error = actionData?.reportError
  const errorsFor = (field: string) => (error?.field === field ? [error.key] : undefined)
  const formErrors = error && !['status', 'lateDays', 'note'].includes(error.field ?? '') ? [error.key] : undefined
  const pending = navigation.state !== 'idle' && navigation.formData?.get('intent') === 'report'
  const statusErrorId = `${id}-status-error`
  return (
    <Form
      key={latestReportId ?? 'none'}
      method="post"
      className="group space-y-3"
      aria-label={t('partnerReports.title')}
      data-testid="partner-report-form"
    >
      <input type="hidden" name="intent" value="report" />
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="kind" value={kind} />
      <p className="text-sm text-stone-700">{t(`partnerReports.intro.${kind}`)}</p>
      {/* Keys, not words: FormErrors translates them (none of these messages takes values). */}
      <FormErrors errors={formErrors} />
      <fieldset
        className="space-y-2"
        aria-describedby={statusErrorId}
        aria-invalid={errorsFor('status') ? true : undefined}
      >
        <legend className="mb-1 text-sm font-medium text-stone-800">{t(`partnerReports.statusLegend.${kind}`)}</legend>
        {statuses.map((status) => {
          const hintId = `${id}-${status}-hint`
          const hasHint = status === 'repaid' || status === 'default'
          return (
            <label key={status} className="flex min-h-11 items-start gap-2 text-stone-900">
              <input
                type="radio"
                name="status"
                value={status}
                required
                className="mt-1 size-4 shrink-0"
                aria-describedby={hasHint ? hintId : undefined}
              />
              <span>
                {t(`partnerReports.status.${status}`)}
                {hasHint ? (
                  <span id={hintId} className="block text-sm text-stone-600">
                    {t(`partnerReports.statusHint.${status}`)}
                  </span>
                ) : null}
              </span>
            </label>
          )
        })}
        <FieldErrors id={statusErrorId} errors={errorsFor('status')} />
      </fieldset>
      {statuses.includes('late') ? (
        // Hidden until 'late' is checked (or while the server says the days are wrong).
        <div
          className={errorsFor('lateDays') ? 'block' : 'hidden group-has-[input[value=late]:checked]:block'}
          data-testid="late-days"
        >
          <Field
            label={t('partnerReports.lateDays')}
            hint={t('partnerReports.lateDaysHint')}
            errors={errorsFor('lateDays')}
            inputProps={{
              name: 'lateDays',
              type: 'number',
              inputMode: 'numeric',
              min: 1,
              max: 3650,
              step: 1,
              autoComplete: 'off',
            }}
          />
        </div>
      ) : null}
      <TextareaField
        label={t('partnerReports.note')}
        hint={t('partnerReports.noteHint')}
        errors={errorsFor('note')}
        textareaProps={{ name: 'note', rows: 3, maxLength: 1000 }}
      />
      <Button type="submit" pending={pending}>
        {t('partnerReports.submit')}
      </Button>
    </Form>
  )
}
