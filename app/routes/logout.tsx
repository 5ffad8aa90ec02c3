import { redirect } from 'react-router'
import { signOut } from '#app/modules/auth/own-sessions.server.ts'
import { getSessionUser, serializeBlankSessionCookie } from '#app/modules/auth/session.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
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
