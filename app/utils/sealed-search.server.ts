import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { getEnv } from './env.server'

/**
 * What someone typed into a search of people (a name, a phone number), sealed so that it can travel in a page
 * address without being readable there: not in the browser's history, the server's or a proxy's log, or a
 * Referer. AES-256-GCM under a key derived from SESSION_SECRET, bound to the signed-in session (so a copied
 * address opens nothing in another session or after signing out) and good for SEALED_SEARCH_TTL_MS.
 * Without SESSION_SECRET (development, the demo) the key is random per process: searches end with a restart.
 */
export const SEALED_SEARCH_TTL_MS = 12 * 3600_000

let key: Buffer | undefined
function sealingKey() {
  if (key) return key
  const secret = getEnv().SESSION_SECRET
  key = secret ? Buffer.from(hkdfSync('sha256', secret, 'hoa-nhap', 'sealed search', 32)) : randomBytes(32)
  return key
}

/** Tests change SESSION_SECRET between cases; this forgets the derived key. */
export function resetSealingKey() {
  key = undefined
}

export function sealSearch(text: string, sessionId: string, now = new Date()): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealingKey(), iv)
  cipher.setAAD(Buffer.from(sessionId))
  const body = Buffer.concat([cipher.update(JSON.stringify({ t: text, at: now.getTime() }), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** The text sealed into `sealed` for this session, or null when it is not one, is another's, or has expired. */
export function openSearch(sealed: string, sessionId: string, now = new Date()): string | null {
  if (sealed.length > 1000 || !/^[\w-]+$/.test(sealed)) return null
  const raw = Buffer.from(sealed, 'base64url')
  if (raw.length < 29) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(), raw.subarray(0, 12))
    decipher.setAAD(Buffer.from(sessionId))
    decipher.setAuthTag(raw.subarray(12, 28))
    const plain = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
    const { t, at } = JSON.parse(plain) as { t: unknown; at: unknown }
    if (typeof t !== 'string' || typeof at !== 'number') return null
    if (now.getTime() - at > SEALED_SEARCH_TTL_MS || at - now.getTime() > 60_000) return null
    return t
  } catch {
    return null
  }
}
