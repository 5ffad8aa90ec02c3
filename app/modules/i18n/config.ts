import en from '~/locales/en.json'
import vi from '~/locales/vi.json'
import { DEFAULT_LOCALE, LOCALES } from './locales'

/** Shared by the server and the browser so both render the same strings. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: 'common',
  ns: ['common'],
  resources: { vi: { common: vi }, en: { common: en } },
  interpolation: { escapeValue: false },
} as const
