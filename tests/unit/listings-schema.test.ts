import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, test } from 'vitest'
import {
  courseListingSchema,
  hanoiToday,
  jobListingSchema,
  loanListingSchema,
  parseInterestRate,
  parseWholeNumber,
  reopenListingSchema,
  type ListingSchema,
} from '#app/modules/opportunities/listings.schema.ts'

const TODAY = '2026-11-26'

type Entries = Record<string, string | string[]>

/** Parses like the routes do: FormData through Conform, so empty fields and checkboxes behave as in a browser. */
function parseForm(schema: ListingSchema | ReturnType<typeof reopenListingSchema>, entries: Entries) {
  const formData = new FormData()
  for (const [key, value] of Object.entries(entries)) {
    for (const v of Array.isArray(value) ? value : [value]) formData.append(key, v)
  }
  return parseWithZod(formData, { schema })
}

function ok(schema: ListingSchema, entries: Entries) {
  const submission = parseForm(schema, entries)
  if (submission.status !== 'success') throw new Error(`expected success, got ${JSON.stringify(submission.error)}`)
  return submission.value as Record<string, unknown>
}

/** The field errors of a submission that must fail. */
function errors(schema: ListingSchema, entries: Entries): Record<string, string[]> {
  const submission = parseForm(schema, entries)
  if (submission.status === 'success') throw new Error('expected the form to be refused')
  return submission.error as Record<string, string[]>
}

const SHARED: Entries = {
  title: 'Thợ hàn kết cấu thép',
  description: 'Hàn khung thép cho nhà xưởng, có thợ cả hướng dẫn trong tháng đầu.',
  wardCode: '00070',
  capacity: '5',
  acceptsAfterRehab: 'on',
  acceptsAfterPrison: 'on',
}
const JOB: Entries = { ...SHARED, kind: 'job', employmentType: 'full_time', wagePeriod: 'month' }
const COURSE: Entries = { ...SHARED, kind: 'course', durationWeeks: '12' }
const LOAN: Entries = {
  ...SHARED,
  kind: 'loan',
  amountMin: '10.000.000',
  amountMax: '100.000.000',
  interestRate: '6,6',
  termMonths: '60',
  gracePeriodMonths: '6',
  purposes: ['training', 'self_employment'],
}
const job = () => jobListingSchema({ today: TODAY })
const course = () => courseListingSchema({ today: TODAY })
const loan = () => loanListingSchema({ today: TODAY })

describe('whole numbers as people type them', () => {
  test.each([
    ['5.000.000', 5_000_000],
    ['5,000,000', 5_000_000],
    ['5000000', 5_000_000],
    ['5 000 000', 5_000_000],
    [' 5.000.000 đ ', 5_000_000],
    ['5.000.000 ₫', 5_000_000],
    ['12.500.000 VND', 12_500_000],
    ['0', 0],
    ['999', 999],
  ])('%j is %d', (input, expected) => {
    expect(parseWholeNumber(input)).toEqual({ ok: true, value: expected })
  })

  test.each([
    ['-5.000', 'negative'],
    ['−200000', 'negative'],
    ['5.5', 'decimal'],
    ['5000,50', 'decimal'],
    ['5.000.000,5', 'decimal'],
    ['abc', 'format'],
    ['5tr', 'format'],
    ['1e6', 'format'],
    ['5.0000', 'format'],
    ['5.000,000', 'format'],
    ['1234.567', 'format'],
    ['5.000.', 'format'],
    ['', 'format'],
  ])('%j is refused as %s', (input, reason) => {
    expect(parseWholeNumber(input)).toEqual({ ok: false, reason })
  })

  test('numbers from code are checked too', () => {
    expect(parseWholeNumber(7)).toEqual({ ok: true, value: 7 })
    expect(parseWholeNumber(-1)).toEqual({ ok: false, reason: 'negative' })
    expect(parseWholeNumber(1.5)).toEqual({ ok: false, reason: 'decimal' })
    expect(parseWholeNumber(Number.NaN)).toEqual({ ok: false, reason: 'format' })
  })

  test('interest rates with a comma or a dot, at most two decimals', () => {
    expect(parseInterestRate('6,6')).toEqual({ ok: true, value: 6.6 })
    expect(parseInterestRate('6.6')).toEqual({ ok: true, value: 6.6 })
    expect(parseInterestRate('6,65 %')).toEqual({ ok: true, value: 6.65 })
    expect(parseInterestRate('0')).toEqual({ ok: true, value: 0 })
    expect(parseInterestRate('6,666')).toEqual({ ok: false, reason: 'decimals' })
    expect(parseInterestRate('sáu')).toEqual({ ok: false, reason: 'format' })
    expect(parseInterestRate(6.605)).toEqual({ ok: false, reason: 'decimals' })
  })
})

