import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, test } from 'vitest'
import { getDb, rowsOf } from '#db/client.server.ts'
import {
  changePassword,
  createCoordinator,
  inviteCaseworker,
  login,
  registerPartner,
  requestPasswordReset,
  setPasswordWithToken,
  verifyEmail,
} from '#app/modules/auth/accounts.server.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { hashToken } from '#app/modules/auth/tokens.server.ts'
import { actorFromSession } from '#app/policy.server.ts'
import { AppError } from '#app/utils/errors.ts'
import { actor, createUser, tokenFromLatestEmail, uniqueEmail, SIGNUP_ORGANISATION } from '../factories/users'

// Recognisable secrets: if any of them lands in a table, the scan below finds it.
const PASSWORDS = {
  signUp: 'Canary-Password-7731-xyz',
  wrongGuess: 'Canary-Wrong-Guess-5521-qrs',
  reset: 'Canary-Reset-Password-8842-abc',
  invitation: 'Canary-Invite-Password-3390-def',
  coordinator: 'Canary-Coordinator-Pass-1177-ghi',
  changed: 'Canary-Changed-Password-6604-jkl',
}

const oneTimeTokens: Record<string, string> = {}
const sessionTokens: string[] = []
let dump: Awaited<ReturnType<typeof dumpDatabase>>

type Column = { table_name: string; column_name: string; data_type: string }
type Dump = { table: string; column: string; value: string }[]

/**
 * Every column value of every table in the public schema, as text (each row through row_to_json, so text,
 * jsonb, arrays and enums are all covered, and a column added later is scanned without changing this).
 */
async function dumpDatabase(): Promise<{ tables: string[]; cells: Dump }> {
  const db = getDb()
  const columns = rowsOf<Column>(
    await db.execute(sql`
      select c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      order by c.table_name, c.ordinal_position`),
  )
  const tables = [...new Set(columns.map((c) => c.table_name))]
  const cells: Dump = []
  for (const table of tables) {
    // Each row as JSON: covers every column, whatever its type.
    const rows = rowsOf<{ j: string | Record<string, unknown> }>(
      await db.execute(sql`select row_to_json(t)::text as j from ${sql.identifier(table)} t`),
    )
    for (const { j } of rows) {
      const row = (typeof j === 'string' ? JSON.parse(j) : j) as Record<string, unknown>
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue
        cells.push({ table, column, value: typeof value === 'string' ? value : JSON.stringify(value) })
      }
    }
  }
  return { tables, cells }
}

function where(cells: Dump, needle: string) {
  const lower = needle.toLowerCase()
  return cells.filter((c) => c.value.toLowerCase().includes(lower)).map((c) => `${c.table}.${c.column}`)
}

beforeAll(async () => {
  // Sign-up, verification, sign-in, a failed sign-in.
  const partnerEmail = uniqueEmail('lan.tester')
  await registerPartner({
    name: 'Nguyễn Thị Lan',
    email: partnerEmail,
    password: PASSWORDS.signUp,
    organisationName: 'Hợp tác xã Rau sạch Đông Anh',
    organisationKind: 'employer',
    ...SIGNUP_ORGANISATION,
    locale: 'vi',
    ipAddress: '203.0.113.10',
  })
  oneTimeTokens.verification = await tokenFromLatestEmail(partnerEmail, 'verify-email')
  await verifyEmail({ token: oneTimeTokens.verification })
  const first = await login({
    email: partnerEmail,
    password: PASSWORDS.signUp,
    ipAddress: '203.0.113.10',
    userAgent: 'Vitest',
  })
  sessionTokens.push(first.token)
  await expect(
    login({ email: partnerEmail, password: PASSWORDS.wrongGuess, ipAddress: '203.0.113.10' }),
  ).rejects.toBeInstanceOf(AppError)
  await expect(login({ email: uniqueEmail('ghost'), password: PASSWORDS.wrongGuess })).rejects.toBeInstanceOf(AppError)

  // Password reset: one link used, a later one left live.
  const t0 = new Date()
  await requestPasswordReset({ email: partnerEmail, locale: 'vi', now: t0 })
  oneTimeTokens.reset = await tokenFromLatestEmail(partnerEmail, 'reset-password')
  await setPasswordWithToken({ token: oneTimeTokens.reset, purpose: 'password_reset', password: PASSWORDS.reset })
  await requestPasswordReset({ email: partnerEmail, locale: 'vi', now: new Date(t0.getTime() + 61_000) })
  oneTimeTokens.liveReset = await tokenFromLatestEmail(partnerEmail, 'reset-password')

  // Invitation of a caseworker, accepted; a password change from a session.
  const coordinatorUser = await createUser({ role: 'coordinator' })
  const caseworkerEmail = uniqueEmail('cw.tester')
  await inviteCaseworker({
    actor: actor({ role: 'coordinator', userId: coordinatorUser.id }),
    name: 'Trần Văn Dũng',
    email: caseworkerEmail,
    wardCodes: ['00070'],
    locale: 'vi',
  })
  oneTimeTokens.invitation = await tokenFromLatestEmail(caseworkerEmail, 'invitation')
  await setPasswordWithToken({ token: oneTimeTokens.invitation, purpose: 'invitation', password: PASSWORDS.invitation })
  const cw = await login({ email: caseworkerEmail, password: PASSWORDS.invitation })
  sessionTokens.push(cw.token)
  const cwAuth = await validateSessionToken(cw.token)
  await changePassword({
    actor: actorFromSession(cwAuth!),
    sessionId: cw.session.id,
    currentPassword: PASSWORDS.invitation,
    newPassword: PASSWORDS.changed,
  })

  // Coordinators: one with a password, one with an invitation left unused.
  await createCoordinator({ email: uniqueEmail('coord.pw'), name: 'Điều phối', password: PASSWORDS.coordinator })
  const invited = await createCoordinator({ email: uniqueEmail('coord.inv'), name: 'Điều phối 2' })
  oneTimeTokens.coordinatorInvitation = invited.invitationUrl!.split('/').pop()!

  const again = await login({ email: caseworkerEmail, password: PASSWORDS.changed })
  sessionTokens.push(again.token)

  // The tests below only read: one dump serves them all.
  dump = await dumpDatabase()
})

