import { getFormProps, getInputProps, getTextareaProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { WardSelect } from '#app/components/ward-picker.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { CheckboxField, Field, FormErrors, TextareaField } from '#app/components/ui/field.tsx'
import { pageTitle } from '#app/utils/meta.ts'
import { formatVietnamesePhone } from '#app/modules/partners/contact.ts'
import { OrganisationProfileSchema } from '#app/modules/partners/organisation.schema.ts'
import { getOwnOrganisation, updateOwnOrganisation } from '#app/modules/partners/organisations.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { can } from '#app/policy.ts'
import { requirePermission } from '#app/policy.server.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import type { Route } from './+types/partner.organisation'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'organisationPage.title')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'organisation:read:own')
  const [{ organisation: o, wardName }, wards] = await Promise.all([getOwnOrganisation({ actor }), listWards()])
  return {
    canEdit: can(actor, 'organisation:update:own'),
    wards,
    wardName,
    organisation: {
      name: o.name,
      kind: o.kind,
      status: o.status,
      statusReason: o.statusReason,
      taxCode: o.taxCode ?? '',
      wardCode: o.wardCode,
      address: o.address ?? '',
      contactName: o.contactName ?? '',
      phone: o.phone ? formatVietnamesePhone(o.phone) : '',
      email: o.email ?? '',
      description: o.description ?? '',
      listedInDirectory: o.listedInDirectory,
    },
  }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'organisation:update:own')
  const submission = parseWithZod(await readForm(request), { schema: OrganisationProfileSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    const { resubmitted, backToVetting } = await updateOwnOrganisation({ actor, input: submission.value })
    return redirectWithToast('/partner/organisation', {
      type: backToVetting ? 'info' : 'success',
      key: resubmitted
        ? 'toast.organisationResubmitted'
        : backToVetting
          ? 'toast.organisationBackToVetting'
          : 'toast.organisationSaved',
    })
  } catch (error) {
    const { status, result } = replyWithError(submission, error)
    return data({ result }, { status })
  }
}

export default function OrganisationPage() {
  const { t } = useTranslation()
  const { organisation: o, wards, wardName, canEdit } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() =>
    import('#app/modules/partners/organisation.schema.ts').then((m) => m.OrganisationProfileSchema),
  )
  const [form, fields] = useForm<FormFields<typeof OrganisationProfileSchema>>({
    id: 'organisation',
    lastResult: actionData?.result,
    defaultValue: {
      organisationName: o.name,
      taxCode: o.taxCode,
      address: o.address,
      contactName: o.contactName,
      phone: o.phone,
      description: o.description,
      listedInDirectory: o.listedInDirectory ? 'on' : undefined,
    },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  return (
    <div className="max-w-3xl">
      <PageHeader
        title={t('organisationPage.title')}
        description={`${t(`organisationKind.${o.kind}`)} · ${t(`organisationStatus.${o.status}`)}`}
      />
      {o.status === 'rejected' ? (
        <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('organisationPage.rejected', { reason: o.statusReason ?? '—' })}
        </p>
      ) : null}
      {canEdit ? (
        <Card>
          <Form method="post" {...getFormProps(form)} onFocus={validation.load} className="space-y-2">
            {o.status === 'approved' ? (
              <p role="note" className="mb-2 text-sm text-stone-700">
                {t('organisationPage.vettedFieldsNote')}
              </p>
            ) : null}
            <FormErrors id={form.errorId} errors={form.errors} />
            <Field
              label={t('fields.organisationName')}
              errors={fields.organisationName.errors}
              inputProps={getInputProps(fields.organisationName, { type: 'text' })}
            />
            <Field
              label={t('fields.taxCode')}
              hint={t('fields.taxCodeHint')}
              errors={fields.taxCode.errors}
              inputProps={{ ...getInputProps(fields.taxCode, { type: 'text' }), inputMode: 'numeric' }}
            />
            <WardSelect
              name="wardCode"
              label={t('fields.ward')}
              wards={wards}
              defaultValue={o.wardCode}
              errors={fields.wardCode.errors}
            />
            <Field
              label={t('fields.address')}
              errors={fields.address.errors}
              inputProps={getInputProps(fields.address, { type: 'text' })}
            />
            <Field
              label={t('fields.contactName')}
              errors={fields.contactName.errors}
              inputProps={getInputProps(fields.contactName, { type: 'text' })}
            />
            <Field
              label={t('fields.phone')}
              errors={fields.phone.errors}
              inputProps={getInputProps(fields.phone, { type: 'tel' })}
            />
            <TextareaField
              label={t('fields.organisationDescription')}
              hint={t('fields.organisationDescriptionHint')}
              errors={fields.description.errors}
              textareaProps={getTextareaProps(fields.description)}
            />
            <CheckboxField
              label={t('fields.listedInDirectory')}
              errors={fields.listedInDirectory.errors}
              inputProps={getInputProps(fields.listedInDirectory, { type: 'checkbox' })}
            />
            <Button type="submit" pending={navigation.state === 'submitting'}>
              {o.status === 'rejected' ? t('organisationPage.resubmit') : t('common.save')}
            </Button>
          </Form>
        </Card>
      ) : (
        <Card>
          <p className="mb-3 text-sm text-stone-700">{t('organisationPage.ownerOnly')}</p>
          <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
            {(
              [
                [t('fields.organisationName'), o.name],
                [t('fields.taxCode'), o.taxCode],
                [t('fields.ward'), wardName],
                [t('fields.address'), o.address],
                [t('fields.contactName'), o.contactName],
                [t('fields.phone'), o.phone],
                [t('fields.organisationDescription'), o.description],
              ] as const
            ).map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-sm text-stone-600">{label}</dt>
                <dd className="whitespace-pre-line">{value || '—'}</dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </div>
  )
}
