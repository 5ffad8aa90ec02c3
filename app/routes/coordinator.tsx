import { Outlet } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/coordinator'

/** Every /coordinator page requires the 'coordinator:access' permission (and a verified email). */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, 'coordinator:access')
  return null
}

export default function CoordinatorLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
