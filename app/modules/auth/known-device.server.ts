import { createHmac, timingSafeEqual } from 'node:crypto'
import { getEnv } from '#app/utils/env.server.ts'
import { generateToken } from './tokens.server'

/**
 * Known devices (ADR 020): a browser that signed in to an account before carries a signed note saying so,
 * and a correct password from it is not held back by that account's lock-out — the one an attacker can set
 * off by guessing. The note is a cookie of up to five entries `<device id>.<issued, base 36>.<signature>`
 * joined by `~` (a shared computer may know several accounts). Nothing is stored on the server.
 *
 * The signature covers the account's id and its current password hash, so an entry is good for that account
 * only and stops working when the password changes (a reset after a theft forgets every device).
 */

const KNOWN_FOR_MS = 180 * 24 * 3600_000
const MAX_ENTRIES = 5
const ENTRY = /^([a-z2-7]{26})\.([0-9a-z]{1,11})\.([A-Za-z0-9_-]{43})$/

export type DeviceAccount = { id: string; passwordHash: string }

type Entry = { id: string; issued: number; signature: string }

export function knownDeviceCookieName() {
  return getEnv().isProduction ? '__Host-hn_device' : 'hn_device'
}

function secret() {
  // Outside production a fixed secret still keeps entries unforgeable: the password hash is in what is signed.
  return getEnv().SESSION_SECRET ?? 'hoa-nhap-development-secret'
}

function sign(account: DeviceAccount, deviceId: string, issued: number) {
  return createHmac('sha256', secret())
    .update(`known-device:v1:${account.id}:${deviceId}:${issued.toString(36)}:${account.passwordHash}`)
    .digest('base64url')
}

function parse(value: string | null | undefined): Entry[] {
  if (!value) return []
  const entries: Entry[] = []
  for (const part of value.split('~').slice(0, MAX_ENTRIES)) {
    const match = ENTRY.exec(part)
    if (match) entries.push({ id: match[1]!, issued: parseInt(match[2]!, 36), signature: match[3]! })
  }
  return entries
}

function signedFor(entry: Entry, account: DeviceAccount) {
  const expected = Buffer.from(sign(account, entry.id, entry.issued))
  const given = Buffer.from(entry.signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}

function isCurrent(entry: Entry, now: Date) {
  return entry.issued <= now.getTime() && now.getTime() - entry.issued < KNOWN_FOR_MS
}

/** The id of this browser if its cookie holds a current entry signed for `account`, else null. */
export function knownDeviceId(value: string | null | undefined, account: DeviceAccount, now: Date): string | null {
  const entry = parse(value).find((e) => isCurrent(e, now) && signedFor(e, account))
  return entry?.id ?? null
}

/**
 * The cookie's new value after a successful sign-in to `account`: its entry signed afresh (the same device
 * id when the browser was known, a new one otherwise), newest first, other accounts' current entries kept.
 */
export function rememberDevice(
  value: string | null | undefined,
  account: DeviceAccount,
  now: Date,
  deviceId: string | null,
): string {
  const id = deviceId ?? generateToken().slice(0, 26)
  const issued = now.getTime()
  const others = parse(value).filter((e) => e.id !== id && isCurrent(e, now) && !signedFor(e, account))
  const fresh: Entry = { id, issued, signature: sign(account, id, issued) }
  return [fresh, ...others]
    .slice(0, MAX_ENTRIES)
    .map((e) => `${e.id}.${e.issued.toString(36)}.${e.signature}`)
    .join('~')
}

/** This browser's known-device cookie, as sent. */
export function readKnownDeviceCookie(request: Request): string | null {
  const header = request.headers.get('cookie')
  if (!header) return null
  const name = knownDeviceCookieName()
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return null
}

export function serializeKnownDeviceCookie(value: string) {
  const secure = getEnv().isProduction ? '; Secure' : ''
  const maxAge = Math.floor(KNOWN_FOR_MS / 1000)
  return `${knownDeviceCookieName()}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`
}
