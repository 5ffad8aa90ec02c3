import { Link } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { formatDateTime } from '#app/modules/i18n/format.ts'
import type { ReactNode } from 'react'

export type OutboxRow = {
  id: number
  toAddress: string
  subject: string
  template: string
  status: 'pending' | 'sending' | 'sent' | 'failed'
  attempts: number
  lastError: string | null
  createdAt: string
}

const STATUS_STYLE = {
  pending: 'bg-amber-100 text-amber-900',
  sending: 'bg-sky-100 text-sky-900',
  sent: 'bg-brand-100 text-brand-900',
  failed: 'bg-red-100 text-red-900',
} as const

/** The list of stored emails, shared by the developer mailbox and the coordinators' outbox page. */
export function OutboxTable({
  rows,
  linkTo,
  action,
}: {
  rows: OutboxRow[]
  linkTo?: (id: number) => string
  action?: (row: OutboxRow) => ReactNode
}) {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  return (
    <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
      <table className="min-w-full text-left text-sm">
        <thead className="bg-stone-100 text-stone-800">
          <tr>
            <th scope="col" className="px-3 py-2">
              {t('outbox.when')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('outbox.to')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('outbox.subject')}
            </th>
            <th scope="col" className="px-3 py-2">
              {t('outbox.status')}
            </th>
            {action ? (
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t('outbox.actions')}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-200">
          {rows.map((r) => (
            <tr key={r.id} data-testid="outbox-row">
              <td className="whitespace-nowrap px-3 py-2 text-stone-700">{formatDateTime(r.createdAt, locale)}</td>
              <td className="px-3 py-2">{r.toAddress}</td>
              <td className="px-3 py-2">{linkTo ? <Link to={linkTo(r.id)}>{r.subject}</Link> : r.subject}</td>
              <td className="px-3 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_STYLE[r.status]}`}>
                  {t(`outbox.state.${r.status}`)}
                </span>
                {r.lastError ? <div className="mt-1 text-xs text-red-800">{r.lastError}</div> : null}
                {r.attempts > 1 ? (
                  <div className="mt-1 text-xs text-stone-600">{t('outbox.attempts', { count: r.attempts })}</div>
                ) : null}
              </td>
              {action ? <td className="px-3 py-2">{action(r)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
