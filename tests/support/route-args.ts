import type { AppLoadContext } from 'react-router'

const CONTEXT: AppLoadContext = { cspNonce: '', requestId: 'test', clientIp: null }

/**
 * What React Router hands a route's loader or action, for calling one directly in a test: the request, its URL,
 * the route's params and the load context server.ts would make.
 */
export function routeArgs<P extends Record<string, string | undefined> = Record<string, string | undefined>>(
  request: Request,
  params: P = {} as P,
  context: AppLoadContext = CONTEXT,
) {
  return { request, url: new URL(request.url), pattern: '', params, context }
}

export type RouteArgs<P extends Record<string, string | undefined>> = ReturnType<typeof routeArgs<P>>
