import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react'
import { loadBundle } from './load-bundle'
import type { Locale } from './locales'
import { translatorFor, type TFunction } from './translator'

type Translation = {
  t: TFunction
  i18n: {
    /** The language the page is shown in. */
    language: Locale
    /** Shows the page in another language, once its strings are loaded (the browser starts with one). */
    changeLanguage: (locale: Locale) => Promise<void>
  }
}

const TranslationContext = createContext<Translation | null>(null)

/**
 * The page's language for everything below it. The server renders each request in its reader's language; in the
 * browser the root changes it after the switcher (or a new account's setting) once the other strings are loaded.
 */
export function TranslationProvider({ locale: initial, children }: { locale: Locale; children: ReactNode }) {
  const [locale, setLocale] = useState(initial)
  const changeLanguage = useCallback(async (next: Locale) => {
    await loadBundle(next)
    setLocale(next)
  }, [])
  const value = useMemo(
    () => ({ t: translatorFor(locale), i18n: { language: locale, changeLanguage } }),
    [locale, changeLanguage],
  )
  return <TranslationContext.Provider value={value}>{children}</TranslationContext.Provider>
}

/** `t` in the page's language, and the language itself. */
export function useTranslation(): Translation {
  const value = useContext(TranslationContext)
  if (!value) throw new Error('useTranslation needs a TranslationProvider above it (entry.client / entry.server)')
  return value
}

/** The page's language (for formatting dates, numbers and money). */
export function useLocale(): Locale {
  return useTranslation().i18n.language
}
