import { redirect } from 'react-router'
import { signOut } from '~/modules/auth/own-sessions.server'
import { getSessionUser, serializeBlankSessionCookie } from '~/modules/auth/session.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { Route } from './+types/logout'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: Route.ActionArgs) {
  const auth = await getSessionUser(request)
  if (auth) {
    await signOut({ sessionId: auth.session.id, user: auth.user, ipAddress: context.clientIp })
  }
  return redirectWithToast(
    '/',
    { type: 'info', key: 'toast.loggedOut' },
    { headers: { 'Set-Cookie': serializeBlankSessionCookie() } },
  )
}
