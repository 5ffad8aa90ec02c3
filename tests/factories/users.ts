import { randomBytes } from 'node:crypto'
import { desc, eq } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  caseworkerWards,
  emailOutbox,
  memberships,
  organisations,
  users,
  type MembershipRole,
  type OrganisationKind,
  type UserRole,
} from '#db/schema/index.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import type { Actor } from '#app/policy.ts'

/** The password of every factory-made user (hashed once per test file, then reused). */
export const FACTORY_PASSWORD = 'Factory-Passphrase-4821-kite'

let cachedHash: Promise<string> | undefined
export function factoryPasswordHash() {
  cachedHash ??= hashPassword(FACTORY_PASSWORD)
  return cachedHash
}

let counter = 0
/** A fresh, unique, lower-case address. */
export function uniqueEmail(prefix = 'user') {
  counter += 1
  return `${prefix}-${counter}-${randomBytes(3).toString('hex')}@example.test`
}

export type MadeUser = { id: string; email: string; role: UserRole; password: string | null }

/** Inserts a user directly (no email, no audit): fast setup where sign-up itself is not under test. */
export async function createUser(
  options: {
    role?: UserRole
    email?: string
    name?: string
    verified?: boolean
    status?: 'active' | 'disabled'
    withPassword?: boolean
    locale?: string | null
  } = {},
): Promise<MadeUser> {
  const role = options.role ?? 'partner'
  const email = options.email ?? uniqueEmail(role)
  const withPassword = options.withPassword ?? true
  const [row] = await getDb()
    .insert(users)
    .values({
      email,
      name: options.name ?? `Người dùng ${role}`,
      role,
      status: options.status ?? 'active',
      passwordHash: withPassword ? await factoryPasswordHash() : null,
      emailVerifiedAt: (options.verified ?? true) ? new Date() : null,
      locale: options.locale === undefined ? 'vi' : options.locale,
    })
    .returning({ id: users.id })
  return { id: row!.id, email, role, password: withPassword ? FACTORY_PASSWORD : null }
}

export async function createCaseworker(
  wardCodes: string[] = ['00070'],
  options: Parameters<typeof createUser>[0] = {},
) {
  const user = await createUser({ ...options, role: 'caseworker' })
  if (wardCodes.length > 0) {
    await getDb()
      .insert(caseworkerWards)
      .values(wardCodes.map((wardCode) => ({ userId: user.id, wardCode })))
  }
  return { ...user, wardCodes }
}

export async function createPartner(
  options: {
    membershipRole?: MembershipRole
    organisationStatus?: 'pending' | 'approved' | 'rejected' | 'suspended'
    kind?: OrganisationKind
  } & Parameters<typeof createUser>[0] = {},
) {
  const user = await createUser({ ...options, role: 'partner' })
  const [org] = await getDb()
    .insert(organisations)
    .values({
      kind: options.kind ?? 'employer',
      name: 'Công ty Thử nghiệm',
      status: options.organisationStatus ?? 'approved',
    })
    .returning({ id: organisations.id })
  await getDb()
    .insert(memberships)
    .values({ organisationId: org!.id, userId: user.id, role: options.membershipRole ?? 'owner' })
  return { ...user, organisationId: org!.id }
}

/** The policy's view of a user, built from explicit values (no database). */
export function actor(partial: Partial<Actor> & Pick<Actor, 'role'>): Actor {
  return {
    userId: partial.userId ?? '00000000-0000-4000-8000-000000000000',
    emailVerified: partial.emailVerified ?? true,
    membership: partial.membership ?? null,
    wardCodes: partial.wardCodes ?? [],
    ...partial,
  }
}

/** The latest outbox row sent to an address, or undefined. */
export async function latestEmailTo(address: string) {
  const [row] = await getDb()
    .select()
    .from(emailOutbox)
    .where(eq(emailOutbox.toAddress, address))
    .orderBy(desc(emailOutbox.id))
    .limit(1)
  return row
}

/** The one-time token in the latest email to `address`, from its plain-text body. */
export async function tokenFromLatestEmail(address: string, path: 'verify-email' | 'reset-password' | 'invitation') {
  const row = await latestEmailTo(address)
  if (!row) throw new Error(`no email to ${address}`)
  const match = new RegExp(`/${path}/([a-z2-7]{32})`).exec(row.text)
  if (!match) throw new Error(`no /${path}/ link in the email to ${address}`)
  return match[1]!
}

/** The organisation details a partner gives at sign-up (valid values), for tests that register one. */
export const SIGNUP_ORGANISATION = {
  taxCode: '0101234567',
  wardCode: '00070',
  address: 'Số 12 phố Hàng Bạc',
  phone: '0912345678',
  description: 'Xưởng may gia công áo sơ mi, nhận thợ học việc và thợ lành nghề.',
  listedInDirectory: true,
} as const
