import { Link, useLoaderData } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { JsonLdScript } from '#app/components/opportunity-search-detail.tsx'
import { KIND_STYLE, useKeyFigures } from '#app/components/opportunity-search-card.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'
import { SkillChips } from '#app/components/opportunity-details.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { formatDate } from '#app/modules/i18n/format.ts'
import { buildOpportunityJsonLd, publicListingUrl, serializeJsonLd } from '#app/modules/opportunities/json-ld.ts'
import { findPublicOpportunity } from '#app/modules/opportunities/search.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import type { Route } from './+types/opportunities.$id'

export const meta: Route.MetaFunction = ({ data }) => {
  if (!data) return [{ title: 'Hòa Nhập' }]
  const description = data.listing.description.replace(/\s+/g, ' ').slice(0, 160)
  return [
    { title: `${data.listing.title} · ${data.listing.organisationName} · Hòa Nhập` },
    { name: 'description', content: description },
    { property: 'og:title', content: data.listing.title },
    { property: 'og:description', content: description },
    { property: 'og:type', content: 'website' },
    { tagName: 'link', rel: 'canonical', href: data.canonical },
  ]
}

/**
 * A listing's public page (no sign-in): an open listing of an approved organisation, not past its
 * deadline — anything else is a 404. Only what the listing says publicly goes to the browser.
 */
export async function loader({ params }: Route.LoaderArgs) {
  const view = await findPublicOpportunity({ id: params.id })
  if (!view) throw new Response('Not found', { status: 404 })
  const baseUrl = getEnv().appUrl
  return {
    canonical: publicListingUrl(baseUrl, view.id),
    jsonLd: serializeJsonLd(buildOpportunityJsonLd(view, { baseUrl })),
    listing: {
      id: view.id,
      kind: view.kind,
      title: view.title,
      description: view.description,
      organisationName: view.organisationName,
      wardName: view.wardName,
      address: view.address,
      deadline: view.deadline,
      capacity: view.capacity,
      minAge: view.minAge,
      maxAge: view.maxAge,
      eligibilityNotes: view.eligibilityNotes,
      skills: view.skills,
      job: view.job,
      course: view.course,
      loan: view.loan,
      organisation: {
        kind: view.organisation.kind,
        name: view.organisation.name,
        description: view.organisation.description,
        wardName: view.organisation.wardName,
      },
    },
  }
}

export default function PublicOpportunity() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { listing: o, jsonLd } = useLoaderData<typeof loader>()
  const figures = useKeyFigures(o)
  const age =
    o.minAge !== null && o.maxAge !== null
      ? t('opportunityView.ageRange', { min: o.minAge, max: o.maxAge })
      : o.minAge !== null
        ? t('opportunityView.ageFrom', { min: o.minAge })
        : o.maxAge !== null
          ? t('opportunityView.ageTo', { max: o.maxAge })
          : t('opportunityView.anyAge')
  return (
    <div className="space-y-6">
      <JsonLdScript json={jsonLd} />
      <p className="text-sm">
        <Link to="/partners">{t('directory.title')}</Link>
      </p>
      <div className="grid gap-6 lg:grid-cols-3">
        <article aria-labelledby="listing-title" className="space-y-6 lg:col-span-2">
          <header className="rounded-lg border border-stone-200 bg-white p-5 shadow-xs">
            <span className={`inline-block rounded-full px-3 py-0.5 text-xs font-semibold ${KIND_STYLE[o.kind]}`}>
              {t(`search.kind.${o.kind}`)}
            </span>
            <h1 id="listing-title" className="mt-2 text-2xl font-bold break-words text-stone-900 sm:text-3xl">
              {o.title}
            </h1>
            <p className="mt-1 break-words text-stone-700">
              {o.organisationName}
              <span aria-hidden="true"> · </span>
              <span className="sr-only">, </span>
              {o.address ? `${o.address}, ${o.wardName}` : o.wardName}, Hà Nội
            </p>
            <h2 className="sr-only">{t('opportunityView.figures')}</h2>
            <ul className="mt-4 space-y-1 rounded-md bg-stone-50 p-4 text-stone-900">
              {figures.map((f, i) => (
                <li key={f} className={i === 0 ? 'text-lg font-semibold' : ''}>
                  {f}
                </li>
              ))}
              <li>{t(`opportunityView.capacity.${o.kind}`, { count: o.capacity })}</li>
              <li>
                {o.deadline
                  ? t('opportunityView.deadline', { date: formatDate(o.deadline, locale) })
                  : t('opportunityView.noDeadline')}
              </li>
            </ul>
          </header>
          <Card title={t('opportunityView.description')}>
            <p className="whitespace-pre-line break-words text-stone-800">{o.description}</p>
          </Card>
          <Card title={t('opportunityView.eligibility')}>
            <p className="text-stone-800">{age}</p>
            {o.eligibilityNotes ? (
              <p className="mt-2 whitespace-pre-line break-words text-stone-800">{o.eligibilityNotes}</p>
            ) : null}
            <h3 className="mt-4 text-base font-semibold text-stone-900">{t('opportunityView.skills')}</h3>
            <SkillChips skills={o.skills} emptyText={t('opportunityView.noSkills')} />
          </Card>
        </article>
        <aside className="space-y-4">
          <section
            aria-labelledby="how-to-apply"
            className="rounded-lg border-2 border-brand-600 bg-brand-50 p-5 text-brand-900"
          >
            <h2 id="how-to-apply" className="text-lg font-semibold">
              {t('publicListing.howTitle')}
            </h2>
            <p className="mt-2">{t('publicListing.how', { organisation: o.organisationName })}</p>
          </section>
          <Card title={t('publicListing.about', { name: o.organisation.name })}>
            <p className="text-sm text-stone-700">
              {t(`organisationKind.${o.organisation.kind}`)}
              {o.organisation.wardName ? ` · ${o.organisation.wardName}` : ''}
            </p>
            {o.organisation.description ? (
              <p className="mt-2 break-words text-stone-800">{o.organisation.description}</p>
            ) : null}
            <p className="mt-3">
              <Link to="/partners">{t('publicListing.directory')}</Link>
            </p>
          </Card>
          <Card title={t('publicListing.partnerTitle')}>
            <p className="text-sm text-stone-700">{t('publicListing.partnerBody')}</p>
            <p className="mt-3">
              <Link to="/join" className={buttonClass('secondary')}>
                {t('publicListing.partnerCta')}
              </Link>
            </p>
          </Card>
        </aside>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
