import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { matchStatus, type MatchStatus } from '#db/schema/index.ts'
import {
  availableActions,
  holdsSeat,
  IN_PLAY,
  isReasonFor,
  MATCH_ACTIONS,
  MATCH_STATUSES,
  needsReason,
  nextStatus,
  OPEN_STATUSES,
  PROFILE_SHARED,
  REASONS,
  SEAT_HOLDING,
  SYSTEM_REASONS,
  type MatchAction,
  type Side,
} from '#app/modules/matching/lifecycle.ts'

// The lifecycle of DESIGN.md written out by hand, one allowed move per line: [action, from, side, to].
// Everything not listed here must be refused (nextStatus → null). Deliberately not derived from TRANSITIONS.
const ALLOWED: readonly [MatchAction, MatchStatus | null, Side, MatchStatus][] = [
  ['express_interest', null, 'partner', 'interest'],
  ['refer', null, 'caseworker', 'approved'],
  ['approve', 'interest', 'caseworker', 'approved'],
  ['reject', 'interest', 'caseworker', 'rejected'],
  ['accept', 'approved', 'partner', 'accepted'],
  ['decline', 'approved', 'partner', 'declined'],
  ['decline', 'approved', 'system', 'declined'],
  ['start', 'accepted', 'partner', 'started'],
  ['complete', 'started', 'partner', 'completed'],
  ['complete', 'started', 'caseworker', 'completed'],
  ['end', 'accepted', 'partner', 'ended'],
  ['end', 'accepted', 'caseworker', 'ended'],
  ['end', 'started', 'partner', 'ended'],
  ['end', 'started', 'caseworker', 'ended'],
  ['withdraw', 'interest', 'caseworker', 'withdrawn'],
  ['withdraw', 'interest', 'system', 'withdrawn'],
  ['withdraw', 'approved', 'caseworker', 'withdrawn'],
  ['withdraw', 'approved', 'system', 'withdrawn'],
  ['withdraw', 'accepted', 'caseworker', 'withdrawn'],
  ['withdraw', 'accepted', 'system', 'withdrawn'],
]

const STATUSES: readonly MatchStatus[] = [
  'interest',
  'approved',
  'rejected',
  'accepted',
  'declined',
  'started',
  'completed',
  'ended',
  'withdrawn',
]
const ACTIONS: readonly MatchAction[] = [
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
]
const SIDES: readonly Side[] = ['partner', 'caseworker', 'system']
const FROM: readonly (MatchStatus | null)[] = [null, ...STATUSES]

function expected(action: MatchAction, from: MatchStatus | null, side: Side): MatchStatus | null {
  const hit = ALLOWED.find(([a, f, s]) => a === action && f === from && s === side)
  return hit ? hit[3] : null
}

