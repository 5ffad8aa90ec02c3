import { and, count, eq } from 'drizzle-orm'
import { TOKEN_LIFETIME_MS } from '../app/modules/auth/accounts.server'
import { hashPassword } from '../app/modules/auth/password.server'
import { getEnv } from '../app/utils/env.server'
import { log } from '../app/utils/logger.server'
import { hashToken } from '../app/modules/auth/tokens.server'
import { generatePublicCode } from '../app/modules/candidates/public-code'
import { buildSearchText } from '../app/modules/opportunities/search-text'
import { foldVietnamese } from '../app/modules/wards/fold'
import { addDays, hanoiToday } from '../app/utils/dates'
import { getDb, type Transaction } from './client.server'
import { DEMO_CANDIDATES } from './demo-candidates'
import { DEMO_LISTINGS, EXTRA_ORGANISATIONS } from './demo-listings'
import { cancelOpenCheckIns, scheduleCheckIns } from '../app/modules/matching/check-in-schedule.server'
import { insertDemoMatch, recountSeats, seedHistory, type DemoMatchEvent } from './demo-history'
import { DEMO_MATCHES } from './demo-matches'
import {
  candidates,
  candidateSensitive,
  caseNotes,
  consents,
  followUps,
  caseworkerWards,
  courseDetails,
  jobDetails,
  loanDetails,
  memberships,
  opportunities,
  organisations,
  skills,
  teamInvitations,
  users,
  type OrganisationKind,
  type UserRole,
} from './schema'

/** The one demo password, printed by the start-up banner and the README. Never used outside demo data. */
export const DEMO_PASSWORD = 'HoaNhap-demo-2026'

type DemoUser = { email: string; name: string; role: UserRole; wards?: string[] }

export const DEMO_USERS: DemoUser[] = [
  { email: 'dieuphoi@hoanhap.example', name: 'Nguyễn Thị Hồng Nhung', role: 'coordinator' },
  { email: 'canbo1@hoanhap.example', name: 'Trần Văn Dũng', role: 'caseworker', wards: ['00070', '00082'] },
  { email: 'canbo2@hoanhap.example', name: 'Lê Thị Thu Hà', role: 'caseworker', wards: ['09556'] },
]

export const DEMO_PARTNERS: {
  owner: DemoUser
  organisation: {
    kind: OrganisationKind
    name: string
    taxCode: string
    wardCode: string
    address: string
    phone: string
    description: string
  }
  /** A colleague invited who has not arrived yet. */
  pendingColleague?: { email: string; name: string }
}[] = [
  {
    owner: { email: 'tuyendung@hoanhap.example', name: 'Phạm Minh Tuấn', role: 'partner' },
    organisation: {
      kind: 'employer',
      name: 'Công ty TNHH Cơ khí Thăng Long',
      taxCode: '0101234567',
      wardCode: '00145',
      address: 'Số 12 Nguyễn Văn Cừ',
      phone: '0243 826 1234',
      description: 'Xưởng cơ khí và hàn kết cấu thép, nhận học viên và thợ phụ, có bữa trưa tại xưởng.',
    },
  },
  {
    owner: { email: 'daotao@hoanhap.example', name: 'Đỗ Thị Lan', role: 'partner' },
    organisation: {
      kind: 'training_centre',
      name: 'Trường Trung cấp Nghề Hà Nội Xanh',
      taxCode: '0107654321',
      wardCode: '00235',
      address: 'Số 45 Tây Sơn',
      phone: '0243 851 4321',
      description: 'Đào tạo nghề hàn, điện dân dụng, sửa xe máy và nấu ăn; cấp chứng chỉ sơ cấp.',
    },
    pendingColleague: { email: 'giaovien@hoanhap.example', name: 'Ngô Thị Bích Ngọc' },
  },
  {
    owner: { email: 'vayvon@hoanhap.example', name: 'Hoàng Văn Nam', role: 'partner' },
    organisation: {
      kind: 'lender',
      name: 'Quỹ Hỗ trợ Khởi nghiệp Tình Thương',
      taxCode: '0109876543-001',
      wardCode: '00004',
      address: 'Số 8 Đội Cấn',
      phone: '0243 733 9876',
      description: 'Cho vay vốn nhỏ để học nghề, sản xuất và tự kinh doanh, có cán bộ hướng dẫn.',
    },
  },
]

/**
 * Seeds the demo accounts when wanted: SEED_DEMO=true, or `auto` (the default) on an empty embedded
 * database. Never on a Postgres server unless asked for. Idempotent: it adds only what is missing.
 */
