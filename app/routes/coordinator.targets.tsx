import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { z } from '#app/utils/zod.ts'
import type { TargetMetric } from '#db/schema/index.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatNumber } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWholeNumber } from '#app/modules/opportunities/listings.schema.ts'
import {
  isTargetYear,
  listWardTargets,
  setWardTargets,
  TARGET_LIMITS,
  TARGET_METRICS,
  targetTotals,
} from '#app/modules/reports/targets.server.ts'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { hanoiToday } from '#app/utils/dates.ts'
import { isAppError } from '#app/utils/errors.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/coordinator.targets'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'targets.title')

/** A box of the form: empty clears the target; otherwise a whole number as people type it ("1.200"). */
const targetInput = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined || value.trim() === '') return null
    const parsed = parseWholeNumber(value)
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: `targets.errors.${parsed.reason}`, input: value })
      return z.NEVER
    }
    if (parsed.value > TARGET_LIMITS.targetMax) {
      ctx.issues.push({ code: 'custom', message: 'targets.errors.tooLarge', input: value })
      return z.NEVER
    }
    return parsed.value
  })

const WardTargetsSchema = z.object({
  year: z
    .number({ error: 'targets.errors.year' })
    .int({ error: 'targets.errors.year' })
    .min(TARGET_LIMITS.yearMin, { error: 'targets.errors.year' })
    .max(TARGET_LIMITS.yearMax, { error: 'targets.errors.year' }),
  wardCode: z.string({ error: 'targets.errors.ward' }).max(10, { error: 'targets.errors.ward' }),
  placed_in_work: targetInput,
  courses_completed: targetInput,
  loans_disbursed: targetInput,
})

const VIETNAMESE_ORDER = new Intl.Collator('vi')

function currentYear() {
  return Number(hanoiToday().slice(0, 4))
}

/** A few years around this one, and the one asked for if it is further away. */
function yearChoices(selected: number) {
  const now = currentYear()
  const years = new Set<number>([selected])
  for (let y = now - 3; y <= now + 2; y++) if (isTargetYear(y)) years.add(y)
  return [...years].sort((a, b) => b - a)
}

export async function loader({ request }: Route.LoaderArgs) {
  await requireAreaPermission(request, 'coordinator', 'coordinator:access')
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = isTargetYear(asked) ? asked : currentYear()
  const [wards, rows, totals] = await Promise.all([listWards(), listWardTargets({ year }), targetTotals({ year })])
  const byWard = new Map<string, Partial<Record<TargetMetric, number>>>()
  for (const r of rows) byWard.set(r.wardCode, { ...byWard.get(r.wardCode), [r.metric]: r.target })
  return {
    year,
    years: yearChoices(year),
    metrics: TARGET_METRICS,
    totals,
    // Vietnamese alphabetical order (Đ after D), whatever the database's collation.
    wards: [...wards]
      .sort((a, b) => VIETNAMESE_ORDER.compare(a.name, b.name))
      .map((w) => ({
        code: w.code,
        name: w.name,
        formerDistricts: w.formerDistricts,
        searchText: foldVietnamese(`${w.searchName} ${w.formerDistricts.join(' ')}`),
        targets: byWard.get(w.code) ?? {},
      })),
  }
}

const DOMAIN_ERROR_KEYS: Record<string, string> = { year: 'targets.errors.year', wardCode: 'targets.errors.ward' }

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'coordinator', 'coordinator:access')
  const formData = await readForm(request)
  const wardCode = String(formData.get('wardCode') ?? '')
  const submission = parseWithZod(formData, { schema: WardTargetsSchema })
  if (submission.status !== 'success') return data({ wardCode, result: submission.reply() }, { status: 400 })
  const { year, wardCode: _, ...targets } = submission.value
  let saved: Awaited<ReturnType<typeof setWardTargets>>
  try {
    saved = await setWardTargets({ actor, year, wardCode, targets })
  } catch (error) {
    // The domain checks again what the form already checked, and what only it can know (does the ward exist).
    if (isAppError(error) && error.code === 'invalid_input' && error.field) {
      const key = DOMAIN_ERROR_KEYS[error.field]
      const result = key
        ? submission.reply({ formErrors: [key] })
        : submission.reply({ fieldErrors: { [error.field]: ['targets.errors.range'] } })
      return data({ wardCode, result }, { status: 400 })
    }
    const { status, result } = replyWithError(submission, error)
    return data({ wardCode, result }, { status })
  }
  const ward = (await listWards()).find((w) => w.code === wardCode)?.name ?? wardCode
  return redirectWithToast(`/coordinator/targets?year=${year}`, {
    type: 'success',
    key: saved.changed.length > 0 ? 'targets.saved' : 'targets.unchanged',
    values: { ward, year },
  })
}

