import type { MetaDescriptor } from '@remix-run/node'
import { DEFAULT_LOCALE, isLocale } from './locales'
import { translateKey } from './translator'

/**
 * A key in a language, for `meta` functions, which run outside React. The server has both languages; the browser
 * has the reader's (the key itself comes back for a language not loaded).
 */
export { translateKey as translate }

/** The page's `<title>` in the reader's language, taken from the root loader's locale. */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string): MetaDescriptor[] {
  const data = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined
  const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE
  return [{ title: `${translateKey(locale, key)} · Hòa Nhập` }]
}
