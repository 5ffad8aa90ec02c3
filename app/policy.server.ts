import { redirect } from 'react-router'
import { getSessionUser, type SessionUser } from '#app/modules/auth/session.server.ts'
import { can, type Actor, type Permission } from './policy'

export function actorFromSession(auth: SessionUser): Actor {
  return {
    userId: auth.user.id,
    role: auth.user.role,
    emailVerified: auth.user.emailVerifiedAt !== null,
    membership: auth.membership
      ? {
          organisationId: auth.membership.organisationId,
          role: auth.membership.role,
          organisationStatus: auth.membership.organisationStatus,
        }
      : null,
    wardCodes: auth.wardCodes,
  }
}

/** Query parameters that can hold what someone typed about a person (a caseload search by name or phone). */
const PERSONAL_PARAMS = ['q']

/**
 * Back to the page asked for once signed in, without the search terms: the sign-in URL is in the browser's
 * history and address bar and reaches the server's request line, and a name or phone must not travel there.
 */
function loginRedirect(request: Request) {
  const url = new URL(request.url)
  for (const name of PERSONAL_PARAMS) url.searchParams.delete(name)
  const redirectTo = `${url.pathname}${url.search}`
  return redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`)
}

/** The signed-in person, or a redirect to the sign-in page that comes back here afterwards. */
export async function requireUser(request: Request): Promise<{ actor: Actor; auth: SessionUser }> {
  const auth = await getSessionUser(request)
  if (!auth) throw loginRedirect(request)
  return { actor: actorFromSession(auth), auth }
}

/**
 * The signed-in person if the policy allows them `permission`. Not signed in → sign-in page; signed in
 * but unverified → the verify-email page; otherwise refused → 403.
 */
export async function requirePermission(
  request: Request,
  permission: Permission,
): Promise<{ actor: Actor; auth: SessionUser }> {
  const result = await requireUser(request)
  if (can(result.actor, permission)) return result
  if (!result.actor.emailVerified && can({ ...result.actor, emailVerified: true }, permission)) {
    throw redirect('/verify-email')
  }
  throw new Response('Forbidden', { status: 403 })
}

const AREA_PERMISSION = {
  caseworker: 'caseworker:access',
  coordinator: 'coordinator:access',
  partner: 'partner:access',
} as const satisfies Record<string, Permission>

/**
 * For the loaders and actions of pages inside an area (/caseworker/…, /coordinator/…): React Router runs a
 * page's loader even when its layout's loader refuses, and would send that data along with the 403 page.
 * So each page checks its area itself, then what it does.
 */
export async function requireAreaPermission(
  request: Request,
  area: keyof typeof AREA_PERMISSION,
  permission: Permission,
): Promise<{ actor: Actor; auth: SessionUser }> {
  await requirePermission(request, AREA_PERMISSION[area])
  return requirePermission(request, permission)
}
