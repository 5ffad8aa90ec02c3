import { expect, test, type Browser, type Locator, type Page } from '@playwright/test'
import { login, readLinkFromMailbox, uniqueEmail } from './fixtures'
import { E2E_PASSWORD } from './secrets'

// Matching end to end: a partner's interest from the anonymised talent pool, the caseworker's approval, the
// partner's answer and outcome, the emails in each recipient's language; a referral refused for want of
// consent; and partners who may not see a referral.
//
// Demo data is shared by every spec running against the one server, so these tests create the person they
// move through the lifecycle, and only read (or try and fail to change) the demo people.

// The three tests share nothing: let them run side by side.
test.describe.configure({ mode: 'parallel' })

const EMPLOYER = 'Công ty TNHH Cơ khí Thăng Long'
/** tuyendung's open apprenticeship: 6 places, none taken by the demo data, no upper age limit. */
const LISTING = 'Phụ xưởng cơ khí (học việc)'

/** Hanoi's calendar day `days` from now, as YYYY-MM-DD (what date inputs take). */
function hanoiDay(days = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + days * 86_400_000),
  )
}

async function signedIn(browser: Browser, email: string, timezoneId?: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId })
  const page = await context.newPage()
  await login(page, email)
  return page
}

/** The <details> of a match action, opened: its form (named after the action) is returned. */
async function openAction(page: Page, name: string): Promise<Locator> {
  await page.getByTestId('match-actions').locator('summary').filter({ hasText: name }).click()
  return page.getByRole('form', { name })
}

async function expectTimeline(page: Page, actions: string[]) {
  await expect(page.getByTestId('match-timeline').first().locator('li[data-action]')).toHaveCount(actions.length)
  const seen = await page
    .getByTestId('match-timeline')
    .first()
    .locator('li[data-action]')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-action')))
  expect(seen).toEqual(actions)
}

