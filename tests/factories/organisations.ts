import { eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import { memberships, organisations, type MembershipRole, type OrganisationKind } from '#db/schema/index.ts'
import type { Actor } from '#app/policy.ts'
import { actor, createUser, type MadeUser } from './users'

// Partner organisations and the people in them, inserted directly (no sign-up, no email, no audit),
// with the policy's view of each member built from the same values the session would read.

export type OrganisationStatus = 'pending' | 'approved' | 'rejected' | 'suspended'

export type MadeOrganisation = { id: string; kind: OrganisationKind; name: string; status: OrganisationStatus }
export type MadeMember = MadeUser & { organisationId: string; membershipRole: MembershipRole; actor: Actor }

let counter = 0

export async function makeOrganisation(
  options: { kind?: OrganisationKind; status?: OrganisationStatus; name?: string; wardCode?: string | null } = {},
): Promise<MadeOrganisation> {
  counter += 1
  const values = {
    kind: options.kind ?? 'employer',
    name: options.name ?? `Công ty Thử nghiệm Số ${counter}`,
    status: options.status ?? 'approved',
    wardCode: options.wardCode === undefined ? '00070' : options.wardCode,
  }
  const [row] = await getDb().insert(organisations).values(values).returning({ id: organisations.id })
  return { id: row!.id, kind: values.kind, name: values.name, status: values.status }
}

/** A verified partner user in `organisation`, with the Actor a request of theirs would carry. */
export async function addMember(
  organisation: MadeOrganisation,
  options: { role?: MembershipRole; name?: string } = {},
): Promise<MadeMember> {
  const role = options.role ?? 'member'
  const user = await createUser({ role: 'partner', name: options.name })
  await getDb().insert(memberships).values({ organisationId: organisation.id, userId: user.id, role })
  return {
    ...user,
    organisationId: organisation.id,
    membershipRole: role,
    actor: actor({
      role: 'partner',
      userId: user.id,
      membership: { organisationId: organisation.id, role, organisationStatus: organisation.status },
    }),
  }
}

/** An organisation with its owner: the usual starting point. */
export async function makeOrganisationWithOwner(options: Parameters<typeof makeOrganisation>[0] = {}) {
  const organisation = await makeOrganisation(options)
  const owner = await addMember(organisation, { role: 'owner' })
  return { organisation, owner }
}

/**
 * Changes an organisation's vetting state in the database only (as a coordinator's decision would),
 * leaving any Actor built earlier as it was: a session read before the change.
 */
export async function setOrganisationStatus(organisationId: string, status: OrganisationStatus) {
  await getDb().update(organisations).set({ status }).where(eq(organisations.id, organisationId))
}

/** The Actor of `member` as a request after the organisation's state changed would build it. */
export function withOrganisationStatus(member: MadeMember, status: OrganisationStatus): Actor {
  return { ...member.actor, membership: { ...member.actor.membership!, organisationStatus: status } }
}

export async function makeStaff(role: 'caseworker' | 'coordinator', wardCodes: string[] = []) {
  const user = await createUser({ role })
  return { ...user, actor: actor({ role, userId: user.id, wardCodes }) }
}
