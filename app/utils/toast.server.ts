import { createCookieSessionStorage, redirect } from 'react-router'
import { getEnv } from './env.server'

/** A message shown once after an action, by key so it appears in the reader's language. */
export type Toast = { type: 'success' | 'error' | 'info'; key: string; values?: Record<string, string | number> }

type ToastData = Record<string, never>
type ToastFlash = { toast: Toast }
let storage: ReturnType<typeof createCookieSessionStorage<ToastData, ToastFlash>> | undefined
function toastStorage() {
  const env = getEnv()
  storage ??= createCookieSessionStorage<ToastData, ToastFlash>({
    cookie: {
      name: 'hn_toast',
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: env.isProduction,
      // Outside production a fixed secret is fine: the cookie carries a message key, nothing private.
      secrets: [env.SESSION_SECRET ?? 'hoa-nhap-development-secret'],
    },
  })
  return storage
}

export async function toastHeaders(toast: Toast): Promise<Headers> {
  const session = await toastStorage().getSession()
  session.flash('toast', toast)
  return new Headers({ 'Set-Cookie': await toastStorage().commitSession(session) })
}

export async function redirectWithToast(url: string, toast: Toast, init?: { headers?: HeadersInit }) {
  const headers = new Headers(init?.headers)
  for (const [k, v] of await toastHeaders(toast)) headers.append(k, v)
  return redirect(url, { headers })
}

/** The pending toast, and the header that clears it once read. */
export async function getToast(request: Request): Promise<{ toast: Toast | null; headers: Headers | null }> {
  const session = await toastStorage().getSession(request.headers.get('cookie'))
  const toast = (session.get('toast') as Toast | undefined) ?? null
  if (!toast) return { toast: null, headers: null }
  return { toast, headers: new Headers({ 'Set-Cookie': await toastStorage().destroySession(session) }) }
}
