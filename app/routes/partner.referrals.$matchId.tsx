import { data, Link, useLoaderData } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { MatchReportList, PartnerReportForm } from '#app/components/match-reports.tsx'
import { AnonymousCardFacts, MatchActions, MatchStatusBadge, MatchTimeline } from '#app/components/matching.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { formatDate, formatDateTime, formatVnd } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { matchFormAction } from '#app/pages/match.server.ts'
import { getReferralForPartner } from '#app/modules/matching/match-views.server.ts'
import { REPORT_KIND_FOR, REPORT_STATUSES } from '#app/modules/matching/partner-reports.server.ts'
import { partnerReportFormAction, REPORT_INTENT } from '#app/pages/partner-report-form.server.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { notFoundAs404 } from '#app/utils/errors.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/partner.referrals.$matchId'

// One referral for the partner: the person as far as their consent allows (name and phone only once the
// caseworker has approved, and only while the consent holds), the caseworker to contact, the answer
// (accept with the next step, or decline with a reason) and then the outcome (started, completed, ended) —
// with, while it runs, the partner's reports on attendance, retention or repayment.

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'inbox.referralTitle')

export async function loader({ request, params }: Route.LoaderArgs) {
  const { actor } = await requireAreaPermission(request, 'partner', 'referral:respond')
  const view = await notFoundAs404(getReferralForPartner({ actor, matchId: params.matchId }))
  const reportKind = REPORT_KIND_FOR[view.match.listing.kind]
  const reportForm = { kind: reportKind, statuses: REPORT_STATUSES[reportKind] }
  return data({ ...view, reportForm }, { headers: { 'Cache-Control': 'no-store' } })
}

export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requireAreaPermission(request, 'partner', 'referral:respond')
  const matchId = params.matchId
  const formData = await readForm(request)
  const backTo = `/partner/referrals/${matchId}`
  if (formData.get('intent') === REPORT_INTENT) return partnerReportFormAction({ actor, matchId, formData, backTo })
  return matchFormAction({ actor, matchId, formData, backTo })
}

export default function PartnerReferral() {
  const { t, i18n } = useTranslation()
  const locale = useLocale()
  const lang = i18n.language === 'en' ? 'en' : 'vi'
  const { match, publicCode, card, profile, reports, reportForm } = useLoaderData<typeof loader>()
  const kind = match.listing.kind
  const row = (label: string, value: React.ReactNode) => (
    <>
      <dt className="font-medium text-stone-700">{label}</dt>
      <dd className="break-words">{value}</dd>
    </>
  )
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link to="/partner/referrals">← {t('inbox.back')}</Link>
      </p>
      <PageHeader
        title={t('inbox.referralHeading', { code: publicCode, title: match.listing.title })}
        description={t(`matching.origin.${match.origin}`)}
        actions={<MatchStatusBadge status={match.status} />}
      />
      <div className="grid gap-6 md:grid-cols-2">
        <Card title={profile ? t('inbox.profileTitle') : t('inbox.cardTitle')}>
          {profile ? (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2" data-testid="shared-profile">
              {row(t('inbox.name'), <span data-testid="shared-name">{profile.fullName}</span>)}
              {row(t('inbox.phone'), profile.phone ?? t('talent.unknown'))}
              {row(t('talent.age'), profile.age ?? t('talent.unknown'))}
              {row(t('inbox.ward'), profile.wardName)}
              {row(t('talent.wants'), profile.needs.map((n) => t(`matching.kind.${n}`)).join(', '))}
              {row(t('talent.skills'), profile.skills.map((s) => s.name[lang]).join(', ') || t('talent.unknown'))}
              {row(t('talent.availability'), profile.availability || t('talent.unknown'))}
              {profile.caseworker
                ? row(
                    t('inbox.caseworker'),
                    <>
                      {profile.caseworker.name}
                      <a className="block text-sm" href={`mailto:${profile.caseworker.email}`}>
                        {profile.caseworker.email}
                      </a>
                    </>,
                  )
                : null}
            </dl>
          ) : card ? (
            <>
              <p className="mb-3 rounded-md border border-stone-300 bg-stone-50 p-3 text-sm text-stone-800" role="note">
                {t(match.status === 'interest' ? 'inbox.waitingForCaseworker' : 'inbox.notShared')}
              </p>
              <div data-testid="anonymous-card">
                <p className="mb-2">
                  {t('talent.code')}: <span className="font-mono">{card.publicCode}</span>
                </p>
                <AnonymousCardFacts card={card} className="gap-x-4 gap-y-2" />
              </div>
            </>
          ) : null}
          <p className="mt-4 text-sm text-stone-600">{t('inbox.confidential')}</p>
        </Card>
        <Card title={t('matching.whatNext')}>
          <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
            {row(
              t('matching.listing'),
              <Link to={`/partner/listings/${match.listing.id}`}>{match.listing.title}</Link>,
            )}
            {match.nextStepAt
              ? row(
                  t(`matching.nextStep.${kind}`),
                  `${formatDateTime(match.nextStepAt, locale)}${match.nextStepNote ? ` — ${match.nextStepNote}` : ''}`,
                )
              : null}
            {match.startedOn
              ? row(t('matching.startedOn'), formatDate(`${match.startedOn}T00:00:00+07:00`, locale))
              : null}
            {match.amountVnd !== null ? row(t('matching.amountDisbursed'), formatVnd(match.amountVnd, locale)) : null}
          </dl>
          {match.message ? (
            <blockquote className="mb-4 border-l-4 border-stone-300 pl-3 text-stone-800">
              <p className="text-sm font-medium text-stone-600">{t(`matching.messageFrom.${match.origin}`)}</p>
              <p className="whitespace-pre-line">{match.message}</p>
            </blockquote>
          ) : null}
          <MatchActions matchId={match.id} version={match.version} actions={match.actions} kind={kind} side="partner" />
        </Card>
      </div>
      {match.status === 'started' ? (
        <Card title={t('partnerReports.title')}>
          <PartnerReportForm
            version={match.version}
            kind={reportForm.kind}
            statuses={reportForm.statuses}
            latestReportId={reports[0]?.id ?? null}
          />
        </Card>
      ) : null}
      {match.status === 'started' || reports.length > 0 ? (
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
