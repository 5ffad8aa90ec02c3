import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm'
import { getDb, type Executor } from '#db/client.server.ts'
import { memberships, organisations, sessions, teamInvitations, users } from '#db/schema/index.ts'
import { countRecentAuditEvents, writeAudit } from '#app/modules/audit/audit.server.ts'
import {
  issueToken,
  normalizeEmail,
  noticeToExistingAccount,
  TOKEN_LIFETIME_MS,
} from '#app/modules/auth/accounts.server.ts'
import { enqueueEmail } from '#app/modules/email/outbox.server.ts'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { Actor } from '#app/policy.ts'
import { authorize } from '#app/policy.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'

/** The open invitations the team page lists, newest first (at most this many). */
export const LISTED_INVITATIONS = 50

/**
 * The signed-in partner's team (any member may see it): the people who have joined, and the invitations not
 * yet accepted. An invitation is listed the same way whether or not its address already had an account, so
 * the list tells nobody which addresses do.
 */
export async function listTeam(options: { actor: Actor; now?: Date }) {
  authorize(options.actor, 'organisation:read:own')
  const organisationId = options.actor.membership!.organisationId
  const now = options.now ?? new Date()
  const db = getDb()
  const members = await db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      status: users.status,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.organisationId, organisationId), isNotNull(users.passwordHash)))
    .orderBy(asc(memberships.createdAt))
  const invitations = await db
    .select({
      id: teamInvitations.id,
      name: teamInvitations.name,
      email: teamInvitations.email,
      createdAt: teamInvitations.createdAt,
      expiresAt: teamInvitations.expiresAt,
    })
    .from(teamInvitations)
    .where(openInvitations(organisationId))
    .orderBy(desc(teamInvitations.createdAt))
    .limit(LISTED_INVITATIONS)
  return {
    members,
    invitations: invitations.map((i) => ({ ...i, expired: i.expiresAt.getTime() <= now.getTime() })),
  }
}

function openInvitations(organisationId: string) {
  return and(
    eq(teamInvitations.organisationId, organisationId),
    isNull(teamInvitations.acceptedAt),
    isNull(teamInvitations.endedAt),
  )
}

/** Invitations an organisation may send in any 24 hours (each is an email to an address someone typed). */
export const INVITATIONS_PER_DAY = 10

/**
 * The owner of an approved organisation invites a colleague: an account (no password yet) that belongs to
 * the organisation as a member, and an email with a link to choose a password. The email is fixed text and
 * the link: nothing the inviter typed (names) goes to an address that has not joined.
 *
 * An address that already has an account (staff included) gets the same answer and the same row in the team
 * list as a new one, so neither tells anybody which addresses have accounts: no account, membership or link
 * is made, the attempt is audited (the reason kept in the audit row only) and the address's owner is told.
 * Inviting an address again ends its earlier invitation from this organisation, and a colleague invited
 * before who has not arrived gets a new link. Every attempt counts towards INVITATIONS_PER_DAY per
 * organisation, counted in the database (so across server processes) under the organisation's row lock.
 * Returns the invited account's id, or null when no account was invited.
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
    if (organisation?.status !== 'approved') throw new AppError('forbidden')
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
        passwordHash: users.passwordHash,
        membership: memberships.organisationId,
      })
      .from(users)
      .leftJoin(memberships, eq(memberships.userId, users.id))
      .where(eq(users.email, email))
    // The listed invitation this one replaces, if the address was invited before.
    await tx
      .update(teamInvitations)
      .set({ endedAt: now })
      .where(and(openInvitations(organisationId), eq(teamInvitations.email, email)))
    const row = {
      organisationId,
      email,
      name: options.name,
      invitedById: options.actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS.invitation),
    }
    // Someone removed from a team earlier (a disabled partner account with no organisation) can be invited
    // again, and so can a colleague of this team who never arrived; any other existing account is left alone.
    const returning = existing?.role === 'partner' && existing.status === 'disabled' && !existing.membership
    const again =
      existing?.role === 'partner' &&
      existing.status === 'active' &&
      existing.passwordHash === null &&
      existing.membership === organisationId
    const audit = { userId: options.actor.userId, role: options.actor.role }
    if (existing && !returning && !again) {
      await tx.insert(teamInvitations).values({ ...row, userId: null })
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
    let userId: string
    if (again) {
      userId = existing.id
      await tx.update(users).set({ name: options.name, updatedAt: now }).where(eq(users.id, userId))
    } else {
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
      userId = user!.id
      await tx.insert(memberships).values({ organisationId, userId, role: 'member', createdAt: now })
    }
    await tx.insert(teamInvitations).values({ ...row, userId })
    const token = await issueToken(tx, userId, 'invitation', now)
    await enqueueEmail(tx, {
      to: email,
      toUserId: userId,
      locale: options.locale,
      message: {
        template: 'partner-invitation',
        props: { url: new URL(`/invitation/${token}`, getEnv().appUrl).toString() },
      },
      metadata: { userId, organisationId },
    })
    await writeAudit(tx, {
      actor: audit,
      action: 'team.member_invited',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: again ? { userId, again: true } : { userId },
    })
    return { userId }
  })
}

/**
 * The owner sends a listed invitation again, to the name and address it was sent to (a new link; the old
 * one stops working). It counts as an invitation.
 */
