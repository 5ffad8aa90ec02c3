import { expect, test } from '@playwright/test'
import { login } from './fixtures'
import { SENSITIVE_CANARY } from './secrets'

test('a caseworker records a new person with consent, a note and a follow-up, finds them without diacritics, revokes a consent; another ward cannot open the record', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000)
  const suffix = Math.random().toString(36).slice(2, 6)
  const fullName = `Triệu Văn Đông ${suffix}`
  await login(page, 'canbo1@hoanhap.example')
  await page.goto('/caseworker/candidates')
  await page.getByRole('link', { name: 'Thêm người mới' }).first().click()

  // Step 1: identity and residence.
  await page.getByLabel('Họ và tên').fill(fullName)
  await page.getByLabel('Ngày sinh').fill('1994-02-17')
  await page.getByLabel('Số điện thoại').fill('0912 000 111')
  await page.getByRole('radio', { name: 'Nam', exact: true }).check()
  await page.getByLabel(/^Phường Hoàn Kiếm/).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 2/4')).toBeVisible()
  // Step 2: background.
  await page.getByRole('radio', { name: 'Sau cai nghiện', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 3/4')).toBeVisible()
  // Step 3: needs.
  await page.getByRole('checkbox', { name: 'Việc làm', exact: true }).check()
  await page.getByRole('checkbox', { name: 'Học nghề', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 4/4')).toBeVisible()
  // Step 4: the sensitive section, clearly marked.
  await expect(
    page.getByText('Thông tin nhạy cảm — chỉ cán bộ phụ trách và điều phối viên xem được.').first(),
  ).toBeVisible()
  await page.getByLabel('Tiền sử sử dụng ma túy').fill(SENSITIVE_CANARY)
  await page.getByRole('button', { name: 'Lưu và hoàn tất' }).click()
  await expect(page).toHaveURL(/\/caseworker\/candidates\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('toast')).toContainText('Đã hoàn tất tiếp nhận')
  const recordUrl = page.url()
  await expect(page.getByTestId('casefile-name')).toHaveText(fullName)

  // Consent for the talent pool and for employers.
  for (const purpose of ['talent_pool', 'share_with_employers']) {
    const item = page.getByTestId(`consent-${purpose}`)
    await item.getByText('Ghi nhận đồng ý').click()
    await item.getByLabel('Bằng chứng (số phiếu đã ký)').fill(`Phiếu số ${suffix}-${purpose}`)
    await item.getByRole('button', { name: 'Lưu sự đồng ý' }).click()
    await expect(page.getByTestId('toast')).toContainText('Đã ghi nhận sự đồng ý')
    await expect(page.getByTestId(`consent-${purpose}`)).toContainText('Đã đồng ý')
  }

  // A note and a follow-up.
  await page.getByLabel('Thêm ghi chú').fill('Đã gặp tại nhà, muốn học nghề hàn.')
  await page.getByRole('button', { name: 'Lưu ghi chú' }).click()
  await expect(page.getByTestId('notes')).toContainText('Đã gặp tại nhà, muốn học nghề hàn.')
  await page.getByLabel('Việc cần làm').fill('Đưa đi đăng ký khóa hàn')
  const due = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + 3 * 86_400_000),
  )
  await page.getByLabel('Hạn').fill(due)
  await page.getByRole('button', { name: 'Thêm', exact: true }).click()
  await expect(page.getByTestId('follow-ups')).toContainText('Đưa đi đăng ký khóa hàn')

  // Found in the caseload typing without diacritics.
  await page.goto('/caseworker/candidates')
  await page.getByLabel('Tìm kiếm').fill(`trieu van dong ${suffix}`)
  await page.getByRole('button', { name: 'Lọc' }).click()
  // The address holds the search sealed, not the name; the box still shows what was typed.
  await expect(page).toHaveURL(/\/caseworker\/candidates\?s=[\w-]+$/)
  expect(page.url()).not.toContain('trieu')
  await expect(page.getByLabel('Tìm kiếm')).toHaveValue(`trieu van dong ${suffix}`)
  await expect(page.getByRole('link', { name: fullName }).first()).toBeVisible()
  // Going back and forward keeps the list; the next visitor of this address in another browser sees none of it.
  await page.goBack()
  await page.goForward()
  await expect(page.getByRole('link', { name: fullName }).first()).toBeVisible()

  // Revoking one consent takes effect at once; the other stays.
  await page.goto(recordUrl)
  const employers = page.getByTestId('consent-share_with_employers')
  await employers.getByText('Rút lại đồng ý').click()
  await employers.getByRole('button', { name: 'Xác nhận rút lại' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã rút lại sự đồng ý')
  await expect(page.getByTestId('consent-share_with_employers')).toContainText('Chưa đồng ý')
  await expect(page.getByTestId('consent-talent_pool')).toContainText('Đã đồng ý')

  // Editing the record later: the same form, one part at a time.
  await page.getByRole('link', { name: 'Sửa thông tin hồ sơ' }).click()
  await page.getByLabel('Số điện thoại').fill('0912 000 222')
  await page.getByRole('button', { name: 'Lưu thay đổi' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã lưu thay đổi')
  await expect(page).toHaveURL(recordUrl)
  await expect(page.getByText('0912 000 222')).toBeVisible()

  // A caseworker of another ward cannot open it.
  const otherContext = await browser.newContext({ locale: 'vi-VN' })
  const other = await otherContext.newPage()
  await login(other, 'canbo2@hoanhap.example')
  const response = await other.goto(recordUrl)
  expect(response?.status()).toBe(404)
  await expect(other.getByText(SENSITIVE_CANARY)).toHaveCount(0)
  await expect(other.getByText(fullName)).toHaveCount(0)
  await otherContext.close()
})

test('likely duplicates are flagged during intake and on the record page', async ({ page }) => {
  await login(page, 'canbo1@hoanhap.example')
  await page.goto('/caseworker/candidates/new')
  // The demo's Nguyễn Văn Hùng, born 14/03/1992, typed with the words in another order and no diacritics.
  await page.getByLabel('Họ và tên').fill('hung van nguyen')
  await page.getByLabel('Ngày sinh').fill('1992-03-14')
  await page.getByLabel(/^Phường Hoàn Kiếm/).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 2/4')).toBeVisible()
  const warning = page.getByTestId('duplicates-warning')
  await expect(warning).toContainText('Nguyễn Văn Hùng')
  const draftId = new URL(page.url()).searchParams.get('draft')
  expect(draftId).toMatch(/^[0-9a-f-]{36}$/)
  await page.goto(`/caseworker/candidates/${draftId}`)
  await expect(page.getByTestId('duplicates-warning')).toContainText('Nguyễn Văn Hùng')
})
