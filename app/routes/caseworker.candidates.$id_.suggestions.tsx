import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { z } from '#app/utils/zod.ts'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MatchStatusBadge } from '#app/components/matching.tsx'
import { KIND_STYLE } from '#app/components/opportunity-search-card.tsx'
import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { TextareaField } from '#app/components/ui/field.tsx'
import { formatDate, formatNumber } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { matchErrorReply, type MatchFormError } from '#app/pages/match.server.ts'
import { MATCH_LIMITS } from '#app/modules/matching/lifecycle.ts'
import { referCandidate } from '#app/modules/matching/matches.server.ts'
import type { Ranking } from '#app/modules/matching/ranking.ts'
import { suggestOpportunities, type Suggestion } from '#app/modules/matching/suggestions.server.ts'
import { getSkillNames } from '#app/modules/skills/skills.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { useSearchLink } from '#app/utils/search-link.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/caseworker.candidates.$id_.suggestions'

// Suggestions for one person: open listings ranked for them (app/modules/matching/ranking.ts), each with
// the reasons in plain words, and a referral from the same card. "Why not the others?" lists the relevant
// listings a hard rule keeps out, with the rule.

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'matching.suggestionsTitle')

const KINDS = ['job', 'course', 'loan'] as const
const KindParam = z.enum(KINDS).nullable().catch(null)

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'match:manage')
  const url = new URL(request.url)
  const kind = KindParam.parse(url.searchParams.get('kind'))
  const showExcluded = url.searchParams.get('why') === '1'
  let result
  try {
    result = await suggestOpportunities({
      actor,
      candidateId: params.id,
      kind,
      withExcluded: showExcluded,
      limit: 30,
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
    throw error
  }
  const codes = new Set<string>()
  for (const s of [...result.suggestions, ...result.excluded]) {
    for (const code of [...s.ranking.skillsMatched, ...s.ranking.skillsMissing]) codes.add(code)
  }
  return data(
    { ...result, kind, showExcluded, skillNames: await getSkillNames([...codes]) },
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

const ReferSchema = z.object({
  opportunityId: z.string().max(64),
  message: z
    .string()
    .max(MATCH_LIMITS.messageMax * 4)
    .optional(),
})

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'match:manage')
  const parsed = ReferSchema.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) {
    return data(
      { error: { key: 'errors.invalid_input', field: null, values: {} } satisfies MatchFormError, opportunityId: null },
      { status: 400 },
    )
  }
  try {
    const { matchId } = await referCandidate({
      actor,
      candidateId: params.id,
      opportunityId: parsed.data.opportunityId,
      message: parsed.data.message,
    })
    return redirectWithToast(`/caseworker/matches/${matchId}`, { type: 'success', key: 'matching.toast.refer' })
  } catch (error) {
    const reply = matchErrorReply(error)
    return data({ ...reply.data, opportunityId: parsed.data.opportunityId }, reply.init ?? undefined)
  }
}

