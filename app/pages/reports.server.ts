import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from 'react-router'
import { getLocale } from '#app/utils/locale.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { translate } from '#app/modules/i18n/resources.server.ts'
import type { TOptions } from '#app/modules/i18n/translator.ts'
import { getWardNames, listWards } from '#app/modules/wards/wards.server.ts'
import { can } from '#app/policy.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { authorize } from '#app/policy.ts'
import { toCsv, toXlsx, type ExportTable } from '#app/modules/reports/export-formats.server.ts'
import { cachedDashboard, type DashboardFigures } from '#app/modules/reports/dashboard-cache.server.ts'
import {
  exportPersonRows,
  ownOrganisationKind,
  RETENTION_DAYS,
  scopeFor,
  type ReportScope,
} from '#app/modules/reports/metrics.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import { offersOf, type OfferKind } from '#app/modules/reports/offers.ts'

// The dashboards of the three areas (/coordinator/reports, /caseworker/reports, /partner/reports) and their
// downloads: the same figures, scoped to who asks (the city or a ward; the caseworker's wards; the partner's
// own listings). Aggregated only: no person is named in anything here.

export type ReportArea = 'coordinator' | 'caseworker' | 'partner'
const PERMISSION = {
  coordinator: 'coordinator:access',
  caseworker: 'caseworker:access',
  partner: 'referral:respond',
} as const

async function scopeFromRequest(request: Request, area: ReportArea) {
  const { actor } = await requireAreaPermission(request, area, PERMISSION[area])
  const url = new URL(request.url)
  const scope = scopeFor(actor, {
    from: url.searchParams.get('from'),
    to: url.searchParams.get('to'),
    ward: url.searchParams.get('ward'),
  })
  return { actor, scope, url }
}

export type Dashboard = DashboardFigures

/** A partner's kind of organisation (its page and downloads show the figures of that kind); null for staff. */
async function partnerKindOf(
  actor: Awaited<ReturnType<typeof scopeFromRequest>>['actor'],
  area: ReportArea,
): Promise<string | null> {
  return area === 'partner' ? ownOrganisationKind(actor) : null
}

/** Partner scorecards on the page (ordered by starts); the export has them all. */
export const PARTNERS_ON_PAGE = 25

