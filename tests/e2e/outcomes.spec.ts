import { expect, test, type Browser, type Download, type Locator, type Page } from '@playwright/test'
import { strFromU8, unzipSync } from 'fflate'
import { readFile } from 'node:fs/promises'
import { login } from './fixtures'

// Outcomes: a caseworker records an overdue check-in from their home page, and a coordinator reads the city
// dashboard for one ward, downloads its tables (CSV and Excel), and reads it on a phone.
//
// Demo data is shared by every spec running against the one server: the check-in test makes its own person,
// referral and backdated start (so its 30-day check-in is already overdue) rather than use the demo's; the
// dashboard tests only read, and assert nothing another spec's writes could change.

test.describe.configure({ mode: 'parallel' })

/** An employer whose listing no other spec takes a place in: 25 places, ages 18–45, no skill required to apply. */
const EMPLOYER_LOGIN = 'nhansu.mayxuatkhau@example.vn'
const LISTING = 'Công nhân may công nghiệp'
const WARD = { code: '00070', name: 'Phường Hoàn Kiếm' }

/** Hanoi's calendar day `days` from now, as YYYY-MM-DD (what date inputs take). */
function hanoiDay(days = 0) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
    new Date(Date.now() + days * 86_400_000),
  )
}

/** YYYY-MM-DD as the Vietnamese pages write it: DD/MM/YYYY. */
function shown(day: string) {
  const [year, month, date] = day.split('-')
  return `${date}/${month}/${year}`
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'vi-VN' })
  const page = await context.newPage()
  await login(page, email)
  return page
}

