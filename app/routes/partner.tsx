import type { LoaderFunctionArgs } from '@remix-run/node'
import { Outlet } from '@remix-run/react'
import { GeneralErrorBoundary } from '~/components/error-boundary'
import { requirePermission } from '~/policy.server'

/** Every /partner page requires the 'partner:access' permission (and a verified email). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'partner:access')
  return null
}

export default function PartnerLayout() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