describe('Hanoi dates', () => {
  test('the day turns at midnight in Hanoi (UTC+7), not at the server’s midnight', () => {
    expect(hanoiToday(new Date('2026-11-26T16:59:59Z'))).toBe('2026-11-26')
    expect(hanoiToday(new Date('2026-11-26T17:00:00Z'))).toBe('2026-11-27')
  })
})

describe('a job listing', () => {
  test('parses the form: money with separators, empty optionals as null, checkboxes as booleans', () => {
    const value = ok(job(), { ...JOB, wageMin: '5.000.000', wageMax: '8,000,000', shift: '', mealsProvided: 'on' })
    expect(value).toMatchObject({
      kind: 'job',
      capacity: 5,
      wageMin: 5_000_000,
      wageMax: 8_000_000,
      wagePeriod: 'month',
      shift: null,
      deadline: null,
      minAge: null,
      housingProvided: false,
      mealsProvided: true,
      requiredSkills: [],
      address: null,
    })
  })

  test('keeps markup as the text it is (React escapes it when shown)', () => {
    const title = '<script>alert("x")</script> Thợ hàn'
    const notes = '<img src=x onerror=alert(1)> mang CCCD'
    const value = ok(job(), { ...JOB, title, eligibilityNotes: notes })
    expect(value.title).toBe(title)
    expect(value.eligibilityNotes).toBe(notes)
  })

  test('refuses negative, decimal, malformed and huge amounts with their own messages', () => {
    expect(errors(job(), { ...JOB, wageMin: '-5.000.000' }).wageMin).toEqual(['listingValidation.moneyNegative'])
    expect(errors(job(), { ...JOB, wageMin: '5000000,5' }).wageMin).toEqual(['listingValidation.moneyWhole'])
    expect(errors(job(), { ...JOB, wageMin: 'năm triệu' }).wageMin).toEqual(['listingValidation.moneyFormat'])
    expect(errors(job(), { ...JOB, wageMax: '100.000.000.001' }).wageMax).toEqual(['listingValidation.moneyTooLarge'])
    expect(ok(job(), { ...JOB, wageMax: '100.000.000.000' }).wageMax).toBe(100_000_000_000)
  })

  test('the lowest pay cannot exceed the highest, reported on the highest', () => {
    const e = errors(job(), { ...JOB, wageMin: '9.000.000', wageMax: '8.000.000' })
    expect(e).toEqual({ wageMax: ['listingValidation.wageOrder'] })
    expect(ok(job(), { ...JOB, wageMin: '8.000.000', wageMax: '8.000.000' }).wageMin).toBe(8_000_000)
  })

  test('title, description and notes lengths', () => {
    expect(errors(job(), { ...JOB, title: 'Hàn' }).title).toEqual(['listingValidation.titleLength'])
    expect(errors(job(), { ...JOB, title: 'x'.repeat(121) }).title).toEqual(['listingValidation.titleLength'])
    expect(ok(job(), { ...JOB, title: `  ${'x'.repeat(120)}  ` }).title).toBe('x'.repeat(120))
    expect(errors(job(), { ...JOB, description: 'Quá ngắn' }).description).toEqual([
      'listingValidation.descriptionLength',
    ])
    expect(errors(job(), { ...JOB, description: 'y'.repeat(5001) }).description).toEqual([
      'listingValidation.descriptionLength',
    ])
    expect(errors(job(), { ...JOB, eligibilityNotes: 'z'.repeat(2001) }).eligibilityNotes).toEqual([
      'listingValidation.notesTooLong',
    ])
    expect(errors(job(), { ...JOB, shift: 's'.repeat(201) }).shift).toEqual(['listingValidation.textTooLong'])
  })

  test('required fields', () => {
    const e = errors(job(), { kind: 'job' })
    expect(e.title).toEqual(['validation.required'])
    expect(e.description).toEqual(['validation.required'])
    expect(e.wardCode).toEqual(['listingValidation.wardRequired'])
    expect(e.capacity).toEqual(['validation.required'])
    expect(e.employmentType).toEqual(['validation.choose'])
    expect(e.acceptsAfterPrison).toEqual(['listingValidation.acceptsNobody'])
  })

  test('capacity is a whole number from 1 to 10,000', () => {
    expect(ok(job(), { ...JOB, capacity: '10.000' }).capacity).toBe(10_000)
    expect(errors(job(), { ...JOB, capacity: '10.001' }).capacity).toEqual(['listingValidation.capacityRange'])
    expect(errors(job(), { ...JOB, capacity: '0' }).capacity).toEqual(['listingValidation.capacityRange'])
    expect(errors(job(), { ...JOB, capacity: '-3' }).capacity).toEqual(['listingValidation.capacityRange'])
    expect(errors(job(), { ...JOB, capacity: '2,5' }).capacity).toEqual(['listingValidation.wholeNumber'])
    expect(errors(job(), { ...JOB, capacity: 'năm' }).capacity).toEqual(['listingValidation.numberFormat'])
  })

  test('the deadline may be today or later, never a past day; empty means none', () => {
    expect(errors(job(), { ...JOB, deadline: '2026-11-25' }).deadline).toEqual(['listingValidation.deadlinePast'])
    expect(ok(job(), { ...JOB, deadline: TODAY }).deadline).toBe(TODAY)
    expect(ok(job(), { ...JOB, deadline: '2027-01-31' }).deadline).toBe('2027-01-31')
    expect(ok(job(), { ...JOB, deadline: '' }).deadline).toBeNull()
    expect(errors(job(), { ...JOB, deadline: '2027-02-30' }).deadline).toEqual(['listingValidation.dateFormat'])
    expect(errors(job(), { ...JOB, deadline: '31/12/2026' }).deadline).toEqual(['listingValidation.dateFormat'])
  })

  test('ages from 15 to 80, minimum not above maximum', () => {
    expect(errors(job(), { ...JOB, minAge: '14' }).minAge).toEqual(['listingValidation.ageRange'])
    expect(errors(job(), { ...JOB, maxAge: '81' }).maxAge).toEqual(['listingValidation.ageRange'])
    expect(errors(job(), { ...JOB, minAge: '40', maxAge: '20' })).toEqual({ maxAge: ['listingValidation.ageOrder'] })
    expect(ok(job(), { ...JOB, minAge: '18', maxAge: '18' })).toMatchObject({ minAge: 18, maxAge: 18 })
  })

  test('at most 15 skills, codes only, duplicates dropped', () => {
    const sixteen = Array.from({ length: 16 }, (_, i) => `skill_${i}`)
    expect(errors(job(), { ...JOB, requiredSkills: sixteen }).requiredSkills).toEqual([
      'listingValidation.skillsTooMany',
    ])
    expect(ok(job(), { ...JOB, requiredSkills: ['welding', 'welding', 'metalwork'] }).requiredSkills).toEqual([
      'welding',
      'metalwork',
    ])
    expect(errors(job(), { ...JOB, requiredSkills: ['Hàn; drop table'] })['requiredSkills[0]']).toEqual([
      'listingValidation.skillUnknown',
    ])
  })

  test('at least one group of people must be welcomed', () => {
    const { acceptsAfterRehab: _a, acceptsAfterPrison: _b, ...rest } = JOB
    expect(errors(job(), rest)).toEqual({ acceptsAfterPrison: ['listingValidation.acceptsNobody'] })
    expect(ok(job(), { ...rest, acceptsAfterPrison: 'on' })).toMatchObject({
      acceptsAfterRehab: false,
      acceptsAfterPrison: true,
    })
  })

  test('several problems are reported together, so the form shows them all at once', () => {
    const e = errors(job(), { ...JOB, capacity: '0', minAge: '50', maxAge: '20', wageMin: '-1' })
    expect(Object.keys(e).sort()).toEqual(['capacity', 'maxAge', 'wageMin'])
  })
})

