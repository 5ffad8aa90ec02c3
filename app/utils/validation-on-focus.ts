import { parse, type FormMetadata, type Submission } from '@conform-to/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { z } from '~/utils/zod'

// As useForm<FormFields<typeof Schema>> expects it: the form's fields as the person typed them.
type FormSubmission<Schema extends z.ZodType> = Submission<z.input<Schema>, string[], z.input<Schema>>
type Validate = (formData: FormData) => Submission<unknown>

/**
 * A form's checks in the browser, fetched when the person first enters the form (ADR 014): zod and the form's
 * schema are a chunk of their own, so a page that is only read never downloads them, and the page's first load
 * stays within the JavaScript budget.
 *
 *   const validation = useValidationOnFocus(() => import('~/modules/auth/auth.schema').then((m) => m.LoginSchema))
 *   const [form, fields] = useForm({ ..., onValidate: validation.onValidate })
 *   useRecheckWhenLoaded(validation, form)
 *   <Form {...getFormProps(form)} onFocus={validation.load}>
 *
 * Until the chunk has arrived (a moment after the first focus), the errors on show stay as they are, sending the
 * form lets the action check it (which it always does anyway), and the fields the person leaves or types in are
 * noted; `useRecheckWhenLoaded` checks those as soon as the chunk is here.
 *
 * `key` names the schema when the same form switches between several (the intake's steps, a listing's kind).
 */
export function useValidationOnFocus<Schema extends z.ZodType>(loadSchema: () => Promise<Schema>, key = '') {
  const validators = useRef(new Map<string, Validate | 'loading'>())
  const touched = useRef(new Set<string>())
  const [loaded, setLoaded] = useState<string | null>(null)
  const load = useCallback(() => {
    if (validators.current.has(key)) return
    validators.current.set(key, 'loading')
    Promise.all([import('@conform-to/zod/v4'), loadSchema()]).then(
      ([{ parseWithZod }, schema]) => {
        validators.current.set(key, (formData) => parseWithZod(formData, { schema }))
        setLoaded(key)
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
      return parse<z.input<Schema>, string[]>(formData, {
        resolve: (payload, intent) => {
          // Sending the form: the action decides.
          if (!intent) return { error: null }
          // Checking a field: note it for later, and keep every error on show as it is (null = unchanged).
          if (intent.type === 'validate' && intent.payload.name) touched.current.add(intent.payload.name)
          const unchanged: Record<string, string[] | null> = {}
          for (const name of ['', ...Object.keys(payload)]) unchanged[name] = null
          return { error: unchanged }
        },
      }) as FormSubmission<Schema>
    },
    [key],
  )
  const takeTouched = useCallback(() => {
    const names = [...touched.current]
    touched.current.clear()
    return names
  }, [])
  return useMemo(
    () => ({ load, onValidate, ready: loaded === key, takeTouched }),
    [load, onValidate, loaded, key, takeTouched],
  )
}

/** Once a form's checks have arrived, checks the fields the person touched while they were on their way. */
export function useRecheckWhenLoaded(
  validation: ReturnType<typeof useValidationOnFocus>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's fields
  form: FormMetadata<any>,
) {
  const { ready, takeTouched } = validation
  useEffect(() => {
    if (!ready) return
    for (const name of takeTouched()) form.validate({ name })
  }, [ready, takeTouched, form])
}