/** canbo1 records a person of ward 00070 who consents to sharing with employers; returns their code. */
async function recordPersonForEmployers(page: Page, fullName: string) {
  await page.goto('/caseworker/candidates/new')
  await page.getByLabel('Họ và tên').fill(fullName)
  await page.getByLabel('Ngày sinh').fill(`${new Date().getFullYear() - 28}-05-12`)
  await page.getByLabel('Số điện thoại').fill('0915 302 468')
  await page.getByRole('radio', { name: 'Nam', exact: true }).check()
  await page.getByLabel(/^Phường Hoàn Kiếm/).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 2/4')).toBeVisible()
  await page.getByRole('radio', { name: 'Sau chấp hành án phạt tù', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 3/4')).toBeVisible()
  await page.getByRole('checkbox', { name: 'Việc làm', exact: true }).check()
  await page.getByRole('button', { name: 'Lưu và tiếp tục' }).click()
  await expect(page.getByText('Bước 4/4')).toBeVisible()
  await page.getByRole('button', { name: 'Lưu và hoàn tất' }).click()
  await expect(page).toHaveURL(/\/caseworker\/candidates\/[0-9a-f-]{36}$/)
  const consent = page.getByTestId('consent-share_with_employers')
  await consent.getByText('Ghi nhận đồng ý').click()
  await consent.getByLabel('Bằng chứng (số phiếu đã ký)').fill('Phiếu số 12/2026')
  await consent.getByRole('button', { name: 'Lưu sự đồng ý' }).click()
  await expect(page.getByTestId('consent-share_with_employers')).toContainText('Đã đồng ý')
  const header = await page.getByRole('heading', { level: 1 }).locator('xpath=..').innerText()
  const code = /Mã hồ sơ: (HN-[A-Z0-9]+)/.exec(header)?.[1]
  expect(code, 'the record page shows the public code').toBeTruthy()
  return code!
}

/** The <details> of a match action, opened: its form (named after the action) is returned. */
async function openAction(page: Page, name: string): Promise<Locator> {
  await page.getByTestId('match-actions').locator('summary').filter({ hasText: name }).click()
  return page.getByRole('form', { name })
}

test('a caseworker records an overdue check-in from their home page: on track, a problem, a support need; it is done and no longer overdue', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000)
  const suffix = Math.random().toString(36).slice(2, 6)
  const fullName = `Đinh Văn Khải ${suffix}`
  const startedOn = hanoiDay(-35)
  const dueOn = hanoiDay(-5) // the 30-day check-in

  // canbo1 records the person and refers them to the sewing job.
  await login(page, 'canbo1@hoanhap.example')
  const code = await recordPersonForEmployers(page, fullName)
  const recordUrl = page.url()
  await page.getByRole('link', { name: 'Tìm cơ hội phù hợp' }).click()
  const card = page.getByTestId('suggestion').filter({ has: page.getByRole('link', { name: LISTING, exact: true }) })
  await card.getByText('Giới thiệu vào tin này').click()
  await card.getByRole('button', { name: 'Gửi giới thiệu' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã gửi giới thiệu.')
  await expect(page).toHaveURL(/\/caseworker\/matches\/[0-9a-f-]{36}$/)

  // The employer accepts, and records the start late: the person began work 35 days ago.
  const partner = await signedIn(browser, EMPLOYER_LOGIN)
  await partner.goto('/partner/referrals')
  await partner.getByTestId('inbox').getByRole('link', { name: code }).click()
  const accept = await openAction(partner, 'Nhận và hẹn phỏng vấn')
  await accept.getByLabel('Lịch phỏng vấn').fill(`${hanoiDay(1)}T08:30`)
  await accept.getByRole('button', { name: 'Nhận và hẹn phỏng vấn' }).click()
  await expect(partner.getByTestId('toast')).toContainText('Đã nhận.')
  const start = await openAction(partner, 'Đã nhận vào làm')
  await start.getByLabel('Ngày bắt đầu đi làm').fill(startedOn)
  await start.getByRole('button', { name: 'Đã nhận vào làm' }).click()
  await expect(partner.getByTestId('toast')).toContainText('Đã ghi nhận bắt đầu.')
  await partner.context().close()

  // On the caseworker's home page: the 30-day check-in, marked overdue, linking to the record.
  await page.goto('/caseworker')
  const due = page
    .getByTestId('due-follow-ups')
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: fullName, exact: true }) })
  await expect(due).toHaveCount(1)
  await expect(due).toHaveAttribute('data-overdue', 'true')
  await expect(due).toContainText(`Hỏi thăm sau 30 ngày: ${LISTING}`)
  await expect(due).toContainText(`Quá hạn · Hạn ${shown(dueOn)}`)
  await expect(due).toContainText(code)
  await due.getByRole('link', { name: fullName, exact: true }).click()
  await expect(page).toHaveURL(recordUrl)
  await expect(page.getByTestId('casefile-name')).toHaveText(fullName)

  // On the record: the same check-in, overdue; the 90- and 180-day ones still to come.
  const checkIns = page.getByTestId('follow-ups').getByRole('listitem')
  const item = checkIns.filter({ hasText: `Hỏi thăm sau 30 ngày: ${LISTING}` })
  await expect(item).toHaveAttribute('data-overdue', 'true')
  await expect(item).toContainText(`Hạn ${shown(dueOn)}`)
  for (const day of [90, 180]) {
    await expect(checkIns.filter({ hasText: `Hỏi thăm sau ${day} ngày: ${LISTING}` })).not.toHaveAttribute(
      'data-overdue',
    )
  }

  // Recorded: still at work, with a problem and a support need; the match is kept open.
  await item.getByText('Ghi kết quả hỏi thăm').click()
  await item.getByRole('radio', { name: /^Vẫn ổn: / }).check()
  await item.getByLabel('Khó khăn gặp phải').fill('Ca đêm xa nhà, đi xe buýt về muộn')
  await item.getByLabel('Cần hỗ trợ gì').fill('Hỗ trợ tìm phòng trọ gần khu công nghiệp')
  await expect(item.getByLabel('Nếu không còn tiếp tục: kết thúc giới thiệu vì')).toHaveValue('')
  await item.getByRole('button', { name: 'Lưu kết quả' }).click()
  await expect(page.getByTestId('toast')).toContainText('Đã ghi kết quả hỏi thăm.')

  const done = page
    .getByTestId('follow-ups')
    .getByRole('listitem')
    .filter({ hasText: `Hỏi thăm sau 30 ngày: ${LISTING}` })
  await expect(done).not.toHaveAttribute('data-overdue')
  await expect(done).not.toContainText('Quá hạn')
  await expect(done).toContainText(`Đã xong ${shown(hanoiDay(0))} · Trần Văn Dũng`)
  const answers = done.getByTestId('check-in-answers')
  await expect(answers).toContainText('Vẫn ổn: còn đi làm, đi học hoặc trả nợ đúng hạn')
  await expect(answers).toContainText('Khó khăn: Ca đêm xa nhà, đi xe buýt về muộn')
  await expect(answers).toContainText('Cần hỗ trợ: Hỗ trợ tìm phòng trọ gần khu công nghiệp')
  await expect(done.getByText('Ghi kết quả hỏi thăm')).toHaveCount(0)
  // The match goes on: the next check-ins are still open.
  await expect(page.getByTestId('follow-ups').getByText('Ghi kết quả hỏi thăm')).toHaveCount(2)

  // Back home: nothing of this person is listed as due any more (the next check-in is 55 days away).
  await page.goto('/caseworker')
  await expect(page.getByText('Việc đến hạn trong tuần')).toBeVisible()
  await expect(page.getByRole('link', { name: fullName, exact: true })).toHaveCount(0)
})