function Explanation({ ranking, kind }: { ranking: Ranking; kind: Suggestion['kind'] }) {
  const { t, i18n } = useTranslation()
  const { skillNames } = useLoaderData<typeof loader>()
  const lang = i18n.language === 'en' ? 'en' : 'vi'
  const names = (codes: string[]) => codes.map((c) => skillNames[c]?.[lang] ?? c).join(', ')
  return (
    <ul className="mt-2 space-y-1 text-sm" data-testid="explanation">
      <li className={ranking.needFit ? 'text-emerald-900' : 'text-stone-700'}>
        <span aria-hidden="true">{ranking.needFit ? '✓ ' : '· '}</span>
        {ranking.needFit
          ? t('matching.why.needFit', { kind: t(`matching.kind.${kind}`) })
          : t('matching.why.notNeeded', { kind: t(`matching.kind.${kind}`) })}
      </li>
      {ranking.skillsMatched.length === 0 && ranking.skillsMissing.length === 0 ? (
        <li className="text-stone-700">· {t('matching.why.noSkillsRequired')}</li>
      ) : null}
      {ranking.skillsMatched.length > 0 ? (
        <li className="text-emerald-900">
          <span aria-hidden="true">✓ </span>
          {t('matching.why.skillsMatched', { skills: names(ranking.skillsMatched) })}
        </li>
      ) : null}
      {ranking.skillsMissing.length > 0 ? (
        <li className="text-amber-900">
          <span aria-hidden="true">△ </span>
          {t('matching.why.skillsMissing', { skills: names(ranking.skillsMissing) })}
        </li>
      ) : null}
      <li className={ranking.place === 'farther' ? 'text-stone-700' : 'text-emerald-900'}>
        <span aria-hidden="true">{ranking.place === 'farther' ? '· ' : '✓ '}</span>
        {t(`matching.why.place.${ranking.place}`)}
      </li>
      {ranking.pathway ? (
        <li className="text-indigo-900">
          <span aria-hidden="true">→ </span>
          {t(`matching.why.pathway.${ranking.pathway}`)}
        </li>
      ) : null}
      {ranking.failures.map((f) => (
        <li key={f} className="font-medium text-red-800">
          <span aria-hidden="true">✕ </span>
          {t(`matching.why.failure.${f}`)}
        </li>
      ))}
    </ul>
  )
}

