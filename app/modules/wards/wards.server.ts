import { asc, inArray } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { wards } from '#db/schema/index.ts'

export type WardOption = { code: string; name: string; searchName: string; formerDistricts: string[] }

let cache: Promise<WardOption[]> | undefined

/** All wards, for pickers. Reference data changes only with a migration, so it is read once. */
export function listWards(): Promise<WardOption[]> {
  cache ??= getDb()
    .select({
      code: wards.code,
      name: wards.name,
      searchName: wards.searchName,
      formerDistricts: wards.formerDistricts,
    })
    .from(wards)
    .orderBy(asc(wards.name))
    .catch((error) => {
      cache = undefined
      throw error
    })
  return cache
}

export async function getWardNames(codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map()
  const rows = await getDb()
    .select({ code: wards.code, name: wards.name })
    .from(wards)
    .where(inArray(wards.code, [...codes]))
  return new Map(rows.map((r) => [r.code, r.name]))
}
