import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import type { FormFields } from '#app/utils/form-fields.ts'
import { useRecheckWhenLoaded, useValidationOnFocus } from '#app/utils/validation-on-focus.ts'
import { Form, Link, useNavigation } from 'react-router'
import { useId, type InputHTMLAttributes, type ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { SkillPicker } from '#app/components/skill-picker.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Field, FieldErrors, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import { WardSelect, type WardPickerOption } from '#app/components/ward-picker.tsx'
import { formatNumber, formatVnd } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'
import {
  EMPLOYMENT_TYPES,
  LISTING_LIMITS,
  LOAN_PURPOSES,
  WAGE_PERIODS,
  parseWholeNumber,
} from '#app/modules/opportunities/listing-values.ts'
import type { ListingValues, listingSchema } from '#app/modules/opportunities/listings.schema.ts'
import type { SkillOption } from '#app/modules/skills/skills.server.ts'

type Kind = ListingValues['kind']
type FormDefaults = Record<string, string | string[] | undefined>

const MONEY_FIELDS = ['wageMin', 'wageMax', 'costVnd', 'subsidyVnd', 'amountMin', 'amountMax'] as const
const NUMBER_FIELDS = ['capacity', 'minAge', 'maxAge', 'durationWeeks', 'termMonths', 'gracePeriodMonths'] as const

/**
 * The form's starting values: a new listing's sensible defaults, or a saved listing's values written
 * the way the reader writes numbers ("5.000.000" in Vietnamese, "5,000,000" in English).
 */
export function listingFormDefaults(kind: Kind, values: ListingValues | null, locale: Locale): FormDefaults {
  if (!values) {
    return { kind, acceptsAfterRehab: 'on', acceptsAfterPrison: 'on', wagePeriod: 'month', gracePeriodMonths: '0' }
  }
  const out: FormDefaults = {}
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === false) continue
    if (value === true) out[key] = 'on'
    else if (Array.isArray(value)) out[key] = value.map(String)
    else if (typeof value === 'number')
      out[key] =
        key === 'interestRate'
          ? formatNumber(value, locale, { maximumFractionDigits: 2 })
          : (MONEY_FIELDS as readonly string[]).includes(key) || (NUMBER_FIELDS as readonly string[]).includes(key)
            ? formatNumber(value, locale)
            : String(value)
    else out[key] = String(value)
  }
  return out
}

function Checkbox({
  label,
  hint,
  inputProps,
}: {
  label: ReactNode
  hint?: ReactNode
  inputProps: InputHTMLAttributes<HTMLInputElement>
}) {
  return (
    <label className="flex min-h-11 items-start gap-3 py-1 text-stone-900">
      <input {...inputProps} type="checkbox" className="mt-1 size-5 shrink-0" />
      <span>
        <span className="block">{label}</span>
        {hint ? <span className="block text-sm text-stone-600">{hint}</span> : null}
      </span>
    </label>
  )
}

function Section({ title, intro, children }: { title: ReactNode; intro?: ReactNode; children: ReactNode }) {
  const id = useId()
  return (
    <section aria-labelledby={id} className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs sm:p-5">
      <h2 id={id} className="text-lg font-semibold text-stone-900">
        {title}
      </h2>
      {intro ? <p className="mt-1 text-sm text-stone-700">{intro}</p> : null}
      <div className="mt-4 space-y-2">{children}</div>
    </section>
  )
}

