import { expect, test } from '@playwright/test'
import { login, readLinkFromMailbox, uniqueEmail } from './fixtures'
import { E2E_PASSWORD } from './secrets'

test('a coordinator invites a caseworker, who sets a password from the email and sees their ward', async ({
  page,
  browser,
}) => {
  const email = uniqueEmail('canbo')
  await login(page, 'dieuphoi@hoanhap.example')
  await expect(page).toHaveURL(/\/coordinator$/)
  await page.getByRole('link', { name: 'Cán bộ cơ sở' }).first().click()

  await page.getByLabel('Họ và tên').fill('Ngô Văn Thành')
  await page.getByLabel('Email', { exact: true }).fill(email)
  // Searching without diacritics finds the ward.
  await page.getByPlaceholder('Lọc theo tên phường/xã hoặc quận/huyện cũ').fill('dong da')
  await page.getByLabel(/^Phường Đống Đa/).check()
  await expect(page.getByText('Đã chọn 1', { exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Gửi lời mời' }).click()
  await expect(page.getByTestId('toast')).toContainText(`Đã gửi lời mời đến ${email}.`)
  await expect(page.getByRole('row').filter({ hasText: email })).toContainText('Đã mời, chưa kích hoạt')

  const link = await readLinkFromMailbox(page, email)
  expect(link).toMatch(/\/invitation\/[a-z2-7]{32}$/)
  const context = await browser.newContext({ locale: 'vi-VN' })
  const invitee = await context.newPage()
  await invitee.goto(link)
  await invitee.getByLabel('Mật khẩu mới', { exact: true }).fill(E2E_PASSWORD)
  await invitee.getByLabel('Nhập lại mật khẩu mới').fill(E2E_PASSWORD)
  await invitee.getByRole('button', { name: 'Kích hoạt tài khoản' }).click()
  await expect(invitee).toHaveURL(/\/caseworker$/)
  await expect(invitee.getByTestId('caseworker-wards')).toContainText('Phường Đống Đa')

  // The link works once.
  await invitee.goto(link)
  await expect(invitee.getByText('Đường dẫn không còn hiệu lực')).toBeVisible()
  await context.close()
})

test('roles stay in their own areas, and unknown pages say so in both languages', async ({ page }) => {
  // An account no other test uses: this test switches its language to English.
  await login(page, 'vayvon@hoanhap.example')
  await expect(page).toHaveURL(/\/partner$/)
  const response = await page.goto('/coordinator/caseworkers')
  expect(response?.status()).toBe(403)
  await expect(page.getByRole('heading', { name: 'Bạn không có quyền xem trang này' })).toBeVisible()

  const missing = await page.goto('/khong-co-trang-nay')
  expect(missing?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible()
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})
