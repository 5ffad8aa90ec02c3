import { describe, expect, test } from 'vitest'
import {
  ageOn,
  backgroundStepSchema,
  CaseloadQuerySchema,
  foldName,
  identityStepSchema,
  isCalendarDate,
  normalizeNationalId,
  sensitiveStepSchema,
  skillsStepSchema,
} from '#app/modules/candidates/candidates.schema.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'

const TODAY = '2026-03-10'
const identity = identityStepSchema(TODAY)
const good = { fullName: 'Nguyễn  Văn   An ', dateOfBirth: '1990-01-01', wardCode: '00070' }

function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.message])
}

describe('identity step', () => {
  test('tidies the name, normalises the phone, defaults the gender', () => {
    expect(identity.parse({ ...good, phone: '+84 912.345.678' })).toEqual({
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1990-01-01',
      gender: 'unspecified',
      phone: '0912345678',
      wardCode: '00070',
    })
    expect(identity.parse({ ...good, phone: '' }).phone).toBeNull()
    expect(identity.parse({ ...good, phone: null }).phone).toBeNull()
  })

  test('age 14 to 90 on the day, counting birthdays exactly', () => {
    expect(identity.safeParse({ ...good, dateOfBirth: '2012-03-10' }).success).toBe(true) // 14 today
    expect(issues(identity.safeParse({ ...good, dateOfBirth: '2012-03-11' }))).toEqual([
      ['dateOfBirth', 'candidateValidation.age'],
    ])
    expect(identity.safeParse({ ...good, dateOfBirth: '1935-03-11' }).success).toBe(true) // 90
    expect(identity.safeParse({ ...good, dateOfBirth: '1935-03-10' }).success).toBe(false) // 91
    expect(issues(identity.safeParse({ ...good, dateOfBirth: '1990-02-30' }))).toEqual([
      ['dateOfBirth', 'candidateValidation.date'],
    ])
  })

  test('refuses a bad phone, ward, name or gender', () => {
    expect(issues(identity.safeParse({ ...good, phone: '12345' }))).toEqual([['phone', 'validation.phone']])
    expect(issues(identity.safeParse({ ...good, wardCode: '7' }))).toEqual([['wardCode', 'candidateValidation.ward']])
    expect(issues(identity.safeParse({ ...good, fullName: '12' }))).toEqual([['fullName', 'candidateValidation.name']])
    expect(issues(identity.safeParse({ ...good, fullName: 'A' }))).toEqual([['fullName', 'validation.tooShort']])
    expect(identity.safeParse({ ...good, gender: 'x' }).success).toBe(false)
  })
})

describe('other steps', () => {
  test('background: required; end date a real date or nothing', () => {
    expect(backgroundStepSchema.parse({ background: 'both' })).toEqual({
      background: 'both',
      programmeEndDate: null,
      education: null,
    })
    expect(backgroundStepSchema.safeParse({}).success).toBe(false)
    expect(backgroundStepSchema.safeParse({ background: 'both', programmeEndDate: '2025-02-29' }).success).toBe(false)
  })

  test('skills and needs: at least one need, in a fixed order; skills unique and sorted', () => {
    expect(skillsStepSchema.parse({ needs: ['loan', 'job', 'loan'], skills: ['b_x', 'a_y', 'b_x'] })).toEqual({
      needs: ['job', 'loan'],
      skills: ['a_y', 'b_x'],
      availability: null,
      preferences: null,
    })
    expect(issues(skillsStepSchema.safeParse({ needs: [] }))).toEqual([['needs', 'candidateValidation.needs']])
    expect(skillsStepSchema.safeParse({ needs: ['house'] }).success).toBe(false)
    expect(skillsStepSchema.safeParse({ needs: ['job'], skills: ['DROP TABLE'] }).success).toBe(false)
  })

  test('sensitive: all optional; national ID of 9 or 12 digits', () => {
    expect(sensitiveStepSchema.parse({})).toEqual({
      drugUseHistory: null,
      criminalRecord: null,
      facility: null,
      healthNotes: null,
      nationalId: null,
    })
    expect(sensitiveStepSchema.parse({ nationalId: '001 090 012 345' }).nationalId).toBe('001090012345')
    expect(sensitiveStepSchema.parse({ nationalId: '123.456.789' }).nationalId).toBe('123456789')
    expect(issues(sensitiveStepSchema.safeParse({ nationalId: '1234567890' }))).toEqual([
      ['nationalId', 'candidateValidation.nationalId'],
    ])
    // Parsing parsed values again gives the same values (the server re-validates what the route parsed).
    const once = sensitiveStepSchema.parse({ facility: 'X', nationalId: '001090012345' })
    expect(sensitiveStepSchema.parse(once)).toEqual(once)
  })
})

describe('helpers', () => {
  test('foldName: no diacritics, lower case, single spaces, no punctuation', () => {
    expect(foldName('  ĐẶNG   Thị-Bảo  Ngọc ')).toBe('dang thi bao ngoc')
    expect(foldName('Nguyễn Văn Ánh')).toBe('nguyen van anh')
  })

  test('normalizeNationalId, isCalendarDate, ageOn', () => {
    expect(normalizeNationalId('001-090-012-345')).toBe('001090012345')
    expect(normalizeNationalId('12345678')).toBeNull()
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2023-02-29')).toBe(false)
    expect(isCalendarDate('1899-12-31')).toBe(false)
    expect(ageOn('2000-03-11', '2026-03-10')).toBe(25)
    expect(ageOn('2000-03-10', '2026-03-10')).toBe(26)
  })

  test('public codes: HN- and six unambiguous characters', () => {
    for (let i = 0; i < 200; i++) expect(generatePublicCode()).toMatch(/^HN-[2-9A-HJ-NP-Z]{6}$/)
  })

  test('caseload query: malformed values dropped, not errors', () => {
    expect(
      CaseloadQuerySchema.parse({ status: 'nope', needs: 'job', wardCode: '1', sort: 'x', followUpsDue: '1' }),
    ).toEqual({
      q: undefined,
      status: undefined,
      needs: 'job',
      wardCode: undefined,
      followUpsDue: true,
      sort: 'recent',
      cursor: undefined,
    })
    expect(CaseloadQuerySchema.parse({ q: '  ', sort: 'name' })).toMatchObject({
      q: undefined,
      sort: 'name',
      followUpsDue: false,
    })
  })
})
