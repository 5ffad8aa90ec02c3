import type { OpportunityView } from './opportunity-view'

/*
 * schema.org JSON-LD for a listing's page: JobPosting for jobs, Course for courses, LoanOrCredit for loan
 * programmes. Pure (no database, no request), so it is unit-tested and runs anywhere.
 * Only what the listing itself says — never anything about candidates.
 */

type JsonLd = Record<string, unknown>

/** Our employment types as schema.org / Google's JobPosting values. */
export const EMPLOYMENT_TYPE_SCHEMA_ORG = {
  full_time: 'FULL_TIME',
  part_time: 'PART_TIME',
  seasonal: 'TEMPORARY',
  // Học việc: paid learning on the job — the closest value schema.org users understand.
  apprenticeship: 'INTERN',
} as const

const WAGE_UNIT = { month: 'MONTH', day: 'DAY', hour: 'HOUR' } as const

const HANOI = 'Hà Nội'

/** A listing's public address: the page this JSON-LD describes. */
export function publicListingUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/opportunities/${id}`
}

/** End of the deadline day in Hanoi (UTC+7, no daylight saving), as schema.org DateTime. */
function endOfHanoiDay(date: string): string {
  return `${date}T23:59:59+07:00`
}

/** ISO 8601 duration in weeks or months (P12W, P60M). */
export function isoDuration(amount: number, unit: 'W' | 'M'): string {
  return `P${Math.max(0, Math.round(amount))}${unit}`
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + days)
  return d.toISOString().slice(0, 10)
}

function organisation(view: OpportunityView, baseUrl: string): JsonLd {
  return {
    '@type': 'Organization',
    name: view.organisation.name,
    url: `${baseUrl.replace(/\/+$/, '')}/partners`,
    ...(view.organisation.email ? { email: view.organisation.email } : {}),
  }
}

function place(view: OpportunityView): JsonLd {
  return {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      ...(view.address ? { streetAddress: view.address } : {}),
      addressLocality: view.wardName,
      addressRegion: HANOI,
      addressCountry: 'VN',
    },
  }
}

function withoutEmpty(value: JsonLd): JsonLd {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null && v !== ''))
}

/** The schema.org object for a listing. `baseUrl` is the site's public origin (APP_URL). */
export function buildOpportunityJsonLd(view: OpportunityView, options: { baseUrl: string }): JsonLd {
  const url = publicListingUrl(options.baseUrl, view.id)
  const common = { '@context': 'https://schema.org', url, description: view.description }

  if (view.kind === 'job') {
    const job = view.job
    const hasWage = job && (job.wageMin !== null || job.wageMax !== null)
    return withoutEmpty({
      ...common,
      '@type': 'JobPosting',
      title: view.title,
      identifier: { '@type': 'PropertyValue', name: 'Hòa Nhập', value: view.id },
      datePosted: view.publishedAt ?? undefined,
      validThrough: view.deadline ? endOfHanoiDay(view.deadline) : undefined,
      employmentType: job ? EMPLOYMENT_TYPE_SCHEMA_ORG[job.employmentType] : undefined,
      hiringOrganization: organisation(view, options.baseUrl),
      jobLocation: place(view),
      totalJobOpenings: view.capacity,
      directApply: false,
      baseSalary: hasWage
        ? {
            '@type': 'MonetaryAmount',
            currency: 'VND',
            value: withoutEmpty({
              '@type': 'QuantitativeValue',
              minValue: job.wageMin ?? undefined,
              maxValue: job.wageMax ?? undefined,
              unitText: WAGE_UNIT[job.wagePeriod],
            }),
          }
        : undefined,
      skills: view.skills.length ? view.skills.map((s) => s.nameVi).join(', ') : undefined,
    })
  }

  if (view.kind === 'course') {
    const course = view.course
    const price = course ? Math.max(0, course.costVnd - course.subsidyVnd) : undefined
    return withoutEmpty({
      ...common,
      '@type': 'Course',
      name: view.title,
      provider: organisation(view, options.baseUrl),
      educationalCredentialAwarded: course?.certificate ?? undefined,
      timeRequired: course ? isoDuration(course.durationWeeks, 'W') : undefined,
      offers:
        price === undefined
          ? undefined
          : withoutEmpty({
              '@type': 'Offer',
              category: price === 0 ? 'Free' : 'Paid',
              price,
              priceCurrency: 'VND',
              validThrough: view.deadline ? endOfHanoiDay(view.deadline) : undefined,
            }),
      hasCourseInstance: course
        ? withoutEmpty({
            '@type': 'CourseInstance',
            courseMode: 'Onsite',
            duration: isoDuration(course.durationWeeks, 'W'),
            startDate: course.startDate ?? undefined,
            endDate: course.startDate ? addDays(course.startDate, course.durationWeeks * 7) : undefined,
            location: place(view),
            courseSchedule: withoutEmpty({
              '@type': 'Schedule',
              duration: isoDuration(course.durationWeeks, 'W'),
              startDate: course.startDate ?? undefined,
              description: course.schedule ?? undefined,
            }),
          })
        : undefined,
    })
  }

  const loan = view.loan
  return withoutEmpty({
    ...common,
    '@type': 'LoanOrCredit',
    name: view.title,
    provider: organisation(view, options.baseUrl),
    areaServed: HANOI,
    currency: 'VND',
    amount: loan
      ? { '@type': 'MonetaryAmount', currency: 'VND', minValue: loan.amountMin, maxValue: loan.amountMax }
      : undefined,
    annualPercentageRate: loan?.interestRate,
    loanTerm: loan
      ? { '@type': 'QuantitativeValue', value: loan.termMonths, unitCode: 'MON', unitText: 'MONTH' }
      : undefined,
    gracePeriod: loan && loan.gracePeriodMonths > 0 ? isoDuration(loan.gracePeriodMonths, 'M') : undefined,
  })
}

/**
 * JSON for inside `<script type="application/ld+json">`. JSON.stringify alone is not enough: a listing
 * title containing `</script>` would end the element and start markup of the author's choosing. `<`,
 * `>` and `&` become \u escapes (still the same JSON), as do U+2028/2029.
 */
export function serializeJsonLd(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
