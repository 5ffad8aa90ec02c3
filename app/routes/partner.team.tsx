import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'

import { formatDate } from '#app/modules/i18n/format.ts'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { Field, FormErrors } from '#app/components/ui/field.tsx'
import { getLocale } from '#app/utils/locale.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { InviteMemberSchema } from '#app/modules/partners/organisation.schema.ts'
import {
  cancelInvitation,
  inviteTeamMember,
  listTeam,
  removeTeamMember,
  resendInvitation,
  transferOwnership,
} from '#app/modules/partners/team.server.ts'
import { can } from '#app/policy.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/partner.team'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'team.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'organisation:read:own')
  return {
    ...(await listTeam({ actor })),
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
  const invitationId = String(formData.get('invitationId') ?? '')
  try {
    if (intent === 'remove') await removeTeamMember({ actor, userId })
    else if (intent === 'transfer') await transferOwnership({ actor, userId })
    else if (intent === 'cancel') await cancelInvitation({ actor, invitationId })
    else if (intent === 'resend') await resendInvitation({ actor, invitationId, locale: await getLocale(request) })
    else return data({ result: undefined }, { status: 400 })
  } catch (error) {
    if (isAppError(error)) return redirectWithToast('/partner/team', { type: 'error', key: `errors.${error.code}` })
    throw error
  }
  return redirectWithToast(intent === 'transfer' ? '/partner' : '/partner/team', {
    type: 'success',
    key: DONE[intent],
  })
}

const DONE = {
  remove: 'toast.memberRemoved',
  transfer: 'toast.ownershipTransferred',
  cancel: 'toast.invitationCancelled',
  resend: 'toast.invitationSentAgain',
} as const

/** One button acting on one row (a member or an invitation), pending while its own post is on its way. */
function RowAction(props: {
  intent: keyof typeof DONE
  field: Record<string, string>
  variant: 'secondary' | 'danger'
  label?: string
  children: React.ReactNode
}) {
  const navigation = useNavigation()
  const [[name, value]] = Object.entries(props.field) as [[string, string]]
  const pending =
    navigation.state === 'submitting' &&
    navigation.formData?.get('intent') === props.intent &&
    navigation.formData.get(name) === value
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name={name} value={value} />
      <Button type="submit" variant={props.variant} aria-label={props.label} pending={pending}>
        {props.children}
      </Button>
    </Form>
  )
}

export default function TeamPage() {
  const { t } = useTranslation()
  const { members, invitations, canManage, canInvite, me } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const locale = useLocale()
  const validation = useValidationOnFocus(() =>
    import('#app/modules/partners/organisation.schema.ts').then((m) => m.InviteMemberSchema),
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
        <div className="space-y-6 lg:col-span-3">
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
            {members.map((m) => (
              <li
                key={m.userId}
                className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
                data-testid="team-row"
              >
                <div className="min-w-0">
                  <p className="font-medium">
                    {m.name}{' '}
                    {m.userId === me ? <span className="text-sm text-stone-500">({t('team.you')})</span> : null}
                  </p>
                  <p className="text-sm text-stone-600">
                    {m.email} · {t(`membershipRole.${m.role}`)}
                  </p>
                </div>
                {canManage && m.userId !== me ? (
                  <div className="flex flex-wrap gap-2">
                    <RowAction intent="transfer" field={{ userId: m.userId }} variant="secondary">
                      {t('team.makeOwner')}
                    </RowAction>
                    <RowAction
                      intent="remove"
                      field={{ userId: m.userId }}
                      variant="danger"
                      label={t('team.removeNamed', { name: m.name })}
                    >
                      {t('team.remove')}
                    </RowAction>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
          {invitations.length > 0 ? (
            <section aria-labelledby="invitations-heading">
              <h2 id="invitations-heading" className="mb-2 text-base font-semibold">
                {t('team.invitationsTitle')}
              </h2>
              <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 bg-white">
                {invitations.map((i) => (
                  <li
                    key={i.id}
                    className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
                    data-testid="invitation-row"
                  >
                    <div className="min-w-0">
                      <p className="font-medium">{i.name}</p>
                      <p className="text-sm text-stone-600">
                        {i.email} ·{' '}
                        {i.expired
                          ? t('team.invitationExpired', { when: formatDate(i.expiresAt, locale) })
                          : t('team.invitationWaiting', {
                              sent: formatDate(i.createdAt, locale),
                              until: formatDate(i.expiresAt, locale),
                            })}
                      </p>
                    </div>
                    {canManage ? (
                      <div className="flex flex-wrap gap-2">
                        {canInvite ? (
                          <RowAction
                            intent="resend"
                            field={{ invitationId: i.id }}
                            variant="secondary"
                            label={t('team.resendNamed', { name: i.name })}
                          >
                            {t('team.resend')}
                          </RowAction>
                        ) : null}
                        <RowAction
                          intent="cancel"
                          field={{ invitationId: i.id }}
                          variant="danger"
                          label={t('team.cancelNamed', { name: i.name })}
                        >
                          {t('team.cancel')}
                        </RowAction>
                      </div>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
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
