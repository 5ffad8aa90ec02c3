import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { CandidateDuplicatesWarning } from '#app/components/candidate-duplicates.tsx'
import { SkillPicker } from '#app/components/skill-picker.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Field, FieldErrors, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { WardSelect } from '#app/components/ward-picker.tsx'
import {
  BACKGROUNDS,
  CANDIDATE_LIMITS,
  EDUCATION_LEVELS,
  GENDERS,
  INTAKE_STEPS,
  isIntakeStep,
  NEEDS,
  SENSITIVE_STEP,
  type IntakeStep,
} from '#app/modules/candidates/candidate-options.ts'
import { intakeStepSchema } from '#app/modules/candidates/candidates.schema.ts'
import {
  completeIntake,
  findLikelyDuplicates,
  getIntakeDraft,
  saveIntakeStep,
  startIntake,
} from '#app/modules/candidates/candidates.server.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { listSkills } from '#app/modules/skills/skills.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/caseworker.candidates.new'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'intake.title')

const TOTAL = INTAKE_STEPS.length

function stepUrl(draftId: string, step: number) {
  return `/caseworker/candidates/new?draft=${draftId}&step=${step}`
}

function notFound(error: unknown): never {
  if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
  throw error
}

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'candidate:write')
  const url = new URL(request.url)
  const draftId = url.searchParams.get('draft')
  const allWards = await listWards()
  const wards = allWards.filter((w) => actor.wardCodes.includes(w.code))
  if (!draftId) {
    return {
      step: 1 as IntakeStep,
      editing: false,
      draft: null,
      values: wards.length === 1 ? { wardCode: wards[0]!.code } : ({} as Record<string, string | string[]>),
      wards,
      skills: [],
      duplicates: [],
    }
  }
  const requested = Number(url.searchParams.get('step'))
  const step: IntakeStep = isIntakeStep(requested) ? requested : 1
  const draft = await getIntakeDraft({ actor, candidateId: draftId, step }).catch(notFound)
  // An active or paused record is edited step by step with the same form; a closed one is reopened first.
  if (draft.status === 'closed') throw redirect(`/caseworker/candidates/${draft.id}`)
  const editing = draft.status !== 'draft'
  if (!editing && step > draft.intakeStep) throw redirect(stepUrl(draft.id, draft.intakeStep))
  const [skills, duplicates] = await Promise.all([
    step === 3 ? listSkills() : Promise.resolve([]),
    findLikelyDuplicates({ actor, candidateId: draft.id }),
  ])
  return {
    step,
    editing,
    draft: { id: draft.id, publicCode: draft.publicCode, intakeStep: draft.intakeStep },
    values: draft.values,
    wards,
    skills,
    duplicates: duplicates.map(({ id, publicCode, fullName, wardName, reasons }) => ({
      id,
      publicCode,
      fullName,
      wardName,
      reasons,
    })),
  }
}

