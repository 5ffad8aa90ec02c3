import { assertDevMailboxEnabled } from '#app/pages/mailbox-access.server.ts'
import { getOutboxEmail } from '#app/modules/email/outbox.server.ts'
import type { Route } from './+types/dev.outbox.$id.html'

/** The email's HTML as a mail client would show it: inline styles allowed, no scripts, sandboxed. */
export async function loader({ params, context }: Route.LoaderArgs) {
  assertDevMailboxEnabled(context)
  const id = Number(params.id)
  const email = Number.isSafeInteger(id) && id > 0 ? await getOutboxEmail(id, { revealLinks: true }) : undefined
  if (!email) throw new Response('Not found', { status: 404 })
  return new Response(email.html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; sandbox allow-popups allow-top-navigation-by-user-activation",
    },
  })
}
