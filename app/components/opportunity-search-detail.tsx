import { Link, useLoaderData, useLocation } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { formatDateTime } from '#app/modules/i18n/format.ts'
import type { loadOpportunityDetail } from '#app/pages/opportunity-search.server.ts'
import { OpportunityDetails } from './opportunity-details'
import { StatusBadges } from './opportunity-search-card'
import { Card } from './ui/card'

/**
 * schema.org data for search engines. A data block, not a script: CSP does not apply to it and it is
 * never executed; the JSON arrives already escaped (serializeJsonLd) so listing text cannot end the element.
 */
export function JsonLdScript({ json }: { json: string }) {
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />
}

/** A listing for caseworkers and coordinators: the shared listing view plus who to contact and its state. */
export function OpportunityStaffDetailPage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { view, basePath, today, publicPath, jsonLd } = useLoaderData<typeof loadOpportunityDetail>()
  const location = useLocation()
  // Came from the search page in this tab: go back to the same results (filters and page).
  const state = location.state as { search?: unknown } | null
  const backTo = typeof state?.search === 'string' && state.search ? `${basePath}${state.search}` : basePath
  const org = view.organisation
  return (
    <div className="space-y-4">
      <JsonLdScript json={jsonLd} />
      <p>
        <Link to={backTo}>{t('search.back')}</Link>
      </p>
      {view.status !== 'open' || view.organisationStatus !== 'approved' || (view.deadline && view.deadline < today) ? (
        <div className="flex flex-wrap gap-2" data-testid="listing-state">
          <StatusBadges o={view} today={today} />
        </div>
      ) : null}
      {view.organisationStatus === 'suspended' ? (
        <p role="note" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">
          {t('opportunityView.suspendedNote')}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <OpportunityDetails opportunity={view} headingLevel={1} />
        </div>
        <div className="space-y-4">
          <Card title={t('opportunityView.organisation')}>
            <p className="font-semibold break-words text-stone-900">{org.name}</p>
            <p className="text-sm text-stone-700">
              {t(`organisationKind.${org.kind}`)}
              {org.wardName ? ` · ${org.wardName}` : ''}
            </p>
            {org.description ? <p className="mt-2 text-sm break-words text-stone-800">{org.description}</p> : null}
            {org.phone || org.email ? (
              <dl className="mt-3 space-y-1 text-sm">
                {org.phone ? (
                  <div className="flex gap-2">
                    <dt className="text-stone-600">{t('opportunityView.phone')}</dt>
                    <dd>
                      <a href={`tel:${org.phone.replace(/[^\d+]/g, '')}`}>{org.phone}</a>
                    </dd>
                  </div>
                ) : null}
                {org.email ? (
                  <div className="flex gap-2">
                    <dt className="text-stone-600">{t('opportunityView.email')}</dt>
                    <dd className="min-w-0 break-all">
                      <a href={`mailto:${org.email}`}>{org.email}</a>
                    </dd>
                  </div>
                ) : null}
              </dl>
            ) : null}
          </Card>
          <div className="space-y-1 px-1 text-sm text-stone-600">
            {view.publishedAt ? (
              <p>{t('opportunityView.published', { date: formatDateTime(view.publishedAt, locale) })}</p>
            ) : null}
            <p>{t('opportunityView.updated', { date: formatDateTime(view.updatedAt, locale) })}</p>
            {publicPath ? (
              <p>
                <Link to={publicPath}>{t('opportunityView.publicPage')}</Link>
              </p>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  )
}
