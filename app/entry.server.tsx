import { createReadableStreamFromReadable } from '@react-router/node'
import { type AppLoadContext, type EntryContext, isRouteErrorResponse, ServerRouter } from 'react-router'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { getLocale } from '#app/utils/locale.server.ts'
import { TranslationProvider } from '#app/modules/i18n/react.tsx'
import '#app/modules/i18n/resources.server.ts'
import { CoalescingStream } from '#app/utils/coalescing-stream.server.ts'
import { RETRY_AFTER_SECONDS } from '#app/utils/database-unavailable.server.ts'
import { errorFields, log } from '#app/utils/logger.server.ts'
import { NonceProvider } from '#app/utils/nonce.tsx'

const ABORT_DELAY = 5_000

export const streamTimeout = ABORT_DELAY

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = String(loadContext.cspNonce ?? '')
  const locale = await getLocale(request)
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || routerContext.isSpaMode
  // A route threw a 503 (the database is unreachable): the page says "try again shortly", the header says when.
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <TranslationProvider locale={locale}>
          <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
        </TranslationProvider>
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? 'onAllReady' : 'onShellReady']() {
          shellRendered = true
          const body = new CoalescingStream()
          responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          )
          pipe(body)
        },
        onShellError(error: unknown) {
          reject(error)
        },
        onError(error: unknown) {
          responseStatusCode = 500
          if (shellRendered) log('error', 'render failed', errorFields(error))
        },
      },
    )
    setTimeout(abort, ABORT_DELAY + 1000)
  })
}

/** Client-side navigations (single fetch) get the same Retry-After as a page while the database is down. */
export function handleDataRequest(response: Response) {
  if (response.status === 503 && !response.headers.has('Retry-After')) {
    response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS))
  }
  return response
}

/** Errors thrown in loaders and actions: logged without the request (its URL or body may be private). */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return
  if (error instanceof Response) return
  // Remix's own refusals (a POST to a page without a form: 405) are not faults, and not Errors either.
  if (isRouteErrorResponse(error)) {
    const level = error.status >= 500 ? 'error' : 'info'
    log(level, 'request refused', { method: request.method, status: error.status, statusText: error.statusText })
    return
  }
  log('error', 'request failed', { method: request.method, ...errorFields(error) })
}
