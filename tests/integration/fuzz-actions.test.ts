import { desc, eq } from 'drizzle-orm'
import fc from 'fast-check'
import type { ActionFunctionArgs } from 'react-router'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import {
  caseNotes,
  emailOutbox,
  followUps,
  matches,
  memberships,
  opportunities,
  organisations,
  skills,
  users,
  type UserRole,
} from '#db/schema/index.ts'
import vi from '#app/modules/i18n/bundles/vi.ts'
import { inviteCaseworker, requestPasswordReset } from '#app/modules/auth/accounts.server.ts'
import { createSession, sessionCookieName } from '#app/modules/auth/session.server.ts'
import { CONSENT_PURPOSES } from '#app/modules/candidates/casefile.schema.ts'
import { addFollowUp } from '#app/modules/candidates/follow-ups.server.ts'
import { mergeCandidates } from '#app/modules/candidates/merge.server.ts'
import { transferCandidate } from '#app/modules/candidates/transfer.server.ts'
import { referCandidate } from '#app/modules/matching/matches.server.ts'
import { EMPLOYMENT_TYPES, LOAN_PURPOSES, WAGE_PERIODS } from '#app/modules/opportunities/listings.schema.ts'
import { SKILL_GROUPS } from '#app/modules/skills/skills-admin.server.ts'
import { getToast } from '#app/utils/toast.server.ts'
// zod as the app sets it up: its own messages become locale keys.
import '#app/utils/zod.ts'
import { createCandidate } from '../factories/candidates'
import { consentingCandidate, HA_DONG, HOAN_KIEM, listingOf, partnerStaff } from '../factories/matching'
import { actor, createCaseworker, createUser, tokenFromLatestEmail, uniqueEmail } from '../factories/users'
import { changedTables, fingerprint, type Fingerprint, type FingerprintOptions } from '../support/db-fingerprint'
import { HOSTILE_FIELD_NAMES, hostileId, hostileString, hugeString, NASTY_STRINGS } from '../support/hostile'
import { routeArgs } from '../support/route-args'
import { answeringErrors } from '#app/utils/error-answers.server.ts'

// Every form action of the app, posted random and hostile input by people allowed to use it and people who
// are not: never a 500 (no thrown error that is not a Response, no status ≥ 500), never a change to the data.
// Each generated request carries at least one "breaker" that makes it certainly refused — an invalid field, a
// hostile path id, a person without the right, a broken body or an unknown intent — while every other field
// holds a random hostile or plausible value, so the hostile values reach as deep into the action as they can.
// Free-text fields, where any string is valid, are checked separately: what was posted is what is stored.
//
// Runs per action: FUZZ_RUNS (default 30). Replay a failure with the seed fast-check prints: FUZZ_SEED=<seed>.

const RUNS = Number(process.env.FUZZ_RUNS ?? 30)
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined
const CONTEXT = { cspNonce: '', requestId: 'fuzz', clientIp: '203.0.113.9' }

const FINGERPRINT: FingerprintOptions = {
  // Failed sign-ins count towards the throttle: a refused login legitimately writes there.
  skipTables: ['auth_throttles'],
  // Any signed-in request may slide its session's expiry (last_seen_at, expires_at): only which sessions
  // exist, and whose they are, is compared.
  onlyColumns: { sessions: ['id', 'user_id'] },
}

// ——— The people and objects the requests are about ———

const PERSONAS = ['coordinator', 'caseworker', 'caseworkerOther', 'employer', 'member', 'lender', 'pending'] as const
type Persona = (typeof PERSONAS)[number]
type Who = Persona | 'anonymous' | 'garbageCookie'

type World = {
  users: Record<Persona, { id: string; role: UserRole; cookie: string }>
  candidate: string
  candidatePublicCode: string
  draft: string
  followUp: string
  transfer: string
  merge: string
  openListing: string
  closedListing: string
  draftListing: string
  match: string
  matchVersion: number
  pendingOrganisation: string
  failedEmail: number
  skillCode: string
  invitationToken: string
  resetToken: string
}

let world: World

async function buildWorld(): Promise<World> {
  const db = getDb()
  const made: Partial<World['users']> = {}
  const signIn = async (key: Persona, user: { id: string; role: UserRole }) => {
    const { token } = await createSession({ userId: user.id, role: user.role })
    made[key] = { id: user.id, role: user.role, cookie: `${sessionCookieName()}=${token}` }
  }
  const coordinator = await createUser({ role: 'coordinator' })
  await signIn('coordinator', coordinator)
  const caseworker = await createCaseworker([HOAN_KIEM])
  await signIn('caseworker', caseworker)
  const caseworkerOther = await createCaseworker([HA_DONG])
  await signIn('caseworkerOther', caseworkerOther)
  const employer = await partnerStaff('employer')
  await signIn('employer', employer.user)
  const member = await createUser({ role: 'partner' })
  await db.insert(memberships).values({ organisationId: employer.organisation.id, userId: member.id, role: 'member' })
  await signIn('member', member)
  const lender = await partnerStaff('lender')
  await signIn('lender', lender.user)
  const pending = await partnerStaff('employer', { status: 'pending' })
  await signIn('pending', pending.user)

  const coordinatorActor = actor({ role: 'coordinator', userId: coordinator.id })
  const caseworkerActor = actor({ role: 'caseworker', userId: caseworker.id, wardCodes: [HOAN_KIEM] })
  const otherActor = actor({ role: 'caseworker', userId: caseworkerOther.id, wardCodes: [HA_DONG] })

  const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: caseworker.id })
  const draft = await createCandidate({ wardCode: HOAN_KIEM, caseworkerId: caseworker.id, status: 'draft' })
  const { id: followUp } = await addFollowUp({
    actor: caseworkerActor,
    candidateId: person.id,
    title: 'Gọi điện hỏi thăm',
    dueDate: '2031-01-15',
    kind: 'check_in',
  })
  const moving = await createCandidate({ wardCode: HA_DONG, caseworkerId: caseworkerOther.id })
  const { transferId } = await transferCandidate({ actor: otherActor, candidateId: moving.id, toWardCode: HOAN_KIEM })
  const survivor = await createCandidate({ wardCode: HOAN_KIEM, fullName: 'Đỗ Văn Hải' })
  const merged = await createCandidate({ wardCode: HOAN_KIEM, fullName: 'Đỗ Văn Hải' })
  const { mergeId } = await mergeCandidates({ actor: coordinatorActor, survivorId: survivor.id, mergedId: merged.id })

  const open = await listingOf(employer)
  const closed = await listingOf(employer, { status: 'closed' })
  const drafted = await listingOf(employer, { status: 'draft' })
  await listingOf(lender)
  const { matchId } = await referCandidate({ actor: caseworkerActor, candidateId: person.id, opportunityId: open.id })
  const [match] = await db.select({ version: matches.version }).from(matches).where(eq(matches.id, matchId))

  const [email] = await db
    .insert(emailOutbox)
    .values({
      toAddress: 'that-failed@example.test',
      locale: 'vi',
      template: 'verify-email',
      subject: 'Thử',
      html: '<p>Thử</p>',
      text: 'Thử',
      status: 'failed',
      attempts: 5,
      lastError: 'rejected',
    })
    .returning({ id: emailOutbox.id })
  const [skill] = await db.select({ code: skills.code }).from(skills).limit(1)

  const invited = uniqueEmail('invited')
  await inviteCaseworker({
    actor: coordinatorActor,
    name: 'Cán bộ Được Mời',
    email: invited,
    wardCodes: [HOAN_KIEM],
    locale: 'vi',
  })
  const forgetful = await createUser({ role: 'caseworker' })
  await requestPasswordReset({ email: forgetful.email, locale: 'vi' })

  return {
    users: made as World['users'],
    candidate: person.id,
    candidatePublicCode: person.publicCode,
    draft: draft.id,
    followUp,
    transfer: transferId,
    merge: mergeId,
    openListing: open.id,
    closedListing: closed.id,
    draftListing: drafted.id,
    match: matchId,
    matchVersion: match!.version,
    pendingOrganisation: pending.organisation.id,
    failedEmail: email!.id,
    skillCode: skill!.code,
    invitationToken: await tokenFromLatestEmail(invited, 'invitation'),
    resetToken: await tokenFromLatestEmail(forgetful.email, 'reset-password'),
  }
}

