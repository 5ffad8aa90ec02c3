import type { MetaDescriptor } from 'react-router'
import { DEFAULT_LOCALE, isLocale } from '#app/modules/i18n/locales.ts'
import { translateKey } from '#app/modules/i18n/translator.ts'

/**
 * A key in a language, for `meta` functions, which run outside React. The server has both languages; the browser
 * has the reader's (the key itself comes back for a language not loaded).
 */
export { translateKey as translate }

/** A route's matches as `meta` sees them (React Router's typed tuple may hold gaps). */
type MetaMatches = readonly ({ id: string; data: unknown } | undefined)[]

/** The reader's language in a `meta` function, from the root loader's data. */
export function metaLocale(matches: MetaMatches) {
  const data = matches.find((m) => m?.id === 'root')?.data as { locale?: unknown } | undefined
  return isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE
}

/** The page's `<title>` in the reader's language, taken from the root loader's locale. */
export function pageTitle(matches: MetaMatches, key: string): MetaDescriptor[] {
  return [{ title: `${translateKey(metaLocale(matches), key)} · Hòa Nhập` }]
}
