import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { createInstance, type i18n } from 'i18next'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { I18nextProvider, initReactI18next } from 'react-i18next'
import { i18nConfig } from '~/modules/i18n/config'
import { getLocale } from '~/modules/i18n/i18n.server'
import { serverResources } from '~/modules/i18n/resources.server'
import { CoalescingStream } from '~/utils/coalescing-stream.server'
import { RETRY_AFTER_SECONDS } from '~/utils/database-unavailable.server'
import { errorFields, log } from '~/utils/logger.server'
import { NonceProvider } from '~/utils/nonce'

const ABORT_DELAY = 5_000

// One i18next instance per language, made once: each is fixed to its language and never changed, so
// concurrent requests can share it (creating one per request cost more than rendering the page).
const instances = new Map<string, Promise<i18n>>()
function getI18nInstance(locale: string) {
  let instance = instances.get(locale)
  if (!instance) {
    const created = createInstance()
    instance = created
      .use(initReactI18next)
      .init({ ...i18nConfig, resources: serverResources, lng: locale })
      .then(() => created)
    instances.set(locale, instance)
  }
  return instance
}
export const streamTimeout = ABORT_DELAY

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = String(loadContext.cspNonce ?? '')
  const instance = await getI18nInstance(await getLocale(request))
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  // A route threw a 503 (the database is unreachable): the page says "try again shortly", the header says when.
  if (responseStatusCode === 503) responseHeaders.set('Retry-After', String(RETRY_AFTER_SECONDS))

  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
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
  log('error', 'request failed', { method: request.method, ...errorFields(error) })
}
