import { Form, Link, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { useSearchLink } from '#app/utils/search-link.ts'
import { buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { listOrganisationsForVetting, type OrganisationStatus } from '#app/modules/partners/organisations.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/coordinator.partners._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'vetting.title')

const STATUSES = ['pending', 'approved', 'rejected', 'suspended'] as const
const KINDS = ['employer', 'training_centre', 'lender'] as const

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'organisation:vet')
  const url = new URL(request.url)
  const status = STATUSES.find((s) => s === url.searchParams.get('status')) ?? 'pending'
  const kind = KINDS.find((k) => k === url.searchParams.get('kind'))
  const q = url.searchParams.get('q') ?? ''
  const result = await listOrganisationsForVetting({
    actor,
    filter: { status, kind, q },
    cursor: url.searchParams.get('cursor'),
  })
  return {
    status,
    kind: kind ?? '',
    q,
    counts: result.counts,
    nextCursor: result.nextCursor,
    items: result.items.map((i) => ({
      ...i,
      createdAt: i.createdAt.toISOString(),
      vettedAt: i.vettedAt?.toISOString() ?? null,
    })),
  }
}

const STATUS_STYLE: Record<OrganisationStatus, string> = {
  pending: 'bg-amber-100 text-amber-900',
  approved: 'bg-brand-100 text-brand-900',
  rejected: 'bg-red-100 text-red-900',
  suspended: 'bg-red-100 text-red-900',
}

export default function VettingQueue() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { status, kind, q, counts, items, nextCursor } = useLoaderData<typeof loader>()
  const withParams = useSearchLink()
  return (
    <div>
      <PageHeader title={t('vetting.title')} description={t('vetting.intro')} />
      <nav aria-label={t('vetting.byStatus')} className="mb-4 flex flex-wrap gap-2">
        {STATUSES.map((s) => (
          <Link
            key={s}
            to={withParams({ status: s })}
            aria-current={status === s ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 text-sm no-underline hover:no-underline ${status === s ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-800'}`}
          >
            {t(`organisationStatus.${s}`)} <span className="font-semibold">({counts[s]})</span>
          </Link>
        ))}
      </nav>
      <Form
        method="get"
        className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-stone-200 bg-white p-3"
      >
        <input type="hidden" name="status" value={status} />
        <label className="text-sm">
          <span className="block font-medium text-stone-800">{t('vetting.search')}</span>
          <input
            type="search"
            name="q"
            defaultValue={q}
            className="mt-1 rounded-md border border-stone-400 px-3 py-2"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-stone-800">{t('fields.organisationKind')}</span>
          <select name="kind" defaultValue={kind} className="mt-1 rounded-md border border-stone-400 px-3 py-2">
            <option value="">{t('vetting.allKinds')}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`organisationKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className={buttonClass('secondary')}>
          {t('vetting.filter')}
        </button>
      </Form>
      {items.length === 0 ? (
        <EmptyState title={t(`vetting.empty.${status}`)} />
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {items.map((o) => (
            <li
              key={o.id}
              className="flex flex-wrap items-center justify-between gap-2 px-4 py-3"
              data-testid="vetting-row"
            >
              <div className="min-w-0">
                <Link to={`/coordinator/partners/${o.id}`} className="font-semibold">
                  {o.name}
                </Link>
                <p className="text-sm text-stone-600">
                  {t(`organisationKind.${o.kind}`)}
                  {o.wardName ? ` · ${o.wardName}` : ''}
                  {o.taxCode ? ` · ${t('fields.taxCode')} ${o.taxCode}` : ''}
                </p>
              </div>
              <div className="text-right text-sm text-stone-600">
                <span
                  className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[o.status]}`}
                >
                  {t(`organisationStatus.${o.status}`)}
                </span>
                <div>{t('vetting.registered', { date: formatDate(o.createdAt, locale) })}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {nextCursor ? (
        <p className="mt-4">
          <Link to={withParams({ cursor: nextCursor })}>{t('vetting.more')}</Link>
        </p>
      ) : null}
    </div>
  )
}