type Ward = ReturnType<typeof useLoaderData<typeof loader>>['wards'][number]
type Filter = 'all' | 'with' | 'without'

function hasTargets(w: Ward) {
  return Object.keys(w.targets).length > 0
}

/**
 * One ward's row: its three boxes belong to a form in the last cell (the `form` attribute), so each ward
 * saves on its own. Below the `sm` breakpoint the row is a stacked card with visible labels.
 */
function WardRow({
  ward,
  year,
  metrics,
  hidden,
  result,
}: {
  ward: Ward
  year: number
  metrics: readonly TargetMetric[]
  hidden: boolean
  result: SubmissionResult<string[]> | undefined
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const formId = `targets-${ward.code}`
  const firstInvalid = useRef<HTMLInputElement>(null)
  const errors = result?.error ?? undefined
  const rowErrors = [...(errors?.[''] ?? []), ...(errors?.year ?? []), ...(errors?.wardCode ?? [])]
  const submitted = result?.initialValue as Record<string, unknown> | undefined
  const invalidMetric = metrics.find((m) => errors?.[m]?.length)
  useEffect(() => {
    // Take the person to what needs fixing (the row may be far down a long table).
    if (result) firstInvalid.current?.focus()
  }, [result])
  const pending = navigation.state === 'submitting' && navigation.formData?.get('wardCode') === ward.code
  return (
    <tr className={hidden ? 'hidden' : 'grid grid-cols-1 gap-2 px-3 py-3 sm:table-row sm:p-0'}>
      <th scope="row" className="text-left font-medium text-stone-900 sm:px-3 sm:py-2">
        {ward.name}
        {ward.formerDistricts.length > 0 ? (
          <span className="block text-xs font-normal text-stone-600">{ward.formerDistricts.join(', ')}</span>
        ) : null}
        {rowErrors.length > 0 ? (
          <span role="alert" className="mt-1 block text-sm font-normal text-red-700">
            {rowErrors.map((e) => t(e)).join(' ')}
          </span>
        ) : null}
      </th>
      {metrics.map((m) => {
        const id = `${ward.code}-${m}`
        const fieldErrors = errors?.[m]
        const current = ward.targets[m]
        const value = submitted ? String(submitted[m] ?? '') : current === undefined ? '' : String(current)
        return (
          <td key={m} className="sm:px-3 sm:py-2 sm:align-top">
            <label htmlFor={id} className="block text-sm text-stone-800 sm:sr-only">
              {t(`targets.metric.${m}`)}
              <span className="sr-only"> — {ward.name}</span>
            </label>
            <input
              ref={m === invalidMetric ? firstInvalid : undefined}
              id={id}
              form={formId}
              name={m}
              type="text"
              inputMode="numeric"
              autoComplete="off"
              maxLength={12}
              defaultValue={value}
              aria-invalid={fieldErrors?.length ? true : undefined}
              aria-describedby={fieldErrors?.length ? `${id}-error` : undefined}
              className="block w-full rounded-md border border-stone-400 bg-white px-3 py-2 text-base tabular-nums text-stone-900 aria-invalid:border-red-700 sm:w-28"
            />
            {fieldErrors?.length ? (
              <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
                {t(fieldErrors[0]!, { defaultValue: t('errors.invalid_input') })}
              </p>
            ) : null}
          </td>
        )
      })}
      <td className="sm:px-3 sm:py-2 sm:align-top">
        <Form id={formId} method="post" preventScrollReset>
          <input type="hidden" name="year" value={year} />
          <input type="hidden" name="wardCode" value={ward.code} />
          <Button type="submit" variant="secondary" pending={pending} className="w-full sm:w-auto">
            {t('targets.save')}
            <span className="sr-only"> — {ward.name}</span>
          </Button>
        </Form>
      </td>
    </tr>
  )
}

export default function WardTargetsPage() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { year, years, metrics, totals, wards } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [query, setQuery] = useState('')
  const [filter, setFilter] = useState<Filter>('all')
  const folded = foldVietnamese(query.trim())
  const visible = useMemo(
    () =>
      new Set(
        wards
          .filter((w) => !folded || w.searchText.includes(folded))
          .filter((w) => filter === 'all' || (filter === 'with') === hasTargets(w))
          .map((w) => w.code),
      ),
    [wards, folded, filter],
  )
  const withTargets = wards.filter(hasTargets).length
  return (
    <div>
      <PageHeader title={t('targets.title')} description={t('targets.intro')} />

      <Form method="get" className="mb-6 flex flex-wrap items-end gap-2">
        <div>
          <label htmlFor="targets-year" className="block text-sm font-medium text-stone-800">
            {t('targets.year')}
          </label>
          <select
            id="targets-year"
            name="year"
            defaultValue={year}
            key={year}
            className="block rounded-md border border-stone-400 bg-white px-3 py-2 text-base text-stone-900"
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="secondary">
          {t('targets.showYear')}
        </Button>
      </Form>

      <Card title={t('targets.totalsTitle', { year })} className="mb-6">
        <dl className="grid gap-4 sm:grid-cols-3">
          {metrics.map((m) => (
            <div key={m}>
              <dt className="text-sm text-stone-700">{t(`targets.metric.${m}`)}</dt>
              <dd className="mt-1 text-2xl font-bold tabular-nums text-stone-900">{formatNumber(totals[m], locale)}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm text-stone-700">
          {t('targets.wardsWithTargets', { count: withTargets, total: wards.length })}
        </p>
      </Card>

      {withTargets === 0 ? (
        <div className="mb-6">
          <EmptyState title={t('targets.empty', { year })}>{t('targets.emptyHint')}</EmptyState>
        </div>
      ) : null}

      <div className="mb-3 flex flex-wrap items-end gap-3">
        <div className="min-w-60 flex-1">
          <label htmlFor="targets-filter" className="block text-sm font-medium text-stone-800">
            {t('targets.filter')}
          </label>
          <input
            id="targets-filter"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            className="block w-full rounded-md border border-stone-400 bg-white px-3 py-2 text-base"
          />
        </div>
        <div>
          <label htmlFor="targets-show" className="block text-sm font-medium text-stone-800">
            {t('targets.show')}
          </label>
          <select
            id="targets-show"
            value={filter}
            onChange={(e) => setFilter(e.target.value as Filter)}
            className="block rounded-md border border-stone-400 bg-white px-3 py-2 text-base"
          >
            <option value="all">{t('targets.showAll')}</option>
            <option value="with">{t('targets.showWith')}</option>
            <option value="without">{t('targets.showWithout')}</option>
          </select>
        </div>
      </div>
      <p className="mb-2 text-sm text-stone-700" aria-live="polite">
        {t('targets.showing', { count: visible.size, total: wards.length })}
      </p>

      {visible.size === 0 ? <p className="mb-3 text-stone-700">{t('targets.noMatch')}</p> : null}
      <div
        className={`overflow-x-auto rounded-lg border border-stone-200 bg-white ${visible.size === 0 ? 'hidden' : ''}`}
      >
        <table className="block min-w-full text-left text-sm sm:table">
          <caption className="sr-only">{t('targets.tableCaption', { year })}</caption>
          <thead className="hidden bg-stone-100 text-stone-800 sm:table-header-group">
            <tr>
              <th scope="col" className="px-3 py-2">
                {t('targets.ward')}
              </th>
              {metrics.map((m) => (
                <th key={m} scope="col" className="px-3 py-2">
                  {t(`targets.metricShort.${m}`)}
                </th>
              ))}
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t('targets.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody className="block divide-y divide-stone-200 sm:table-row-group">
            {wards.map((w) => (
              <WardRow
                key={`${year}-${w.code}`}
                ward={w}
                year={year}
                metrics={metrics}
                hidden={!visible.has(w.code)}
                result={actionData?.wardCode === w.code ? actionData.result : undefined}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
