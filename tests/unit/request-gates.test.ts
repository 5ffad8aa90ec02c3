import { describe, expect, test } from 'vitest'
import { createSlots } from '#app/modules/auth/password.server.ts'
import { allowedHosts, isAllowedHost, isSignInFormPath } from '#app/utils/request-gates.server.ts'

describe('allowedHosts', () => {
  test("a public APP_URL: its own name only, with or without the scheme's default port", () => {
    const hosts = allowedHosts('https://hoanhap.hanoi.gov.vn')
    expect(isAllowedHost('hoanhap.hanoi.gov.vn', hosts)).toBe(true)
    expect(isAllowedHost('HoaNhap.Hanoi.gov.vn:443', hosts)).toBe(true)
    for (const host of ['attacker.example', 'localhost', '127.0.0.1:443', 'hoanhap.hanoi.gov.vn.attacker.example']) {
      expect(isAllowedHost(host, hosts), host).toBe(false)
    }
    expect(isAllowedHost(undefined, hosts)).toBe(false)
  })

  test('APP_URL on this machine: every loopback name on that port, no other name or port', () => {
    const hosts = allowedHosts('http://localhost:3300')
    for (const host of ['localhost:3300', '127.0.0.1:3300', '[::1]:3300']) expect(isAllowedHost(host, hosts)).toBe(true)
    for (const host of ['attacker.example:3300', 'localhost:3301', 'localhost', '0.0.0.0:3300']) {
      expect(isAllowedHost(host, hosts), host).toBe(false)
    }
  })
})

describe('isSignInFormPath', () => {
  test('every spelling of the sign-in forms the router accepts', () => {
    for (const path of [
      '/login',
      '/login.data',
      '/LOGIN',
      '/Login.DATA',
      '/login/',
      '/login/.data',
      '/l%6Fgin',
      '/join.data',
      '/forgot-password.data',
      '/verify-email',
      '/reset-password/abc.data',
      '/RESET-PASSWORD/abc',
      '/invitation/xyz.data',
    ]) {
      expect(isSignInFormPath(path), path).toBe(true)
    }
  })

  test('other pages are not', () => {
    for (const path of [
      '/',
      '/logout',
      '/loginx',
      '/partner/team',
      '/reset-password',
      '/invitation/a/b',
      '/%E0%A4%A',
    ]) {
      expect(isSignInFormPath(path), path).toBe(false)
    }
  })
})

describe('createSlots (the bound on concurrent password hashing)', () => {
  test('runs at most `limit` tasks at once, in the order they came, and frees slots on failure', async () => {
    const slots = createSlots(2)
    let running = 0
    let most = 0
    const order: number[] = []
    const task = (i: number, fail = false) =>
      slots.run(async () => {
        running += 1
        most = Math.max(most, running)
        await new Promise((r) => setTimeout(r, 5))
        running -= 1
        order.push(i)
        if (fail) throw new Error(`task ${i}`)
        return i
      })
    const results = await Promise.allSettled([task(1), task(2, true), task(3), task(4), task(5)])
    expect(most).toBe(2)
    expect(order).toEqual([1, 2, 3, 4, 5])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect(slots.waiting).toBe(0)
    // All slots are free again.
    expect(await Promise.all([task(6), task(7)])).toEqual([6, 7])
  })
})
