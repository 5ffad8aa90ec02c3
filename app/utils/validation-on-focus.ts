import { parse, type Submission } from '@conform-to/react'
import { useCallback, useRef } from 'react'
import type { z } from '~/utils/zod'

// As useForm<FormFields<typeof Schema>> expects it: the form's fields as the person typed them.
type FormSubmission<Schema extends z.ZodType> = Submission<z.input<Schema>, string[], z.input<Schema>>
type Validate = (formData: FormData) => Submission<unknown>

/**
 * A form's checks in the browser, fetched when the person first enters the form (ADR 014): zod and the form's
 * schema are a chunk of their own, so a page that is only read never downloads them, and the page's first load
 * stays within the JavaScript budget. Until the chunk has arrived (a moment after the first focus), a field
 * leaving focus is not checked and sending the form lets the action check it, which it always does anyway.
 *
 *   const validation = useValidationOnFocus(() => import('~/modules/auth/auth.schema').then((m) => m.LoginSchema))
 *   useForm({ ..., onValidate: validation.onValidate })
 *   <Form {...getFormProps(form)} onFocus={validation.load}>
 *
 * `key` names the schema when the same form switches between several (the intake's steps, a listing's kind).
 */
export function useValidationOnFocus<Schema extends z.ZodType>(loadSchema: () => Promise<Schema>, key = '') {
  const validators = useRef(new Map<string, Validate | 'loading'>())
  const load = useCallback(() => {
    if (validators.current.has(key)) return
    validators.current.set(key, 'loading')
    Promise.all([import('@conform-to/zod/v4'), loadSchema()]).then(
      ([{ parseWithZod }, schema]) => {
        validators.current.set(key, (formData) => parseWithZod(formData, { schema }))
      },
      // Offline or a new deployment: try again on the next focus; the action still checks everything.
      () => validators.current.delete(key),
    )
    // loadSchema is written inline by the form; the key says when it means another schema.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  const onValidate = useCallback(
    ({ formData }: { formData: FormData }): FormSubmission<Schema> => {
      const validate = validators.current.get(key)
      if (typeof validate === 'function') return validate(formData) as FormSubmission<Schema>
      // Not here yet: a field's check ("validate" intent) finds nothing to report; sending goes to the action.
      return parse(formData, {
        resolve: (_payload, intent) => (intent ? { error: {} } : { error: null }),
      }) as FormSubmission<Schema>
    },
    [key],
  )
  return { load, onValidate }
}