export async function seedDemoIfWanted(): Promise<boolean> {
  const env = getEnv()
  const wanted = env.SEED_DEMO === 'true' || (env.SEED_DEMO === 'auto' && !env.DATABASE_URL)
  if (!wanted) return false
  const [row] = await getDb().select({ n: count() }).from(users)
  if (env.SEED_DEMO === 'auto' && (row?.n ?? 0) > 0) return true
  await seedDemo()
  return true
}

export async function seedDemo() {
  const db = getDb()
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  const now = new Date()
  await db.transaction(async (tx) => {
    const orgIds = new Map<string, string>()
    const ensureUser = async (u: DemoUser) => {
      const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, u.email))
      if (existing) return { id: existing.id, created: false }
      const [created] = await tx
        .insert(users)
        .values({ email: u.email, name: u.name, role: u.role, passwordHash, emailVerifiedAt: now, locale: 'vi' })
        .returning({ id: users.id })
      return { id: created!.id, created: true }
    }
    const [coordinator] = DEMO_USERS
    const coordinatorId = (await ensureUser(coordinator!)).id
    for (const u of DEMO_USERS.slice(1)) {
      const { id, created } = await ensureUser(u)
      if (created && u.wards)
        await tx.insert(caseworkerWards).values(u.wards.map((wardCode) => ({ userId: id, wardCode })))
    }
    for (const p of DEMO_PARTNERS) {
      const { id, created } = await ensureUser(p.owner)
      if (!created) continue
      const [org] = await tx
        .insert(organisations)
        .values({
          ...p.organisation,
          contactName: p.owner.name,
          email: p.owner.email,
          fairChancePledge: true,
          status: 'approved',
          vettedById: coordinatorId,
          vettedAt: now,
        })
        .returning({ id: organisations.id })
      await tx.insert(memberships).values({ organisationId: org!.id, userId: id, role: 'owner' })
      orgIds.set(p.owner.email, org!.id)
      if (p.pendingColleague) await seedPendingColleague(tx, org!.id, id, p.pendingColleague, now)
    }
    for (const extra of EXTRA_ORGANISATIONS) {
      const { id, created } = await ensureUser({ ...extra.owner, role: 'partner' })
      if (!created) continue
      const vetted = extra.organisation.status !== 'pending'
      const [org] = await tx
        .insert(organisations)
        .values({
          ...extra.organisation,
          contactName: extra.owner.name,
          email: extra.owner.email,
          fairChancePledge: true,
          vettedById: vetted ? coordinatorId : null,
          vettedAt: vetted ? now : null,
        })
        .returning({ id: organisations.id })
      await tx.insert(memberships).values({ organisationId: org!.id, userId: id, role: 'owner' })
      orgIds.set(extra.key, org!.id)
    }
    await seedListings(tx, orgIds, now)
    if (orgIds.size > 0) {
      await seedCandidates(tx, now)
      await seedMatches(tx, now)
      await seedHistory(tx, now)
      await recountSeats(tx)
    }
  })
  log('info', 'demo data seeded')
}

/** Hanoi's calendar date `days` from `now`, as YYYY-MM-DD. */
function hanoiDate(now: Date, days: number) {
  return addDays(hanoiToday(now), days)
}

/** The demo listings of the organisations created in this run (an existing organisation keeps its own). */
async function seedListings(tx: Transaction, orgIds: Map<string, string>, now: Date) {
  const vocabulary = await tx.select().from(skills)
  const skillNames = new Map(vocabulary.map((s) => [s.code, [s.nameVi, s.nameEn]]))
  const orgNames = new Map(
    (await tx.select({ id: organisations.id, name: organisations.name }).from(organisations)).map((o) => [
      o.id,
      o.name,
    ]),
  )
  for (const [index, l] of DEMO_LISTINGS.entries()) {
    const organisationId = orgIds.get(l.org)
    if (!organisationId) continue
    const published = l.status === 'draft' ? null : new Date(now.getTime() - (DEMO_LISTINGS.length - index) * 3_600_000)
    const [row] = await tx
      .insert(opportunities)
      .values({
        organisationId,
        kind: l.kind,
        title: l.title,
        description: l.description,
        wardCode: l.wardCode,
        status: l.status,
        capacity: l.capacity,
        deadline: l.deadlineInDays === null ? null : hanoiDate(now, l.deadlineInDays),
        requiredSkills: l.skills,
        minAge: l.minAge ?? null,
        maxAge: l.maxAge ?? null,
        eligibilityNotes: l.eligibilityNotes ?? null,
        searchText: buildSearchText({
          title: l.title,
          description: l.description,
          organisationName: orgNames.get(organisationId) ?? '',
          skillNames: l.skills.flatMap((code) => skillNames.get(code) ?? []),
          extra: [l.kind === 'course' ? l.course.certificate : l.kind === 'job' ? l.job.certificateRequired : null],
        }),
        publishedAt: published,
        closedAt: l.status === 'closed' ? now : null,
        createdAt: published ?? now,
      })
      .returning({ id: opportunities.id })
    const opportunityId = row!.id
    if (l.kind === 'job') await tx.insert(jobDetails).values({ opportunityId, ...l.job })
    if (l.kind === 'course') {
      const { startInDays, ...course } = l.course
      await tx.insert(courseDetails).values({ opportunityId, ...course, startDate: hanoiDate(now, startInDays) })
    }
    if (l.kind === 'loan') await tx.insert(loanDetails).values({ opportunityId, ...l.loan })
  }
}

