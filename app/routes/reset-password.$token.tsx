import { useActionData, useLoaderData } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { SetPasswordPage } from '#app/components/set-password-form.tsx'
import { isTokenUsable } from '#app/modules/auth/accounts.server.ts'
import { handleSetPassword } from '#app/pages/set-password.server.ts'
import type { Route } from './+types/reset-password.$token'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'reset.title')

export async function loader({ params }: Route.LoaderArgs) {
  return { usable: await isTokenUsable(params.token, 'password_reset') }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  return handleSetPassword({
    request,
    token: params.token,
    purpose: 'password_reset',
    clientIp: context.clientIp,
  })
}

export default function Page() {
  const { t } = useTranslation()
  const { usable } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <SetPasswordPage
      usable={usable}
      title={t('reset.title')}
      intro={t('reset.intro')}
      submitLabel={t('reset.submit')}
      lastResult={actionData?.result}
    />
  )
}
