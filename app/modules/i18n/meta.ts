import type { MetaDescriptor } from '@remix-run/node'
import { i18nConfig } from './config'
import { DEFAULT_LOCALE, isLocale, type Locale } from './locales'

type Resources = { [key: string]: string | Resources }

/** A plain lookup in the bundled strings: `meta` functions run outside React, with no i18next hook. */
export function translate(locale: Locale, key: string): string {
  let node: string | Resources | undefined = i18nConfig.resources[locale].common as Resources
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined
  return typeof node === 'string' ? node : key
}

/** The page's `<title>` in the reader's language, taken from the root loader's locale. */
export function pageTitle(matches: readonly { id: string; data: unknown }[], key: string): MetaDescriptor[] {
  const data = matches.find((m) => m.id === 'root')?.data as { locale?: unknown } | undefined
  const locale = isLocale(data?.locale) ? data.locale : DEFAULT_LOCALE
  return [{ title: `${translate(locale, key)} · Hòa Nhập` }]
}