// ——— Fields: what a form sends, a random value for it, and values it must refuse ———

/** A form value: absent, one value, or the same name repeated. */
type Value = string | string[] | undefined

type Field = {
  /** A value of the right shape (possibly still refused: an unknown id, a date in the past…). */
  plausible: fc.Arbitrary<Value>
  /** Values that make the whole request refused, whatever the other fields hold. */
  invalid?: fc.Arbitrary<Value>
  /** Its normal shape is a repeated name (a list): repeating it is no error. */
  list?: boolean
}

const absent = fc.constant<Value>(undefined)
const hostileValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: hostileString },
  { weight: 1, arbitrary: absent },
  { weight: 1, arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 3 }) },
)
const anyOf = (plausible: fc.Arbitrary<Value>) =>
  fc.oneof({ weight: 1, arbitrary: plausible }, { weight: 2, arbitrary: hostileValue })
/** A field with no invalid value of its own: any string may be accepted. */
const loose = (plausible: fc.Arbitrary<Value>): Field => ({ plausible })

/** Longer than `max` even after trimming and NFC (non-space, precomposed ends). */
const tooLong = (max: number) =>
  fc.oneof(
    hugeString.map((s) => `x${s}x`),
    fc.tuple(hostileString, fc.constantFrom('x', 'ệ', 'ab')).map(([s, pad]) => {
      const core = s.normalize('NFC').replace(/\s+/g, ' ')
      return `x${core}${pad.repeat(max + 1)}x`
    }),
  )
const blank = fc.constantFrom<Value>('', ' ', '   ', '\t\n', '\u00a0', '\u3000')

function text(min: number, max: number, options: { optional?: boolean } = {}): Field {
  const invalid: fc.Arbitrary<Value>[] = [tooLong(max)]
  if (!options.optional) invalid.push(absent, blank)
  if (min > 1) invalid.push(fc.integer({ min: 1, max: min - 1 }).map((n) => 'y'.repeat(n)))
  return { plausible: freeText(min, max).filter((t) => !t.includes('\u0000')), invalid: fc.oneof(...invalid) }
}

function choice(values: readonly string[], options: { optional?: boolean } = {}): Field {
  const wrong = hostileString.filter((s) => !values.includes(s) && s !== '' && s.trim() !== '')
  return {
    plausible: fc.constantFrom(...values),
    invalid: options.optional ? wrong : fc.oneof(wrong, absent),
  }
}

/** An id that must name one seeded object: anything else (not a UUID, or one naming nothing) is refused. */
function ref(options: { optional?: boolean } = {}): Field {
  return { plausible: hostileValue, invalid: options.optional ? hostileId : fc.oneof(hostileId, absent) }
}

const BAD_DATES = ['9999-99-99', '0000-00-00', '2026-02-30', '2026-13-01', '2026-1-1', '20261120', '31/12/2026']
function date(options: { optional?: boolean; pastIsInvalid?: boolean } = {}): Field {
  const bad: fc.Arbitrary<Value>[] = [
    fc.constantFrom(...BAD_DATES),
    hostileString.filter((s) => s.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(s.trim())),
  ]
  if (!options.optional) bad.push(absent)
  if (options.pastIsInvalid) bad.push(fc.constantFrom('2020-01-01', '2000-02-29', '1999-12-31'))
  return { plausible: fc.constantFrom('2031-06-01', '2027-02-28'), invalid: fc.oneof(...bad) }
}

/** A whole number in [min, max] as people type it; out of range, decimals and words are refused. */
function int(min: number, max: number, options: { optional?: boolean } = {}): Field {
  const bad: fc.Arbitrary<Value>[] = [
    fc.bigInt({ min: BigInt(max) + 1n, max: BigInt(max) * 1000n + 10n ** 25n }).map(String),
    fc.constantFrom('1.5', '2,5', 'mười', 'NaN', 'Infinity', '1e309', '--1'),
    hostileString.filter((s) => s.trim() !== '' && !/\d/.test(s)),
  ]
  if (min > 0) bad.push(fc.integer({ min: -1_000_000, max: min - 1 }).map(String))
  else bad.push(fc.integer({ min: -1_000_000, max: -1 }).map(String))
  if (!options.optional) bad.push(absent)
  return { plausible: fc.integer({ min, max: Math.min(max, 10_000) }).map(String), invalid: fc.oneof(...bad) }
}

function email(): Field {
  return {
    plausible: fc.emailAddress().map((e) => `fuzz.${e}`),
    invalid: fc.oneof(
      absent,
      blank,
      hostileString.filter((s) => !s.includes('@') && s.trim() !== ''),
      fc.constantFrom('a@', '@b', 'a@b@c.d', 'x y@example.test', `${'a'.repeat(250)}@example.test`),
    ),
  }
}

/** Five digits naming a ward; anything else is refused. */
function ward(options: { unknownIsInvalid?: boolean } = {}): Field {
  const bad: fc.Arbitrary<Value>[] = [absent, hostileString.filter((s) => !/^\d{5}$/.test(s) && s.trim() !== '')]
  if (options.unknownIsInvalid) bad.push(fc.constantFrom('99999', '00000'))
  return { plausible: fc.constantFrom(HOAN_KIEM, HA_DONG, '99999'), invalid: fc.oneof(...bad) }
}

function wardList(max: number): Field {
  return {
    list: true,
    plausible: fc.array(fc.constantFrom(HOAN_KIEM, HA_DONG), { minLength: 1, maxLength: 3 }),
    invalid: fc.oneof(
      absent,
      fc.array(
        hostileString.filter((s) => !/^\d{5}$/.test(s)),
        { minLength: 1, maxLength: 4 },
      ),
      fc.constant(Array.from({ length: max + 1 }, (_, i) => String(10_000 + i))),
    ),
  }
}

const checkbox: Field = { plausible: fc.constantFrom('on') }
const free: Field = { plausible: hostileValue }
/**
 * A password nobody has: every sign-in or password check with it is refused. As a breaker it must be refused by
 * the form's checks, before any sign-in is tried (a refused sign-in is audited): missing or over 256 characters.
 * Hostile strings a password may hold go in as plausible values.
 */
const wrongPassword: Field = {
  plausible: hostileValue,
  invalid: fc.oneof(absent, tooLong(256)),
}
const newPassword: Field = {
  plausible: fc.constantFrom('Hồ-Gươm-mùa-thu-2026', 'correct horse battery staple'),
  invalid: fc.oneof(
    absent,
    fc.string({ minLength: 1, maxLength: 11 }).filter((s) => s.trim() !== ''),
    tooLong(256),
  ),
}

// ——— The actions ———

