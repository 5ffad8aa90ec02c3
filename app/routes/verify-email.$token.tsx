import { Link } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { verifyEmail } from '#app/modules/auth/accounts.server.ts'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { homePath } from '#app/policy.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
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
