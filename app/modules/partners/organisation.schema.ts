import { z } from '#app/utils/zod.ts'
import { normalizeTaxCode, normalizeVietnamesePhone, TAX_CODE_PATTERN } from './contact'

export { formatVietnamesePhone, normalizeTaxCode, normalizeVietnamesePhone, TAX_CODE_PATTERN } from './contact'

const required = { error: 'validation.required' }

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
