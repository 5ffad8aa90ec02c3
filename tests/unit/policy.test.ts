import { describe, expect, test } from 'vitest'
import { can, homePath, PERMISSIONS, type Actor, type Permission } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'

const ORG = '11111111-1111-4111-8111-111111111111'

const ACTORS = {
  coordinator: { userId: 'u-coord', role: 'coordinator', emailVerified: true, membership: null, wardCodes: [] },
  caseworker: { userId: 'u-cw', role: 'caseworker', emailVerified: true, membership: null, wardCodes: ['00070'] },
  partnerOwner: {
    userId: 'u-owner',
    role: 'partner',
    emailVerified: true,
    membership: { organisationId: ORG, role: 'owner', organisationStatus: 'approved' },
    wardCodes: [],
  },
  partnerMember: {
    userId: 'u-member',
    role: 'partner',
    emailVerified: true,
    membership: { organisationId: ORG, role: 'member', organisationStatus: 'approved' },
    wardCodes: [],
  },
  partnerWithoutMembership: { userId: 'u-lone', role: 'partner', emailVerified: true, membership: null, wardCodes: [] },
  unverifiedPartnerOwner: {
    userId: 'u-unverified',
    role: 'partner',
    emailVerified: false,
    membership: { organisationId: ORG, role: 'owner', organisationStatus: 'pending' },
    wardCodes: [],
  },
  nobody: null,
} satisfies Record<string, Actor | null>

type ActorName = keyof typeof ACTORS
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[]

// The expected answer for every permission × actor, written out: anything not marked 1 must be denied.
//                                    coord  cw  owner member lone unverified nobody
const EXPECTED: Record<Permission, [0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1, 0 | 1]> = {
  'account:manage': /*          */ [1, 1, 1, 1, 1, 1, 0],
  'partner:access': /*          */ [0, 0, 1, 1, 0, 0, 0],
  'organisation:read:own': /*   */ [0, 0, 1, 1, 0, 0, 0],
  'organisation:update:own': /* */ [0, 0, 1, 0, 0, 0, 0],
  'team:manage:own': /*         */ [0, 0, 1, 0, 0, 0, 0],
  'team:invite:own': /*         */ [0, 0, 1, 0, 0, 0, 0],
  'listing:manage:own': /*      */ [0, 0, 1, 1, 0, 0, 0],
  'listing:publish:own': /*     */ [0, 0, 1, 1, 0, 0, 0],
  'opportunity:search': /*      */ [1, 1, 0, 0, 0, 0, 0],
  'opportunity:read:any': /*    */ [1, 0, 0, 0, 0, 0, 0],
  'skills:manage': /*           */ [1, 0, 0, 0, 0, 0, 0],
  'candidate:read': /*          */ [1, 1, 0, 0, 0, 0, 0],
  'candidate:write': /*         */ [1, 1, 0, 0, 0, 0, 0],
  'candidate:read:any': /*      */ [1, 0, 0, 0, 0, 0, 0],
  'candidate:merge': /*         */ [1, 0, 0, 0, 0, 0, 0],
  'candidate:export': /*        */ [1, 0, 0, 0, 0, 0, 0],
  'caseworker:access': /*       */ [0, 1, 0, 0, 0, 0, 0],
  'match:manage': /*            */ [1, 1, 0, 0, 0, 0, 0],
  'talent:browse': /*           */ [0, 0, 1, 1, 0, 0, 0],
  'referral:respond': /*        */ [0, 0, 1, 1, 0, 0, 0],
  'coordinator:access': /*      */ [1, 0, 0, 0, 0, 0, 0],
  'caseworker:invite': /*       */ [1, 0, 0, 0, 0, 0, 0],
  'caseworker:assign-wards': /* */ [1, 0, 0, 0, 0, 0, 0],
  'staff:manage-access': /*     */ [1, 0, 0, 0, 0, 0, 0],
  'organisation:vet': /*        */ [1, 0, 0, 0, 0, 0, 0],
  'audit:read': /*              */ [1, 0, 0, 0, 0, 0, 0],
  'outbox:read': /*             */ [1, 0, 0, 0, 0, 0, 0],
}

