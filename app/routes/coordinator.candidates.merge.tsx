import { Form, Link, redirect, useLoaderData, useNavigation } from 'react-router'
import type { ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { CandidateStatusBadge } from '#app/components/candidate-status.tsx'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { findLikelyDuplicates } from '#app/modules/candidates/candidates.server.ts'
import {
  findCandidateForMerge,
  getMergeComparison,
  listRecentMerges,
  mergeCandidates,
  undoMerge,
  type MergeSide,
} from '#app/modules/candidates/merge.server.ts'
import { formatDate, formatDateTime } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { formatVietnamesePhone } from '#app/modules/partners/contact.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { isUuid } from '#app/utils/ids.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/coordinator.candidates.merge'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'merge.title')

const PATH = '/coordinator/candidates/merge'

export async function loader({ request }: Route.LoaderArgs) {
  const { actor } = await requirePermission(request, 'candidate:merge')
  const url = new URL(request.url)
  const refA = url.searchParams.get('a')?.trim() ?? ''
  const refB = url.searchParams.get('b')?.trim() ?? ''
  const [aId, bId] = await Promise.all([
    refA ? findCandidateForMerge({ actor, ref: refA }) : null,
    refB ? findCandidateForMerge({ actor, ref: refB }) : null,
  ])
  const problem: string | null =
    (refA && !aId) || (refB && !bId) ? 'merge.notFound' : aId && bId && aId === bId ? 'merge.sameRecord' : null
  let comparison: [MergeSide, MergeSide] | null = null
  if (aId && bId && !problem) comparison = await getMergeComparison({ actor, aId, bId })
  const likely =
    aId && !bId && !problem
      ? (await findLikelyDuplicates({ actor, candidateId: aId })).map(
          ({ id, publicCode, fullName, wardName, reasons }) => ({
            id,
            publicCode,
            fullName,
            wardName,
            reasons,
          }),
        )
      : null
  const recent = await listRecentMerges({ actor })
  return {
    refA,
    refB,
    aId,
    problem,
    comparison,
    likely,
    recent: recent.map((m) => ({
      ...m,
      createdAt: m.createdAt.toISOString(),
      undoneAt: m.undoneAt?.toISOString() ?? null,
    })),
  }
}

export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'candidate:merge')
  const form = await readForm(request)
  const intent = form.get('intent')
  try {
    if (intent === 'merge') {
      const survivorId = String(form.get('survivorId') ?? '')
      const mergedId = String(form.get('mergedId') ?? '')
      if (!isUuid(survivorId) || !isUuid(mergedId)) throw new Response('Bad request', { status: 400 })
      await mergeCandidates({ actor, survivorId, mergedId })
      return redirectWithToast(PATH, { type: 'success', key: 'merge.done' })
    }
    if (intent === 'undo') {
      const mergeId = String(form.get('mergeId') ?? '')
      await undoMerge({ actor, mergeId })
      return redirectWithToast(PATH, { type: 'success', key: 'merge.undone' })
    }
  } catch (error) {
    if (!isAppError(error)) throw error
    return redirectWithToast(`${PATH}${new URL(request.url).search}`, { type: 'error', key: `errors.${error.code}` })
  }
  throw redirect(PATH)
}

function Row({ label, a, b }: { label: ReactNode; a: ReactNode; b: ReactNode }) {
  return (
    <tr>
      <th scope="row" className="px-3 py-2 text-left align-top font-medium text-stone-700">
        {label}
      </th>
      <td className="px-3 py-2 align-top">{a}</td>
      <td className="px-3 py-2 align-top">{b}</td>
    </tr>
  )
}