describe('the statuses and actions the table is about', () => {
  test('are exactly the lifecycle of DESIGN.md, and the statuses are the database enum', () => {
    expect([...MATCH_STATUSES]).toEqual(STATUSES)
    expect([...MATCH_ACTIONS]).toEqual(ACTIONS)
    expect([...matchStatus.enumValues].sort()).toEqual([...STATUSES].sort())
  })

  test('the expected table itself has no duplicate line (a typo here would hide a case)', () => {
    const keys = ALLOWED.map(([a, f, s]) => `${a}|${f}|${s}`)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('nextStatus, for every action × from-status (null included) × side', () => {
  const cases = ACTIONS.flatMap((action) =>
    FROM.flatMap((from) => SIDES.map((side) => ({ action, from, side, to: expected(action, from, side) }))),
  )

  test('covers 10 actions × 10 from-states × 3 sides', () => {
    expect(cases).toHaveLength(300)
    expect(cases.filter((c) => c.to !== null)).toHaveLength(ALLOWED.length)
  })

  test.each(cases)('$action from $from by $side → $to', ({ action, from, side, to }) => {
    expect(nextStatus(action, from, side)).toBe(to)
  })

  test('an action name outside the table is refused, not a crash', () => {
    expect(nextStatus('toString' as MatchAction, 'approved', 'partner')).toBeNull()
    expect(nextStatus('__proto__' as MatchAction, null, 'system')).toBeNull()
  })

  test('nothing leaves a closed status; nothing creates a match except interest and refer', () => {
    for (const closed of ['rejected', 'declined', 'completed', 'ended', 'withdrawn'] as const) {
      for (const action of ACTIONS) for (const side of SIDES) expect(nextStatus(action, closed, side)).toBeNull()
    }
    for (const action of ACTIONS) {
      for (const side of SIDES) {
        const to = nextStatus(action, null, side)
        if (to !== null) expect([action, side]).toSatisfy(([a]) => a === 'express_interest' || a === 'refer')
      }
    }
  })
})

describe('availableActions', () => {
  const cases = STATUSES.flatMap((status) =>
    SIDES.map((side) => ({
      status,
      side,
      // In the order of the actions list, only those the hand-written table allows.
      actions: ACTIONS.filter((a) => expected(a, status, side) !== null),
    })),
  )

  test.each(cases)('$side on $status: $actions', ({ status, side, actions }) => {
    expect(availableActions(status, side)).toEqual(actions)
  })

  test('spelled out for the pages that show the buttons', () => {
    expect(availableActions('interest', 'caseworker')).toEqual(['approve', 'reject', 'withdraw'])
    expect(availableActions('interest', 'partner')).toEqual([])
    expect(availableActions('approved', 'partner')).toEqual(['accept', 'decline'])
    expect(availableActions('approved', 'caseworker')).toEqual(['withdraw'])
    expect(availableActions('approved', 'system')).toEqual(['decline', 'withdraw'])
    expect(availableActions('accepted', 'partner')).toEqual(['start', 'end'])
    expect(availableActions('accepted', 'caseworker')).toEqual(['end', 'withdraw'])
    expect(availableActions('started', 'partner')).toEqual(['complete', 'end'])
    expect(availableActions('started', 'caseworker')).toEqual(['complete', 'end'])
    expect(availableActions('started', 'system')).toEqual([])
    for (const closed of ['rejected', 'declined', 'completed', 'ended', 'withdrawn'] as const) {
      for (const side of SIDES) expect(availableActions(closed, side)).toEqual([])
    }
  })

  test('never offers the actions that create a match', () => {
    for (const status of STATUSES) {
      for (const side of SIDES) {
        expect(availableActions(status, side)).not.toContain('refer')
        expect(availableActions(status, side)).not.toContain('express_interest')
      }
    }
  })
})

describe('status groups', () => {
  test('holdsSeat: accepted, started and completed hold a place; nothing else (nor a new match) does', () => {
    const holders: MatchStatus[] = ['accepted', 'started', 'completed']
    for (const status of STATUSES) expect(holdsSeat(status)).toBe(holders.includes(status))
    expect(holdsSeat(null)).toBe(false)
    expect([...SEAT_HOLDING].sort()).toEqual([...holders].sort())
  })

  test('IN_PLAY is exactly the statuses some side can still move on from', () => {
    expect([...IN_PLAY].sort()).toEqual(['accepted', 'approved', 'interest', 'started'])
    for (const status of STATUSES) {
      const movable = ACTIONS.some((a) => SIDES.some((s) => expected(a, status, s) !== null))
      expect(IN_PLAY.includes(status)).toBe(movable)
    }
  })

  test('the database keeps one in-play match per pair with the same statuses as IN_PLAY', () => {
    const migration = readFileSync('db/migrations/0007_matches.sql', 'utf8')
    const index = /CREATE UNIQUE INDEX "matches_one_open_per_pair"[^;]*in \(([^)]*)\)/.exec(migration)
    expect(index).not.toBeNull()
    const statuses = index![1]!.split(',').map((s) => s.trim().replace(/'/g, ''))
    expect(statuses.sort()).toEqual([...IN_PLAY].sort())
  })

  test('OPEN_STATUSES is exactly where a withdrawal still reaches', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(['accepted', 'approved', 'interest'])
    for (const status of STATUSES) {
      expect(OPEN_STATUSES.includes(status)).toBe(expected('withdraw', status, 'system') !== null)
      expect(OPEN_STATUSES.includes(status)).toBe(expected('withdraw', status, 'caseworker') !== null)
    }
  })

  test('PROFILE_SHARED: approved, accepted and started only', () => {
    expect([...PROFILE_SHARED].sort()).toEqual(['accepted', 'approved', 'started'])
  })
})

describe('reasons', () => {
  const FORM_REASONS: Record<'reject' | 'decline' | 'end' | 'withdraw', string[]> = {
    reject: ['not_a_fit', 'candidate_not_interested', 'not_ready', 'other'],
    decline: ['position_filled', 'requirements_not_met', 'could_not_contact', 'candidate_not_interested', 'other'],
    end: ['dropped_out', 'dismissed', 'resigned', 'loan_default', 'moved_away', 'other'],
    withdraw: ['candidate_not_interested', 'found_elsewhere', 'not_ready', 'other'],
  }

  test('exactly reject, decline, end and withdraw need a coded reason, with these lists', () => {
    expect(Object.keys(REASONS).sort()).toEqual(Object.keys(FORM_REASONS).sort())
    for (const [action, list] of Object.entries(FORM_REASONS)) {
      expect([...REASONS[action as keyof typeof REASONS]]).toEqual(list)
    }
    for (const action of ACTIONS) expect(needsReason(action)).toBe(Object.hasOwn(FORM_REASONS, action))
  })

  test("isReasonFor accepts the action's own reasons only", () => {
    const everyReason = new Set(Object.values(FORM_REASONS).flat())
    for (const action of ACTIONS) {
      const own: string[] = (FORM_REASONS as Record<string, string[]>)[action] ?? []
      for (const reason of everyReason) expect(isReasonFor(action, reason)).toBe(own.includes(reason))
      for (const junk of ['', 'OTHER', ' other', 'toString', '__proto__', 'constructor', ...SYSTEM_REASONS]) {
        expect(isReasonFor(action, junk)).toBe(false)
      }
    }
  })

  test('system reasons are never offered in a form', () => {
    expect([...SYSTEM_REASONS].sort()).toEqual(['case_closed', 'consent_revoked', 'listing_closed', 'records_merged'])
    const formReasons = Object.values(REASONS).flat() as string[]
    for (const reason of SYSTEM_REASONS) expect(formReasons).not.toContain(reason)
  })
})
