import { createCookie } from 'react-router'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { isDatabaseUnavailable } from '#app/utils/database-unavailable.server.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { DEFAULT_LOCALE, isLocale, type Locale } from '#app/modules/i18n/locales.ts'

/** The language chosen with the switcher by someone not signed in (or before their setting is saved). */
const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/** The `Set-Cookie` value that remembers a language: sent over HTTPS only in production, like every cookie. */
export function serializeLocaleCookie(locale: Locale): Promise<string> {
  return localeCookie.serialize(locale, { secure: getEnv().isProduction })
}

/**
 * The first language of ours in an Accept-Language header, by the browser's preference ("en-US,en;q=0.9" → en).
 * Null when it names none of them.
 */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null
  const ranked = header
    .split(',')
    .slice(0, 32)
    .map((part, order) => {
      const [tag = '', ...params] = part.split(';').map((p) => p.trim())
      const q = params.find((p) => p.startsWith('q='))
      const quality = q === undefined ? 1 : Number(q.slice(2))
      return { language: tag.toLowerCase().split('-')[0]!, quality: Number.isFinite(quality) ? quality : 0, order }
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order)
  return (ranked.find((entry) => isLocale(entry.language))?.language as Locale | undefined) ?? null
}

/**
 * Which language to answer in: the signed-in person's setting, then the cookie, then Accept-Language,
 * then Vietnamese.
 */
export async function getLocale(request: Request): Promise<Locale> {
  // While the database is unreachable the page still renders (a translated 503): cookie or header decide.
  const auth = await getSessionUser(request).catch((error: unknown) => {
    if (isDatabaseUnavailable(error)) return null
    throw error
  })
  if (isLocale(auth?.user.locale)) return auth.user.locale
  const chosen: unknown = await localeCookie.parse(request.headers.get('Cookie'))
  if (isLocale(chosen)) return chosen
  return localeFromAcceptLanguage(request.headers.get('Accept-Language')) ?? DEFAULT_LOCALE
}
