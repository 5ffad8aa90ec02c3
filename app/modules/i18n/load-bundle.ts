import { addBundle, bundleFor, type Bundle } from './bundles/registry'
import type { Locale } from './locales'

/** The reader's language, fetched as its own chunk the first time (the browser never downloads both). */
export async function loadBundle(locale: Locale): Promise<Bundle> {
  const have = bundleFor(locale)
  if (have) return have
  const bundle = (locale === 'en' ? await import('./bundles/en') : await import('./bundles/vi')).default
  addBundle(locale, bundle)
  return bundle
}
