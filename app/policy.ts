import type { UserRole } from '#db/schema/index.ts'
import { AppError } from './utils/errors'

/**
 * The one authorization table. Every route and domain function asks `can(actor, permission)`; nothing
 * else checks roles by hand. Pure, so the browser can use it to hide what the server would refuse.
 * Deny by default: a permission not in the table, or an actor without an active, verified account, gets no.
 */
export type Actor = {
  userId: string
  role: UserRole
  emailVerified: boolean
  membership: {
    organisationId: string
    role: 'owner' | 'member'
    organisationStatus: 'pending' | 'approved' | 'rejected' | 'suspended'
  } | null
  wardCodes: readonly string[]
}

const isCoordinator = (a: Actor) => a.role === 'coordinator'
const isCaseworker = (a: Actor) => a.role === 'caseworker'
const isPartnerMember = (a: Actor) => a.role === 'partner' && a.membership !== null
const isPartnerOwner = (a: Actor) => isPartnerMember(a) && a.membership?.role === 'owner'
const isApprovedPartner = (a: Actor) => isPartnerMember(a) && a.membership?.organisationStatus === 'approved'
const isStaff = (a: Actor) => isCoordinator(a) || isCaseworker(a)

const RULES = {
  /** Own profile, language, password and sessions — even before the email is verified. */
  'account:manage': () => true,
  'partner:access': isPartnerMember,
  'organisation:read:own': isPartnerMember,
  'organisation:update:own': isPartnerOwner,
  'team:manage:own': isPartnerOwner,
  /** Invite colleagues: an email to an address someone typed, so only once the organisation is vetted. */
  'team:invite:own': (a) => isPartnerOwner(a) && isApprovedPartner(a),
  /** Draft, edit, close and reopen the organisation's own listings (any member). */
  'listing:manage:own': isPartnerMember,
  /** Put a listing in front of caseworkers: only once the organisation is vetted and approved. */
  'listing:publish:own': isApprovedPartner,
  'caseworker:access': isCaseworker,
  /** Browse and search open listings across the city. */
  'opportunity:search': isStaff,
  /** Every listing in any state, of any organisation (oversight). */
  'opportunity:read:any': isCoordinator,
  'skills:manage': isCoordinator,
  /** Candidates' records, scoped by ward for caseworkers (see candidateScopeCondition). */
  'candidate:read': isStaff,
  'candidate:write': isStaff,
  /** Every ward's candidates, not only one's own wards. */
  'candidate:read:any': isCoordinator,
  'candidate:merge': isCoordinator,
  /** Export a person's data (their right of access), with a reason recorded. */
  'candidate:export': isCoordinator,
  /** Refer candidates, review partners' interest, withdraw or close matches — in the candidate's scope. */
  'match:manage': isStaff,
  /** Browse the anonymised talent pool and express interest for an own open listing. */
  'talent:browse': isApprovedPartner,
  /** The organisation's incoming referrals: read what the consent allows, accept, decline, report. */
  'referral:respond': isApprovedPartner,
  'coordinator:access': isCoordinator,
  'caseworker:invite': isCoordinator,
  'caseworker:assign-wards': isCoordinator,
  /** Disable and re-enable caseworker and coordinator accounts (a departing staff member). */
  'staff:manage-access': isCoordinator,
  'organisation:vet': isCoordinator,
  'audit:read': isCoordinator,
  'outbox:read': isCoordinator,
} satisfies Record<string, (actor: Actor) => boolean>

export type Permission = keyof typeof RULES
export const PERMISSIONS = Object.keys(RULES) as Permission[]

/** Permissions that do not need a verified email address. */
const BEFORE_VERIFICATION: ReadonlySet<Permission> = new Set(['account:manage'])

export function can(actor: Actor | null | undefined, permission: Permission): boolean {
  if (!actor) return false
  // Own properties only: a name inherited from Object.prototype ('toString') is not a permission.
  if (!Object.hasOwn(RULES, permission)) return false
  const rule: (actor: Actor) => boolean = RULES[permission]
  if (!actor.emailVerified && !BEFORE_VERIFICATION.has(permission)) return false
  return rule(actor)
}

/** Where a signed-in person lands. */
export function homePath(actor: Pick<Actor, 'role'>): string {
  switch (actor.role) {
    case 'coordinator':
      return '/coordinator'
    case 'caseworker':
      return '/caseworker'
    case 'partner':
      return '/partner'
  }
}

/** For domain functions: refuse unless allowed (AppError forbidden: the 403 page, see utils/error-answers.server.ts). */
export function authorize(actor: Actor, permission: Permission) {
  if (!can(actor, permission)) throw new AppError('forbidden')
}
