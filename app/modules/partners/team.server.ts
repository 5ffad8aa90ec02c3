import { and, asc, eq } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server'
import { memberships, organisations, sessions, users } from '#db/schema'
import { countRecentAuditEvents, writeAudit } from '~/modules/audit/audit.server'
import { issueToken, normalizeEmail, noticeToExistingAccount } from '~/modules/auth/accounts.server'
import { enqueueEmail } from '~/modules/email/outbox.server'
import type { Locale } from '~/modules/i18n/locales'
import type { Actor } from '~/policy'
import { authorize } from '~/policy.server'
import { getEnv } from '~/utils/env.server'
import { AppError } from '~/utils/errors'
import { isUuid } from '~/utils/ids'

/** The people of the signed-in partner's organisation (any member may see who is on the team). */
export async function listTeam(options: { actor: Actor }) {
  authorize(options.actor, 'organisation:read:own')
  return getDb()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      activated: users.passwordHash,
      status: users.status,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, options.actor.membership!.organisationId))
    .orderBy(asc(memberships.createdAt))
    .then((rows) => rows.map(({ activated, ...r }) => ({ ...r, activated: activated !== null })))
}

/** Invitations an organisation may send in any 24 hours (each is an email to an address someone typed). */
export const INVITATIONS_PER_DAY = 10

/**
 * The owner of an approved organisation invites a colleague: an account (no password yet) that belongs to
 * the organisation as a member, and an email with a link to choose a password. The email is fixed text and
 * the link: nothing the inviter typed (names) goes to an address that has not joined.
 *
 * An address that already has an account (staff included) gets the same answer as a new one, so the form
 * tells nobody which addresses have accounts: nothing is created, the attempt is audited (the reason kept in
 * the audit row only) and the address's owner is told. Every attempt counts towards INVITATIONS_PER_DAY per
 * organisation, counted in the database (so across server processes) under the organisation's row lock.
 * Returns the invited account's id, or null when nothing was created.
 */
export async function inviteTeamMember(options: {
  actor: Actor
  name: string
  email: string
  locale: Locale
  now?: Date
}): Promise<{ userId: string | null }> {
  authorize(options.actor, 'team:invite:own')
  const organisationId = options.actor.membership!.organisationId
  const email = normalizeEmail(options.email)
  const now = options.now ?? new Date()
  return getDb().transaction(async (tx) => {
    // One invitation at a time per organisation, so the count below cannot be overtaken.
    const [organisation] = await tx
      .select({ id: organisations.id, status: organisations.status })
      .from(organisations)
      .where(eq(organisations.id, organisationId))
      .for('update')
    // The session's view may be a moment old: the organisation must still be approved.
    if (organisation?.status !== 'approved') throw new Response('Forbidden', { status: 403 })
    const sent = await countRecentAuditEvents(tx, {
      subjectType: 'organisation',
      subjectId: organisationId,
      actions: ['team.member_invited', 'team.invitation_not_sent'],
      since: new Date(now.getTime() - 24 * 3600_000),
    })
    if (sent >= INVITATIONS_PER_DAY) throw new AppError('invitations_limited')
    const [existing] = await tx
      .select({
        id: users.id,
        email: users.email,
        locale: users.locale,
        role: users.role,
        status: users.status,
        membership: memberships.organisationId,
      })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, email))
    // Someone removed from a team earlier (a disabled partner account with no organisation) can be invited
    // again; any other existing account is left alone.
    const returning = existing?.role === 'partner' && existing.status === 'disabled' && !existing.membership
    const audit = { userId: options.actor.userId, role: options.actor.role }
    if (existing && !returning) {
      await noticeToExistingAccount(tx, existing, 'teamInvitation', now)
      await writeAudit(tx, {
        actor: audit,
        action: 'team.invitation_not_sent',
        subjectType: 'organisation',
        subjectId: organisationId,
        details: { reason: 'existing_account', userId: existing.id },
      })
      return { userId: null }
    }
    const [user] = returning
      ? await tx
          .update(users)
          .set({ name: options.name, status: 'active', passwordHash: null, emailVerifiedAt: null, updatedAt: now })
          .where(eq(users.id, existing.id))
          .returning({ id: users.id })
      : await tx
          .insert(users)
          .values({ email, name: options.name, role: 'partner', locale: options.locale, createdAt: now })
          .returning({ id: users.id })
    await tx.insert(memberships).values({ organisationId, userId: user!.id, role: 'member', createdAt: now })
    const token = await issueToken(tx, user!.id, 'invitation', now)
    await enqueueEmail(tx, {
      to: email,
      toUserId: user!.id,
      locale: options.locale,
      message: {
        template: 'partner-invitation',
        props: { url: new URL(`/invitation/${token}`, getEnv().appUrl).toString() },
      },
      metadata: { userId: user!.id, organisationId },
    })
    await writeAudit(tx, {
      actor: audit,
      action: 'team.member_invited',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: { userId: user!.id },
    })
    return { userId: user!.id }
  })
}

async function findMember(tx: Executor, organisationId: string, userId: string) {
  if (!isUuid(userId)) return undefined
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
  return member
}

/**
 * The owner removes a member: the membership ends, the account is disabled (it belongs to nobody now)
 * and its sessions end at once. The owner cannot remove themself; they transfer ownership first.
 */
export async function removeTeamMember(options: { actor: Actor; userId: string }) {
  authorize(options.actor, 'team:manage:own')
  const organisationId = options.actor.membership!.organisationId
  if (options.userId === options.actor.userId) throw new AppError('forbidden')
  await getDb().transaction(async (tx) => {
    const member = await findMember(tx, organisationId, options.userId)
    if (!member) throw new AppError('not_found')
    await tx
      .delete(memberships)
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, options.userId)))
    await tx.update(users).set({ status: 'disabled', updatedAt: new Date() }).where(eq(users.id, options.userId))
    await tx.delete(sessions).where(eq(sessions.userId, options.userId))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'team.member_removed',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: { userId: options.userId },
    })
  })
}

/** The owner hands the organisation to another member, and becomes a member. */
export async function transferOwnership(options: { actor: Actor; userId: string }) {
  authorize(options.actor, 'team:manage:own')
  const organisationId = options.actor.membership!.organisationId
  if (options.userId === options.actor.userId) throw new AppError('invalid_input')
  await getDb().transaction(async (tx) => {
    const member = await findMember(tx, organisationId, options.userId)
    if (!member) throw new AppError('not_found')
    const [target] = await tx
      .select({ active: users.status, passwordHash: users.passwordHash })
      .from(users)
      .where(eq(users.id, options.userId))
    // Only someone who has activated their account can take over.
    if (!target?.passwordHash || target.active !== 'active') throw new AppError('invalid_input')
    await tx
      .update(memberships)
      .set({ role: 'owner' })
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, options.userId)))
    await tx
      .update(memberships)
      .set({ role: 'member' })
      .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, options.actor.userId)))
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'team.ownership_transferred',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: { to: options.userId },
    })
  })
}