export default function MergeCandidates() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { refA, refB, aId, problem, comparison, likely, recent } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  const pending = navigation.state === 'submitting'
  const empty = t('merge.empty')
  const text = (v: string | null | undefined) => (v ? v : empty)
  const date = (v: string | null) => (v ? formatDate(`${v}T12:00:00+07:00`, locale) : empty)

  return (
    <div>
      <PageHeader title={t('merge.title')} description={t('merge.intro')} />
      <Card title={t('merge.pickTitle')} className="mb-6">
        <p className="mb-3 text-sm text-stone-700">{t('merge.pickIntro')}</p>
        <Form method="get" className="flex flex-wrap items-end gap-3">
          <label className="text-sm">
            <span className="block font-medium text-stone-800">{t('merge.codeA')}</span>
            <input
              name="a"
              defaultValue={refA}
              className="mt-1 rounded-md border border-stone-400 px-3 py-2 font-mono"
            />
          </label>
          <label className="text-sm">
            <span className="block font-medium text-stone-800">{t('merge.codeB')}</span>
            <input
              name="b"
              defaultValue={refB}
              className="mt-1 rounded-md border border-stone-400 px-3 py-2 font-mono"
            />
          </label>
          <button type="submit" className={buttonClass('secondary')}>
            {t('merge.compare')}
          </button>
        </Form>
        {problem ? (
          <p role="alert" className="mt-3 text-sm text-red-700">
            {t(problem)}
          </p>
        ) : null}
      </Card>

      {likely && aId ? (
        <Card title={t('merge.likelyTitle', { code: refA.toUpperCase() })} className="mb-6">
          {likely.length === 0 ? (
            <p className="text-sm text-stone-700">{t('merge.likelyEmpty')}</p>
          ) : (
            <ul className="space-y-2 text-sm">
              {likely.map((d) => (
                <li key={d.id}>
                  <span className="font-semibold">{d.fullName}</span> <span className="font-mono">{d.publicCode}</span>
                  {d.wardName ? ` · ${d.wardName}` : ''} —{' '}
                  {d.reasons.map((r) => t(`duplicates.reasons.${r}`)).join(', ')}{' '}
                  <Link to={`${PATH}?a=${aId}&b=${d.id}`}>{t('duplicates.compare')}</Link>
                </li>
              ))}
            </ul>
          )}
        </Card>
      ) : null}

      {comparison ? (
        <Card className="mb-6">
          <div className="overflow-x-auto">
            <table className="w-full min-w-[32rem] text-sm" data-testid="merge-comparison">
              <thead className="border-b border-stone-200 text-left">
                <tr>
                  <th className="px-3 py-2" />
                  <th scope="col" className="px-3 py-2">
                    {t('merge.recordA')} <span className="font-mono">{comparison[0].publicCode}</span>
                  </th>
                  <th scope="col" className="px-3 py-2">
                    {t('merge.recordB')} <span className="font-mono">{comparison[1].publicCode}</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-stone-100">
                <Row
                  label={t('candidateFields.status')}
                  a={<CandidateStatusBadge status={comparison[0].status} />}
                  b={<CandidateStatusBadge status={comparison[1].status} />}
                />
                <Row label={t('candidateFields.fullName')} a={comparison[0].fullName} b={comparison[1].fullName} />
                <Row
                  label={t('candidateFields.dateOfBirth')}
                  a={date(comparison[0].dateOfBirth)}
                  b={date(comparison[1].dateOfBirth)}
                />
                <Row
                  label={t('candidateFields.gender')}
                  a={t(`gender.${comparison[0].gender}`)}
                  b={t(`gender.${comparison[1].gender}`)}
                />
                <Row
                  label={t('candidateFields.phone')}
                  a={comparison[0].phone ? formatVietnamesePhone(comparison[0].phone) : empty}
                  b={comparison[1].phone ? formatVietnamesePhone(comparison[1].phone) : empty}
                />
                <Row
                  label={t('candidateFields.ward')}
                  a={text(comparison[0].wardName)}
                  b={text(comparison[1].wardName)}
                />
                <Row
                  label={t('candidateFields.caseworker')}
                  a={text(comparison[0].caseworkerName)}
                  b={text(comparison[1].caseworkerName)}
                />
                <Row
                  label={t('candidateFields.background')}
                  a={comparison[0].background ? t(`background.${comparison[0].background}`) : empty}
                  b={comparison[1].background ? t(`background.${comparison[1].background}`) : empty}
                />
                <Row
                  label={t('candidateFields.education')}
                  a={comparison[0].education ? t(`education.${comparison[0].education}`) : empty}
                  b={comparison[1].education ? t(`education.${comparison[1].education}`) : empty}
                />
                <Row
                  label={t('candidateFields.needs')}
                  a={comparison[0].needs.map((n) => t(`needs.${n}`)).join(', ') || empty}
                  b={comparison[1].needs.map((n) => t(`needs.${n}`)).join(', ') || empty}
                />
                <Row
                  label={t('candidateFields.skills')}
                  a={String(comparison[0].skills.length)}
                  b={String(comparison[1].skills.length)}
                />
                <Row
                  label={t('candidateFields.createdAt')}
                  a={formatDate(comparison[0].createdAt, locale)}
                  b={formatDate(comparison[1].createdAt, locale)}
                />
                <tr>
                  <th colSpan={3} scope="rowgroup" className="bg-stone-50 px-3 py-2 text-left font-semibold">
                    {t('merge.sensitiveTitle')}
                  </th>
                </tr>
                {(['drugUseHistory', 'criminalRecord', 'facility', 'healthNotes', 'nationalId'] as const).map((f) => (
                  <Row
                    key={f}
                    label={t(`candidateFields.${f}`)}
                    a={comparison[0].sensitivePresent[f] ? t('merge.present') : t('merge.absent')}
                    b={comparison[1].sensitivePresent[f] ? t('merge.present') : t('merge.absent')}
                  />
                ))}
                <tr>
                  <th colSpan={3} scope="rowgroup" className="bg-stone-50 px-3 py-2 text-left font-semibold">
                    {t('merge.childrenTitle')}
                  </th>
                </tr>
                {(['consents', 'caseNotes', 'followUps', 'transfers'] as const).map((c) => (
                  <Row
                    key={c}
                    label={t(`merge.children.${c}`)}
                    a={String(comparison[0].children[c])}
                    b={String(comparison[1].children[c])}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {comparison[0].mergedIntoId || comparison[1].mergedIntoId ? (
            <p role="alert" className="mt-4 text-sm text-red-700">
              {t('merge.alreadyMerged')}
            </p>
          ) : (
            <div className="mt-4 flex flex-wrap gap-3">
              {[
                { survivor: comparison[0], merged: comparison[1], label: t('merge.keepA') },
                { survivor: comparison[1], merged: comparison[0], label: t('merge.keepB') },
              ].map(({ survivor, merged, label }) => (
                <Form
                  key={survivor.id}
                  method="post"
                  onSubmit={(e) => {
                    if (!window.confirm(t('merge.confirm'))) e.preventDefault()
                  }}
                >
                  <input type="hidden" name="intent" value="merge" />
                  <input type="hidden" name="survivorId" value={survivor.id} />
                  <input type="hidden" name="mergedId" value={merged.id} />
                  <Button type="submit" variant="secondary" pending={pending}>
                    {label}
                  </Button>
                </Form>
              ))}
            </div>
          )}
        </Card>
      ) : null}

      <Card title={t('merge.recentTitle')}>
        {recent.length === 0 ? (
          <p className="text-sm text-stone-700">{t('merge.recentEmpty')}</p>
        ) : (
          <ul className="divide-y divide-stone-200" data-testid="recent-merges">
            {recent.map((m) => (
              <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                <span>
                  <span className="font-mono">
                    {t('merge.recentRow', { merged: m.mergedCode, survivor: m.survivorCode })}
                  </span>
                  <span className="text-stone-600">
                    {' '}
                    · {formatDateTime(m.createdAt, locale)}
                    {m.byName ? ` · ${t('merge.by', { name: m.byName })}` : ''}
                  </span>
                </span>
                {m.undoneAt ? (
                  <span className="text-stone-600">
                    {t('merge.undoneAt', { date: formatDateTime(m.undoneAt, locale) })}
                  </span>
                ) : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="undo" />
                    <input type="hidden" name="mergeId" value={m.id} />
                    <Button type="submit" variant="ghost" pending={pending}>
                      {t('merge.undo')}
                    </Button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  )
}
