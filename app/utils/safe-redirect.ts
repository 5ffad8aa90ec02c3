const DEFAULT_REDIRECT = '/'

/**
 * Only allow redirects to paths on this site. A `redirectTo` taken from the URL or a form is attacker
 * controlled: `//evil.example` or `https://evil.example` would send a freshly signed-in user elsewhere
 * (an open redirect, useful for phishing).
 */
export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = DEFAULT_REDIRECT) {
  if (!to || typeof to !== 'string') return fallback
  if (!to.startsWith('/') || to.startsWith('//') || to.startsWith('/\\')) return fallback
  // Control characters (a tab or newline inside a URL) are dropped by browsers, turning "/\t/evil" into "//evil".
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(to)) return fallback
  // A Location header carries bytes, not text: anything beyond printable ASCII (a space, "tìm kiếm") is sent
  // percent-encoded, as a browser would; a string that cannot be encoded (a lone surrogate) is refused.
  try {
    return to.replace(/[^\x21-\x7e]+/g, (part) => encodeURIComponent(part))
  } catch {
    return fallback
  }
}
