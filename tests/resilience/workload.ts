import postgres from 'postgres'
import { signInAll } from '../support/server'
import type { Step, VirtualUser } from './load'

/** The demo accounts (db/seed.ts), signed in once each: the sign-in form is rate limited. */
export const ACCOUNTS = {
  coordinator: 'dieuphoi@hoanhap.example',
  caseworker1: 'canbo1@hoanhap.example',
  caseworker2: 'canbo2@hoanhap.example',
  employer: 'tuyendung@hoanhap.example',
  training: 'daotao@hoanhap.example',
  lender: 'vayvon@hoanhap.example',
} as const
type Account = keyof typeof ACCOUNTS

/** Every case note the app acknowledged (a redirect after the form), by its unique text. */
export type WriteLedger = { acknowledged: Set<string>; attempted: number }

type Ids = {
  caseload: Record<'caseworker1' | 'caseworker2', string[]>
  listings: Record<'employer' | 'training' | 'lender', string[]>
  openListings: string[]
}

async function loadIds(databaseUrl: string): Promise<Ids> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const caseload = async (email: string) =>
      (
        await sql<{ id: string }[]>`
          select c.id from candidates c join users u on u.id = c.caseworker_id
          where u.email = ${email} and c.status in ('active', 'on_hold') order by c.id`
      ).map((r) => r.id)
    const listings = async (email: string) =>
      (
        await sql<{ id: string }[]>`
          select o.id from opportunities o
          join memberships m on m.organisation_id = o.organisation_id
          join users u on u.id = m.user_id
          where u.email = ${email} order by o.id`
      ).map((r) => r.id)
    const ids: Ids = {
      caseload: {
        caseworker1: await caseload(ACCOUNTS.caseworker1),
        caseworker2: await caseload(ACCOUNTS.caseworker2),
      },
      listings: {
        employer: await listings(ACCOUNTS.employer),
        training: await listings(ACCOUNTS.training),
        lender: await listings(ACCOUNTS.lender),
      },
      // What the public page shows: open, of an approved organisation, deadline not passed (Hanoi's date).
      openListings: (
        await sql<{ id: string }[]>`
          select o.id from opportunities o join organisations g on g.id = o.organisation_id
          where o.status = 'open' and g.status = 'approved'
            and coalesce(o.deadline, 'infinity'::date) >= (now() at time zone 'Asia/Ho_Chi_Minh')::date
          order by o.id`
      ).map((r) => r.id),
    }
    for (const [who, list] of Object.entries({ ...ids.caseload, ...ids.listings, open: ids.openListings })) {
      if (list.length === 0) throw new Error(`the demo data has nothing for ${who}: was it seeded?`)
    }
    return ids
  } finally {
    await sql.end()
  }
}

const pick = <T>(list: readonly T[], n: number) => list[n % list.length]!

const get = (name: string, path: string): Step => ({ name, method: 'GET', path, expect: [200] })

/**
 * Who does what, as people would: caseworkers browse their caseload, case files and suggestions and
 * write case notes; partners read referrals, the talent pool and their listings; the coordinator
 * looks at dashboards; anonymous visitors open the landing page, the sign-in form, the directory and
 * the public API. Signed-in sessions are made once and reused.
 */
export async function buildWorkload(options: {
  baseUrl: string
  databaseUrl: string
  ledger: WriteLedger
  /** A tag in every note written, so a later check finds exactly this run's notes. */
  runTag: string
}): Promise<{ users: VirtualUser[]; cookies: Record<Account, string> }> {
  const { ledger, runTag } = options
  const ids = await loadIds(options.databaseUrl)
  const cookies = await signInAll({ url: options.baseUrl }, ACCOUNTS)
  let noteNumber = 0

  const caseworker = (account: 'caseworker1' | 'caseworker2', offset: number): VirtualUser => {
    const caseload = ids.caseload[account]
    return {
      role: 'caseworker',
      cookie: cookies[account],
      next(n) {
        const candidate = pick(caseload, n + offset)
        switch (n % 8) {
          case 0:
            return get('caseworker home', '/caseworker')
          case 1:
            return get('caseworker caseload', '/caseworker/candidates')
          case 2:
          case 5:
            return get('caseworker casefile', `/caseworker/candidates/${candidate}`)
          case 3:
            return get('caseworker suggestions', `/caseworker/candidates/${candidate}/suggestions`)
          case 4:
            return get('caseworker opportunities', '/caseworker/opportunities')
          case 6:
            // The search is posted (what is typed never goes in an address); the answer leads to the sealed list.
            return {
              name: 'caseworker caseload search',
              method: 'POST',
              path: '/caseworker/candidates',
              form: { q: 'nguyen' },
              expect: [302],
            }
          default: {
            const text = `${runTag} note ${++noteNumber}`
            ledger.attempted++
            return {
              name: 'caseworker note (write)',
              method: 'POST',
              path: `/caseworker/candidates/${candidate}`,
              form: { intent: 'addNote', body: text },
              expect: [302, 303],
              acknowledged: () => ledger.acknowledged.add(text),
            }
          }
        }
      },
    }
  }

  const partner = (account: 'employer' | 'training' | 'lender'): VirtualUser => ({
    role: 'partner',
    cookie: cookies[account],
    next(n) {
      switch (n % 6) {
        case 0:
          return get('partner home', '/partner')
        case 1:
          return get('partner referrals', '/partner/referrals')
        case 2:
          return get('partner referrals in progress', '/partner/referrals?tab=in_progress')
        case 3:
          return get('partner talent', '/partner/talent')
        case 4:
          return get('partner listings', '/partner/listings')
        default:
          return get('partner listing', `/partner/listings/${pick(ids.listings[account], n)}`)
      }
    },
  })

  const coordinator = (offset: number): VirtualUser => ({
    role: 'coordinator',
    cookie: cookies.coordinator,
    next(n) {
      switch ((n + offset) % 6) {
        case 0:
          return get('coordinator home', '/coordinator')
        case 1:
          return get('coordinator reports', '/coordinator/reports')
        case 2:
          return get('coordinator partners', '/coordinator/partners')
        case 3:
          return get('coordinator caseload', '/coordinator/candidates')
        case 4:
          return get('coordinator outbox', '/coordinator/outbox')
        default:
          return get('coordinator opportunities', '/coordinator/opportunities')
      }
    },
  })

  const anonymous = (offset: number): VirtualUser => ({
    role: 'anonymous',
    next(n) {
      switch ((n + offset) % 5) {
        case 0:
          return get('landing', '/')
        case 1:
          return get('login form', '/login')
        case 2:
          return get('partner directory', '/partners')
        case 3:
          return get('public listing', `/opportunities/${pick(ids.openListings, n)}`)
        default:
          return get('HSDS API', '/api/hsds/services')
      }
    },
  })

  return {
    cookies,
    users: [
      caseworker('caseworker1', 0),
      caseworker('caseworker1', 3),
      caseworker('caseworker2', 0),
      caseworker('caseworker2', 1),
      partner('employer'),
      partner('training'),
      partner('lender'),
      coordinator(0),
      coordinator(3),
      anonymous(0),
      anonymous(2),
    ],
  }
}
