import { getDb } from '#db/client.server.ts'
import { candidates, candidateSensitive, type CandidateStatus } from '#db/schema/index.ts'
import { foldName, normalizeNationalId } from '#app/modules/candidates/candidates.schema.ts'
import { generatePublicCode } from '#app/modules/candidates/public-code.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'

// Candidates inserted directly (no domain function, no audit): fast setup where intake itself is not
// under test. The signature is shared with other test files: add options, never change existing ones.

export type CandidateSensitiveInput = {
  drugUseHistory?: string | null
  criminalRecord?: string | null
  facility?: string | null
  healthNotes?: string | null
  nationalId?: string | null
}

let counter = 0

export async function createCandidate(options: {
  wardCode: string
  caseworkerId?: string | null
  fullName?: string
  dateOfBirth?: string | null
  phone?: string | null
  status?: CandidateStatus
  sensitive?: CandidateSensitiveInput
  needs?: ('job' | 'course' | 'loan')[]
  skills?: string[]
  gender?: 'female' | 'male' | 'other' | 'unspecified'
  background?: 'after_rehab' | 'after_prison' | 'both' | null
  createdAt?: Date
  publicCode?: string
}) {
  counter += 1
  const fullName = options.fullName ?? `Nguyễn Văn Thử ${counter}`
  const status = options.status ?? 'active'
  const [row] = await getDb()
    .insert(candidates)
    .values({
      publicCode: options.publicCode ?? generatePublicCode(),
      fullName,
      foldedName: foldName(fullName),
      dateOfBirth: options.dateOfBirth === undefined ? '1990-05-17' : options.dateOfBirth,
      gender: options.gender ?? 'unspecified',
      phone: options.phone ?? null,
      wardCode: options.wardCode,
      caseworkerId: options.caseworkerId ?? null,
      status,
      intakeStep: status === 'draft' ? 2 : 4,
      background: options.background === undefined ? 'after_rehab' : options.background,
      needs: options.needs ?? ['job'],
      skills: options.skills ?? [],
      ...(options.createdAt ? { createdAt: options.createdAt, updatedAt: options.createdAt } : {}),
    })
    .returning()
  if (options.sensitive) {
    const nationalId = options.sensitive.nationalId ? normalizeNationalId(options.sensitive.nationalId) : null
    await getDb()
      .insert(candidateSensitive)
      .values({
        candidateId: row!.id,
        drugUseHistory: options.sensitive.drugUseHistory ?? null,
        criminalRecord: options.sensitive.criminalRecord ?? null,
        facility: options.sensitive.facility ?? null,
        healthNotes: options.sensitive.healthNotes ?? null,
        nationalId,
        nationalIdHash: nationalId ? hashToken(nationalId) : null,
      })
  }
  return row!
}
