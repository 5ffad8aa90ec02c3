import { beforeAll, describe, expect, it } from 'vitest'
import { listPartnerDirectory } from '#app/modules/opportunities/directory.server.ts'
import { hanoiToday } from '#app/modules/opportunities/search.ts'
import { findPublicOpportunity } from '#app/modules/opportunities/search.server.ts'
import { loader as directoryLoader } from '#app/routes/partners.tsx'
import { loader as publicListingLoader } from '#app/routes/opportunities.$id.tsx'
import { createOpportunity, createOrganisation } from '../factories/opportunities'
import { routeArgs } from '../support/route-args'

const day = (offset: number) => {
  const d = new Date(`${hanoiToday()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000)

const ids: Record<string, string> = {}

beforeAll(async () => {
  // Names chosen so that ordering without diacritics differs from byte order ("Đ" sorts with "D").
  const a = await createOrganisation({ kind: 'employer', name: 'Đông Á Xây dựng', wardCode: '00145' })
  const b = await createOrganisation({ kind: 'employer', name: 'Bình Minh Cơ khí', wardCode: null })
  const c = await createOrganisation({ kind: 'training_centre', name: 'Dạy nghề Hà Nội' })
  const d = await createOrganisation({ kind: 'lender', name: 'Quỹ Tình Thương' })
  const unlisted = await createOrganisation({ kind: 'employer', name: 'Ẩn Danh', listedInDirectory: false })
  const pending = await createOrganisation({ kind: 'employer', name: 'Chờ Duyệt', status: 'pending' })
  const suspended = await createOrganisation({ kind: 'lender', name: 'Tạm Ngừng', status: 'suspended' })
  Object.assign(ids, {
    a: a.id,
    b: b.id,
    c: c.id,
    d: d.id,
    unlisted: unlisted.id,
    pending: pending.id,
    suspended: suspended.id,
  })
  for (let i = 0; i < 5; i++) {
    ids[`a${i}`] = (
      await createOpportunity({ organisation: a, title: `Việc ${i}`, publishedAt: minutesAgo(100 - i) })
    ).id
  }
  await createOpportunity({ organisation: a, title: 'Nháp', status: 'draft' })
  await createOpportunity({ organisation: a, title: 'Đã đóng', status: 'closed' })
  await createOpportunity({ organisation: a, title: 'Hết hạn', deadline: day(-1) })
  ids.course = (await createOpportunity({ organisation: c, title: 'Khóa hàn', deadline: day(0) })).id
  await createOpportunity({ organisation: suspended, title: 'Vay của quỹ tạm ngừng' })
})

describe('the public partner directory', () => {
  it('lists approved organisations that chose to be listed, by name without diacritics', async () => {
    const page = await listPartnerDirectory({})
    expect(page.items.map((o) => o.name)).toEqual([
      'Bình Minh Cơ khí',
      'Dạy nghề Hà Nội',
      'Đông Á Xây dựng',
      'Quỹ Tình Thương',
    ])
    expect(page.total).toBe(4)
    expect(page.byKind).toEqual({ employer: 2, training_centre: 1, lender: 1 })
  })

  it('counts open listings only and shows the three newest', async () => {
    const page = await listPartnerDirectory({})
    const a = page.items.find((o) => o.id === ids.a)!
    expect(a.openListings).toBe(5)
    expect(a.latest.map((l) => l.id)).toEqual([ids.a4, ids.a3, ids.a2])
    expect(a.wardName).toBe('Phường Long Biên')
    const c = page.items.find((o) => o.id === ids.c)!
    expect(c).toMatchObject({ openListings: 1, latest: [{ id: ids.course, kind: 'course', title: 'Khóa hàn' }] })
    expect(page.items.find((o) => o.id === ids.b)).toMatchObject({ openListings: 0, latest: [], wardName: null })
  })

  it('filters by kind and pages', async () => {
    const employers = await listPartnerDirectory({ kind: 'employer' })
    expect(employers.items.map((o) => o.id)).toEqual([ids.b, ids.a])
    const p1 = await listPartnerDirectory({ perPage: 3 })
    const p2 = await listPartnerDirectory({ perPage: 3, page: 2 })
    expect([p1.totalPages, p1.items.length, p2.items.length]).toEqual([2, 3, 1])
    expect(new Set([...p1.items, ...p2.items].map((o) => o.id)).size).toBe(4)
    const beyond = await listPartnerDirectory({ perPage: 3, page: 99 })
    expect(beyond.page).toBe(2)
  })

  it('the route reads kind and page leniently', async () => {
    const run = (q: string) => directoryLoader(routeArgs(new Request(`http://localhost/partners${q}`), {}))
    expect((await run('?kind=lender')).items.map((o) => o.id)).toEqual([ids.d])
    expect((await run('?kind=__proto__&page=-1')).items).toHaveLength(4)
    expect((await run("?page='1")).page).toBe(1)
  })
})

describe('the public listing page', () => {
  it('answers for an open listing of an approved organisation, with escaped JSON-LD', async () => {
    const data = await publicListingLoader(
      routeArgs(new Request(`http://localhost/opportunities/${ids.a0}`), { id: ids.a0! }),
    )
    expect(data.listing.title).toBe('Việc 0')
    expect(JSON.parse(data.jsonLd)).toMatchObject({ '@type': 'JobPosting', title: 'Việc 0' })
    // Only what the page shows goes to the browser: no contact details, no eligibility flags.
    expect(data.listing).not.toHaveProperty('acceptsAfterRehab')
    expect(data.listing.organisation).not.toHaveProperty('email')
  })

  it('is a 404 for anything else', async () => {
    const org = await createOrganisation({ name: 'Thử thẻ script' })
    const hostile = await createOpportunity({ organisation: org, title: '</script><script>alert(1)</script>' })
    const data = await publicListingLoader(
      routeArgs(new Request(`http://localhost/opportunities/${hostile.id}`), { id: hostile.id }),
    )
    expect(data.jsonLd).not.toContain('</script>')
    expect(JSON.parse(data.jsonLd).title).toBe('</script><script>alert(1)</script>')
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000']) {
      await expect(
        publicListingLoader(routeArgs(new Request(`http://localhost/opportunities/${id}`), { id })),
      ).rejects.toMatchObject({ status: 404 })
    }
    expect(await findPublicOpportunity({ id: ids.course!, today: day(1) })).toBeNull()
  })
})
