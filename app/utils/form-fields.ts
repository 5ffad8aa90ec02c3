import type { z } from '#app/utils/zod.ts'

/**
 * The fields a form's schema accepts, for `useForm<FormFields<typeof Schema>>`. Forms are validated in their
 * action only (ADR 014), so the browser gets the schema's type, never zod itself.
 */
export type FormFields<Schema extends z.ZodType> = z.input<Schema>
