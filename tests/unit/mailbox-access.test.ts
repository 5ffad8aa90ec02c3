import { describe, expect, it } from 'vitest'
import { isLoopback } from '#app/pages/mailbox-access.server.ts'

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('%s is this machine', (address) => {
    expect(isLoopback(address)).toBe(true)
  })
  it.each(['203.0.113.7', '10.0.0.1', '::ffff:192.168.1.2', '1127.0.0.1', '127.0.0.1.evil', 'localhost', '', null])(
    '%s is not',
    (address) => {
      expect(isLoopback(address)).toBe(false)
    },
  )
})
