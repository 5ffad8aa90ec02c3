import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { CheckboxField, Field, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { WardSelect } from '#app/components/ward-picker.tsx'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { registerPartner } from '#app/modules/auth/accounts.server.ts'
import { JoinSchema } from '#app/modules/auth/auth.schema.ts'
import { getLocale } from '#app/utils/locale.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { homePath } from '#app/policy.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import type { Route } from './+types/join'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'join.title')

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getSessionUser(request)
  if (auth) throw redirect(homePath(auth.user))
  const sent = new URL(request.url).searchParams.get('sent') === '1'
  return { wards: sent ? [] : await listWards(), sent }
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: JoinSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), errorValues: null }, { status: 400 })
  }
  try {
    const locale = await getLocale(request)
    // A new account, or an address that has one already (its owner is emailed): the same answer, and no
    // session either way, so the page tells nobody which addresses have accounts.
    await registerPartner({ ...submission.value, locale, ipAddress: context.clientIp })
    return redirect('/join?sent=1')
  } catch (error) {
    const { status, ...reply } = replyWithError(submission, error, ['password'])
    return data(reply, { status })
  }
}

export default function JoinPage() {
  const { t } = useTranslation()
  const actionData = useActionData<typeof action>()
  const { wards, sent } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(() => import('#app/modules/auth/auth.schema.ts').then((m) => m.JoinSchema))
  const [form, fields] = useForm<FormFields<typeof JoinSchema>>({
    id: 'join',
    lastResult: actionData?.result,
    defaultValue: { listedInDirectory: 'on' },
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  if (sent) {
    return (
      <div className="mx-auto max-w-xl" data-testid="join-sent">
        <Card title={t('join.sentTitle')}>
          <p className="text-stone-800">{t('join.sentBody')}</p>
          <p className="mt-2 text-sm text-stone-700">{t('join.sentNoMail')}</p>
          <p className="mt-4">
            <Link to="/login">{t('nav.login')}</Link>
          </p>
        </Card>
      </div>
    )
  }
  return (
    <div className="mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t('join.title')}</h1>
      <p className="mt-1 text-stone-700">{t('join.intro')}</p>
      <Form
        method="post"
        {...getFormProps(form)}
        onFocus={validation.load}
        className="mt-6 space-y-2 rounded-lg border border-stone-200 bg-white p-5"
      >
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="space-y-2">
          <legend className="mb-2 text-lg font-semibold">{t('join.organisationSection')}</legend>
          <Field
            label={t('fields.organisationName')}
            errors={fields.organisationName.errors}
            inputProps={{ ...getInputProps(fields.organisationName, { type: 'text' }), autoComplete: 'organization' }}
          />
          <SelectField
            label={t('fields.organisationKind')}
            errors={fields.organisationKind.errors}
            selectProps={getSelectProps(fields.organisationKind)}
          >
            <option value="">{t('common.choose')}</option>
            <option value="employer">{t('organisationKind.employer')}</option>
            <option value="training_centre">{t('organisationKind.training_centre')}</option>
            <option value="lender">{t('organisationKind.lender')}</option>
          </SelectField>
          <Field
            label={t('fields.taxCode')}
            hint={t('fields.taxCodeHint')}
            errors={fields.taxCode.errors}
            inputProps={{
              ...getInputProps(fields.taxCode, { type: 'text' }),
              inputMode: 'numeric',
              autoComplete: 'off',
            }}
          />
          <WardSelect name="wardCode" label={t('fields.ward')} wards={wards} errors={fields.wardCode.errors} />
          <Field
            label={t('fields.address')}
            hint={t('fields.addressHint')}
            errors={fields.address.errors}
            inputProps={{ ...getInputProps(fields.address, { type: 'text' }), autoComplete: 'street-address' }}
          />
          <Field
            label={t('fields.phone')}
            errors={fields.phone.errors}
            inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel' }}
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
        </fieldset>
        <fieldset className="space-y-2 pt-2">
          <legend className="mb-2 text-lg font-semibold">{t('join.personSection')}</legend>
          <Field
            label={t('fields.fullName')}
            errors={fields.name.errors}
            inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
          />
          <Field
            label={t('fields.workEmail')}
            errors={fields.email.errors}
            inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          />
          <Field
            label={t('fields.password')}
            hint={t('fields.passwordHint')}
            errors={fields.password.errors}
            inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          />
        </fieldset>
        <div className="pt-2">
          <CheckboxField
            label={t('join.acceptTerms')}
            errors={fields.acceptTerms.errors}
            inputProps={getInputProps(fields.acceptTerms, { type: 'checkbox' })}
          />
        </div>
        <Button type="submit" pending={navigation.state === 'submitting'}>
          {t('join.submit')}
        </Button>
      </Form>
      <p className="mt-4 text-sm text-stone-700">
        {t('join.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </div>
  )
}
