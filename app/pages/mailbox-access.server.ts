import type { AppLoadContext } from 'react-router'
import { getEnv } from '#app/utils/env.server.ts'

/**
 * The developer mailbox (/dev/outbox) shows stored emails, one-time links included (a password reset link is
 * an account). It exists only outside production, only when no email provider is configured (then nothing is
 * really sent, and this is the only way to read what would have been), and only to a browser on the same
 * machine — a demo reachable over a network must not hand out everyone's reset links — unless
 * DEV_MAILBOX_REMOTE=true says the demo host is shared on purpose.
 */
export function assertDevMailboxEnabled(context: Pick<AppLoadContext, 'clientIp'>) {
  const env = getEnv()
  if (env.isProduction || env.RESEND_API_KEY) throw new Response('Not found', { status: 404 })
  if (env.DEV_MAILBOX_REMOTE !== 'true' && !isLoopback(context.clientIp)) {
    throw new Response('Not found', { status: 404 })
  }
}

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (how Node reports IPv4 clients on a dual-stack socket). */
export function isLoopback(address: string | null | undefined): boolean {
  if (!address) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}
