import { asc, eq, inArray } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import { skills } from '#db/schema/index.ts'

export type SkillOption = {
  code: string
  nameVi: string
  nameEn: string
  groupCode: string
  searchText: string
  active: boolean
}

/** The vocabulary for pickers: active skills by default, ordered by group then Vietnamese name. */
export async function listSkills(options: { includeInactive?: boolean } = {}): Promise<SkillOption[]> {
  const query = getDb()
    .select({
      code: skills.code,
      nameVi: skills.nameVi,
      nameEn: skills.nameEn,
      groupCode: skills.groupCode,
      searchText: skills.searchText,
      active: skills.active,
    })
    .from(skills)
  return (options.includeInactive ? query : query.where(eq(skills.active, true))).orderBy(
    asc(skills.groupCode),
    asc(skills.nameVi),
  )
}

/** Which of these codes are active skills (for validating a submitted list). */
export async function findActiveSkillCodes(codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set()
  const rows = await getDb()
    .select({ code: skills.code, active: skills.active })
    .from(skills)
    .where(inArray(skills.code, [...codes]))
  return new Set(rows.filter((r) => r.active).map((r) => r.code))
}

/** The names of these skills in both languages (retired ones too: a record keeps what it had). */
export async function getSkillNames(
  codes: readonly string[],
  executor: Executor = getDb(),
): Promise<Record<string, { vi: string; en: string }>> {
  if (codes.length === 0) return {}
  const rows = await executor
    .select({ code: skills.code, nameVi: skills.nameVi, nameEn: skills.nameEn })
    .from(skills)
    .where(inArray(skills.code, [...codes]))
  return Object.fromEntries(rows.map((r) => [r.code, { vi: r.nameVi, en: r.nameEn }]))
}
