import { Outlet } from 'react-router'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePermission } from '~/policy.server'
import type { Route } from './+types/partner'

/** Every /partner page requires the 'partner:access' permission (and a verified email). */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, 'partner:access')
  return null
}

export default function PartnerLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
