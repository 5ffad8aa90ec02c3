import { expect, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from './secrets'

/** A unique address per test run, so tests can share the one server database. */
export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@example.vn`
}

export async function login(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel(/^(Mật khẩu|Password)$/).fill(password)
  await page.getByRole('button', { name: /^(Đăng nhập|Sign in)$/ }).click()
  // Wait for the sign-in to land, so a navigation that follows cannot race its redirect.
  await page.waitForURL((url) => url.pathname !== '/login')
}

/** Opens the newest email to `to` in the developer mailbox and returns the first link in it. */
export async function readLinkFromMailbox(page: Page, to: string): Promise<string> {
  await expect(async () => {
    await page.goto('/dev/outbox')
    await expect(page.getByRole('row').filter({ hasText: to }).first()).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 15_000 })
  await page.getByRole('row').filter({ hasText: to }).first().getByRole('link').click()
  const link = page.getByTestId('email-text').getByRole('link').first()
  await expect(link).toBeVisible()
  return (await link.getAttribute('href'))!
}
