import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { StaffAccessControl } from '#app/components/staff-access.tsx'
import { WardPicker } from '#app/components/ward-picker.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors, SelectField } from '#app/components/ui/field.tsx'
import { inviteCaseworker } from '#app/modules/auth/accounts.server.ts'
import { InviteCaseworkerSchema } from '#app/modules/auth/auth.schema.ts'
import { listCaseworkers, listCoordinators } from '#app/modules/caseworkers/caseworkers.server.ts'
import { handleStaffAccess } from '#app/pages/staff-access.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/coordinator.caseworkers'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'caseworkers.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'caseworker:invite')
  const [caseworkers, coordinators, wards] = await Promise.all([
    listCaseworkers({ actor }),
    listCoordinators({ actor }),
    listWards(),
  ])
  return { caseworkers, coordinators, wards, me: actor.userId }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'caseworker:invite')
  const formData = await readForm(request)
  if (formData.get('intent') === 'staff-access') {
    return handleStaffAccess({ actor, formData, backTo: '/coordinator/caseworkers' })
  }
  const submission = parseWithZod(formData, { schema: InviteCaseworkerSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    await inviteCaseworker({ actor, ...submission.value })
  } catch (error) {
    const { status, result } = replyWithError(submission, error)
    return data({ result }, { status })
  }
  return redirectWithToast('/coordinator/caseworkers', {
    type: 'success',
    key: 'toast.caseworkerInvited',
    values: { email: submission.value.email },
  })
}

export default function CaseworkersPage() {
  const { t } = useTranslation()
  const { caseworkers, coordinators, wards, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() =>
    import('#app/modules/auth/auth.schema.ts').then((m) => m.InviteCaseworkerSchema),
  )
  const [form, fields] = useForm<FormFields<typeof InviteCaseworkerSchema>>({
    id: 'invite-caseworker',
    lastResult: actionData?.result,
    defaultValue: { locale: 'vi' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  return (
    <div>
      <PageHeader title={t('caseworkers.title')} description={t('caseworkers.intro')} />
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="lg:col-span-3">
          {caseworkers.length === 0 ? (
            <EmptyState title={t('caseworkers.empty')}>{t('caseworkers.emptyHint')}</EmptyState>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
              <table className="min-w-full text-left text-sm">
                <caption className="sr-only">{t('caseworkers.title')}</caption>
                <thead className="bg-stone-100 text-stone-800">
                  <tr>
                    <th scope="col" className="px-3 py-2">
                      {t('fields.fullName')}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t('caseworkers.wards')}
                    </th>
                    <th scope="col" className="px-3 py-2">
                      {t('caseworkers.state')}
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-200">
                  {caseworkers.map((c) => (
                    <tr key={c.id}>
                      <td className="px-3 py-2">
                        <Link to={`/coordinator/caseworkers/${c.id}`} className="font-medium">
                          {c.name}
                        </Link>
                        <div className="text-stone-600">{c.email}</div>
                      </td>
                      <td className="px-3 py-2">{c.wardNames.join(', ')}</td>
                      <td className="px-3 py-2">
                        {c.status === 'disabled'
                          ? t('caseworkers.disabled')
                          : c.activated
                            ? t('caseworkers.active')
                            : t('caseworkers.invited')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
        <Card title={t('caseworkers.inviteTitle')} className="lg:col-span-2">
          <Form method="post" {...getFormProps(form)} onFocus={validation.load} className="space-y-2">
            <input type="hidden" name="intent" value="invite" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field
              label={t('fields.fullName')}
              errors={fields.name.errors}
              inputProps={getInputProps(fields.name, { type: 'text' })}
            />
            <Field
              label={t('fields.email')}
              errors={fields.email.errors}
              inputProps={getInputProps(fields.email, { type: 'email' })}
            />
            <SelectField
              label={t('caseworkers.emailLanguage')}
              errors={fields.locale.errors}
              selectProps={getSelectProps(fields.locale)}
            >
              <option value="vi">Tiếng Việt</option>
              <option value="en">English</option>
            </SelectField>
            <WardPicker
              name="wardCodes"
              label={t('caseworkers.wards')}
              wards={wards}
              errors={fields.wardCodes.errors}
            />
            <Button
              type="submit"
              pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'invite'}
            >
              {t('caseworkers.invite')}
            </Button>
          </Form>
        </Card>
      </div>
      <section className="mt-8" aria-labelledby="coordinators-title" data-testid="coordinators">
        <h2 id="coordinators-title" className="text-lg font-semibold">
          {t('staffAccess.coordinatorsTitle')}
        </h2>
        <p className="mt-1 text-sm text-stone-700">{t('staffAccess.coordinatorsIntro')}</p>
        <ul className="mt-3 divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
          {coordinators.map((c) => (
            <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
              <div className="min-w-0">
                <p className="font-medium">
                  {c.name} {c.id === me ? <span className="text-sm text-stone-500">({t('team.you')})</span> : null}
                </p>
                <p className="text-sm text-stone-600">
                  {c.email} ·{' '}
                  {c.status === 'disabled'
                    ? t('caseworkers.disabled')
                    : c.activated
                      ? t('caseworkers.active')
                      : t('caseworkers.invited')}
                </p>
              </div>
              <StaffAccessControl account={c} showNote={false} />
            </li>
          ))}
        </ul>
      </section>
    </div>
  )
}
