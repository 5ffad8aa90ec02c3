import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { changePassword, updateProfile } from '#app/modules/auth/accounts.server.ts'
import { ChangePasswordSchema, ProfileSchema } from '#app/modules/auth/auth.schema.ts'
import { describeUserAgent } from '#app/modules/auth/user-agent.ts'
import { listUserSessions } from '#app/modules/auth/session.server.ts'
import { revokeOtherSessions, revokeOwnSession } from '#app/modules/auth/own-sessions.server.ts'
import { formatDateTime } from '#app/modules/i18n/format.ts'
import { serializeLocaleCookie } from '#app/utils/locale.server.ts'
import { isLocale, type Locale } from '#app/modules/i18n/locales.ts'
import { requirePermission } from '#app/policy.server.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/account'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'account.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { auth } = await requirePermission(request, 'account:manage')
  const list = await listUserSessions(auth.user.id)
  return {
    profile: { name: auth.user.name, email: auth.user.email, role: auth.user.role, locale: auth.user.locale },
    organisation: auth.membership ? { name: auth.membership.organisationName, role: auth.membership.role } : null,
    sessions: list.map((s) => ({
      // The row key is a hash of the cookie's token, useless as a cookie: safe to hand to its owner.
      id: s.id,
      current: s.id === auth.session.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      device: describeUserAgent(s.userAgent),
      ipAddress: s.ipAddress,
    })),
  }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor, auth } = await requirePermission(request, 'account:manage')
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'profile') {
    const submission = parseWithZod(formData, { schema: ProfileSchema })
    if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
    const locale = isLocale(submission.value.locale) ? submission.value.locale : null
    await updateProfile({ actor, name: submission.value.name, locale })
    const headers = locale ? { 'Set-Cookie': await serializeLocaleCookie(locale) } : undefined
    return redirectWithToast('/account', { type: 'success', key: 'toast.profileSaved' }, { headers })
  }
  if (intent === 'password') {
    const submission = parseWithZod(formData, { schema: ChangePasswordSchema })
    const hidden = ['currentPassword', 'newPassword', 'confirmPassword']
    if (submission.status !== 'success')
      return data({ intent, result: submission.reply({ hideFields: hidden }) }, { status: 400 })
    try {
      await changePassword({ actor, sessionId: auth.session.id, ...submission.value })
    } catch (error) {
      const { status, result } = replyWithError(submission, error, hidden)
      return data({ intent, result }, { status })
    }
    return redirectWithToast('/account', { type: 'success', key: 'toast.passwordChanged' })
  }
  if (intent === 'revoke-session') {
    const id = String(formData.get('sessionId') ?? '')
    // Scoped to the signed-in person's own sessions. An id that names none of them revokes nothing, and
    // records nothing in the audit trail.
    const revoked = await revokeOwnSession({ actor, sessionId: id })
    return redirectWithToast(
      '/account',
      revoked ? { type: 'success', key: 'toast.sessionRevoked' } : { type: 'error', key: 'errors.not_found' },
    )
  }
  if (intent === 'revoke-others') {
    const ended = await revokeOtherSessions({ actor, currentSessionId: auth.session.id })
    return redirectWithToast(
      '/account',
      ended > 0
        ? { type: 'success', key: 'toast.otherSessionsRevoked' }
        : { type: 'info', key: 'toast.noOtherSessions' },
    )
  }
  return data({ intent: null, result: undefined }, { status: 400 })
}

