import { describe, expect, test } from 'vitest'
import type { z } from 'zod'
import {
  DecisionSchema,
  formatVietnamesePhone,
  InviteMemberSchema,
  normalizeTaxCode,
  normalizeVietnamesePhone,
  organisationFields,
  OrganisationProfileSchema,
  TAX_CODE_PATTERN,
} from '#app/modules/partners/organisation.schema.ts'

/** The error messages per field (dotted path) of a failed parse; {} when it succeeds. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input)
  if (result.success) return {}
  const out: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const key = issue.path.join('.')
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

const VALID_PROFILE = {
  organisationName: 'Công ty May Thăng Long',
  taxCode: '0101234567',
  wardCode: '00070',
  address: 'Số 12 phố Hàng Bạc',
  phone: '0912 345 678',
  description: 'Xưởng may gia công áo sơ mi, nhận thợ học việc và thợ lành nghề.',
  listedInDirectory: 'on',
  contactName: 'Nguyễn Thị Lan',
}

describe('normalizeVietnamesePhone', () => {
  test.each([
    // mobile, every current prefix, as people type them
    ['0912345678', '0912345678'],
    ['0912 345 678', '0912345678'],
    ['0912.345.678', '0912345678'],
    ['0912-345-678', '0912345678'],
    ['  0912 345 678  ', '0912345678'],
    ['0387 654 321', '0387654321'],
    ['0567.890.123', '0567890123'],
    ['0701-234-567', '0701234567'],
    ['0833 111 222', '0833111222'],
    ['+84 912 345 678', '0912345678'],
    ['+84912345678', '0912345678'],
    ['+84.912.345.678', '0912345678'],
    ['+84-387-654-321', '0387654321'],
    ['84912345678', '0912345678'],
    ['84 912 345 678', '0912345678'],
    // landlines: 02 + area code + number, 11 digits in all
    ['024 3826 1234', '02438261234'],
    ['(024) 3826 1234', '02438261234'],
    ['024.3826.1234', '02438261234'],
    ['0243 826 1234', '02438261234'],
    ['028 3829 5555', '02838295555'],
    ['+84 24 3826 1234', '02438261234'],
    ['84 24 3826 1234', '02438261234'],
  ])('%j → %s', (input, expected) => {
    expect(normalizeVietnamesePhone(input)).toBe(expected)
  })

  test.each([
    ['3826 1234', 'eight digits, no area code'],
    ['38261234', 'eight digits'],
    ['0123 456 7890', 'old 01x mobile prefix (11 digits)'],
    ['0168 123 4567', 'old 016x mobile prefix'],
    ['0199 999 999', 'old 01x prefix, 10 digits'],
    ['0412 345 678', '04x is no mobile prefix'],
    ['0612 345 678', '06x is no mobile prefix'],
    ['0912 345 67', 'nine digits'],
    ['0912 345 6789', 'eleven-digit mobile'],
    ['0912345678901234', 'far too long'],
    ['024 3826 12345', 'twelve-digit landline'],
    ['024 3826 123', 'ten-digit landline'],
    ['0912 abc 678', 'letters'],
    ['O912345678', 'letter O for zero'],
    ['091234567x', 'a trailing letter'],
    ['+1 202 555 0143', 'a foreign number'],
    ['8491234567', '84 and eight digits'],
    ['912345678', 'no leading 0'],
    ['', 'empty'],
    ['   ', 'blank'],
    ['0912/345/678', 'slashes are not separators'],
  ])('%j is refused (%s)', (input) => {
    expect(normalizeVietnamesePhone(input)).toBeNull()
  })
})

describe('formatVietnamesePhone', () => {
  test.each([
    ['0912345678', '0912 345 678'],
    ['0387654321', '0387 654 321'],
    ['02438261234', '024 3826 1234'],
    ['02838295555', '028 3829 5555'],
  ])('%s → %s', (stored, shown) => {
    expect(formatVietnamesePhone(stored)).toBe(shown)
  })

  test.each(['0123 456 789', '+84 912 345 678', '12345', ''])('%j that is not a stored form is shown as is', (v) => {
    expect(formatVietnamesePhone(v)).toBe(v)
  })

  test('normalise then format gives the canonical display form', () => {
    expect(formatVietnamesePhone(normalizeVietnamesePhone('+84.912.345.678')!)).toBe('0912 345 678')
    expect(formatVietnamesePhone(normalizeVietnamesePhone('(024) 3826-1234')!)).toBe('024 3826 1234')
  })
})

describe('tax code', () => {
  test('the pattern itself', () => {
    expect(TAX_CODE_PATTERN.test('0101234567')).toBe(true)
    expect(TAX_CODE_PATTERN.test('0101234567-001')).toBe(true)
    expect(TAX_CODE_PATTERN.test('0101234567-01')).toBe(false)
    expect(TAX_CODE_PATTERN.test(' 0101234567')).toBe(false)
    expect(normalizeTaxCode(' 0101 234 567 - 001 ')).toBe('0101234567-001')
  })

  test.each([
    ['0101234567', '0101234567'],
    ['0101234567-001', '0101234567-001'],
    ['0101 234 567', '0101234567'],
    [' 0101234567 ', '0101234567'],
    ['0101234567 - 001', '0101234567-001'],
    ['0101\t234567', '0101234567'],
  ])('%j is accepted and stored as %s', (input, stored) => {
    const parsed = OrganisationProfileSchema.parse({ ...VALID_PROFILE, taxCode: input })
    expect(parsed.taxCode).toBe(stored)
    expect(organisationFields.taxCode.parse(input)).toBe(stored)
  })

  test.each([
    ['010123456', 'nine digits'],
    ['01012345678', 'eleven digits'],
    ['01012345AB', 'letters'],
    ['MST0101234567', 'a prefix'],
    ['0101234567-12', 'a two-digit branch'],
    ['0101234567-0001', 'a four-digit branch'],
    ['0101234567-', 'a dangling hyphen'],
    ['0101-234-567', 'hyphens inside'],
    ['', 'empty'],
  ])('%j is refused with validation.taxCode (%s)', (input) => {
    expect(errorsOf(OrganisationProfileSchema, { ...VALID_PROFILE, taxCode: input })).toEqual({
      taxCode: ['validation.taxCode'],
    })
  })

  test('missing → validation.required', () => {
    const { taxCode: _omit, ...rest } = VALID_PROFILE
    expect(errorsOf(OrganisationProfileSchema, rest)).toEqual({ taxCode: ['validation.required'] })
  })
})

describe('OrganisationProfileSchema', () => {
  test('a valid profile parses to the stored forms', () => {
    expect(
      OrganisationProfileSchema.parse({ ...VALID_PROFILE, organisationName: '  Công ty May Thăng Long  ' }),
    ).toEqual({
      organisationName: 'Công ty May Thăng Long',
      taxCode: '0101234567',
      wardCode: '00070',
      address: 'Số 12 phố Hàng Bạc',
      phone: '0912345678',
      description: 'Xưởng may gia công áo sơ mi, nhận thợ học việc và thợ lành nghề.',
      listedInDirectory: true,
      contactName: 'Nguyễn Thị Lan',
    })
  })

  test('an unticked directory box means not listed', () => {
    const { listedInDirectory: _omit, ...rest } = VALID_PROFILE
    expect(OrganisationProfileSchema.parse(rest).listedInDirectory).toBe(false)
  })

  test.each([
    ['+84 24 3826 1234', '02438261234'],
    ['84 912 345 678', '0912345678'],
  ])('phone %j is stored as %s', (phone, stored) => {
    expect(OrganisationProfileSchema.parse({ ...VALID_PROFILE, phone }).phone).toBe(stored)
  })

  test.each([
    ['0123 456 7890', ['validation.phone']],
    ['3826 1234', ['validation.phone']],
    ['0912 abc 678', ['validation.phone']],
    ['0'.repeat(31), ['validation.phone']],
  ])('phone %j → %j', (phone, messages) => {
    expect(errorsOf(OrganisationProfileSchema, { ...VALID_PROFILE, phone })).toEqual({ phone: messages })
  })

  test('every field missing: each reports its key', () => {
    expect(errorsOf(OrganisationProfileSchema, {})).toEqual({
      organisationName: ['validation.required'],
      taxCode: ['validation.required'],
      wardCode: ['validation.wardChoose'],
      address: ['validation.required'],
      phone: ['validation.required'],
      description: ['validation.required'],
      contactName: ['validation.required'],
    })
  })

  test.each([
    ['organisationName', 'A', 'validation.tooShort'],
    ['organisationName', '  A  ', 'validation.tooShort'],
    ['organisationName', 'x'.repeat(201), 'validation.tooLong'],
    ['address', 'Số 1', 'validation.tooShort'],
    ['address', 'x'.repeat(301), 'validation.tooLong'],
    ['description', 'Quá ngắn', 'validation.tooShort'],
    ['description', 'x'.repeat(2001), 'validation.tooLong'],
    ['contactName', 'L', 'validation.tooShort'],
    ['contactName', 'x'.repeat(121), 'validation.tooLong'],
    ['wardCode', '0070', 'validation.wardChoose'],
    ['wardCode', 'abcde', 'validation.wardChoose'],
    ['wardCode', '000700', 'validation.wardChoose'],
  ])('%s = %j → %s', (field, value, message) => {
    expect(errorsOf(OrganisationProfileSchema, { ...VALID_PROFILE, [field]: value })).toEqual({ [field]: [message] })
  })

  test('limits are inclusive', () => {
    const edge = {
      ...VALID_PROFILE,
      organisationName: 'AB',
      address: 'x'.repeat(300),
      description: 'x'.repeat(20),
      contactName: 'x'.repeat(120),
    }
    expect(errorsOf(OrganisationProfileSchema, edge)).toEqual({})
  })

  test('listedInDirectory accepts only the checkbox value', () => {
    expect(errorsOf(OrganisationProfileSchema, { ...VALID_PROFILE, listedInDirectory: 'yes' })).toHaveProperty(
      'listedInDirectory',
    )
  })
})

describe('DecisionSchema', () => {
  test.each(['approve', 'reinstate'] as const)('%s needs no reason', (decision) => {
    expect(DecisionSchema.parse({ decision })).toEqual({ decision })
  })

  test.each(['reject', 'suspend'] as const)('%s keeps the trimmed reason', (decision) => {
    expect(DecisionSchema.parse({ decision, reason: '  Thiếu giấy phép kinh doanh  ' })).toEqual({
      decision,
      reason: 'Thiếu giấy phép kinh doanh',
    })
  })

  test.each(['reject', 'suspend'] as const)('%s: reason missing, short or long → its key', (decision) => {
    expect(errorsOf(DecisionSchema, { decision })).toEqual({ reason: ['validation.required'] })
    expect(errorsOf(DecisionSchema, { decision, reason: 'abcd' })).toEqual({ reason: ['validation.tooShort'] })
    expect(errorsOf(DecisionSchema, { decision, reason: '   abcd    ' })).toEqual({ reason: ['validation.tooShort'] })
    expect(errorsOf(DecisionSchema, { decision, reason: 'x'.repeat(1001) })).toEqual({
      reason: ['validation.tooLong'],
    })
    expect(errorsOf(DecisionSchema, { decision, reason: 'abcde' })).toEqual({})
    expect(errorsOf(DecisionSchema, { decision, reason: 'x'.repeat(1000) })).toEqual({})
  })

  test('an unknown decision is refused', () => {
    expect(DecisionSchema.safeParse({ decision: 'delete' }).success).toBe(false)
    expect(DecisionSchema.safeParse({}).success).toBe(false)
  })

  test('a reason sent with approve is dropped', () => {
    expect(DecisionSchema.parse({ decision: 'approve', reason: 'Tốt lắm' })).toEqual({ decision: 'approve' })
  })
})

describe('InviteMemberSchema', () => {
  test('a valid invitation (trimmed)', () => {
    expect(
      InviteMemberSchema.parse({ intent: 'invite', name: '  Trần Văn Dũng ', email: '  dung@example.test ' }),
    ).toEqual({ intent: 'invite', name: 'Trần Văn Dũng', email: 'dung@example.test' })
  })

  test('missing fields → validation.required', () => {
    expect(errorsOf(InviteMemberSchema, { intent: 'invite' })).toEqual({
      name: ['validation.required'],
      email: ['validation.required'],
    })
  })

  test.each([
    ['name', 'D', 'validation.tooShort'],
    ['name', 'x'.repeat(121), 'validation.tooLong'],
    ['email', 'not-an-address', 'validation.email'],
    ['email', 'dung@', 'validation.email'],
    ['email', `${'a'.repeat(250)}@x.vn`, 'validation.tooLong'],
  ])('%s = %j → %s', (field, value, message) => {
    const input = { intent: 'invite', name: 'Trần Văn Dũng', email: 'dung@example.test', [field]: value }
    expect(errorsOf(InviteMemberSchema, input)).toEqual({ [field]: [message] })
  })

  test('another intent is not an invitation', () => {
    expect(
      InviteMemberSchema.safeParse({ intent: 'remove', name: 'Trần Văn Dũng', email: 'dung@example.test' }).success,
    ).toBe(false)
  })
})
