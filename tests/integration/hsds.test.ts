import { beforeAll, describe, expect, it } from 'vitest'
import { hanoiToday } from '#app/modules/opportunities/search.ts'
import { derivedUuid, hsdsPage } from '#app/modules/opportunities/hsds.server.ts'
import { loader as organizationsLoader } from '#app/routes/api.hsds.organizations.ts'
import { loader as organizationLoader } from '#app/routes/api.hsds.organizations_.$id.ts'
import { loader as servicesLoader } from '#app/routes/api.hsds.services.ts'
import { loader as serviceLoader } from '#app/routes/api.hsds.services_.$id.ts'
import { createOpportunity, createOrganisation } from '../factories/opportunities'
import { routeArgs, type RouteArgs } from '../support/route-args'

/*
 * Required fields and types, from Open Referral's HSDS 3.0 schema (github.com/openreferral/specification,
 * branch 3.0):
 * - schema/organization.json            required: id, name, description (all strings; id format uuid)
 * - schema/service.json, compiled/service_list.json
 *                                        required: id, name, status; tabular_required: organization_id;
 *                                        status enum: active, inactive, defunct, temporarily closed
 * - schema/phone.json                    required: id, number
 * - schema/openapi.json components.schemas.Page: total_items, total_pages, page_number, size (integer),
 *                                        first_page, last_page, empty (boolean; `empty` required), contents
 */
const ORGANIZATION_REQUIRED = { id: 'string', name: 'string', description: 'string' } as const
const SERVICE_REQUIRED = { id: 'string', name: 'string', status: 'string', organization_id: 'string' } as const
const PHONE_REQUIRED = { id: 'string', number: 'string' } as const
const SERVICE_STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed']
const PAGE_FIELDS = {
  total_items: 'integer',
  total_pages: 'integer',
  page_number: 'integer',
  size: 'integer',
  first_page: 'boolean',
  last_page: 'boolean',
  empty: 'boolean',
  contents: 'array',
} as const
// Every property this feed may send, from the same schema files (types for the optional ones).
const ORGANIZATION_OPTIONAL = {
  email: 'email',
  website: 'uri',
  tax_id: 'string',
  legal_status: 'string',
  services: 'array',
  phones: 'array',
} as const
const SERVICE_OPTIONAL = {
  description: 'string',
  url: 'uri',
  email: 'email',
  eligibility_description: 'string',
  minimum_age: 'number',
  maximum_age: 'number',
  fees_description: 'string',
  application_process: 'string',
  last_modified: 'date-time',
  organization: 'object',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

type Json = Record<string, unknown>

function checkType(value: unknown, type: string, where: string) {
  switch (type) {
    case 'integer':
      return expect(Number.isInteger(value), where).toBe(true)
    case 'number':
      return expect(typeof value, where).toBe('number')
    case 'boolean':
      return expect(typeof value, where).toBe('boolean')
    case 'array':
      return expect(Array.isArray(value), where).toBe(true)
    case 'object':
      return expect(typeof value === 'object' && value !== null && !Array.isArray(value), where).toBe(true)
    case 'email':
      return expect(value, where).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/)
    case 'uri':
      return expect(() => new URL(value as string), where).not.toThrow()
    case 'date-time':
      return expect(Number.isNaN(Date.parse(value as string)), where).toBe(false)
    default:
      return expect(typeof value, where).toBe(type)
  }
}

function checkObject(obj: Json, required: Record<string, string>, optional: Record<string, string>, what: string) {
  for (const [field, type] of Object.entries(required)) {
    expect(obj, `${what}.${field}`).toHaveProperty(field)
    checkType(obj[field], type, `${what}.${field}`)
  }
  for (const [field, value] of Object.entries(obj)) {
    const type = required[field as keyof typeof required] ?? optional[field as keyof typeof optional]
    expect(type, `${what} has a field HSDS does not define here: ${field}`).toBeDefined()
    expect(value, `${what}.${field} is null (leave it out instead)`).not.toBeNull()
    checkType(value, type!, `${what}.${field}`)
  }
  expect(obj.id).toMatch(UUID)
}