export default function AccountPage() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language as Locale
  const { profile, organisation, sessions: list } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const busy = (intent: string) => navigation.state === 'submitting' && navigation.formData?.get('intent') === intent
  const profileValidation = useValidationOnFocus(() =>
    import('#app/modules/auth/auth.schema.ts').then((m) => m.ProfileSchema),
  )
  const [profileForm, profileFields] = useForm<FormFields<typeof ProfileSchema>>({
    id: 'profile',
    lastResult: actionData?.intent === 'profile' ? actionData.result : undefined,
    defaultValue: { name: profile.name, locale: profile.locale ?? 'auto' },
    shouldRevalidate: 'onInput',
    onValidate: profileValidation.onValidate,
  })
  useRecheckWhenLoaded(profileValidation, profileForm)
  const passwordValidation = useValidationOnFocus(() =>
    import('#app/modules/auth/auth.schema.ts').then((m) => m.ChangePasswordSchema),
  )
  const [passwordForm, passwordFields] = useForm<FormFields<typeof ChangePasswordSchema>>({
    id: 'password',
    lastResult: actionData?.intent === 'password' ? actionData.result : undefined,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: passwordValidation.onValidate,
  })
  useRecheckWhenLoaded(passwordValidation, passwordForm)
  return (
    <div>
      <PageHeader
        title={t('account.title')}
        description={`${profile.email} · ${t(`role.${profile.role}`)}${organisation ? ` · ${organisation.name}` : ''}`}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title={t('account.profile')}>
          <Form method="post" {...getFormProps(profileForm)} onFocus={profileValidation.load} className="space-y-2">
            <input type="hidden" name="intent" value="profile" />
            <Field
              label={t('fields.fullName')}
              errors={profileFields.name.errors}
              inputProps={{ ...getInputProps(profileFields.name, { type: 'text' }), autoComplete: 'name' }}
            />
            <SelectField
              label={t('fields.language')}
              errors={profileFields.locale.errors}
              selectProps={getSelectProps(profileFields.locale)}
            >
              <option value="auto">{t('account.languageAuto')}</option>
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </SelectField>
            <Button type="submit" pending={busy('profile')}>
              {t('common.save')}
            </Button>
          </Form>
        </Card>
        <Card title={t('account.password')}>
          <Form method="post" {...getFormProps(passwordForm)} onFocus={passwordValidation.load} className="space-y-2">
            <input type="hidden" name="intent" value="password" />
            <FormErrors id={passwordForm.errorId} errors={passwordForm.errors} />
            <Field
              label={t('fields.currentPassword')}
              errors={passwordFields.currentPassword.errors}
              inputProps={{
                ...getInputProps(passwordFields.currentPassword, { type: 'password' }),
                autoComplete: 'current-password',
              }}
            />
            <Field
              label={t('fields.newPassword')}
              hint={t('fields.passwordHint')}
              errors={passwordFields.newPassword.errors}
              inputProps={{
                ...getInputProps(passwordFields.newPassword, { type: 'password' }),
                autoComplete: 'new-password',
              }}
            />
            <Field
              label={t('fields.confirmPassword')}
              errors={passwordFields.confirmPassword.errors}
              inputProps={{
                ...getInputProps(passwordFields.confirmPassword, { type: 'password' }),
                autoComplete: 'new-password',
              }}
            />
            <Button type="submit" pending={busy('password')}>
              {t('account.changePassword')}
            </Button>
          </Form>
        </Card>
      </div>
      <Card title={t('account.sessions')} className="mt-6">
        <p className="mb-3 text-sm text-stone-700">{t('account.sessionsIntro')}</p>
        <ul className="divide-y divide-stone-200">
          {list.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="session-row">
              <div className="min-w-0">
                <p className="truncate font-medium text-stone-900">{s.device ?? t('account.unknownDevice')}</p>
                <p className="text-sm text-stone-600">
                  {t('account.lastSeen', { when: formatDateTime(s.lastSeenAt, locale) })}
                  {s.ipAddress ? ` · ${s.ipAddress}` : ''}
                </p>
              </div>
              {s.current ? (
                <span className="rounded-full bg-brand-100 px-3 py-1 text-xs font-semibold text-brand-800">
                  {t('account.thisDevice')}
                </span>
              ) : (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke-session" />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <Button type="submit" variant="secondary">
                    {t('account.revoke')}
                  </Button>
                </Form>
              )}
            </li>
          ))}
        </ul>
        {list.length > 1 ? (
          <Form method="post" className="mt-4">
            <input type="hidden" name="intent" value="revoke-others" />
            <Button type="submit" variant="danger" pending={busy('revoke-others')}>
              {t('account.revokeOthers')}
            </Button>
          </Form>
        ) : null}
      </Card>
    </div>
  )
}
