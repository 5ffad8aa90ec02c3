import { data, Link, useLoaderData } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MatchReportList } from '#app/components/match-reports.tsx'
import { MatchActions, MatchStatusBadge, MatchTimeline } from '#app/components/matching.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate, formatDateTime, formatVnd } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { matchFormAction } from '#app/pages/match.server.ts'
import { getMatchForStaff } from '#app/modules/matching/match-views.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { notFoundAs404 } from '#app/utils/errors.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/caseworker.matches.$id'

// One match as the person's caseworker sees it: who, which listing, what the partner said, the whole
// history, and what the caseworker may do now (approve or reject an interest, withdraw, close it).

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'matching.matchTitle')

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'match:manage')
  const view = await notFoundAs404(getMatchForStaff({ actor, matchId: params.id }))
  return data({ ...view }, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'caseworker', 'match:manage')
  const matchId = params.id
  return matchFormAction({
    actor,
    matchId,
    formData: await readForm(request),
    backTo: `/caseworker/matches/${matchId}`,
  })
}

export default function CaseworkerMatch() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { match, candidate, consentNeeded, consentInForce, reports } = useLoaderData<typeof loader>()
  const kind = match.listing.kind
  return (
    <div className="space-y-6">
      <PageHeader
        title={t('matching.matchHeading', { code: candidate.publicCode, title: match.listing.title })}
        description={t(`matching.origin.${match.origin}`)}
        actions={<MatchStatusBadge status={match.status} />}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={t('matching.whoAndWhat')}>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
            <dt className="font-medium text-stone-700">{t('matching.person')}</dt>
            <dd>
              <Link to={`/caseworker/candidates/${candidate.id}`}>{candidate.fullName}</Link>{' '}
              <span className="text-sm text-stone-600">({candidate.publicCode})</span>
            </dd>
            <dt className="font-medium text-stone-700">{t('matching.listing')}</dt>
            <dd>
              <Link to={`/caseworker/opportunities/${match.listing.id}`}>{match.listing.title}</Link>
              <span className="block text-sm text-stone-600">
                {match.listing.organisationName} · {match.listing.wardName}
              </span>
            </dd>
            {match.nextStepAt ? (
              <>
                <dt className="font-medium text-stone-700">{t(`matching.nextStep.${kind}`)}</dt>
                <dd>
                  {formatDateTime(match.nextStepAt, locale)}
                  {match.nextStepNote ? <span className="block text-sm">{match.nextStepNote}</span> : null}
                </dd>
              </>
            ) : null}
            {match.startedOn ? (
              <>
                <dt className="font-medium text-stone-700">{t('matching.startedOn')}</dt>
                <dd>{formatDate(`${match.startedOn}T00:00:00+07:00`, locale)}</dd>
              </>
            ) : null}
            {match.amountVnd !== null ? (
              <>
                <dt className="font-medium text-stone-700">{t('matching.amountDisbursed')}</dt>
                <dd>{formatVnd(match.amountVnd, locale)}</dd>
              </>
            ) : null}
          </dl>
          {match.message ? (
            <blockquote className="mt-4 border-l-4 border-stone-300 pl-3 text-stone-800">
              <p className="text-sm font-medium text-stone-600">{t(`matching.messageFrom.${match.origin}`)}</p>
              <p className="whitespace-pre-line">{match.message}</p>
            </blockquote>
          ) : null}
        </Card>
        <Card title={t('matching.whatNext')}>
          {match.status === 'interest' && !consentInForce ? (
            <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950" role="note">
              {t('matching.consentNeededBeforeApproval', { purpose: t(`consentPurpose.${consentNeeded}`) })}{' '}
              <Link to={`/caseworker/candidates/${candidate.id}#consent`}>{t('matching.recordConsent')}</Link>
            </p>
          ) : null}
          <MatchActions
            matchId={match.id}
            version={match.version}
            actions={match.actions}
            kind={kind}
            side="caseworker"
          />
        </Card>
      </div>
      {reports.length > 0 || match.status === 'started' ? (
        <Card title={t('partnerReports.listTitle')}>
          <MatchReportList reports={reports} />
        </Card>
      ) : null}
      <Card title={t('matching.timeline')}>
        <MatchTimeline events={match.timeline} kind={kind} />
      </Card>
    </div>
  )
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
