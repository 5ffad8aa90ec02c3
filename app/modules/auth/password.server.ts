import { availableParallelism } from 'node:os'
import { hash, verify } from '@node-rs/argon2'
import { readFileSync } from 'node:fs'
import path from 'node:path'

/** OWASP's argon2id floor (as in Lucia's examples): 19 MiB, 2 passes, 1 lane. */
const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 }

export const PASSWORD_MIN_LENGTH = 12
/** Long enough for any passphrase, short enough that hashing it is no denial-of-service lever. */
export const PASSWORD_MAX_LENGTH = 256

/**
 * The most argon2 computations this process runs at once; the rest wait their turn, first come first served.
 * Each takes a libuv worker thread (four by default, shared with compression and file reads), a whole core and
 * 19 MiB for about 50 ms: twenty sign-ups at once took every thread and pushed other pages from 20 to 411 ms.
 * One core is left for the pages (at most 2 at once, at least 1).
 */
export const CONCURRENT_HASHES = Math.min(2, Math.max(1, availableParallelism() - 1))

/** Runs tasks at most `limit` at a time, in the order they arrive. */
export function createSlots(limit: number) {
  let running = 0
  const waiting: (() => void)[] = []
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve))
      else running += 1
      try {
        return await task()
      } finally {
        // The slot passes straight to the next in line, or is freed.
        const next = waiting.shift()
        if (next) next()
        else running -= 1
      }
    },
    get waiting() {
      return waiting.length
    },
  }
}

const hashing = createSlots(CONCURRENT_HASHES)

export async function hashPassword(password: string): Promise<string> {
  return hashing.run(() => hash(password.normalize('NFKC'), ARGON2_OPTIONS as never))
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing.run(() => verify(passwordHash, password.normalize('NFKC')))
  } catch {
    return false
  }
}

// Compared against when the email is unknown, so a wrong email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined
export function getDummyHash() {
  dummyHash ??= hashPassword('not-a-real-password-' + Math.random())
  return dummyHash
}

let common: Set<string> | undefined
function commonPasswords(): Set<string> {
  if (!common) {
    const file = path.resolve(process.env.COMMON_PASSWORDS_FILE ?? 'app/modules/auth/common-passwords.txt')
    common = new Set(
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line && !line.startsWith('#')),
    )
  }
  return common
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_email'

/**
 * Why a new password is refused, or null. Besides the length rules: it is one of the most common
 * passwords, a common password padded with digits or symbols ("password1234!"), a single character or a
 * short pattern repeated ("abcabcabcabc"), or built on the person's email.
 */
export function checkNewPassword(password: string, context: { email?: string } = {}): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'too_short'
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long'
  const lower = password.normalize('NFKC').toLowerCase()
  const list = commonPasswords()
  if (list.has(lower)) return 'common'
  // Strip what is not a letter (digits, symbols, spaces) from both ends; letters of any script stay.
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  if (core.length === 0 || list.has(core)) return 'common'
  if (/^(.{1,4})\1+$/u.test(lower)) return 'common'
  if (new Set(lower).size < 4) return 'common'
  const local = context.email?.split('@')[0]?.toLowerCase()
  if (local && local.length >= 4 && lower.includes(local)) return 'contains_email'
  return null
}