type Variant = {
  /** Fields set as they are (the intent a form sends, the step of the intake): part of the variant. */
  fixed?: Record<string, fc.Arbitrary<string>>
  fields: Record<string, Field>
  /** Path params naming seeded objects the allowed people act on. */
  params?: (w: World) => Record<string, string>
  /** Query parameters the action reads (the intake's draft). */
  query?: (w: World) => Record<string, string>
  /** Who among those the action allows may act on these objects (default: all of them). */
  actors?: readonly Persona[]
  /**
   * The request is legitimate whatever the body, for those allowed: hostile fields must not break it, and
   * only these tables may change (say why).
   */
  acceptedAnyway?: { changes: readonly string[]; why: string; throwawaySession?: boolean }
}

type ActionSpec = {
  /** Who may use the action at all; 'public' for the sign-in pages (anyone, signed in or not). */
  allowed: readonly Persona[] | 'public'
  /** How the action reads its form: Conform (repeated names become lists), Object.fromEntries, get(). */
  parser: 'conform' | 'entries' | 'get'
  /** The action reads the body before anything else (a broken body is refused first). */
  readsBody?: boolean
  /** The field an action dispatches on, and the values it knows: any other value is refused. */
  dispatch?: { field: string; values: readonly string[] }
  variants: Variant[]
}

/** The caseload's filters: any value is a search (what the list does not know it ignores). */
const CASELOAD_SEARCH: Record<string, Field> = {
  q: free,
  status: free,
  needs: free,
  wardCode: free,
  sort: free,
  followUpsDue: free,
}
const SEARCH_CHANGES_NOTHING = {
  changes: [],
  why: 'a search of the caseload: it answers with the list, sealed in the address, and writes nothing',
} as const

const MATCH_FORM: Record<string, Field> = {
  action: choice(['approve', 'reject', 'accept', 'decline', 'start', 'complete', 'end', 'withdraw']),
  reasonCode: free,
  nextStepAt: loose(fc.constantFrom('2031-01-01T09:00', '2031-02-30T09:00')),
  nextStepNote: free,
  startedOn: loose(fc.constantFrom('2031-01-01', '9999-99-99')),
  endedOn: loose(fc.constantFrom('2031-01-01', '2026-02-30')),
  amountVnd: loose(fc.constantFrom('5.000.000', '-1', '99999999999999')),
  certificateNumber: free,
}
/** A version other than the match's: stale or nonsense, refused either way. */
const wrongVersion = (): Field => ({
  plausible: hostileValue,
  invalid: fc.oneof(
    absent,
    hostileString,
    fc
      .integer({ min: -5, max: 3_000_000_000 })
      .filter((v) => v !== world.matchVersion)
      .map(String),
  ),
})

function jobListingFields(): Record<string, Field> {
  return {
    title: text(5, 120),
    description: text(20, 5000),
    wardCode: ward(),
    address: text(0, 300, { optional: true }),
    capacity: int(1, 10_000),
    deadline: date({ optional: true, pastIsInvalid: true }),
    minAge: int(15, 80, { optional: true }),
    maxAge: int(15, 80, { optional: true }),
    acceptsAfterRehab: checkbox,
    acceptsAfterPrison: checkbox,
    eligibilityNotes: text(0, 2000, { optional: true }),
    requiredSkills: { list: true, plausible: fc.array(fc.constantFrom('welding', 'sewing'), { maxLength: 3 }) },
    employmentType: choice(EMPLOYMENT_TYPES),
    wageMin: free,
    wageMax: free,
    wagePeriod: choice(WAGE_PERIODS, { optional: true }),
    shift: text(0, 200, { optional: true }),
    housingProvided: checkbox,
    mealsProvided: checkbox,
    certificateRequired: text(0, 200, { optional: true }),
  }
}

function loanListingFields(): Record<string, Field> {
  const { employmentType: _e, wageMin: _a, wageMax: _b, wagePeriod: _p, shift: _s, ...shared } = jobListingFields()
  const { housingProvided: _h, mealsProvided: _m, certificateRequired: _c, ...rest } = shared
  return {
    ...rest,
    amountMin: free,
    amountMax: free,
    interestRate: free,
    termMonths: int(1, 120),
    gracePeriodMonths: free,
    collateralRequired: checkbox,
    guarantorRequired: checkbox,
    purposes: {
      list: true,
      plausible: fc.array(fc.constantFrom(...LOAN_PURPOSES), { minLength: 1, maxLength: 2 }),
      invalid: fc.oneof(
        absent,
        fc.array(
          hostileString.filter((s) => !(LOAN_PURPOSES as readonly string[]).includes(s)),
          { minLength: 1, maxLength: 3 },
        ),
      ),
    },
  }
}

function organisationFields(): Record<string, Field> {
  return {
    organisationName: text(2, 200),
    taxCode: {
      plausible: fc.constantFrom('0101234567', '0101234567-001'),
      invalid: fc.oneof(
        absent,
        hostileString.filter((s) => !/^\d{10}(-\d{3})?$/.test(s.replace(/\s+/g, ''))),
      ),
    },
    wardCode: ward(),
    address: text(5, 300),
    phone: {
      plausible: fc.constantFrom('0912 345 678', '+84 243 826 1234'),
      invalid: fc.oneof(absent, fc.constantFrom('abc', '123', '+1 555 0100', '0912', '(024)')),
    },
    description: text(20, 2000),
    listedInDirectory: checkbox,
  }
}

const CASEFILE: ActionSpec['variants'] = [
  {
    fixed: { intent: fc.constant('grantConsent') },
    fields: { purpose: choice(CONSENT_PURPOSES), evidence: text(1, 200), textVersion: choice(['2026-11']) },
  },
  { fixed: { intent: fc.constant('revokeConsent') }, fields: { purpose: choice(CONSENT_PURPOSES) } },
  { fixed: { intent: fc.constant('addNote') }, fields: { body: text(1, 5000), sensitive: checkbox } },
  {
    fixed: { intent: fc.constant('addFollowUp') },
    fields: { title: text(1, 200), dueDate: date(), kind: choice(['check_in', 'task']) },
  },
  {
    fixed: { intent: fc.constant('completeFollowUp') },
    fields: { followUpId: ref(), outcome: text(0, 2000, { optional: true }) },
  },
  {
    fixed: { intent: fc.constant('recordCheckIn') },
    fields: {
      followUpId: ref(),
      onTrack: choice(['yes', 'no']),
      problems: text(0, 2000, { optional: true }),
      supportNeeded: text(0, 2000, { optional: true }),
      endReason: { plausible: hostileValue, invalid: tooLong(40) },
    },
  },
  {
    fixed: { intent: fc.constant('transfer') },
    fields: { toWardCode: ward(), reason: text(0, 500, { optional: true }) },
  },
  { fixed: { intent: fc.constant('setStatus') }, fields: { status: choice(['active', 'on_hold', 'closed']) } },
]
const CASEFILE_INTENTS = [
  'grantConsent',
  'revokeConsent',
  'addNote',
  'addFollowUp',
  'completeFollowUp',
  'recordCheckIn',
  'transfer',
  'setStatus',
]

/**
 * Every route module with an action, and the forms it reads. The test fails when a route exports an action
 * that is not described here: a new action cannot escape the fuzzing.
 */
