import { Link, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate, formatNumber } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '#app/modules/opportunities/kinds.ts'
import { listOwnListings } from '#app/modules/opportunities/listings.server.ts'
import { referralCounts } from '#app/modules/matching/match-views.server.ts'
import { can } from '#app/policy.ts'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/partner._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'nav.partnerDashboard')

/** How many open listings the dashboard lists (the rest are one click away). */
const OPEN_SHOWN = 5

export async function loader({ request }: Route.LoaderArgs) {
  const { actor, auth } = await requirePermission(request, 'partner:access')
  const m = auth.membership!
  const { counts, listings } = await listOwnListings({ actor, status: 'open' })
  return {
    organisation: { name: m.organisationName, kind: m.organisationKind, status: m.organisationStatus },
    memberRole: m.role,
    listingKind: OPPORTUNITY_KIND_BY_ORGANISATION[m.organisationKind],
    counts,
    open: listings.slice(0, OPEN_SHOWN),
    // Only a vetted organisation receives referrals.
    referrals: can(actor, 'referral:respond') ? await referralCounts(actor) : null,
  }
}

const STATUS_STYLE = {
  pending: 'bg-amber-100 text-amber-900',
  approved: 'bg-brand-100 text-brand-900',
  rejected: 'bg-red-100 text-red-900',
  suspended: 'bg-red-100 text-red-900',
} as const

export default function PartnerDashboard() {
  const { t, i18n } = useTranslation()
  const locale: Locale = i18n.language
  const { organisation, memberRole, listingKind, counts, open, referrals } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={organisation.name}
        description={`${t(`organisationKind.${organisation.kind}`)} · ${t(`membershipRole.${memberRole}`)}`}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title={t('partner.statusTitle')}>
          <p>
            <span
              className={`inline-block rounded-full px-3 py-1 text-sm font-semibold ${STATUS_STYLE[organisation.status]}`}
              data-testid="organisation-status"
            >
              {t(`organisationStatus.${organisation.status}`)}
            </span>
          </p>
          <p className="mt-3 text-stone-800">{t(`partner.statusExplain.${organisation.status}`)}</p>
        </Card>

        <Card title={t('partnerDashboard.listingsTitle')} className="lg:col-span-2">
          <ul className="grid grid-cols-3 gap-2 sm:gap-3" data-testid="listing-counts">
            {(['draft', 'open', 'closed'] as const).map((s) => (
              <li key={s}>
                <Link
                  to={`/partner/listings?status=${s}`}
                  className="block rounded-md border border-stone-200 bg-stone-50 px-3 py-2 text-stone-900 no-underline hover:border-brand-600 hover:no-underline"
                >
                  <span className="block text-2xl font-bold">{formatNumber(counts[s], locale)}</span>
                  <span className="block text-sm text-stone-700">{t(`partnerDashboard.count.${s}`)}</span>
                </Link>
              </li>
            ))}
          </ul>

          <h3 className="mt-5 text-base font-semibold text-stone-900">{t('partnerDashboard.openTitle')}</h3>
          {open.length === 0 ? (
            <p className="mt-1 text-stone-700">
              {counts.all === 0 ? t(`partnerDashboard.noListings.${listingKind}`) : t('partnerDashboard.noneOpen')}
            </p>
          ) : (
            <ul className="mt-2 divide-y divide-stone-200" data-testid="open-listings">
              {open.map((l) => (
                <li key={l.id} className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1 py-2">
                  <Link to={`/partner/listings/${l.id}`} className="min-w-0 font-medium break-words">
                    {l.title}
                  </Link>
                  <span className="text-sm text-stone-700">
                    {t(`partnerDashboard.seatsLeft.${l.kind}`, {
                      count: l.seatsLeft,
                      n: formatNumber(l.seatsLeft, locale),
                    })}
                    {' · '}
                    <span className={l.deadlinePassed ? 'font-semibold text-red-800' : undefined}>
                      {l.deadline
                        ? t('partnerDashboard.until', { date: formatDate(l.deadline, locale) })
                        : t('partnerDashboard.noDeadline')}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <div className="mt-4 flex flex-wrap gap-2">
            <Link to="/partner/listings/new" className={buttonClass('primary')}>
              <span aria-hidden="true">+</span> {t(`listings.new.${listingKind}`)}
            </Link>
            <Link to="/partner/listings" className={buttonClass('secondary')}>
              {t('partnerDashboard.allListings', { count: counts.all, n: formatNumber(counts.all, locale) })}
            </Link>
          </div>
        </Card>

        <Card title={t('partnerDashboard.referralsTitle')}>
          {referrals ? (
            <>
              <dl className="grid grid-cols-3 gap-2 text-center">
                {(['new', 'in_progress', 'interests'] as const).map((k) => (
                  <div key={k}>
                    <dt className="text-sm text-stone-700">{t(`inbox.tab.${k}`)}</dt>
                    <dd
                      className="text-2xl font-bold text-stone-900"
                      data-testid={k === 'new' ? 'new-referrals' : undefined}
                    >
                      {formatNumber(referrals[k], locale)}
                    </dd>
                  </div>
                ))}
              </dl>
              <p className="mt-3 flex flex-wrap gap-2">
                <Link to="/partner/referrals" className={buttonClass(referrals.new > 0 ? 'primary' : 'secondary')}>
                  {t('partnerDashboard.openInbox')}
                </Link>
                <Link to="/partner/talent" className={buttonClass('secondary')}>
                  {t('partnerDashboard.browseTalent')}
                </Link>
              </p>
            </>
          ) : (
            <p className="text-stone-800">{t('partnerDashboard.referralsAfterApproval')}</p>
          )}
        </Card>

        <Card title={t('partner.nextTitle')} className="lg:col-span-2">
          <ol className="list-decimal space-y-1 pl-5 text-stone-800">
            <li>{t('partner.next1')}</li>
            <li>{t('partner.next2')}</li>
            <li>{t('partner.next3')}</li>
          </ol>
        </Card>
      </div>
    </div>
  )
}