export function ListingForm({
  kind,
  mode,
  defaultValue,
  lastResult,
  wards,
  skills,
  version,
  cancelTo,
  editingOpen = false,
}: {
  kind: Kind
  mode: 'create' | 'edit'
  defaultValue: FormDefaults
  lastResult?: SubmissionResult<string[]> | null
  wards: WardPickerOption[]
  skills: SkillOption[]
  /** The listing's updatedAt when the form was loaded (edit only): a newer change is not overwritten. */
  version?: string
  cancelTo: string
  /** Editing a listing caseworkers can already see. */
  editingOpen?: boolean
}) {
  const { t, i18n } = useTranslation()
  const locale: Locale = i18n.language
  const navigation = useNavigation()
  const validation = useValidationOnFocus(
    () => import('#app/modules/opportunities/listings.schema.ts').then((m) => m.listingSchema(kind)),
    kind,
  )
  const [form, fields] = useForm<FormFields<ReturnType<typeof listingSchema>>>({
    id: `listing-${mode}`,
    lastResult,
    defaultValue,
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
    onValidate: validation.onValidate,
  })
  useRecheckWhenLoaded(validation, form)
  // Every kind's fields, looked up by name: only the kind's own are rendered.
  const f = fields as unknown as Record<string, FieldMetadata<string>>
  const field = (name: string) => f[name]!

  const text = (name: string, label: string, options: { hint?: ReactNode; maxLength?: number } = {}) => (
    <Field
      label={label}
      hint={options.hint}
      errors={field(name).errors}
      inputProps={{ ...getInputProps(field(name), { type: 'text' }), maxLength: options.maxLength }}
    />
  )
  const whole = (name: string, label: string, hint?: ReactNode) => (
    <Field
      label={label}
      hint={hint}
      errors={field(name).errors}
      inputProps={{ ...getInputProps(field(name), { type: 'text' }), inputMode: 'numeric', autoComplete: 'off' }}
    />
  )
  const date = (name: string, label: string, hint?: ReactNode) => (
    <Field
      label={label}
      hint={hint}
      errors={field(name).errors}
      inputProps={getInputProps(field(name), { type: 'date' })}
    />
  )
  /** A money field shows, under its label, the amount as read ("= 5.000.000 ₫") or how to write one. */
  const money = (name: string, label: string) => {
    const raw = field(name).value
    const parsed = typeof raw === 'string' && raw.trim() ? parseWholeNumber(raw) : null
    return (
      <Field
        label={label}
        hint={
          parsed?.ok ? (
            <span className="font-medium text-brand-800">= {formatVnd(parsed.value, locale)}</span>
          ) : (
            t('listingForm.moneyHint')
          )
        }
        errors={field(name).errors}
        inputProps={{
          ...getInputProps(field(name), { type: 'text' }),
          inputMode: 'numeric',
          autoComplete: 'off',
        }}
      />
    )
  }
  const checkbox = (name: string, label: string, hint?: ReactNode) => (
    <Checkbox label={label} hint={hint} inputProps={getInputProps(field(name), { type: 'checkbox' })} />
  )
  const pending = navigation.state === 'submitting'

  return (
    <Form method="post" {...getFormProps(form)} onFocus={validation.load} className="space-y-6">
      <input type="hidden" name="kind" value={kind} />
      {version ? <input type="hidden" name="version" value={version} /> : null}
      {editingOpen ? (
        <p role="note" className="rounded-md border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-950">
          {t('listingForm.editingOpen')}
        </p>
      ) : null}

      <Section title={t('listingForm.basics')} intro={t(`listingForm.basicsIntro.${kind}`)}>
        {text('title', t(`listingForm.title.${kind}`), {
          hint: t('listingForm.titleHint', { min: LISTING_LIMITS.titleMin, max: LISTING_LIMITS.titleMax }),
          maxLength: LISTING_LIMITS.titleMax,
        })}
        <TextareaField
          label={t('listingForm.description')}
          hint={t(`listingForm.descriptionHint.${kind}`)}
          errors={field('description').errors}
          textareaProps={{
            ...getTextareaProps(field('description')),
            rows: 6,
            maxLength: LISTING_LIMITS.descriptionMax,
          }}
        />
      </Section>

      <Section title={t('listingForm.place')}>
        <WardSelect
          name="wardCode"
          label={t(`listingForm.ward.${kind}`)}
          wards={wards}
          defaultValue={typeof defaultValue.wardCode === 'string' ? defaultValue.wardCode : null}
          errors={field('wardCode').errors}
        />
        {text('address', t('listingForm.address'), {
          hint: t('listingForm.addressHint'),
          maxLength: LISTING_LIMITS.addressMax,
        })}
        <div className="grid gap-x-4 sm:grid-cols-2">
          {whole('capacity', t(`listingForm.capacity.${kind}`), t('listingForm.capacityHint'))}
          {date('deadline', t(`listingForm.deadline.${kind}`), t('listingForm.deadlineHint'))}
        </div>
      </Section>

      {kind === 'job' ? (
        <Section title={t('listingForm.jobDetails')}>
          <div className="grid gap-x-4 sm:grid-cols-2">
            <SelectField
              label={t('listingForm.employmentType')}
              errors={field('employmentType').errors}
              selectProps={getSelectProps(field('employmentType'))}
            >
              <option value="">{t('common.choose')}</option>
              {EMPLOYMENT_TYPES.map((v) => (
                <option key={v} value={v}>
                  {t(`employmentType.${v}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              label={t('listingForm.wagePeriod')}
              errors={field('wagePeriod').errors}
              selectProps={getSelectProps(field('wagePeriod'))}
            >
              {WAGE_PERIODS.map((v) => (
                <option key={v} value={v}>
                  {t(`listingForm.wagePeriodOption.${v}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <div className="grid gap-x-4 sm:grid-cols-2">
            {money('wageMin', t('listingForm.wageMin'))}
            {money('wageMax', t('listingForm.wageMax'))}
          </div>
          <p className="-mt-1 mb-2 text-sm text-stone-600">{t('listingForm.wageHint')}</p>
          {text('shift', t('listingForm.shift'), {
            hint: t('listingForm.shiftHint'),
            maxLength: LISTING_LIMITS.shortTextMax,
          })}
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-stone-800">{t('listingForm.support')}</legend>
            {checkbox('housingProvided', t('listingForm.housingProvided'))}
            {checkbox('mealsProvided', t('listingForm.mealsProvided'))}
          </fieldset>
          {text('certificateRequired', t('listingForm.certificateRequired'), {
            hint: t('listingForm.certificateRequiredHint'),
            maxLength: LISTING_LIMITS.shortTextMax,
          })}
        </Section>
      ) : null}

      {kind === 'course' ? (
        <Section title={t('listingForm.courseDetails')}>
          <div className="grid gap-x-4 sm:grid-cols-2">
            {whole('durationWeeks', t('listingForm.durationWeeks'), t('listingForm.durationHint'))}
            {date('startDate', t('listingForm.startDate'), t('listingForm.startDateHint'))}
          </div>
          {text('schedule', t('listingForm.schedule'), {
            hint: t('listingForm.scheduleHint'),
            maxLength: LISTING_LIMITS.shortTextMax,
          })}
          <div className="grid gap-x-4 sm:grid-cols-2">
            {money('costVnd', t('listingForm.costVnd'))}
            {money('subsidyVnd', t('listingForm.subsidyVnd'))}
          </div>
          <p className="-mt-1 mb-2 text-sm text-stone-600">{t('listingForm.costHint')}</p>
          {text('certificate', t('listingForm.certificate'), {
            hint: t('listingForm.certificateHint'),
            maxLength: LISTING_LIMITS.shortTextMax,
          })}
        </Section>
      ) : null}

      {kind === 'loan' ? (
        <Section title={t('listingForm.loanDetails')} intro={t('listingForm.loanIntro')}>
          <div className="grid gap-x-4 sm:grid-cols-2">
            {money('amountMin', t('listingForm.amountMin'))}
            {money('amountMax', t('listingForm.amountMax'))}
          </div>
          <div className="grid gap-x-4 sm:grid-cols-3">
            <Field
              label={t('listingForm.interestRate')}
              hint={t('listingForm.interestRateHint')}
              errors={field('interestRate').errors}
              inputProps={{
                ...getInputProps(field('interestRate'), { type: 'text' }),
                inputMode: 'decimal',
                autoComplete: 'off',
              }}
            />
            {whole('termMonths', t('listingForm.termMonths'), t('listingForm.termHint'))}
            {whole('gracePeriodMonths', t('listingForm.gracePeriodMonths'), t('listingForm.graceHint'))}
          </div>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-stone-800">{t('listingForm.requirements')}</legend>
            {checkbox('collateralRequired', t('listingForm.collateralRequired'))}
            {checkbox('guarantorRequired', t('listingForm.guarantorRequired'))}
          </fieldset>
          <fieldset className="space-y-1" aria-describedby={`${field('purposes').id}-error`}>
            <legend className="text-sm font-medium text-stone-800">{t('listingForm.purposes')}</legend>
            {getCollectionProps(field('purposes') as FieldMetadata<string[]>, {
              type: 'checkbox',
              options: [...LOAN_PURPOSES],
            }).map((props) => (
              <Checkbox key={props.key} label={t(`loanPurpose.${props.value}`)} inputProps={props} />
            ))}
            <FieldErrors id={`${field('purposes').id}-error`} errors={field('purposes').errors} />
          </fieldset>
        </Section>
      ) : null}

      <Section title={t('listingForm.eligibility')} intro={t('listingForm.eligibilityIntro')}>
        <div className="grid gap-x-4 sm:grid-cols-2">
          {whole('minAge', t('listingForm.minAge'), t('listingForm.ageHint'))}
          {whole('maxAge', t('listingForm.maxAge'), t('listingForm.ageHint'))}
        </div>
        <fieldset className="space-y-1" aria-describedby={`${field('acceptsAfterPrison').id}-error`}>
          <legend className="text-sm font-medium text-stone-800">{t('listingForm.welcomes')}</legend>
          {checkbox('acceptsAfterRehab', t('listingForm.acceptsAfterRehab'))}
          {checkbox('acceptsAfterPrison', t('listingForm.acceptsAfterPrison'))}
          <FieldErrors id={`${field('acceptsAfterPrison').id}-error`} errors={field('acceptsAfterPrison').errors} />
        </fieldset>
        <TextareaField
          label={t('listingForm.eligibilityNotes')}
          hint={t(`listingForm.eligibilityNotesHint.${kind}`)}
          errors={field('eligibilityNotes').errors}
          textareaProps={{
            ...getTextareaProps(field('eligibilityNotes')),
            rows: 4,
            maxLength: LISTING_LIMITS.notesMax,
          }}
        />
      </Section>

      <Section title={t('listingForm.skills')} intro={t(`listingForm.skillsIntro.${kind}`)}>
        <SkillPicker
          name="requiredSkills"
          label={t('listingForm.requiredSkills', { max: LISTING_LIMITS.skillsMax })}
          skills={skills}
          defaultSelected={Array.isArray(defaultValue.requiredSkills) ? defaultValue.requiredSkills : []}
          errors={field('requiredSkills').errors}
        />
      </Section>

      <div className="space-y-3">
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={pending}>
            {mode === 'create' ? t('listingForm.saveDraft') : t('listingForm.saveChanges')}
          </Button>
          <Link to={cancelTo} className={buttonClass('secondary')}>
            {t('listingForm.cancel')}
          </Link>
        </div>
        {mode === 'create' ? <p className="text-sm text-stone-600">{t('listingForm.draftNote')}</p> : null}
      </div>
    </Form>
  )
}
