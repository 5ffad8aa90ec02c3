import { describe, expect, test } from 'vitest'
import { emailDictionaries, getEmailTranslator } from '#emails/i18n'
import { renderEmail, type EmailMessage } from '~/modules/email/render.server'
import { LOCALES, type Locale } from '~/modules/i18n/locales'
import { FORBIDDEN_PATTERN } from '../support/forbidden-words'

const url = 'https://hoanhap.example/tokens/abc123XYZ'

const messages: EmailMessage[] = [
  { template: 'verify-email', props: { name: 'Nguyễn Thị Lan', url } },
  { template: 'reset-password', props: { name: 'Nguyễn Thị Lan', url } },
  { template: 'caseworker-invitation', props: { name: 'Nguyễn Thị Lan', url, inviterName: 'Lê Quang Huy' } },
  {
    template: 'partner-invitation',
    props: { name: 'Nguyễn Thị Lan', url, inviterName: 'Vũ Thị Mai', organisationName: 'Công ty May Thăng Long' },
  },
  {
    template: 'case-transferred',
    props: {
      name: 'Nguyễn Thị Lan',
      url,
      publicCode: 'HN-7K3Q9D',
      fromWardName: 'Phường Hoàn Kiếm',
      toWardName: 'Phường Hà Đông',
    },
  },
  {
    template: 'check-in-reminder',
    props: { name: 'Nguyễn Thị Lan', url, publicCode: 'HN-7K3Q9D', dayMark: 90, dueDate: '2026-12-20', overdue: true },
  },
  {
    template: 'match-update',
    props: {
      name: 'Nguyễn Thị Lan',
      url,
      audience: 'partner',
      event: 'referred',
      publicCode: 'HN-7K3Q9D',
      listingTitle: 'Thợ hàn',
      organisationName: 'Công ty May Thăng Long',
    },
  },
  {
    template: 'organisation-decision',
    props: {
      name: 'Nguyễn Thị Lan',
      url,
      organisationName: 'Công ty May Thăng Long',
      decision: 'rejected',
      reason: 'Thiếu mã số thuế',
    },
  },
]

const expectedSubjects: Record<EmailMessage['template'], Record<Locale, string>> = {
  'verify-email': {
    vi: 'Xác nhận địa chỉ email của bạn trên Hòa Nhập',
    en: 'Confirm your email address for Hòa Nhập',
  },
  'reset-password': { vi: 'Đặt lại mật khẩu Hòa Nhập của bạn', en: 'Reset your Hòa Nhập password' },
  'caseworker-invitation': {
    vi: 'Lê Quang Huy mời bạn tham gia Hòa Nhập',
    en: 'Lê Quang Huy invited you to join Hòa Nhập',
  },
  'partner-invitation': {
    vi: 'Vũ Thị Mai mời bạn tham gia nhóm Công ty May Thăng Long trên Hòa Nhập',
    en: 'Vũ Thị Mai invited you to join the Công ty May Thăng Long team on Hòa Nhập',
  },
  'case-transferred': {
    vi: 'Hồ sơ HN-7K3Q9D được chuyển đến địa bàn của bạn',
    en: 'Case HN-7K3Q9D has been transferred to your ward',
  },
  'check-in-reminder': {
    vi: 'Quá hạn: hỏi thăm HN-7K3Q9D sau 90 ngày',
    en: 'Overdue: 90-day check-in for HN-7K3Q9D',
  },
  'match-update': {
    vi: 'Giới thiệu mới từ Hòa Nhập: HN-7K3Q9D cho «Thợ hàn»',
    en: 'A referral from Hòa Nhập: HN-7K3Q9D for “Thợ hàn”',
  },
  'organisation-decision': {
    vi: 'Hồ sơ Công ty May Thăng Long chưa được duyệt',
    en: "Công ty May Thăng Long's application was not approved",
  },
}

