import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { browseAuditTrail, checkAuditChain } from '#app/modules/audit/audit-browse.server.ts'
import { formatDateTime, formatNumber } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { requirePermission } from '#app/policy.server.ts'
import type { Route } from './+types/coordinator.audit'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'auditTrail.title')

const SUBJECT_TYPES = ['candidate', 'organisation', 'opportunity', 'user', 'skill', 'email'] as const
const ACTION_GROUPS = [
  'auth.',
  'candidate.',
  'consent.',
  'note.',
  'organisation.',
  'listing.',
  'team.',
  'caseworker.',
] as const

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'audit:read')
  const url = new URL(request.url)
  const p = (k: string) => url.searchParams.get(k)?.trim() || undefined
  const result = await browseAuditTrail({
    actor,
    filter: {
      subjectType: p('subjectType'),
      subjectId: p('subjectId'),
      actorEmail: p('actor'),
      action: p('action'),
      from: p('from'),
      to: p('to'),
    },
    before: Number(p('before')) || null,
  })
  return {
    items: result.items.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() })),
    nextBefore: result.nextBefore,
  }
}

/** Recomputes the whole hash chain on demand; the check itself is recorded. */
export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'audit:read')
  const report = await checkAuditChain({ actor })
  return { report }
}

function subjectLink(type: string | null, id: string | null) {
  if (!id) return null
  if (type === 'organisation') return `/coordinator/partners/${id}`
  if (type === 'candidate') return `/coordinator/candidates/${id}`
  if (type === 'opportunity') return `/coordinator/opportunities/${id}`
  return null
}

export default function AuditTrail() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { items, nextBefore } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const older = new URLSearchParams(params)
  if (nextBefore) older.set('before', String(nextBefore))
  const input = 'mt-1 block w-full rounded-md border border-stone-400 px-3 py-2'
  return (
    <div>
      <PageHeader title={t('auditTrail.title')} description={t('auditTrail.intro')} />
      <Form
        method="get"
        className="mb-4 grid gap-3 rounded-lg border border-stone-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6"
      >
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.subjectType')}</span>
          <select name="subjectType" defaultValue={params.get('subjectType') ?? ''} className={input}>
            <option value="">{t('auditTrail.any')}</option>
            {SUBJECT_TYPES.map((s) => (
              <option key={s} value={s}>
                {t(`auditTrail.subject.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.subjectId')}</span>
          <input name="subjectId" defaultValue={params.get('subjectId') ?? ''} className={input} maxLength={64} />
        </label>
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.actor')}</span>
          <input name="actor" type="email" defaultValue={params.get('actor') ?? ''} className={input} />
        </label>
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.action')}</span>
          <select name="action" defaultValue={params.get('action') ?? ''} className={input}>
            <option value="">{t('auditTrail.any')}</option>
            {ACTION_GROUPS.map((a) => (
              <option key={a} value={a}>
                {t(`auditTrail.group.${a.slice(0, -1)}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.from')}</span>
          <input name="from" type="date" defaultValue={params.get('from') ?? ''} className={input} />
        </label>
        <label className="text-sm">
          <span className="font-medium text-stone-800">{t('auditTrail.to')}</span>
          <input name="to" type="date" defaultValue={params.get('to') ?? ''} className={input} />
        </label>
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className={buttonClass('secondary')}>
            {t('auditTrail.filter')}
          </button>
          <Link to="/coordinator/audit" className={buttonClass('ghost')}>
            {t('auditTrail.clear')}
          </Link>
        </div>
      </Form>
      <Form method="post" className="mb-4 flex flex-wrap items-center gap-3">
        <Button type="submit" variant="secondary" pending={navigation.state === 'submitting'}>
          {t('auditTrail.verify')}
        </Button>
        {actionData?.report ? (
          <p
            role="status"
            className={actionData.report.brokenAt === null ? 'text-brand-800' : 'font-semibold text-red-800'}
          >
            {actionData.report.brokenAt === null
              ? t('auditTrail.intact', {
                  count: actionData.report.checked,
                  n: formatNumber(actionData.report.checked, locale),
                })
              : t('auditTrail.broken', { id: actionData.report.brokenAt })}
          </p>
        ) : null}
      </Form>
      {items.length === 0 ? (
        <EmptyState title={t('auditTrail.empty')} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-stone-200 bg-white">
          <table className="min-w-full text-left text-sm">
            <caption className="sr-only">{t('auditTrail.title')}</caption>
            <thead className="bg-stone-100 text-stone-800">
              <tr>
                <th scope="col" className="px-3 py-2">
                  {t('auditTrail.when')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('auditTrail.who')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('auditTrail.what')}
                </th>
                <th scope="col" className="px-3 py-2">
                  {t('auditTrail.on')}
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200">
              {items.map((e) => {
                const href = subjectLink(e.subjectType, e.subjectId)
                return (
                  <tr key={e.id} data-testid="audit-row">
                    <td className="whitespace-nowrap px-3 py-2 text-stone-700">
                      {formatDateTime(e.occurredAt, locale)}
                    </td>
                    <td className="px-3 py-2">
                      {e.actorName ?? t('auditTrail.system')}
                      {e.actorEmail ? <div className="text-xs text-stone-600">{e.actorEmail}</div> : null}
                      {e.ipAddress ? <div className="text-xs text-stone-500">{e.ipAddress}</div> : null}
                    </td>
                    <td className="px-3 py-2">
                      {t(`auditAction.${e.action}`, { defaultValue: e.action })}
                      <div className="font-mono text-xs text-stone-500">{e.action}</div>
                    </td>
                    <td className="px-3 py-2">
                      {e.subjectType ? t(`auditTrail.subject.${e.subjectType}`, { defaultValue: e.subjectType }) : '—'}
                      {e.subjectId ? (
                        <div className="font-mono text-xs">
                          {href ? <Link to={href}>{e.subjectId}</Link> : e.subjectId}{' '}
                          <Link
                            to={`?subjectType=${e.subjectType ?? ''}&subjectId=${e.subjectId}`}
                            className="text-stone-600"
                          >
                            ({t('auditTrail.allFor')})
                          </Link>
                        </div>
                      ) : null}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {nextBefore ? (
        <p className="mt-4">
          <Link to={`?${older.toString()}`}>{t('auditTrail.older')}</Link>
        </p>
      ) : null}
    </div>
  )
}
