import { sha256 } from '@oslojs/crypto/sha2'
import { encodeHexLowerCase } from '@oslojs/encoding'

/** The fields of an audit event that its hash covers (everything but the id and the hashes). */
export type ChainedFields = {
  occurredAt: Date
  actorId: string | null
  actorRole: string | null
  action: string
  subjectType: string | null
  subjectId: string | null
  ipAddress: string | null
  details: unknown
}

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

/**
 * sha256(previous hash + the event's canonical form). Changing, removing or reordering any event breaks
 * every hash after it; the first event of the chain has no previous hash (the empty string).
 */
export function hashAuditEvent(prevHash: string | null, event: ChainedFields): string {
  const body = canonicalJson({
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    ipAddress: event.ipAddress,
    details: event.details,
  })
  return encodeHexLowerCase(sha256(new TextEncoder().encode(`${prevHash ?? ''}\n${body}`)))
}
