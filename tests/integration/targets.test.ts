import { and, asc, count, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, wardTargets, type TargetMetric } from '#db/schema/index.ts'
import { verifyAuditChain } from '#app/modules/audit/audit.server.ts'
import { createSession, sessionCookieName } from '#app/modules/auth/session.server.ts'
import { listWardTargets, setWardTargets, targetTotals } from '#app/modules/reports/targets.server.ts'
import type { Actor } from '#app/policy.ts'
import { action, loader } from '#app/routes/coordinator.targets.tsx'
import { hanoiToday } from '#app/utils/dates.ts'
import { actor, createCaseworker, createPartner, createUser } from '../factories/users'
import { appError, expect403, thrown } from '../support/errors'
import { routeArgs } from '../support/route-args'

const A = '00070' // Phường Hoàn Kiếm
const B = '09556' // Phường Hà Đông
const C = '00004' // Phường Ba Đình

let coordinator: Actor

beforeAll(async () => {
  coordinator = actor({ role: 'coordinator', userId: (await createUser({ role: 'coordinator' })).id })
})

async function counts() {
  const db = getDb()
  return {
    targets: Number((await db.select({ n: count() }).from(wardTargets))[0]!.n),
    audit: Number((await db.select({ n: count() }).from(auditEvents))[0]!.n),
  }
}

async function targetAuditOf(wardCode: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'ward_target.set'), eq(auditEvents.subjectId, wardCode)))
    .orderBy(asc(auditEvents.id))
}

async function stored(wardCode: string, year: number) {
  const rows = await getDb()
    .select()
    .from(wardTargets)
    .where(and(eq(wardTargets.wardCode, wardCode), eq(wardTargets.year, year)))
  return Object.fromEntries(rows.map((r) => [r.metric, r.target]))
}

