import { readFileSync } from 'node:fs'
import { asc, count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, jobDetails, opportunities, skills } from '#db/schema/index.ts'
import {
  createSkill,
  SKILL_GROUPS,
  skillCodeFrom,
  SkillSchema,
  updateSkill,
  type SkillInput,
} from '#app/modules/skills/skills-admin.server.ts'
import { findActiveSkillCodes, listSkills } from '#app/modules/skills/skills.server.ts'
import type { Actor } from '#app/policy.ts'
import { actor, createCaseworker, createPartner, createUser } from '../factories/users'
import { appError, expect403 } from '../support/errors'

const REFERENCE = JSON.parse(readFileSync('db/reference/skills.json', 'utf8')) as [string, string, string, string][]

async function coordinator(): Promise<Actor> {
  return actor({ role: 'coordinator', userId: (await createUser({ role: 'coordinator' })).id })
}

async function skill(code: string) {
  const [row] = await getDb().select().from(skills).where(eq(skills.code, code))
  return row
}

async function counts() {
  return {
    skills: Number((await getDb().select({ n: count() }).from(skills))[0]!.n),
    audit: Number((await getDb().select({ n: count() }).from(auditEvents))[0]!.n),
  }
}

async function auditOf(code: string) {
  return getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.subjectId, code))
    .orderBy(asc(auditEvents.id))
    .then((rows) => rows.filter((r) => r.subjectType === 'skill'))
}

const input = (values: Partial<Record<keyof SkillInput, unknown>>): SkillInput =>
  SkillSchema.parse({ active: 'on', ...values })

// Runs first: later tests add and change skills.
describe('the reference vocabulary', () => {
  test('the 59 reference skills exist after migration, active, with folded bilingual search text', async () => {
    expect(REFERENCE).toHaveLength(59)
    const rows = await getDb().select().from(skills)
    expect(rows).toHaveLength(59)
    const byCode = new Map(rows.map((r) => [r.code, r]))
    for (const [code, nameVi, nameEn, groupCode] of REFERENCE) {
      expect(byCode.get(code)).toMatchObject({ nameVi, nameEn, groupCode, active: true })
      expect((SKILL_GROUPS as readonly string[]).includes(groupCode)).toBe(true)
    }
    expect(byCode.get('welding')!.searchText).toBe('han welding')
    expect(byCode.get('motorbike_repair')!.searchText).toBe('sua chua xe may motorbike repair')
    expect(byCode.get('aquaculture')!.searchText).toBe('nuoi trong thuy san aquaculture')
    for (const row of rows) {
      expect(row.searchText).toBe(row.searchText.toLowerCase())
      expect(row.searchText.normalize('NFD')).not.toMatch(/\p{M}|đ/u)
    }
  })

  test('listSkills gives the active ones grouped (groups in order)', async () => {
    const list = await listSkills()
    expect(list).toHaveLength(59)
    const groups = list.map((s) => s.groupCode)
    expect(groups).toEqual([...groups].sort())
    expect(list.find((s) => s.code === 'welding')).toEqual({
      code: 'welding',
      nameVi: 'Hàn',
      nameEn: 'Welding',
      groupCode: 'mechanics',
      searchText: 'han welding',
      active: true,
    })
  })
})

describe('skillCodeFrom', () => {
  test.each([
    ['Forklift operation', 'forklift_operation'],
    ['  Barista & Café service!! ', 'barista_cafe_service'],
    ['Đóng tàu', 'dong_tau'],
    ['Driving (category D licence)', 'driving_category_d_licence'],
    ['!!!', ''],
  ])('%j → %j', (name, code) => {
    expect(skillCodeFrom(name)).toBe(code)
  })

  test('at most 40 characters', () => {
    expect(skillCodeFrom('a'.repeat(80))).toHaveLength(40)
  })
})

