import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { pageTitle } from '~/modules/i18n/meta'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, EmptyState, PageHeader } from '~/components/ui/card'
import { getWardNames } from '~/modules/wards/wards.server'
import { requirePermission } from '~/policy.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'nav.caseworkerHome')

export async function loader({ request }: LoaderFunctionArgs) {
  const { auth } = await requirePermission(request, 'caseworker:access')
  const names = await getWardNames(auth.wardCodes)
  return { name: auth.user.name, wards: auth.wardCodes.map((code) => ({ code, name: names.get(code) ?? code })) }
}

export default function CaseworkerHome() {
  const { t } = useTranslation()
  const { name, wards } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={t('caseworker.greeting', { name })} description={t('caseworker.intro')} />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('caseworker.yourWards')}>
          {wards.length ? (
            <ul className="space-y-1" data-testid="caseworker-wards">
              {wards.map((w) => (
                <li key={w.code}>
                  {w.name} <span className="text-sm text-stone-500">({w.code})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-stone-700">{t('caseworker.noWards')}</p>
          )}
        </Card>
        <Card title={t('caseworker.needsAction')}>
          <EmptyState title={t('caseworker.nothingDue')}>{t('caseworker.nothingDueHint')}</EmptyState>
        </Card>
      </div>
    </div>
  )
}