describe('a course listing', () => {
  test('an empty fee means free', () => {
    expect(ok(course(), { ...COURSE, costVnd: '', subsidyVnd: '' })).toMatchObject({ costVnd: 0, subsidyVnd: 0 })
  })

  test('the subsidy cannot exceed the fee, reported on the subsidy', () => {
    expect(errors(course(), { ...COURSE, costVnd: '3.000.000', subsidyVnd: '3.500.000' })).toEqual({
      subsidyVnd: ['listingValidation.subsidyExceedsCost'],
    })
    expect(ok(course(), { ...COURSE, costVnd: '3.000.000', subsidyVnd: '3.000.000' }).subsidyVnd).toBe(3_000_000)
  })

  test('duration from 1 to 104 weeks; a start date must be a real date', () => {
    expect(errors(course(), { ...COURSE, durationWeeks: '105' }).durationWeeks).toEqual([
      'listingValidation.durationRange',
    ])
    expect(errors(course(), { ...COURSE, durationWeeks: '0' }).durationWeeks).toEqual([
      'listingValidation.durationRange',
    ])
    expect(ok(course(), { ...COURSE, durationWeeks: '104', startDate: '2027-02-01' })).toMatchObject({
      durationWeeks: 104,
      startDate: '2027-02-01',
    })
    expect(errors(course(), { ...COURSE, startDate: 'tháng sau' }).startDate).toEqual(['listingValidation.dateFormat'])
  })
})

