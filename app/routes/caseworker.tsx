import { Outlet } from 'react-router'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePermission } from '~/policy.server'
import type { Route } from './+types/caseworker'

/** Every /caseworker page requires the 'caseworker:access' permission (and a verified email). */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, 'caseworker:access')
  return null
}

export default function CaseworkerLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
