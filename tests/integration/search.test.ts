import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { opportunities } from '#db/schema/index.ts'
import {
  findOpportunityForStaff,
  findPublicOpportunity,
  searchOpportunities,
  TOTAL_CAP,
  type SearchOpportunitiesOptions,
} from '#app/modules/opportunities/search.server.ts'
import type { SearchSort } from '#app/modules/opportunities/search.ts'
import { createOpportunity, createOrganisation } from '../factories/opportunities'
import { actor } from '../factories/users'

// Hanoi's "today" is pinned so deadlines are deterministic.
const TODAY = '2026-11-26'
const day = (offset: number) => {
  const d = new Date(`${TODAY}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}
const at = (minutesAgo: number) => new Date(Date.parse(`${TODAY}T03:00:00Z`) - minutesAgo * 60_000)

const caseworker = actor({ role: 'caseworker', wardCodes: ['00070'] })
const coordinator = actor({ role: 'coordinator' })

function search(options: Partial<SearchOpportunitiesOptions> & { actor?: SearchOpportunitiesOptions['actor'] } = {}) {
  return searchOpportunities({ actor: caseworker, sort: 'newest', limit: 50, today: TODAY, ...options })
}
const titles = async (options: Partial<SearchOpportunitiesOptions> = {}) =>
  (await search(options)).items.map((i) => i.title).sort()

let ids: Record<string, string> = {}

beforeAll(async () => {
  const employer = await createOrganisation({ kind: 'employer', name: 'Công ty Cơ khí Thăng Long' })
  const school = await createOrganisation({ kind: 'training_centre', name: 'Trường Nghề Hà Nội Xanh' })
  const lender = await createOrganisation({ kind: 'lender', name: 'Quỹ Tình Thương' })
  const suspended = await createOrganisation({ kind: 'employer', status: 'suspended', name: 'Xưởng Tạm Ngừng' })
  const pending = await createOrganisation({ kind: 'employer', status: 'pending', name: 'Xưởng Chờ Duyệt' })
  const rejected = await createOrganisation({ kind: 'employer', status: 'rejected', name: 'Xưởng Bị Từ Chối' })

  const make = async (key: string, input: Parameters<typeof createOpportunity>[0]) => {
    ids[key] = (await createOpportunity(input)).id
  }
  ids = {}
  await make('welder', {
    organisation: employer,
    title: 'Thợ hàn kết cấu thép',
    description: 'Hàn khung nhà xưởng, có người kèm cặp.',
    wardCode: '00145',
    deadline: day(20),
    requiredSkills: ['welding'],
    publishedAt: at(10),
    job: { wageMin: 8_000_000, wageMax: 12_000_000, wagePeriod: 'month', employmentType: 'full_time' },
  })
  await make('electric', {
    organisation: school,
    title: 'Khóa Điện dân dụng',
    description: 'Lắp đặt điện trong nhà.',
    wardCode: '00235',
    deadline: day(9),
    requiredSkills: ['domestic_electrical'],
    publishedAt: at(20),
    course: { durationWeeks: 12, costVnd: 4_500_000, subsidyVnd: 3_000_000 },
  })
  await make('loan', {
    organisation: lender,
    title: 'Vay vốn tự kinh doanh',
    description: 'Mở quầy sửa xe, buôn bán nhỏ.',
    wardCode: '00004',
    deadline: null,
    requiredSkills: ['small_business'],
    publishedAt: at(30),
    loan: { amountMin: 10_000_000, amountMax: 100_000_000, interestRate: 6.6, termMonths: 60 },
  })
  await make('lastDay', {
    organisation: employer,
    title: 'Phụ kho giao nhận',
    wardCode: '00070',
    deadline: TODAY,
    requiredSkills: ['warehouse'],
    publishedAt: at(40),
  })
  await make('draft', { organisation: employer, title: 'Thợ hàn bản nháp', status: 'draft', deadline: day(5) })
  await make('closed', { organisation: employer, title: 'Thợ hàn đã đóng', status: 'closed', publishedAt: at(50) })
  await make('expired', { organisation: employer, title: 'Thợ hàn hết hạn', deadline: day(-1), publishedAt: at(60) })
  await make('suspended', { organisation: suspended, title: 'Thợ hàn xưởng tạm ngừng', publishedAt: at(70) })
  await make('pending', { organisation: pending, title: 'Thợ hàn xưởng chờ duyệt', publishedAt: at(80) })
  await make('rejected', { organisation: rejected, title: 'Thợ hàn xưởng bị từ chối', publishedAt: at(90) })
  // Relevance: the same words, more often and in a shorter text, rank higher.
  await make('rankHigh', {
    organisation: employer,
    title: 'Sơn mài sơn mài sơn mài',
    description: 'Sơn mài.',
    publishedAt: at(200),
  })
  await make('rankLow', {
    organisation: employer,
    title: 'Xưởng mỹ nghệ',
    description: 'Nhận người học nhiều nghề thủ công truyền thống, trong đó có sơn mài và khảm trai.',
    publishedAt: at(100),
  })

  // 25 listings with identical sort keys (same time, same deadline, same text) for page boundaries in ties.
  const ties = await createOrganisation({ kind: 'employer', name: 'Hợp tác xã Ngựa Vằn' })
  const sameTime = at(500)
  for (let i = 0; i < 25; i++) {
    await createOpportunity({
      organisation: ties,
      title: 'Việc ngựa vằn',
      description: 'Giống hệt nhau.',
      wardCode: '00118',
      deadline: i % 5 === 0 ? null : day(3),
      publishedAt: sameTime,
      createdAt: sameTime,
    })
  }
})

describe('searchOpportunities: text without diacritics', () => {
  it('"han" finds "hàn", and so do "HÀN" and "Hàn"', async () => {
    for (const q of ['han', 'HÀN', 'Hàn', '  hàn  ']) {
      expect(await titles({ q }), q).toEqual(['Thợ hàn kết cấu thép'])
    }
  })

  it('folding makes "han" also a prefix of "hạn" and "hàng"; relevance puts the whole word first', async () => {
    const org = await createOrganisation({ kind: 'employer', name: 'Siêu thị Mini' })
    const shop = await createOpportunity({
      organisation: org,
      title: 'Nhân viên bán hàng',
      wardCode: '00082',
      publishedAt: new Date(Date.parse(`${TODAY}T04:00:00Z`)),
    })
    try {
      const result = await search({ q: 'han', sort: 'relevance', wardCode: undefined })
      expect(result.items.map((i) => i.title)).toEqual(['Thợ hàn kết cấu thép', 'Nhân viên bán hàng'])
      const newest = await search({ q: 'han', sort: 'newest' })
      expect(newest.items.map((i) => i.title)).toEqual(['Nhân viên bán hàng', 'Thợ hàn kết cấu thép'])
    } finally {
      await getDb().delete(opportunities).where(eq(opportunities.id, shop.id))
    }
  })

  it('"dien dan dung" and "Dien" find "Điện dân dụng"; words are prefixes and all are required', async () => {
    expect(await titles({ q: 'dien dan dung' })).toEqual(['Khóa Điện dân dụng'])
    expect(await titles({ q: 'Dien' })).toEqual(['Khóa Điện dân dụng'])
    expect(await titles({ q: 'điện DÂN' })).toEqual(['Khóa Điện dân dụng'])
    expect(await titles({ q: 'dien han' })).toEqual([])
  })

  it('matches the organisation name and the skill names in both languages', async () => {
    expect(await titles({ q: 'thang long kết cấu' })).toEqual(['Thợ hàn kết cấu thép'])
    expect(await titles({ q: 'welding' })).toEqual(['Thợ hàn kết cấu thép'])
    expect(await titles({ q: 'domestic electrical' })).toEqual(['Khóa Điện dân dụng'])
  })
})

describe('searchOpportunities: who sees what', () => {
  it('caseworkers see open listings of approved organisations only, not past their deadline', async () => {
    const seen = await titles({ q: 'tho han' })
    expect(seen).toEqual(['Thợ hàn kết cấu thép'])
    const all = (await search({ limit: 100 })).items.map((i) => i.id)
    for (const hidden of ['draft', 'closed', 'expired', 'suspended', 'pending', 'rejected']) {
      expect(all, hidden).not.toContain(ids[hidden])
    }
    for (const shown of ['welder', 'electric', 'loan', 'lastDay']) expect(all, shown).toContain(ids[shown])
  })

  it('a deadline today is still open', async () => {
    expect(await titles({ q: 'phu kho' })).toEqual(['Phụ kho giao nhận'])
    expect(await titles({ q: 'phu kho', today: day(1) })).toEqual([])
  })

  it('caseworkers asking for closed ones get listings past their deadline, never closed listings', async () => {
    const seen = await titles({ q: 'tho han', includeClosed: true })
    expect(seen).toEqual(['Thợ hàn hết hạn', 'Thợ hàn kết cấu thép'])
  })

  it('coordinators also see listings of suspended (and unvetted) organisations, flagged; never drafts', async () => {
    const result = await search({ actor: coordinator, q: 'tho han' })
    const byTitle = new Map(result.items.map((i) => [i.title, i.organisationStatus]))
    expect([...byTitle.keys()].sort()).toEqual([
      'Thợ hàn kết cấu thép',
      'Thợ hàn xưởng bị từ chối',
      'Thợ hàn xưởng chờ duyệt',
      'Thợ hàn xưởng tạm ngừng',
    ])
    expect(byTitle.get('Thợ hàn xưởng tạm ngừng')).toBe('suspended')
    const withClosed = await titles({ actor: coordinator, q: 'tho han', includeClosed: true })
    expect(withClosed).toContain('Thợ hàn đã đóng')
    expect(withClosed).toContain('Thợ hàn hết hạn')
    expect(withClosed).not.toContain('Thợ hàn bản nháp')
  })

  it('refuses partners and unverified staff', async () => {
    const partner = actor({
      role: 'partner',
      membership: {
        organisationId: '00000000-0000-4000-8000-000000000001',
        role: 'owner',
        organisationStatus: 'approved',
      },
    })
    await expect(search({ actor: partner })).rejects.toMatchObject({ status: 403 })
    await expect(search({ actor: actor({ role: 'caseworker', emailVerified: false }) })).rejects.toMatchObject({
      status: 403,
    })
  })
})

describe('searchOpportunities: filters', () => {
  it('by kind (one or several)', async () => {
    expect(await titles({ kinds: ['course'] })).toEqual(['Khóa Điện dân dụng'])
    expect(await titles({ kinds: ['loan'] })).toEqual(['Vay vốn tự kinh doanh'])
    const jobsAndLoans = await titles({ kinds: ['job', 'loan'], q: 'vay han' })
    expect(jobsAndLoans).toEqual([])
    expect(await titles({ kinds: ['job', 'loan'], q: 'tu kinh doanh' })).toEqual(['Vay vốn tự kinh doanh'])
    expect(await titles({ kinds: ['job'], q: 'dien' })).toEqual([])
  })

  it('by ward and by former district', async () => {
    expect(await titles({ wardCode: '00145' })).toEqual(['Thợ hàn kết cấu thép'])
    expect(await titles({ wardCode: '00235' })).toEqual(['Khóa Điện dân dụng'])
    const longBien = await titles({ formerDistrict: 'Quận Long Biên' })
    expect(longBien).toContain('Thợ hàn kết cấu thép') // 00145 Phường Long Biên
    expect(longBien).toContain('Việc ngựa vằn') // 00118 Phường Bồ Đề
    expect(longBien).not.toContain('Khóa Điện dân dụng')
    expect(await titles({ formerDistrict: 'Quận Đống Đa' })).toEqual(['Khóa Điện dân dụng'])
    expect(await titles({ formerDistrict: 'Quận Không Có' })).toEqual([])
  })

  it('by required skills: any of the chosen', async () => {
    expect(await titles({ skills: ['welding'] })).toEqual(['Thợ hàn kết cấu thép'])
    expect(await titles({ skills: ['welding', 'domestic_electrical'] })).toEqual([
      'Khóa Điện dân dụng',
      'Thợ hàn kết cấu thép',
    ])
    expect(await titles({ skills: ['no_such_skill'] })).toEqual([])
  })

  it('by deadline on or before a day (no deadline is left out)', async () => {
    expect(await titles({ deadlineBefore: day(9) })).toEqual([
      'Khóa Điện dân dụng',
      'Phụ kho giao nhận',
      ...Array(20).fill('Việc ngựa vằn'),
    ])
    expect(await titles({ deadlineBefore: day(2) })).toEqual(['Phụ kho giao nhận'])
  })

  it('combines filters', async () => {
    expect(await titles({ q: 'han', kinds: ['job'], wardCode: '00145', skills: ['welding'] })).toEqual([
      'Thợ hàn kết cấu thép',
    ])
    expect(await titles({ q: 'han', kinds: ['course'], wardCode: '00145' })).toEqual([])
  })

  it('returns card data: organisation, ward, figures, skills in both languages', async () => {
    const [card] = (await search({ q: 'tho han ket cau' })).items
    expect(card).toMatchObject({
      id: ids.welder,
      kind: 'job',
      organisationName: 'Công ty Cơ khí Thăng Long',
      organisationStatus: 'approved',
      wardCode: '00145',
      wardName: 'Phường Long Biên',
      deadline: day(20),
      job: { wageMin: 8_000_000, wageMax: 12_000_000, wagePeriod: 'month', employmentType: 'full_time' },
      course: null,
      loan: null,
      skills: [{ code: 'welding', nameVi: 'Hàn', nameEn: 'Welding' }],
    })
    const [loan] = (await search({ kinds: ['loan'] })).items
    expect(loan!.loan).toMatchObject({
      amountMin: 10_000_000,
      amountMax: 100_000_000,
      interestRate: 6.6,
      termMonths: 60,
    })
    const [course] = (await search({ kinds: ['course'] })).items
    expect(course!.course).toMatchObject({ durationWeeks: 12, costVnd: 4_500_000, subsidyVnd: 3_000_000 })
  })
})

describe('searchOpportunities: sorting', () => {
  it('newest: most recently published first', async () => {
    const items = (await search({ q: 'tho han', actor: coordinator })).items.map((i) => i.title)
    expect(items).toEqual([
      'Thợ hàn kết cấu thép',
      'Thợ hàn xưởng tạm ngừng',
      'Thợ hàn xưởng chờ duyệt',
      'Thợ hàn xưởng bị từ chối',
    ])
  })

  it('deadline: soonest first, listings without a deadline last', async () => {
    const items = (await search({ sort: 'deadline', kinds: ['course', 'loan', 'job'], limit: 100 })).items
    const deadlines = items.map((i) => i.deadline)
    const firstNull = deadlines.indexOf(null)
    expect(firstNull).toBeGreaterThan(0)
    expect(deadlines.slice(firstNull).every((d) => d === null)).toBe(true)
    const dated = deadlines.slice(0, firstNull) as string[]
    expect(dated).toEqual([...dated].sort())
    expect(dated[0]).toBe(TODAY)
  })

  it('relevance: the better match first; without words it falls back to newest', async () => {
    const result = await search({ q: 'son mai', sort: 'relevance' })
    expect(result.sort).toBe('relevance')
    expect(result.items.map((i) => i.id)).toEqual([ids.rankHigh, ids.rankLow])
    // By date the other one is newer.
    expect((await search({ q: 'son mai', sort: 'newest' })).items.map((i) => i.id)).toEqual([ids.rankLow, ids.rankHigh])
    const fallback = await search({ sort: 'relevance' })
    expect(fallback.sort).toBe('newest')
  })
})

describe('searchOpportunities: keyset pages', () => {
  async function walk(options: Partial<SearchOpportunitiesOptions>, limit: number) {
    const seen: string[] = []
    const offsets: number[] = []
    let cursor: string | null = null
    for (let guard = 0; guard < 100; guard++) {
      const page = await search({ ...options, limit, cursor })
      offsets.push(page.offset)
      seen.push(...page.items.map((i) => i.id))
      cursor = page.nextCursor
      if (!cursor) break
      expect(page.items).toHaveLength(limit)
    }
    return { seen, offsets }
  }

  for (const sort of ['newest', 'deadline', 'relevance'] as SearchSort[]) {
    it(`${sort}: pages through ties with no duplicate and no gap`, async () => {
      const options = { q: 'ngua van', sort }
      const all = (await search({ ...options, limit: 100 })).items.map((i) => i.id)
      expect(all).toHaveLength(25)
      for (const limit of [1, 4, 7, 25]) {
        const { seen, offsets } = await walk(options, limit)
        expect(new Set(seen).size, `limit ${limit}`).toBe(seen.length)
        expect(seen, `limit ${limit}`).toEqual(all)
        expect(offsets[1] ?? limit, `limit ${limit}`).toBe(limit)
      }
    })
  }

  it('pages without search words across every visible listing', async () => {
    const all = (await search({ limit: 100 })).items.map((i) => i.id)
    const { seen } = await walk({}, 6)
    expect(seen).toEqual(all)
    const byDeadline = (await search({ sort: 'deadline', limit: 100 })).items.map((i) => i.id)
    expect((await walk({ sort: 'deadline' }, 5)).seen).toEqual(byDeadline)
  })

  it('counts on the first page and carries the count to the next ones', async () => {
    const first = await search({ q: 'ngua van', limit: 10 })
    expect(first.total).toBe(25)
    expect(first.totalIsCapped).toBe(false)
    expect(first.offset).toBe(0)
    const second = await search({ q: 'ngua van', limit: 10, cursor: first.nextCursor })
    expect(second.total).toBe(25)
    expect(second.offset).toBe(10)
    const third = await search({ q: 'ngua van', limit: 10, cursor: second.nextCursor })
    expect(third.items).toHaveLength(5)
    expect(third.nextCursor).toBeNull()
    expect(TOTAL_CAP).toBeGreaterThanOrEqual(100)
  })

  it('a damaged, forged or other-sort cursor starts again at the first page', async () => {
    const first = await search({ q: 'ngua van', limit: 3 })
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const bad = [
      'not-a-cursor',
      '%%%',
      forged({ s: 'newest', v: "'; drop table opportunities; --", id: ids.welder, n: 3, t: 25, c: false }),
      forged({ s: 'newest', v: '2026-13-45T99:00:00.000000Z', id: ids.welder, n: 3, t: 25, c: false }),
      forged({ s: 'deadline', v: '2026-02-31', id: ids.welder, n: 3, t: 25, c: false }),
      forged({ s: 'newest', v: '2026-11-26T03:00:00.000000Z', id: 'x', n: 3, t: 25, c: false }),
      forged({ s: 'newest', v: '2026-11-26T03:00:00.000000Z', id: ids.welder, n: -1, t: 25, c: false }),
      forged(null),
      forged([1, 2]),
      'x'.repeat(5000),
    ]
    for (const cursor of bad) {
      const page = await search({ q: 'ngua van', limit: 3, cursor })
      expect(
        page.items.map((i) => i.id),
        cursor.slice(0, 40),
      ).toEqual(first.items.map((i) => i.id))
      expect(page.offset).toBe(0)
    }
    const deadlineCursor = (await search({ q: 'ngua van', limit: 3, sort: 'deadline' })).nextCursor
    const page = await search({ q: 'ngua van', limit: 3, sort: 'newest', cursor: deadlineCursor })
    expect(page.offset).toBe(0)
  })
})

describe('searchOpportunities: hostile input never throws', () => {
  const hostile = [
    "'",
    '"',
    '&|!:*()',
    "a' & b | !c:* (d)",
    '\\',
    '--',
    '/* */',
    '<script>alert(1)</script>',
    '__proto__',
    'constructor',
    'x'.repeat(5000),
    'hàn '.repeat(1250),
    '🔧🧑‍🏭👩🏽‍🍳',
    'hàn 🔥 điện',
    '\u0000\u0001\u0002',
    '\u200b\u200e\ufeff',
    'ǅ ﬁ Ⅻ ½ ²',
    '中文 日本語 한국어 العربية',
    ':*',
    '!',
    ' ',
    '',
  ]
  for (const sort of ['relevance', 'newest', 'deadline'] as SearchSort[]) {
    it(`sort ${sort}`, async () => {
      for (const q of hostile) {
        const result = await search({ q, sort, limit: 5 })
        expect(Array.isArray(result.items), JSON.stringify(q.slice(0, 20))).toBe(true)
      }
    })
  }

  it('odd filter values are just filters that match nothing', async () => {
    const result = await search({
      kinds: [],
      wardCode: "00070' or 1=1 --",
      formerDistrict: "'; select 1; --",
      skills: ["welding'", '__proto__', '{a,b}'],
      deadlineBefore: 'not-a-date',
    })
    expect(result.items).toEqual([])
    const limits = await Promise.all([0, -5, 1e9, Number.NaN].map((limit) => search({ limit })))
    for (const r of limits) expect(r.items.length).toBeLessThanOrEqual(100)
  })
})

describe('listing pages', () => {
  it('staff see what the rule lets them see; others get null', async () => {
    expect((await findOpportunityForStaff({ actor: caseworker, id: ids.welder! }))?.title).toBe('Thợ hàn kết cấu thép')
    for (const key of ['draft', 'closed', 'suspended', 'pending', 'rejected']) {
      expect(await findOpportunityForStaff({ actor: caseworker, id: ids[key]! }), key).toBeNull()
    }
    expect((await findOpportunityForStaff({ actor: coordinator, id: ids.draft! }))?.status).toBe('draft')
    expect(await findOpportunityForStaff({ actor: caseworker, id: 'not-a-uuid' })).toBeNull()
    await expect(findOpportunityForStaff({ actor: actor({ role: 'partner' }), id: ids.welder! })).rejects.toMatchObject(
      {
        status: 403,
      },
    )
  })

  it('the full view has the description, eligibility and the organisation contact', async () => {
    const view = await findOpportunityForStaff({ actor: caseworker, id: ids.welder! })
    expect(view).toMatchObject({
      description: 'Hàn khung nhà xưởng, có người kèm cặp.',
      acceptsAfterPrison: true,
      organisation: { name: 'Công ty Cơ khí Thăng Long', kind: 'employer', wardName: 'Phường Hoàn Kiếm' },
    })
  })

  it('the public page shows open listings of approved organisations only, until their deadline', async () => {
    expect((await findPublicOpportunity({ id: ids.welder!, today: TODAY }))?.title).toBe('Thợ hàn kết cấu thép')
    expect(await findPublicOpportunity({ id: ids.lastDay!, today: TODAY })).not.toBeNull()
    expect(await findPublicOpportunity({ id: ids.lastDay!, today: day(1) })).toBeNull()
    for (const key of ['draft', 'closed', 'expired', 'suspended', 'pending', 'rejected']) {
      expect(await findPublicOpportunity({ id: ids[key]!, today: TODAY }), key).toBeNull()
    }
    expect(await findPublicOpportunity({ id: '00000000-0000-4000-8000-000000000000' })).toBeNull()
    expect(await findPublicOpportunity({ id: "1' or '1'='1" })).toBeNull()
  })
})