const SPECS: Record<string, ActionSpec> = {
  'account.tsx': {
    allowed: PERSONAS,
    parser: 'conform',
    dispatch: { field: 'intent', values: ['profile', 'password', 'revoke-session', 'revoke-others'] },
    variants: [
      {
        fixed: { intent: fc.constant('profile') },
        fields: { name: text(2, 120), locale: choice(['vi', 'en', 'auto']) },
      },
      {
        fixed: { intent: fc.constant('password') },
        fields: { currentPassword: wrongPassword, newPassword, confirmPassword: free },
      },
      // The id of one of one's own sessions; anything else revokes nothing.
      { fixed: { intent: fc.constant('revoke-session') }, fields: { sessionId: ref() } },
      {
        fixed: { intent: fc.constant('revoke-others') },
        fields: {},
        acceptedAnyway: {
          changes: ['audit_events'],
          why: 'signing out one’s other devices needs no input; the audit records it',
        },
      },
    ],
  },
  'caseworker.candidates._index.tsx': {
    allowed: ['caseworker', 'caseworkerOther'],
    parser: 'get',
    variants: [{ fields: CASELOAD_SEARCH, acceptedAnyway: SEARCH_CHANGES_NOTHING }],
  },
  'coordinator.candidates._index.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    variants: [{ fields: CASELOAD_SEARCH, acceptedAnyway: SEARCH_CHANGES_NOTHING }],
  },
  'caseworker._index.tsx': {
    allowed: ['caseworker'],
    parser: 'get',
    variants: [{ fields: { transferId: ref() } }],
  },
  'caseworker.candidates.$id.tsx': {
    allowed: ['caseworker', 'caseworkerOther'],
    parser: 'conform',
    dispatch: { field: 'intent', values: CASEFILE_INTENTS },
    variants: CASEFILE.map((v) => ({ ...v, params: (w) => ({ id: w.candidate }), actors: ['caseworker'] })),
  },
  'coordinator.candidates_.$id.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    dispatch: { field: 'intent', values: CASEFILE_INTENTS },
    variants: CASEFILE.map((v) => ({ ...v, params: (w) => ({ id: w.candidate }) })),
  },
  'caseworker.candidates.$id_.suggestions.tsx': {
    allowed: ['caseworker', 'caseworkerOther'],
    parser: 'entries',
    variants: [
      {
        params: (w) => ({ id: w.candidate }),
        actors: ['caseworker'],
        fields: { opportunityId: ref(), message: free },
      },
    ],
  },
  'caseworker.candidates.new.tsx': {
    allowed: ['caseworker', 'caseworkerOther'],
    parser: 'conform',
    dispatch: { field: 'step', values: ['1', '2', '3', '4'] },
    variants: [
      {
        fixed: { step: fc.constant('1') },
        fields: {
          fullName: text(2, 120),
          dateOfBirth: date(),
          gender: choice(['female', 'male', 'other', 'unspecified'], { optional: true }),
          phone: {
            plausible: fc.constantFrom('0912345678'),
            invalid: fc.constantFrom('abc', '123', '+1 555 0100'),
          },
          wardCode: ward(),
          mode: free,
        },
      },
      {
        fixed: { step: fc.constant('2') },
        query: (w) => ({ draft: w.draft }),
        actors: ['caseworker'],
        fields: {
          background: choice(['after_rehab', 'after_prison', 'both']),
          programmeEndDate: { ...date({ optional: true }) },
          education: choice(['none', 'primary', 'vocational'], { optional: true }),
          mode: free,
        },
      },
      {
        fixed: { step: fc.constant('3') },
        query: (w) => ({ draft: w.draft }),
        actors: ['caseworker'],
        fields: {
          skills: {
            list: true,
            plausible: fc.array(fc.constantFrom('welding', 'sewing'), { maxLength: 3 }),
            invalid: fc.oneof(
              fc.array(
                hostileString.filter((s) => !/^[a-z0-9_]{1,64}$/.test(s)),
                { minLength: 1, maxLength: 3 },
              ),
              fc.constant(Array.from({ length: 21 }, (_, i) => `skill_${i}`)),
            ),
          },
          needs: {
            list: true,
            plausible: fc.array(fc.constantFrom('job', 'course', 'loan'), { minLength: 1, maxLength: 3 }),
            invalid: fc.oneof(
              absent,
              fc.array(
                hostileString.filter((s) => !['job', 'course', 'loan'].includes(s)),
                {
                  minLength: 1,
                  maxLength: 3,
                },
              ),
            ),
          },
          availability: text(0, 500, { optional: true }),
          preferences: text(0, 1000, { optional: true }),
          mode: free,
        },
      },
      {
        fixed: { step: fc.constant('4') },
        query: (w) => ({ draft: w.draft }),
        actors: ['caseworker'],
        fields: {
          drugUseHistory: text(0, 4000, { optional: true }),
          criminalRecord: text(0, 4000, { optional: true }),
          facility: text(0, 1000, { optional: true }),
          healthNotes: text(0, 4000, { optional: true }),
          nationalId: { plausible: hostileValue, invalid: fc.constantFrom('abc', '12345', '1234567890123', '12-34') },
          mode: free,
          seen: free,
        },
      },
    ],
  },
  'caseworker.matches.$id.tsx': {
    allowed: ['caseworker', 'caseworkerOther'],
    parser: 'entries',
    variants: [
      {
        params: (w) => ({ id: w.match }),
        actors: ['caseworker'],
        fields: { ...MATCH_FORM, version: wrongVersion() },
      },
    ],
  },
  'coordinator.audit.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    readsBody: false,
    variants: [
      {
        fields: {},
        acceptedAnyway: { changes: ['audit_events'], why: 'checking the audit chain takes no input and is audited' },
      },
    ],
  },
  'coordinator.candidates.merge.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    variants: [
      { fixed: { intent: fc.constant('merge') }, fields: { survivorId: ref(), mergedId: ref() } },
      { fixed: { intent: fc.constant('undo') }, fields: { mergeId: ref() } },
    ],
  },
  'coordinator.candidates_.$id_.export.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    variants: [{ params: (w) => ({ id: w.candidate }), fields: { reason: text(5, 500) } }],
  },
  'coordinator.caseworkers_.$userId.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    variants: [{ params: (w) => ({ userId: w.users.caseworkerOther.id }), fields: { wardCodes: wardList(20) } }],
  },
  'coordinator.caseworkers.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    dispatch: { field: 'intent', values: ['invite', 'staff-access'] },
    variants: [
      {
        fixed: { intent: fc.constant('invite') },
        fields: {
          name: text(2, 120),
          email: email(),
          wardCodes: wardList(20),
          locale: choice(['vi', 'en'], { optional: true }),
        },
      },
      {
        fixed: { intent: fc.constant('staff-access') },
        fields: { userId: ref(), access: choice(['active', 'disabled']) },
      },
    ],
  },
  'coordinator.outbox.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    variants: [
      {
        fields: {
          id: {
            plausible: hostileValue,
            invalid: fc.oneof(
              hostileString.filter((s) => Number(s) !== world.failedEmail),
              fc
                .integer({ min: 1, max: 2 ** 31 })
                .filter((n) => n !== world.failedEmail)
                .map(String),
            ),
          },
        },
      },
    ],
  },
  'coordinator.partners.$id.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    variants: [
      {
        params: (w) => ({ id: w.pendingOrganisation }),
        fields: { decision: choice(['approve', 'reinstate', 'reject', 'suspend']), reason: free },
      },
      {
        params: (w) => ({ id: w.pendingOrganisation }),
        fixed: { decision: fc.constantFrom('reject', 'suspend') },
        fields: { reason: text(5, 1000) },
      },
    ],
  },
  'coordinator.reports_.export.tsx': {
    allowed: ['coordinator'],
    parser: 'get',
    variants: [{ fields: { reason: text(10, 500), format: free } }],
  },
  'coordinator.skills.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    variants: [
      {
        fields: {
          nameVi: text(2, 80),
          nameEn: text(2, 80),
          groupCode: choice(SKILL_GROUPS),
          active: checkbox,
          code: { plausible: fc.constantFrom('welding') },
        },
      },
    ],
  },
  'coordinator.targets.tsx': {
    allowed: ['coordinator'],
    parser: 'conform',
    variants: [
      {
        fields: {
          year: int(2020, 2100),
          wardCode: ward({ unknownIsInvalid: true }),
          placed_in_work: int(0, 100_000, { optional: true }),
          courses_completed: int(0, 100_000, { optional: true }),
          loans_disbursed: int(0, 100_000, { optional: true }),
        },
      },
    ],
  },
  'forgot-password.tsx': {
    allowed: 'public',
    parser: 'conform',
    variants: [
      {
        fields: { email: email() },
        acceptedAnyway: {
          changes: [],
          why: 'no generated address is anyone’s: the same answer, and nothing written, for an unknown address',
        },
      },
    ],
  },
  'invitation.$token.tsx': {
    allowed: 'public',
    parser: 'conform',
    variants: [
      {
        params: (w) => ({ token: w.invitationToken }),
        fields: { password: newPassword, confirmPassword: { plausible: hostileValue, invalid: absent } },
      },
    ],
  },
  'reset-password.$token.tsx': {
    allowed: 'public',
    parser: 'conform',
    variants: [
      {
        params: (w) => ({ token: w.resetToken }),
        fields: { password: newPassword, confirmPassword: { plausible: hostileValue, invalid: absent } },
      },
    ],
  },
  'join.tsx': {
    allowed: 'public',
    parser: 'conform',
    variants: [
      {
        fields: {
          ...organisationFields(),
          organisationKind: choice(['employer', 'training_centre', 'lender']),
          name: text(2, 120),
          email: email(),
          password: newPassword,
          acceptTerms: {
            plausible: fc.constant('on'),
            invalid: fc.oneof(
              absent,
              hostileString.filter((s) => s !== 'on' && s.trim() !== ''),
            ),
          },
        },
      },
    ],
  },
  'language.tsx': {
    allowed: 'public',
    parser: 'get',
    variants: [{ fields: { locale: choice(['vi', 'en']), redirectTo: free } }],
  },
  'login.tsx': {
    allowed: 'public',
    parser: 'conform',
    variants: [
      {
        fields: { email: email(), password: wrongPassword, redirectTo: free },
        acceptedAnyway: {
          changes: ['audit_events'],
          why: 'no generated password is anyone’s: every sign-in is refused, and a refused one is audited',
        },
      },
    ],
  },
  'logout.tsx': {
    allowed: PERSONAS,
    parser: 'get',
    readsBody: false,
    variants: [
      {
        fields: {},
        acceptedAnyway: {
          changes: ['sessions', 'audit_events'],
          why: 'signing out ends the session and is audited, whatever is posted',
          throwawaySession: true,
        },
      },
    ],
  },
  'partner.listings.$id.tsx': {
    allowed: ['employer', 'member', 'lender', 'pending'],
    parser: 'get',
    dispatch: { field: 'intent', values: ['publish', 'close', 'delete', 'reopen'] },
    variants: [
      {
        fixed: { intent: fc.constant('publish') },
        params: (w) => ({ id: w.draftListing }),
        actors: ['employer', 'member'],
        fields: {},
      },
      {
        fixed: { intent: fc.constant('close') },
        params: (w) => ({ id: w.openListing }),
        actors: ['employer', 'member'],
        fields: {},
      },
      {
        fixed: { intent: fc.constant('delete') },
        params: (w) => ({ id: w.draftListing }),
        actors: ['employer', 'member'],
        fields: {},
      },
      {
        fixed: { intent: fc.constant('reopen') },
        params: (w) => ({ id: w.closedListing }),
        actors: ['employer', 'member'],
        fields: {
          deadline: {
            ...date({ pastIsInvalid: true }),
            invalid: date({ optional: true, pastIsInvalid: true }).invalid,
          },
        },
      },
    ],
  },
  'partner.listings.$id_.edit.tsx': {
    allowed: ['employer', 'member', 'lender', 'pending'],
    parser: 'conform',
    variants: [
      {
        params: (w) => ({ id: w.openListing }),
        actors: ['employer', 'member'],
        fixed: { kind: fc.constant('job') },
        fields: { ...jobListingFields(), version: free },
      },
    ],
  },
  'partner.listings.new.tsx': {
    allowed: ['employer', 'member', 'lender', 'pending'],
    parser: 'conform',
    variants: [
      { actors: ['employer', 'member', 'pending'], fixed: { kind: fc.constant('job') }, fields: jobListingFields() },
      { actors: ['lender'], fixed: { kind: fc.constant('loan') }, fields: loanListingFields() },
    ],
  },
  'partner.organisation.tsx': {
    allowed: ['employer', 'lender', 'pending'],
    parser: 'conform',
    variants: [{ fields: { ...organisationFields(), contactName: text(2, 120) } }],
  },
  'partner.referrals.$matchId.tsx': {
    allowed: ['employer', 'member', 'lender'],
    parser: 'entries',
    variants: [
      {
        params: (w) => ({ matchId: w.match }),
        actors: ['employer', 'member'],
        fields: { ...MATCH_FORM, version: wrongVersion() },
      },
      {
        params: (w) => ({ matchId: w.match }),
        actors: ['employer', 'member'],
        fixed: { intent: fc.constant('report') },
        fields: {
          version: wrongVersion(),
          kind: loose(fc.constantFrom('attendance', 'retention', 'repayment')),
          status: free,
          lateDays: free,
          note: free,
        },
      },
    ],
  },
  'partner.talent.tsx': {
    allowed: ['employer', 'member', 'lender'],
    parser: 'entries',
    variants: [
      {
        fields: {
          publicCode: {
            plausible: hostileValue,
            invalid: hostileString.filter((s) => s !== world.candidatePublicCode),
          },
          opportunityId: ref(),
          message: { plausible: hostileValue, invalid: fc.oneof(absent, tooLong(4000)) },
        },
      },
    ],
  },
  'partner.team.tsx': {
    allowed: ['employer', 'lender', 'pending'],
    parser: 'get',
    dispatch: { field: 'intent', values: ['invite', 'remove', 'transfer', 'cancel', 'resend'] },
    variants: [
      { fixed: { intent: fc.constant('invite') }, fields: { name: text(2, 120), email: email() } },
      { fixed: { intent: fc.constantFrom('remove', 'transfer') }, fields: { userId: ref() } },
      { fixed: { intent: fc.constantFrom('cancel', 'resend') }, fields: { invitationId: ref() } },
    ],
  },
  'verify-email._index.tsx': {
    allowed: PERSONAS,
    parser: 'get',
    readsBody: false,
    variants: [
      {
        fields: {},
        acceptedAnyway: { changes: [], why: 'everyone here has a verified address: nothing to send again' },
      },
    ],
  },
}