/** The message key for a domain error on the intake form. */
function errorKey(code: string, field: string | undefined) {
  if (code === 'forbidden' && field === 'wardCode') return 'candidateValidation.wardForbidden'
  if (code === 'invalid_input' && field === 'wardCode') return 'candidateValidation.ward'
  if (code === 'invalid_input' && field === 'skills') return 'candidateValidation.skillUnknown'
  return `errors.${code}`
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'candidate:write')
  const url = new URL(request.url)
  const draftId = url.searchParams.get('draft')
  const formData = await readForm(request)
  const step = Number(formData.get('step'))
  if (!isIntakeStep(step) || (!draftId && step !== 1)) throw new Response('Bad request', { status: 400 })
  const submission = parseWithZod(formData, { schema: intakeStepSchema(step) })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  try {
    if (!draftId) {
      const { id } = await startIntake({ actor, identity: submission.value })
      return redirect(stepUrl(id, 2))
    }
    await saveIntakeStep({ actor, candidateId: draftId, step, values: submission.value })
    if (formData.get('mode') === 'edit') {
      return redirectWithToast(`/caseworker/candidates/${draftId}`, { type: 'success', key: 'intake.editSaved' })
    }
    if (step < TOTAL) return redirect(stepUrl(draftId, step + 1))
    // Before finishing, show any likely duplicate the caseworker has not seen on this page yet.
    const seen = new Set(String(formData.get('seen') ?? '').split(','))
    const duplicates = await findLikelyDuplicates({ actor, candidateId: draftId })
    if (duplicates.some((d) => !seen.has(d.id))) return redirect(stepUrl(draftId, SENSITIVE_STEP))
    await completeIntake({ actor, candidateId: draftId })
    return redirectWithToast(`/caseworker/candidates/${draftId}`, { type: 'success', key: 'intake.activated' })
  } catch (error) {
    if (!isAppError(error)) throw error
    if (error.code === 'not_found') throw new Response('Not found', { status: 404 })
    const missing = error.values?.step
    if (typeof missing === 'number' && draftId) return redirect(stepUrl(draftId, missing))
    const key = errorKey(error.code, error.field)
    const result = error.field
      ? submission.reply({ fieldErrors: { [error.field]: [key] } })
      : submission.reply({ formErrors: [key] })
    return data({ result }, { status: error.status })
  }
}

function StepIndicator({ step }: { step: IntakeStep }) {
  const { t } = useTranslation()
  return (
    <div className="mb-6">
      <p className="text-sm font-semibold text-brand-800" data-testid="step-of">
        {t('intake.stepOf', { step, total: TOTAL })}
      </p>
      <ol className="mt-2 grid grid-cols-4 gap-1" aria-label={t('intake.stepOf', { step, total: TOTAL })}>
        {INTAKE_STEPS.map((s) => (
          <li key={s} aria-current={s === step ? 'step' : undefined}>
            <span className={`block h-1.5 rounded-full ${s <= step ? 'bg-brand-700' : 'bg-stone-300'}`} />
            <span
              className={`mt-1 hidden text-xs sm:block ${s === step ? 'font-semibold text-stone-900' : 'text-stone-600'}`}
            >
              {t(`intake.steps.${s}`)}
            </span>
          </li>
        ))}
      </ol>
    </div>
  )
}

function Choices({
  legend,
  name,
  type,
  options,
  selected,
  errors,
  errorId,
}: {
  legend: ReactNode
  name: string
  type: 'radio' | 'checkbox'
  options: { value: string; label: string }[]
  selected: readonly string[]
  errors?: string[]
  errorId: string
}) {
  return (
    <fieldset className="space-y-1" aria-describedby={errorId}>
      <legend className="text-sm font-medium text-stone-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-5">
        {options.map((o) => (
          <label key={o.value} className="flex min-h-11 items-center gap-2 text-stone-900">
            <input
              type={type}
              name={name}
              value={o.value}
              defaultChecked={selected.includes(o.value)}
              className="size-5 shrink-0"
            />
            {o.label}
          </label>
        ))}
      </div>
      <FieldErrors id={errorId} errors={errors} />
    </fieldset>
  )
}

