import { and, count, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, caseNotes, caseworkerWards, followUps, sessions } from '#db/schema/index.ts'
import { assignCaseworkerWards } from '#app/modules/auth/accounts.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { recordCheckIn } from '#app/modules/matching/check-ins.server.ts'
import { actOnMatch, referCandidate } from '#app/modules/matching/matches.server.ts'
import { createSession, sessionCookieName } from '#app/modules/auth/session.server.ts'
import { getToast } from '#app/utils/toast.server.ts'
import { action as accountAction } from '#app/routes/account.tsx'
import { action as assignWardsAction } from '#app/routes/coordinator.caseworkers_.$userId.tsx'
import { action as exportAction } from '#app/routes/coordinator.candidates_.$id_.export.tsx'
import { action as languageAction } from '#app/routes/language.tsx'
import { consentingCandidate, HOAN_KIEM, listingOf, partnerStaff, wardCaseworker } from '../factories/matching'
import { actor, createCaseworker, createUser } from '../factories/users'
import { appError, thrown } from '../support/errors'
import { routeArgs } from '../support/route-args'

// The faults tests/integration/fuzz-actions.test.ts found, each pinned by a plain example.

async function signedIn(role: 'coordinator' | 'caseworker' = 'coordinator') {
  const user = role === 'caseworker' ? await createCaseworker() : await createUser({ role })
  const { token, session } = await createSession({ userId: user.id, role })
  return { user, session, cookie: `${sessionCookieName()}=${token}` }
}

function post(cookie: string, body: string | FormData, contentType?: string) {
  return new Request('http://localhost/x', {
    method: 'POST',
    headers: { cookie, ...(contentType ? { 'content-type': contentType } : {}) },
    body,
  })
}

async function auditCount() {
  return Number((await getDb().select({ n: count() }).from(auditEvents))[0]!.n)
}

async function toastKey(response: Response) {
  const cookie = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('hn_toast='))!
    .split(';')[0]!
  return (await getToast(new Request('http://localhost/', { headers: { cookie } }))).toast?.key
}

describe('a caseworker id in the URL that is not a UUID', () => {
  test('assigning wards answers "not found", not a database error', async () => {
    const coordinator = actor({ role: 'coordinator', userId: (await createUser({ role: 'coordinator' })).id })
    for (const userId of ['not-a-uuid', "1' OR '1'='1", '', 'a0eebc999c0b4ef8bb6d6bb9bd380a1']) {
      expect((await appError(assignCaseworkerWards({ actor: coordinator, userId, wardCodes: ['00070'] }))).code).toBe(
        'not_found',
      )
    }
  })

  test('the page answers 404 with a translated key, and nothing changes', async () => {
    const { cookie } = await signedIn()
    const before = await getDb().select().from(caseworkerWards)
    const reply = (await assignWardsAction(
      routeArgs(post(cookie, 'wardCodes=00070', 'application/x-www-form-urlencoded'), { userId: 'khong-phai-uuid' }),
    )) as unknown as { init: { status: number }; data: { result: { error: Record<string, string[]> } } }
    expect(reply.init.status).toBe(404)
    expect(reply.data.result.error['']).toEqual(['errors.not_found'])
    expect(await getDb().select().from(caseworkerWards)).toEqual(before)
  })
})

describe('revoking a session that is not one of one’s own', () => {
  test('revokes nothing and writes no audit event; one’s own is revoked and audited', async () => {
    const me = await signedIn('caseworker')
    const other = await signedIn('caseworker')
    const mine = await createSession({ userId: me.user.id, role: 'caseworker' })
    const audits = await auditCount()
    for (const sessionId of ['', 'no-such-session', other.session.id]) {
      const response = (await accountAction(
        routeArgs(
          post(
            me.cookie,
            new URLSearchParams({ intent: 'revoke-session', sessionId }).toString(),
            'application/x-www-form-urlencoded',
          ),
          {},
        ),
      )) as Response
      expect(response.status).toBe(302)
      expect(await toastKey(response)).toBe('errors.not_found')
    }
    expect(await auditCount()).toBe(audits)
    expect(await getDb().select().from(sessions).where(eq(sessions.id, other.session.id))).toHaveLength(1)

    const revoked = (await accountAction(
      routeArgs(
        post(
          me.cookie,
          new URLSearchParams({ intent: 'revoke-session', sessionId: mine.session.id }).toString(),
          'application/x-www-form-urlencoded',
        ),
        {},
      ),
    )) as Response
    expect(await toastKey(revoked)).toBe('toast.sessionRevoked')
    expect(await getDb().select().from(sessions).where(eq(sessions.id, mine.session.id))).toHaveLength(0)
    expect(await auditCount()).toBe(audits + 1)
  })
})

