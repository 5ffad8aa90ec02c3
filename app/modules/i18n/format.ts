import type { Locale } from './locales'

// The one place dates, money and numbers are formatted. Hanoi time, whatever the server's zone.
const TIME_ZONE = 'Asia/Ho_Chi_Minh'
const tags: Record<Locale, string> = { vi: 'vi-VN', en: 'en-GB' }

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>()
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined
  if (!f) {
    f = make()
    cache.set(key, f)
  }
  return f
}

function toDate(value: Date | string | number) {
  return value instanceof Date ? value : new Date(value)
}

/** 26/11/2026 (vi) · 26 Nov 2026 (en) */
export function formatDate(value: Date | string | number, locale: Locale) {
  return formatter(
    `d:${locale}`,
    () =>
      new Intl.DateTimeFormat(tags[locale], {
        timeZone: TIME_ZONE,
        day: '2-digit',
        month: locale === 'vi' ? '2-digit' : 'short',
        year: 'numeric',
      }),
  ).format(toDate(value))
}

/** 14:05 26/11/2026 (vi) · 26 Nov 2026, 14:05 (en) */
export function formatDateTime(value: Date | string | number, locale: Locale) {
  return formatter(
    `dt:${locale}`,
    () =>
      new Intl.DateTimeFormat(tags[locale], {
        timeZone: TIME_ZONE,
        day: '2-digit',
        month: locale === 'vi' ? '2-digit' : 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }),
  ).format(toDate(value))
}

/** 1.500.000 ₫ (vi) · ₫1,500,000 (en). VND has no minor unit. */
export function formatVnd(amount: number | bigint, locale: Locale) {
  return formatter(
    `vnd:${locale}`,
    () => new Intl.NumberFormat(tags[locale], { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }),
  ).format(amount)
}

/** 12.345 (vi) · 12,345 (en) */
export function formatNumber(value: number, locale: Locale, options?: { maximumFractionDigits?: number }) {
  const digits = options?.maximumFractionDigits ?? 0
  return formatter(
    `n:${locale}:${digits}`,
    () => new Intl.NumberFormat(tags[locale], { maximumFractionDigits: digits }),
  ).format(value)
}

/** 42% · 42,5% (vi) */
export function formatPercent(ratio: number, locale: Locale, fractionDigits = 0) {
  return formatter(
    `p:${locale}:${fractionDigits}`,
    () => new Intl.NumberFormat(tags[locale], { style: 'percent', maximumFractionDigits: fractionDigits }),
  ).format(ratio)
}