export default function Intake() {
  const { t } = useTranslation()
  const { step, editing, draft, values, wards, skills, duplicates } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const validation = useValidationOnFocus(
    () => import('#app/modules/candidates/candidates.schema.ts').then((m) => m.intakeStepSchema(step)),
    String(step),
  )
  const [form, fields] = useForm<FormFields<ReturnType<typeof intakeStepSchema>>>({
    id: `intake-${draft?.id ?? 'new'}-${step}`,
    lastResult: navigation.state === 'idle' ? actionData?.result : null,
    defaultValue: values,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  const f = fields as unknown as Record<string, Parameters<typeof getInputProps>[0]>
  const field = (name: string) => f[name]!
  const value = (name: string) => values[name]
  const list = (name: string) => {
    const v = value(name)
    return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
  }
  const pending = navigation.state === 'submitting'

  return (
    <div className="mx-auto max-w-2xl">
      <p className="mb-2 text-sm">
        <Link to="/caseworker/candidates">← {t('caseload.title')}</Link>
      </p>
      <h1 className="text-2xl font-bold text-stone-900 sm:text-3xl">
        {editing ? t('intake.editTitle') : t('intake.title')}
      </h1>
      <p className="mt-1 mb-4 text-stone-700">
        {t('intake.intro')}
        {draft ? (
          <span className="ml-1 font-mono text-sm whitespace-nowrap">
            {t('intake.code', { code: draft.publicCode })}
          </span>
        ) : null}
      </p>
      {editing && draft ? (
        <nav aria-label={t('intake.editSections')} className="mb-4 flex flex-wrap gap-2">
          {INTAKE_STEPS.map((s) => (
            <Link
              key={s}
              to={`${stepUrl(draft.id, s)}`}
              aria-current={s === step ? 'page' : undefined}
              className={`rounded-full border px-3 py-1 text-sm no-underline ${s === step ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-800'}`}
            >
              {t(`intake.steps.${s}`)}
            </Link>
          ))}
        </nav>
      ) : (
        <StepIndicator step={step} />
      )}
      <CandidateDuplicatesWarning duplicates={duplicates} linkTo={(id) => `/caseworker/candidates/${id}`} />

      <Form method="post" {...getFormProps(form)} onFocus={validation.load} className="space-y-4">
        <input type="hidden" name="step" value={step} />
        {editing ? <input type="hidden" name="mode" value="edit" /> : null}
        <input type="hidden" name="seen" value={duplicates.map((d) => d.id).join(',')} />
        <section
          aria-labelledby="step-title"
          className={`rounded-lg border bg-white p-4 shadow-xs sm:p-5 ${step === SENSITIVE_STEP ? 'border-red-300' : 'border-stone-200'}`}
        >
          <h2 id="step-title" className="text-lg font-semibold text-stone-900">
            {t(`intake.steps.${step}`)}
          </h2>
          {step === SENSITIVE_STEP ? (
            <div className="mt-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-950">
              <p className="font-semibold" data-testid="sensitive-notice">
                {t('intake.sensitiveNotice')}
              </p>
              <p className="mt-1">{t('intake.sensitiveIntro')}</p>
            </div>
          ) : null}
          <div className="mt-4 space-y-2">
            {step === 1 ? (
              <>
                <Field
                  label={t('candidateFields.fullName')}
                  errors={field('fullName').errors}
                  inputProps={{
                    ...getInputProps(field('fullName'), { type: 'text' }),
                    maxLength: CANDIDATE_LIMITS.nameMax,
                    autoComplete: 'off',
                  }}
                />
                <div className="grid gap-x-4 sm:grid-cols-2">
                  <Field
                    label={t('candidateFields.dateOfBirth')}
                    errors={field('dateOfBirth').errors}
                    inputProps={getInputProps(field('dateOfBirth'), { type: 'date' })}
                  />
                  <Field
                    label={t('candidateFields.phone')}
                    hint={t('intake.phoneHint')}
                    errors={field('phone').errors}
                    inputProps={{ ...getInputProps(field('phone'), { type: 'tel' }), autoComplete: 'off' }}
                  />
                </div>
                <Choices
                  legend={t('candidateFields.gender')}
                  name="gender"
                  type="radio"
                  options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
                  selected={list('gender').length ? list('gender') : ['unspecified']}
                  errors={field('gender').errors}
                  errorId="gender-error"
                />
                <p className="text-sm text-stone-600">{t('intake.wardHint')}</p>
                <WardSelect
                  name="wardCode"
                  label={t('candidateFields.wardCode')}
                  wards={wards}
                  defaultValue={typeof value('wardCode') === 'string' ? (value('wardCode') as string) : null}
                  errors={field('wardCode').errors}
                />
              </>
            ) : null}
            {step === 2 ? (
              <>
                <Choices
                  legend={t('candidateFields.background')}
                  name="background"
                  type="radio"
                  options={BACKGROUNDS.map((b) => ({ value: b, label: t(`background.${b}`) }))}
                  selected={list('background')}
                  errors={field('background').errors}
                  errorId="background-error"
                />
                <Field
                  label={t('candidateFields.programmeEndDate')}
                  hint={t('intake.programmeEndDateHint')}
                  errors={field('programmeEndDate').errors}
                  inputProps={getInputProps(field('programmeEndDate'), { type: 'date' })}
                />
                <SelectField
                  label={t('candidateFields.education')}
                  errors={field('education').errors}
                  selectProps={getSelectProps(field('education'))}
                >
                  <option value="">{t('common.choose')}</option>
                  {EDUCATION_LEVELS.map((e) => (
                    <option key={e} value={e}>
                      {t(`education.${e}`)}
                    </option>
                  ))}
                </SelectField>
              </>
            ) : null}
            {step === 3 ? (
              <>
                <Choices
                  legend={t('intake.needsLegend')}
                  name="needs"
                  type="checkbox"
                  options={NEEDS.map((n) => ({ value: n, label: t(`needs.${n}`) }))}
                  selected={list('needs')}
                  errors={field('needs').errors}
                  errorId="needs-error"
                />
                <SkillPicker
                  name="skills"
                  label={t('intake.skillsLabel', { max: CANDIDATE_LIMITS.skillsMax })}
                  skills={skills}
                  defaultSelected={list('skills')}
                  errors={field('skills').errors}
                />
                <Field
                  label={t('candidateFields.availability')}
                  hint={t('intake.availabilityHint')}
                  errors={field('availability').errors}
                  inputProps={{
                    ...getInputProps(field('availability'), { type: 'text' }),
                    maxLength: CANDIDATE_LIMITS.shortTextMax,
                  }}
                />
                <TextareaField
                  label={t('candidateFields.preferences')}
                  hint={t('intake.preferencesHint')}
                  errors={field('preferences').errors}
                  textareaProps={{
                    ...getTextareaProps(field('preferences')),
                    rows: 3,
                    maxLength: CANDIDATE_LIMITS.textMax,
                  }}
                />
              </>
            ) : null}
            {step === 4 ? (
              <>
                {(['drugUseHistory', 'criminalRecord', 'healthNotes'] as const).map((name) => (
                  <TextareaField
                    key={name}
                    label={t(`candidateFields.${name}`)}
                    errors={field(name).errors}
                    textareaProps={{
                      ...getTextareaProps(field(name)),
                      rows: 3,
                      maxLength: CANDIDATE_LIMITS.sensitiveTextMax,
                    }}
                  />
                ))}
                <Field
                  label={t('candidateFields.facility')}
                  errors={field('facility').errors}
                  inputProps={{
                    ...getInputProps(field('facility'), { type: 'text' }),
                    maxLength: CANDIDATE_LIMITS.textMax,
                    autoComplete: 'off',
                  }}
                />
                <Field
                  label={t('candidateFields.nationalId')}
                  hint={t('intake.nationalIdHint')}
                  errors={field('nationalId').errors}
                  inputProps={{
                    ...getInputProps(field('nationalId'), { type: 'text' }),
                    inputMode: 'numeric',
                    autoComplete: 'off',
                  }}
                />
              </>
            ) : null}
          </div>
        </section>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="flex flex-wrap items-center justify-between gap-3">
          {editing && draft ? (
            <Link to={`/caseworker/candidates/${draft.id}`} className={buttonClass('secondary')}>
              {t('intake.cancelEdit')}
            </Link>
          ) : draft && step > 1 ? (
            <Link to={stepUrl(draft.id, step - 1)} className={buttonClass('secondary')}>
              ← {t('intake.back')}
            </Link>
          ) : (
            <span />
          )}
          <Button type="submit" pending={pending}>
            {editing ? t('intake.saveEdit') : step === TOTAL ? t('intake.finish') : `${t('intake.next')} →`}
          </Button>
        </div>
      </Form>
    </div>
  )
}
