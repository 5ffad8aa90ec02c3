import { z } from '#app/utils/zod.ts'
import { organisationFields } from '#app/modules/partners/organisation.schema.ts'

// Shared by the forms (client-side validation) and the actions. Messages are locale keys.
const required = { error: 'validation.required' }

export const emailField = z
  .string(required)
  .trim()
  .max(254, { error: 'validation.tooLong' })
  .pipe(z.email({ error: 'validation.email' }))

/** Length only: the common-password check needs the server's list and runs in the action. */
export const newPasswordField = z
  .string(required)
  .min(12, { error: 'validation.passwordTooShort' })
  .max(256, { error: 'validation.tooLong' })

export const nameField = z
  .string(required)
  .trim()
  .min(2, { error: 'validation.tooShort' })
  .max(120, { error: 'validation.tooLong' })

export const LoginSchema = z.object({
  email: emailField,
  password: z.string(required).max(256, { error: 'validation.tooLong' }),
  redirectTo: z.string().optional(),
})

/** Partner sign-up: the organisation (pending until vetted) and its first member, who owns it. */
export const JoinSchema = z.object({
  ...organisationFields,
  organisationKind: z.enum(['employer', 'training_centre', 'lender'], { error: 'validation.choose' }),
  name: nameField,
  email: emailField,
  password: newPasswordField,
  acceptTerms: z.literal('on', { error: 'validation.acceptTerms' }),
})

export const ForgotPasswordSchema = z.object({ email: emailField })

export const SetPasswordSchema = z
  .object({ password: newPasswordField, confirmPassword: z.string(required) })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], error: 'validation.passwordsDiffer' })

export const ProfileSchema = z.object({
  intent: z.literal('profile'),
  name: nameField,
  locale: z.enum(['vi', 'en', 'auto'], { error: 'validation.choose' }),
})

export const ChangePasswordSchema = z
  .object({
    intent: z.literal('password'),
    currentPassword: z.string(required).max(256, { error: 'validation.tooLong' }),
    newPassword: newPasswordField,
    confirmPassword: z.string(required),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordsDiffer',
  })

export const InviteCaseworkerSchema = z.object({
  intent: z.literal('invite'),
  name: nameField,
  email: emailField,
  wardCodes: z
    .array(z.string().regex(/^\d{5}$/, { error: 'validation.ward' }), required)
    .min(1, { error: 'validation.wardRequired' })
    .max(20),
  locale: z.enum(['vi', 'en']).default('vi'),
})
