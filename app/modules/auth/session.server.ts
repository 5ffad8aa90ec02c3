import { and, desc, eq, ne, sql } from 'drizzle-orm'
import { getDb, type Database, type Executor } from '#db/client.server.ts'
import {
  memberships,
  organisations,
  sessions,
  users,
  caseworkerWards,
  type User,
  type Session,
} from '#db/schema/index.ts'
import { getEnv } from '#app/utils/env.server.ts'
import { oncePerRequest } from '#app/utils/request-scope.server.ts'
import { evaluateSession, initialExpiry } from './session-policy'
import { generateToken, hashToken } from './tokens.server'

export type SessionUser = {
  session: Session
  user: Pick<User, 'id' | 'email' | 'name' | 'role' | 'status' | 'emailVerifiedAt' | 'locale'>
  membership: {
    organisationId: string
    role: 'owner' | 'member'
    organisationName: string
    organisationKind: 'employer' | 'training_centre' | 'lender'
    organisationStatus: 'pending' | 'approved' | 'rejected' | 'suspended'
  } | null
  wardCodes: string[]
}

/** In production the cookie is `__Host-` prefixed: Secure, no Domain, path `/` — it cannot be set by a subdomain. */
export function sessionCookieName() {
  return getEnv().isProduction ? '__Host-hn_session' : 'hn_session'
}

export async function createSession(options: {
  executor?: Executor
  userId: string
  role: User['role']
  userAgent?: string | null
  ipAddress?: string | null
  now?: Date
}): Promise<{ token: string; session: Session }> {
  const now = options.now ?? new Date()
  const token = generateToken()
  const [session] = await (options.executor ?? getDb())
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId: options.userId,
      createdAt: now,
      lastSeenAt: now,
      ...initialExpiry(options.role, now),
      userAgent: options.userAgent?.slice(0, 300) ?? null,
      ipAddress: options.ipAddress ?? null,
    })
    .returning()
  return { token, session: session! }
}

/**
 * The statement every signed-in request runs: the session, its person, their organisation and wards, in one
 * round trip. Prepared once per database (the pool renews its database object after an outage).
 */
const sessionQueries = new WeakMap<Database, ReturnType<typeof prepareSessionQuery>>()
function sessionQuery(db: Database) {
  let query = sessionQueries.get(db)
  if (!query) sessionQueries.set(db, (query = prepareSessionQuery(db)))
  return query
}
function prepareSessionQuery(db: Database) {
  return db
    .select({
      session: sessions,
      user: {
        id: users.id,
        email: users.email,
        name: users.name,
        role: users.role,
        status: users.status,
        emailVerifiedAt: users.emailVerifiedAt,
        locale: users.locale,
      },
      organisationId: memberships.organisationId,
      membershipRole: memberships.role,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      organisationStatus: organisations.status,
      wardCodes: sql<string[]>`array(select ${caseworkerWards.wardCode} from ${caseworkerWards}
        where ${caseworkerWards.userId} = ${users.id} order by 1)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(sessions.id, sql.placeholder('id')))
    .limit(1)
    .prepare('session_by_token')
}

/**
 * The session and person behind a token, or null when the token is unknown, expired or the account is
 * disabled (the row is then deleted). Extends the idle expiry at most once a minute.
 */
export async function validateSessionToken(token: string, now = new Date()): Promise<SessionUser | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null
  const db = getDb()
  const id = hashToken(token)
  const [row] = await sessionQuery(db).execute({ id })
  if (!row) return null
  const verdict = evaluateSession(row.session, row.user.role, now)
  if (verdict.status === 'expired' || row.user.status !== 'active') {
    await db.delete(sessions).where(eq(sessions.id, id))
    return null
  }
  let session = row.session
  if (verdict.extendTo) {
    await db.update(sessions).set({ lastSeenAt: now, expiresAt: verdict.extendTo }).where(eq(sessions.id, id))
    session = { ...session, lastSeenAt: now, expiresAt: verdict.extendTo }
  }
  return {
    session,
    user: row.user,
    membership:
      row.organisationId && row.membershipRole && row.organisationName && row.organisationKind && row.organisationStatus
        ? {
            organisationId: row.organisationId,
            role: row.membershipRole,
            organisationName: row.organisationName,
            organisationKind: row.organisationKind,
            organisationStatus: row.organisationStatus,
          }
        : null,
    // Only a caseworker follows wards (the query reads them for anyone: none for the others).
    wardCodes: row.user.role === 'caseworker' ? row.wardCodes : [],
  }
}

export async function invalidateSession(sessionId: string) {
  await getDb().delete(sessions).where(eq(sessions.id, sessionId))
}

/** Signs a person out everywhere, or everywhere but the session they are using. */
/** Ends every session of a person (but one, if named); returns how many were ended. */
export async function invalidateUserSessions(
  executor: Executor,
  userId: string,
  exceptSessionId?: string,
): Promise<number> {
  const ended = await executor
    .delete(sessions)
    .where(
      exceptSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
        : eq(sessions.userId, userId),
    )
    .returning({ id: sessions.id })
  return ended.length
}

export async function listUserSessions(userId: string) {
  return getDb()
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      userAgent: sessions.userAgent,
      ipAddress: sessions.ipAddress,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt))
}

export function readSessionToken(request: Request): string | null {
  const header = request.headers.get('cookie')
  if (!header) return null
  const name = sessionCookieName()
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k !== name) continue
    try {
      return decodeURIComponent(v.join('='))
    } catch {
      return null // a malformed cookie is no session, not an error
    }
  }
  return null
}

export function serializeSessionCookie(token: string, expires: Date) {
  const secure = getEnv().isProduction ? '; Secure' : ''
  return `${sessionCookieName()}=${token}; Path=/; HttpOnly; SameSite=Lax; Expires=${expires.toUTCString()}${secure}`
}

export function serializeBlankSessionCookie() {
  const secure = getEnv().isProduction ? '; Secure' : ''
  return `${sessionCookieName()}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${secure}`
}

/** Who is signed in on this request, or null. Looked up once per HTTP request (see request-scope). */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  const token = readSessionToken(request)
  if (!token) return Promise.resolve(null)
  return oncePerRequest(`session:${token}`, () => validateSessionToken(token))
}
