import { sql } from 'drizzle-orm'
import { generatePublicCode } from '../app/modules/candidates/public-code'
import { cancelOpenCheckIns, scheduleCheckIns } from '../app/modules/matching/check-in-schedule.server'
import { foldVietnamese } from '../app/modules/wards/fold'
import { addDays, hanoiToday } from '../app/utils/dates'
import type { Transaction } from './client.server'
import {
  candidates,
  consents,
  followUps,
  matchEvents,
  matchReports,
  matches,
  memberships,
  opportunities,
  users,
  wardTargets,
  type MatchStatus,
} from './schema'

// A year of history for the dashboards: 36 more people of the demo wards, each placed in work, on a course
// or given a loan some months ago, with what happened next (kept, dropped, repaid, late), their check-ins and
// the partners' reports; and the wards' targets for this year. Deterministic: the same data on every run.

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô', 'Dương', 'Lý']
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Quang', 'Thu', 'Đức', 'Ngọc', 'Hữu']
const GIVEN = ['An', 'Bình', 'Cường', 'Dung', 'Giang', 'Hải', 'Khánh', 'Linh', 'Nam', 'Phương', 'Quân', 'Sơn', 'Thảo']
const WARDS = ['00070', '00082', '09556']

/** Per kind: the listings it uses, and the outcomes in turn (the last status after the start). */
const PLAN = [
  {
    listings: ['Công nhân may công nghiệp', 'Nhân viên kiểm hàng, đóng gói'],
    outcomes: [
      'started',
      'completed',
      'ended',
      'started',
      'started',
      'ended',
      'completed',
      'started',
      'started',
      'ended',
      'started',
      'started',
    ],
  },
  {
    listings: ['Hàn điện cơ bản', 'Điện dân dụng', 'Sửa chữa xe máy'],
    outcomes: [
      'completed',
      'completed',
      'ended',
      'started',
      'completed',
      'completed',
      'ended',
      'completed',
      'started',
      'completed',
      'completed',
      'started',
    ],
  },
  {
    listings: ['Vay vốn học nghề', 'Vay vốn tự tạo việc làm, kinh doanh nhỏ'],
    outcomes: [
      'started',
      'completed',
      'started',
      'ended',
      'started',
      'started',
      'completed',
      'started',
      'started',
      'started',
      'ended',
      'started',
    ],
  },
] as const

