import { describe, expect, it } from 'vitest'
import {
  buildOpportunityJsonLd,
  EMPLOYMENT_TYPE_SCHEMA_ORG,
  isoDuration,
  publicListingUrl,
  serializeJsonLd,
} from '#app/modules/opportunities/json-ld.ts'
import type { OpportunityView } from '#app/modules/opportunities/opportunity-view.ts'

const BASE = 'https://hoanhap.example.vn'

function view(overrides: Partial<OpportunityView> = {}): OpportunityView {
  return {
    id: '3f0c2a4e-8b1d-4c6e-9f2a-1b2c3d4e5f60',
    kind: 'job',
    status: 'open',
    title: 'Thợ hàn kết cấu thép',
    organisationId: '11111111-2222-4333-8444-555555555555',
    organisationName: 'Công ty TNHH Cơ khí Thăng Long',
    organisationStatus: 'approved',
    wardCode: '00145',
    wardName: 'Phường Long Biên',
    deadline: '2026-12-15',
    capacity: 4,
    publishedAt: '2026-11-20T02:00:00.000Z',
    skills: [{ code: 'welding', nameVi: 'Hàn', nameEn: 'Welding' }],
    job: {
      employmentType: 'full_time',
      wageMin: 8_000_000,
      wageMax: 12_000_000,
      wagePeriod: 'month',
      shift: null,
      housingProvided: false,
      mealsProvided: true,
      certificateRequired: null,
    },
    course: null,
    loan: null,
    description: 'Hàn khung thép nhà xưởng.',
    address: 'Số 12 Nguyễn Văn Cừ',
    minAge: 18,
    maxAge: 50,
    acceptsAfterRehab: true,
    acceptsAfterPrison: true,
    eligibilityNotes: null,
    updatedAt: '2026-11-20T02:00:00.000Z',
    organisation: {
      id: '11111111-2222-4333-8444-555555555555',
      kind: 'employer',
      name: 'Công ty TNHH Cơ khí Thăng Long',
      description: null,
      email: 'tuyendung@thanglong.example',
      phone: null,
      wardName: 'Phường Long Biên',
    },
    ...overrides,
  }
}

describe('JobPosting', () => {
  it('has the fields search engines ask for, with the salary in VND per month', () => {
    const ld = buildOpportunityJsonLd(view(), { baseUrl: BASE })
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title: 'Thợ hàn kết cấu thép',
      description: 'Hàn khung thép nhà xưởng.',
      datePosted: '2026-11-20T02:00:00.000Z',
      validThrough: '2026-12-15T23:59:59+07:00',
      employmentType: 'FULL_TIME',
      url: `${BASE}/opportunities/3f0c2a4e-8b1d-4c6e-9f2a-1b2c3d4e5f60`,
      hiringOrganization: { '@type': 'Organization', name: 'Công ty TNHH Cơ khí Thăng Long' },
      jobLocation: {
        '@type': 'Place',
        address: {
          '@type': 'PostalAddress',
          streetAddress: 'Số 12 Nguyễn Văn Cừ',
          addressLocality: 'Phường Long Biên',
          addressRegion: 'Hà Nội',
          addressCountry: 'VN',
        },
      },
      baseSalary: {
        '@type': 'MonetaryAmount',
        currency: 'VND',
        value: { '@type': 'QuantitativeValue', minValue: 8_000_000, maxValue: 12_000_000, unitText: 'MONTH' },
      },
    })
  })

  it('maps every employment type and wage period to schema.org values', () => {
    expect(EMPLOYMENT_TYPE_SCHEMA_ORG).toEqual({
      full_time: 'FULL_TIME',
      part_time: 'PART_TIME',
      seasonal: 'TEMPORARY',
      apprenticeship: 'INTERN',
    })
    for (const [period, unit] of [
      ['month', 'MONTH'],
      ['day', 'DAY'],
      ['hour', 'HOUR'],
    ] as const) {
      const ld = buildOpportunityJsonLd(view({ job: { ...view().job!, wagePeriod: period } }), { baseUrl: BASE })
      expect((ld.baseSalary as { value: { unitText: string } }).value.unitText).toBe(unit)
    }
  })

  it('leaves out what is unknown: no deadline, no wage, no address', () => {
    const ld = buildOpportunityJsonLd(
      view({ deadline: null, address: null, job: { ...view().job!, wageMin: null, wageMax: null } }),
      { baseUrl: `${BASE}/` },
    )
    expect(ld).not.toHaveProperty('validThrough')
    expect(ld).not.toHaveProperty('baseSalary')
    expect((ld.jobLocation as { address: object }).address).not.toHaveProperty('streetAddress')
    expect(ld.url).toBe(`${BASE}/opportunities/3f0c2a4e-8b1d-4c6e-9f2a-1b2c3d4e5f60`)
    const onlyMin = buildOpportunityJsonLd(view({ job: { ...view().job!, wageMax: null } }), { baseUrl: BASE })
    expect((onlyMin.baseSalary as { value: object }).value).toEqual({
      '@type': 'QuantitativeValue',
      minValue: 8_000_000,
      unitText: 'MONTH',
    })
  })
})

