import { eq } from 'drizzle-orm'
import { z } from '#app/utils/zod.ts'
import { getDb } from '#db/client.server.ts'
import { skills } from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { refreshListingSearchText } from '#app/modules/opportunities/listings.server.ts'
import { foldVietnamese } from '#app/modules/wards/fold.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'

export const SKILL_GROUPS = [
  'mechanics',
  'electrical',
  'construction',
  'hospitality',
  'garment',
  'agriculture',
  'manufacturing',
  'crafts',
  'personal_services',
  'services',
  'transport',
  'retail',
  'business',
  'office',
] as const

const name = z
  .string({ error: 'validation.required' })
  .trim()
  .min(2, { error: 'validation.tooShort' })
  .max(80, { error: 'validation.tooLong' })

export const SkillSchema = z.object({
  nameVi: name,
  nameEn: name,
  groupCode: z.enum(SKILL_GROUPS, { error: 'validation.choose' }),
  active: z
    .literal('on')
    .optional()
    .transform((v) => v === 'on'),
})

export type SkillInput = z.infer<typeof SkillSchema>

/** A stable code from the English name: "Forklift operation" → forklift_operation. */
export function skillCodeFrom(nameEn: string) {
  return foldVietnamese(nameEn)
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
}

function searchTextOf(input: SkillInput) {
  return `${foldVietnamese(input.nameVi)} ${foldVietnamese(input.nameEn)}`
}

/** A coordinator adds a skill or trade to the shared vocabulary. */
export async function createSkill(options: { actor: Actor; input: SkillInput }) {
  authorize(options.actor, 'skills:manage')
  const code = skillCodeFrom(options.input.nameEn)
  if (!code) throw new AppError('invalid_input', { field: 'nameEn' })
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ code: skills.code }).from(skills).where(eq(skills.code, code))
    if (existing) throw new AppError('conflict', { field: 'nameEn' })
    await tx.insert(skills).values({ code, ...options.input, searchText: searchTextOf(options.input) })
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'skill.created',
      subjectType: 'skill',
      subjectId: code,
    })
    return { code }
  })
}

/**
 * Renames, regroups or retires a skill. Retired skills stay on the listings and people that have them
 * (history is kept) but are no longer offered in pickers.
 */
export async function updateSkill(options: { actor: Actor; code: string; input: SkillInput }) {
  authorize(options.actor, 'skills:manage')
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .update(skills)
      .set({ ...options.input, searchText: searchTextOf(options.input), updatedAt: new Date() })
      .where(eq(skills.code, options.code))
      .returning({ code: skills.code })
    if (!row) throw new AppError('not_found')
    // Listings that require this skill are found by its names.
    await refreshListingSearchText(tx, { skillCode: options.code })
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'skill.updated',
      subjectType: 'skill',
      subjectId: options.code,
      details: { active: options.input.active },
    })
  })
}