/** The header cells and the first cell of each body row of a dashboard table, as the page shows them. */
async function tableOnPage(table: Locator) {
  return {
    headers: await table.locator('thead th').allInnerTexts(),
    firstColumn: await table.locator('tbody tr > :first-child').allInnerTexts(),
  }
}

/** A downloaded file's bytes. */
async function bytesOf(download: Download): Promise<Buffer> {
  return readFile((await download.path())!)
}

/** A CSV (RFC 4180: quoted fields, doubled quotes, CRLF) as rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(cell)
      cell = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += ch
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell])
  return rows
}

/** The text cells of each row of a worksheet (inline strings), in order. */
function sheetRows(xml: string): string[][] {
  const decode = (s: string) =>
    s.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&amp;', '&')
  return [...xml.matchAll(/<row r="\d+">(.*?)<\/row>/g)].map((row) =>
    [...row[1]!.matchAll(/<c r="[A-Z]+\d+"[^>]*>(.*?)<\/c>/g)].map((c) => {
      const text = /<t[^>]*>(.*?)<\/t>/.exec(c[1]!)
      return text ? decode(text[1]!) : (/<v>(.*?)<\/v>/.exec(c[1]!)?.[1] ?? '')
    }),
  )
}

test('a coordinator filters the city dashboard to one ward and downloads its tables as CSV and Excel, in Vietnamese', async ({
  page,
}) => {
  await login(page, 'dieuphoi@hoanhap.example')
  await page.goto('/coordinator/reports')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Báo cáo toàn thành phố')
  const ward = page.getByLabel('Phường/xã')
  await expect(ward).toHaveValue('')
  await ward.selectOption({ label: WARD.name })
  await page.getByRole('button', { name: 'Xem' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]ward=${WARD.code}(&|$)`))
  await expect(page.getByLabel('Phường/xã')).toHaveValue(WARD.code)

  // The wards table holds that ward alone; its download links carry the filter.
  const wardsTable = page.getByTestId('wards-table')
  await expect(wardsTable.locator('tbody tr')).toHaveCount(1)
  const wards = await tableOnPage(wardsTable)
  expect(wards.firstColumn).toEqual([WARD.name])
  expect(wards.headers[0]).toBe('Phường/xã')
  const csvLink = page.getByTestId('export-wards-csv')
  await expect(csvLink).toHaveAttribute('href', new RegExp(`[?&]ward=${WARD.code}(&|$)`))

  // CSV: a byte-order mark, valid UTF-8, the page's headers word for word, the one ward.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), csvLink.click()])
  expect(csvDownload.suggestedFilename()).toMatch(new RegExp(`^hoa-nhap-wards-${WARD.code}-.*\\.csv$`))
  const csvBytes = await bytesOf(csvDownload)
  expect([...csvBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const csvText = new TextDecoder('utf-8', { fatal: true }).decode(csvBytes.subarray(3))
  const csv = parseCsv(csvText)
  for (const header of wards.headers) expect(csv[0]).toContain(header)
  expect(csv.slice(1).map((r) => r[0])).toEqual([WARD.name])

  // The funnel's CSV too: "Bước" and the steps, named as on the page.
  const funnel = await tableOnPage(page.getByTestId('funnel-table'))
  expect(funnel.headers).toEqual(['Bước', 'Số giới thiệu'])
  const [funnelDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-funnel-csv').click(),
  ])
  const funnelBytes = await bytesOf(funnelDownload)
  expect([...funnelBytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const funnelCsv = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(funnelBytes.subarray(3)))
  expect(funnelCsv[0]).toEqual(funnel.headers)
  expect(funnelCsv.slice(1).map((r) => r[0])).toEqual(funnel.firstColumn)
  for (const row of funnelCsv.slice(1)) expect(row[1], `${row[0]} is a plain number`).toMatch(/^\d+$/)

  // Excel for the same wards table: a zip whose first sheet has the Vietnamese headers and the one ward.
  const xlsxLink = csvLink.locator('..').getByRole('link', { name: 'Tải Excel' })
  await expect(xlsxLink).toHaveAttribute('href', new RegExp(`[?&]ward=${WARD.code}(&|$)`))
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), xlsxLink.click()])
  expect(xlsxDownload.suggestedFilename()).toMatch(new RegExp(`^hoa-nhap-wards-${WARD.code}-.*\\.xlsx$`))
  const xlsx = await bytesOf(xlsxDownload)
  expect(xlsx.subarray(0, 2).toString('latin1')).toBe('PK')
  const files = unzipSync(new Uint8Array(xlsx))
  expect(Object.keys(files)).toContain('xl/worksheets/sheet1.xml')
  const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!)
  expect(sheet).toContain('Phường/xã')
  const rows = sheetRows(sheet)
  for (const header of wards.headers) expect(rows[0]).toContain(header)
  expect(rows.slice(1).map((r) => r[0])).toEqual([WARD.name])
})

test('the dashboard is readable on a phone: charts with titles, tables, and a filter form that works', async ({
  browser,
}) => {
  const context = await browser.newContext({
    locale: 'vi-VN',
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
  })
  const page = await context.newPage()
  await login(page, 'dieuphoi@hoanhap.example')
  await page.goto('/coordinator/reports')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Báo cáo toàn thành phố')

  // Charts: images named by their <title>; they keep a width their labels can be read at and scroll
  // sideways inside their own box, which fits the screen.
  const charts = page.locator('svg[role="img"]')
  await expect(charts).toHaveCount(2)
  for (const chart of await charts.all()) {
    await chart.scrollIntoViewIfNeeded()
    await expect(chart).toBeVisible()
    const title = (await chart.locator('title').first().textContent())?.trim()
    expect(title, 'each chart has a title').toBeTruthy()
    await expect(chart).toHaveAccessibleName(new RegExp(`^${title}`))
    const box = (await chart.boundingBox())!
    expect(box.width, 'labels stay legible').toBeGreaterThanOrEqual(480)
    expect(box.height).toBeGreaterThan(50)
    const frame = (await chart.locator('xpath=..').boundingBox())!
    expect(frame.x).toBeGreaterThanOrEqual(0)
    expect(frame.x + frame.width).toBeLessThanOrEqual(390)
  }
  await expect(page.getByRole('img', { name: /^Các bước giới thiệu/ })).toBeVisible()
  await expect(page.getByRole('img', { name: /^Số người bắt đầu theo tháng/ })).toBeVisible()

  // Tables: each visible (wide ones scroll inside their own box), the page itself never wider than the phone.
  for (const id of ['funnel-table', 'outcomes-table', 'partners-table', 'wards-table']) {
    const table = page.getByTestId(id)
    await table.scrollIntoViewIfNeeded()
    await expect(table, id).toBeVisible()
    expect(await table.locator('tbody tr').count(), id).toBeGreaterThan(0)
  }
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

  // The filter form: every field on screen and usable by touch.
  const from = hanoiDay(-120)
  const to = hanoiDay(-1)
  await page.evaluate(() => window.scrollTo(0, 0))
  const fields = [page.getByLabel('Từ ngày'), page.getByLabel('Đến ngày'), page.getByLabel('Phường/xã')]
  const apply = page.getByRole('button', { name: 'Xem' })
  for (const control of [...fields, apply]) {
    await expect(control).toBeVisible()
    const box = (await control.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(box.height, 'big enough to tap').toBeGreaterThanOrEqual(24)
  }
  await fields[0]!.fill(from)
  await fields[1]!.fill(to)
  await fields[2]!.selectOption({ label: WARD.name })
  await apply.tap()
  await expect(page).toHaveURL(new RegExp(`[?&]ward=${WARD.code}(&|$)`))
  expect(new URL(page.url()).searchParams.get('from')).toBe(from)
  expect(new URL(page.url()).searchParams.get('to')).toBe(to)
  await expect(page.getByText(`Từ ${shown(from)} đến ${shown(to)}`)).toBeVisible()
  expect(await tableOnPage(page.getByTestId('wards-table'))).toMatchObject({ firstColumn: [WARD.name] })
  await expect(page.locator('svg[role="img"]')).toHaveCount(2)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await context.close()
})
