import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useNavigation, useSearchParams } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { login } from '#app/modules/auth/accounts.server.ts'
import { readKnownDeviceCookie, serializeKnownDeviceCookie } from '#app/modules/auth/known-device.server.ts'
import { LoginSchema } from '#app/modules/auth/auth.schema.ts'
import { getSessionUser, serializeSessionCookie } from '#app/modules/auth/session.server.ts'
import { homePath } from '#app/policy.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/login'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'login.title')

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getSessionUser(request)
  if (auth) throw redirect(homePath(auth.user))
  return null
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), errorValues: null }, { status: 400 })
  }
  try {
    const { token, session, user, knownDevice } = await login({
      email: submission.value.email,
      password: submission.value.password,
      ipAddress: context.clientIp,
      userAgent: request.headers.get('user-agent'),
      knownDevices: readKnownDeviceCookie(request),
    })
    const target = user.emailVerified ? safeRedirect(submission.value.redirectTo, homePath(user)) : '/verify-email'
    return redirectWithToast(
      target,
      { type: 'success', key: 'toast.loggedIn' },
      {
        headers: [
          ['Set-Cookie', serializeSessionCookie(token, session.absoluteExpiresAt)],
          ['Set-Cookie', serializeKnownDeviceCookie(knownDevice)],
        ],
      },
    )
  } catch (error) {
    const { status, ...reply } = replyWithError(submission, error, ['password'])
    return data(reply, { status })
  }
}

export default function LoginPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() => import('#app/modules/auth/auth.schema.ts').then((m) => m.LoginSchema))
  const [form, fields] = useForm<FormFields<typeof LoginSchema>>({
    id: 'login',
    lastResult: actionData?.result,
    constraint: undefined,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  const formErrors = form.errors?.map((e) => (actionData?.errorValues ? t(e, actionData.errorValues) : e))
  return (
    <div className="mx-auto max-w-md">
      <h1 className="text-2xl font-bold">{t('login.title')}</h1>
      <p className="mt-1 text-stone-700">{t('login.intro')}</p>
      <Form
        method="post"
        {...getFormProps(form)}
        onFocus={validation.load}
        className="mt-6 space-y-2 rounded-lg border border-stone-200 bg-white p-5"
      >
        <FormErrors id={form.errorId} errors={formErrors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label={t('fields.email')}
          errors={fields.email.errors}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
        />
        <Field
          label={t('fields.password')}
          errors={fields.password.errors}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
        />
        <div className="flex flex-wrap items-center justify-between gap-3 pt-2">
          <Button type="submit" pending={navigation.state === 'submitting'}>
            {t('login.submit')}
          </Button>
          <Link to="/forgot-password" className="text-sm">
            {t('login.forgot')}
          </Link>
        </div>
      </Form>
      <p className="mt-4 text-sm text-stone-700">
        {t('login.noAccount')} <Link to="/join">{t('login.join')}</Link>
      </p>
    </div>
  )
}