describe('can(actor, permission)', () => {
  test('an organisation that is not approved may prepare listings but not publish them', () => {
    for (const organisationStatus of ['pending', 'rejected', 'suspended'] as const) {
      const actor: Actor = {
        ...ACTORS.partnerOwner,
        membership: { organisationId: ORG, role: 'owner', organisationStatus },
      }
      expect(can(actor, 'listing:manage:own'), organisationStatus).toBe(true)
      expect(can(actor, 'listing:publish:own'), organisationStatus).toBe(false)
      // Nor see the talent pool or referrals: people's cards are for vetted partners only.
      expect(can(actor, 'talent:browse'), organisationStatus).toBe(false)
      // Nor invite colleagues: an invitation is an email to an address anyone could type.
      expect(can(actor, 'team:invite:own'), organisationStatus).toBe(false)
      expect(can(actor, 'team:manage:own'), organisationStatus).toBe(true)
      expect(can(actor, 'referral:respond'), organisationStatus).toBe(false)
    }
  })

  test('the expected table covers exactly the permissions the policy defines', () => {
    expect([...PERMISSIONS].sort()).toEqual(Object.keys(EXPECTED).sort())
    expect(PERMISSIONS).toHaveLength(27)
  })

  const cases = PERMISSIONS.flatMap((permission) =>
    ACTOR_NAMES.map((name, i) => ({ permission, name, expected: EXPECTED[permission][i] === 1 })),
  )
  test.each(cases)('$permission × $name → $expected', ({ permission, name, expected }) => {
    expect(can(ACTORS[name], permission)).toBe(expected)
  })

  test('undefined actor is denied everything', () => {
    for (const p of PERMISSIONS) expect(can(undefined, p)).toBe(false)
  })

  test('a permission missing from the table is denied, even to a coordinator', () => {
    expect(can(ACTORS.coordinator, 'candidate:delete-everything' as Permission)).toBe(false)
    expect(can(ACTORS.partnerOwner, '' as Permission)).toBe(false)
  })

  // RULES is a plain object: names inherited from Object.prototype must not resolve to a rule.
  test('names inherited from Object.prototype are denied, not allowed or thrown', () => {
    for (const name of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
      let answer: unknown
      expect(() => (answer = can(ACTORS.partnerOwner, name as Permission)), name).not.toThrow()
      expect(answer, name).toBe(false)
    }
  })

  test('an unverified coordinator or caseworker gets only account:manage', () => {
    for (const role of ['coordinator', 'caseworker'] as const) {
      const unverified: Actor = { ...ACTORS[role], emailVerified: false }
      const allowed = PERMISSIONS.filter((p) => can(unverified, p))
      expect(allowed).toEqual(['account:manage'])
    }
  })

  test('a caseworker or coordinator carrying a membership still gets no partner permission', () => {
    const membership = { organisationId: ORG, role: 'owner' as const, organisationStatus: 'approved' as const }
    for (const role of ['coordinator', 'caseworker'] as const) {
      const odd: Actor = { ...ACTORS[role], membership }
      expect(can(odd, 'partner:access')).toBe(false)
      expect(can(odd, 'organisation:update:own')).toBe(false)
      expect(can(odd, 'team:manage:own')).toBe(false)
    }
  })

  test('a partner owner gets no staff permission even with ward codes', () => {
    const sneaky: Actor = { ...ACTORS.partnerOwner, wardCodes: ['00070'] }
    expect(can(sneaky, 'caseworker:access')).toBe(false)
    expect(can(sneaky, 'coordinator:access')).toBe(false)
    expect(can(sneaky, 'audit:read')).toBe(false)
  })

  test('the verified owner of a pending organisation can still open the partner area (to see its status)', () => {
    const pendingOwner: Actor = { ...ACTORS.unverifiedPartnerOwner, emailVerified: true }
    expect(can(pendingOwner, 'partner:access')).toBe(true)
    expect(can(pendingOwner, 'organisation:update:own')).toBe(true)
    expect(can(pendingOwner, 'organisation:vet')).toBe(false)
  })
})

describe('homePath', () => {
  test.each([
    ['coordinator', '/coordinator'],
    ['caseworker', '/caseworker'],
    ['partner', '/partner'],
  ] as const)('%s → %s', (role, path) => {
    expect(homePath({ role })).toBe(path)
  })
})

describe('authorize', () => {
  test('returns nothing when allowed', () => {
    expect(authorize(ACTORS.coordinator, 'caseworker:invite')).toBeUndefined()
  })

  test('throws AppError forbidden (a 403) when refused', () => {
    let thrown: unknown
    try {
      authorize(ACTORS.partnerOwner, 'caseworker:invite')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AppError)
    expect(thrown).toMatchObject({ code: 'forbidden', status: 403 })
  })
})
