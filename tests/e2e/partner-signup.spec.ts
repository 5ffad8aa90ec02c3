import { expect, test } from '@playwright/test'
import { login, readLinkFromMailbox, uniqueEmail } from './fixtures'
import { E2E_PASSWORD } from './secrets'

test('a partner signs up, verifies their email from the outbox, signs in, switches language and signs out', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('daotao')

  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
  await page.getByRole('link', { name: 'Đăng ký làm đối tác' }).first().click()
  await expect(page).toHaveURL(/\/join$/)

  await page.getByLabel('Tên tổ chức').fill('Trung tâm Dạy nghề Ánh Dương')
  await page.getByLabel('Loại hình đối tác').selectOption('training_centre')
  await page.getByLabel('Mã số thuế').fill('0108765432')
  // The ward list filters without diacritics.
  await page.getByPlaceholder('Lọc theo tên phường/xã hoặc quận/huyện cũ').fill('cau giay')
  await page.getByLabel(/^Phường Cầu Giấy/).check()
  await page.getByLabel('Địa chỉ').fill('Số 8 ngõ 165 Xuân Thủy')
  await page.getByLabel('Số điện thoại liên hệ').fill('0912 345 678')
  await page
    .getByLabel('Giới thiệu về tổ chức')
    .fill('Đào tạo nghề điện dân dụng và hàn, có ký túc xá cho học viên ở xa.')
  await page.getByLabel('Họ và tên').fill('Vũ Thị Mai')
  await page.getByLabel('Email công việc').fill(email)
  await page.getByLabel('Mật khẩu').fill(E2E_PASSWORD)
  await page.getByLabel(/Tôi cam kết/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()

  // The same answer whether or not the address has an account: check your email, no session yet.
  await expect(page).toHaveURL(/\/join\?sent=1$/)
  await expect(page.getByRole('heading', { name: 'Hãy kiểm tra email' })).toBeVisible()
  // Signed in but unverified: the partner area sends them to the verification page.
  await login(page, email, E2E_PASSWORD)
  await expect(page).toHaveURL(/\/verify-email$/)
  await expect(page.getByText(`Chúng tôi đã gửi một đường dẫn xác nhận đến ${email}.`)).toBeVisible()
  await page.goto('/partner')
  await expect(page).toHaveURL(/\/verify-email$/)

  // The link is opened later, on another device that is not signed in.
  const link = await readLinkFromMailbox(page, email)
  expect(link).toMatch(/\/verify-email\/[a-z2-7]{32}$/)
  const other = await browser.newContext({ locale: 'vi-VN' })
  const phone = await other.newPage()
  await phone.goto(link)
  await expect(phone).toHaveURL(/\/login$/)
  await expect(phone.getByTestId('toast')).toContainText('Đã xác nhận email')

  await login(phone, email, E2E_PASSWORD)
  await expect(phone).toHaveURL(/\/partner$/)
  await expect(phone.getByRole('heading', { level: 1 })).toHaveText('Trung tâm Dạy nghề Ánh Dương')
  await expect(phone.getByTestId('organisation-status')).toHaveText('Đang chờ thẩm định')

  await phone.getByRole('button', { name: 'English' }).click()
  await expect(phone.locator('html')).toHaveAttribute('lang', 'en')
  await expect(phone.getByTestId('organisation-status')).toHaveText('Awaiting vetting')
  await expect(phone.getByRole('button', { name: 'Sign out' })).toBeVisible()

  await phone.getByRole('button', { name: 'Sign out' }).click()
  await expect(phone).toHaveURL(/\/$/)
  await expect(phone.getByTestId('toast')).toContainText('You have signed out.')
  await expect(phone.getByRole('link', { name: 'Sign in' }).first()).toBeVisible()
  // Signed out for real: the partner area asks to sign in again.
  await phone.goto('/partner')
  await expect(phone).toHaveURL(/\/login\?redirectTo=%2Fpartner$/)
  await other.close()
})

test('sign-up with bad input shows translated field errors and creates nothing', async ({ page }) => {
  await page.goto('/join')
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page.getByText('Vui lòng điền thông tin này.').first()).toBeVisible()
  await page.getByLabel('Mã số thuế').fill('12345')
  await expect(page.getByText('Mã số thuế gồm 10 chữ số')).toBeVisible()
  await page.getByLabel('Số điện thoại liên hệ').fill('0123')
  await expect(page.getByText('Số điện thoại chưa đúng.')).toBeVisible()
  await page.getByLabel('Email công việc').fill('not-an-email')
  await page.getByLabel('Mật khẩu').fill('short')
  await expect(page.getByText('Địa chỉ email không hợp lệ.')).toBeVisible()
  await expect(page.getByText('Mật khẩu cần ít nhất 12 ký tự.')).toBeVisible()
  await expect(page).toHaveURL(/\/join$/)
})

test("fields filled before the form's checks have arrived are checked when they arrive, without asking the server", async ({
  page,
}) => {
  // A slow connection: the sign-up form's schema (fetched when the form is first focused) takes 2 s to arrive.
  let schemaRequested = false
  await page.route(/auth\.schema/, async (route) => {
    schemaRequested = true
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    await route.continue()
  })
  const posts: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url())
  })
  await page.goto('/join')
  await page.getByLabel('Mã số thuế').fill('12345')
  await page.getByLabel('Email công việc').fill('not-an-email')
  await page.getByLabel('Mật khẩu').focus()
  expect(schemaRequested).toBe(true)
  // Nothing is shown while the checks are on their way...
  await expect(page.getByText('Mã số thuế gồm 10 chữ số')).toHaveCount(0)
  // ...then both fields left are checked at once.
  await expect(page.getByText('Mã số thuế gồm 10 chữ số')).toBeVisible()
  await expect(page.getByText('Địa chỉ email không hợp lệ.')).toBeVisible()
  // The fields not yet visited say nothing, and no request went to the server.
  await expect(page.getByText('Vui lòng điền thông tin này.')).toHaveCount(0)
  expect(posts).toEqual([])
})

test('fields typed before the page has come to life (a slow phone) are checked once the checks arrive', async ({
  page,
}) => {
  // The page's own JavaScript takes 2 s to arrive: the person types into the server-rendered form meanwhile.
  await page.route(/entry\.client/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    await route.continue()
  })
  const posts: string[] = []
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url())
  })
  await page.goto('/join', { waitUntil: 'domcontentloaded' })
  await page.getByLabel('Mã số thuế').fill('12345')
  await page.getByLabel('Email công việc').fill('not-an-email')
  await page.getByLabel('Mật khẩu').focus()
  await expect(page.getByText('Mã số thuế gồm 10 chữ số')).toHaveCount(0)
  // Once the page is alive, the form (still focused) fetches its checks and checks what was typed.
  await expect(page.getByText('Mã số thuế gồm 10 chữ số')).toBeVisible()
  await expect(page.getByText('Địa chỉ email không hợp lệ.')).toBeVisible()
  // The field being typed in, and those never touched, say nothing; no request went to the server.
  await expect(page.getByText('Mật khẩu cần ít nhất 12 ký tự.')).toHaveCount(0)
  await expect(page.getByText('Vui lòng điền thông tin này.')).toHaveCount(0)
  expect(posts).toEqual([])
})
