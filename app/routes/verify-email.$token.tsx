import { Link } from 'react-router'
import { pageTitle } from '~/utils/meta'
import { useTranslation } from '~/modules/i18n/react'
import { Card } from '~/components/ui/card'
import { verifyEmail } from '~/modules/auth/accounts.server'
import { getSessionUser } from '~/modules/auth/session.server'
import { homePath } from '~/policy'
import { isAppError } from '~/utils/errors'
import { redirectWithToast } from '~/utils/toast.server'
import type { Route } from './+types/verify-email.$token'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'verify.title')

/** The link in the verification email. Verifying twice is harmless, so following the link is enough. */
export async function loader({ request, params }: Route.LoaderArgs) {
  try {
    await verifyEmail({ token: params.token })
  } catch (error) {
    if (isAppError(error) && error.code === 'token_invalid') return { invalid: true }
    throw error
  }
  const auth = await getSessionUser(request)
  return redirectWithToast(auth ? homePath(auth.user) : '/login', { type: 'success', key: 'toast.emailVerified' })
}

export default function VerifyEmailLink() {
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-xl">
      <Card title={t('verify.invalidTitle')}>
        <p className="text-stone-800">{t('verify.invalidBody')}</p>
        <p className="mt-4">
          <Link to="/verify-email">{t('verify.requestNew')}</Link>
        </p>
      </Card>
    </div>
  )
}