export async function loadReports({ request }: LoaderFunctionArgs, area: ReportArea) {
  const { actor, scope, url } = await scopeFromRequest(request, area)
  const { figures } = await cachedDashboard(scope, { withCaseload: area !== 'partner' })
  // The ward filter offers what the reader may see: every ward for coordinators, their own for caseworkers.
  const wards =
    area === 'coordinator'
      ? (await listWards()).map((w) => ({ code: w.code, name: w.name }))
      : area === 'caseworker'
        ? [...(await getWardNames(actor.wardCodes)).entries()].map(([code, name]) => ({ code, name }))
        : []
  const partnerKind = await partnerKindOf(actor, area)
  return data(
    {
      area,
      partnerKind,
      // The page shows the partners with the most starts; the download has every one (hundreds, city-wide).
      figures: { ...figures, partners: figures.partners.slice(0, PARTNERS_ON_PAGE) },
      partnersTotal: figures.partners.length,
      wards,
      selectedWard: url.searchParams.get('ward') && scope.wardCodes?.length === 1 ? scope.wardCodes[0]! : '',
      canExportPeople: can(actor, 'candidate:export'),
      query: url.searchParams.toString(),
    },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10)

/** Every table of a dashboard, with headers in the reader's language. */
export function reportTables(
  figures: Dashboard,
  locale: Locale,
  offers: (kind: OfferKind) => boolean = () => true,
): Record<string, ExportTable> {
  const t = (key: string, options?: TOptions) => translate(locale, key, options)
  const tables: Record<string, ExportTable> = {
    funnel: {
      name: t('reports.tables.funnel'),
      headers: [t('reports.col.stage'), t('reports.col.matches')],
      rows: (['created', 'referred', 'accepted', 'started', 'completed'] as const).map((k) => [
        t(`reports.funnel.${k}`),
        figures.funnel[k],
      ]),
    },
    starts: {
      name: t('reports.tables.starts'),
      headers: [t('reports.col.month'), t('reports.kind.job'), t('reports.kind.course'), t('reports.kind.loan')],
      rows: figures.startsByMonth.map((m) => [m.month, m.job, m.course, m.loan]),
    },
    outcomes: {
      name: t('reports.tables.outcomes'),
      headers: [t('reports.col.measure'), t('reports.col.count'), t('reports.col.outOf'), t('reports.col.percent')],
      rows: [
        ...(offers('employer')
          ? RETENTION_DAYS.map((d) => [
              t('reports.retentionAt', { days: d }),
              figures.retention[d].count,
              figures.retention[d].eligible,
              pct(figures.retention[d].rate),
            ])
          : []),
        ...(offers('training_centre')
          ? [
              [
                t('reports.courseCompletion'),
                figures.courseCompletion.completed,
                figures.courseCompletion.completed + figures.courseCompletion.ended,
                pct(figures.courseCompletion.rate),
              ],
            ]
          : []),
        ...(offers('lender')
          ? [
              [
                t('reports.onTimeRepayment'),
                figures.loans.onTime,
                figures.loans.reported,
                pct(figures.loans.onTimeRate),
              ],
              [t('reports.loansDisbursedVnd'), figures.loans.amountVnd, figures.loans.disbursed, null],
            ]
          : []),
        [t('reports.medianDays'), figures.medianDaysToFirstStart.days, figures.medianDaysToFirstStart.people, null],
      ],
    },
    partners: {
      name: t('reports.tables.partners'),
      headers: [
        t('reports.col.partner'),
        t('reports.col.referred'),
        t('reports.col.started'),
        t('reports.col.completed'),
        t('reports.col.ended'),
        t('reports.col.placementRate'),
        t('reports.col.completionRate'),
        t('reports.col.retention90'),
      ],
      rows: figures.partners.map((p) => [
        p.name,
        p.referred,
        p.started,
        p.completed,
        p.ended,
        pct(p.placementRate),
        pct(p.completionRate),
        pct(p.retention90),
      ]),
    },
  }
  if (figures.caseload) {
    tables.wards = {
      name: t('reports.tables.wards'),
      headers: [
        t('reports.col.ward'),
        t('reports.status.active'),
        t('reports.status.on_hold'),
        t('reports.status.closed'),
        t('reports.status.draft'),
        t('reports.col.total'),
      ],
      rows: figures.caseload.byWard.map((w) => [w.wardName, w.active, w.on_hold, w.closed, w.draft, w.total]),
    }
  }
  return tables
}

/**
 * GET …/reports/export?table=funnel&format=csv (one table) or format=xlsx (one table, or table=all for a
 * workbook with every table). Same scope and filters as the dashboard.
 */
export async function exportReports({ request }: LoaderFunctionArgs, area: ReportArea) {
  const { actor, scope, url } = await scopeFromRequest(request, area)
  const locale = await getLocale(request)
  let figures: Dashboard
  try {
    figures = (await cachedDashboard(scope, { withCaseload: area !== 'partner' })).figures
  } catch (error) {
    if (isAppError(error)) throw new Response('Bad request', { status: 400 })
    throw error
  }
  const tables = reportTables(figures, locale, offersOf(area, await partnerKindOf(actor, area)))
  const format = url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv'
  const which = url.searchParams.get('table') ?? 'all'
  const chosen = which === 'all' ? Object.values(tables) : Object.hasOwn(tables, which) ? [tables[which]!] : null
  if (!chosen || (format === 'csv' && chosen.length !== 1)) throw new Response('Not found', { status: 404 })
  const base = `hoa-nhap-${which}-${fileScope(scope)}`
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }
  if (format === 'csv') {
    return new Response(toCsv(chosen[0]!), {
      headers: {
        ...headers,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${base}.csv"`,
      },
    })
  }
  return new Response(Buffer.from(toXlsx(chosen)), {
    headers: {
      ...headers,
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="${base}.xlsx"`,
    },
  })
}

function fileScope(scope: ReportScope) {
  return `${scope.wardCodes?.length === 1 ? `${scope.wardCodes[0]}-` : ''}${scope.from}-${scope.to}`
}

export const PERSON_EXPORT_REASON = { min: 10, max: 500 } as const

/**
 * POST /coordinator/reports/export: the person-level rows behind the figures (code, name, ward, listing,
 * status, dates, amount — nothing sensitive), for coordinators only, with the reason recorded in an audit
 * event written in the same transaction as the read. Without a reason: 400, nothing read.
 */
export async function exportPeople({ request }: ActionFunctionArgs) {
  const { actor, scope } = await scopeFromRequest(request, 'coordinator')
  authorize(actor, 'candidate:export')
  const form = await readForm(request)
  const reason = String(form.get('reason') ?? '').trim()
  const format = form.get('format') === 'xlsx' ? 'xlsx' : 'csv'
  if (reason.length < PERSON_EXPORT_REASON.min || reason.length > PERSON_EXPORT_REASON.max) {
    // A resource route: a plain answer in the reader's language (the page's form requires the reason anyway).
    return new Response(translate(await getLocale(request), 'reports.people.reasonRequired'), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
  const locale = await getLocale(request)
  const t = (key: string) => translate(locale, key)
  const rows = await exportPersonRows({ actor, scope, reason, format })
  const table: ExportTable = {
    name: t('reports.people.sheet'),
    headers: [
      t('reports.people.code'),
      t('reports.people.name'),
      t('reports.col.ward'),
      t('reports.people.listing'),
      t('reports.people.kind'),
      t('reports.col.partner'),
      t('reports.people.status'),
      t('reports.people.started'),
      t('reports.people.ended'),
      t('reports.people.amount'),
    ],
    rows: rows.map((r) => [
      r.publicCode,
      r.fullName,
      r.wardName,
      r.listingTitle,
      t(`reports.kind.${r.kind}`),
      r.organisationName,
      t(`matching.status.${r.status}`),
      r.startedOn,
      r.endedOn,
      r.amountVnd,
    ]),
  }
  const base = `hoa-nhap-people-${fileScope(scope)}`
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' }
  return format === 'csv'
    ? new Response(toCsv(table), {
        headers: {
          ...headers,
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="${base}.csv"`,
        },
      })
    : new Response(Buffer.from(toXlsx([table])), {
        headers: {
          ...headers,
          'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'Content-Disposition': `attachment; filename="${base}.xlsx"`,
        },
      })
}
