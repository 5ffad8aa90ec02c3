import type { Locale } from '../locales'

export type Bundle = { [key: string]: string | Bundle }

// The bundles this process has: both on the server, the reader's language in the browser (it adds the other when
// the reader switches). `translate` (meta.ts) reads them outside React.
const loaded: Partial<Record<Locale, Bundle>> = {}

export function addBundle(locale: Locale, bundle: Bundle) {
  loaded[locale] = bundle
}

export function bundleFor(locale: Locale): Bundle | undefined {
  return loaded[locale]
}
