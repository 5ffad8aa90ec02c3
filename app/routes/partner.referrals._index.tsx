import { data, Link, useLoaderData } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { z } from '#app/utils/zod.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { KeysetPager } from '#app/components/keyset-pager.tsx'
import { MatchStatusBadge } from '#app/components/matching.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { formatDateTime, formatNumber } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { INBOX_TABS } from '#app/modules/matching/lifecycle.ts'
import { listInbox } from '#app/modules/matching/match-views.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { useSearchLink } from '#app/utils/search-link.ts'
import type { Route } from './+types/partner.referrals._index'

// The partner's referrals inbox: new referrals to answer, people in progress, closed ones, and the
// organisation's own requests from the talent pool still waiting for a caseworker. Codes only here.

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'inbox.title')

const Tab = z.enum(['new', 'in_progress', 'closed', 'interests']).catch('new')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'partner', 'referral:respond')
  const params = new URL(request.url).searchParams
  const tab = Tab.parse(params.get('tab') ?? 'new')
  const page = await listInbox({ actor, tab, cursor: params.get('cursor') })
  return data({ ...page, tab, paged: params.has('cursor') }, { headers: { 'Cache-Control': 'no-store' } })
}

export default function Inbox() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { items, counts, tab, nextCursor, paged } = useLoaderData<typeof loader>()
  const link = useSearchLink()
  return (
    <div className="space-y-6">
      <PageHeader title={t('inbox.title')} description={t('inbox.intro')} />
      <nav aria-label={t('inbox.tabs')} className="flex flex-wrap gap-2">
        {INBOX_TABS.map((k) => (
          <Link
            key={k}
            to={link({ tab: k === 'new' ? null : k })}
            aria-current={tab === k ? 'page' : undefined}
            className="rounded-full border border-stone-300 bg-white px-3 py-1 text-sm font-medium no-underline aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white"
          >
            {t(`inbox.tab.${k}`)} <span className="tabular-nums">({formatNumber(counts[k], locale)})</span>
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState title={t(`inbox.empty.${tab}`)}>{t('inbox.emptyHint')}</EmptyState>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white" data-testid="inbox">
          {items.map((m) => (
            <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <Link to={`/partner/referrals/${m.id}`} className="font-mono font-semibold">
                  {m.publicCode}
                </Link>{' '}
                <span className="text-stone-800">· {m.listingTitle}</span>
                <p className="text-sm text-stone-600">
                  {t(`matching.origin.${m.origin}`)} ·{' '}
                  {t('inbox.updated', { when: formatDateTime(m.updatedAt, locale) })}
                  {m.nextStepAt && m.status === 'accepted'
                    ? ` · ${t(`matching.nextStep.${m.listingKind}`)}: ${formatDateTime(m.nextStepAt, locale)}`
                    : ''}
                </p>
              </div>
              <MatchStatusBadge status={m.status} />
            </li>
          ))}
        </ul>
      )}
      <KeysetPager paged={paged} nextCursor={nextCursor} />
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