describe('setting a ward’s targets', () => {
  test('sets, updates one metric without touching the others, and clears with null', async () => {
    const year = 2026
    const first = await setWardTargets({
      actor: coordinator,
      year,
      wardCode: A,
      targets: { placed_in_work: 120, courses_completed: 80, loans_disbursed: 15 },
    })
    expect(first.changed).toEqual(['placed_in_work', 'courses_completed', 'loans_disbursed'])
    expect(await stored(A, year)).toEqual({ placed_in_work: 120, courses_completed: 80, loans_disbursed: 15 })

    const [row] = await getDb()
      .select()
      .from(wardTargets)
      .where(and(eq(wardTargets.wardCode, A), eq(wardTargets.metric, 'placed_in_work')))
    expect(row!.setById).toBe(coordinator.userId)

    const second = await setWardTargets({ actor: coordinator, year, wardCode: A, targets: { placed_in_work: 150 } })
    expect(second).toEqual({
      changed: ['placed_in_work'],
      targets: { placed_in_work: 150, courses_completed: 80, loans_disbursed: 15 },
    })

    const third = await setWardTargets({
      actor: coordinator,
      year,
      wardCode: A,
      targets: { courses_completed: null, loans_disbursed: 15 },
    })
    expect(third).toEqual({
      changed: ['courses_completed'],
      targets: { placed_in_work: 150, courses_completed: null, loans_disbursed: 15 },
    })
    expect(await stored(A, year)).toEqual({ placed_in_work: 150, loans_disbursed: 15 })
  })

  test('each change is one audit event with before and after, in the chain; the same values again write nothing', async () => {
    const year = 2027
    await setWardTargets({ actor: coordinator, year, wardCode: B, targets: { placed_in_work: 10 } })
    await setWardTargets({
      actor: coordinator,
      year,
      wardCode: B,
      targets: { placed_in_work: 12, loans_disbursed: 3, courses_completed: null },
    })
    const before = await counts()
    const same = await setWardTargets({
      actor: coordinator,
      year,
      wardCode: B,
      targets: { placed_in_work: 12, loans_disbursed: 3 },
    })
    expect(same.changed).toEqual([])
    expect(await counts()).toEqual(before)

    const events = (await targetAuditOf(B)).filter((e) => e.details.year === year)
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      actorId: coordinator.userId,
      actorRole: 'coordinator',
      subjectType: 'ward',
      subjectId: B,
      details: { year, metrics: ['placed_in_work'], 'before.placed_in_work': null, 'after.placed_in_work': 10 },
    })
    // Clearing a metric that had no target is no change, so it is not in the event.
    expect(events[1]!.details).toEqual({
      year,
      metrics: ['placed_in_work', 'loans_disbursed'],
      'before.placed_in_work': 10,
      'after.placed_in_work': 12,
      'before.loans_disbursed': null,
      'after.loans_disbursed': 3,
    })
    expect((await verifyAuditChain()).brokenAt).toBeNull()
  })

  test('saves of one ward at the same time take turns: each event’s "before" is the one the save replaced', async () => {
    const year = 2029
    await Promise.all(
      [5, 6, 7, 8].map((n) =>
        setWardTargets({ actor: coordinator, year, wardCode: C, targets: { placed_in_work: n, loans_disbursed: n } }),
      ),
    )
    const events = (await targetAuditOf(C)).filter((e) => e.details.year === year)
    expect(events).toHaveLength(4)
    expect(events[0]!.details['before.placed_in_work']).toBeNull()
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.details['before.placed_in_work']).toBe(events[i - 1]!.details['after.placed_in_work'])
    }
    const last = events.at(-1)!.details['after.placed_in_work']
    expect(await stored(C, year)).toEqual({ placed_in_work: last, loans_disbursed: last })
  })

  test('the bounds themselves are accepted: 0 and 100 000, years 2020 and 2100', async () => {
    await setWardTargets({ actor: coordinator, year: 2020, wardCode: C, targets: { placed_in_work: 0 } })
    await setWardTargets({ actor: coordinator, year: 2100, wardCode: C, targets: { placed_in_work: 100_000 } })
    expect(await stored(C, 2020)).toEqual({ placed_in_work: 0 })
    expect(await stored(C, 2100)).toEqual({ placed_in_work: 100_000 })
  })

  const bad: [string, Parameters<typeof setWardTargets>[0] extends infer O ? Partial<O> : never, string][] = [
    ['a negative target', { targets: { placed_in_work: 5, loans_disbursed: -1 } }, 'loans_disbursed'],
    ['a target over 100 000', { targets: { courses_completed: 100_001 } }, 'courses_completed'],
    ['a fraction', { targets: { placed_in_work: 12.5 } }, 'placed_in_work'],
    ['not a number', { targets: { placed_in_work: Number.NaN } }, 'placed_in_work'],
    ['a number as text', { targets: { placed_in_work: '12' as unknown as number } }, 'placed_in_work'],
    ['an unknown metric', { targets: { people_hugged: 3 } as Record<string, number> }, 'people_hugged'],
    ['an unknown ward', { wardCode: '99999' }, 'wardCode'],
    ['a year before 2020', { year: 2019 }, 'year'],
    ['a year after 2100', { year: 2101 }, 'year'],
    ['a year that is not whole', { year: 2026.5 }, 'year'],
  ]
  test.each(bad)('%s is refused and changes nothing', async (_, overrides, field) => {
    await setWardTargets({ actor: coordinator, year: 2028, wardCode: A, targets: { placed_in_work: 40 } })
    const before = await counts()
    const error = await appError(
      setWardTargets({
        actor: coordinator,
        year: 2028,
        wardCode: A,
        targets: { placed_in_work: 41 },
        ...overrides,
      }),
    )
    expect(error).toMatchObject({ code: 'invalid_input', field })
    expect(await counts()).toEqual(before)
    expect(await stored(A, 2028)).toEqual({ placed_in_work: 40 })
  })

  test('caseworkers, partners and an unverified coordinator are refused, and nothing is written', async () => {
    const caseworker = await createCaseworker([A])
    const partner = await createPartner()
    const unverified = await createUser({ role: 'coordinator', verified: false })
    const before = await counts()
    const targets = { placed_in_work: 1 }
    await expect403(
      setWardTargets({
        actor: actor({ role: 'caseworker', userId: caseworker.id, wardCodes: [A] }),
        year: 2026,
        wardCode: A,
        targets,
      }),
    )
    await expect403(
      setWardTargets({
        actor: actor({
          role: 'partner',
          userId: partner.id,
          membership: { organisationId: partner.organisationId, role: 'owner', organisationStatus: 'approved' },
        }),
        year: 2026,
        wardCode: A,
        targets,
      }),
    )
    await expect403(
      setWardTargets({
        actor: actor({ role: 'coordinator', userId: unverified.id, emailVerified: false }),
        year: 2026,
        wardCode: A,
        targets,
      }),
    )
    expect(await counts()).toEqual(before)
  })
})