function SuggestionCard({ s, excluded = false }: { s: Suggestion; excluded?: boolean }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const actionData = useActionData<typeof action>()
  const { candidate } = useLoaderData<typeof loader>()
  const error =
    actionData && 'error' in actionData && actionData.opportunityId === s.opportunityId ? actionData.error : null
  const inPlay = s.match && ['interest', 'approved', 'accepted', 'started'].includes(s.match.status)
  return (
    <li
      className="rounded-lg border border-stone-200 bg-white p-4 shadow-xs"
      data-testid="suggestion"
      data-opportunity-id={s.opportunityId}
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <span className={`mr-2 inline-block rounded-full px-2 py-0.5 text-xs font-semibold ${KIND_STYLE[s.kind]}`}>
            {t(`matching.kind.${s.kind}`)}
          </span>
          <Link to={`/caseworker/opportunities/${s.opportunityId}`} className="font-semibold">
            {s.title}
          </Link>
          <p className="text-sm text-stone-700">
            {s.organisationName} · {s.wardName}
          </p>
          <p className="text-sm text-stone-700">
            {t('matching.seatsLeft', { count: s.seatsLeft, n: formatNumber(s.seatsLeft, locale) })}
            {s.deadline
              ? ` · ${t('matching.deadline', { date: formatDate(`${s.deadline}T00:00:00+07:00`, locale) })}`
              : ''}
          </p>
        </div>
        {excluded ? null : (
          <p className="text-right text-sm text-stone-700">
            <span className="block text-2xl font-bold text-stone-900" aria-hidden="true">
              {s.ranking.score}
            </span>
            <span className="sr-only">{t('matching.scoreLabel', { score: s.ranking.score })}</span>
            <span aria-hidden="true">{t('matching.scoreShort')}</span>
          </p>
        )}
      </div>
      <Explanation ranking={s.ranking} kind={s.kind} />
      {s.match ? (
        <p className="mt-3 flex flex-wrap items-center gap-2 text-sm">
          <MatchStatusBadge status={s.match.status} />
          <Link to={`/caseworker/matches/${s.match.id}`}>{t('matching.openMatch')}</Link>
        </p>
      ) : null}
      {!excluded && !inPlay && s.consentMissing ? (
        <p role="note" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          {t('matching.consentMissingShort', { purpose: t(`consentPurpose.${s.consentMissing}`) })}{' '}
          <Link to={`/caseworker/candidates/${candidate.id}#consent`} className="font-semibold">
            {t('matching.recordConsent')}
          </Link>
        </p>
      ) : null}
      {!excluded && !inPlay && !s.consentMissing ? (
        <details className="mt-3" open={error !== null || undefined}>
          <summary className="cursor-pointer font-semibold text-brand-800">{t('matching.referThis')}</summary>
          <Form method="post" className="mt-3 space-y-3">
            <input type="hidden" name="opportunityId" value={s.opportunityId} />
            <TextareaField
              label={t('matching.referMessage')}
              hint={t('matching.referMessageHint')}
              textareaProps={{ name: 'message', rows: 3, maxLength: MATCH_LIMITS.messageMax }}
            />
            {error ? (
              <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
                <p>
                  {t(error.key, {
                    ...error.values,
                    purpose: error.values.purpose ? t(`consentPurpose.${error.values.purpose}`) : '',
                  })}
                </p>
                {error.key === 'matching.errors.consentMissing' ? (
                  <Link to={`/caseworker/candidates/${candidate.id}#consent`} className="font-semibold">
                    {t('matching.recordConsent')}
                  </Link>
                ) : null}
                {error.key === 'matching.errors.ineligible' && error.values.failures ? (
                  <ul className="list-disc pl-5">
                    {error.values.failures.split(',').map((f) => (
                      <li key={f}>{t(`matching.why.failure.${f}`)}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            <Button
              type="submit"
              pending={navigation.state !== 'idle' && navigation.formData?.get('opportunityId') === s.opportunityId}
            >
              {t('matching.referSubmit')}
            </Button>
          </Form>
        </details>
      ) : null}
    </li>
  )
}

export default function Suggestions() {
  const { t } = useTranslation()
  const { candidate, suggestions, excluded, kind, showExcluded } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const link = useSearchLink()
  // A refusal for a listing no longer on the page (closed or filled meanwhile) is said at the top.
  const orphanError =
    actionData && 'error' in actionData && !suggestions.some((s) => s.opportunityId === actionData.opportunityId)
      ? actionData.error
      : null
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to={`/caseworker/candidates/${candidate.id}`}>← {t('matching.backToRecord')}</Link>
      </p>
      <PageHeader
        title={t('matching.suggestionsHeading', { name: candidate.fullName })}
        description={t('matching.suggestionsIntro', {
          needs: candidate.needs.map((n) => t(`matching.kind.${n}`)).join(', ') || t('matching.noNeeds'),
        })}
      />
      {orphanError ? (
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {t(orphanError.key, { ...orphanError.values, purpose: '' })}
        </p>
      ) : null}
      <nav aria-label={t('matching.kindFilter')} className="flex flex-wrap gap-2">
        {[null, ...KINDS].map((k) => (
          <Link
            key={k ?? 'all'}
            to={link({ kind: k })}
            aria-current={kind === k ? 'page' : undefined}
            className="rounded-full border border-stone-300 bg-white px-3 py-1 text-sm font-medium no-underline aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white"
          >
            {k ? t(`matching.kind.${k}`) : t('matching.allKinds')}
          </Link>
        ))}
      </nav>
      {candidate.status !== 'active' ? (
        <p role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          {t('matching.notActiveNotice')}
        </p>
      ) : null}
      {suggestions.length === 0 ? (
        <EmptyState title={t('matching.noSuggestions')}>{t('matching.noSuggestionsHint')}</EmptyState>
      ) : (
        <ol className="space-y-4" data-testid="suggestions">
          {suggestions.map((s) => (
            <SuggestionCard key={s.opportunityId} s={s} />
          ))}
        </ol>
      )}
      <Card title={t('matching.excludedTitle')}>
        {showExcluded ? (
          excluded.length === 0 ? (
            <p className="text-stone-700">{t('matching.noneExcluded')}</p>
          ) : (
            <ol className="space-y-3" data-testid="excluded">
              {excluded.map((s) => (
                <SuggestionCard key={s.opportunityId} s={s} excluded />
              ))}
            </ol>
          )
        ) : (
          <p>
            <Link to={link({ why: '1' })}>{t('matching.showExcluded')}</Link>
          </p>
        )}
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
