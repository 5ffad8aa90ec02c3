import type { ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { EmploymentType, LoanPurpose, WagePeriod } from '#app/modules/opportunities/listings.schema.ts'
import { formatDate, formatNumber, formatVnd } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'

export type OpportunitySkill = { code: string; nameVi: string; nameEn: string }

export type JobFacts = {
  employmentType: EmploymentType
  /** Whole đồng per `wagePeriod`; null: not stated. */
  wageMin: number | null
  wageMax: number | null
  wagePeriod: WagePeriod
  shift: string | null
  housingProvided: boolean
  mealsProvided: boolean
  certificateRequired: string | null
}

export type CourseFacts = {
  durationWeeks: number
  schedule: string | null
  /** YYYY-MM-DD */
  startDate: string | null
  /** Whole đồng. */
  costVnd: number
  subsidyVnd: number
  certificate: string | null
}

export type LoanFacts = {
  /** Whole đồng. */
  amountMin: number
  amountMax: number
  /** Percent per year, e.g. 6.6. */
  interestRate: number
  termMonths: number
  gracePeriodMonths: number
  collateralRequired: boolean
  guarantorRequired: boolean
  purposes: LoanPurpose[]
}

/**
 * Everything a listing shows, as plain data (what a loader can return). The same for the partner's
 * preview and for caseworkers, so both see the listing the same way. The facts of the listing's kind
 * are in `job`, `course` or `loan` (the other two are null); extra properties are ignored, so a
 * richer view of a listing can be passed as it is.
 */
export type OpportunityDetailsData = {
  id: string
  kind: 'job' | 'course' | 'loan'
  title: string
  description: string
  organisationName: string
  wardCode: string
  wardName: string
  address: string | null
  /** Openings (jobs), seats (courses) or loans available (loan programmes). */
  capacity: number
  /** What is still available; left out or null hides it. */
  seatsLeft?: number | null
  /** YYYY-MM-DD, the last day (Hanoi time); null: open until closed. */
  deadline: string | null
  minAge: number | null
  maxAge: number | null
  acceptsAfterRehab: boolean
  acceptsAfterPrison: boolean
  eligibilityNotes: string | null
  skills: OpportunitySkill[]
  job: JobFacts | null
  course: CourseFacts | null
  loan: LoanFacts | null
}

const KIND_STYLE = {
  job: 'bg-sky-100 text-sky-900',
  course: 'bg-violet-100 text-violet-900',
  loan: 'bg-amber-100 text-amber-900',
} as const

function Fact({ label, children, wide = false }: { label: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`min-w-0 ${wide ? 'col-span-2 sm:col-span-1' : ''}`}>
      <dt className="text-sm text-stone-600">{label}</dt>
      <dd className="font-medium break-words text-stone-900">{children}</dd>
    </div>
  )
}

/**
 * A listing as caseworkers see it: the shared fields, the facts particular to its kind, eligibility
 * and skills. Presentational only — give it the data, it renders text (never HTML from the data).
 */
