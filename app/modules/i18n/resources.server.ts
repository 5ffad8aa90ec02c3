import en from './bundles/en'
import { addBundle } from './bundles/registry'
import type { Locale } from './locales'
import { translate as lookUp } from './meta'
import vi from './bundles/vi'

addBundle('vi', vi)
addBundle('en', en)

/** Both languages, for the server's i18next instances. */
export const serverResources = { vi: { common: vi }, en: { common: en } }

/** `translate` for server code (downloads, the HSDS feed), with both languages loaded by this module. */
export function translate(locale: Locale, key: string): string {
  return lookUp(locale, key)
}
