import { Outlet } from 'react-router'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { requirePermission } from '#app/policy.server.ts'
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