/** A caseworker of ward 00070 records a new person, active, in the talent pool and shareable with employers. */
async function recordPersonInTalentPool(page: Page, fullName: string) {
  await page.goto('/caseworker/candidates/new')
  await page.getByLabel('Họ và tên').fill(fullName)
  // 29 or 30 years old whatever the day.
  await page.getByLabel('Ngày sinh').fill(`${new Date().getFullYear() - 30}-08-09`)
  await page.getByLabel('Số điện thoại').fill('0913 246 810')
  await page.getByRole('radio', { name: 'Nam', exact: true }).check()
  await page.getByLabel(/^Phường Hoàn Kiếm/).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 2/4')).toBeVisible()
  await page.getByRole('radio', { name: 'Sau cai nghiện', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 3/4')).toBeVisible()
  await page.getByRole('checkbox', { name: 'Việc làm', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 4/4')).toBeVisible()
  await page.getByRole('button', { name: 'Lưu và hoàn tất' }).click()
  await expect(page).toHaveURL(/\/caseworker\/candidates\/[0-9a-f-]{36}$/)
  for (const purpose of ['talent_pool', 'share_with_employers']) {
    const item = page.getByTestId(`consent-${purpose}`)
    await item.getByText('Ghi nhận đồng ý').click()
    await item.getByLabel('Bằng chứng (số phiếu đã ký)').fill(`Phiếu số 7/${purpose}`)
    await item.getByRole('button', { name: 'Lưu sự đồng ý' }).click()
    await expect(page.getByTestId(`consent-${purpose}`)).toContainText('Đã đồng ý')
  }
  const header = await page.getByRole('heading', { level: 1 }).locator('xpath=..').innerText()
  const code = /Mã hồ sơ: (HN-[A-Z0-9]+)/.exec(header)?.[1]
  expect(code, 'the record page shows the public code').toBeTruthy()
  return { recordUrl: page.url(), code: code! }
}

/** A colleague of tuyendung joins the organisation and reads Hòa Nhập in English. */
async function addEnglishSpeakingColleague(partner: Page, browser: Browser) {
  const email = uniqueEmail('dongnghiep')
  await partner.goto('/partner/team')
  await partner.getByLabel('Họ và tên').fill('Nguyễn Hải Yến')
  await partner.getByLabel('Email', { exact: true }).fill(email)
  await partner.getByRole('button', { name: 'Gửi lời mời' }).click()
  await expect(partner.getByTestId('toast')).toContainText(`Nếu ${email} có thể tham gia nhóm của bạn`)
  const context = await browser.newContext({ locale: 'vi-VN' })
  const colleague = await context.newPage()
  await colleague.goto(await readLinkFromMailbox(colleague, email))
  await colleague.getByLabel('Mật khẩu mới', { exact: true }).fill(E2E_PASSWORD)
  await colleague.getByLabel('Nhập lại mật khẩu mới').fill(E2E_PASSWORD)
  await colleague.getByRole('button', { name: 'Kích hoạt tài khoản' }).click()
  await expect(colleague).toHaveURL(/\/partner$/)
  await colleague.getByRole('button', { name: 'English' }).click()
  await expect(colleague.locator('html')).toHaveAttribute('lang', 'en')
  await context.close()
  return email
}

test('a partner asks to meet someone from the talent pool; the caseworker approves; the partner hires; both see the history; emails in each reader’s language and without the name', async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000) // four people and a whole lifecycle
  const suffix = Math.random().toString(36).slice(2, 6)
  const fullName = `Quách Văn Lực ${suffix}`

  // The caseworker (canbo1) records the person, with consent to the pool and to employers.
  await login(page, 'canbo1@hoanhap.example')
  const { recordUrl, code } = await recordPersonInTalentPool(page, fullName)

  // The employer, in Vietnamese (on a laptop set to another time zone); a colleague who reads English.
  const partner = await signedIn(browser, 'tuyendung@hoanhap.example', 'Europe/Paris')
  const colleagueEmail = await addEnglishSpeakingColleague(partner, browser)

  // The employer finds the person by code in the talent pool: a card without a name.
  await partner.goto('/partner/talent')
  const card = partner.locator(`[data-testid="talent-card"][data-code="${code}"]`)
  await expect(card).toBeVisible()
  await expect(card).not.toContainText(fullName)
  // Nor a phone or a past; how much of the age, area and skills shows depends on the pool (talent-cards.ts).
  await expect(card).not.toContainText('0913')
  await expect(card).not.toContainText('cai nghiện')
  await card.getByText('Đề nghị gặp').click()
  await card.getByLabel('Cho tin').selectOption({ label: LISTING })
  await card
    .getByLabel('Lời nhắn cho cán bộ phụ trách')
    .fill('Xưởng cần thợ phụ, được kèm nghề 6 tháng, có bữa trưa. Chúng tôi muốn mời anh đến gặp.')
  await card.getByRole('button', { name: 'Gửi đề nghị' }).click()
  await expect(partner).toHaveURL(/\/partner\/referrals\?tab=interests$/)
  await expect(partner.getByTestId('toast')).toContainText('Đã gửi đề nghị. Cán bộ phụ trách sẽ xem xét.')
  const request = partner.getByTestId('inbox').getByRole('listitem').filter({ hasText: code })
  await expect(request).toContainText(LISTING)
  await expect(request.getByTestId('match-status')).toHaveText('Đối tác đề nghị')

  // The caseworker sees it on the home page, opens it and approves.
  await page.goto('/caseworker')
  const interest = page
    .getByTestId('interests-to-review')
    .getByRole('link', { name: `${EMPLOYER} đề nghị gặp ${fullName} (${code})` })
  await expect(interest).toBeVisible()
  await interest.click()
  await expect(page).toHaveURL(/\/caseworker\/matches\/[0-9a-f-]{36}$/)
  const matchUrl = page.url()
  const matchId = matchUrl.split('/').at(-1)!
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${code} — ${LISTING}`)
  await expect(page.getByText('Xưởng cần thợ phụ, được kèm nghề 6 tháng')).toBeVisible()
  await page.getByRole('button', { name: 'Chấp thuận và chia sẻ hồ sơ' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã chấp thuận.')
  await expect(page.getByTestId('match-status').first()).toHaveAttribute('data-status', 'approved')

  // The employer opens the referral: now with the name; accepts with an interview, then hires.
  await partner.goto('/partner/referrals')
  await partner.getByTestId('inbox').getByRole('link', { name: code }).click()
  await expect(partner).toHaveURL(new RegExp(`/partner/referrals/${matchId}$`))
  await expect(partner.getByTestId('shared-name')).toHaveText(fullName)
  await expect(partner.getByTestId('shared-profile')).toContainText('0913 246 810')
  const accept = await openAction(partner, 'Nhận và hẹn phỏng vấn')
  await accept.getByLabel('Lịch phỏng vấn').fill(`${hanoiDay(2)}T09:30`)
  await accept.getByLabel('Ghi chú cho bước tiếp theo').fill('Mang theo CCCD, gặp anh Tuấn ở cổng xưởng.')
  await accept.getByRole('button', { name: 'Nhận và hẹn phỏng vấn' }).click()
  await expect(partner.getByTestId('toast')).toContainText('Đã nhận. Cán bộ phụ trách đã được báo.')
  await expect(partner.getByTestId('match-status').first()).toHaveAttribute('data-status', 'accepted')
  // The interview is shown as typed, in Hanoi time, whatever the zone of the partner's computer.
  const [year, month, day] = hanoiDay(2).split('-')
  await expect(
    partner.getByText(`09:30 ${day}/${month}/${year} — Mang theo CCCD, gặp anh Tuấn ở cổng xưởng.`, { exact: true }),
  ).toBeVisible()
  const start = await openAction(partner, 'Đã nhận vào làm')
  await start.getByLabel('Ngày bắt đầu đi làm').fill(hanoiDay(0))
  await start.getByRole('button', { name: 'Đã nhận vào làm' }).click()
  await expect(partner.getByTestId('toast')).toContainText('Đã ghi nhận bắt đầu.')
  await expect(partner.getByTestId('match-status').first()).toHaveText('Đã bắt đầu')
  const journey = ['express_interest', 'approve', 'accept', 'start']
  await expectTimeline(partner, journey)
  await expect(partner.getByTestId('match-timeline')).toContainText('Đã nhận vào làm')

  // The caseworker's match page tells the same story.
  await page.goto(matchUrl)
  await expect(page.getByTestId('match-status').first()).toHaveText('Đã bắt đầu')
  await expectTimeline(page, journey)
  await expect(page.getByTestId('match-timeline')).toContainText('Cán bộ chấp thuận, hồ sơ được chia sẻ')
  await expect(page.getByTestId('match-timeline')).toContainText('Lịch phỏng vấn')

  // And the person's case file lists the match, with its history.
  await page.goto(recordUrl)
  const listed = page.getByTestId('casefile-matches').locator(`li[data-match-id="${matchId}"]`)
  await expect(listed).toContainText(LISTING)
  await expect(listed).toContainText(EMPLOYER)
  await expect(listed.getByTestId('match-status')).toHaveText('Đã bắt đầu')
  await listed.getByText('Xem diễn biến (4 bước)').click()
  await expectTimeline(page, journey)

  // The emails about this match: each in its reader's language, none with the person's name.
  const expected = [
    { to: 'canbo1@hoanhap.example', subject: `${EMPLOYER} quan tâm đến hồ sơ ${code}`, greeting: 'Xin chào' },
    {
      to: 'tuyendung@hoanhap.example',
      subject: `Giới thiệu mới từ Hòa Nhập: ${code} cho «${LISTING}»`,
      greeting: 'Xin chào',
    },
    { to: colleagueEmail, subject: `A referral from Hòa Nhập: ${code} for “${LISTING}”`, greeting: 'Hello' },
    { to: 'canbo1@hoanhap.example', subject: `${EMPLOYER} đã nhận ${code}`, greeting: 'Xin chào' },
    { to: 'canbo1@hoanhap.example', subject: `${code} đã bắt đầu tại ${EMPLOYER}`, greeting: 'Xin chào' },
  ]
  const rows = page.getByTestId('outbox-row').filter({ hasText: code })
  await expect(async () => {
    await page.goto('/dev/outbox')
    expect(await rows.count()).toBeGreaterThanOrEqual(expected.length)
  }).toPass({ timeout: 15_000 })
  const emails: { href: string; to: string; subject: string }[] = []
  for (const row of await rows.all()) {
    const cells = row.getByRole('cell')
    emails.push({
      href: (await row.getByRole('link').getAttribute('href'))!,
      to: await cells.nth(1).innerText(),
      subject: await cells.nth(2).innerText(),
    })
  }
  const line = (e: { to: string; subject: string }) => `${e.to} | ${e.subject}`
  const readers = new Set(expected.map((e) => e.to))
  // Nothing to the employer about its own request or its own answers; the caseworker told of each step.
  expect(
    emails
      .filter((e) => readers.has(e.to))
      .map(line)
      .sort(),
  ).toEqual(expected.map(line).sort())
  // Anyone else told is another member of the employer's team (a run repeated on one database adds
  // colleagues), and only of the referral — never another ward's staff.
  const referred = [expected[1]!.subject, expected[2]!.subject]
  for (const e of emails.filter((e) => !readers.has(e.to))) expect(referred, line(e)).toContain(e.subject)
  for (const email of emails) {
    const want = expected.find((e) => e.to === email.to && e.subject === email.subject)
    await page.goto(email.href)
    const text = page.getByTestId('email-text')
    if (want) await expect(text).toContainText(want.greeting)
    await expect(text).toContainText(code)
    await expect(text).not.toContainText(fullName)
    const html = await (await page.request.get(`${email.href}/html`)).text()
    expect(html).toContain(code)
    expect(html, 'the HTML spells Vietnamese out, so a name would show').toContain(LISTING)
    expect(html).not.toContain(fullName)
    expect(email.subject).not.toContain(fullName)
  }

  // Another employer cannot open the referral, nor can a caseworker of another ward open the match.
  const other = await signedIn(browser, 'nhansu.mayxuatkhau@example.vn')
  const refused = await other.goto(`/partner/referrals/${matchId}`)
  expect(refused?.status()).toBe(404)
  await expect(other.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible()
  await expect(other.getByText(fullName)).toHaveCount(0)
  await expect(other.getByText(code)).toHaveCount(0)
  await other.context().close()
  const canbo2 = await signedIn(browser, 'canbo2@hoanhap.example')
  expect((await canbo2.goto(matchUrl))?.status()).toBe(404)
  await expect(canbo2.getByText(fullName)).toHaveCount(0)
  await canbo2.context().close()
  await partner.context().close()
})

test('a referral needing a consent the person has not given is not offered: the card says which consent, with a link to record it', async ({
  page,
}) => {
  // Trần Thị Mai (canbo1's ward) consented to employers and lenders, not to training centres. The welding
  // course is suggested to her as a pathway to the welding job's certificate; referring her there is not offered.
  await login(page, 'canbo1@hoanhap.example')
  await page.goto('/caseworker/candidates')
  await page.getByLabel('Tìm kiếm').fill('tran thi mai')
  await page.getByRole('button', { name: 'Lọc' }).click()
  // The filtered list has loaded (the unfiltered one has the same link: clicking it mid-navigation races). Its
  // address carries the search sealed, never the name typed (issue #20, finding 10).
  await expect(page).toHaveURL(/[?&]s=[\w-]+$/)
  expect(page.url()).not.toMatch(/tran|mai/i)
  await page.getByRole('link', { name: 'Trần Thị Mai' }).first().click()
  await expect(page.getByTestId('casefile-name')).toHaveText('Trần Thị Mai')
  const recordUrl = page.url()
  await page.getByRole('link', { name: 'Tìm cơ hội phù hợp' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cơ hội phù hợp cho Trần Thị Mai')

  const course = page
    .getByTestId('suggestion')
    .filter({ has: page.getByRole('link', { name: 'Hàn điện cơ bản', exact: true }) })
  await expect(course).toContainText('Khóa học nghề')
  await expect(course).toContainText('Lộ trình: khóa học cấp chứng chỉ mà một việc làm đang mở yêu cầu')
  // Said on the card before anyone tries: no referral form there, the consent it needs and where to record it.
  const note = course.getByRole('note')
  await expect(note).toContainText(
    'Chưa có sự đồng ý «Chia sẻ với cơ sở đào tạo nghề»: chưa thể giới thiệu vào tin này.',
  )
  await expect(course.getByText('Giới thiệu vào tin này', { exact: true })).toHaveCount(0)
  await expect(course.getByTestId('match-status')).toHaveCount(0)

  // The link goes to the consent panel of the record, where that consent is missing; nothing was referred.
  await note.getByRole('link', { name: 'Ghi nhận sự đồng ý trên hồ sơ' }).click()
  await expect(page).toHaveURL(`${recordUrl}#consent`)
  await expect(page.getByTestId('consent-share_with_training_centres')).toContainText('Chưa đồng ý')
  await expect(page.getByTestId('casefile-matches')).not.toContainText('Hàn điện cơ bản')
})

test('an organisation that is not approved cannot reach the referrals or the talent pool', async ({ browser }) => {
  const owners = [
    'lienhe.htxsocson@example.vn', // pending
    'tuyendung.ankhang@example.vn', // rejected
    'quanly.huongviet@example.vn', // suspended
  ]
  await Promise.all(
    owners.map(async (email) => {
      const page = await signedIn(browser, email)
      for (const path of ['/partner/referrals', '/partner/referrals?tab=interests', '/partner/talent']) {
        const response = await page.goto(path)
        expect(response?.status(), `${email} on ${path}`).toBe(403)
        await expect(page.getByRole('heading', { name: 'Bạn không có quyền xem trang này' })).toBeVisible()
        await expect(page.getByTestId('inbox')).toHaveCount(0)
        await expect(page.getByTestId('talent-card')).toHaveCount(0)
      }
      await page.context().close()
    }),
  )
})
