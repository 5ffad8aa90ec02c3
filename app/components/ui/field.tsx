import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'

/**
 * Error keys from the schemas and the server, translated. Space is reserved under every field so a
 * message appearing never moves the buttons below it.
 */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation()
  return (
    <div id={id} className="min-h-5 text-sm text-red-700" aria-live="polite">
      {errors?.length ? t(errors[0]!, { defaultValue: t('errors.invalid_input') }) : null}
    </div>
  )
}

type FieldProps = {
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  inputProps: InputHTMLAttributes<HTMLInputElement>
}

const inputClass =
  'block w-full rounded-md border border-stone-400 bg-white px-3 py-2 text-base text-stone-900 shadow-xs placeholder:text-stone-500 aria-invalid:border-red-700'

/**
 * The frame every labelled control shares: label, optional hint, the control, and the reserved error line.
 * The control receives the ids it is described by.
 */
function FieldFrame({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  children: (control: { 'aria-invalid': true | undefined; 'aria-describedby': string }) => ReactNode
}) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = `${id}-error`
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-stone-800">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-stone-600">
          {hint}
        </p>
      ) : null}
      {children({
        'aria-invalid': errors?.length ? true : undefined,
        'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
      })}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  )
}

export function Field({ label, hint, errors, inputProps }: FieldProps) {
  const fallbackId = useId()
  const id = inputProps.id ?? fallbackId
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {(aria) => <input {...inputProps} id={id} className={inputClass} {...aria} />}
    </FieldFrame>
  )
}

export function SelectField({
  label,
  errors,
  selectProps,
  children,
}: {
  label: ReactNode
  errors?: string[]
  selectProps: SelectHTMLAttributes<HTMLSelectElement>
  children: ReactNode
}) {
  const fallbackId = useId()
  const id = selectProps.id ?? fallbackId
  return (
    <FieldFrame id={id} label={label} errors={errors}>
      {(aria) => (
        <select {...selectProps} id={id} className={inputClass} {...aria}>
          {children}
        </select>
      )}
    </FieldFrame>
  )
}

/** Errors that belong to the whole form (wrong password, throttled, expired link). */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] }) {
  const { t } = useTranslation()
  if (!errors?.length) return <div id={id} className="min-h-0" />
  return (
    <div id={id} role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
      {errors.map((e) => (
        <p key={e}>{t(e, { defaultValue: t('errors.invalid_input') })}</p>
      ))}
    </div>
  )
}

export function TextareaField({
  label,
  hint,
  errors,
  textareaProps,
}: {
  label: ReactNode
  hint?: ReactNode
  errors?: string[]
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement>
}) {
  const fallbackId = useId()
  const id = textareaProps.id ?? fallbackId
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors}>
      {(aria) => <textarea rows={4} {...textareaProps} id={id} className={inputClass} {...aria} />}
    </FieldFrame>
  )
}

/** A single checkbox with its label beside it, and room for its error. */
export function CheckboxField({
  label,
  errors,
  inputProps,
}: {
  label: ReactNode
  errors?: string[]
  inputProps: InputHTMLAttributes<HTMLInputElement>
}) {
  const fallbackId = useId()
  const id = inputProps.id ?? fallbackId
  return (
    <div>
      <label htmlFor={id} className="flex items-start gap-2 text-sm text-stone-800">
        <input
          {...inputProps}
          type="checkbox"
          id={id}
          className="mt-1 size-4 shrink-0"
          aria-describedby={`${id}-error`}
        />
        <span>{label}</span>
      </label>
      <FieldErrors id={`${id}-error`} errors={errors} />
    </div>
  )
}
