import { Link, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { KIND_STYLE } from '#app/components/opportunity-search-card.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { metaLocale, translate } from '#app/utils/meta.ts'
import { listPartnerDirectory } from '#app/modules/opportunities/directory.server.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '#app/modules/opportunities/kinds.ts'
import type { OrganisationKind } from '#db/schema/index.ts'
import type { Route } from './+types/partners'

const KINDS: OrganisationKind[] = ['employer', 'training_centre', 'lender']

export const meta: Route.MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches)
  return [
    { title: `${translate(locale, 'directory.title')} · Hòa Nhập` },
    { name: 'description', content: translate(locale, 'directory.intro') },
  ]
}

/** The public directory of vetted partners (no sign-in), by kind, a page at a time. */
export async function loader({ request }: Route.LoaderArgs) {
  const params = new URL(request.url).searchParams
  const kindParam = params.get('kind')
  const kind = KINDS.find((k) => k === kindParam) ?? null
  const page = /^\d{1,6}$/.test(params.get('page') ?? '') ? Number(params.get('page')) : 1
  return listPartnerDirectory({ kind, page })
}

function pageHref(kind: OrganisationKind | null, page: number) {
  const p = new URLSearchParams()
  if (kind) p.set('kind', kind)
  if (page > 1) p.set('page', String(page))
  const q = p.toString()
  return q ? `/partners?${q}` : '/partners'
}

export default function PartnersDirectory() {
  const { t } = useTranslation()
  const { items, kind, page, totalPages, total, byKind } = useLoaderData<typeof loader>()
  const all = byKind.employer + byKind.training_centre + byKind.lender
  const filters: { key: OrganisationKind | null; label: string; count: number }[] = [
    { key: null, label: t('directory.all'), count: all },
    ...KINDS.map((k) => ({ key: k, label: t(`organisationKind.${k}`), count: byKind[k] })),
  ]
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('directory.title')}
        description={t('directory.intro')}
        actions={
          <Link to="/join" className={buttonClass('primary')}>
            {t('directory.joinCta')}
          </Link>
        }
      />
      <nav aria-label={t('directory.filter')}>
        <ul className="flex flex-wrap gap-2">
          {filters.map((f) => (
            <li key={f.key ?? 'all'}>
              <Link
                to={pageHref(f.key, 1)}
                aria-current={kind === f.key ? 'page' : undefined}
                className={`inline-flex min-h-11 items-center gap-2 rounded-full border px-4 text-sm no-underline hover:no-underline ${kind === f.key ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-800 hover:border-brand-600'}`}
              >
                {f.label}
                <span className={`rounded-full px-2 text-xs ${kind === f.key ? 'bg-white/20' : 'bg-stone-100'}`}>
                  {f.count}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      {items.length === 0 ? (
        <EmptyState title={t('directory.empty')}>{t('directory.emptyHint')}</EmptyState>
      ) : (
        <section aria-labelledby="directory-count">
          <h2 id="directory-count" className="mb-3 text-sm text-stone-700">
            {t('directory.count', { count: total })}
            {totalPages > 1 ? ` · ${t('directory.page', { page, total: totalPages })}` : ''}
          </h2>
          <ul className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
            {items.map((o) => (
              <li key={o.id}>
                <article
                  aria-labelledby={`org-${o.id}`}
                  id={`partner-${o.id}`}
                  className="flex h-full flex-col rounded-lg border border-stone-200 bg-white p-5 shadow-xs"
                >
                  <p>
                    <span
                      className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${KIND_STYLE[OPPORTUNITY_KIND_BY_ORGANISATION[o.kind]]}`}
                    >
                      {t(`organisationKind.${o.kind}`)}
                    </span>
                  </p>
                  <h3 id={`org-${o.id}`} className="mt-2 text-lg leading-snug font-semibold break-words text-stone-900">
                    {o.name}
                  </h3>
                  {o.wardName ? <p className="text-sm text-stone-600">{o.wardName}, Hà Nội</p> : null}
                  {o.description ? (
                    <p className="mt-2 line-clamp-4 text-sm break-words text-stone-800">{o.description}</p>
                  ) : null}
                  <div className="mt-auto pt-4">
                    <p className="text-sm font-semibold text-brand-800">
                      {o.openListings
                        ? t('directory.openListings', { count: o.openListings })
                        : t('directory.noOpenListings')}
                    </p>
                    {o.latest.length ? (
                      <ul className="mt-1 space-y-1 text-sm" aria-label={t('directory.latest')}>
                        {o.latest.map((l) => (
                          <li key={l.id} className="break-words">
                            <Link to={`/opportunities/${l.id}`}>{l.title}</Link>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </div>
                </article>
              </li>
            ))}
          </ul>
        </section>
      )}

      {totalPages > 1 ? (
        <nav aria-label={t('directory.pages')} className="flex flex-wrap items-center justify-between gap-3">
          {page > 1 ? (
            <Link to={pageHref(kind, page - 1)} rel="prev" className={buttonClass('secondary')}>
              {t('directory.previous')}
            </Link>
          ) : (
            <span />
          )}
          <span className="text-sm text-stone-700">{t('directory.page', { page, total: totalPages })}</span>
          {page < totalPages ? (
            <Link to={pageHref(kind, page + 1)} rel="next" className={buttonClass('secondary')}>
              {t('directory.next')}
            </Link>
          ) : (
            <span />
          )}
        </nav>
      ) : null}

      <section
        aria-labelledby="join-title"
        className="rounded-2xl bg-brand-900 px-6 py-8 text-white sm:px-10"
        data-testid="directory-join"
      >
        <h2 id="join-title" className="text-2xl font-bold">
          {t('directory.joinTitle')}
        </h2>
        <p className="mt-2 max-w-2xl text-brand-50">{t('directory.joinBody')}</p>
        <p className="mt-5">
          <Link to="/join" className={buttonClass('secondary')}>
            {t('directory.joinCta')}
          </Link>
        </p>
      </section>

      <p className="text-sm text-stone-600">
        {t('directory.openData')} <a href="/api/hsds/organizations">/api/hsds/organizations</a> ·{' '}
        <a href="/api/hsds/services">/api/hsds/services</a>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