describe('reading targets for the dashboards', () => {
  const year = 2030
  beforeAll(async () => {
    await setWardTargets({
      actor: coordinator,
      year,
      wardCode: A,
      targets: { placed_in_work: 100, courses_completed: 40 },
    })
    await setWardTargets({
      actor: coordinator,
      year,
      wardCode: B,
      targets: { placed_in_work: 30, loans_disbursed: 7 },
    })
    await setWardTargets({ actor: coordinator, year, wardCode: C, targets: { courses_completed: 5 } })
    // Another year, which must not leak into 2030.
    await setWardTargets({ actor: coordinator, year: year + 1, wardCode: A, targets: { placed_in_work: 999 } })
  })

  test('totals per metric, city-wide and for a subset of wards, with 0 where nothing is set', async () => {
    expect(await targetTotals({ year })).toEqual({ placed_in_work: 130, courses_completed: 45, loans_disbursed: 7 })
    expect(await targetTotals({ year, wardCodes: [A, C] })).toEqual({
      placed_in_work: 100,
      courses_completed: 45,
      loans_disbursed: 0,
    })
    expect(await targetTotals({ year, wardCodes: [B] })).toEqual({
      placed_in_work: 30,
      courses_completed: 0,
      loans_disbursed: 7,
    })
    expect(await targetTotals({ year: year + 1 })).toEqual({
      placed_in_work: 999,
      courses_completed: 0,
      loans_disbursed: 0,
    })
    expect(await targetTotals({ year: 2099 })).toEqual({ placed_in_work: 0, courses_completed: 0, loans_disbursed: 0 })
    expect(await targetTotals({ year, wardCodes: [] })).toEqual({
      placed_in_work: 0,
      courses_completed: 0,
      loans_disbursed: 0,
    })
  })

  test('rows by ward name, metrics in their declared order, only the wards asked for', async () => {
    const all = await listWardTargets({ year })
    expect(all.map((r) => [r.wardName, r.metric, r.target])).toEqual([
      ['Phường Ba Đình', 'courses_completed', 5],
      ['Phường Hà Đông', 'placed_in_work', 30],
      ['Phường Hà Đông', 'loans_disbursed', 7],
      ['Phường Hoàn Kiếm', 'placed_in_work', 100],
      ['Phường Hoàn Kiếm', 'courses_completed', 40],
    ])
    expect(all[0]).toEqual({ wardCode: C, wardName: 'Phường Ba Đình', metric: 'courses_completed', target: 5 })
    const some = await listWardTargets({ year, wardCodes: [B] })
    expect(some.map((r) => r.metric)).toEqual<TargetMetric[]>(['placed_in_work', 'loans_disbursed'])
    expect(await listWardTargets({ year, wardCodes: [] })).toEqual([])
  })
})

