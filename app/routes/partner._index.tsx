import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { pageTitle } from '~/modules/i18n/meta'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, PageHeader } from '~/components/ui/card'
import { requirePermission } from '~/policy.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.partnerDashboard')

export async function loader({ request }: LoaderFunctionArgs) {
  const { auth } = await requirePermission(request, 'partner:access')
  const m = auth.membership!
  return {
    organisation: { name: m.organisationName, kind: m.organisationKind, status: m.organisationStatus },
    memberRole: m.role,
  }
}

const STATUS_STYLE = {
  pending: 'bg-amber-100 text-amber-900',
  approved: 'bg-brand-100 text-brand-900',
  rejected: 'bg-red-100 text-red-900',
  suspended: 'bg-red-100 text-red-900',
} as const

export default function PartnerDashboard() {
  const { t } = useTranslation()
  const { organisation, memberRole } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader
        title={organisation.name}
        description={`${t(`organisationKind.${organisation.kind}`)} · ${t(`membershipRole.${memberRole}`)}`}
      />
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
      <Card title={t('partner.nextTitle')} className="mt-6">
        <ol className="list-decimal space-y-1 pl-5 text-stone-800">
          <li>{t('partner.next1')}</li>
          <li>{t('partner.next2')}</li>
          <li>{t('partner.next3')}</li>
        </ol>
      </Card>
    </div>
  )
}
