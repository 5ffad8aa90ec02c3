import type { Locale } from '#app/modules/i18n/locales.ts'
import en from './locales/en.json'
import vi from './locales/vi.json'

type Dictionary = typeof vi

/** Every dotted path to a string in the Vietnamese file, e.g. `verifyEmail.subject`. */
type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>
}[keyof T & string]

export type EmailKey = Leaves<Dictionary>
export type EmailTranslator = (key: EmailKey, vars?: Record<string, string>) => string

// Typing `en` as the Vietnamese shape makes a key missing from the English file a compile error.
const dictionaries: Record<Locale, Dictionary> = { vi, en }

function lookup(dictionary: Dictionary, key: string): string | undefined {
  let node: unknown = dictionary
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/**
 * A translator for email text. `{{var}}` placeholders are filled from `vars`; the result is plain text
 * (React escapes it when rendered), so a template can build whole sentences with template literals.
 */
export function getEmailTranslator(locale: Locale): EmailTranslator {
  const dictionary = dictionaries[locale] ?? dictionaries.vi
  return (key, vars = {}) => {
    const template = lookup(dictionary, key) ?? lookup(dictionaries.vi, key)
    if (template === undefined) throw new Error(`Missing email translation: ${key}`)
    return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => {
      const value = vars[name]
      // A missing value would print a raw placeholder to a real person: fail while rendering instead.
      if (value === undefined) throw new Error(`Missing value {{${name}}} for email text ${key}`)
      return value
    })
  }
}

/** The raw dictionaries, for tests that compare the two languages. */
export const emailDictionaries = dictionaries
