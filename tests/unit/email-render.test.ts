import { describe, expect, test } from 'vitest'
import { emailDictionaries, getEmailTranslator } from '#emails/i18n.ts'
import { renderEmail, type EmailMessage } from '#app/modules/email/render.server.ts'
import { LOCALES, type Locale } from '#app/modules/i18n/locales.ts'
import { FORBIDDEN_PATTERN } from '../support/forbidden-words'

const url = 'https://hoanhap.example/tokens/abc123XYZ'

const messages: EmailMessage[] = [
  { template: 'verify-email', props: { url } },
  { template: 'reset-password', props: { url } },
  { template: 'caseworker-invitation', props: { name: 'Nguyễn Thị Lan', url, inviterName: 'Lê Quang Huy' } },
  { template: 'partner-invitation', props: { url } },
  { template: 'account-notice', props: { url, reason: 'registration' } },
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
    vi: 'Bạn được mời tham gia một tổ chức trên Hòa Nhập',
    en: 'You have been invited to join an organisation on Hòa Nhập',
  },
  'account-notice': {
    vi: 'Có người vừa thử đăng ký Hòa Nhập bằng địa chỉ email của bạn',
    en: 'Someone tried to sign up to Hòa Nhập with your email address',
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
    // Staff and members are greeted by name; people who may not have joined get fixed text only (below).
    if ('name' in message.props) expect(email.text).toContain(message.props.name)
    else expect(email.text).toContain(getEmailTranslator(locale)('common.greetingAnonymous'))
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
  const email = await renderEmail(
    { template: 'caseworker-invitation', props: { name: '<b>Lan</b>', url, inviterName: 'Huy' } },
    'vi',
  )
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
})

describe('emails to people who may not have joined', () => {
  // A sign-up's address, a team invitation, a password reset, a notice to an existing account: anyone can type
  // the address, so the email holds the app's own text and the link, nothing else.
  const outsiders: EmailMessage[] = [
    { template: 'verify-email', props: { url } },
    { template: 'reset-password', props: { url } },
    { template: 'partner-invitation', props: { url } },
    { template: 'account-notice', props: { url, reason: 'registration' } },
    { template: 'account-notice', props: { url, reason: 'teamInvitation' } },
  ]
  const phrases = (node: unknown): string[] =>
    typeof node === 'string' ? [node] : Object.values(node as Record<string, unknown>).flatMap(phrases)

  test.each(LOCALES.flatMap((locale) => outsiders.map((m) => [locale, m.template, m] as const)))(
    '%s %s: every word is the app’s own',
    async (locale, _template, message) => {
      const email = await renderEmail(message, locale)
      // Take out each of the dictionary's fixed phrases (no placeholders) and the link: nothing may be left.
      let rest = `${email.subject}\n${email.text}`.toLowerCase().split(url.toLowerCase()).join(' ')
      const fixed = phrases(emailDictionaries[locale])
        .filter((p) => !p.includes('{{'))
        .map((p) => p.toLowerCase())
        .sort((a, b) => b.length - a.length)
      for (const phrase of fixed) rest = rest.split(phrase).join(' ')
      expect(rest.replace(/[\s\p{P}\p{S}]/gu, '')).toBe('')
    },
  )
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