// ——— Building a request ———

type Broken = 'text/plain' | 'json' | 'no-content-type' | 'multipart-garbage' | 'multipart-no-boundary' | 'oversized'

type Plan = {
  route: string
  variant: number
  who: Who
  breaker: string
  params: Record<string, string>
  query: [string, string][]
  entries: [string, string][]
  encoding: 'urlencoded' | 'multipart' | Broken
  junkCookies: string[]
  acceptLanguage: string | null
  /** The session cookie sent as 'garbageCookie'. */
  garbage: string
}

/** Long strings shortened, so a failure report stays readable (fast-check prints the plan). */
function summary(plan: Plan) {
  const short = (s: string) =>
    s.length > 60 ? `${JSON.stringify(s.slice(0, 60))}…(${s.length} chars)` : JSON.stringify(s)
  return [
    `${plan.route} variant ${plan.variant} as ${plan.who}, breaker: ${plan.breaker}, body: ${plan.encoding}`,
    `params: ${Object.entries(plan.params)
      .map(([k, v]) => `${k}=${short(v)}`)
      .join(' ')}`,
    `query: ${plan.query.map(([k, v]) => `${short(k)}=${short(v)}`).join(' ')}`,
    `fields: ${plan.entries.map(([k, v]) => `${short(k)}=${short(v)}`).join(' ')}`,
  ].join('\n  ')
}

