import { getEnv } from '~/utils/env.server'

/**
 * The developer mailbox (/dev/outbox) shows stored emails, one-time links included, to anyone who can
 * reach the server. It exists only outside production, and only when no email provider is configured
 * (then nothing is really sent, and this is the only way to read what would have been).
 */
export function assertDevMailboxEnabled() {
  const env = getEnv()
  if (env.isProduction || env.RESEND_API_KEY) throw new Response('Not found', { status: 404 })
}