export async function seedHistory(tx: Transaction, now: Date) {
  const today = hanoiToday(now)
  const listings = new Map(
    (
      await tx
        .select({
          id: opportunities.id,
          title: opportunities.title,
          kind: opportunities.kind,
          organisationId: opportunities.organisationId,
        })
        .from(opportunities)
    ).map((o) => [o.title, o]),
  )
  const staff = new Map(
    (await tx.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.email, u.id] as const),
  )
  const caseworkerOf = (ward: string) =>
    staff.get(ward === '09556' ? 'canbo2@hoanhap.example' : 'canbo1@hoanhap.example') ?? null
  const owners = new Map(
    (await tx.select({ organisationId: memberships.organisationId, userId: memberships.userId }).from(memberships)).map(
      (m) => [m.organisationId, m.userId],
    ),
  )
  let n = 0
  for (const [k, plan] of PLAN.entries()) {
    for (const [i, outcome] of plan.outcomes.entries()) {
      n += 1
      const listing = listings.get(plan.listings[i % plan.listings.length]!)
      if (!listing) continue
      const ward = WARDS[n % WARDS.length]!
      const caseworkerId = caseworkerOf(ward)
      const partnerId = owners.get(listing.organisationId) ?? null
      const name = `${FAMILY[n % FAMILY.length]} ${MIDDLE[(n * 3) % MIDDLE.length]} ${GIVEN[(n * 5) % GIVEN.length]}`
      // Starts spread over the last 11 months; intake 3–8 weeks before.
      const startedOn = addDays(today, -(20 + ((n * 37) % 320)))
      const at = (day: string, hour = 9) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+07:00`)
      const [person] = await tx
        .insert(candidates)
        .values({
          publicCode: generatePublicCode(),
          fullName: name,
          foldedName: foldVietnamese(name),
          dateOfBirth: `${1975 + ((n * 7) % 28)}-0${1 + (n % 9)}-1${n % 9}`,
          gender: n % 3 === 0 ? 'female' : 'male',
          wardCode: ward,
          caseworkerId,
          status: 'active',
          intakeStep: 4,
          background: (['after_rehab', 'after_prison', 'both'] as const)[n % 3],
          needs: [(['job', 'course', 'loan'] as const)[k]!],
          skills: [],
          createdById: caseworkerId,
          createdAt: at(addDays(startedOn, -(21 + (n % 6) * 7))),
        })
        .returning({ id: candidates.id })
      const purposes = [
        'talent_pool',
        'share_with_employers',
        'share_with_training_centres',
        'share_with_lenders',
      ] as const
      await tx.insert(consents).values(
        purposes.map((purpose) => ({
          candidateId: person!.id,
          purpose,
          evidence: `Phiếu đồng ý số ${300 + n}/2026`,
          textVersion: '2026-11',
          grantedById: caseworkerId,
        })),
      )
      // Over: ended some weeks in, or completed (a course after its weeks, a job at 180 days, a loan repaid).
      const endedOn =
        outcome === 'ended'
          ? addDays(startedOn, 20 + ((n * 13) % 90))
          : outcome === 'completed'
            ? addDays(startedOn, k === 1 ? 84 : k === 0 ? 180 : 150)
            : null
      const status: MatchStatus = endedOn && endedOn > today ? 'started' : outcome
      const ended = status === 'started' ? null : endedOn
      const steps: {
        action: string
        from: MatchStatus | null
        to: MatchStatus
        day: string
        by: string | null
        role: 'caseworker' | 'partner'
      }[] = [
        {
          action: 'refer',
          from: null,
          to: 'approved',
          day: addDays(startedOn, -12),
          by: caseworkerId,
          role: 'caseworker',
        },
        {
          action: 'accept',
          from: 'approved',
          to: 'accepted',
          day: addDays(startedOn, -7),
          by: partnerId,
          role: 'partner',
        },
        { action: 'start', from: 'accepted', to: 'started', day: startedOn, by: partnerId, role: 'partner' },
      ]
      if (ended) {
        steps.push({
          action: status === 'completed' ? 'complete' : 'end',
          from: 'started',
          to: status,
          day: ended,
          by: partnerId,
          role: 'partner',
        })
      }
      const endReason = k === 2 ? 'loan_default' : k === 1 ? 'dropped_out' : 'resigned'
      const matchId = await insertDemoMatch(
        tx,
        {
          candidateId: person!.id,
          opportunityId: listing.id,
          organisationId: listing.organisationId,
          status,
          origin: 'referral',
          version: steps.length,
          reasonCode: status === 'ended' ? endReason : null,
          startedOn,
          endedOn: ended,
          amountVnd: k === 2 ? 10_000_000 * (1 + (n % 5)) : null,
          certificateNumber: k === 1 && status === 'completed' ? `SCN-2026-${String(n).padStart(4, '0')}` : null,
          createdById: caseworkerId,
          createdAt: at(steps[0]!.day),
          updatedAt: at(steps.at(-1)!.day),
          approvedAt: at(steps[0]!.day),
        },
        steps.map((s, j) => ({
          action: s.action,
          fromStatus: s.from,
          toStatus: s.to,
          actorId: s.by,
          actorRole: s.role,
          reasonCode: s.to === 'ended' ? endReason : null,
          details: s.action === 'start' ? { startedOn } : ({} as Record<string, string>),
          createdAt: at(s.day, 9 + j),
        })),
      )
      // Check-ins: those past and before the end recorded on track; the rest open, or dropped when over.
      await scheduleCheckIns(tx, {
        matchId,
        candidateId: person!.id,
        kind: listing.kind,
        startedOn,
        listingTitle: listing.title,
        assignedToId: caseworkerId,
        createdById: caseworkerId,
      })
      await tx
        .update(followUps)
        .set({
          doneAt: sql`(${followUps.dueDate} + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh'`,
          doneById: caseworkerId,
          onTrack: true,
          outcome: 'on_track',
        })
        .where(sql`${followUps.matchId} = ${matchId} and ${followUps.dueDate} < ${ended ?? addDays(today, -2)}::date`)
      if (ended) await cancelOpenCheckIns(tx, matchId)
      // Loans: monthly repayment reports by the lender (late for some, the last one "repaid" when completed).
      if (k === 2) {
        const months = Math.floor(
          ((ended ? Date.parse(ended) : now.getTime()) - Date.parse(startedOn)) / (30 * 86_400_000),
        )
        for (let m = 1; m <= Math.min(months, 6); m++) {
          const last = m === Math.min(months, 6)
          const state =
            last && status === 'completed'
              ? 'repaid'
              : last && status === 'ended'
                ? 'default'
                : (n + m) % 5 === 0
                  ? 'late'
                  : 'on_time'
          await tx.insert(matchReports).values({
            matchId,
            kind: 'repayment',
            status: state,
            lateDays: state === 'late' ? 10 + (n % 20) : null,
            reportedById: partnerId,
            reportedByRole: 'partner',
            reportedAt: at(addDays(startedOn, 30 * m)),
          })
        }
      }
    }
  }
  // This year's targets for the demo wards.
  const year = Number(today.slice(0, 4))
  const coordinatorId = staff.get('dieuphoi@hoanhap.example') ?? null
  for (const [i, wardCode] of WARDS.entries()) {
    await tx.insert(wardTargets).values([
      { wardCode, year, metric: 'placed_in_work', target: 12 + i * 4, setById: coordinatorId },
      { wardCode, year, metric: 'courses_completed', target: 8 + i * 2, setById: coordinatorId },
      { wardCode, year, metric: 'loans_disbursed', target: 6 + i, setById: coordinatorId },
    ])
  }
  return n
}

/** One event of a demo match's history (its match is filled in by insertDemoMatch). */
export type DemoMatchEvent = Omit<typeof matchEvents.$inferInsert, 'matchId'>

/** A demo match as it stands, and its history: one event per step, in order. Returns the match's id. */
export async function insertDemoMatch(
  tx: Transaction,
  values: typeof matches.$inferInsert,
  events: DemoMatchEvent[],
): Promise<string> {
  const [row] = await tx.insert(matches).values(values).returning({ id: matches.id })
  if (events.length > 0) await tx.insert(matchEvents).values(events.map((e) => ({ ...e, matchId: row!.id })))
  return row!.id
}

/** Places held, recounted from the matches (as the matching module keeps them). */
export async function recountSeats(tx: Transaction) {
  await tx.execute(sql`update opportunities o set seats_taken = (
    select count(*) from matches m where m.opportunity_id = o.id and m.status in ('accepted', 'started', 'completed'))`)
}

export const HISTORY_PEOPLE = PLAN.reduce((a, p) => a + p.outcomes.length, 0)