function fieldEntries(name: string, value: Value): [string, string][] {
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).map((v) => [name, v])
}

const junkField = fc.tuple(fc.constantFrom(...HOSTILE_FIELD_NAMES), hostileString)
const junkQuery = fc.array(
  fc.tuple(
    fc.constantFrom('draft', 'from', 'to', 'ward', 'wards', 'year', 'q', 'redirectTo', 'index', 'x'),
    hostileString,
  ),
  { maxLength: 2 },
)

function planFor(route: string, spec: ActionSpec): fc.Arbitrary<Plan> {
  const allowed = spec.allowed === 'public' ? [...PERSONAS] : spec.allowed
  const arbitraries = spec.variants.map((variant, index) => {
    const actors = variant.actors ?? allowed
    const refused: Who[] =
      spec.allowed === 'public' ? [] : [...PERSONAS.filter((p) => !actors.includes(p)), 'anonymous', 'garbageCookie']
    const fieldNames = Object.keys(variant.fields)
    const breakable = fieldNames.filter((n) => variant.fields[n]!.invalid)
    const repeatable = spec.parser === 'conform' ? breakable.filter((n) => !variant.fields[n]!.list) : []
    const paramNames = variant.params ? Object.keys(variant.params(world)) : []
    const queryNames = variant.query ? Object.keys(variant.query(world)) : []
    const breakers: string[] = [
      ...(refused.length > 0 ? ['who'] : []),
      ...(breakable.length > 0 ? ['field', 'field'] : []),
      ...(repeatable.length > 0 ? ['repeat'] : []),
      ...paramNames.map((n) => `param:${n}`),
      ...queryNames.map((n) => `query:${n}`),
      ...(spec.dispatch ? ['dispatch'] : []),
      ...(spec.readsBody !== false ? ['body'] : []),
      ...(variant.acceptedAnyway ? ['none'] : []),
    ]
    if (breakers.length === 0) throw new Error(`${route} variant ${index}: no way to make a request refused`)
    // Either any value in every field, or mostly plausible ones: those reach past the form's checks, into
    // the domain functions, when the breaker is elsewhere (a hostile id, a person without the right).
    const record = (pick: (f: Field) => fc.Arbitrary<Value>) =>
      fc.record(
        Object.fromEntries(fieldNames.map((n) => [n, pick(variant.fields[n]!)])) as Record<string, fc.Arbitrary<Value>>,
      )
    const values = fc.oneof(
      record((f) => anyOf(f.plausible)),
      record((f) => fc.oneof({ weight: 8, arbitrary: f.plausible }, { weight: 1, arbitrary: hostileValue })),
    )
    const fixed = fc.record(variant.fixed ?? {})
    return fc
      .record({
        breaker: fc.constantFrom(...breakers),
        fixed,
        values,
        junk: fc.array(junkField, { maxLength: 3 }),
        junkQuery,
        refusedWho: refused.length > 0 ? fc.constantFrom(...refused) : fc.constant<Who>('anonymous'),
        allowedWho: fc.constantFrom<Who>(...(spec.allowed === 'public' ? [...PERSONAS, 'anonymous' as const] : actors)),
        invalidValue:
          breakable.length > 0
            ? fc.constantFrom(...breakable).chain((n) => variant.fields[n]!.invalid!.map((v) => [n, v] as const))
            : fc.constant(null),
        repeatedName: repeatable.length > 0 ? fc.constantFrom(...repeatable) : fc.constant(''),
        repeated: fc.array(hostileString, { minLength: 2, maxLength: 3 }),
        hostileParam: hostileId,
        dispatchValue: spec.dispatch
          ? hostileString.filter((s) => !spec.dispatch!.values.includes(s) && s !== '')
          : fc.constant(''),
        encoding: fc.constantFrom<Plan['encoding']>('urlencoded', 'urlencoded', 'multipart'),
        broken: fc.constantFrom<Broken>(
          'text/plain',
          'json',
          'no-content-type',
          'multipart-garbage',
          'multipart-no-boundary',
          'oversized',
        ),
        junkCookies: fc.array(fc.tuple(fc.constantFrom('hn_toast', 'lng', 'theme', 'x'), hostileString), {
          maxLength: 2,
        }),
        garbage: hostileString,
        acceptLanguage: fc.option(fc.constantFrom('vi', 'en', '*', 'xx-YY;q=2', ';;;,,,', 'a'.repeat(5000))),
      })
      .map((r): Plan => {
        let breaker = r.breaker
        const values: Record<string, Value> = { ...r.values }
        const fixedValues: Record<string, string> = { ...r.fixed }
        if (breaker === 'field' && r.invalidValue) {
          values[r.invalidValue[0]] = r.invalidValue[1]
          breaker = `field:${r.invalidValue[0]}`
        }
        if (breaker === 'repeat') {
          values[r.repeatedName] = r.repeated
          breaker = `repeat:${r.repeatedName}`
        }
        if (breaker === 'dispatch') fixedValues[spec.dispatch!.field] = r.dispatchValue
        const entries: [string, string][] = [
          ...Object.entries(fixedValues).map(([k, v]) => [k, v] as [string, string]),
          ...fieldNames.flatMap((n) => fieldEntries(n, values[n])),
          ...r.junk,
        ]
        const params = variant.params ? { ...variant.params(world) } : {}
        if (breaker.startsWith('param:')) params[breaker.slice(6)] = r.hostileParam
        const queryValues: [string, string][] = variant.query ? Object.entries(variant.query(world)) : []
        if (breaker.startsWith('query:')) {
          const name = breaker.slice(6)
          for (const q of queryValues) if (q[0] === name) q[1] = r.hostileParam
        }
        return {
          route,
          variant: index,
          who: breaker === 'who' ? r.refusedWho : r.allowedWho,
          breaker,
          params,
          // The real values first: the action reads the first value of a name.
          query: [...queryValues, ...r.junkQuery],
          entries,
          encoding: breaker === 'body' ? r.broken : r.encoding,
          junkCookies: r.junkCookies.map(([k, v]) => `${k}=${cookieValue(v)}`),
          acceptLanguage: r.acceptLanguage,
          garbage: r.garbage,
        }
      })
  })
  return fc.oneof(...arbitraries).map((plan) => Object.assign(plan, { [fc.toStringMethod]: () => summary(plan) }))
}

/** As it is when printable (malformed percent-escapes included), else percent-encoded (headers are bytes). */
function cookieValue(value: string) {
  if (/^[\x21-\x7e]*$/.test(value) && !value.includes(';')) return value
  return encodeURIComponent(wellFormed(value))
}

/** Lone surrogates replaced by U+FFFD, as any UTF-8 encoding of the string does. */
function wellFormed(value: string) {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
}

const BODY_LIMIT_PLUS = 1024 * 1024 + 10

