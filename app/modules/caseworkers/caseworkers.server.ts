import { and, asc, count, eq, sql } from 'drizzle-orm'
import { getDb } from '#db/client.server'
import { caseworkerWards, emailOutbox, organisations, users, wards } from '#db/schema'
import type { Actor } from '~/policy'
import { authorize } from '~/policy.server'

/** Caseworkers with their wards, for coordinators. */
export async function listCaseworkers(options: { actor: Actor }) {
  authorize(options.actor, 'caseworker:invite')
  const rows = await getDb()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
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
