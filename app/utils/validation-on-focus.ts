import { parse, type FormMetadata, type Submission } from '@conform-to/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { z } from '#app/utils/zod.ts'

// As useForm<FormFields<typeof Schema>> expects it: the form's fields as the person typed them.
type FormSubmission<Schema extends z.ZodType> = Submission<z.input<Schema>, string[], z.input<Schema>>
type Validate = (formData: FormData) => Submission<unknown>

/**
 * A form's checks in the browser, fetched when the person first enters the form (ADR 014): zod and the form's
 * schema are a chunk of their own, so a page that is only read never downloads them, and the page's first load
 * stays within the JavaScript budget.
 *
 *   const validation = useValidationOnFocus(() => import('#app/modules/auth/auth.schema.ts').then((m) => m.LoginSchema))
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

/**
 * Once a form's checks have arrived, checks the fields the person touched while they were on their way. On a slow
 * phone the person may type before the page has come to life: the focus and the fields left were not seen then.
 * So a form already focused starts loading its checks, and the fields whose value differs from the one the page
 * came with are checked too (not the one being typed in).
 */
export function useRecheckWhenLoaded(
  validation: ReturnType<typeof useValidationOnFocus>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form's fields
  form: FormMetadata<any>,
) {
  const { ready, takeTouched, load } = validation
  useEffect(() => {
    if (document.getElementById(form.id)?.contains(document.activeElement)) load()
  }, [form.id, load])
  // The form's metadata changes with every check; the recheck runs once each time the checks arrive.
  const latestForm = useRef(form)
  latestForm.current = form
  useEffect(() => {
    if (!ready) return
    const current = latestForm.current
    const names = new Set(takeTouched())
    for (const name of changedFields(document.getElementById(current.id))) names.add(name)
    for (const name of names) current.validate({ name })
  }, [ready, takeTouched])
}

/** The names of a form's fields whose value the person changed, but for the one they are in. */
function changedFields(element: HTMLElement | null): string[] {
  if (!(element instanceof HTMLFormElement)) return []
  const names: string[] = []
  for (const field of Array.from(element.elements)) {
    if (field === document.activeElement) continue
    let changed = false
    if (field instanceof HTMLInputElement) {
      changed =
        field.type === 'checkbox' || field.type === 'radio'
          ? field.checked !== field.defaultChecked
          : field.type !== 'hidden' && field.value !== field.defaultValue
    } else if (field instanceof HTMLTextAreaElement) {
      changed = field.value !== field.defaultValue
    } else if (field instanceof HTMLSelectElement) {
      changed = Array.from(field.options).some((option) => option.selected !== option.defaultSelected)
    }
    if (changed && 'name' in field && typeof field.name === 'string' && field.name) names.push(field.name)
  }
  return names
}
