import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '~/utils/form-fields'
import { useRecheckWhenLoaded, useValidationOnFocus } from '~/utils/validation-on-focus'
import { pageTitle } from '~/utils/meta'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import { useTranslation } from '~/modules/i18n/react'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { Field } from '~/components/ui/field'
import { requestPasswordReset } from '~/modules/auth/accounts.server'
import { ForgotPasswordSchema } from '~/modules/auth/auth.schema'
import { getLocale } from '~/utils/locale.server'
import { readForm } from '~/utils/forms.server'
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
    import('~/modules/auth/auth.schema').then((m) => m.ForgotPasswordSchema),
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
