import { desc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { getDb } from '#db/client.server.ts'
import { auditEvents, memberships } from '#db/schema/index.ts'
import { changePassword, login, updateProfile } from '#app/modules/auth/accounts.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { setCaseStatus } from '#app/modules/candidates/status.server.ts'
import { setStaffAccess } from '#app/modules/caseworkers/caseworkers.server.ts'
import { decideOrganisation } from '#app/modules/partners/organisations.server.ts'
import { requestScope } from '#app/utils/request-scope.server.ts'
import { consentingCandidate, HOAN_KIEM, wardCaseworker } from '../factories/matching'
import { makeOrganisation } from '../factories/organisations'
import { actor, createCaseworker, createUser, FACTORY_PASSWORD } from '../factories/users'

// Audit events written while serving a request carry the client's address (issue #20, finding 10): server.ts
// opens each request's scope with the address Express worked out (req.ip, TRUST_PROXY-aware), the same one the
// load context's clientIp holds.

const IP = '198.51.100.77'

/** Runs `work` as a request from IP would: inside the scope server.ts opens. */
function asRequestFrom<T>(ip: string, work: () => Promise<T>): Promise<T> {
  return requestScope.run(new Map<string, unknown>([['clientIp', ip]]), work)
}

async function lastAudit(action: string) {
  const [row] = await getDb()
    .select()
    .from(auditEvents)
    .where(eq(auditEvents.action, action))
    .orderBy(desc(auditEvents.id))
    .limit(1)
  return row
}

describe("the client's address on audit events", () => {
  test('account actions: profile and password', async () => {
    const user = await createUser({ role: 'caseworker' })
    const who = actor({ role: 'caseworker', userId: user.id })
    await asRequestFrom(IP, () => updateProfile({ actor: who, name: 'Tên Mới', locale: 'vi' }))
    expect(await lastAudit('user.profile_updated')).toMatchObject({ subjectId: user.id, ipAddress: IP })
    await asRequestFrom(IP, () =>
      changePassword({
        actor: who,
        sessionId: 'none',
        currentPassword: FACTORY_PASSWORD,
        newPassword: 'Một-mật-khẩu-mới-dài-2026',
      }),
    )
    expect(await lastAudit('auth.password_changed')).toMatchObject({ subjectId: user.id, ipAddress: IP })
  })

  test('vetting and staff access', async () => {
    const coordinator = await createUser({ role: 'coordinator' })
    const coord = actor({ role: 'coordinator', userId: coordinator.id })
    const org = await makeOrganisation({ status: 'pending' })
    const owner = await createUser({ role: 'partner' })
    await getDb().insert(memberships).values({ organisationId: org.id, userId: owner.id, role: 'owner' })
    await asRequestFrom(IP, () => decideOrganisation({ actor: coord, organisationId: org.id, decision: 'approve' }))
    expect(await lastAudit('organisation.approved')).toMatchObject({ subjectId: org.id, ipAddress: IP })

    const cw = await createCaseworker(['00070'])
    await asRequestFrom(IP, () => setStaffAccess({ actor: coord, userId: cw.id, access: 'disabled' }))
    expect(await lastAudit('staff.disabled')).toMatchObject({ subjectId: cw.id, ipAddress: IP })
  })

  test("changes to a person's record, and what they cause (their open matches withdrawn)", async () => {
    const cw = await wardCaseworker(HOAN_KIEM)
    const person = await consentingCandidate({ wardCode: HOAN_KIEM, caseworkerId: cw.user.id })
    await asRequestFrom(IP, () => addNote({ actor: cw.actor, candidateId: person.id, body: 'Đã gọi điện hỏi thăm.' }))
    const note = await getDb()
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.subjectId, person.id))
      .orderBy(desc(auditEvents.id))
      .limit(1)
    expect(note[0]).toMatchObject({ ipAddress: IP })
    await asRequestFrom(IP, () => setCaseStatus({ actor: cw.actor, candidateId: person.id, status: 'closed' }))
    const rows = await getDb().select().from(auditEvents).where(eq(auditEvents.subjectId, person.id))
    expect(rows.length).toBeGreaterThan(1)
    expect(rows.every((r) => r.ipAddress === IP)).toBe(true)
  })

  test('outside a request (scripts, maintenance) there is no address, and an explicit one wins', async () => {
    const user = await createUser({ role: 'caseworker' })
    const who = actor({ role: 'caseworker', userId: user.id })
    await updateProfile({ actor: who, name: 'Không có địa chỉ', locale: 'vi' })
    expect(await lastAudit('user.profile_updated')).toMatchObject({ subjectId: user.id, ipAddress: null })
    await asRequestFrom(IP, () => login({ email: user.email, password: FACTORY_PASSWORD, ipAddress: '192.0.2.1' }))
    expect(await lastAudit('auth.login')).toMatchObject({ subjectId: user.id, ipAddress: '192.0.2.1' })
  })
})
