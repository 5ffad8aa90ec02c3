import type { ServerBuild } from 'react-router'
import { databaseOutageAnswer } from './database-unavailable.server'
import { isAppError, type AppError } from './errors'

/**
 * The one place where failures become HTTP answers. The domain (app/modules) knows nothing of HTTP: it
 * throws an AppError with a code (`forbidden`, `not_found`, `conflict`, …) and its status. Thrown out of a
 * loader or action, that is answered here with the status (React Router renders the error boundary: a
 * translated page for 403, 404, 409, 429…); a database outage is answered with a 503. Forms that show a
 * refusal beside a field catch their AppErrors first (utils/forms.server.ts, replyWithError).
 */
export function appErrorAnswer(error: AppError): Response {
  return new Response(error.code, { status: error.status, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}

type Handler = (...args: never[]) => unknown

/** A loader or action whose AppErrors and database outages are answered with their status. */
export function answeringErrors<F extends Handler>(handler: F): F {
  return (async (...args: Parameters<F>) => {
    try {
      return await handler(...args)
    } catch (error) {
      if (isAppError(error)) throw appErrorAnswer(error)
      throw databaseOutageAnswer(error) ?? error
    }
  }) as F
}

/** The server build with every loader and action answering this way: one place for all routes, none can forget. */
export function withErrorAnswers(build: ServerBuild): ServerBuild {
  const routes: ServerBuild['routes'] = {}
  for (const [id, route] of Object.entries(build.routes)) {
    if (!route) continue
    const { loader, action } = route.module
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: answeringErrors(loader) } : {}),
        ...(action ? { action: answeringErrors(action) } : {}),
      },
    }
  }
  return { ...build, routes }
}
