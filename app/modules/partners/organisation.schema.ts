import { z } from '~/utils/zod'

const required = { error: 'validation.required' }

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

const text = (min: number, max: number) =>
  z.string(required).trim().min(min, { error: 'validation.tooShort' }).max(max, { error: 'validation.tooLong' })

/** What an organisation tells about itself, at sign-up and on its profile page. */
export const organisationFields = {
  organisationName: text(2, 200),
  taxCode: z
    .string(required)
    .transform(normalizeTaxCode)
    .pipe(z.string().regex(TAX_CODE_PATTERN, { error: 'validation.taxCode' })),
  wardCode: z.string({ error: 'validation.wardChoose' }).regex(/^\d{5}$/, { error: 'validation.wardChoose' }),
  address: text(5, 300),
  phone: z
    .string(required)
    .max(30, { error: 'validation.phone' })
    .transform((v, ctx) => {
      const phone = normalizeVietnamesePhone(v)
      if (!phone) {
        ctx.addIssue({ code: 'custom', message: 'validation.phone' })
        return z.NEVER
      }
      return phone
    }),
  description: text(20, 2000),
  listedInDirectory: z
    .literal('on')
    .optional()
    .transform((v) => v === 'on'),
}

export const OrganisationProfileSchema = z.object({
  ...organisationFields,
  contactName: text(2, 120),
})

export type OrganisationProfileInput = z.infer<typeof OrganisationProfileSchema>

export const DecisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({ decision: z.literal('reinstate') }),
  z.object({ decision: z.literal('reject'), reason: text(5, 1000) }),
  z.object({ decision: z.literal('suspend'), reason: text(5, 1000) }),
])

export const InviteMemberSchema = z.object({
  intent: z.literal('invite'),
  name: text(2, 120),
  email: z
    .string(required)
    .trim()
    .max(254, { error: 'validation.tooLong' })
    .pipe(z.email({ error: 'validation.email' })),
})