describe('no secret is stored in plain text', () => {
  test('the scan covers the tables that matter', async () => {
    const { tables, cells } = dump
    // Every text/jsonb column the schema has shows up in the dump of a table that has rows.
    const textColumns = rowsOf<Column>(
      await getDb().execute(sql`
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'jsonb')
          and table_name in ('users', 'email_outbox', 'audit_events', 'auth_throttles', 'sessions')`),
    )
    expect(textColumns.length).toBeGreaterThan(20)
    const seen = new Set(cells.map((c) => `${c.table}.${c.column}`))
    for (const c of textColumns) {
      if (
        [
          'last_error',
          'provider',
          'provider_message_id',
          'subject_type',
          'subject_id',
          'actor_role',
          'ip_address',
          'user_agent',
          'locale',
        ].includes(c.column_name)
      )
        continue
      expect(seen, `${c.table_name}.${c.column_name}`).toContain(`${c.table_name}.${c.column_name}`)
    }
    for (const t of [
      'users',
      'sessions',
      'auth_tokens',
      'auth_throttles',
      'email_outbox',
      'audit_events',
      'organisations',
    ]) {
      expect(tables).toContain(t)
    }
    expect(cells.length).toBeGreaterThan(100)
    expect(Object.keys(oneTimeTokens)).toHaveLength(5)
    for (const token of Object.values(oneTimeTokens)) expect(token).toMatch(/^[a-z2-7]{32}$/)
  })

  test.each(Object.entries(PASSWORDS))('the %s password appears nowhere', async (_name, password) => {
    const { cells } = dump
    expect(where(cells, password)).toEqual([])
    // Nor its distinctive tail (a truncated or transformed copy), e.g. "7731-xyz".
    expect(password.slice(-8)).toMatch(/^\d{4}-[a-z]{3}$/)
    expect(where(cells, password.slice(-8))).toEqual([])
  })

  test.each(['verification', 'reset', 'liveReset', 'invitation', 'coordinatorInvitation'])(
    'the %s token appears only in email_outbox.html/text; its hash only in auth_tokens.id',
    async (name) => {
      const token = oneTimeTokens[name]!
      const { cells } = dump
      const places = new Set(where(cells, token))
      // Positive control: the scan does see the email body.
      expect(places.has('email_outbox.text')).toBe(true)
      expect([...places].sort()).toEqual(['email_outbox.html', 'email_outbox.text'])
      expect(where(cells, hashToken(token))).toEqual(['auth_tokens.id'])
    },
  )

  test('sessions store only the SHA-256 of the cookie token', async () => {
    const { cells } = dump
    const sessionIds = cells.filter((c) => c.table === 'sessions' && c.column === 'id').map((c) => c.value)
    expect(sessionIds.length).toBeGreaterThanOrEqual(2)
    for (const id of sessionIds) expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(sessionTokens).toHaveLength(3)
    for (const token of sessionTokens) {
      expect(where(cells, token)).toEqual([])
    }
    // The live ones are there by hash (the first caseworker session was kept by changePassword; the
    // partner's was ended by the password reset).
    expect(sessionIds).toContain(hashToken(sessionTokens[1]!))
    expect(sessionIds).toContain(hashToken(sessionTokens[2]!))
    expect(sessionIds).not.toContain(hashToken(sessionTokens[0]!))
  })

  test('auth_tokens ids are hashes and every stored password is an argon2id hash', async () => {
    const { cells } = dump
    for (const c of cells.filter((c) => c.table === 'auth_tokens' && c.column === 'id'))
      expect(c.value).toMatch(/^[0-9a-f]{64}$/)
    const hashes = cells.filter((c) => c.table === 'users' && c.column === 'password_hash')
    expect(hashes.length).toBeGreaterThanOrEqual(4)
    for (const c of hashes) expect(c.value).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
  })

  test('email metadata and audit details carry no token, password or address', async () => {
    const { cells } = dump
    const meta = cells.filter(
      (c) =>
        (c.table === 'email_outbox' && c.column === 'metadata') ||
        (c.table === 'audit_events' && c.column === 'details'),
    )
    expect(meta.length).toBeGreaterThan(5)
    for (const c of meta) {
      for (const token of [...Object.values(oneTimeTokens), ...sessionTokens]) expect(c.value).not.toContain(token)
      for (const password of Object.values(PASSWORDS)) expect(c.value).not.toContain(password)
      expect(c.value).not.toMatch(/@example\.test/)
    }
  })
})
