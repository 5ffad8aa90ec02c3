import { bundleFor, type Bundle } from './bundles/registry'
import { DEFAULT_LOCALE, type Locale } from './locales'

// The app's translator (ADR 014): what the pages use of a translation library, and no more. Strings are nested
// objects looked up by dotted key ("listingForm.title"); a key missing in English falls back to Vietnamese, and a
// key missing in both comes back as itself, so a gap shows on the page instead of breaking it.
//
//   a key with { count: 3 }              → key_one / key_other, by the language's plural rules (key_zero for 0)
//   a key with { context: 'partner' }    → key_partner, else key (with count: key_partner_other first)
//   a key with { defaultValue: '…' }     → the default when neither language has the key
//   "Xin chào {{name}}"                  → each {{name}} from the options; an absent value prints nothing
//
// The result is plain text: React escapes it when it is rendered.

export type TOptions = {
  count?: number
  context?: string
  defaultValue?: string
  [name: string]: unknown
}

export type TFunction = (key: string, options?: TOptions) => string

const plurals = new Map<Locale, Intl.PluralRules>()
function pluralRules(locale: Locale) {
  let rules = plurals.get(locale)
  if (!rules) {
    rules = new Intl.PluralRules(locale)
    plurals.set(locale, rules)
  }
  return rules
}

/** The string at a dotted key in one language's loaded strings, if there is one. */
export function lookUp(locale: Locale, key: string): string | undefined {
  let node: string | Bundle | undefined = bundleFor(locale)
  let start = 0
  while (node !== undefined) {
    if (typeof node === 'string') return undefined
    const dot = key.indexOf('.', start)
    node = node[dot === -1 ? key.slice(start) : key.slice(start, dot)]
    if (dot === -1) return typeof node === 'string' ? node : undefined
    start = dot + 1
  }
  return undefined
}

/** The keys to try, most specific first: with context and plural form, with context, with plural form, bare. */
function candidates(key: string, locale: Locale, options: TOptions): string[] {
  const keys: string[] = []
  const counted = typeof options.count === 'number'
  const form = counted ? `_${pluralRules(locale).select(options.count!)}` : ''
  const zero = counted && options.count === 0
  if (typeof options.context === 'string' && options.context !== '') {
    const withContext = `${key}_${options.context}`
    if (zero) keys.push(`${withContext}_zero`)
    if (counted) keys.push(withContext + form)
    keys.push(withContext)
  }
  if (zero) keys.push(`${key}_zero`)
  if (counted) keys.push(key + form)
  keys.push(key)
  return keys
}

const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g

function fill(template: string, options: TOptions | undefined): string {
  if (!template.includes('{{')) return template
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = options?.[name]
    return value === undefined || value === null ? '' : String(value)
  })
}

function resolve(locale: Locale, key: string, options: TOptions | undefined): string | undefined {
  if (!options || (options.count === undefined && options.context === undefined)) return lookUp(locale, key)
  for (const candidate of candidates(key, locale, options)) {
    const found = lookUp(locale, candidate)
    if (found !== undefined) return found
  }
  return undefined
}

/** Translates one key in a language (Vietnamese strings stand in for English ones that are missing). */
export function translateKey(locale: Locale, key: string, options?: TOptions): string {
  let template = resolve(locale, key, options)
  if (template === undefined && locale !== DEFAULT_LOCALE) template = resolve(DEFAULT_LOCALE, key, options)
  if (template === undefined) template = options?.defaultValue ?? key
  return fill(template, options)
}

const translators = new Map<Locale, TFunction>()

/** One `t` per language, made once, so it is stable across renders (a safe dependency of effects and memos). */
export function translatorFor(locale: Locale): TFunction {
  let t = translators.get(locale)
  if (!t) {
    t = (key, options) => translateKey(locale, key, options)
    translators.set(locale, t)
  }
  return t
}
