import { DEFAULT_LOCALE, LOCALES } from './locales'

// The strings live in ./bundles, one per language: the server loads both (resources.server.ts), the browser
// only the reader's (load-bundle.ts), so no page carries the other language's strings.

/** Shared by the server and the browser so both set i18next up the same way. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: 'common',
  ns: ['common'],
  interpolation: { escapeValue: false },
} as const