/** The demo caseload: people in the demo caseworkers' wards, with consent, notes and follow-ups. */
async function seedCandidates(tx: Transaction, now: Date) {
  const staff = new Map(
    (await tx.select({ id: users.id, email: users.email }).from(users)).map((u) => [u.email, u.id] as const),
  )
  for (const c of DEMO_CANDIDATES) {
    const caseworkerId = c.caseworker ? (staff.get(c.caseworker) ?? null) : null
    const ended = new Date(now)
    ended.setUTCMonth(ended.getUTCMonth() - c.programmeEndedMonthsAgo)
    const [row] = await tx
      .insert(candidates)
      .values({
        publicCode: generatePublicCode(),
        fullName: c.fullName,
        foldedName: foldVietnamese(c.fullName),
        dateOfBirth: c.dateOfBirth,
        gender: c.gender,
        phone: c.phone,
        wardCode: c.wardCode,
        caseworkerId,
        status: c.status,
        intakeStep: c.status === 'draft' ? 2 : 4,
        background: c.background,
        programmeEndDate: hanoiDate(ended, 0),
        education: c.education,
        skills: c.skills,
        needs: c.needs,
        availability: c.availability || null,
        preferences: c.preferences || null,
        createdById: caseworkerId,
        closedAt: c.status === 'closed' ? now : null,
        // In the programme since well before their first start (drafts were begun this week).
        createdAt:
          c.status === 'draft'
            ? new Date(now.getTime() - 2 * 86_400_000)
            : new Date(now.getTime() - (250 + c.programmeEndedMonthsAgo) * 86_400_000),
      })
      .returning({ id: candidates.id })
    const candidateId = row!.id
    if (c.status !== 'draft') {
      await tx.insert(candidateSensitive).values({
        candidateId,
        ...c.sensitive,
        nationalIdHash: c.sensitive.nationalId ? hashToken(c.sensitive.nationalId) : null,
      })
    }
    for (const purpose of c.consents) {
      await tx.insert(consents).values({
        candidateId,
        purpose,
        grantedById: caseworkerId,
        evidence: `Phiếu đồng ý số ${String((Math.abs(hashCode(c.fullName + purpose)) % 900) + 100)}/2026`,
        textVersion: '2026-11',
      })
    }
    for (const [i, body] of c.notes.entries()) {
      await tx.insert(caseNotes).values({
        candidateId,
        authorId: caseworkerId,
        body,
        createdAt: new Date(now.getTime() - (c.notes.length - i) * 86_400_000),
      })
    }
    for (const f of c.followUps) {
      await tx.insert(followUps).values({
        candidateId,
        kind: f.kind,
        title: f.title,
        dueDate: hanoiDate(now, f.inDays),
        assignedToId: caseworkerId,
        createdById: caseworkerId,
      })
    }
  }
}

