import { Form, Link, useLoaderData, useLocation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { useSearchLink } from '#app/utils/search-link.ts'
import { CandidateStatusBadge } from '#app/components/candidate-status.tsx'
import type { loadCaseloadPage } from '#app/pages/caseload.server.ts'
import { buttonClass } from '#app/components/ui/button.tsx'
import { EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { CANDIDATE_STATUSES, NEEDS } from '#app/modules/candidates/candidate-options.ts'
import type { CaseloadItem } from '#app/modules/candidates/candidates.server.ts'
import { formatDate } from '#app/modules/i18n/format.ts'

function intakeLink(item: Pick<CaseloadItem, 'id' | 'intakeStep'>) {
  return `/caseworker/candidates/new?draft=${item.id}&step=${item.intakeStep}`
}

/**
 * The caseload list, for caseworkers (/caseworker/candidates, their wards) and coordinators
 * (/coordinator/candidates, every ward). Records open under the same area the list is in.
 */
export function CaseloadPage() {
  const isCaseworkerArea = !useLocation().pathname.startsWith('/coordinator')
  const base = isCaseworkerArea ? '/caseworker/candidates' : '/coordinator/candidates'
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { query, filtered, searchLost, wards, items, counts, nextCursor } = useLoaderData<typeof loadCaseloadPage>()
  const withParams = useSearchLink()
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const tabClass = (current: boolean) =>
    `rounded-full border px-3 py-1 text-sm no-underline hover:no-underline ${current ? 'border-brand-700 bg-brand-700 text-white' : 'border-stone-300 bg-white text-stone-800'}`
  const followUp = (item: CaseloadItem) =>
    item.nextFollowUpDue ? formatDate(`${item.nextFollowUpDue}T12:00:00+07:00`, locale) : t('caseload.noFollowUp')
  const needsText = (item: CaseloadItem) => item.needs.map((n) => t(`needs.${n}`)).join(', ')
  const nameCell = (item: CaseloadItem) =>
    item.status === 'draft' && isCaseworkerArea ? (
      <Link to={intakeLink(item)} className="font-semibold">
        {item.fullName}
      </Link>
    ) : (
      <Link to={`${base}/${item.id}`} className="font-semibold">
        {item.fullName}
      </Link>
    )
  return (
    <div>
      <PageHeader
        title={t('caseload.title')}
        description={t('caseload.intro')}
        actions={
          // Intake is done by the ward's caseworker; coordinators see and open records.
          isCaseworkerArea ? (
            <Link to="/caseworker/candidates/new" className={buttonClass('primary')}>
              {t('caseload.add')}
            </Link>
          ) : null
        }
      />
      <nav aria-label={t('caseload.byStatus')} className="mb-4 flex flex-wrap gap-2">
        <Link
          to={withParams({ status: null })}
          aria-current={!query.status ? 'page' : undefined}
          className={tabClass(!query.status)}
        >
          {t('caseload.allStatuses')} <span className="font-semibold">({total})</span>
        </Link>
        {CANDIDATE_STATUSES.map((s) => (
          <Link
            key={s}
            to={withParams({ status: s })}
            aria-current={query.status === s ? 'page' : undefined}
            className={tabClass(query.status === s)}
          >
            {t(`candidateStatus.${s}`)} <span className="font-semibold">({counts[s]})</span>
          </Link>
        ))}
      </nav>
      {searchLost ? (
        <p
          role="status"
          className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900"
        >
          {t('caseload.searchLost')}
        </p>
      ) : null}
      {/* Posted, not a GET form: a name or phone typed here must not become part of the page's address. */}
      <Form
        method="post"
        className="mb-4 grid gap-3 rounded-lg border border-stone-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_1fr_1fr_auto] lg:items-end"
      >
        {query.status ? <input type="hidden" name="status" value={query.status} /> : null}
        <label className="text-sm">
          <span className="block font-medium text-stone-800">{t('caseload.search')}</span>
          <input
            type="search"
            name="q"
            defaultValue={query.q ?? ''}
            placeholder={t('caseload.searchHint')}
            autoComplete="off"
            className="mt-1 w-full rounded-md border border-stone-400 px-3 py-2"
          />
        </label>
        <label className="text-sm">
          <span className="block font-medium text-stone-800">{t('caseload.needs')}</span>
          <select
            name="needs"
            defaultValue={query.needs ?? ''}
            className="mt-1 w-full rounded-md border border-stone-400 px-3 py-2"
          >
            <option value="">{t('caseload.allNeeds')}</option>
            {NEEDS.map((n) => (
              <option key={n} value={n}>
                {t(`needs.${n}`)}
              </option>
            ))}
          </select>
        </label>
        {wards.length > 1 ? (
          <label className="text-sm">
            <span className="block font-medium text-stone-800">{t('caseload.ward')}</span>
            <select
              name="wardCode"
              defaultValue={query.wardCode ?? ''}
              className="mt-1 w-full rounded-md border border-stone-400 px-3 py-2"
            >
              <option value="">{t('caseload.allWards')}</option>
              {wards.map((w) => (
                <option key={w.code} value={w.code}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="text-sm">
          <span className="block font-medium text-stone-800">{t('caseload.sort')}</span>
          <select
            name="sort"
            defaultValue={query.sort}
            className="mt-1 w-full rounded-md border border-stone-400 px-3 py-2"
          >
            <option value="recent">{t('caseload.sortRecent')}</option>
            <option value="name">{t('caseload.sortName')}</option>
          </select>
        </label>
        <div className="flex flex-wrap items-center gap-3 sm:col-span-2 lg:col-span-1">
          <label className="flex min-h-11 items-center gap-2 text-sm text-stone-800">
            <input
              type="checkbox"
              name="followUpsDue"
              value="1"
              defaultChecked={query.followUpsDue}
              className="size-5"
            />
            {t('caseload.followUpsDue')}
          </label>
          <button type="submit" className={buttonClass('secondary')}>
            {t('caseload.filter')}
          </button>
        </div>
      </Form>
      {filtered ? (
        <p className="-mt-2 mb-3 text-sm">
          <Link to={query.status ? `?status=${query.status}` : '?'}>{t('caseload.clear')}</Link>
        </p>
      ) : null}

      {items.length === 0 ? (
        filtered || query.status ? (
          <EmptyState title={t('caseload.noMatchTitle')}>{t('caseload.noMatchBody')}</EmptyState>
        ) : (
          <EmptyState title={t('caseload.emptyTitle')}>
            <p>{t('caseload.emptyBody')}</p>
            {isCaseworkerArea ? (
              <p className="mt-4">
                <Link to="/caseworker/candidates/new" className={buttonClass('primary')}>
                  {t('caseload.add')}
                </Link>
              </p>
            ) : null}
          </EmptyState>
        )
      ) : (
        <>
          {/* Phones: one card per person. */}
          <ul className="space-y-3 md:hidden" data-testid="caseload-cards">
            {items.map((item) => (
              <li key={item.id} className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs">
                <div className="flex items-start justify-between gap-2">
                  <div className="min-w-0">
                    {nameCell(item)}
                    <p className="text-sm text-stone-600">
                      <span className="font-mono">{item.publicCode}</span>
                      {item.age !== null ? ` · ${t('caseload.age', { age: item.age })}` : ''}
                    </p>
                  </div>
                  <CandidateStatusBadge status={item.status} />
                </div>
                <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                  <dt className="text-stone-600">{t('caseload.columns.ward')}</dt>
                  <dd>{item.wardName}</dd>
                  {item.needs.length > 0 ? (
                    <>
                      <dt className="text-stone-600">{t('caseload.columns.needs')}</dt>
                      <dd>{needsText(item)}</dd>
                    </>
                  ) : null}
                  <dt className="text-stone-600">{t('caseload.columns.nextFollowUp')}</dt>
                  <dd>{followUp(item)}</dd>
                </dl>
                {item.status === 'draft' && isCaseworkerArea ? (
                  <p className="mt-2 text-sm">
                    <Link to={intakeLink(item)}>{t('caseload.continueIntake', { step: item.intakeStep })}</Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
          {/* Wide screens: a table. */}
          <div className="hidden overflow-x-auto rounded-lg border border-stone-200 bg-white md:block">
            <table className="w-full text-left text-sm" data-testid="caseload-table">
              <thead className="border-b border-stone-200 bg-stone-50 text-stone-700">
                <tr>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.person')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.age')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.ward')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.status')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.needs')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.nextFollowUp')}
                  </th>
                  <th scope="col" className="px-4 py-2 font-semibold">
                    {t('caseload.columns.caseworker')}
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-200">
                {items.map((item) => (
                  <tr key={item.id}>
                    <td className="px-4 py-2">
                      {nameCell(item)}
                      <div className="font-mono text-xs text-stone-600">{item.publicCode}</div>
                    </td>
                    <td className="px-4 py-2">{item.age ?? '—'}</td>
                    <td className="px-4 py-2">{item.wardName}</td>
                    <td className="px-4 py-2">
                      <CandidateStatusBadge status={item.status} />
                      {item.status === 'draft' && isCaseworkerArea ? (
                        <div className="mt-1 text-xs">
                          <Link to={intakeLink(item)}>{t('caseload.continueIntake', { step: item.intakeStep })}</Link>
                        </div>
                      ) : null}
                    </td>
                    <td className="px-4 py-2">{needsText(item)}</td>
                    <td className="px-4 py-2">{followUp(item)}</td>
                    <td className="px-4 py-2">{item.caseworkerName ?? t('caseload.unassigned')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {nextCursor ? (
        <p className="mt-4">
          <Link to={withParams({ cursor: nextCursor })} className={buttonClass('secondary')}>
            {t('caseload.more')}
          </Link>
        </p>
      ) : null}
    </div>
  )
}
