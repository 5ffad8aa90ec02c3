import { Link } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { formatDate, formatNumber, formatVnd } from '#app/modules/i18n/format.ts'
import type { OpportunityCard } from '#app/modules/opportunities/opportunity-view.ts'

export const KIND_STYLE = {
  job: 'bg-sky-100 text-sky-900',
  course: 'bg-violet-100 text-violet-900',
  loan: 'bg-amber-100 text-amber-900',
} as const

/** The two or three numbers that decide whether a listing is worth a look, as short phrases. */
export function useKeyFigures(o: Pick<OpportunityCard, 'job' | 'course' | 'loan'>): string[] {
  const { t } = useTranslation()
  const locale = useLocale()
  const vnd = (n: number) => formatVnd(n, locale)
  if (o.job) {
    const { wageMin: min, wageMax: max } = o.job
    const per = t(`wagePeriod.${o.job.wagePeriod}`)
    const wage =
      min !== null && max !== null
        ? `${min === max ? vnd(min) : t('opportunityView.wage.range', { min: vnd(min), max: vnd(max) })} ${per}`
        : min !== null
          ? `${t('opportunityView.wage.from', { min: vnd(min) })} ${per}`
          : max !== null
            ? `${t('opportunityView.wage.upTo', { max: vnd(max) })} ${per}`
            : t('opportunityView.wage.negotiable')
    return [
      wage,
      t(`employmentType.${o.job.employmentType}`),
      ...(o.job.housingProvided ? [t('opportunityView.housing')] : []),
      ...(o.job.mealsProvided ? [t('opportunityView.meals')] : []),
    ]
  }
  if (o.course) {
    const pays = Math.max(0, o.course.costVnd - o.course.subsidyVnd)
    const cost =
      pays === 0
        ? [t('opportunityView.courseFree')]
        : o.course.subsidyVnd > 0
          ? [
              t('opportunityView.courseLearnerPays', { pays: vnd(pays) }),
              t('opportunityView.courseCostSubsidy', {
                cost: vnd(o.course.costVnd),
                subsidy: vnd(o.course.subsidyVnd),
              }),
            ]
          : [t('opportunityView.courseCost', { cost: vnd(o.course.costVnd) })]
    return [
      ...cost,
      t('opportunityView.duration', { count: o.course.durationWeeks }),
      ...(o.course.startDate ? [t('opportunityView.starts', { date: formatDate(o.course.startDate, locale) })] : []),
    ]
  }
  if (o.loan) {
    return [
      t('opportunityView.loanAmount', { min: vnd(o.loan.amountMin), max: vnd(o.loan.amountMax) }),
      t('opportunityView.loanRate', { rate: formatNumber(o.loan.interestRate, locale, { maximumFractionDigits: 2 }) }),
      t('opportunityView.loanTerm', { count: o.loan.termMonths }),
    ]
  }
  return []
}

/** Badges for what makes a listing unusual for its reader: closed, past its deadline, organisation not approved. */
export function StatusBadges({
  o,
  today,
}: {
  o: Pick<OpportunityCard, 'status' | 'deadline' | 'organisationStatus'>
  today: string
}) {
  const { t } = useTranslation()
  const badges: { key: string; text: string; style: string }[] = []
  if (o.status !== 'open')
    badges.push({ key: 'status', text: t(`opportunityView.status.${o.status}`), style: 'bg-stone-200 text-stone-800' })
  else if (o.deadline && o.deadline < today)
    badges.push({ key: 'expired', text: t('opportunityView.expired'), style: 'bg-stone-200 text-stone-800' })
  if (o.organisationStatus !== 'approved')
    badges.push({
      key: 'org',
      text: t('opportunityView.organisationNotApproved', { status: t(`organisationStatus.${o.organisationStatus}`) }),
      style: 'bg-red-100 text-red-900',
    })
  return (
    <>
      {badges.map((b) => (
        <span key={b.key} className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${b.style}`}>
          {b.text}
        </span>
      ))}
    </>
  )
}

/** One search result: what it is, who offers it, where, the key figures, the deadline and the skills. */
export function OpportunityResultCard({
  o,
  href,
  today,
  linkState,
}: {
  o: OpportunityCard
  href: string
  today: string
  linkState?: unknown
}) {
  const { t } = useTranslation()
  const locale = useLocale()
  const figures = useKeyFigures(o)
  const titleId = `result-${o.id}`
  return (
    <article
      aria-labelledby={titleId}
      className="relative rounded-lg border border-stone-200 bg-white p-4 shadow-xs focus-within:border-brand-600 hover:border-brand-600 sm:p-5"
      data-testid="opportunity-card"
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${KIND_STYLE[o.kind]}`}>
          {t(`search.kind.${o.kind}`)}
        </span>
        <StatusBadges o={o} today={today} />
      </div>
      <h2 id={titleId} className="mt-2 text-lg leading-snug font-semibold break-words text-stone-900">
        {/* The whole card is the link's target area (the ::after covers it), the title is its name. */}
        <Link to={href} state={linkState} className="text-stone-900 after:absolute after:inset-0 after:content-['']">
          {o.title}
        </Link>
      </h2>
      <p className="mt-0.5 text-sm break-words text-stone-700">
        {o.organisationName}
        <span aria-hidden="true"> · </span>
        <span className="sr-only">, </span>
        {o.wardName}
      </p>
      {figures.length ? (
        <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-900">
          {figures.map((f, i) => (
            <li key={f} className={i === 0 ? 'font-semibold' : ''}>
              {f}
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-700">
        <span>
          {o.deadline
            ? t('opportunityView.deadline', { date: formatDate(o.deadline, locale) })
            : t('opportunityView.noDeadline')}
        </span>
        <span>{t(`opportunityView.capacity.${o.kind}`, { count: o.capacity })}</span>
      </p>
      {o.skills.length ? (
        <ul className="mt-3 flex flex-wrap gap-1.5" aria-label={t('opportunityView.skills')}>
          {o.skills.map((s) => (
            <li key={s.code} className="rounded-full bg-brand-50 px-2.5 py-0.5 text-xs text-brand-900">
              {locale === 'en' ? s.nameEn : s.nameVi}
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  )
}
