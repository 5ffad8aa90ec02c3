import { describe, expect, it } from 'vitest'
import { addBundle } from '#app/modules/i18n/bundles/registry.ts'
import { localeFromAcceptLanguage } from '#app/utils/locale.server.ts'
import { lookUp, translateKey, translatorFor } from '#app/modules/i18n/translator.ts'

// Strings of our own, so each rule is seen on its own (the real files are checked in locales.test.ts).
addBundle('vi', {
  greet: 'Xin chào {{name}}',
  items_other: '{{count}} mục',
  nested: { deep: { leaf: 'Lá' }, empty: '' },
  note: 'Ghi chú',
  note_partner: 'Ghi chú của đối tác',
  seen_partner_other: 'Đối tác đã xem {{count}} lần',
  onlyVi: 'Chỉ có tiếng Việt',
  spaced: 'Còn {{ days }} ngày, {{days}} ngày',
})
addBundle('en', {
  greet: 'Hello {{name}}',
  items_one: 'one item',
  items_other: '{{count}} items',
  items_zero: 'no items',
  nested: { deep: { leaf: 'Leaf' } },
  note: 'Note',
  note_partner: "Partner's note",
  seen_partner_one: 'Seen once by the partner',
  seen_partner_other: 'Seen {{count}} times by the partner',
})

describe('translateKey', () => {
  it('finds a string by its dotted key, and only a string', () => {
    expect(translateKey('en', 'nested.deep.leaf')).toBe('Leaf')
    expect(lookUp('en', 'nested.deep')).toBeUndefined()
    expect(lookUp('en', 'nested.deep.leaf.more')).toBeUndefined()
    expect(translateKey('en', 'nested.deep')).toBe('nested.deep')
  })

  it('keeps an empty string: a deliberate blank is not a missing key', () => {
    expect(translateKey('vi', 'nested.empty')).toBe('')
  })

  it('fills each placeholder, with or without spaces inside the braces, and prints nothing for an absent value', () => {
    expect(translateKey('vi', 'greet', { name: 'Lan' })).toBe('Xin chào Lan')
    expect(translateKey('vi', 'spaced', { days: 3 })).toBe('Còn 3 ngày, 3 ngày')
    expect(translateKey('vi', 'greet')).toBe('Xin chào ')
    expect(translateKey('vi', 'greet', { name: null })).toBe('Xin chào ')
  })

  it('does not read placeholders as markup or patterns: values are inserted as they are', () => {
    expect(translateKey('en', 'greet', { name: '<b>$1 {{name}}</b>' })).toBe('Hello <b>$1 {{name}}</b>')
  })

  it("picks the plural form by the language's rules: English one/other, Vietnamese only other", () => {
    expect(translateKey('en', 'items', { count: 1 })).toBe('one item')
    expect(translateKey('en', 'items', { count: 2 })).toBe('2 items')
    expect(translateKey('vi', 'items', { count: 1 })).toBe('1 mục')
    expect(translateKey('vi', 'items', { count: 21 })).toBe('21 mục')
  })

  it('uses a _zero form for nought when there is one, the plural rules otherwise', () => {
    expect(translateKey('en', 'items', { count: 0 })).toBe('no items')
    expect(translateKey('vi', 'items', { count: 0 })).toBe('0 mục')
  })

  it('prefers the context form, with its plural, and falls back to the plain key', () => {
    expect(translateKey('en', 'note', { context: 'partner' })).toBe("Partner's note")
    expect(translateKey('en', 'note', { context: 'caseworker' })).toBe('Note')
    expect(translateKey('en', 'note', { context: '' })).toBe('Note')
    expect(translateKey('en', 'seen', { context: 'partner', count: 1 })).toBe('Seen once by the partner')
    expect(translateKey('en', 'seen', { context: 'partner', count: 4 })).toBe('Seen 4 times by the partner')
  })

  it('falls back to Vietnamese for a key English lacks, then to the default value, then to the key', () => {
    expect(translateKey('en', 'onlyVi')).toBe('Chỉ có tiếng Việt')
    expect(translateKey('en', 'missing.key', { defaultValue: 'Fallback {{n}}', n: 2 })).toBe('Fallback 2')
    expect(translateKey('vi', 'missing.key')).toBe('missing.key')
  })

  it('ignores keys that walk into inherited properties', () => {
    expect(translateKey('en', '__proto__.toString')).toBe('__proto__.toString')
    expect(translateKey('en', 'constructor')).toBe('constructor')
  })
})

describe('translatorFor', () => {
  it('gives the same function for a language every time, bound to that language', () => {
    expect(translatorFor('en')).toBe(translatorFor('en'))
    expect(translatorFor('vi')('greet', { name: 'Minh' })).toBe('Xin chào Minh')
    expect(translatorFor('en')('greet', { name: 'Minh' })).toBe('Hello Minh')
  })
})

describe('localeFromAcceptLanguage', () => {
  it("takes the reader's most preferred language of ours, region or not", () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,vi;q=0.8')).toBe('en')
    expect(localeFromAcceptLanguage('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi')
    expect(localeFromAcceptLanguage('fr-FR, en;q=0.5, vi;q=0.7')).toBe('vi')
    expect(localeFromAcceptLanguage('EN-gb')).toBe('en')
  })

  it('keeps the written order between equal preferences and skips refused ones', () => {
    expect(localeFromAcceptLanguage('en;q=0.8, vi;q=0.8')).toBe('en')
    expect(localeFromAcceptLanguage('vi;q=0, en;q=0.1')).toBe('en')
  })

  it('answers null for none of ours, an empty or a malformed header', () => {
    expect(localeFromAcceptLanguage('fr, de;q=0.9, *;q=0.1')).toBeNull()
    expect(localeFromAcceptLanguage('')).toBeNull()
    expect(localeFromAcceptLanguage(null)).toBeNull()
    expect(localeFromAcceptLanguage(';;;,,,q=abc')).toBeNull()
    expect(localeFromAcceptLanguage('en;q=abc')).toBeNull()
  })
})