function requestFor(plan: Plan, cookie: string | null): Request {
  const search = new URLSearchParams(plan.query).toString()
  const url = `http://localhost/fuzz/${encodeURIComponent(plan.route)}${search ? `?${search}` : ''}`
  const headers = new Headers()
  const cookies = [...(cookie ? [cookie] : []), ...plan.junkCookies]
  if (cookies.length > 0) headers.set('cookie', cookies.join('; '))
  if (plan.acceptLanguage) headers.set('accept-language', plan.acceptLanguage)
  let body: BodyInit
  switch (plan.encoding) {
    case 'urlencoded':
      headers.set('content-type', 'application/x-www-form-urlencoded')
      body = new URLSearchParams(plan.entries).toString()
      break
    case 'multipart': {
      const form = new FormData()
      for (const [k, v] of plan.entries) form.append(k, v)
      // A file where no form has one (the app takes no uploads).
      if (plan.garbage.length % 2 === 0) form.append('upload', new Blob([plan.garbage]), '../../etc/passwd')
      body = form
      break
    }
    case 'text/plain':
      headers.set('content-type', 'text/plain;charset=UTF-8')
      body = plan.entries.map(([k, v]) => `${k}=${v}`).join('\r\n')
      break
    case 'json':
      headers.set('content-type', 'application/json')
      body = JSON.stringify(Object.fromEntries(plan.entries))
      break
    case 'no-content-type':
      body = new Blob([new URLSearchParams(plan.entries).toString()])
      break
    case 'multipart-garbage':
      headers.set('content-type', 'multipart/form-data; boundary=----fuzz')
      body = `------fuzz\r\nContent-Disposition: form-data; name="intent"\r\n\r\n${plan.entries[0]?.[1] ?? ''}`
      break
    case 'multipart-no-boundary':
      headers.set('content-type', 'multipart/form-data')
      body = new URLSearchParams(plan.entries).toString()
      break
    case 'oversized':
      headers.set('content-type', 'application/x-www-form-urlencoded')
      body = `${new URLSearchParams(plan.entries).toString()}&padding=${'x'.repeat(BODY_LIMIT_PLUS)}`
      break
  }
  return new Request(url, { method: 'POST', headers, body })
}

// ——— Judging the answer ———

const VI_MESSAGES = flatten(vi)

function flatten(tree: object, prefix = ''): Set<string> {
  const keys = new Set<string>()
  for (const [k, v] of Object.entries(tree)) {
    if (v && typeof v === 'object') for (const sub of flatten(v as object, `${prefix}${k}.`)) keys.add(sub)
    else keys.add(`${prefix}${k}`.replace(/_(one|other)$/, ''))
  }
  return keys
}

/** The message keys an action's answer carries for the form or the toast. */
async function messageKeys(answer: unknown): Promise<string[]> {
  const keys: string[] = []
  if (answer instanceof Response) {
    for (const cookie of answer.headers.getSetCookie()) {
      if (!cookie.startsWith('hn_toast=')) continue
      const { toast } = await getToast(new Request('http://localhost/', { headers: { cookie: cookie.split(';')[0]! } }))
      if (toast) keys.push(toast.key)
    }
    return keys
  }
  const data =
    (answer as { type?: string; data?: unknown })?.type === 'DataWithResponseInit'
      ? (answer as { data: unknown }).data
      : answer
  if (!data || typeof data !== 'object') return keys
  const d = data as Record<string, unknown>
  const result = d.result as { error?: Record<string, string[] | null> } | undefined
  for (const list of Object.values(result?.error ?? {})) keys.push(...(list ?? []))
  for (const name of ['error', 'reportError']) {
    const e = d[name]
    if (typeof e === 'string') keys.push(e)
    else if (e && typeof e === 'object' && typeof (e as { key?: unknown }).key === 'string')
      keys.push((e as { key: string }).key)
  }
  return keys
}

function statusOf(answer: unknown): number {
  if (answer instanceof Response) return answer.status
  const init =
    (answer as { type?: string; init?: { status?: number } | null })?.type === 'DataWithResponseInit'
      ? (answer as { init: { status?: number } | null }).init
      : null
  return init?.status ?? 200
}

async function cookieFor(who: Who, throwaway: boolean, garbage: string): Promise<string | null> {
  if (who === 'anonymous') return null
  if (who === 'garbageCookie') return `${sessionCookieName()}=${cookieValue(garbage)}`
  if (!throwaway) return world.users[who].cookie
  const { token } = await createSession({ userId: world.users[who].id, role: world.users[who].role })
  return `${sessionCookieName()}=${token}`
}

type RouteModule = { action?: (args: ActionFunctionArgs) => Promise<unknown> }
const routeModules = import.meta.glob<RouteModule>('../../app/routes/*.{ts,tsx}', { eager: true })
const ACTION_ROUTES = Object.entries(routeModules)
  .filter(([, mod]) => typeof mod.action === 'function')
  .map(([path]) => path.split('/').at(-1)!)
  .sort()

let lastFingerprint: Fingerprint | undefined

async function runPlan(plan: Plan) {
  const spec = SPECS[plan.route]!
  const variant = spec.variants[plan.variant]!
  const mod = routeModules[`../../app/routes/${plan.route}`]!
  const accepted = plan.breaker === 'none' && variant.acceptedAnyway
  const throwaway = Boolean(accepted && variant.acceptedAnyway?.throwawaySession)
  const cookie = await cookieFor(plan.who, throwaway, plan.garbage)
  // Nothing but these runs writes to the database: the previous run's "after" is this one's "before".
  const before = (!throwaway && lastFingerprint) || (await fingerprint(FINGERPRINT))
  const protoKeys = Object.getOwnPropertyNames(Object.prototype).length
  let answer: unknown
  let thrownError: unknown
  try {
    // As the server runs it: AppErrors and outages answered at the edge (utils/error-answers.server.ts).
    answer = await answeringErrors(mod.action!)(routeArgs(requestFor(plan, cookie), plan.params, CONTEXT))
  } catch (error) {
    thrownError = error
  }
  const after = await fingerprint(FINGERPRINT)
  lastFingerprint = after
  if (thrownError !== undefined && !(thrownError instanceof Response)) {
    throw new Error(
      `a ${(thrownError as Error)?.name ?? typeof thrownError} was thrown: ${String((thrownError as Error)?.stack ?? thrownError).slice(0, 2000)}`,
    )
  }
  const outcome = thrownError ?? answer
  const status = statusOf(outcome)
  if (status >= 500) throw new Error(`status ${status}`)
  const changed = changedTables(before, after).filter(
    (t) => !(accepted && variant.acceptedAnyway!.changes.includes(t.split(' ')[0]!)),
  )
  if (changed.length > 0) throw new Error(`data changed (status ${status}): ${changed.join(', ')}`)
  if (Object.getOwnPropertyNames(Object.prototype).length !== protoKeys || 'polluted' in {}) {
    throw new Error('Object.prototype was polluted')
  }
  for (const key of await messageKeys(outcome)) {
    if (!VI_MESSAGES.has(key))
      throw new Error(`the answer carries "${key.slice(0, 200)}", not a message of the locale files`)
  }
  return status
}

beforeAll(async () => {
  world = await buildWorld()
}, 120_000)

