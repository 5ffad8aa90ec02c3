// Who may use which route: the declared authorization matrix that tests/server/authz-matrix.test.ts checks against
// the production build. One entry per route id of the build's manifest (build/server/index.js `routes`), no more,
// no fewer: a new route fails the test until it is declared here, and so does an entry for a route that is gone.
//
// Conventions (app/policy.ts, app/policy.server.ts, DESIGN.md "Data protection"):
// - not signed in → 302 to /login?redirectTo=<the path asked for> ('login');
// - signed in, role or organisation status not allowed → 403;
// - allowed, but the id is outside the visitor's scope (another ward's person or match, another organisation's
//   listing or referral) → 404, the same answer as an id that does not exist;
// - pages for people who are not signed in (/login, /join) send signed-in people to their home ('home').

export const VISITORS = [
  'anonymous',
  'coordinator',
  /** canbo1: wards 00070 and 00082. */
  'caseworker',
  /** canbo2: ward 09556. */
  'otherCaseworker',
  /** tuyendung: the approved employer. */
  'employer',
  /** daotao: an approved training centre. */
  'otherPartner',
  /** The Sóc Sơn cooperative's owner: its organisation is still waiting to be vetted. */
  'pendingPartner',
] as const
export type Visitor = (typeof VISITORS)[number]
export type SignedInVisitor = Exclude<Visitor, 'anonymous'>

export const VISITOR_EMAILS: Record<SignedInVisitor, string> = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworker: 'canbo1@hoanhap.example',
  otherCaseworker: 'canbo2@hoanhap.example',
  employer: 'tuyendung@hoanhap.example',
  otherPartner: 'daotao@hoanhap.example',
  pendingPartner: 'lienhe.htxsocson@example.vn',
}

/** Where each signed-in visitor lands (policy.ts homePath). */
export const HOME: Record<SignedInVisitor, string> = {
  coordinator: '/coordinator',
  caseworker: '/caseworker',
  otherCaseworker: '/caseworker',
  employer: '/partner',
  otherPartner: '/partner',
  pendingPartner: '/partner',
}

/**
 * The demo objects the probes use, found at the start of the test on pages their owners see.
 * "ward" is canbo1's (00070), "other ward" canbo2's (09556).
 */
export type DemoObject =
  /** Nguyễn Văn Hùng, active, ward 00070. */
  | 'recordOfWard'
  /** Hoàng Minh Đức, active, ward 09556. */
  | 'recordOfOtherWard'
  /** Đỗ Văn Tuấn, an intake draft in ward 00070. */
  | 'draftOfWard'
  /** Hùng → "Thợ hàn kết cấu thép": the employer's, accepted. */
  | 'matchOfWard'
  /** Đức → "Phụ xưởng cơ khí (học việc)": the employer's, approved. */
  | 'matchOfOtherWard'
  /** Hùng → "Hàn điện cơ bản": the training centre's, started. */
  | 'otherPartnersMatch'
  /** The employer's open listing "Thợ hàn kết cấu thép". */
  | 'employerListing'
  /** The employer's draft "Nhân viên kho vận". */
  | 'employerDraft'
  /** The employer's closed listing "Thợ sơn tĩnh điện". */
  | 'employerClosed'
  /** The training centre's open listing "Hàn điện cơ bản". */
  | 'otherPartnerListing'
  /** "Phụ bếp nhà hàng": open, but its organisation (Hương Việt) is suspended. */
  | 'suspendedListing'
  /** The employer's organisation (approved). */
  | 'employerOrganisation'
  /** The Sóc Sơn cooperative (pending). */
  | 'pendingOrganisation'
  /** Nhà hàng Hương Việt Phố Cổ (suspended). */
  | 'suspendedOrganisation'
  /** canbo1's user id. */
  | 'caseworkerUser'

/**
 * 200/400/403/404/409: that status exactly. 'login': 302 to the sign-in page that comes back to the path asked
 * for. 'home': 302 to the visitor's home. { redirect }: 302 to that path, `{object}` replaced by its id.
 * (A loader data request, `….data?_routes=<id>`, answers a redirect with 202 and the same Location.)
 */
export type Outcome = 200 | 400 | 403 | 404 | 409 | 'login' | 'home' | { redirect: string }
export type Expected = Record<Visitor, Outcome>