describe('the /coordinator/targets page', () => {
  async function cookieFor(role: 'coordinator' | 'caseworker' | 'partner') {
    const user =
      role === 'partner'
        ? await createPartner()
        : role === 'caseworker'
          ? await createCaseworker()
          : await createUser({ role })
    const { token } = await createSession({ userId: user.id, role })
    return `${sessionCookieName()}=${token}`
  }

  function post(cookie: string, fields: Record<string, string>) {
    return new Request('http://localhost/coordinator/targets', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    })
  }

  test('lists all 126 wards for the current Hanoi year by default, with the targets set', async () => {
    const cookie = await cookieFor('coordinator')
    const thisYear = Number(hanoiToday().slice(0, 4))
    await setWardTargets({ actor: coordinator, year: thisYear, wardCode: B, targets: { loans_disbursed: 9 } })
    const page = await loader(
      routeArgs(new Request('http://localhost/coordinator/targets', { headers: { cookie } }), {}),
    )
    expect(page.year).toBe(thisYear)
    expect(page.wards).toHaveLength(126)
    expect(page.wards.find((w) => w.code === B)!.targets).toMatchObject({ loans_disbursed: 9 })
    expect(page.wards.find((w) => w.code === B)!.searchText).toContain('ha dong')
    const other = await loader(
      routeArgs(new Request('http://localhost/coordinator/targets?year=2030', { headers: { cookie } }), {}),
    )
    expect(other.year).toBe(2030)
    expect(other.totals).toEqual(await targetTotals({ year: 2030 }))
  })

  test('saving redirects with a toast; bad input answers 400 with translated keys and changes nothing', async () => {
    const cookie = await cookieFor('coordinator')
    const saved = (await action(
      routeArgs(
        post(cookie, {
          year: '2032',
          wardCode: A,
          placed_in_work: '1.200',
          courses_completed: '',
          loans_disbursed: '7',
        }),
        {},
      ),
    )) as Response
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toBe('/coordinator/targets?year=2032')
    expect(saved.headers.get('set-cookie')).toContain('hn_toast')
    expect(await stored(A, 2032)).toEqual({ placed_in_work: 1200, loans_disbursed: 7 })

    const before = await counts()
    const cases: [Record<string, string>, string, string][] = [
      [{ placed_in_work: '-3' }, 'placed_in_work', 'targets.errors.negative'],
      [{ loans_disbursed: '100001' }, 'loans_disbursed', 'targets.errors.tooLarge'],
      [{ courses_completed: '2,5' }, 'courses_completed', 'targets.errors.decimal'],
      [{ courses_completed: 'mười' }, 'courses_completed', 'targets.errors.format'],
      [{ year: '2019' }, 'year', 'targets.errors.year'],
    ]
    for (const [fields, field, key] of cases) {
      const reply = (await action(
        routeArgs(post(cookie, { year: '2032', wardCode: A, placed_in_work: '5', ...fields }), {}),
      )) as unknown as {
        type: string
        init: { status: number }
        data: { wardCode: string; result: { error: Record<string, string[]> } }
      }
      expect(reply.init.status, key).toBe(400)
      expect(reply.data.wardCode).toBe(A)
      expect(reply.data.result.error[field]).toEqual([key])
    }
    const unknownWard = (await action(
      routeArgs(post(cookie, { year: '2032', wardCode: '99999', placed_in_work: '5' }), {}),
    )) as unknown as { init: { status: number }; data: { result: { error: Record<string, string[]> } } }
    expect(unknownWard.init.status).toBe(400)
    expect(unknownWard.data.result.error['']).toEqual(['targets.errors.ward'])
    expect(await counts()).toEqual(before)
    expect(await stored(A, 2032)).toEqual({ placed_in_work: 1200, loans_disbursed: 7 })
  })

  test('a caseworker or a partner gets 403 from the page and from saving', async () => {
    for (const role of ['caseworker', 'partner'] as const) {
      const cookie = await cookieFor(role)
      const before = await counts()
      const get = await thrown(
        loader(routeArgs(new Request('http://localhost/coordinator/targets', { headers: { cookie } }), {})),
      )
      expect((get as Response).status).toBe(403)
      await expect403(action(routeArgs(post(cookie, { year: '2032', wardCode: A, placed_in_work: '1' }), {})))
      expect(await counts()).toEqual(before)
    }
  })
})
