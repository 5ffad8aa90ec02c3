import { Form, Link, useLoaderData, useSearchParams } from 'react-router'
import { pageTitle } from '#app/utils/meta.ts'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { OutboxTable } from '#app/components/outbox-table.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { retryFailedEmailAs } from '#app/modules/email/dispatcher.server.ts'
import { getOutboxHealth, listOutbox, type OutboxHealth } from '#app/modules/email/outbox.server.ts'
import { formatDateTime } from '#app/modules/i18n/format.ts'
import { requirePermission } from '#app/policy.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/coordinator.outbox'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'outbox.title')

const FILTERS = ['all', 'failed', 'pending', 'sent'] as const

/** Coordinators see what was sent and what is stuck — addresses and subjects, never bodies. */
export async function loader({ request }: Route.LoaderArgs) {
  await requirePermission(request, 'outbox:read')
  const url = new URL(request.url)
  const filter = FILTERS.find((f) => f === url.searchParams.get('status')) ?? 'all'
  const cursor = Number(url.searchParams.get('cursor')) || null
  const [{ items, nextCursor }, health] = await Promise.all([
    listOutbox({ limit: 50, cursor, status: filter === 'all' ? undefined : filter }),
    getOutboxHealth(),
  ])
  return {
    filter,
    nextCursor,
    health: summarizeHealth(health, new Date()),
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

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'outbox:read')
  const id = Number((await readForm(request)).get('id'))
  if (!Number.isSafeInteger(id) || id <= 0)
    return redirectWithToast('/coordinator/outbox', { type: 'error', key: 'errors.not_found' })
  const retried = await retryFailedEmailAs({ actor, id })
  return redirectWithToast(
    '/coordinator/outbox?status=failed',
    retried ? { type: 'success', key: 'toast.emailRetried' } : { type: 'error', key: 'errors.not_found' },
  )
}

// Counts and one time only, so the notice can say "the provider is not taking mail" without naming anyone.
function summarizeHealth(health: OutboxHealth, now: Date) {
  const oldest = health.oldestWaitingAt
  return {
    ...health,
    oldestWaitingAt: oldest?.toISOString() ?? null,
    oldestWaitingMinutes: oldest ? Math.max(0, Math.floor((now.getTime() - oldest.getTime()) / 60_000)) : 0,
  }
}

/** What is waiting and for how long: shown while anything waits or has failed (e.g. the provider is down). */
function OutboxHealthNotice({ health }: { health: ReturnType<typeof summarizeHealth> }) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  if (health.waiting === 0 && health.failed === 0) return null
  const troubled = health.retrying > 0 || health.failed > 0
  return (
    <section
      aria-label={t('outbox.health.label')}
      data-testid="outbox-health"
      className={`mb-4 rounded-lg border p-4 text-sm ${troubled ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-stone-200 bg-white text-stone-800'}`}
    >
      {health.waiting > 0 ? (
        <p className="font-semibold">{t('outbox.health.waiting', { count: health.waiting })}</p>
      ) : null}
      {health.oldestWaitingAt ? (
        <p className="mt-1">
          {t('outbox.health.oldest', {
            time: formatDateTime(health.oldestWaitingAt, locale),
            count: health.oldestWaitingMinutes,
          })}
        </p>
      ) : null}
      {health.retrying > 0 ? <p className="mt-1">{t('outbox.health.retrying', { count: health.retrying })}</p> : null}
      {health.failed > 0 ? (
        <p className="mt-1">
          <Link to="?status=failed">{t('outbox.health.failed', { count: health.failed })}</Link>
        </p>
      ) : null}
    </section>
  )
}

export default function CoordinatorOutbox() {
  const { t } = useTranslation()
  const { items, filter, nextCursor, health } = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  return (
    <div>
      <PageHeader title={t('outbox.title')} description={t('outbox.intro')} />
      <OutboxHealthNotice health={health} />
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