export type Probe = {
  about: string
  /** The route's URL params: a demo object, or a literal value. */
  params?: Record<string, DemoObject | { literal: string }>
  /** Query string (with `?`), `{object}` replaced by its id. */
  search?: string
  /** GET of the URL; for a page, also its loader alone (`.data?_routes=<id>`). */
  get: Expected
  /** A POST with Origin set (only for routes with an action; every such route has at least one). */
  post?: {
    body?: Record<string, string>
    /** The action ends the session it is sent with: send it with a second session of the visitor's. */
    freshSession?: true
    expect: Expected
  }
}

const PARTNERS_REFUSED = { employer: 403, otherPartner: 403, pendingPartner: 403 } as const
const STAFF_REFUSED = { coordinator: 403, caseworker: 403, otherCaseworker: 403 } as const

/** The same answer for everyone, signed in or not. */
function everyone(outcome: Outcome): Expected {
  return {
    anonymous: outcome,
    coordinator: outcome,
    caseworker: outcome,
    otherCaseworker: outcome,
    employer: outcome,
    otherPartner: outcome,
    pendingPartner: outcome,
  }
}

/** Anyone signed in, whatever their role (their own account). */
const signedIn = (outcome: Outcome): Expected => ({ ...everyone(outcome), anonymous: 'login' })

/** Pages for people who are not signed in yet. */
const guestsOnly: Expected = { ...everyone('home'), anonymous: 200 }

const coordinatorOnly = (outcome: Outcome = 200): Expected => ({
  anonymous: 'login',
  coordinator: outcome,
  caseworker: 403,
  otherCaseworker: 403,
  ...PARTNERS_REFUSED,
})

/** The caseworker area: canbo1 (ward 00070/00082) and canbo2 (ward 09556) answer by scope. */
const caseworkersOnly = (caseworker: Outcome, otherCaseworker: Outcome = caseworker): Expected => ({
  anonymous: 'login',
  coordinator: 403,
  caseworker,
  otherCaseworker,
  ...PARTNERS_REFUSED,
})

/** The partner area, by organisation. */
const partnersOnly = (answers: Pick<Expected, 'employer' | 'otherPartner' | 'pendingPartner'>): Expected => ({
  anonymous: 'login',
  ...STAFF_REFUSED,
  ...answers,
})
/** Any member of an organisation, vetted or not (drafting listings, the organisation's own profile and team). */
const anyPartner = (outcome: Outcome) =>
  partnersOnly({ employer: outcome, otherPartner: outcome, pendingPartner: outcome })
/** Members of an approved organisation only: the pending one gets 403. */
const approvedPartners = (outcome: Outcome) =>
  partnersOnly({ employer: outcome, otherPartner: outcome, pendingPartner: 403 })

const STALE_WITHDRAWAL = { action: 'withdraw', version: '999', reasonCode: 'other' }
const STALE_DECLINE = { action: 'decline', version: '999', reasonCode: 'position_filled' }
/** A move the record's current status (active) does not allow: a conflict where the record is in scope. */
const SAME_STATUS = { intent: 'setStatus', status: 'active' }
/** A listing that is not open to referrals: refused with a message where the person is in scope. */
const NO_SUCH_LISTING = { opportunityId: '00000000-0000-4000-8000-000000000000', message: '' }
/** Deleting an open listing is refused (only drafts): a conflict for its organisation. */
const DELETE_OPEN_LISTING = { intent: 'delete' }