describe('createSkill', () => {
  test('code from the English name, search text folded in both languages, audited', async () => {
    const coord = await coordinator()
    const before = await counts()
    const result = await createSkill({
      actor: coord,
      input: input({ nameVi: '  Lái máy xúc, máy đào ', nameEn: 'Excavator Operation', groupCode: 'construction' }),
    })
    expect(result).toEqual({ code: 'excavator_operation' })
    expect(await skill('excavator_operation')).toMatchObject({
      nameVi: 'Lái máy xúc, máy đào',
      nameEn: 'Excavator Operation',
      groupCode: 'construction',
      searchText: 'lai may xuc, may dao excavator operation',
      active: true,
    })
    expect(await counts()).toEqual({ skills: before.skills + 1, audit: before.audit + 1 })
    const events = await auditOf('excavator_operation')
    expect(events.map((e) => [e.action, e.actorId, e.actorRole])).toEqual([
      ['skill.created', coord.userId, 'coordinator'],
    ])
    expect((await listSkills()).map((s) => s.code)).toContain('excavator_operation')
    expect(await findActiveSkillCodes(['excavator_operation'])).toEqual(new Set(['excavator_operation']))
  })

  test('created retired when the box is unticked', async () => {
    const coord = await coordinator()
    await createSkill({
      actor: coord,
      input: SkillSchema.parse({ nameVi: 'Đan lưới', nameEn: 'Net mending', groupCode: 'crafts' }),
    })
    expect(await skill('net_mending')).toMatchObject({ active: false, searchText: 'dan luoi net mending' })
    expect((await listSkills()).map((s) => s.code)).not.toContain('net_mending')
  })

  test.each([['Welding'], ['  WELDING!! '], ['Excavator operation']])(
    'an English name whose code exists (%j) → conflict on nameEn, nothing written',
    async (nameEn) => {
      const coord = await coordinator()
      const before = await counts()
      const weldingBefore = await skill('welding')
      const error = await appError(
        createSkill({ actor: coord, input: input({ nameVi: 'Hàn khác', nameEn, groupCode: 'crafts' }) }),
      )
      expect(error.code).toBe('conflict')
      expect(error.field).toBe('nameEn')
      expect(await counts()).toEqual(before)
      expect(await skill('welding')).toEqual(weldingBefore)
    },
  )

  test('an English name with no letters or digits → invalid_input on nameEn', async () => {
    const coord = await coordinator()
    const before = await counts()
    const error = await appError(
      createSkill({ actor: coord, input: input({ nameVi: 'Không tên', nameEn: '!!!', groupCode: 'crafts' }) }),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.field).toBe('nameEn')
    expect(await counts()).toEqual(before)
  })

  test.each([
    ['a caseworker', async () => actor({ role: 'caseworker', userId: (await createCaseworker()).id })],
    [
      'a partner owner',
      async () => {
        const p = await createPartner()
        return actor({
          role: 'partner',
          userId: p.id,
          membership: { organisationId: p.organisationId, role: 'owner', organisationStatus: 'approved' },
        })
      },
    ],
    [
      'an unverified coordinator',
      async () =>
        actor({
          role: 'coordinator',
          userId: (await createUser({ role: 'coordinator', verified: false })).id,
          emailVerified: false,
        }),
    ],
  ])('%s cannot create or change skills (403), nothing written', async (_who, makeActor) => {
    const who = await makeActor()
    const before = await counts()
    const weldingBefore = await skill('welding')
    await expect403(
      createSkill({ actor: who, input: input({ nameVi: 'Trộm', nameEn: 'Intruder skill', groupCode: 'crafts' }) }),
    )
    await expect403(
      updateSkill({
        actor: who,
        code: 'welding',
        input: input({ nameVi: 'Đã sửa', nameEn: 'Changed', groupCode: 'crafts', active: undefined }),
      }),
    )
    expect(await counts()).toEqual(before)
    expect(await skill('intruder_skill')).toBeUndefined()
    expect(await skill('welding')).toEqual(weldingBefore)
  })
})