describe('Course', () => {
  const course = view({
    kind: 'course',
    title: 'Khóa Điện dân dụng',
    job: null,
    course: {
      durationWeeks: 12,
      schedule: 'Thứ Hai – Thứ Sáu, 8h00–11h30',
      startDate: '2026-12-07',
      costVnd: 4_500_000,
      subsidyVnd: 3_000_000,
      certificate: 'Chứng chỉ sơ cấp nghề',
    },
  })

  it('has provider, the price the learner pays in VND, the duration as ISO 8601 and the certificate', () => {
    const ld = buildOpportunityJsonLd(course, { baseUrl: BASE })
    expect(ld).toMatchObject({
      '@type': 'Course',
      name: 'Khóa Điện dân dụng',
      description: 'Hàn khung thép nhà xưởng.',
      provider: { '@type': 'Organization', name: 'Công ty TNHH Cơ khí Thăng Long' },
      offers: { '@type': 'Offer', price: 1_500_000, priceCurrency: 'VND', category: 'Paid' },
      educationalCredentialAwarded: 'Chứng chỉ sơ cấp nghề',
      hasCourseInstance: {
        '@type': 'CourseInstance',
        courseMode: 'Onsite',
        duration: 'P12W',
        startDate: '2026-12-07',
        endDate: '2027-03-01',
        courseSchedule: { '@type': 'Schedule', duration: 'P12W', description: 'Thứ Hai – Thứ Sáu, 8h00–11h30' },
      },
    })
    expect(ld).not.toHaveProperty('title')
  })

  it('is free when the subsidy covers the cost', () => {
    const ld = buildOpportunityJsonLd(view({ ...course, course: { ...course.course!, subsidyVnd: 9_000_000 } }), {
      baseUrl: BASE,
    })
    expect(ld.offers).toMatchObject({ price: 0, category: 'Free' })
  })
})

describe('LoanOrCredit', () => {
  it('has the amount range in VND, the yearly rate, the term in months and the provider', () => {
    const ld = buildOpportunityJsonLd(
      view({
        kind: 'loan',
        title: 'Vay vốn tự kinh doanh',
        job: null,
        loan: {
          amountMin: 10_000_000,
          amountMax: 100_000_000,
          interestRate: 6.6,
          termMonths: 60,
          gracePeriodMonths: 6,
          collateralRequired: false,
          guarantorRequired: true,
          purposes: ['self_employment'],
        },
      }),
      { baseUrl: BASE },
    )
    expect(ld).toMatchObject({
      '@type': 'LoanOrCredit',
      name: 'Vay vốn tự kinh doanh',
      amount: { '@type': 'MonetaryAmount', currency: 'VND', minValue: 10_000_000, maxValue: 100_000_000 },
      annualPercentageRate: 6.6,
      loanTerm: { '@type': 'QuantitativeValue', value: 60, unitText: 'MONTH', unitCode: 'MON' },
      gracePeriod: 'P6M',
      provider: { '@type': 'Organization', name: 'Công ty TNHH Cơ khí Thăng Long' },
    })
  })
})

describe('serializeJsonLd', () => {
  const hostile = '</script><script>alert(1)</script>'

  it('cannot close the script element, whatever the listing says', () => {
    const out = serializeJsonLd(
      buildOpportunityJsonLd(view({ title: hostile, description: `<!-- ${hostile}` }), { baseUrl: BASE }),
    )
    expect(out).not.toContain('<')
    expect(out).not.toContain('>')
    expect(out.toLowerCase()).not.toContain('</script')
    expect(out).toContain('\\u003c/script\\u003e')
  })

  it('is still the same JSON', () => {
    const value = { title: hostile, amp: 'a & b', sep: 'x\u2028y\u2029z', vi: 'Điện dân dụng' }
    const out = serializeJsonLd(value)
    expect(JSON.parse(out)).toEqual(value)
    expect(out).not.toMatch(/[\u2028\u2029&]/)
    expect(out).toContain('Điện dân dụng')
  })

  it('helpers: durations and URLs', () => {
    expect(isoDuration(12, 'W')).toBe('P12W')
    expect(isoDuration(60, 'M')).toBe('P60M')
    expect(publicListingUrl('https://x.vn///', 'abc')).toBe('https://x.vn/opportunities/abc')
  })
})
