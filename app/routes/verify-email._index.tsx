import { Form, Link, redirect, useLoaderData, useNavigation } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { resendVerificationEmail } from '#app/modules/auth/accounts.server.ts'
import { homePath } from '#app/policy.ts'
import { requireUser } from '#app/policy.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/verify-email._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'verify.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor, auth } = await requireUser(request)
  if (actor.emailVerified) throw redirect(homePath(actor))
  return { email: auth.user.email, showDevMailbox: !getEnv().isProduction && !getEnv().RESEND_API_KEY }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requireUser(request)
  const { sent } = await resendVerificationEmail({ userId: actor.userId })
  return redirectWithToast(
    '/verify-email',
    sent ? { type: 'success', key: 'toast.verificationSent' } : { type: 'info', key: 'toast.verificationWait' },
  )
}

export default function VerifyEmailNotice() {
  const { t } = useTranslation()
  const { email, showDevMailbox } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-xl">
      <Card title={t('verify.title')}>
        <p className="text-stone-800">{t('verify.sent', { email })}</p>
        <p className="mt-2 text-stone-700">{t('verify.explain')}</p>
        <Form method="post" className="mt-4">
          <Button type="submit" variant="secondary" pending={navigation.state === 'submitting'}>
            {t('verify.resend')}
          </Button>
        </Form>
        {showDevMailbox ? (
          <p className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900">
            {t('verify.devMailbox')} <Link to="/dev/outbox">/dev/outbox</Link>
          </p>
        ) : null}
      </Card>
    </div>
  )
}