export function OpportunityDetails({
  opportunity: o,
  headingLevel = 2,
}: {
  opportunity: OpportunityDetailsData
  /** The level of the title heading; section headings are one below. */
  headingLevel?: 1 | 2 | 3
}) {
  const { t, i18n } = useTranslation()
  const locale: Locale = i18n.language
  const Title = `h${headingLevel}` as 'h1' | 'h2' | 'h3'
  const Section = `h${headingLevel + 1}` as 'h2' | 'h3' | 'h4'
  const vnd = (n: number) => formatVnd(n, locale)
  const range = (min: number | null, max: number | null) =>
    min !== null && max !== null
      ? min === max
        ? vnd(min)
        : `${vnd(min)} – ${vnd(max)}`
      : min !== null
        ? t('opportunityDetails.from', { value: vnd(min) })
        : max !== null
          ? t('opportunityDetails.upTo', { value: vnd(max) })
          : null
  const count = (key: string, n: number) => t(key, { count: n, n: formatNumber(n, locale) })
  const titleId = `opportunity-${o.id}-title`

  const ages =
    o.minAge !== null && o.maxAge !== null
      ? t('opportunityDetails.ageBetween', { min: o.minAge, max: o.maxAge })
      : o.minAge !== null
        ? t('opportunityDetails.ageFrom', { min: o.minAge })
        : o.maxAge !== null
          ? t('opportunityDetails.ageUpTo', { max: o.maxAge })
          : t('opportunityDetails.ageAny')
  const groups = [
    o.acceptsAfterRehab ? t('opportunityDetails.afterRehab') : null,
    o.acceptsAfterPrison ? t('opportunityDetails.afterPrison') : null,
  ].filter(Boolean)

  return (
    <article aria-labelledby={titleId} className="rounded-lg border border-stone-200 bg-white p-5 shadow-xs">
      <p>
        <span className={`inline-block rounded-full px-3 py-0.5 text-xs font-semibold ${KIND_STYLE[o.kind]}`}>
          {t(`opportunityDetails.kind.${o.kind}`)}
        </span>
      </p>
      <Title id={titleId} className="mt-2 text-xl font-bold break-words text-stone-900 sm:text-2xl">
        {o.title}
      </Title>
      <p className="mt-1 text-stone-700">
        {o.organisationName}
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        {o.address ? `${o.address}, ${o.wardName}` : o.wardName}
      </p>

      <dl className="mt-5 grid grid-cols-2 gap-x-4 gap-y-4 rounded-md bg-stone-50 p-4 sm:gap-x-6 lg:grid-cols-3">
        {o.job ? (
          <>
            <Fact label={t('opportunityDetails.wage')} wide>
              {range(o.job.wageMin, o.job.wageMax) ? (
                <>
                  {range(o.job.wageMin, o.job.wageMax)}{' '}
                  <span className="font-normal text-stone-700">{t(`wagePeriod.${o.job.wagePeriod}`)}</span>
                </>
              ) : (
                t('opportunityDetails.wageNegotiable')
              )}
            </Fact>
            <Fact label={t('opportunityDetails.employmentType')}>{t(`employmentType.${o.job.employmentType}`)}</Fact>
            {o.job.shift ? (
              <Fact label={t('opportunityDetails.shift')} wide>
                {o.job.shift}
              </Fact>
            ) : null}
            <Fact label={t('opportunityDetails.housingMeals')}>
              {o.job.housingProvided || o.job.mealsProvided
                ? [
                    o.job.housingProvided ? t('opportunityDetails.housing') : null,
                    o.job.mealsProvided ? t('opportunityDetails.meals') : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')
                : t('opportunityDetails.notProvided')}
            </Fact>
            {o.job.certificateRequired ? (
              <Fact label={t('opportunityDetails.certificateRequired')} wide>
                {o.job.certificateRequired}
              </Fact>
            ) : null}
          </>
        ) : null}
        {o.course ? (
          <>
            <Fact label={t('opportunityDetails.duration')}>
              {count('opportunityDetails.weeks', o.course.durationWeeks)}
            </Fact>
            {o.course.schedule ? (
              <Fact label={t('opportunityDetails.schedule')} wide>
                {o.course.schedule}
              </Fact>
            ) : null}
            <Fact label={t('opportunityDetails.startDate')}>
              {o.course.startDate ? formatDate(o.course.startDate, locale) : t('opportunityDetails.startDateTbc')}
            </Fact>
            <Fact label={t('opportunityDetails.cost')}>
              {o.course.costVnd === 0 ? t('opportunityDetails.free') : vnd(o.course.costVnd)}
            </Fact>
            {o.course.costVnd > 0 ? (
              <>
                <Fact label={t('opportunityDetails.subsidy')}>{vnd(o.course.subsidyVnd)}</Fact>
                <Fact label={t('opportunityDetails.learnerPays')}>
                  {o.course.costVnd - o.course.subsidyVnd === 0
                    ? t('opportunityDetails.free')
                    : vnd(o.course.costVnd - o.course.subsidyVnd)}
                </Fact>
              </>
            ) : null}
            <Fact label={t('opportunityDetails.certificate')} wide>
              {o.course.certificate ?? t('opportunityDetails.noCertificate')}
            </Fact>
          </>
        ) : null}
        {o.loan ? (
          <>
            <Fact label={t('opportunityDetails.amount')} wide>
              {range(o.loan.amountMin, o.loan.amountMax)}
            </Fact>
            <Fact label={t('opportunityDetails.interestRate')}>
              {t('opportunityDetails.ratePerYear', {
                rate: formatNumber(o.loan.interestRate, locale, { maximumFractionDigits: 2 }),
              })}
            </Fact>
            <Fact label={t('opportunityDetails.term')}>{count('opportunityDetails.months', o.loan.termMonths)}</Fact>
            <Fact label={t('opportunityDetails.grace')}>
              {o.loan.gracePeriodMonths === 0
                ? t('opportunityDetails.noGrace')
                : count('opportunityDetails.months', o.loan.gracePeriodMonths)}
            </Fact>
            <Fact label={t('opportunityDetails.collateral')}>
              {o.loan.collateralRequired ? t('opportunityDetails.needed') : t('opportunityDetails.notNeeded')}
            </Fact>
            <Fact label={t('opportunityDetails.guarantor')}>
              {o.loan.guarantorRequired ? t('opportunityDetails.needed') : t('opportunityDetails.notNeeded')}
            </Fact>
            <Fact label={t('opportunityDetails.purposes')} wide>
              {o.loan.purposes.map((p) => t(`loanPurpose.${p}`)).join(', ')}
            </Fact>
          </>
        ) : null}
        <Fact label={t(`opportunityDetails.capacity.${o.kind}`)}>
          {formatNumber(o.capacity, locale)}
          {typeof o.seatsLeft === 'number' && o.seatsLeft !== o.capacity ? (
            <span className="font-normal text-stone-700"> ({count('opportunityDetails.seatsLeft', o.seatsLeft)})</span>
          ) : null}
        </Fact>
        <Fact label={t(`opportunityDetails.deadline.${o.kind}`)}>
          {o.deadline ? formatDate(o.deadline, locale) : t('opportunityDetails.noDeadline')}
        </Fact>
      </dl>

      <section className="mt-6">
        <Section className="text-base font-semibold text-stone-900">{t('opportunityDetails.description')}</Section>
        <p className="mt-1 whitespace-pre-line break-words text-stone-800">{o.description}</p>
      </section>

      <section className="mt-6">
        <Section className="text-base font-semibold text-stone-900">{t('opportunityDetails.eligibility')}</Section>
        <dl className="mt-2 grid gap-x-6 gap-y-3 sm:grid-cols-2">
          <Fact label={t('opportunityDetails.age')}>{ages}</Fact>
          <Fact label={t('opportunityDetails.welcomes')}>{groups.join(' · ')}</Fact>
        </dl>
        {o.eligibilityNotes ? (
          <p className="mt-3 whitespace-pre-line break-words text-stone-800">{o.eligibilityNotes}</p>
        ) : null}
      </section>

      <section className="mt-6">
        <Section className="text-base font-semibold text-stone-900">{t('opportunityDetails.skills')}</Section>
        <SkillChips skills={o.skills} emptyText={t('opportunityDetails.noSkills')} />
      </section>
    </article>
  )
}

/** A listing's required skills as chips, named in the reader's language (or a line saying there are none). */
export function SkillChips({ skills, emptyText }: { skills: OpportunitySkill[]; emptyText: string }) {
  const { i18n } = useTranslation()
  if (skills.length === 0) return <p className="mt-1 text-stone-700">{emptyText}</p>
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {skills.map((s) => (
        <li key={s.code} className="rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-900">
          {i18n.language === 'en' ? s.nameEn : s.nameVi}
        </li>
      ))}
    </ul>
  )
}
