import type { UserRole } from '#db/schema/index.ts'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Staff who can open candidates' records get short sessions; partners, who see no sensitive data,
 * longer ones. Idle: time since the last request. Absolute: time since sign-in, whatever the activity.
 */
export const SESSION_TIMEOUTS: Record<UserRole, { idleMs: number; absoluteMs: number }> = {
  coordinator: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  caseworker: { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR },
  partner: { idleMs: 7 * DAY, absoluteMs: 30 * DAY },
}

/** Don't write to the sessions table on every request: at most once a minute per session. */
export const SESSION_TOUCH_INTERVAL_MS = MINUTE

export function initialExpiry(role: UserRole, now: Date) {
  const { idleMs, absoluteMs } = SESSION_TIMEOUTS[role]
  return { expiresAt: new Date(now.getTime() + idleMs), absoluteExpiresAt: new Date(now.getTime() + absoluteMs) }
}

/**
 * The session's state at `now`: expired (idle or absolute), due for a sliding extension, or fine.
 */
export function evaluateSession(
  session: { expiresAt: Date; absoluteExpiresAt: Date; lastSeenAt: Date },
  role: UserRole,
  now: Date,
): { status: 'expired' } | { status: 'valid'; extendTo?: Date } {
  const t = now.getTime()
  if (t >= session.expiresAt.getTime() || t >= session.absoluteExpiresAt.getTime()) return { status: 'expired' }
  if (t - session.lastSeenAt.getTime() < SESSION_TOUCH_INTERVAL_MS) return { status: 'valid' }
  const extendTo = new Date(Math.min(t + SESSION_TIMEOUTS[role].idleMs, session.absoluteExpiresAt.getTime()))
  return { status: 'valid', extendTo }
}