export const ROUTE_ACCESS: Record<string, Probe[]> = {
  // ── Public and account pages ────────────────────────────────────────────────────────────────────────────
  root: [{ about: 'the document shell', get: everyone(200) }],
  'routes/_index': [{ about: 'the landing page', get: everyone(200) }],
  'routes/$': [{ about: 'an unknown path', params: { '*': { literal: 'no-such-page' } }, get: everyone(404) }],
  'routes/partners': [{ about: 'the public directory', get: everyone(200) }],
  // An empty form is a 400 for a guest; a signed-in person is sent home all the same.
  'routes/join': [
    { about: 'organisation sign-up', get: guestsOnly, post: { expect: { ...guestsOnly, anonymous: 400 } } },
  ],
  'routes/login': [{ about: 'sign-in', get: guestsOnly, post: { expect: { ...guestsOnly, anonymous: 400 } } }],
  'routes/logout': [
    {
      about: 'sign-out',
      get: everyone({ redirect: '/' }),
      post: { freshSession: true, expect: everyone({ redirect: '/' }) },
    },
  ],
  'routes/language': [
    { about: 'the language switch', get: everyone({ redirect: '/' }), post: { expect: everyone({ redirect: '/' }) } },
  ],
  'routes/forgot-password': [{ about: 'password reset request', get: everyone(200), post: { expect: everyone(400) } }],
  'routes/account': [{ about: 'own account', get: signedIn(200), post: { expect: signedIn(400) } }],
  'routes/verify-email._index': [
    {
      about: 'the verify-email notice (every demo account is verified)',
      get: signedIn('home'),
      post: { expect: signedIn({ redirect: '/verify-email' }) },
    },
  ],
  'routes/verify-email.$token': [
    { about: 'an unknown token', params: { token: { literal: 'not-a-real-token' } }, get: everyone(200) },
  ],
  'routes/reset-password.$token': [
    {
      about: 'an unknown token',
      params: { token: { literal: 'not-a-real-token' } },
      get: everyone(200),
      post: { expect: everyone(400) },
    },
  ],
  'routes/invitation.$token': [
    {
      about: 'an unknown token',
      params: { token: { literal: 'not-a-real-token' } },
      get: everyone(200),
      post: { expect: everyone(400) },
    },
  ],
  'routes/opportunities.$id': [
    { about: 'an open listing', params: { id: 'employerListing' }, get: everyone(200) },
    { about: 'a draft', params: { id: 'employerDraft' }, get: everyone(404) },
    { about: 'a closed listing', params: { id: 'employerClosed' }, get: everyone(404) },
    { about: "a suspended organisation's open listing", params: { id: 'suspendedListing' }, get: everyone(404) },
  ],
  'routes/api.hsds.organizations': [{ about: 'HSDS organisations', get: everyone(200) }],
  'routes/api.hsds.organizations_.$id': [
    { about: 'an approved organisation', params: { id: 'employerOrganisation' }, get: everyone(200) },
    { about: 'a pending organisation', params: { id: 'pendingOrganisation' }, get: everyone(404) },
    { about: 'a suspended organisation', params: { id: 'suspendedOrganisation' }, get: everyone(404) },
  ],
  'routes/api.hsds.services': [{ about: 'HSDS services', get: everyone(200) }],
  'routes/api.hsds.services_.$id': [
    { about: 'an open listing', params: { id: 'employerListing' }, get: everyone(200) },
    { about: 'a draft', params: { id: 'employerDraft' }, get: everyone(404) },
    { about: "a suspended organisation's open listing", params: { id: 'suspendedListing' }, get: everyone(404) },
  ],
  // The developer's mailbox exists only on the embedded database without an email provider, and then only for a
  // browser on the same machine (it shows one-time links). Every request here comes from another address
  // (X-Forwarded-For, trusted), so: not found for everyone. tests/server/http.test.ts reads it from loopback.
  'routes/dev.outbox._index': [{ about: 'the dev mailbox, from another machine', get: everyone(404) }],
  'routes/dev.outbox.$id._index': [
    { about: 'an unknown email', params: { id: { literal: '999999' } }, get: everyone(404) },
  ],
  'routes/dev.outbox.$id.html': [
    { about: "an unknown email's HTML", params: { id: { literal: '999999' } }, get: everyone(404) },
  ],

  // ── Coordinator area ────────────────────────────────────────────────────────────────────────────────────
  'routes/coordinator': [{ about: 'the area layout', get: coordinatorOnly() }],
  'routes/coordinator._index': [{ about: 'the city dashboard', get: coordinatorOnly() }],
  'routes/coordinator.audit': [
    { about: 'the audit trail (POST: verify the chain)', get: coordinatorOnly(), post: { expect: coordinatorOnly() } },
  ],
  'routes/coordinator.candidates._index': [
    {
      about: 'the city caseload (POST: its filters, answered by the list with the search sealed)',
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly({ redirect: '/coordinator/candidates' }) },
    },
  ],
  'routes/coordinator.candidates.merge': [
    {
      about: 'the merge screen',
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly({ redirect: '/coordinator/candidates/merge' }) },
    },
  ],
  'routes/coordinator.candidates_.$id': [
    {
      about: 'a record of any ward',
      params: { id: 'recordOfWard' },
      get: coordinatorOnly(),
      post: { body: SAME_STATUS, expect: coordinatorOnly(409) },
    },
  ],
  'routes/coordinator.candidates_.$id_.export': [
    {
      about: "a person's data export (GET only sends back to the list; POST without a reason: back to the record)",
      params: { id: 'recordOfWard' },
      get: everyone({ redirect: '/coordinator/candidates' }),
      post: { expect: coordinatorOnly({ redirect: '/coordinator/candidates/{recordOfWard}' }) },
    },
  ],
  'routes/coordinator.caseworkers': [
    { about: 'caseworker accounts', get: coordinatorOnly(), post: { expect: coordinatorOnly(400) } },
  ],
  'routes/coordinator.caseworkers_.$userId': [
    {
      about: "a caseworker's wards",
      params: { userId: 'caseworkerUser' },
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly(400) },
    },
  ],
  'routes/coordinator.opportunities': [{ about: 'listing search', get: coordinatorOnly() }],
  'routes/coordinator.opportunities_.$id': [
    { about: 'a draft (oversight of every listing)', params: { id: 'employerDraft' }, get: coordinatorOnly() },
    { about: "a suspended organisation's listing", params: { id: 'suspendedListing' }, get: coordinatorOnly() },
  ],
  'routes/coordinator.outbox': [
    {
      about: 'the email outbox (POST: retry nothing)',
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly({ redirect: '/coordinator/outbox' }) },
    },
  ],
  'routes/coordinator.partners._index': [{ about: 'the vetting queue', get: coordinatorOnly() }],
  'routes/coordinator.partners.$id': [
    {
      about: 'a pending organisation',
      params: { id: 'pendingOrganisation' },
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly(400) },
    },
  ],
  'routes/coordinator.reports': [{ about: 'city reports', get: coordinatorOnly() }],
  'routes/coordinator.reports_.export': [
    {
      about: 'a report download (POST: the person-level list, without a reason)',
      search: '?table=funnel&format=csv',
      get: coordinatorOnly(),
      post: { expect: coordinatorOnly(400) },
    },
  ],
  'routes/coordinator.skills': [
    { about: 'the skills vocabulary', get: coordinatorOnly(), post: { expect: coordinatorOnly(400) } },
  ],
  'routes/coordinator.targets': [
    { about: 'ward targets', get: coordinatorOnly(), post: { expect: coordinatorOnly(400) } },
  ],

  // ── Caseworker area ─────────────────────────────────────────────────────────────────────────────────────
  'routes/caseworker': [{ about: 'the area layout', get: caseworkersOnly(200) }],
  'routes/caseworker._index': [
    {
      about: 'the home page (POST: take an unknown transfer)',
      get: caseworkersOnly(200),
      post: { expect: caseworkersOnly({ redirect: '/caseworker' }) },
    },
  ],
  'routes/caseworker.candidates._index': [
    {
      about: 'the own caseload (POST: its filters, answered by the list with the search sealed)',
      get: caseworkersOnly(200),
      post: { expect: caseworkersOnly({ redirect: '/caseworker/candidates' }) },
    },
  ],
  'routes/caseworker.candidates.new': [
    { about: 'the intake form', get: caseworkersOnly(200), post: { expect: caseworkersOnly(400) } },
    {
      about: "an intake draft of canbo1's ward",
      search: '?draft={draftOfWard}&step=2',
      get: caseworkersOnly(200, 404),
    },
  ],
  'routes/caseworker.candidates.$id': [
    {
      about: "a record of canbo1's ward",
      params: { id: 'recordOfWard' },
      get: caseworkersOnly(200, 404),
      post: { body: SAME_STATUS, expect: caseworkersOnly(409, 404) },
    },
    {
      about: "a record of canbo2's ward",
      params: { id: 'recordOfOtherWard' },
      get: caseworkersOnly(404, 200),
      post: { body: SAME_STATUS, expect: caseworkersOnly(404, 409) },
    },
  ],
  'routes/caseworker.candidates.$id_.suggestions': [
    {
      about: "suggestions for a person of canbo1's ward",
      params: { id: 'recordOfWard' },
      get: caseworkersOnly(200, 404),
      post: { body: NO_SUCH_LISTING, expect: caseworkersOnly(400, 404) },
    },
    {
      about: "suggestions for a person of canbo2's ward",
      params: { id: 'recordOfOtherWard' },
      get: caseworkersOnly(404, 200),
      post: { body: NO_SUCH_LISTING, expect: caseworkersOnly(404, 400) },
    },
  ],
  'routes/caseworker.matches.$id': [
    {
      about: "a match of canbo1's ward",
      params: { id: 'matchOfWard' },
      get: caseworkersOnly(200, 404),
      post: { body: STALE_WITHDRAWAL, expect: caseworkersOnly(409, 404) },
    },
    {
      about: "a match of canbo2's ward",
      params: { id: 'matchOfOtherWard' },
      get: caseworkersOnly(404, 200),
      post: { body: STALE_WITHDRAWAL, expect: caseworkersOnly(404, 409) },
    },
  ],
  'routes/caseworker.opportunities': [{ about: 'listing search', get: caseworkersOnly(200) }],
  'routes/caseworker.opportunities_.$id': [
    { about: 'an open listing', params: { id: 'employerListing' }, get: caseworkersOnly(200) },
    { about: 'a draft', params: { id: 'employerDraft' }, get: caseworkersOnly(404) },
    { about: 'a closed listing', params: { id: 'employerClosed' }, get: caseworkersOnly(404) },
    { about: "a suspended organisation's open listing", params: { id: 'suspendedListing' }, get: caseworkersOnly(404) },
  ],
  'routes/caseworker.reports': [{ about: 'own wards reports', get: caseworkersOnly(200) }],
  'routes/caseworker.reports_.export': [
    { about: 'a report download', search: '?table=funnel&format=csv', get: caseworkersOnly(200) },
  ],

  // ── Partner area ────────────────────────────────────────────────────────────────────────────────────────
  'routes/partner': [{ about: 'the area layout', get: anyPartner(200) }],
  'routes/partner._index': [{ about: 'the dashboard', get: anyPartner(200) }],
  'routes/partner.organisation': [
    { about: 'own organisation', get: anyPartner(200), post: { expect: anyPartner(400) } },
  ],
  'routes/partner.team': [{ about: 'own team', get: anyPartner(200), post: { expect: anyPartner(400) } }],
  'routes/partner.listings._index': [{ about: 'own listings', get: anyPartner(200) }],
  'routes/partner.listings.new': [
    { about: 'a new listing (drafts before vetting too)', get: anyPartner(200), post: { expect: anyPartner(400) } },
  ],
  'routes/partner.listings.$id': [
    {
      about: "the employer's listing",
      params: { id: 'employerListing' },
      get: partnersOnly({ employer: 200, otherPartner: 404, pendingPartner: 404 }),
      post: {
        body: DELETE_OPEN_LISTING,
        expect: partnersOnly({ employer: 409, otherPartner: 404, pendingPartner: 404 }),
      },
    },
    {
      about: "the training centre's listing",
      params: { id: 'otherPartnerListing' },
      get: partnersOnly({ employer: 404, otherPartner: 200, pendingPartner: 404 }),
      post: {
        body: DELETE_OPEN_LISTING,
        expect: partnersOnly({ employer: 404, otherPartner: 409, pendingPartner: 404 }),
      },
    },
  ],
  'routes/partner.listings.$id_.edit': [
    {
      // The form is checked before the listing is looked up: an empty one is a 400 whoever sends it.
      about: "editing the employer's listing",
      params: { id: 'employerListing' },
      get: partnersOnly({ employer: 200, otherPartner: 404, pendingPartner: 404 }),
      post: { expect: anyPartner(400) },
    },
    {
      about: "editing the training centre's listing",
      params: { id: 'otherPartnerListing' },
      get: partnersOnly({ employer: 404, otherPartner: 200, pendingPartner: 404 }),
    },
    {
      about: "editing the employer's closed listing (reopened first)",
      params: { id: 'employerClosed' },
      get: partnersOnly({
        employer: { redirect: '/partner/listings/{employerClosed}' },
        otherPartner: 404,
        pendingPartner: 404,
      }),
    },
  ],
  'routes/partner.talent': [
    {
      about: 'the anonymised talent pool (POST: interest without a listing)',
      get: approvedPartners(200),
      post: { expect: approvedPartners(400) },
    },
  ],
  'routes/partner.referrals._index': [{ about: 'the referrals inbox', get: approvedPartners(200) }],
  'routes/partner.referrals.$matchId': [
    {
      about: "a referral to the employer's listing",
      params: { matchId: 'matchOfWard' },
      get: partnersOnly({ employer: 200, otherPartner: 404, pendingPartner: 403 }),
      post: { body: STALE_DECLINE, expect: partnersOnly({ employer: 409, otherPartner: 404, pendingPartner: 403 }) },
    },
    {
      about: "a referral to the training centre's listing",
      params: { matchId: 'otherPartnersMatch' },
      get: partnersOnly({ employer: 404, otherPartner: 200, pendingPartner: 403 }),
      post: { body: STALE_DECLINE, expect: partnersOnly({ employer: 404, otherPartner: 409, pendingPartner: 403 }) },
    },
  ],
  'routes/partner.reports': [{ about: 'own listings reports', get: approvedPartners(200) }],
  'routes/partner.reports_.export': [
    { about: 'a report download', search: '?table=funnel&format=csv', get: approvedPartners(200) },
  ],
}

/** Answered by the Express front, before React Router: not in the manifest, declared here all the same. */
export const OUTSIDE_MANIFEST: { path: string; get: Expected }[] = [
  { path: '/healthz', get: everyone(200) },
  { path: '/readyz', get: everyone(200) },
]
