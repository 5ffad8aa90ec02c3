import { Outlet } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requirePermission } from '#app/policy.server.ts'
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