describe('a body that is not a form', () => {
  test('every kind is a 4xx from the action, before anything is written', async () => {
    const { cookie } = await signedIn()
    const audits = await auditCount()
    const cases: [BodyInit, string | undefined, number][] = [
      ['{"intent":"revoke-others"}', 'application/json', 415],
      ['intent=revoke-others', 'text/plain', 415],
      ['intent=revoke-others', 'multipart/form-data; boundary=nope', 400],
      ['intent=revoke-others&x=%00', 'application/x-www-form-urlencoded', 400],
      [`intent=revoke-others&x=${'y'.repeat(1024 * 1024)}`, 'application/x-www-form-urlencoded', 413],
    ]
    for (const [body, type, status] of cases) {
      const error = await thrown(accountAction(routeArgs(post(cookie, body as string, type), {})))
      expect(error, `${type}`).toBeInstanceOf(Response)
      expect((error as Response).status, `${type}`).toBe(status)
    }
    expect(await auditCount()).toBe(audits)
  })
})

describe('a redirect target beyond ASCII', () => {
  // An id beyond ASCII goes back to its encoded path; one that cannot be encoded at all (a lone surrogate) goes
  // back to the caseload, not to a 500.
  test.each([
    ['tên 😀', '/coordinator/candidates/t%C3%AAn%20%F0%9F%98%80'],
    ['abc\ud800', '/coordinator/candidates'],
  ])('a person’s export with too short a reason, for the id %j, goes back to %s', async (id, location) => {
    const { cookie } = await signedIn()
    const response = (await exportAction(
      routeArgs(post(cookie, 'reason=ngắn', 'application/x-www-form-urlencoded'), { id }),
    )) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe(location)
  })

  test('the language switcher sends it percent-encoded (a Location header cannot hold it as text)', async () => {
    const response = (await languageAction(
      routeArgs(
        post(
          '',
          new URLSearchParams({ locale: 'en', redirectTo: '/tìm kiếm?q=thợ may' }).toString(),
          'application/x-www-form-urlencoded',
        ),
        {},
      ),
    )) as Response
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/t%C3%ACm%20ki%E1%BA%BFm?q=th%E1%BB%A3%20may')
  })
})

describe('text limits count characters, as the forms do', () => {
  // The forms' schemas (zod) count code points; the domain counted UTF-16 units, so 5,000 emoji passed the
  // form and were refused by the server with a vague "invalid input".
  const EMOJI = '😀'

  test('a case note of 5,000 emoji is saved whole; 5,001 are refused', async () => {
    const cw = await wardCaseworker(HOAN_KIEM)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: cw.user.id })
    const { id } = await addNote({ actor: cw.actor, candidateId: person.id, body: EMOJI.repeat(5000) })
    const [row] = await getDb().select({ body: caseNotes.body }).from(caseNotes).where(eq(caseNotes.id, id))
    expect(row!.body).toBe(EMOJI.repeat(5000))
    const refused = await appError(addNote({ actor: cw.actor, candidateId: person.id, body: EMOJI.repeat(5001) }))
    expect(refused).toMatchObject({ code: 'invalid_input', field: 'body' })
  })

  test('a check-in’s answers of 2,000 emoji are saved whole', async () => {
    const partner = await partnerStaff('employer')
    const cw = await wardCaseworker(HOAN_KIEM)
    const listing = await listingOf(partner)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: cw.user.id })
    const { matchId } = await referCandidate({ actor: cw.actor, candidateId: person.id, opportunityId: listing.id })
    await actOnMatch({ actor: partner.actor, matchId, version: 1, action: 'accept', nextStepAt: new Date() })
    await actOnMatch({ actor: partner.actor, matchId, version: 2, action: 'start', startedOn: '2026-01-05' })
    const [first] = await getDb()
      .select()
      .from(followUps)
      .where(and(eq(followUps.matchId, matchId), eq(followUps.kind, 'check_in')))
      .orderBy(followUps.dueDate)
    await recordCheckIn({
      actor: cw.actor,
      candidateId: person.id,
      followUpId: first!.id,
      onTrack: true,
      problems: EMOJI.repeat(2000),
    })
    const [done] = await getDb().select().from(followUps).where(eq(followUps.id, first!.id))
    expect(done!.problems).toBe(EMOJI.repeat(2000))
  })
})
