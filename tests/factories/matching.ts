import { getDb } from '#db/client.server.ts'
import { consents, type ConsentPurpose, type OrganisationKind } from '#db/schema/index.ts'
import type { Actor } from '#app/policy.ts'
import { createCandidate } from './candidates'
import { createOpportunity, createOrganisation, type OpportunityInput } from './opportunities'
import { actor, createCaseworker, createUser } from './users'
import { memberships } from '#db/schema/index.ts'

// A small world for matching tests: a partner organisation with staff and a listing, a caseworker of a
// ward and a person there with consents. Inserted directly; the domain functions under test do the rest.

export const HOAN_KIEM = '00070'
export const CUA_NAM = '00082'
export const HA_DONG = '09556'

export async function partnerStaff(
  kind: OrganisationKind = 'employer',
  options: { locale?: 'vi' | 'en'; status?: 'approved' | 'pending' | 'suspended' | 'rejected'; name?: string } = {},
) {
  const organisation = await createOrganisation({ kind, status: options.status ?? 'approved', name: options.name })
  const user = await createUser({ role: 'partner', locale: options.locale ?? 'vi' })
  await getDb().insert(memberships).values({ organisationId: organisation.id, userId: user.id, role: 'owner' })
  const staff: Actor = actor({
    role: 'partner',
    userId: user.id,
    membership: { organisationId: organisation.id, role: 'owner', organisationStatus: options.status ?? 'approved' },
  })
  return { organisation, user, actor: staff }
}

export async function wardCaseworker(wardCode = HOAN_KIEM, options: { locale?: 'vi' | 'en' } = {}) {
  const user = await createCaseworker([wardCode], { locale: options.locale ?? 'vi' })
  return { user, actor: actor({ role: 'caseworker', userId: user.id, wardCodes: [wardCode] }) }
}

export async function grant(candidateId: string, purposes: ConsentPurpose[]) {
  if (purposes.length === 0) return
  await getDb()
    .insert(consents)
    .values(
      purposes.map((purpose) => ({
        candidateId,
        purpose,
        evidence: 'Phiếu đồng ý số 12/2026',
        textVersion: '2026-01',
      })),
    )
}

export const ALL_PURPOSES: ConsentPurpose[] = [
  'talent_pool',
  'share_with_employers',
  'share_with_training_centres',
  'share_with_lenders',
]

export async function consentingCandidate(
  options: Parameters<typeof createCandidate>[0] & { purposes?: ConsentPurpose[] },
) {
  const { purposes = ALL_PURPOSES, ...rest } = options
  const person = await createCandidate(rest)
  await grant(person.id, purposes)
  return person
}

export async function listingOf(
  partner: { organisation: { id: string; name: string; kind: OrganisationKind } },
  input: Omit<OpportunityInput, 'organisation'> = {},
) {
  return createOpportunity({ organisation: partner.organisation, ...input })
}