describe('updateSkill', () => {
  test('renames: the code stays, the search text follows, audited', async () => {
    const coord = await coordinator()
    const before = await skill('carpentry')
    await updateSkill({
      actor: coord,
      code: 'carpentry',
      input: input({ nameVi: 'Mộc dân dụng', nameEn: 'Joinery and carpentry', groupCode: 'construction' }),
    })
    const after = await skill('carpentry')
    expect(after).toMatchObject({
      code: 'carpentry',
      nameVi: 'Mộc dân dụng',
      nameEn: 'Joinery and carpentry',
      groupCode: 'construction',
      searchText: 'moc dan dung joinery and carpentry',
      active: true,
      createdAt: before!.createdAt,
    })
    expect(after!.updatedAt.getTime()).toBeGreaterThan(before!.updatedAt.getTime())
    expect(await skill('joinery_and_carpentry')).toBeUndefined()
    const events = await auditOf('carpentry')
    expect(events.map((e) => [e.action, e.actorId, e.details])).toEqual([
      ['skill.updated', coord.userId, { active: true }],
    ])
  })

  test('regroups', async () => {
    const coord = await coordinator()
    await updateSkill({
      actor: coord,
      code: 'photography',
      input: input({ nameVi: 'Chụp ảnh', nameEn: 'Photography', groupCode: 'crafts' }),
    })
    expect((await skill('photography'))!.groupCode).toBe('crafts')
    const listed = (await listSkills()).find((s) => s.code === 'photography')
    expect(listed!.groupCode).toBe('crafts')
  })

  test('retires: hidden from pickers and validation, kept with includeInactive; can be revived', async () => {
    const coord = await coordinator()
    const retire = input({ nameVi: 'Làm móng', nameEn: 'Nail care', groupCode: 'personal_services', active: undefined })
    expect(retire.active).toBe(false)
    const activeBefore = (await listSkills()).length
    await updateSkill({ actor: coord, code: 'nail_care', input: retire })

    expect((await skill('nail_care'))!.active).toBe(false)
    const active = await listSkills()
    expect(active.map((s) => s.code)).not.toContain('nail_care')
    expect(active).toHaveLength(activeBefore - 1)
    expect(active.every((s) => s.active)).toBe(true)
    const all = await listSkills({ includeInactive: true })
    expect(all.find((s) => s.code === 'nail_care')).toMatchObject({ active: false, nameEn: 'Nail care' })
    expect(all.length).toBeGreaterThan(active.length)
    expect((await auditOf('nail_care')).at(-1)!.details).toEqual({ active: false })

    await updateSkill({
      actor: coord,
      code: 'nail_care',
      input: input({ nameVi: 'Làm móng', nameEn: 'Nail care', groupCode: 'personal_services' }),
    })
    expect((await listSkills()).map((s) => s.code)).toContain('nail_care')
  })

  test('an unknown code → not_found, nothing written', async () => {
    const coord = await coordinator()
    const before = await counts()
    const error = await appError(
      updateSkill({
        actor: coord,
        code: 'no_such_skill',
        input: input({ nameVi: 'Không có', nameEn: 'No such skill', groupCode: 'crafts' }),
      }),
    )
    expect(error.code).toBe('not_found')
    expect(await counts()).toEqual(before)
    expect(await skill('no_such_skill')).toBeUndefined()
  })
})

describe('findActiveSkillCodes', () => {
  test('keeps only active, known codes', async () => {
    const coord = await coordinator()
    await updateSkill({
      actor: coord,
      code: 'embroidery',
      input: input({ nameVi: 'Thêu', nameEn: 'Embroidery', groupCode: 'garment', active: undefined }),
    })
    const found = await findActiveSkillCodes(['welding', 'cooking', 'embroidery', 'no_such_skill', 'welding', ''])
    expect(found).toEqual(new Set(['welding', 'cooking']))
    expect(await findActiveSkillCodes([])).toEqual(new Set())
    expect(await findActiveSkillCodes(['embroidery'])).toEqual(new Set())
    expect(await findActiveSkillCodes(['WELDING'])).toEqual(new Set())
  })
})

describe('renaming keeps listings findable', () => {
  test('a renamed skill is in the search text of the listings that require it, and only those', async () => {
    const { makeOrganisation } = await import('../factories/organisations')
    const org = await makeOrganisation({ name: 'Xưởng Cơ khí Gia Lâm' })
    const [withSkill, without] = await getDb()
      .insert(opportunities)
      .values([
        {
          organisationId: org.id,
          kind: 'job',
          title: 'Thợ hàn',
          description: 'x'.repeat(30),
          wardCode: '00070',
          capacity: 1,
          requiredSkills: ['welding'],
        },
        {
          organisationId: org.id,
          kind: 'job',
          title: 'Thợ sơn',
          description: 'y'.repeat(30),
          wardCode: '00070',
          capacity: 1,
          requiredSkills: ['painting'],
        },
      ])
      .returning()
    await getDb()
      .insert(jobDetails)
      .values([withSkill!, without!].map((o) => ({ opportunityId: o.id, employmentType: 'full_time' as const })))
    await updateSkill({
      actor: actor({ role: 'coordinator' }),
      code: 'welding',
      input: { nameVi: 'Hàn hồ quang tay', nameEn: 'Manual arc welding', groupCode: 'mechanics', active: true },
    })
    const [after, untouched] = await Promise.all(
      [withSkill!, without!].map(
        async (o) => (await getDb().select().from(opportunities).where(eq(opportunities.id, o.id)))[0]!,
      ),
    )
    expect(after!.searchText).toContain('han ho quang tay')
    expect(after!.searchText).toContain('manual arc welding')
    expect(after!.searchText).toContain('xuong co khi gia lam')
    expect(untouched!.searchText).toBe(without!.searchText)
  })
})