export async function resendInvitation(options: { actor: Actor; invitationId: string; locale: Locale; now?: Date }) {
  authorize(options.actor, 'team:invite:own')
  const invitation = await findOpenInvitation(getDb(), options.actor.membership!.organisationId, options.invitationId)
  if (!invitation) throw new AppError('not_found')
  return inviteTeamMember({ ...options, name: invitation.name, email: invitation.email })
}

/**
 * The owner withdraws an invitation. When it had made an account that never arrived, the account leaves the
 * team and is disabled, so its link stops working; when the address already had an account, only the row
 * ends. Both look the same from the team page.
 */
export async function cancelInvitation(options: { actor: Actor; invitationId: string; now?: Date }) {
  authorize(options.actor, 'team:manage:own')
  const organisationId = options.actor.membership!.organisationId
  const now = options.now ?? new Date()
  await getDb().transaction(async (tx) => {
    const invitation = await findOpenInvitation(tx, organisationId, options.invitationId)
    if (!invitation) throw new AppError('not_found')
    await tx.update(teamInvitations).set({ endedAt: now }).where(eq(teamInvitations.id, invitation.id))
    if (invitation.userId) {
      const [pending] = await tx
        .select({ id: users.id })
        .from(users)
        .innerJoin(memberships, eq(memberships.userId, users.id))
        .where(
          and(
            eq(users.id, invitation.userId),
            isNull(users.passwordHash),
            eq(memberships.organisationId, organisationId),
          ),
        )
      if (pending) await leaveTeam(tx, organisationId, pending.id, now)
    }
    await writeAudit(tx, {
      actor: { userId: options.actor.userId, role: options.actor.role },
      action: 'team.invitation_cancelled',
      subjectType: 'organisation',
      subjectId: organisationId,
      details: { invitationId: invitation.id },
    })
  })
}

async function findOpenInvitation(executor: Executor, organisationId: string, invitationId: string) {
  if (!isUuid(invitationId)) return undefined
  const [invitation] = await executor
    .select({
      id: teamInvitations.id,
      name: teamInvitations.name,
      email: teamInvitations.email,
      userId: teamInvitations.userId,
    })
    .from(teamInvitations)
    .where(and(openInvitations(organisationId), eq(teamInvitations.id, invitationId)))
  return invitation
}

/** The membership ends, the account is disabled (it belongs to nobody now) and its sessions end at once. */
async function leaveTeam(tx: Executor, organisationId: string, userId: string, now: Date) {
  await tx
    .delete(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
  await tx.update(users).set({ status: 'disabled', updatedAt: now }).where(eq(users.id, userId))
  await tx.delete(sessions).where(eq(sessions.userId, userId))
  await tx
    .update(teamInvitations)
    .set({ endedAt: now })
    .where(and(openInvitations(organisationId), eq(teamInvitations.userId, userId)))
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
    await leaveTeam(tx, organisationId, options.userId, new Date())
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