describe('fuzzing every form action', () => {
  test('every route with an action is described here, and nothing else', () => {
    expect(ACTION_ROUTES.length).toBeGreaterThan(25)
    expect(Object.keys(SPECS).sort()).toEqual(ACTION_ROUTES)
  })

  test.each(ACTION_ROUTES.filter((r) => SPECS[r]))(
    '%s: hostile input → a 4xx or a form error, never a 500, no data changed',
    async (route) => {
      // What the runs were (breaker → status), printed with FUZZ_VERBOSE=1 to see how deep they reach.
      const tally = new Map<string, number>()
      await fc.assert(
        fc.asyncProperty(planFor(route, SPECS[route]!), async (plan) => {
          const status = await runPlan(plan)
          const key = `${plan.breaker.split(':')[0]} as ${plan.who} → ${status}`
          tally.set(key, (tally.get(key) ?? 0) + 1)
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
      if (process.env.FUZZ_VERBOSE) {
        const lines = [...tally].sort().map(([k, n]) => `    ${n} × ${k}`)
        process.stdout.write(`${route}\n${lines.join('\n')}\n`)
      }
    },
    300_000,
  )
})

// ——— Free text: any string is valid there, so what is posted must be what is stored ———

type RoundTrip = {
  route: string
  who: Persona
  params?: (w: World) => Record<string, string>
  /** Length bounds of the field after trimming. */
  min: number
  max: number
  body: (text: string, run: number) => Record<string, string>
  /** The value the request stored (the answer is the action's redirect). */
  stored: (answer: Response, run: number) => Promise<string | undefined>
}

const ROUND_TRIPS: Record<string, RoundTrip> = {
  'a person’s name (account)': {
    route: 'account.tsx',
    who: 'member',
    min: 2,
    max: 120,
    body: (name) => ({ intent: 'profile', name, locale: 'vi' }),
    stored: async () =>
      (await getDb().select({ v: users.name }).from(users).where(eq(users.id, world.users.member.id)))[0]?.v,
  },
  'a case note': {
    route: 'caseworker.candidates.$id.tsx',
    who: 'caseworker',
    params: (w) => ({ id: w.candidate }),
    min: 1,
    max: 5000,
    body: (body) => ({ intent: 'addNote', body, sensitive: 'on' }),
    stored: async () =>
      (
        await getDb()
          .select({ v: caseNotes.body })
          .from(caseNotes)
          .where(eq(caseNotes.candidateId, world.candidate))
          .orderBy(desc(caseNotes.createdAt))
          .limit(1)
      )[0]?.v,
  },
  'a follow-up’s title': {
    route: 'coordinator.candidates_.$id.tsx',
    who: 'coordinator',
    params: (w) => ({ id: w.candidate }),
    min: 1,
    max: 200,
    body: (title) => ({ intent: 'addFollowUp', title, dueDate: '2031-03-01', kind: 'task' }),
    stored: async () =>
      (
        await getDb()
          .select({ v: followUps.title })
          .from(followUps)
          .where(eq(followUps.candidateId, world.candidate))
          .orderBy(desc(followUps.createdAt))
          .limit(1)
      )[0]?.v,
  },
  'a skill’s Vietnamese name': {
    route: 'coordinator.skills.tsx',
    who: 'coordinator',
    min: 2,
    max: 80,
    body: (nameVi, run) => ({ nameVi, nameEn: `Fuzzed trade ${run}`, groupCode: 'crafts', active: 'on' }),
    stored: async (_answer, run) =>
      (
        await getDb()
          .select({ v: skills.nameVi })
          .from(skills)
          .where(eq(skills.code, `fuzzed_trade_${run}`))
      )[0]?.v,
  },
  'a listing’s title': {
    route: 'partner.listings.new.tsx',
    who: 'employer',
    min: 5,
    max: 120,
    body: (title) => ({
      kind: 'job',
      title,
      description: 'Mô tả công việc đủ dài để qua kiểm tra độ dài tối thiểu.',
      wardCode: HOAN_KIEM,
      capacity: '2',
      acceptsAfterRehab: 'on',
      employmentType: 'full_time',
    }),
    stored: async (answer) => {
      const id = answer.headers.get('location')?.split('/').at(-1) ?? ''
      return (await getDb().select({ v: opportunities.title }).from(opportunities).where(eq(opportunities.id, id)))[0]
        ?.v
    },
  },
  'an organisation’s description': {
    route: 'partner.organisation.tsx',
    who: 'lender',
    min: 20,
    max: 2000,
    body: (description) => ({
      organisationName: 'Quỹ Vay Vốn Thử Nghiệm',
      taxCode: '0109876543',
      wardCode: HOAN_KIEM,
      address: 'Số 3 phố Tràng Thi',
      phone: '0912 345 678',
      description,
      contactName: 'Trần Thị Mai',
    }),
    stored: async () => {
      const [row] = await getDb()
        .select({ v: organisations.description })
        .from(organisations)
        .innerJoin(memberships, eq(memberships.organisationId, organisations.id))
        .where(eq(memberships.userId, world.users.lender.id))
      return row?.v ?? undefined
    },
  },
}

/** Free text of the right length after trimming: unicode of every kind, injection syntax, NUL now and then. */
function freeText(min: number, max: number): fc.Arbitrary<string> {
  // Lengths in code points, as zod counts them (an emoji is one, not two UTF-16 units).
  const length = (s: string) => [...wellFormed(s).trim()].length
  const fit = (s: string) => {
    const t = length(s) < min ? `${s}${'x'.repeat(min)}` : s
    return length(t) > max ? [...wellFormed(t).trim()].slice(0, max).join('') : t
  }
  return fc
    .oneof(
      fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 200) }),
      fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 60) }),
      fc.array(fc.constantFrom(...NASTY_STRINGS), { minLength: 1, maxLength: 8 }).map((a) => a.join(' ')),
      fc.constantFrom('ệ'.repeat(max), '😀'.repeat(max), `  ${'x'.repeat(max)}\n\t `),
    )
    .map(fit)
    .filter((s) => length(s) >= min && length(s) <= max)
}

describe('free text round-trips exactly', () => {
  test.each(Object.keys(ROUND_TRIPS))(
    '%s',
    async (name) => {
      const trip = ROUND_TRIPS[name]!
      const mod = routeModules[`../../app/routes/${trip.route}`]!
      let run = 0
      await fc.assert(
        fc.asyncProperty(freeText(trip.min, trip.max), async (text) => {
          run += 1
          const request = new Request('http://localhost/fuzz', {
            method: 'POST',
            headers: { cookie: world.users[trip.who].cookie, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams(trip.body(text, run)).toString(),
          })
          const before = await fingerprint(FINGERPRINT)
          let answer: unknown
          try {
            answer = await answeringErrors(mod.action!)(routeArgs(request, trip.params?.(world) ?? {}, CONTEXT))
          } catch (error) {
            answer = error
          }
          lastFingerprint = undefined
          if (text.includes('\u0000')) {
            // PostgreSQL cannot store NUL in text: refused whole, before anything is written.
            expect(answer).toBeInstanceOf(Response)
            expect((answer as Response).status).toBe(400)
            expect(changedTables(before, await fingerprint(FINGERPRINT))).toEqual([])
            return
          }
          expect(answer, summaryOf(answer)).toBeInstanceOf(Response)
          expect((answer as Response).status, summaryOf(answer)).toBe(302)
          expect(await trip.stored(answer as Response, run)).toBe(wellFormed(text).trim())
        }),
        { numRuns: Math.max(5, Math.round(RUNS / 2)), seed: SEED, endOnFailure: true },
      )
    },
    300_000,
  )
})

function summaryOf(answer: unknown) {
  if (answer instanceof Response) return `Response ${answer.status} ${answer.headers.get('location') ?? ''}`
  return JSON.stringify(answer, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}…` : v,
  )?.slice(0, 1000)
}