/** The demo referrals, with their history, and the places they hold on each listing. */
async function seedMatches(tx: Transaction, now: Date) {
  const people = new Map(
    (
      await tx
        .select({ id: candidates.id, fullName: candidates.fullName, caseworkerId: candidates.caseworkerId })
        .from(candidates)
    ).map((c) => [c.fullName, c]),
  )
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
  const owners = new Map(
    (await tx.select({ organisationId: memberships.organisationId, userId: memberships.userId }).from(memberships)).map(
      (m) => [m.organisationId, m.userId],
    ),
  )
  const day = (daysAgo: number) => new Date(now.getTime() - daysAgo * 86_400_000)
  for (const m of DEMO_MATCHES) {
    const person = people.get(m.candidate)
    const listing = listings.get(m.listing)
    if (!person || !listing) continue
    const last = m.steps.at(-1)!
    const approved = m.steps.find((s) => s.to === 'approved')
    const started = m.steps.find((s) => s.to === 'started')
    const ended = m.steps.find((s) => s.to === 'completed' || s.to === 'ended')
    const next = m.nextStepInDays
    const events: DemoMatchEvent[] = []
    let from: (typeof m.steps)[number]['to'] | null = null
    for (const step of m.steps) {
      const details: Record<string, string | number> = { ...step.details }
      if (step.action === 'accept' && next)
        details.nextStepAt = new Date(
          `${hanoiDate(now, next.days)}T${String(next.hour).padStart(2, '0')}:00:00+07:00`,
        ).toISOString()
      if (step.action === 'start') details.startedOn = hanoiDate(day(step.daysAgo), 0)
      events.push({
        action: step.action,
        fromStatus: from,
        toStatus: step.to,
        actorId: step.by === 'caseworker' ? person.caseworkerId : (owners.get(listing.organisationId) ?? null),
        actorRole: step.by,
        reasonCode: step.reasonCode ?? null,
        details,
        createdAt: day(step.daysAgo),
      })
      from = step.to
    }
    const matchId = await insertDemoMatch(
      tx,
      {
        candidateId: person.id,
        opportunityId: listing.id,
        organisationId: listing.organisationId,
        status: last.to,
        origin: m.origin,
        version: m.steps.length,
        message: m.message,
        reasonCode: m.steps.findLast((s) => s.reasonCode)?.reasonCode ?? null,
        nextStepAt: next
          ? new Date(`${hanoiDate(now, next.days)}T${String(next.hour).padStart(2, '0')}:00:00+07:00`)
          : null,
        nextStepNote: next?.note ?? null,
        startedOn: started ? hanoiDate(day(started.daysAgo), 0) : null,
        amountVnd: m.amountVnd ?? null,
        certificateNumber: m.certificateNumber ?? null,
        endedOn: ended ? hanoiDate(day(ended.daysAgo), 0) : null,
        createdById: m.steps[0]!.by === 'caseworker' ? person.caseworkerId : owners.get(listing.organisationId),
        createdAt: day(m.steps[0]!.daysAgo),
        updatedAt: day(last.daysAgo),
        approvedAt: approved ? day(approved.daysAgo) : null,
      },
      events,
    )
    // Check-ins as the matching module schedules them; those recorded, recorded; the rest open, or gone when over.
    const start = m.steps.find((s) => s.action === 'start')
    if (start) {
      await scheduleCheckIns(tx, {
        matchId: matchId,
        candidateId: person.id,
        kind: listing.kind,
        startedOn: hanoiDate(day(start.daysAgo), 0),
        listingTitle: m.listing,
        assignedToId: person.caseworkerId,
        createdById: person.caseworkerId,
      })
      for (const c of m.checkIns ?? []) {
        await tx
          .update(followUps)
          .set({
            doneAt: day(start.daysAgo - c.day - 1),
            doneById: person.caseworkerId,
            onTrack: c.onTrack,
            problems: c.problems ?? null,
            supportNeeded: c.supportNeeded ?? null,
            outcome: c.onTrack ? 'on_track' : 'not_on_track',
          })
          .where(and(eq(followUps.matchId, matchId), eq(followUps.dayMark, c.day)))
      }
      if (last.to === 'completed' || last.to === 'ended') await cancelOpenCheckIns(tx, matchId)
    }
  }
}

function hashCode(text: string) {
  let h = 0
  for (const ch of text) h = (h * 31 + ch.codePointAt(0)!) | 0
  return h
}

/** A colleague invited two days ago who has not arrived yet: the team page lists the invitation. */
async function seedPendingColleague(
  tx: Transaction,
  organisationId: string,
  invitedById: string,
  colleague: { email: string; name: string },
  now: Date,
) {
  const invitedAt = new Date(now.getTime() - 2 * 24 * 3600_000)
  const [user] = await tx
    .insert(users)
    .values({ ...colleague, role: 'partner', locale: 'vi', createdAt: invitedAt })
    .returning({ id: users.id })
  await tx.insert(memberships).values({ organisationId, userId: user!.id, role: 'member', createdAt: invitedAt })
  await tx.insert(teamInvitations).values({
    organisationId,
    ...colleague,
    invitedById,
    userId: user!.id,
    createdAt: invitedAt,
    expiresAt: new Date(invitedAt.getTime() + TOKEN_LIFETIME_MS.invitation),
  })
}
