import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { Form, Link, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { SetPasswordSchema } from '#app/modules/auth/auth.schema.ts'
import { Button } from './ui/button'
import { Card } from './ui/card'
import { Field, FormErrors } from './ui/field'

/** The page behind a reset or invitation link: choose a password, or learn the link no longer works. */
export function SetPasswordPage({
  usable,
  title,
  intro,
  submitLabel,
  lastResult,
}: {
  usable: boolean
  title: string
  intro: string
  submitLabel: string
  lastResult?: SubmissionResult<string[]>
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() =>
    import('#app/modules/auth/auth.schema.ts').then((m) => m.SetPasswordSchema),
  )
  const [form, fields] = useForm<FormFields<typeof SetPasswordSchema>>({
    id: 'set-password',
    lastResult,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  if (!usable) {
    return (
      <div className="mx-auto max-w-md">
        <Card title={t('setPassword.invalidTitle')}>
          <p className="text-stone-800">{t('setPassword.invalidBody')}</p>
          <p className="mt-4">
            <Link to="/forgot-password">{t('setPassword.requestNew')}</Link>
          </p>
        </Card>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-1 text-stone-700">{intro}</p>
      <Form
        method="post"
        {...getFormProps(form)}
        onFocus={validation.load}
        className="mt-6 space-y-2 rounded-lg border border-stone-200 bg-white p-5"
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <Field
          label={t('fields.newPassword')}
          hint={t('fields.passwordHint')}
          errors={fields.password.errors}
          inputProps={{
            ...getInputProps(fields.password, { type: 'password' }),
            autoComplete: 'new-password',
            autoFocus: true,
          }}
        />
        <Field
          label={t('fields.confirmPassword')}
          errors={fields.confirmPassword.errors}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
        />
        <Button type="submit" pending={navigation.state === 'submitting'}>
          {submitLabel}
        </Button>
      </Form>
    </div>
  )
}
