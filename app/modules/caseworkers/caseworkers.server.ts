import { and, asc, count, eq, inArray, isNotNull, isNull, ne, sql } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  authTokens,
  caseworkerWards,
  emailOutbox,
  organisations,
  users,
  wards,
  type UserRole,
} from '#db/schema/index.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { invalidateUserSessions } from '#app/modules/auth/session.server.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'

/** Caseworkers with their wards, for coordinators. */
export async function listCaseworkers(options: { actor: Actor }) {
  authorize(options.actor, 'caseworker:invite')
  const rows = await getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      disabledAt: users.disabledAt,
      activated: sql<boolean>`${users.passwordHash} is not null`,
      wardNames: sql<
        string[]
      >`coalesce(array_agg(${wards.name} order by ${wards.name}) filter (where ${wards.code} is not null), '{}')`,
      wardCodes: sql<
        string[]
      >`coalesce(array_agg(${wards.code} order by ${wards.name}) filter (where ${wards.code} is not null), '{}')`,
    })
    .from(users)
    .leftJoin(caseworkerWards, eq(caseworkerWards.userId, users.id))
    .leftJoin(wards, eq(wards.code, caseworkerWards.wardCode))
    .where(eq(users.role, 'caseworker'))
    .groupBy(users.id)
    .orderBy(asc(users.name))
  return rows
}

/** The headline counts on the coordinator's dashboard. */
export async function getCityOverview(options: { actor: Actor }) {
  authorize(options.actor, 'coordinator:access')
  const db = getDb()
  const [orgs, caseworkers, outbox] = await Promise.all([
    db.select({ status: organisations.status, n: count() }).from(organisations).groupBy(organisations.status),
    db
      .select({ n: count() })
      .from(users)
      .where(and(eq(users.role, 'caseworker'), eq(users.status, 'active'))),
    db.select({ status: emailOutbox.status, n: count() }).from(emailOutbox).groupBy(emailOutbox.status),
  ])
  const byStatus = Object.fromEntries(orgs.map((o) => [o.status, Number(o.n)]))
  const outboxBy = Object.fromEntries(outbox.map((o) => [o.status, Number(o.n)]))
  return {
    organisations: {
      pending: byStatus.pending ?? 0,
      approved: byStatus.approved ?? 0,
      suspended: byStatus.suspended ?? 0,
    },
    caseworkers: Number(caseworkers[0]?.n ?? 0),
    emails: { failed: outboxBy.failed ?? 0, waiting: (outboxBy.pending ?? 0) + (outboxBy.sending ?? 0) },
  }
}

/** Coordinators, for the coordinators' own list (who can still sign in, who was disabled). */
export async function listCoordinators(options: { actor: Actor }) {
  authorize(options.actor, 'staff:manage-access')
  return getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      disabledAt: users.disabledAt,
      activated: sql<boolean>`${users.passwordHash} is not null`,
    })
    .from(users)
    .where(eq(users.role, 'coordinator'))
    .orderBy(asc(users.name))
}

// Any fixed number: the key of the transaction-level lock that puts changes of staff access in one line,
// so two coordinators disabling each other at once cannot leave the city without one.
const STAFF_ACCESS_LOCK = 4242004
const STAFF_ROLES: UserRole[] = ['caseworker', 'coordinator']
const COORDINATOR_ROLES: UserRole[] = ['coordinator']

/**
 * A coordinator disables a caseworker's or coordinator's account (a departing staff member), or enables it
 * again. Disabling ends every session of the account at once and retires its unused one-time links; sign-in
 * is refused like a wrong password. The last coordinator who can sign in cannot be disabled, by anyone,
 * themself included (`last_coordinator`). Doing what is already done changes nothing and records nothing.
 */
export async function setStaffAccess(options: {
  actor: Actor
  userId: string
  access: 'active' | 'disabled'
  now?: Date
}): Promise<{ changed: boolean; sessionsEnded: number; name: string }> {
  authorize(options.actor, 'staff:manage-access')
  // From the URL or a form: a malformed id would make the query fail (a 500) where "not found" is the answer.
  if (!isUuid(options.userId)) throw new AppError('not_found')
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STAFF_ACCESS_LOCK})`)
    // Only staff accounts: a partner's account belongs to its organisation's owner (team.server.ts).
    const [user] = await tx
      .select({ id: users.id, name: users.name, role: users.role, status: users.status })
      .from(users)
      .where(and(eq(users.id, options.userId), inArray(users.role, STAFF_ROLES)))
    if (!user) throw new AppError('not_found')
    if (user.status === options.access) return { changed: false, sessionsEnded: 0, name: user.name }
    if (options.access === 'disabled' && COORDINATOR_ROLES.includes(user.role)) {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(
          and(
            eq(users.role, 'coordinator'),
            eq(users.status, 'active'),
            isNotNull(users.passwordHash),
            ne(users.id, user.id),
          ),
        )
      if (Number(others?.n ?? 0) === 0) throw new AppError('last_coordinator')
    }
    let sessionsEnded = 0
    if (options.access === 'disabled') {
      await tx
        .update(users)
        .set({ status: 'disabled', disabledAt: now, disabledById: options.actor.userId, updatedAt: now })
        .where(eq(users.id, user.id))
      sessionsEnded = await invalidateUserSessions(tx, user.id)
      // A reset or invitation link sent before must not work again once the account is enabled.
      await tx
        .update(authTokens)
        .set({ usedAt: now })
        .where(and(eq(authTokens.userId, user.id), isNull(authTokens.usedAt)))
    } else {
      await tx
        .update(users)
        .set({ status: 'active', disabledAt: null, disabledById: null, updatedAt: now })
        .where(eq(users.id, user.id))
    }
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: options.access === 'disabled' ? 'staff.disabled' : 'staff.enabled',
      subjectType: 'user',
      subjectId: user.id,
      details: { role: user.role, ...(options.access === 'disabled' ? { sessionsEnded } : {}) },
    })
    return { changed: true, sessionsEnded, name: user.name }
  })
}
