import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { pageTitle } from '~/modules/i18n/meta'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from '~/modules/i18n/react'
import { SetPasswordPage } from '~/components/set-password-form'
import { isTokenUsable } from '~/modules/auth/accounts.server'
import { handleSetPassword } from '~/modules/auth/set-password-route.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'invitation.title')

export async function loader({ params }: LoaderFunctionArgs) {
  return { usable: await isTokenUsable(params.token ?? '', 'invitation') }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  return handleSetPassword({ request, token: params.token ?? '', purpose: 'invitation', clientIp: context.clientIp })
}

export default function Page() {
  const { t } = useTranslation()
  const { usable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <SetPasswordPage
      usable={usable}
      title={t('invitation.title')}
      intro={t('invitation.intro')}
      submitLabel={t('invitation.submit')}
      lastResult={actionData?.result}
    />
  )
}