describe.each(LOCALES)('emails in %s', (locale) => {
  test.each(messages.map((m) => [m.template, m] as const))('%s renders', async (template, message) => {
    const email = await renderEmail(message, locale)

    expect(email.subject).toBe(expectedSubjects[template][locale])
    expect(email.html).toMatch(new RegExp(`<html[^>]*\\blang="${locale}"`))
    expect(email.html).toContain(`href="${url}"`)
    // The link is printed as text too, for clients that block buttons.
    expect(email.html).toContain(`>${url}</a>`)
    expect(email.text).toContain(url)
    expect(email.text).toContain(message.props.name)
    expect(email.html).toContain('Hòa Nhập')
    // Sentences are built as whole strings: no React text separators inside them.
    expect(email.html).not.toContain('<!-- -->')

    const t = getEmailTranslator(locale)
    expect(email.text).toContain(t('common.footerSentBy'))
    expect(email.text).toContain(t('common.footerIgnore'))

    for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(FORBIDDEN_PATTERN)
  })
})

test('the forbidden-word check itself catches both languages', () => {
  expect('Sau khi ra tù, anh ấy').toMatch(FORBIDDEN_PATTERN)
  expect('trung tâm cai nghiện').toMatch(FORBIDDEN_PATTERN)
  expect('after leaving PRISON').toMatch(FORBIDDEN_PATTERN)
  expect('tùy chọn').not.toMatch(FORBIDDEN_PATTERN)
})

test('a name with markup is escaped in HTML, not interpreted', async () => {
  const email = await renderEmail({ template: 'verify-email', props: { name: '<b>Lan</b>', url } }, 'vi')
  expect(email.html).not.toContain('<b>Lan</b>')
  expect(email.html).toContain('&lt;b&gt;Lan&lt;/b&gt;')
})

test('line breaks typed into a name do not reach the subject', async () => {
  const email = await renderEmail(
    { template: 'caseworker-invitation', props: { name: 'Lan', url, inviterName: 'Huy\r\nBcc: x@example.com' } },
    'en',
  )
  expect(email.subject).toBe('Huy Bcc: x@example.com invited you to join Hòa Nhập')
})

test('an invitation whose inviter has no name still reads as a whole sentence', async () => {
  const vi = await renderEmail(
    { template: 'caseworker-invitation', props: { name: 'Lan', url, inviterName: ' ' } },
    'vi',
  )
  expect(vi.subject).toBe('Cán bộ điều phối mời bạn tham gia Hòa Nhập')
  const en = await renderEmail(
    { template: 'partner-invitation', props: { name: 'Lan', url, inviterName: '', organisationName: 'ABC' } },
    'en',
  )
  expect(en.subject).toBe('A colleague invited you to join the ABC team on Hòa Nhập')
  expect(en.text).toContain('A colleague invited you to help manage the ABC account')
})

describe('email translations', () => {
  const flatten = (node: unknown, prefix = ''): Record<string, string> =>
    Object.entries(node as Record<string, unknown>).reduce<Record<string, string>>((acc, [key, value]) => {
      if (typeof value === 'string') acc[`${prefix}${key}`] = value
      else Object.assign(acc, flatten(value, `${prefix}${key}.`))
      return acc
    }, {})
  const vi = flatten(emailDictionaries.vi)
  const en = flatten(emailDictionaries.en)
  const vars = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

  test('both languages have the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort())
    for (const [key, text] of Object.entries(vi)) {
      expect(text.trim(), key).not.toBe('')
      expect(en[key]?.trim(), key).not.toBe('')
      expect(vars(en[key] ?? ''), key).toEqual(vars(text))
    }
  })

  test('Vietnamese text is written with its diacritics', () => {
    expect(vi['common.footerSentBy']).toMatch(/[ạảãàáâậầấẩẫăắằặẳẵđêếềệểễôốồộổỗơớờợởỡưứừựửữ]/u)
  })

  test('a missing placeholder value fails instead of printing {{name}} to a person', () => {
    expect(() => getEmailTranslator('vi')('common.greeting')).toThrow(/name/)
  })
})
