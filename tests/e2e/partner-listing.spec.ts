import { expect, test, type Page } from '@playwright/test'
import { login, readLinkFromMailbox, uniqueEmail } from './fixtures'
import { E2E_PASSWORD } from './secrets'

async function signUpTrainingCentre(page: Page, email: string, name: string) {
  await page.goto('/join')
  await page.getByLabel('Tên tổ chức').fill(name)
  await page.getByLabel('Loại hình đối tác').selectOption('training_centre')
  await page.getByLabel('Mã số thuế').fill('0102030405')
  await page.getByPlaceholder('Lọc theo tên phường/xã hoặc quận/huyện cũ').fill('thanh xuan')
  await page.getByLabel(/^Phường Thanh Xuân/).check()
  await page.getByLabel('Địa chỉ').fill('Số 19 Nguyễn Trãi')
  await page.getByLabel('Số điện thoại liên hệ').fill('024 3858 1234')
  await page
    .getByLabel('Giới thiệu về tổ chức')
    .fill('Đào tạo thợ lắp đặt điện mặt trời áp mái, có thực hành tại công trình.')
  await page.getByLabel('Họ và tên').fill('Cao Văn Thịnh')
  await page.getByLabel('Email công việc').fill(email)
  await page.getByLabel('Mật khẩu').fill(E2E_PASSWORD)
  await page.getByLabel(/Tôi cam kết/).check()
  await page.getByRole('button', { name: 'Tạo tài khoản' }).click()
  await expect(page).toHaveURL(/\/join\?sent=1$/)
  // The link confirms the address; then they sign in.
  await page.goto(await readLinkFromMailbox(page, email))
  await expect(page).toHaveURL(/\/login$/)
  await login(page, email, E2E_PASSWORD)
  await expect(page).toHaveURL(/\/partner$/)
}

async function searchAsCaseworker(page: Page, words: string) {
  await page.goto('/caseworker/opportunities')
  await page.getByLabel('Từ khóa').fill(words)
  await page.getByRole('button', { name: 'Tìm', exact: true }).click()
}

test('a training centre signs up, is approved, publishes a course that a caseworker finds without diacritics, then closes it', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000) // the whole journey of three people, from sign-up to closing
  const suffix = Math.random().toString(36).slice(2, 6)
  const orgName = `Trung tâm Năng lượng Xanh ${suffix}`
  const course = `Lắp đặt điện mặt trời ${suffix}`
  const email = uniqueEmail('nangluong')
  await signUpTrainingCentre(page, email, orgName)
  await expect(page.getByTestId('organisation-status')).toHaveText('Đang chờ thẩm định')

  // A pending organisation may prepare a draft but not publish it.
  await page.goto('/partner/listings/new')
  await page.getByLabel('Tên khóa học').fill(course)
  await page
    .getByLabel('Mô tả', { exact: true })
    .fill('Học lắp tấm pin, đấu nối biến tần và an toàn điện khi làm việc trên mái nhà. Thực hành tại công trình thật.')
  await page.getByPlaceholder('Lọc theo tên phường/xã hoặc quận/huyện cũ').fill('thanh xuan')
  await page.getByLabel(/^Phường Thanh Xuân/).check()
  await page.getByLabel('Số chỗ học').fill('12')
  await page.getByLabel('Thời lượng (tuần)').fill('10')
  await page.getByLabel('Học phí (đồng)', { exact: true }).fill('4.500.000')
  await page.getByLabel('Hỗ trợ học phí (đồng)').fill('4.500.000')
  await page.getByLabel('Chứng chỉ cấp khi hoàn thành').fill('Chứng chỉ sơ cấp nghề Điện')
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã lưu bản nháp')
  const listingUrl = page.url()
  expect(listingUrl).toMatch(/\/partner\/listings\/[0-9a-f-]{36}$/)
  await expect(page.getByRole('button', { name: 'Đăng tin' })).toHaveCount(0)
  await expect(page.getByText('Bạn có thể đăng tin sau khi tổ chức được điều phối viên duyệt.')).toBeVisible()

  // The coordinator vets and approves the organisation.
  const coordinatorContext = await browser.newContext({ locale: 'vi-VN' })
  const coordinator = await coordinatorContext.newPage()
  await login(coordinator, 'dieuphoi@hoanhap.example')
  await coordinator.goto('/coordinator/partners')
  await coordinator.getByRole('link', { name: orgName }).click()
  await expect(coordinator.getByRole('heading', { level: 1 })).toHaveText(orgName)
  await coordinator.getByRole('button', { name: 'Duyệt tổ chức' }).click()
  await expect(coordinator.getByTestId('toast')).toContainText('Đã duyệt tổ chức')
  await coordinatorContext.close()

  // Approved: the centre publishes its course.
  await page.goto(listingUrl)
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã đăng tin')

  // A caseworker finds it typing without diacritics.
  const caseworkerContext = await browser.newContext({ locale: 'vi-VN' })
  const caseworker = await caseworkerContext.newPage()
  await login(caseworker, 'canbo2@hoanhap.example')
  await searchAsCaseworker(caseworker, `lap dat dien mat troi ${suffix}`)
  await expect(caseworker.getByRole('link', { name: course })).toBeVisible()
  await caseworker.getByRole('link', { name: course }).click()
  await expect(caseworker.getByRole('heading', { level: 1 })).toHaveText(course)
  await expect(caseworker.getByText('4.500.000 ₫').first()).toBeVisible()

  // The centre closes the course: it leaves the caseworker's results.
  await page.goto(listingUrl)
  await page.getByRole('button', { name: 'Đóng tin' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã đóng tin')
  await searchAsCaseworker(caseworker, `lap dat dien mat troi ${suffix}`)
  await expect(caseworker.getByRole('link', { name: course })).toHaveCount(0)
  await expect(caseworker.getByText('Không tìm thấy cơ hội phù hợp')).toBeVisible()
  await caseworkerContext.close()
})

test('listing forms answer bad input with translated field errors and save nothing', async ({ page }) => {
  await login(page, 'tuyendung@hoanhap.example')
  await page.goto('/partner/listings')
  await expect(page.getByTestId('listing-row').first()).toBeVisible()
  const before = await page.getByTestId('listing-row').count()
  expect(before).toBeGreaterThan(0)
  await page.goto('/partner/listings/new')
  await page.getByLabel('Tên công việc').fill('<script>alert(1)</script>')
  await page.getByLabel('Số người cần tuyển').fill('-3')
  await page.getByLabel('Lương thấp nhất (đồng)').fill('-5000')
  await page.getByRole('button', { name: 'Lưu bản nháp' }).click()
  await expect(page).toHaveURL(/\/partner\/listings\/new$/)
  await expect(page.locator('[id$="-error"]').filter({ hasText: /./ }).first()).toBeVisible()
  await page.goto('/partner/listings')
  await expect(page.getByTestId('listing-row')).toHaveCount(before)
})
