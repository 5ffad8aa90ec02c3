import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '~/utils/form-fields'
import { useRecheckWhenLoaded, useValidationOnFocus } from '~/utils/validation-on-focus'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '~/modules/i18n/react'
import { Button } from '~/components/ui/button'
import { Card, PageHeader } from '~/components/ui/card'
import { Field, FormErrors } from '~/components/ui/field'
import { getLocale } from '~/modules/i18n/i18n.server'
import { pageTitle } from '~/modules/i18n/meta'
import { InviteMemberSchema } from '~/modules/partners/organisation.schema'
import { inviteTeamMember, listTeam, removeTeamMember, transferOwnership } from '~/modules/partners/team.server'
import { can } from '~/policy'
import { requirePermission } from '~/policy.server'
import { isAppError } from '~/utils/errors'
import { readForm, replyWithError } from '~/utils/forms.server'
import { redirectWithToast } from '~/utils/toast.server'
import type { Route } from './+types/partner.team'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'team.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'organisation:read:own')
  return {
    members: await listTeam({ actor }),
    canManage: can(actor, 'team:manage:own'),
    canInvite: can(actor, 'team:invite:own'),
    me: actor.userId,
  }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'team:manage:own')
  const formData = await readForm(request)
  const intent = formData.get('intent')
  if (intent === 'invite') {
    const submission = parseWithZod(formData, { schema: InviteMemberSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    try {
      await inviteTeamMember({ actor, ...submission.value, locale: await getLocale(request) })
    } catch (error) {
      const { status, result } = replyWithError(submission, error)
      return data({ result }, { status })
    }
    return redirectWithToast('/partner/team', {
      type: 'success',
      key: 'toast.memberInvited',
      values: { email: submission.value.email },
    })
  }
  const userId = String(formData.get('userId') ?? '')
  try {
    if (intent === 'remove') await removeTeamMember({ actor, userId })
    else if (intent === 'transfer') await transferOwnership({ actor, userId })
    else return data({ result: undefined }, { status: 400 })
  } catch (error) {
    if (isAppError(error)) return redirectWithToast('/partner/team', { type: 'error', key: `errors.${error.code}` })
    throw error
  }
  return redirectWithToast(intent === 'transfer' ? '/partner' : '/partner/team', {
    type: 'success',
    key: intent === 'remove' ? 'toast.memberRemoved' : 'toast.ownershipTransferred',
  })
}

export default function TeamPage() {
  const { t } = useTranslation()
  const { members, canManage, canInvite, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() =>
    import('~/modules/partners/organisation.schema').then((m) => m.InviteMemberSchema),
  )
  const [form, fields] = useForm<FormFields<typeof InviteMemberSchema>>({
    id: 'invite-member',
    lastResult: actionData?.result,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  return (
    <div>
      <PageHeader title={t('team.title')} description={canManage ? t('team.introOwner') : t('team.introMember')} />
      <div className="grid gap-6 lg:grid-cols-5">
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white lg:col-span-3">
          {members.map((m) => (
            <li
              key={m.userId}
              className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
              data-testid="team-row"
            >
              <div className="min-w-0">
                <p className="font-medium">
                  {m.name} {m.userId === me ? <span className="text-sm text-stone-500">({t('team.you')})</span> : null}
                </p>
                <p className="text-sm text-stone-600">
                  {m.email} · {t(`membershipRole.${m.role}`)}
                  {m.activated ? '' : ` · ${t('team.invitedPending')}`}
                </p>
              </div>
              {canManage && m.userId !== me ? (
                <div className="flex flex-wrap gap-2">
                  {m.activated ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="transfer" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <Button type="submit" variant="secondary">
                        {t('team.makeOwner')}
                      </Button>
                    </Form>
                  ) : null}
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <Button type="submit" variant="danger" aria-label={t('team.removeNamed', { name: m.name })}>
                      {t('team.remove')}
                    </Button>
                  </Form>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
        {canManage && !canInvite ? (
          <Card title={t('team.inviteTitle')} className="lg:col-span-2">
            <p className="text-sm text-stone-700">{t('team.notVetted')}</p>
          </Card>
        ) : null}
        {canInvite ? (
          <Card title={t('team.inviteTitle')} className="lg:col-span-2">
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
              <Button
                type="submit"
                pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'invite'}
              >
                {t('team.invite')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </div>
    </div>
  )
}
