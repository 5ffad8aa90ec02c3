/**
 * Two checks server.ts makes on every request before React Router sees it: is the `Host` one of ours, and is
 * this a post to one of the sign-in forms (whatever the spelling of its path)?
 */

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

/**
 * The `Host` values this server answers: APP_URL's host and port. When APP_URL names this machine (the demo and
 * development default), every loopback name for that port too, as a browser or a benchmark may use either.
 * Anything else is refused: a page on another site that points its own name at this machine (DNS rebinding)
 * would otherwise reach the demo's mailbox and pass the same-site check, whose Origin then matches its Host.
 */
export function allowedHosts(appUrl: string): Set<string> {
  const url = new URL(appUrl)
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  const defaultPort = (url.protocol === 'https:' && port === '443') || (url.protocol === 'http:' && port === '80')
  const names = LOOPBACK_NAMES.includes(url.hostname) ? LOOPBACK_NAMES : [url.hostname]
  const hosts = new Set<string>()
  for (const name of names) {
    hosts.add(`${name}:${port}`)
    if (defaultPort) hosts.add(name)
  }
  return hosts
}

/** Whether a request's `Host` header is one of `hosts` (host names are case-insensitive; no header is refused). */
export function isAllowedHost(host: string | undefined, hosts: Set<string>): boolean {
  return host !== undefined && hosts.has(host.toLowerCase())
}

// The sign-in forms: each posts a password or an email to check, or sends an email.
const SIGN_IN_FORM = /^\/(?:login|join|forgot-password|verify-email|reset-password\/[^/]+|invitation\/[^/]+)$/i

/**
 * Whether a path is one of the sign-in forms, in any of the spellings the router also accepts: the page, its data
 * request (`/login.data`), with a trailing slash, in capitals, or percent-encoded (`/l%6Fgin`). The per-address
 * limit keys on this, not on Express's route list, which missed the `.data` paths.
 */
export function isSignInFormPath(path: string): boolean {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return false // not a path the router can match either (Express answers it 400)
  }
  const page = decoded.replace(/\.data$/i, '').replace(/\/+$/, '')
  return SIGN_IN_FORM.test(page)
}
