import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { Field } from '#app/components/ui/field.tsx'
import { requestPasswordReset } from '#app/modules/auth/accounts.server.ts'
import { ForgotPasswordSchema } from '#app/modules/auth/auth.schema.ts'
import { getLocale } from '#app/utils/locale.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/forgot-password'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'forgot.title')

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ForgotPasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  await requestPasswordReset({
    email: submission.value.email,
    locale: await getLocale(request),
    ipAddress: context.clientIp,
  })
  // The same answer whether or not the address has an account.
  return { result: submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() =>
    import('#app/modules/auth/auth.schema.ts').then((m) => m.ForgotPasswordSchema),
  )
  const [form, fields] = useForm<FormFields<typeof ForgotPasswordSchema>>({
    id: 'forgot-password',
    lastResult: actionData?.result,
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t('forgot.title')}</h1>
      <p className="mt-1 text-stone-700">{t('forgot.intro')}</p>
      {actionData?.sent ? (
        <Card className="mt-6">
          <p role="status" className="text-stone-800">
            {t('forgot.sent')}
          </p>
        </Card>
      ) : null}
      <Form
        method="post"
        {...getFormProps(form)}
        onFocus={validation.load}
        className="mt-6 space-y-2 rounded-lg border border-stone-200 bg-white p-5"
      >
        <Field
          label={t('fields.email')}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
        />
        <Button type="submit" pending={navigation.state === 'submitting'}>
          {t('forgot.submit')}
        </Button>
      </Form>
      <p className="mt-4 text-sm">
        <Link to="/login">{t('forgot.back')}</Link>
      </p>
    </div>
  )
}
