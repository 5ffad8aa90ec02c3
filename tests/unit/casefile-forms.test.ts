import { describe, expect, it } from 'vitest'
import { ageOn } from '#app/utils/dates.ts'
import {
  CasefileActionSchema,
  CONSENT_PURPOSES,
  CONSENT_TEXT_VERSIONS,
  CURRENT_CONSENT_TEXT_VERSION,
} from '#app/modules/candidates/casefile.schema.ts'
import { translate } from '#app/modules/i18n/resources.server.ts'

const parse = (value: Record<string, string>) => CasefileActionSchema.safeParse(value)

describe('the candidate page forms', () => {
  it('a grant needs a purpose, evidence (≤ 200) and a known text version', () => {
    const ok = { intent: 'grantConsent', purpose: 'talent_pool', evidence: ' Phiếu 3 ', textVersion: '2026-11' }
    expect(parse(ok)).toMatchObject({ success: true, data: { evidence: 'Phiếu 3' } })
    expect(parse({ ...ok, evidence: '  ' }).success).toBe(false)
    expect(parse({ ...ok, evidence: 'x'.repeat(201) }).success).toBe(false)
    expect(parse({ ...ok, textVersion: '2020-01' }).success).toBe(false)
    expect(parse({ ...ok, purpose: 'share_with_everyone' }).success).toBe(false)
  })

  it('a note is 1–5000 characters, sensitive only when ticked', () => {
    expect(parse({ intent: 'addNote', body: 'Gặp tại nhà', sensitive: 'on' })).toMatchObject({
      success: true,
      data: { sensitive: 'on' },
    })
    expect(parse({ intent: 'addNote', body: '' }).success).toBe(false)
    expect(parse({ intent: 'addNote', body: 'x'.repeat(5001) }).success).toBe(false)
  })

  it('a follow-up needs a real date; completing one needs a well-formed id', () => {
    const ok = { intent: 'addFollowUp', title: 'Thăm hỏi', dueDate: '2028-02-29', kind: 'check_in' }
    expect(parse(ok).success).toBe(true)
    expect(parse({ ...ok, dueDate: '2027-02-29' }).success).toBe(false)
    expect(parse({ ...ok, dueDate: '29/02/2028' }).success).toBe(false)
    expect(parse({ intent: 'completeFollowUp', followUpId: 'abc' }).success).toBe(false)
    expect(parse({ intent: 'completeFollowUp', followUpId: '0b7c2f36-3a8e-4a5e-9d53-2a4d5b8f1c11' }).success).toBe(true)
    expect(parse({ intent: 'deleteEverything' }).success).toBe(false)
  })

  it('every consent text version has its text for every purpose in both languages', () => {
    expect(CONSENT_TEXT_VERSIONS).toContain(CURRENT_CONSENT_TEXT_VERSION)
    for (const locale of ['vi', 'en'] as const) {
      for (const version of CONSENT_TEXT_VERSIONS) {
        for (const part of ['intro', 'never', ...CONSENT_PURPOSES]) {
          const key = `consentText.${version}.${part}`
          expect(translate(locale, key), `${locale} ${key}`).not.toBe(key)
        }
      }
    }
  })

  it('age in whole years, the birthday counted on the day', () => {
    expect(ageOn('1995-03-14', '2026-03-13')).toBe(30)
    expect(ageOn('1995-03-14', '2026-03-14')).toBe(31)
    expect(ageOn('2000-02-29', '2026-02-28')).toBe(25)
  })
})
