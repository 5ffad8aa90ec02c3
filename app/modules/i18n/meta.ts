import type { MetaDescriptor } from '@remix-run/node'
import { bundleFor, type Bundle } from './bundles/registry'
import { DEFAULT_LOCALE, isLocale, type Locale } from './locales'

/**
 * A plain lookup in the loaded strings: `meta` functions run outside React, with no i18next hook. The server has
 * both languages; the browser has the reader's (the key itself comes back for a language not loaded).
 */
export function translate(locale: Locale, key: string): string {
  let node: string | Bundle | undefined = bundleFor(locale)
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : key
}

/** The page's `<title>` in the reader's language, taken from the root loader's locale. */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string): MetaDescriptor[] {
  const data = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined
  const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE
  return [{ title: `${translate(locale, key)} · Hòa Nhập` }]
}
