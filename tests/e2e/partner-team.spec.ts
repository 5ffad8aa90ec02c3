import { expect, test } from '@playwright/test'
import { login, uniqueEmail } from './fixtures'

test('an invitation to a staff address is listed like one to a new address, and either can be withdrawn', async ({
  page,
}) => {
  await login(page, 'tuyendung@hoanhap.example')
  await page.goto('/partner/team')
  const invite = async (name: string, email: string) => {
    await page.getByLabel('Họ và tên').fill(name)
    await page.getByLabel('Email', { exact: true }).fill(email)
    await page.getByRole('button', { name: 'Gửi lời mời' }).click()
    await expect(page.getByTestId('toast')).toContainText(`Nếu ${email} có thể tham gia nhóm của bạn`)
  }
  const fresh = uniqueEmail('moi')
  const staff = 'canbo2@hoanhap.example'
  await invite('Lương Thị Mến', fresh)
  await invite('Lê Thị Thu Hà', staff)

  const rows = page.getByTestId('invitation-row')
  const freshRow = rows.filter({ hasText: fresh })
  const staffRow = rows.filter({ hasText: staff })
  await expect(freshRow).toHaveCount(1)
  await expect(staffRow).toHaveCount(1)
  // The two rows say the same thing, names and addresses apart.
  const wording = async (row: typeof freshRow, name: string, email: string) =>
    (await row.innerText()).replace(name, 'NAME').replace(email, 'EMAIL')
  expect(await wording(staffRow, 'Lê Thị Thu Hà', staff)).toBe(await wording(freshRow, 'Lương Thị Mến', fresh))
  await expect(staffRow).toContainText('đường dẫn dùng được đến')
  // Neither is listed among the members.
  await expect(page.getByTestId('team-row').filter({ hasText: staff })).toHaveCount(0)
  await expect(page.getByTestId('team-row').filter({ hasText: fresh })).toHaveCount(0)

  await staffRow.getByRole('button', { name: 'Rút lại lời mời gửi Lê Thị Thu Hà' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã rút lại lời mời')
  await expect(staffRow).toHaveCount(0)
  await freshRow.getByRole('button', { name: 'Rút lại lời mời gửi Lương Thị Mến' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã rút lại lời mời')
  await expect(freshRow).toHaveCount(0)
})
