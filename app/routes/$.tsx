import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'

/** Any path no other route claims: a 404 inside the site's layout, in the reader's language. */
export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
