import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePermission } from '~/policy.server'

/** Every /coordinator page requires the 'coordinator:access' permission (and a verified email). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'coordinator:access')
  return null
}

export default function CoordinatorLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
