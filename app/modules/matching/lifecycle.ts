import type { ConsentPurpose, MatchStatus, OpportunityKind } from '#db/schema/index.ts'
import { MATCH_STATUSES } from '#db/schema/values.ts'

/**
 * The match lifecycle (DESIGN.md "The match lifecycle") as data. Every change of a match goes through
 * `nextStatus`: an action not in this table, from a status it does not start from, or by a side it does not
 * list, is refused. Pure, so the pages can offer exactly the buttons the server would accept.
 *
 *   partner interest ─► interest ──approve──► approved ◄── caseworker referral
 *                          └─reject─► rejected
 *   approved ──accept──► accepted ──start──► started ──complete──► completed
 *   approved ──decline─► declined          accepted/started ──end──► ended
 *   interest/approved/accepted ──withdraw (caseworker, or consent revoked, case closed)──► withdrawn
 */

/** Who acts: the partner organisation's staff, the candidate's caseworker (or a coordinator), or the system. */
export type Side = 'partner' | 'caseworker' | 'system'

export { MATCH_STATUSES }

export const MATCH_ACTIONS = [
  'express_interest',
  'refer',
  'approve',
  'reject',
  'accept',
  'decline',
  'start',
  'complete',
  'end',
  'withdraw',
] as const
export type MatchAction = (typeof MATCH_ACTIONS)[number]

type Rule = { from: readonly (MatchStatus | null)[]; to: MatchStatus; by: readonly Side[] }

export const TRANSITIONS: Record<MatchAction, Rule> = {
  express_interest: { from: [null], to: 'interest', by: ['partner'] },
  refer: { from: [null], to: 'approved', by: ['caseworker'] },
  approve: { from: ['interest'], to: 'approved', by: ['caseworker'] },
  reject: { from: ['interest'], to: 'rejected', by: ['caseworker'] },
  accept: { from: ['approved'], to: 'accepted', by: ['partner'] },
  // The system declines for the partner when the partner closes the listing.
  decline: { from: ['approved'], to: 'declined', by: ['partner', 'system'] },
  start: { from: ['accepted'], to: 'started', by: ['partner'] },
  complete: { from: ['started'], to: 'completed', by: ['partner', 'caseworker'] },
  end: { from: ['accepted', 'started'], to: 'ended', by: ['partner', 'caseworker'] },
  // The system withdraws when consent is revoked, the case is closed or the listing closes.
  withdraw: { from: ['interest', 'approved', 'accepted'], to: 'withdrawn', by: ['caseworker', 'system'] },
}

/** Where `action` by `side` takes a match in `from` (null: a new match), or null when the table forbids it. */
export function nextStatus(action: MatchAction, from: MatchStatus | null, side: Side): MatchStatus | null {
  // Own keys only: 'toString' or '__proto__' from a form are not actions.
  if (!Object.hasOwn(TRANSITIONS, action)) return null
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(from) || !rule.by.includes(side)) return null
  return rule.to
}

/** The actions `side` may take on an existing match in `status`, in the table's order. */
export function availableActions(status: MatchStatus, side: Side): MatchAction[] {
  return MATCH_ACTIONS.filter((action) => nextStatus(action, status, side) !== null)
}

/** Statuses a match can still move on from. */
export const IN_PLAY: readonly MatchStatus[] = ['interest', 'approved', 'accepted', 'started']
/** Statuses a withdrawal (or a revoked consent) still reaches: nothing has started yet. */
export const OPEN_STATUSES: readonly MatchStatus[] = ['interest', 'approved', 'accepted']
/** Statuses that hold one of the listing's places. */
export const SEAT_HOLDING: readonly MatchStatus[] = ['accepted', 'started', 'completed']
/** Statuses in which the partner sees the profile the consent allows (name, phone, …), consent permitting. */
export const PROFILE_SHARED: readonly MatchStatus[] = ['approved', 'accepted', 'started']

export function holdsSeat(status: MatchStatus | null): boolean {
  return status !== null && SEAT_HOLDING.includes(status)
}

/** Coded reasons, per action that needs one. The words are in the locale files (`matching.reasons.*`). */
export const REASONS = {
  reject: ['not_a_fit', 'candidate_not_interested', 'not_ready', 'other'],
  decline: ['position_filled', 'requirements_not_met', 'could_not_contact', 'candidate_not_interested', 'other'],
  end: ['dropped_out', 'dismissed', 'resigned', 'loan_default', 'moved_away', 'other'],
  withdraw: ['candidate_not_interested', 'found_elsewhere', 'not_ready', 'other'],
} as const satisfies Partial<Record<MatchAction, readonly string[]>>

/** Reasons only the system gives (never offered in a form). */
export const SYSTEM_REASONS = ['consent_revoked', 'case_closed', 'listing_closed', 'records_merged'] as const
export type SystemReason = (typeof SYSTEM_REASONS)[number]

export type ReasonedAction = keyof typeof REASONS
export function needsReason(action: MatchAction): action is ReasonedAction {
  return Object.hasOwn(REASONS, action)
}

export function isReasonFor(action: MatchAction, reason: string): boolean {
  return needsReason(action) && (REASONS[action] as readonly string[]).includes(reason)
}

/** Lengths and amounts the match forms accept (checked again by the domain functions). */
export const MATCH_LIMITS = { messageMax: 1000, noteMax: 500, certificateMax: 80, amountMax: 10_000_000_000 } as const

/** A referral with no answer from the partner after this many days is "stale" on the caseworker's home. */
export const STALE_AFTER_DAYS = 7

/** The groups of a partner's referrals inbox. */
export type InboxTab = 'new' | 'in_progress' | 'closed' | 'interests'
export const INBOX_TABS: readonly InboxTab[] = ['new', 'in_progress', 'closed', 'interests']

/** The consent that lets a partner of this kind of listing see the person's profile. */
export const CONSENT_FOR_KIND: Record<OpportunityKind, ConsentPurpose> = {
  job: 'share_with_employers',
  course: 'share_with_training_centres',
  loan: 'share_with_lenders',
}

/** Days after a start when the caseworker checks in, per kind of listing. */
export const CHECK_IN_DAYS: Record<OpportunityKind, readonly number[]> = {
  job: [30, 90, 180],
  course: [30, 90, 180],
  loan: [30, 90, 180],
}

/** The check-in after which a job kept (or a loan on schedule) counts as completed. */
export const COMPLETING_CHECK_IN_DAY = 180
