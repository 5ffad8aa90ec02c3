import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { pageTitle } from '~/modules/i18n/meta'
import { Form, Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { OutboxTable } from '~/components/outbox-table'
import { Button } from '~/components/ui/button'
import { EmptyState, PageHeader } from '~/components/ui/card'
import { writeAudit } from '~/modules/audit/audit.server'
import { retryFailedEmail } from '~/modules/email/dispatcher.server'
import { listOutbox } from '~/modules/email/outbox.server'
import { requirePermission } from '~/policy.server'
import { getDb } from '#db/client.server'
import { redirectWithToast } from '~/utils/toast.server'
import { readForm } from '~/utils/forms.server'

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, 'outbox.title')

const FILTERS = ['all', 'failed', 'pending', 'sent'] as const

/** Coordinators see what was sent and what is stuck — addresses and subjects, never bodies. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, 'outbox:read')
  const url = new URL(request.url)
  const filter = FILTERS.find((f) => f === url.searchParams.get('status')) ?? 'all'
  const cursor = Number(url.searchParams.get('cursor')) || null
  const { items, nextCursor } = await listOutbox({ limit: 50, cursor, status: filter === 'all' ? undefined : filter })
  return {
    filter,
    nextCursor,
    items: items.map((i) => ({
      id: i.id,
      toAddress: i.toAddress,
      subject: i.subject,
      template: i.template,
      status: i.status,
      attempts: i.attempts,
      lastError: i.lastError,
      createdAt: i.createdAt.toISOString(),
    })),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requirePermission(request, 'outbox:read')
  const id = Number((await readForm(request)).get('id'))
  if (!Number.isSafeInteger(id) || id <= 0)
    return redirectWithToast('/coordinator/outbox', { type: 'error', key: 'errors.not_found' })
  const retried = await getDb().transaction(async (tx) => {
    const ok = await retryFailedEmail(id, tx)
    if (ok)
      await writeAudit(tx, {
        actor: { userId: actor.userId, role: actor.role },
        action: 'email.retried',
        subjectType: 'email',
        subjectId: String(id),
      })
    return ok
  })
  return redirectWithToast(
    '/coordinator/outbox?status=failed',
    retried ? { type: 'success', key: 'toast.emailRetried' } : { type: 'error', key: 'errors.not_found' },
  )
}

export default function CoordinatorOutbox() {
  const { t } = useTranslation()
  const { items, filter, nextCursor } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <div>
      <PageHeader title={t('outbox.title')} description={t('outbox.intro')} />
      <nav aria-label={t('outbox.filter')} className="mb-4 flex flex-wrap gap-2">
        {FILTERS.map((f) => (
          <Link
            key={f}
            to={f === 'all' ? '?' : `?status=${f}`}
            aria-current={filter === f ? 'page' : undefined}
            className={`rounded-full border px-3 py-1 text-sm no-underline ${filter === f ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-800'}`}
          >
            {t(`outbox.filters.${f}`)}
          </Link>
        ))}
      </nav>
      {items.length === 0 ? (
        <EmptyState title={t('outbox.empty')} />
      ) : (
        <OutboxTable
          rows={items}
          action={(row) =>
            row.status === 'failed' ? (
              <Form method="post">
                <input type="hidden" name="id" value={row.id} />
                <Button type="submit" variant="secondary">
                  {t('outbox.retry')}
                </Button>
              </Form>
            ) : null
          }
        />
      )}
      {nextCursor ? (
        <p className="mt-4">
          <Link to={`?${new URLSearchParams({ ...Object.fromEntries(params), cursor: String(nextCursor) })}`}>
            {t('outbox.older')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
