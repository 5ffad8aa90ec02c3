import { Link, useLoaderData } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { getCityOverview } from '#app/modules/caseworkers/caseworkers.server.ts'
import { formatNumber } from '#app/modules/i18n/format.ts'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/coordinator._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'coordinator.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'coordinator:access')
  return getCityOverview({ actor })
}

export default function CoordinatorDashboard() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const o = useLoaderData<typeof loader>()
  const stats = [
    { label: t('coordinator.partnersPending'), value: o.organisations.pending },
    { label: t('coordinator.partnersApproved'), value: o.organisations.approved },
    { label: t('coordinator.caseworkersActive'), value: o.caseworkers, to: '/coordinator/caseworkers' },
    { label: t('coordinator.emailsWaiting'), value: o.emails.waiting, to: '/coordinator/outbox?status=pending' },
    { label: t('coordinator.emailsFailed'), value: o.emails.failed, to: '/coordinator/outbox?status=failed' },
  ]
  return (
    <div>
      <PageHeader title={t('coordinator.title')} description={t('coordinator.intro')} />
      <dl className="grid grid-cols-2 gap-4 lg:grid-cols-5">
        {stats.map((s) => (
          <Card key={s.label}>
            <dt className="text-sm text-stone-700">{s.label}</dt>
            <dd className="mt-1 text-3xl font-bold text-stone-900">
              {s.to ? <Link to={s.to}>{formatNumber(s.value, locale)}</Link> : formatNumber(s.value, locale)}
            </dd>
          </Card>
        ))}
      </dl>
    </div>
  )
}