describe('a loan programme', () => {
  test('parses amounts, a comma decimal rate and the purposes', () => {
    expect(ok(loan(), LOAN)).toMatchObject({
      amountMin: 10_000_000,
      amountMax: 100_000_000,
      interestRate: 6.6,
      termMonths: 60,
      gracePeriodMonths: 6,
      purposes: ['training', 'self_employment'],
      collateralRequired: false,
    })
    expect(ok(loan(), { ...LOAN, interestRate: '6.6' }).interestRate).toBe(6.6)
  })

  test('at most 200 million đồng (Decision 08/2026/QĐ-TTg), smallest not above largest', () => {
    expect(ok(loan(), { ...LOAN, amountMax: '200.000.000' }).amountMax).toBe(200_000_000)
    expect(errors(loan(), { ...LOAN, amountMax: '200.000.001' }).amountMax).toEqual(['listingValidation.loanAmountCap'])
    expect(errors(loan(), { ...LOAN, amountMin: '150.000.000', amountMax: '100.000.000' })).toEqual({
      amountMax: ['listingValidation.loanOrder'],
    })
    expect(errors(loan(), { ...LOAN, amountMin: '-1' }).amountMin).toEqual(['listingValidation.moneyNegative'])
  })

  test('rate from 0 to 30 with at most two decimals', () => {
    expect(errors(loan(), { ...LOAN, interestRate: '6,666' }).interestRate).toEqual(['listingValidation.rateDecimals'])
    expect(errors(loan(), { ...LOAN, interestRate: '30,01' }).interestRate).toEqual(['listingValidation.rateRange'])
    expect(errors(loan(), { ...LOAN, interestRate: '-1' }).interestRate).toEqual(['listingValidation.rateRange'])
    expect(errors(loan(), { ...LOAN, interestRate: 'thấp' }).interestRate).toEqual(['listingValidation.rateFormat'])
    expect(ok(loan(), { ...LOAN, interestRate: '30' }).interestRate).toBe(30)
  })

  test('term up to 120 months, grace no longer than the term, at least one purpose', () => {
    expect(errors(loan(), { ...LOAN, termMonths: '121' }).termMonths).toEqual(['listingValidation.termRange'])
    expect(errors(loan(), { ...LOAN, termMonths: '12', gracePeriodMonths: '13' })).toEqual({
      gracePeriodMonths: ['listingValidation.graceRange'],
    })
    expect(ok(loan(), { ...LOAN, gracePeriodMonths: '' }).gracePeriodMonths).toBe(0)
    const { purposes: _, ...noPurpose } = LOAN
    expect(errors(loan(), noPurpose).purposes).toEqual(['listingValidation.purposesRequired'])
    expect(errors(loan(), { ...LOAN, purposes: ['gambling'] })['purposes[0]']).toEqual([
      'listingValidation.purposesRequired',
    ])
  })

  test('the same rules hold for values passed by code, not only form text', () => {
    const result = loanListingSchema({ today: TODAY }).safeParse({
      kind: 'loan',
      title: 'Vay vốn học nghề',
      description: 'Cho vay vốn để học nghề và làm ăn nhỏ tại nhà.',
      wardCode: '00070',
      capacity: 3,
      amountMin: 0,
      amountMax: 250_000_000,
      interestRate: 6.6,
      termMonths: 60,
      purposes: ['production'],
      acceptsAfterRehab: true,
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['amountMax', 'listingValidation.loanAmountCap'],
    ])
  })
})

describe('reopening', () => {
  test('a new deadline today or later, or none', () => {
    const schema = reopenListingSchema({ today: TODAY })
    const empty = parseForm(schema, { intent: 'reopen', deadline: '' })
    expect(empty.status === 'success' && empty.value.deadline).toBeNull()
    const past = parseForm(schema, { intent: 'reopen', deadline: '2026-11-01' })
    expect(past.status === 'error' && past.error).toEqual({ deadline: ['listingValidation.deadlinePast'] })
  })
})
