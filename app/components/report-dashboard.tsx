import { Form, Link, useLoaderData, useNavigation } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { offersOf } from '#app/modules/reports/offers.ts'
import { DataTable, HorizontalBars, StackedBars } from '#app/components/charts.tsx'

import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { Field, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { formatDate, formatNumber, formatPercent, formatVnd } from '#app/modules/i18n/format.ts'
import type { loadReports } from '#app/pages/reports.server.ts'

const KIND_COLORS = { job: '#1d4ed8', course: '#7c3aed', loan: '#b45309' } as const

/** One figure with its label, and a note when it has no rate yet (too few starts). */
function Kpi({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-stone-200 bg-white p-4" data-testid={testId}>
      <p className="text-sm text-stone-700">{label}</p>
      <p className="text-2xl font-bold text-stone-900 tabular-nums">{value}</p>
      {note ? <p className="text-xs text-stone-600">{note}</p> : null}
    </div>
  )
}

export function ReportDashboard() {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const { area, partnerKind, figures, partnersTotal, wards, selectedWard, query, canExportPeople } =
    useLoaderData<typeof loadReports>()
  // Staff see every kind of offer; a partner sees its own kind's figures.
  const offers = offersOf(area, partnerKind)
  const f = figures
  const day = (d: string) => formatDate(`${d}T00:00:00+07:00`, locale)
  const num = (n: number) => formatNumber(n, locale)
  const rateText = (r: number | null) => (r === null ? '—' : formatPercent(r, locale))
  const fewNote = t('reports.fewStarts', { n: 5 })
  const exportHref = (table: string, format: 'csv' | 'xlsx') => {
    const params = new URLSearchParams(query)
    params.set('table', table)
    params.set('format', format)
    return `/${area}/reports/export?${params.toString()}`
  }
  const months = f.startsByMonth
  const funnelItems = (['created', 'referred', 'accepted', 'started', 'completed'] as const).map((k) => ({
    label: t(`reports.funnel.${k}`),
    value: f.funnel[k],
  }))
  const tableExports = (table: string) => (
    <p className="mt-3 flex flex-wrap gap-3 text-sm">
      <a href={exportHref(table, 'csv')} download data-testid={`export-${table}-csv`}>
        {t('reports.downloadCsv')}
      </a>
      <a href={exportHref(table, 'xlsx')} download>
        {t('reports.downloadXlsx')}
      </a>
    </p>
  )
  return (
    <div className="min-w-0 space-y-6">
      <PageHeader
        title={t(`reports.title.${area}`)}
        description={t('reports.period', { from: day(f.scope.from), to: day(f.scope.to) })}
        actions={
          <a href={exportHref('all', 'xlsx')} download className={buttonClass('secondary')}>
            {t('reports.downloadAll')}
          </a>
        }
      />
      <Form
        method="get"
        className="grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-end"
      >
        <Field label={t('reports.from')} inputProps={{ name: 'from', type: 'date', defaultValue: f.scope.from }} />
        <Field label={t('reports.to')} inputProps={{ name: 'to', type: 'date', defaultValue: f.scope.to }} />
        {wards.length > 0 ? (
          <SelectField label={t('reports.ward')} selectProps={{ name: 'ward', defaultValue: selectedWard }}>
            <option value="">{area === 'coordinator' ? t('reports.allCity') : t('reports.allMyWards')}</option>
            {wards.map((w) => (
              <option key={w.code} value={w.code}>
                {w.name}
              </option>
            ))}
          </SelectField>
        ) : null}
        <div className="flex gap-2 pb-5">
          <Button type="submit" pending={navigation.state === 'loading'}>
            {t('reports.apply')}
          </Button>
          <Link to={`/${area}/reports`} className={buttonClass('secondary')}>
            {t('reports.reset')}
          </Link>
        </div>
      </Form>

      <section aria-label={t('reports.keyFigures')} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Kpi label={t('reports.kpi.started')} value={num(f.funnel.started)} testId="kpi-started" />
        {offers('employer') ? (
          <Kpi
            label={t('reports.kpi.retention90')}
            value={rateText(f.retention[90].rate)}
            note={
              f.retention[90].rate === null
                ? fewNote
                : t('reports.ofN', { done: num(f.retention[90].count), n: num(f.retention[90].eligible) })
            }
          />
        ) : null}
        {offers('training_centre') ? (
          <Kpi
            label={t('reports.kpi.courseCompletion')}
            value={rateText(f.courseCompletion.rate)}
            note={f.courseCompletion.rate === null ? fewNote : undefined}
          />
        ) : null}
        {offers('lender') ? (
          <Kpi
            label={t('reports.kpi.loans')}
            value={formatVnd(f.loans.amountVnd, locale)}
            note={t('reports.loansNote', {
              n: num(f.loans.disbursed),
              rate: rateText(f.loans.onTimeRate),
            })}
          />
        ) : null}
        <Kpi
          label={t('reports.kpi.medianDays')}
          value={f.medianDaysToFirstStart.days === null ? '—' : num(f.medianDaysToFirstStart.days)}
          note={t('reports.peopleCount', { n: num(f.medianDaysToFirstStart.people) })}
        />
        {f.overdueCheckIns !== null ? (
          <Kpi label={t('reports.kpi.overdue')} value={num(f.overdueCheckIns)} testId="kpi-overdue" />
        ) : null}
      </section>

      {f.targets && f.targets.rows.some((r) => r.target > 0) ? (
        <Card title={t('reports.targetsTitle', { year: f.targets.year })}>
          <ul className="space-y-3" data-testid="target-progress">
            {f.targets.rows
              .filter((r) => r.target > 0)
              .map((r) => {
                const share = Math.min(r.actual / r.target, 1)
                return (
                  <li key={r.metric}>
                    <p className="flex justify-between text-sm">
                      <span>{t(`reports.targetMetric.${r.metric}`)}</span>
                      <span className="tabular-nums">
                        {t('reports.ofN', { done: num(r.actual), n: num(r.target) })} (
                        {formatPercent(r.actual / r.target, locale)})
                      </span>
                    </p>
                    <div
                      role="progressbar"
                      aria-label={t(`reports.targetMetric.${r.metric}`)}
                      aria-valuemin={0}
                      aria-valuemax={r.target}
                      aria-valuenow={Math.min(r.actual, r.target)}
                      className="mt-1 h-2 overflow-hidden rounded-full bg-stone-200"
                    >
                      <svg
                        viewBox="0 0 100 2"
                        preserveAspectRatio="none"
                        className="block h-2 w-full"
                        aria-hidden="true"
                      >
                        <rect width={share * 100} height="2" fill="#1f6f50" />
                      </svg>
                    </div>
                  </li>
                )
              })}
          </ul>
        </Card>
      ) : null}

      {/* Grid items may shrink below their content (the charts scroll inside their own box instead). */}
      <div className="grid gap-6 lg:grid-cols-2 [&>*]:min-w-0">
        <Card title={t('reports.tables.funnel')}>
          <HorizontalBars
            title={t('reports.tables.funnel')}
            description={t('reports.funnelDesc')}
            items={funnelItems}
          />
          <DataTable
            caption={t('reports.tables.funnel')}
            headers={[t('reports.col.stage'), t('reports.col.matches')]}
            rows={funnelItems.map((i) => [i.label, num(i.value)])}
            testId="funnel-table"
          />
          {tableExports('funnel')}
        </Card>
        <Card title={t('reports.tables.starts')}>
          <StackedBars
            title={t('reports.tables.starts')}
            description={t('reports.startsDesc')}
            categories={months.map((m) => m.month.slice(2).replace('-', '/'))}
            series={(['job', 'course', 'loan'] as const).map((k) => ({
              key: k,
              label: t(`reports.kind.${k}`),
              color: KIND_COLORS[k],
            }))}
            values={months.map((m) => [m.job, m.course, m.loan])}
          />
          <details className="mt-2">
            <summary className="cursor-pointer text-sm font-medium text-brand-800">{t('reports.showTable')}</summary>
            <DataTable
              caption={t('reports.tables.starts')}
              headers={[
                t('reports.col.month'),
                t('reports.kind.job'),
                t('reports.kind.course'),
                t('reports.kind.loan'),
              ]}
              rows={months.map((m) => [m.month, num(m.job), num(m.course), num(m.loan)])}
            />
          </details>
          {tableExports('starts')}
        </Card>
      </div>

      <Card title={t('reports.tables.outcomes')}>
        <DataTable
          caption={t('reports.tables.outcomes')}
          headers={[t('reports.col.measure'), t('reports.col.count'), t('reports.col.outOf'), t('reports.col.percent')]}
          rows={[
            ...(offers('employer')
              ? ([30, 90, 180] as const).map((d) => [
                  t('reports.retentionAt', { days: d }),
                  num(f.retention[d].count),
                  num(f.retention[d].eligible),
                  rateText(f.retention[d].rate),
                ])
              : []),
            ...(offers('training_centre')
              ? [
                  [
                    t('reports.courseCompletion'),
                    num(f.courseCompletion.completed),
                    num(f.courseCompletion.completed + f.courseCompletion.ended),
                    rateText(f.courseCompletion.rate),
                  ],
                ]
              : []),
            ...(offers('lender')
              ? [
                  [
                    t('reports.onTimeRepayment'),
                    num(f.loans.onTime),
                    num(f.loans.reported),
                    rateText(f.loans.onTimeRate),
                  ],
                ]
              : []),
          ]}
          testId="outcomes-table"
        />
        <p className="mt-2 text-sm text-stone-600">{fewNote}</p>
        {tableExports('outcomes')}
      </Card>

      {area !== 'partner' ? (
        <Card title={t('reports.tables.partners')}>
          {f.partners.length === 0 ? (
            <p className="text-stone-700">{t('reports.noPartners')}</p>
          ) : (
            <DataTable
              caption={t('reports.tables.partners')}
              headers={[
                t('reports.col.partner'),
                t('reports.col.referred'),
                t('reports.col.started'),
                t('reports.col.completed'),
                t('reports.col.placementRate'),
                t('reports.col.completionRate'),
                t('reports.col.retention90'),
              ]}
              rows={f.partners.map((p) => [
                p.name,
                num(p.referred),
                num(p.started),
                num(p.completed),
                rateText(p.placementRate),
                rateText(p.completionRate),
                rateText(p.retention90),
              ])}
              testId="partners-table"
            />
          )}
          {partnersTotal > f.partners.length ? (
            <p className="mt-2 text-sm text-stone-600" data-testid="partners-shown">
              {t('reports.partnersShown', { shown: num(f.partners.length), total: num(partnersTotal) })}
            </p>
          ) : null}
          {tableExports('partners')}
        </Card>
      ) : null}

      {f.caseload ? (
        <Card title={t('reports.tables.wards')}>
          <p className="mb-3 text-sm text-stone-700">
            {(['active', 'on_hold', 'closed', 'draft'] as const)
              .map((s) => `${t(`reports.status.${s}`)}: ${num(f.caseload!.byStatus[s])}`)
              .join(' · ')}
          </p>
          <DataTable
            caption={t('reports.tables.wards')}
            headers={[
              t('reports.col.ward'),
              t('reports.status.active'),
              t('reports.status.on_hold'),
              t('reports.status.closed'),
              t('reports.col.total'),
            ]}
            rows={f.caseload.byWard
              .slice(0, 30)
              .map((w) => [w.wardName, num(w.active), num(w.on_hold), num(w.closed), num(w.total)])}
            testId="wards-table"
          />
          {tableExports('wards')}
        </Card>
      ) : null}
      {canExportPeople ? (
        <Card title={t('reports.people.title')}>
          <p className="mb-3 text-sm text-stone-700">{t('reports.people.intro')}</p>
          {/* A plain form: the answer is a file for the browser to save. */}
          <Form method="post" action={`/${area}/reports/export?${query}`} reloadDocument className="space-y-3">
            <TextareaField
              label={t('reports.people.reason')}
              textareaProps={{ name: 'reason', required: true, minLength: 10, maxLength: 500, rows: 2 }}
            />
            <SelectField label={t('reports.people.format')} selectProps={{ name: 'format', defaultValue: 'csv' }}>
              <option value="csv">CSV</option>
              <option value="xlsx">Excel</option>
            </SelectField>
            <Button type="submit" variant="secondary">
              {t('reports.people.submit')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </div>
  )
}
