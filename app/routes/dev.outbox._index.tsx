import { Link, useLoaderData } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { OutboxTable } from '#app/components/outbox-table.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { assertDevMailboxEnabled } from '#app/pages/mailbox-access.server.ts'
import { listOutbox } from '#app/modules/email/outbox.server.ts'
import type { Route } from './+types/dev.outbox._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'outbox.devTitle')

export async function loader({ request, context }: Route.LoaderArgs) {
  assertDevMailboxEnabled(context)
  const url = new URL(request.url)
  const cursor = Number(url.searchParams.get('cursor')) || null
  const { items, nextCursor } = await listOutbox({ limit: 50, cursor })
  return { items: items.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })), nextCursor }
}

export default function DevMailbox() {
  const { t } = useTranslation()
  const { items, nextCursor } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={t('outbox.devTitle')} description={t('outbox.devIntro')} />
      {items.length === 0 ? (
        <EmptyState title={t('outbox.empty')}>{t('outbox.emptyHint')}</EmptyState>
      ) : (
        <OutboxTable rows={items} linkTo={(id) => `/dev/outbox/${id}`} />
      )}
      {nextCursor ? (
        <p className="mt-4">
          <Link to={`?cursor=${nextCursor}`}>{t('outbox.older')}</Link>
        </p>
      ) : null}
    </div>
  )
}
