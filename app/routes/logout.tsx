import { redirect } from 'react-router'
import { writeAudit } from '~/modules/audit/audit.server'
import { getSessionUser, invalidateSession, serializeBlankSessionCookie } from '~/modules/auth/session.server'
import { getDb } from '#db/client.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { Route } from './+types/logout'

export async function loader() {
  return redirect('/')
}

export async function action({ request, context }: Route.ActionArgs) {
  const auth = await getSessionUser(request)
  if (auth) {
    await invalidateSession(auth.session.id)
    await writeAudit(getDb(), {
      actor: { userId: auth.user.id, role: auth.user.role, ipAddress: context.clientIp },
      action: 'auth.logout',
      subjectType: 'user',
      subjectId: auth.user.id,
    })
  }
  return redirectWithToast(
    '/',
    { type: 'info', key: 'toast.loggedOut' },
    { headers: { 'Set-Cookie': serializeBlankSessionCookie() } },
  )
}
