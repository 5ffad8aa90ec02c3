// Tax codes and phone numbers as Vietnamese people write them, without zod: pages that only show a number
// import this rather than the organisation schema.

/**
 * Vietnamese tax code (mã số thuế): 10 digits for an enterprise, or 10 digits, a hyphen and 3 digits
 * for a branch or dependent unit. Spaces are tolerated on input.
 */
export const TAX_CODE_PATTERN = /^\d{10}(-\d{3})?$/

export function normalizeTaxCode(input: string) {
  return input.replace(/\s+/g, '')
}

/**
 * Vietnamese phone numbers, as people write them ("0912 345 678", "+84 912.345.678", "(024) 3826 1234"),
 * to one stored form: mobile 0 + 9 digits starting 3/5/7/8/9; landline 02 + 9 digits (area code and
 * number). Null when it is neither.
 */
export function normalizeVietnamesePhone(input: string): string | null {
  let digits = input.replace(/[\s.\-()]/g, '')
  if (digits.startsWith('+84')) digits = `0${digits.slice(3)}`
  else if (/^84\d{9,10}$/.test(digits)) digits = `0${digits.slice(2)}`
  if (/^0[35789]\d{8}$/.test(digits) || /^02\d{9}$/.test(digits)) return digits
  return null
}

/** "0912 345 678" · "024 3826 1234" */
export function formatVietnamesePhone(phone: string): string {
  if (/^0[35789]\d{8}$/.test(phone)) return `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`
  if (/^02\d{9}$/.test(phone)) return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`
  return phone
}
