import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePermission } from '~/policy.server'

/** Every /caseworker page requires the 'caseworker:access' permission (and a verified email). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'caseworker:access')
  return null
}

export default function CaseworkerLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
