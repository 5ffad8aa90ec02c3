import en from './bundles/en'
import { addBundle } from './bundles/registry'
import type { Locale } from './locales'
import { translateKey, type TOptions } from './translator'
import vi from './bundles/vi'

// The server speaks both languages: importing this module loads both sets of strings.
addBundle('vi', vi)
addBundle('en', en)

/** Both languages' strings, as loaded (the locale tests compare them). */
export const serverBundles = { vi, en }

/** `translate` for server code (downloads, the HSDS feed), with both languages loaded by this module. */
export function translate(locale: Locale, key: string, options?: TOptions): string {
  return translateKey(locale, key, options)
}
