import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { formatDateTime } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { DecisionSchema, formatVietnamesePhone } from '#app/modules/partners/organisation.schema.ts'
import {
  decideOrganisation,
  getOrganisationForVetting,
  type Decision,
} from '#app/modules/partners/organisations.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/coordinator.partners.$id'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'vetting.title')

/** The labels of the fields a coordinator vetted, for the changes listed in the history. */
const VETTED_FIELD_LABEL: Record<string, string> = {
  name: 'fields.organisationName',
  taxCode: 'fields.taxCode',
  kind: 'fields.organisationKind',
}

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'organisation:vet')
  try {
    const o = await getOrganisationForVetting({ actor, organisationId: params.id })
    return {
      organisation: {
        ...o.organisation,
        phone: o.organisation.phone ? formatVietnamesePhone(o.organisation.phone) : null,
        createdAt: o.organisation.createdAt.toISOString(),
        vettedAt: o.organisation.vettedAt?.toISOString() ?? null,
      },
      wardName: o.wardName,
      vettedByName: o.vettedByName,
      members: o.members,
      listings: o.listings,
      history: o.history.map((h) => ({ ...h, occurredAt: h.occurredAt.toISOString() })),
      sameTaxCode: o.sameTaxCode,
      decisions: o.decisions,
    }
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw error
  }
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'organisation:vet')
  const submission = parseWithZod(await readForm(request), { schema: DecisionSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const value = submission.value
  try {
    await decideOrganisation({
      actor,
      organisationId: params.id,
      decision: value.decision,
      reason: 'reason' in value ? value.reason : null,
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
    const { status, result } = replyWithError(submission, error)
    return data({ result }, { status })
  }
  return redirectWithToast(`/coordinator/partners/${params.id}`, {
    type: 'success',
    key: `toast.organisation.${value.decision}`,
  })
}

function DecisionForm({ decision }: { decision: Decision }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const busy = navigation.state === 'submitting' && navigation.formData?.get('decision') === decision
  const actionData = useActionData<typeof action>()
  const needsReason = decision === 'reject' || decision === 'suspend'
  const reasonErrors =
    actionData?.result?.initialValue?.decision === decision ? (actionData.result.error?.reason ?? undefined) : undefined
  return (
    <Form method="post" className="space-y-2 rounded-md border border-stone-200 p-3">
      <input type="hidden" name="decision" value={decision} />
      {needsReason ? (
        <TextareaField
          label={t(`vetting.reasonFor.${decision}`)}
          errors={reasonErrors ?? undefined}
          textareaProps={{ name: 'reason', id: `reason-${decision}`, rows: 3, maxLength: 1000 }}
        />
      ) : null}
      <Button type="submit" variant={needsReason ? 'danger' : 'primary'} pending={busy}>
        {t(`vetting.decide.${decision}`)}
      </Button>
    </Form>
  )
}

export default function VettingDetail() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const {
    organisation: o,
    wardName,
    vettedByName,
    members,
    listings,
    history,
    sameTaxCode,
    decisions,
  } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const rows: [string, string | null][] = [
    [t('fields.organisationKind'), t(`organisationKind.${o.kind}`)],
    [t('fields.taxCode'), o.taxCode],
    [t('fields.ward'), wardName],
    [t('fields.address'), o.address],
    [t('fields.contactName'), o.contactName],
    [t('fields.phone'), o.phone],
    [t('fields.email'), o.email],
    [t('vetting.pledge'), o.fairChancePledge ? t('vetting.yes') : t('vetting.no')],
    [t('vetting.directory'), o.listedInDirectory ? t('vetting.yes') : t('vetting.no')],
    [t('vetting.registeredAt'), formatDateTime(o.createdAt, locale)],
  ]
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link to="/coordinator/partners">← {t('vetting.title')}</Link>
      </p>
      <PageHeader
        title={o.name}
        description={`${t(`organisationStatus.${o.status}`)}${o.vettedAt ? ` · ${t('vetting.decidedBy', { name: vettedByName ?? '—', when: formatDateTime(o.vettedAt, locale) })}` : ''}`}
      />
      {o.statusReason ? (
        <p className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('vetting.lastReason')} {o.statusReason}
        </p>
      ) : null}
      {sameTaxCode.length > 0 ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('vetting.sameTaxCode')}{' '}
          {sameTaxCode.map((s, i) => (
            <span key={s.id}>
              {i > 0 ? ', ' : ''}
              <Link to={`/coordinator/partners/${s.id}`}>{s.name}</Link> ({t(`organisationStatus.${s.status}`)})
            </span>
          ))}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title={t('vetting.details')}>
            <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
              {rows.map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-sm text-stone-600">{label}</dt>
                  <dd className="text-stone-900">{value || '—'}</dd>
                </div>
              ))}
            </dl>
            <h3 className="mt-4 text-sm font-semibold text-stone-800">{t('fields.organisationDescription')}</h3>
            <p className="mt-1 whitespace-pre-line text-stone-800">{o.description || '—'}</p>
          </Card>
          <Card title={t('vetting.members')}>
            <ul className="divide-y divide-stone-200">
              {members.map((m) => (
                <li key={m.id} className="py-2 text-sm">
                  <span className="font-medium">{m.name}</span> · {m.email} · {t(`membershipRole.${m.role}`)}
                  {m.verified ? '' : ` · ${t('vetting.unverified')}`}
                </li>
              ))}
            </ul>
            <p className="mt-3 text-sm text-stone-700">
              {t('vetting.listingCounts', {
                open: listings.open ?? 0,
                draft: listings.draft ?? 0,
                closed: listings.closed ?? 0,
              })}
            </p>
          </Card>
          <Card title={t('vetting.history')}>
            {history.length === 0 ? (
              <p className="text-sm text-stone-700">{t('vetting.noHistory')}</p>
            ) : (
              <ol className="space-y-1 text-sm">
                {history.map((h) => (
                  <li key={h.id}>
                    <span className="text-stone-600">{formatDateTime(h.occurredAt, locale)}</span> ·{' '}
                    {t(`auditAction.${h.action}`, { defaultValue: h.action })}
                    {h.actorName ? ` · ${h.actorName}` : ''}
                    {h.changes.length > 0 ? (
                      <ul className="ml-4 list-disc text-stone-700" data-testid="vetted-changes">
                        {h.changes.map((c) => (
                          <li key={c.field}>
                            {t('vetting.changedValue', {
                              field: t(VETTED_FIELD_LABEL[c.field] ?? c.field),
                              before: c.before,
                              after: c.after,
                            })}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </div>
        <Card title={t('vetting.decisionTitle')}>
          <FormErrors errors={actionData?.result?.error?.[''] ?? undefined} />
          {decisions.length === 0 ? (
            <p className="text-sm text-stone-700">{t('vetting.noDecision')}</p>
          ) : (
            <div className="space-y-3">
              {decisions.map((d) => (
                <DecisionForm key={d} decision={d} />
              ))}
            </div>
          )}
          <p className="mt-3 text-xs text-stone-600">{t('vetting.emailNote')}</p>
        </Card>
      </div>
    </div>
  )
}
