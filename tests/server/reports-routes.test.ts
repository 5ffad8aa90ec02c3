import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAll, startServer, type RunningServer } from '../support/server'

// The dashboards and their downloads over HTTP against the production build with the demo data: who may see
// which scope, what the files are, and that a person-level export needs a reason and is audited.
let server: RunningServer
const cookies: Record<string, string> = {}
const EMAILS = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworker: 'canbo1@hoanhap.example',
  otherCaseworker: 'canbo2@hoanhap.example',
  partner: 'vayvon@hoanhap.example',
  trainingCentre: 'daotao@hoanhap.example',
  pendingPartner: 'lienhe.htxsocson@example.vn',
} as const
type Who = keyof typeof EMAILS

beforeAll(async () => {
  server = await startServer({ port: 3226 })
  Object.assign(cookies, await signInAll(server, EMAILS))
})

afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

const get = (who: Who | null, path: string) =>
  fetch(`${server.url}${path}`, { headers: who ? { Cookie: cookies[who]! } : {}, redirect: 'manual' })

describe('who sees which dashboard', () => {
  it.each([
    ['/coordinator/reports', { coordinator: 200, caseworker: 403, partner: 403, pendingPartner: 403 }],
    ['/caseworker/reports', { coordinator: 403, caseworker: 200, partner: 403, pendingPartner: 403 }],
    ['/partner/reports', { coordinator: 403, caseworker: 403, partner: 200, pendingPartner: 403 }],
    [
      '/coordinator/reports/export?table=funnel&format=csv',
      { coordinator: 200, caseworker: 403, partner: 403, pendingPartner: 403 },
    ],
    [
      '/partner/reports/export?table=funnel&format=csv',
      { coordinator: 403, caseworker: 403, partner: 200, pendingPartner: 403 },
    ],
  ] as const)('%s', async (path, expected) => {
    for (const [who, status] of Object.entries(expected)) {
      expect((await get(who as Who, path)).status, who).toBe(status)
    }
    const anonymous = await get(null, path)
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  it("a caseworker asking for another ward's figures gets their own wards; nobody gets a person's name", async () => {
    const own = await (await get('caseworker', '/caseworker/reports/export?table=wards&format=csv')).text()
    const asked = await (await get('caseworker', '/caseworker/reports/export?table=wards&format=csv&ward=09556')).text()
    expect(asked).toBe(own)
    expect(own).toContain('Phường Hoàn Kiếm')
    expect(own).not.toContain('Phường Hà Đông')
    for (const path of ['/coordinator/reports', '/caseworker/reports', '/partner/reports']) {
      const who: Who = path.startsWith('/coordinator')
        ? 'coordinator'
        : path.startsWith('/caseworker')
          ? 'caseworker'
          : 'partner'
      const page = await (await get(who, path)).text()
      expect(page).not.toContain('Nguyễn Văn Hùng')
      expect(page).not.toContain('methadone')
    }
  })
})

describe("a partner's own figures", () => {
  it('are those of its kind of offer; staff see every kind', async () => {
    // The key-figure cards by their Vietnamese labels (app/locales/vi/reports.json, reports.kpi).
    const cards = async (who: Who, path: string) => {
      const page = await (await get(who, path)).text()
      const section = page.slice(page.indexOf('Số người bắt đầu'), page.indexOf('Số ngày (trung vị)'))
      return ['Giữ việc sau 90 ngày', 'Hoàn thành khóa học', 'Vốn đã giải ngân'].filter((l) => section.includes(l))
    }
    expect(await cards('partner', '/partner/reports')).toEqual(['Vốn đã giải ngân'])
    expect(await cards('trainingCentre', '/partner/reports')).toEqual(['Hoàn thành khóa học'])
    expect(await cards('coordinator', '/coordinator/reports')).toEqual([
      'Giữ việc sau 90 ngày',
      'Hoàn thành khóa học',
      'Vốn đã giải ngân',
    ])
  })
})

describe("a partner's outcomes table and its download", () => {
  // The outcome measures by their Vietnamese labels (app/locales/vi/reports.json).
  const MEASURES = ['Giữ việc sau 90 ngày', 'Hoàn thành khóa học', 'Trả nợ đúng hạn', 'Vốn đã giải ngân']
  const onPage = async (who: Who, path: string) => {
    const page = await (await get(who, path)).text()
    const table = /<table[^>]*data-testid="outcomes-table"[\s\S]*?<\/table>/.exec(page)?.[0] ?? ''
    expect(table).not.toBe('')
    return MEASURES.filter((m) => table.includes(m))
  }
  const inDownload = async (who: Who, path: string) => {
    const csv = await (await get(who, `${path}/export?table=outcomes&format=csv`)).text()
    return MEASURES.filter((m) => csv.includes(m))
  }

  it('lists the measures of its own kind of offer, on the page and in the CSV; staff get them all', async () => {
    expect(await onPage('partner', '/partner/reports')).toEqual(['Trả nợ đúng hạn'])
    expect(await inDownload('partner', '/partner/reports')).toEqual(['Trả nợ đúng hạn', 'Vốn đã giải ngân'])
    expect(await onPage('trainingCentre', '/partner/reports')).toEqual(['Hoàn thành khóa học'])
    expect(await inDownload('trainingCentre', '/partner/reports')).toEqual(['Hoàn thành khóa học'])
    expect(await onPage('coordinator', '/coordinator/reports')).toEqual(MEASURES.slice(0, 3))
    expect(await inDownload('coordinator', '/coordinator/reports')).toEqual(MEASURES)
  })
})

describe('downloads', () => {
  it('CSV is UTF-8 with a BOM and Vietnamese headers; the ward filter applies', async () => {
    const res = await get('coordinator', '/coordinator/reports/export?table=wards&format=csv&ward=00070')
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="hoa-nhap-wards-00070-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv"$/,
    )
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(3))
    const [header, ...rows] = text.trim().split('\r\n')
    expect(header).toBe('"Phường/xã","Đang theo dõi","Tạm dừng","Đã đóng","Đang tiếp nhận","Tổng"')
    expect(rows).toEqual([expect.stringMatching(/^"Phường Hoàn Kiếm",\d+,\d+,\d+,\d+,\d+$/)])
  })

  it('Excel is a workbook with one sheet per table, headers in the reader’s language', async () => {
    const res = await get('coordinator', '/coordinator/reports/export?table=all&format=xlsx')
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()))
    const workbook = strFromU8(files['xl/workbook.xml']!)
    expect(workbook).toContain('name="Các bước giới thiệu"')
    expect(Object.keys(files).filter((f) => f.startsWith('xl/worksheets/'))).toHaveLength(5)
    expect(strFromU8(files['xl/worksheets/sheet1.xml']!)).toContain('<t xml:space="preserve">Bước</t>')
  })

  it('an unknown table or a CSV of everything is a 404, bad dates fall back to the last year', async () => {
    expect((await get('coordinator', '/coordinator/reports/export?table=__proto__&format=csv')).status).toBe(404)
    expect((await get('coordinator', '/coordinator/reports/export?table=all&format=csv')).status).toBe(404)
    expect((await get('coordinator', '/coordinator/reports?from=2026-13-45&to=yesterday')).status).toBe(200)
  })

  it('the person-level list needs a reason, is for coordinators, and is audited', async () => {
    const post = (who: Who, body: Record<string, string>) =>
      fetch(`${server.url}/coordinator/reports/export?ward=00070`, {
        method: 'POST',
        headers: { Cookie: cookies[who]!, Origin: server.url },
        body: new URLSearchParams(body),
        redirect: 'manual',
      })
    expect((await post('caseworker', { reason: 'Kiểm tra số liệu tháng', format: 'csv' })).status).toBe(403)
    expect((await post('coordinator', { reason: 'ngắn', format: 'csv' })).status).toBe(400)
    const res = await post('coordinator', { reason: 'Đối chiếu số liệu với Sở Y tế', format: 'csv' })
    expect(res.status).toBe(200)
    const text = (await res.text()).replace(/^\uFEFF/, '')
    expect(text.split('\r\n')[0]).toContain('"Mã hồ sơ","Họ tên"')
    expect(text).toContain('Nguyễn Văn Hùng')
    expect(text).not.toContain('methadone')
    const audit = await (await get('coordinator', '/coordinator/audit?action=report.people_exported')).text()
    expect(audit).toContain('Đối chiếu số liệu với Sở Y tế')
  })
})
