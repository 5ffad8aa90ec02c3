import { Link, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { ListingApprovalNotice, ListingStatusBadge } from '#app/components/listing-status.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate, formatNumber } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '#app/modules/opportunities/kinds.ts'
import { listOwnListings, type ListingStatus } from '#app/modules/opportunities/listings.server.ts'
import { can } from '#app/policy.ts'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/partner.listings._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'listings.title')

const FILTERS = ['all', 'draft', 'open', 'closed'] as const
type Filter = (typeof FILTERS)[number]

function toFilter(value: string | null): Filter {
  return FILTERS.includes(value as Filter) ? (value as Filter) : 'all'
}

export async function loader({ request }: Route.LoaderArgs) {
  const { actor, auth } = await requirePermission(request, 'listing:manage:own')
  const filter = toFilter(new URL(request.url).searchParams.get('status'))
  const { counts, listings } = await listOwnListings({
    actor,
    status: filter === 'all' ? null : (filter satisfies ListingStatus),
  })
  const membership = auth.membership!
  return {
    filter,
    counts,
    listings,
    kind: OPPORTUNITY_KIND_BY_ORGANISATION[membership.organisationKind],
    organisationStatus: membership.organisationStatus,
    canPublish: can(actor, 'listing:publish:own'),
  }
}

export default function PartnerListings() {
  const { t, i18n } = useTranslation()
  const locale: Locale = i18n.language
  const { filter, counts, listings, kind, organisationStatus } = useLoaderData<typeof loader>()
  const newButton = (
    <Link to="/partner/listings/new" className={buttonClass('primary')}>
      <span aria-hidden="true">+</span> {t(`listings.new.${kind}`)}
    </Link>
  )
  return (
    <div>
      <PageHeader title={t('listings.title')} description={t(`listings.intro.${kind}`)} actions={newButton} />
      <ListingApprovalNotice organisationStatus={organisationStatus} />

      {counts.all === 0 ? (
        <EmptyState title={t(`listings.empty.${kind}.title`)}>
          <p>{t(`listings.empty.${kind}.body`)}</p>
          <p className="mt-4">{newButton}</p>
        </EmptyState>
      ) : (
        <>
          <nav aria-label={t('listings.filterLabel')} className="mb-4">
            <ul className="grid grid-cols-4 border-b border-stone-300 sm:flex sm:gap-1">
              {FILTERS.map((f) => {
                const active = f === filter
                return (
                  <li key={f} className="min-w-0">
                    <Link
                      to={f === 'all' ? '/partner/listings' : `/partner/listings?status=${f}`}
                      aria-current={active ? 'page' : undefined}
                      className={`-mb-px flex min-h-11 flex-col items-center justify-center gap-0.5 border-b-2 px-1 py-1 text-center text-sm font-medium no-underline hover:no-underline sm:flex-row sm:gap-2 sm:px-3 ${
                        active
                          ? 'border-brand-700 text-brand-800'
                          : 'border-transparent text-stone-700 hover:border-stone-400 hover:text-stone-900'
                      }`}
                    >
                      <span className="leading-tight">{t(`listings.filter.${f}`)}</span>
                      <span
                        className={`rounded-full px-2 py-0.5 text-xs ${active ? 'bg-brand-100 text-brand-900' : 'bg-stone-200 text-stone-800'}`}
                      >
                        {formatNumber(counts[f], locale)}
                      </span>
                    </Link>
                  </li>
                )
              })}
            </ul>
          </nav>

          {listings.length === 0 ? (
            <EmptyState title={t(`listings.emptyFiltered.${filter}`)}>
              <Link to="/partner/listings">{t('listings.showAll')}</Link>
            </EmptyState>
          ) : (
            <ul className="space-y-3" data-testid="listing-list">
              {listings.map((l) => (
                <li
                  key={l.id}
                  className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs"
                  data-testid="listing-row"
                >
                  <div className="flex items-start justify-between gap-3">
                    <Link
                      to={`/partner/listings/${l.id}`}
                      className="min-w-0 text-base font-semibold break-words sm:text-lg"
                    >
                      {l.title}
                    </Link>
                    <ListingStatusBadge status={l.status} />
                  </div>
                  <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-4">
                    <div className="min-w-0">
                      <dt className="text-stone-600">{t('listings.columns.ward')}</dt>
                      <dd className="truncate text-stone-900">{l.wardName}</dd>
                    </div>
                    <div>
                      <dt className="text-stone-600">{t(`listings.columns.seatsLeft.${l.kind}`)}</dt>
                      <dd className="text-stone-900">
                        {t('listings.seatsOf', {
                          left: formatNumber(l.seatsLeft, locale),
                          total: formatNumber(l.capacity, locale),
                        })}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-stone-600">{t('listings.columns.deadline')}</dt>
                      <dd className={l.deadlinePassed ? 'font-semibold text-red-800' : 'text-stone-900'}>
                        {l.deadline ? formatDate(l.deadline, locale) : t('listings.noDeadline')}
                        {l.deadlinePassed ? ` · ${t('listings.deadlinePassed')}` : ''}
                      </dd>
                    </div>
                    <div>
                      <dt className="text-stone-600">{t('listings.columns.updated')}</dt>
                      <dd className="text-stone-900">{formatDate(l.updatedAt, locale)}</dd>
                    </div>
                  </dl>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  )
}