const checkOrganization = (o: Json) => {
  checkObject(o, ORGANIZATION_REQUIRED, ORGANIZATION_OPTIONAL, 'organization')
  expect((o.description as string).length).toBeGreaterThan(0)
}
const checkService = (s: Json) => {
  checkObject(s, SERVICE_REQUIRED, SERVICE_OPTIONAL, 'service')
  expect(SERVICE_STATUSES).toContain(s.status)
  expect(s.organization_id).toMatch(UUID)
}

function checkPage(page: Json) {
  for (const [field, type] of Object.entries(PAGE_FIELDS)) checkType(page[field], type, `page.${field}`)
  expect(Object.keys(page).sort()).toEqual(Object.keys(PAGE_FIELDS).sort())
}

async function get<P extends Record<string, string>>(
  loader: (args: RouteArgs<P>) => Promise<Response>,
  path: string,
  params: P = {} as P,
) {
  const response = await loader(routeArgs(new Request(`http://localhost${path}`), params))
  return { response, body: (await response.json()) as Json }
}

const day = (offset: number) => {
  const d = new Date(`${hanoiToday()}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}

const ids: Record<string, string> = {}

beforeAll(async () => {
  const listed = await createOrganisation({
    kind: 'employer',
    name: 'Công ty Cơ khí Thăng Long',
    taxCode: '0101234567',
  })
  const school = await createOrganisation({
    kind: 'training_centre',
    name: 'Trường Nghề Hà Nội Xanh',
    description: null,
    email: null,
    phone: null,
    taxCode: null,
  })
  const lender = await createOrganisation({ kind: 'lender', name: 'Quỹ Tình Thương' })
  const unlisted = await createOrganisation({
    kind: 'employer',
    name: 'Xưởng Không Công Khai',
    listedInDirectory: false,
  })
  const pending = await createOrganisation({ kind: 'employer', status: 'pending', name: 'Xưởng Chờ Duyệt' })
  const suspended = await createOrganisation({ kind: 'employer', status: 'suspended', name: 'Xưởng Tạm Ngừng' })
  const rejected = await createOrganisation({ kind: 'employer', status: 'rejected', name: 'Xưởng Bị Từ Chối' })
  Object.assign(ids, {
    listed: listed.id,
    school: school.id,
    lender: lender.id,
    unlisted: unlisted.id,
    pending: pending.id,
  })
  Object.assign(ids, { suspended: suspended.id, rejected: rejected.id })

  const make = async (key: string, input: Parameters<typeof createOpportunity>[0]) => {
    ids[key] = (await createOpportunity(input)).id
  }
  await make('job', {
    organisation: listed,
    title: 'Thợ hàn kết cấu thép',
    deadline: day(10),
    minAge: 18,
    maxAge: 45,
    eligibilityNotes: 'Mang theo căn cước.',
  })
  await make('jobToday', { organisation: listed, title: 'Phụ kho', deadline: day(0) })
  await make('draft', { organisation: listed, title: 'Bản nháp', status: 'draft' })
  await make('closed', { organisation: listed, title: 'Đã đóng', status: 'closed' })
  await make('expired', { organisation: listed, title: 'Hết hạn', deadline: day(-1) })
  await make('freeCourse', { organisation: school, title: 'Khóa Điện dân dụng', course: { costVnd: 0, subsidyVnd: 0 } })
  await make('paidCourse', {
    organisation: school,
    title: 'Khóa Nấu ăn',
    course: { costVnd: 3_000_000, subsidyVnd: 1_000_000 },
  })
  await make('loan', { organisation: lender, title: 'Vay vốn tự kinh doanh' })
  await make('unlistedJob', { organisation: unlisted, title: 'Việc của tổ chức không công khai' })
  await make('pendingJob', { organisation: pending, title: 'Việc của tổ chức chờ duyệt' })
  await make('suspendedJob', { organisation: suspended, title: 'Việc của tổ chức tạm ngừng' })
  await make('rejectedJob', { organisation: rejected, title: 'Việc của tổ chức bị từ chối' })
})

const PUBLIC_SERVICES = ['job', 'jobToday', 'freeCourse', 'paidCourse', 'loan']
const HIDDEN_SERVICES = ['draft', 'closed', 'expired', 'unlistedJob', 'pendingJob', 'suspendedJob', 'rejectedJob']

describe('/api/hsds/organizations', () => {
  it('lists approved, listed organisations with the HSDS required fields, as public JSON', async () => {
    const { response, body } = await get(organizationsLoader, '/api/hsds/organizations')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    checkPage(body)
    const contents = body.contents as Json[]
    for (const o of contents) checkOrganization(o)
    expect(contents.map((o) => o.id).sort()).toEqual([ids.listed, ids.school, ids.lender].sort())
    expect(body).toMatchObject({
      total_items: 3,
      total_pages: 1,
      page_number: 1,
      size: 3,
      first_page: true,
      last_page: true,
      empty: false,
    })
    const thangLong = contents.find((o) => o.id === ids.listed)!
    expect(thangLong).toMatchObject({ name: 'Công ty Cơ khí Thăng Long', tax_id: '0101234567' })
    // An organisation without a description is still valid HSDS: described by its kind.
    const school = contents.find((o) => o.id === ids.school)!
    expect(school.description).toBe('Cơ sở đào tạo nghề')
    expect(school).not.toHaveProperty('email')
  })

  it('paginates with page and per_page', async () => {
    const p1 = (await get(organizationsLoader, '/api/hsds/organizations?per_page=2')).body
    const p2 = (await get(organizationsLoader, '/api/hsds/organizations?per_page=2&page=2')).body
    const p3 = (await get(organizationsLoader, '/api/hsds/organizations?per_page=2&page=3')).body
    expect(p1).toMatchObject({
      total_items: 3,
      total_pages: 2,
      page_number: 1,
      size: 2,
      first_page: true,
      last_page: false,
      empty: false,
    })
    expect(p2).toMatchObject({
      total_items: 3,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    })
    expect(p3).toMatchObject({
      total_items: 3,
      total_pages: 2,
      page_number: 3,
      size: 0,
      first_page: false,
      last_page: true,
      empty: true,
      contents: [],
    })
    const seen = [...(p1.contents as Json[]), ...(p2.contents as Json[])].map((o) => o.id)
    expect(new Set(seen).size).toBe(3)
    for (const q of ['page=abc&per_page=-4', 'page=0&per_page=0', 'page=1.5&per_page=1e3', "page='&per_page=%00"]) {
      const { response, body } = await get(organizationsLoader, `/api/hsds/organizations?${q}`)
      expect(response.status, q).toBe(200)
      expect(body, q).toMatchObject({ page_number: 1, size: 3 })
    }
    const capped = (await get(organizationsLoader, '/api/hsds/organizations?per_page=100000')).body
    expect(capped.size).toBe(3)
  })

  it('one organisation nests its phone and its open services; others are 404', async () => {
    const { response, body } = await get(organizationLoader, `/api/hsds/organizations/${ids.listed}`, {
      id: ids.listed!,
    })
    expect(response.status).toBe(200)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    checkOrganization(body)
    const phones = body.phones as Json[]
    expect(phones).toHaveLength(1)
    for (const p of phones) {
      for (const [field, type] of Object.entries(PHONE_REQUIRED)) checkType(p[field], type, `phone.${field}`)
      expect(p.id).toBe(derivedUuid(`${ids.listed}:phone`))
    }
    const services = body.services as Json[]
    for (const s of services) checkService(s)
    expect(services.map((s) => s.id).sort()).toEqual([ids.job, ids.jobToday].sort())
    for (const key of ['unlisted', 'pending', 'suspended', 'rejected']) {
      const hidden = await get(organizationLoader, `/api/hsds/organizations/${ids[key]}`, { id: ids[key]! })
      expect(hidden.response.status, key).toBe(404)
    }
    const bad = await get(organizationLoader, '/api/hsds/organizations/not-a-uuid', { id: 'not-a-uuid' })
    expect(bad.response.status).toBe(404)
  })
})

describe('/api/hsds/services', () => {
  it('lists only open listings of approved, listed organisations, each a valid HSDS service', async () => {
    const { response, body } = await get(servicesLoader, '/api/hsds/services?per_page=100')
    expect(response.status).toBe(200)
    expect(response.headers.get('Content-Type')).toMatch(/^application\/json/)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe('*')
    checkPage(body)
    const contents = body.contents as Json[]
    for (const s of contents) checkService(s)
    const got = contents.map((s) => s.id)
    expect(got.sort()).toEqual(PUBLIC_SERVICES.map((k) => ids[k]).sort())
    for (const key of HIDDEN_SERVICES) expect(got, key).not.toContain(ids[key])
    expect(body.total_items).toBe(PUBLIC_SERVICES.length)
  })

  it('maps the listing: status active, public URL, eligibility, fees', async () => {
    const contents = (await get(servicesLoader, '/api/hsds/services')).body.contents as Json[]
    const job = contents.find((s) => s.id === ids.job)!
    expect(job).toMatchObject({
      organization_id: ids.listed,
      name: 'Thợ hàn kết cấu thép',
      status: 'active',
      minimum_age: 18,
      maximum_age: 45,
      eligibility_description: 'Từ 18 đến 45 tuổi. Mang theo căn cước.',
      fees_description: 'Không mất phí.',
    })
    expect(job.url).toMatch(new RegExp(`/opportunities/${ids.job}$`))
    expect(contents.find((s) => s.id === ids.freeCourse)!.fees_description).toBe('Miễn phí cho người học.')
    expect(contents.find((s) => s.id === ids.paidCourse)!.fees_description).toMatch(/3\.000\.000.*2\.000\.000/)
    expect(contents.find((s) => s.id === ids.loan)!.fees_description).toMatch(/6,6%/)
  })

  it('paginates, and narrows by search and organization_id', async () => {
    const pages = []
    for (let page = 1; page <= 3; page++) {
      pages.push((await get(servicesLoader, `/api/hsds/services?per_page=2&page=${page}`)).body)
    }
    expect(pages.map((p) => p.size)).toEqual([2, 2, 1])
    expect(pages.map((p) => p.total_pages)).toEqual([3, 3, 3])
    expect(pages.map((p) => p.last_page)).toEqual([false, false, true])
    const all = pages.flatMap((p) => (p.contents as Json[]).map((s) => s.id))
    expect(new Set(all).size).toBe(PUBLIC_SERVICES.length)

    const searched = (await get(servicesLoader, '/api/hsds/services?search=han')).body
    expect((searched.contents as Json[]).map((s) => s.id)).toEqual([ids.job])
    const byOrg = (await get(servicesLoader, `/api/hsds/services?organization_id=${ids.school}`)).body
    expect((byOrg.contents as Json[]).map((s) => s.id).sort()).toEqual([ids.freeCourse, ids.paidCourse].sort())
    const hiddenOrg = (await get(servicesLoader, `/api/hsds/services?organization_id=${ids.suspended}`)).body
    expect(hiddenOrg).toMatchObject({ total_items: 0, total_pages: 0, empty: true, contents: [] })
    const junk = (await get(servicesLoader, "/api/hsds/services?organization_id=x'&search=%27%26%7C!:*()")).body
    expect(junk).toMatchObject({ empty: true })
  })

  it('one service nests its organisation; hidden ones are 404', async () => {
    const { response, body } = await get(serviceLoader, `/api/hsds/services/${ids.loan}`, { id: ids.loan! })
    expect(response.status).toBe(200)
    checkService(body)
    checkOrganization(body.organization as Json)
    expect((body.organization as Json).id).toBe(ids.lender)
    for (const key of HIDDEN_SERVICES) {
      const hidden = await get(serviceLoader, `/api/hsds/services/${ids[key]}`, { id: ids[key]! })
      expect(hidden.response.status, key).toBe(404)
    }
  })
})

describe('HSDS page math', () => {
  it('counts pages from 1 and flags the first, last and empty ones', () => {
    expect(hsdsPage([], 0, 1, 50)).toEqual({
      total_items: 0,
      total_pages: 0,
      page_number: 1,
      size: 0,
      first_page: true,
      last_page: true,
      empty: true,
      contents: [],
    })
    expect(hsdsPage([1, 2], 5, 1, 2)).toMatchObject({ total_pages: 3, first_page: true, last_page: false })
    expect(hsdsPage([5], 5, 3, 2)).toMatchObject({ total_pages: 3, first_page: false, last_page: true, size: 1 })
    expect(hsdsPage([1, 2], 4, 2, 2)).toMatchObject({ total_pages: 2, last_page: true })
  })
})
