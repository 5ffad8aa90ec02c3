import { createCookie } from '@remix-run/node'
import { createInstance, type TFunction } from 'i18next'
import { RemixI18Next } from 'remix-i18next/server'
import { getSessionUser } from '~/modules/auth/session.server'
import { isDatabaseUnavailable } from '~/utils/database-unavailable.server'
import { i18nConfig } from './config'
import { DEFAULT_LOCALE, isLocale, type Locale } from './locales'
import { serverResources } from './resources.server'

/** The language chosen with the switcher by someone not signed in (or before their setting is saved). */
export const localeCookie = createCookie('lng', {
  path: '/',
  sameSite: 'lax',
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
})

/**
 * Which language to answer in: the signed-in person's setting, then the cookie, then Accept-Language,
 * then Vietnamese.
 */
export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...i18nConfig.supportedLngs],
    fallbackLanguage: DEFAULT_LOCALE,
    cookie: localeCookie,
    order: ['custom', 'cookie', 'header'],
    async findLocale(request) {
      // While the database is unreachable the page still renders (a translated 503): cookie or header decide.
      const auth = await getSessionUser(request).catch((error: unknown) => {
        if (isDatabaseUnavailable(error)) return null
        throw error
      })
      return auth?.user.locale ?? null
    },
  },
  i18next: { ...i18nConfig, resources: serverResources },
})

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request)
  return isLocale(locale) ? locale : DEFAULT_LOCALE
}

const instances = new Map<Locale, Promise<TFunction>>()

/** A translator for a known locale (emails, server messages), without a request. */
export function getFixedT(locale: Locale): Promise<TFunction> {
  let t = instances.get(locale)
  if (!t) {
    const instance = createInstance()
    t = instance.init({ ...i18nConfig, resources: serverResources, lng: locale }).then(() => instance.t)
    instances.set(locale, t)
  }
  return t
}
