import { Link, useLoaderData } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { Fragment } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Card } from '#app/components/ui/card.tsx'
import { assertDevMailboxEnabled } from '#app/pages/mailbox-access.server.ts'
import { getOutboxEmail } from '#app/modules/email/outbox.server.ts'
import type { Route } from './+types/dev.outbox.$id._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'outbox.devTitle')

export async function loader({ params, context }: Route.LoaderArgs) {
  assertDevMailboxEnabled(context)
  const id = Number(params.id)
  const email = Number.isSafeInteger(id) && id > 0 ? await getOutboxEmail(id, { revealLinks: true }) : undefined
  if (!email) throw new Response('Not found', { status: 404 })
  return {
    id: email.id,
    to: email.toAddress,
    subject: email.subject,
    text: email.text,
    locale: email.locale,
    status: email.status,
  }
}

/** Plain text with its links made clickable, so a developer can follow a verification link. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"')\]]+)/g)
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  )
}

export default function DevMailboxEmail() {
  const { t } = useTranslation()
  const email = useLoaderData<typeof loader>()
  return (
    <div className="max-w-3xl">
      <p className="mb-2 text-sm">
        <Link to="/dev/outbox">← {t('outbox.devTitle')}</Link>
      </p>
      <Card title={email.subject}>
        <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          <dt className="text-stone-600">{t('outbox.to')}</dt>
          <dd>{email.to}</dd>
          <dt className="text-stone-600">{t('fields.language')}</dt>
          <dd>{email.locale}</dd>
        </dl>
        <pre
          className="whitespace-pre-wrap break-words rounded-md bg-stone-50 p-4 font-sans text-sm text-stone-900"
          data-testid="email-text"
        >
          <Linkified text={email.text} />
        </pre>
        <p className="mt-4 text-sm">
          <a href={`/dev/outbox/${email.id}/html`} target="_blank" rel="noreferrer">
            {t('outbox.viewHtml')}
          </a>
        </p>
      </Card>
    </div>
  )
}
