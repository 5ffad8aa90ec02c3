import { Form, Link, useLoaderData, useNavigation } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'

import { Button } from '#app/components/ui/button.tsx'
import { Card, EmptyState, PageHeader } from '#app/components/ui/card.tsx'
import { acknowledgeTransfer, listIncomingTransfers } from '#app/modules/candidates/transfer.server.ts'
import {
  addDays,
  DUE_MAX,
  DUE_PAGE,
  DUE_SOON_DAYS,
  dueShown,
  listDueFollowUps,
  todayInHanoi,
} from '#app/modules/candidates/follow-ups.server.ts'
import { formatDate, formatDateTime } from '#app/modules/i18n/format.ts'
import { pageTitle } from '#app/utils/meta.ts'
import { STALE_AFTER_DAYS } from '#app/modules/matching/lifecycle.ts'
import { matchesNeedingAction } from '#app/modules/matching/match-views.server.ts'
import { getWardNames } from '#app/modules/wards/wards.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/caseworker._index'

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'nav.caseworkerHome')

export async function loader({ request }: Route.LoaderArgs) {
  const { actor, auth } = await requirePermission(request, 'caseworker:access')
  const today = todayInHanoi()
  const shown = dueShown(new URL(request.url).searchParams.get('shown'))
  const [names, dueAndNext, incoming, needing] = await Promise.all([
    getWardNames(auth.wardCodes),
    // The caseworker's own follow-ups: names and codes of their own caseload, never sensitive fields.
    // A page more than shown, to say how many "show more" would add.
    listDueFollowUps({ actor, until: addDays(today, DUE_SOON_DAYS - 1), limit: Math.min(shown + DUE_PAGE, DUE_MAX) }),
    listIncomingTransfers({ actor }),
    // Partners' interests to decide on, and referrals partners have left unanswered for a week.
    matchesNeedingAction({ actor }),
  ])
  return {
    name: auth.user.name,
    today,
    wards: auth.wardCodes.map((code) => ({ code, name: names.get(code) ?? code })),
    due: dueAndNext.slice(0, shown),
    dueMore: Math.max(0, dueAndNext.length - shown),
    dueStep: DUE_PAGE,
    shown,
    needing,
    incoming: incoming.map((i) => ({ ...i, createdAt: i.createdAt.toISOString(), dueAt: i.dueAt.toISOString() })),
  }
}

/** Taking over a case transferred into one of the caseworker's wards. */
export async function action({ request }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'caseworker:access')
  const transferId = String((await readForm(request)).get('transferId') ?? '')
  try {
    await acknowledgeTransfer({ actor, transferId })
  } catch (error) {
    if (isAppError(error)) return redirectWithToast('/caseworker', { type: 'error', key: `errors.${error.code}` })
    throw error
  }
  return redirectWithToast('/caseworker', { type: 'success', key: 'caseworkerHome.transferTaken' })
}

function IncomingTransfers() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { incoming } = useLoaderData<typeof loader>()
  const navigation = useNavigation()
  if (incoming.length === 0) return null
  return (
    <Card title={t('caseworkerHome.incomingTitle')} className="md:col-span-2">
      <p className="mb-3 text-sm text-stone-600">{t('caseworkerHome.incomingHint')}</p>
      <ul className="space-y-2" data-testid="incoming-transfers">
        {incoming.map((i) => (
          <li
            key={i.id}
            className={`flex flex-wrap items-center justify-between gap-3 rounded-md border p-3 ${i.overdue ? 'border-l-4 border-red-700 bg-red-50' : 'border-stone-300'}`}
          >
            <div>
              <Link to={`/caseworker/candidates/${i.candidateId}`} className="font-semibold">
                {i.fullName}
              </Link>{' '}
              <span className="text-sm text-stone-600">({i.publicCode})</span>
              <p className="text-sm">
                {t('caseworkerHome.incomingFrom', { ward: i.fromWardName, when: formatDateTime(i.createdAt, locale) })}
                {' · '}
                {i.overdue ? (
                  <strong className="text-red-800">{t('caseworkerHome.incomingOverdue')}</strong>
                ) : (
                  t('caseworkerHome.incomingDue', { when: formatDateTime(i.dueAt, locale) })
                )}
              </p>
            </div>
            <Form method="post">
              <input type="hidden" name="transferId" value={i.id} />
              <Button
                type="submit"
                pending={navigation.state === 'submitting' && navigation.formData?.get('transferId') === i.id}
              >
                {t('caseworkerHome.takeOver')}
              </Button>
            </Form>
          </li>
        ))}
      </ul>
    </Card>
  )
}

function MatchesNeedingAction() {
  const { t } = useTranslation()
  const locale = useLocale()
  const { needing } = useLoaderData<typeof loader>()
  const total = needing.interests.length + needing.stale.length
  return (
    <Card title={t('matching.homeTitle')} className="md:col-span-2">
      {total === 0 ? (
        <p className="text-stone-700">{t('matching.homeNothing')}</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <section aria-labelledby="interests-heading" hidden={needing.interests.length === 0}>
            <h3 id="interests-heading" className="mb-2 font-semibold text-stone-900">
              {t('matching.homeInterests', { count: needing.interests.length })}
            </h3>
            <ul className="space-y-2" data-testid="interests-to-review">
              {needing.interests.map((m) => (
                <li key={m.id} className="rounded-md border border-amber-300 bg-amber-50 p-3">
                  <Link to={`/caseworker/matches/${m.id}`} className="font-semibold">
                    {t('matching.homeInterestLine', {
                      organisation: m.organisationName,
                      name: m.fullName,
                      code: m.publicCode,
                    })}
                  </Link>
                  <p className="text-sm text-stone-700">
                    {m.listingTitle} · {formatDate(m.since, locale)}
                  </p>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="stale-heading" hidden={needing.stale.length === 0}>
            <h3 id="stale-heading" className="mb-2 font-semibold text-stone-900">
              {t('matching.homeStale', { count: needing.stale.length, days: STALE_AFTER_DAYS })}
            </h3>
            <ul className="space-y-2" data-testid="stale-referrals">
              {needing.stale.map((m) => (
                <li key={m.id} className="rounded-md border border-stone-300 p-3">
                  <Link to={`/caseworker/matches/${m.id}`} className="font-semibold">
                    {m.fullName} ({m.publicCode})
                  </Link>
                  <p className="text-sm text-stone-800">{m.listingTitle}</p>
                  <p className="text-sm text-stone-700">
                    {t('matching.homeStaleSince', {
                      organisation: m.organisationName,
                      date: formatDate(m.since, locale),
                    })}
                  </p>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </Card>
  )
}

export default function CaseworkerHome() {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { name, wards, due, dueMore, dueStep, shown, today } = useLoaderData<typeof loader>()
  return (
    <div>
      <PageHeader title={t('caseworker.greeting', { name })} description={t('caseworker.intro')} />
      <div className="grid gap-6 md:grid-cols-2">
        <IncomingTransfers />
        <MatchesNeedingAction />
        <Card title={t('caseworkerHome.dueTitle')} className="md:order-first">
          <p className="mb-3 text-sm text-stone-600">{t('caseworkerHome.dueHint')}</p>
          {due.length === 0 ? (
            <EmptyState title={t('caseworkerHome.nothingDue')}>{t('caseworkerHome.nothingDueHint')}</EmptyState>
          ) : (
            <ol className="space-y-2" data-testid="due-follow-ups">
              {due.map((f) => (
                <li
                  key={f.id}
                  data-overdue={f.overdue || undefined}
                  className={`rounded-md border p-3 ${f.overdue ? 'border-l-4 border-red-700 bg-red-50' : 'border-stone-300'}`}
                >
                  <Link to={`/caseworker/candidates/${f.candidate.id}`} className="font-semibold">
                    {f.candidate.fullName}
                  </Link>{' '}
                  <span className="text-sm text-stone-600">({f.candidate.publicCode})</span>
                  <p className="break-words text-stone-900">
                    {f.checkIn
                      ? `${t('checkIn.dayTitle', { day: f.checkIn.dayMark })}: ${f.checkIn.listingTitle}`
                      : f.title}
                  </p>
                  <p className="text-sm">
                    {f.overdue ? (
                      <strong className="font-semibold text-red-800">
                        <span aria-hidden="true">⚠ </span>
                        {t('caseworkerHome.overdue')} ·{' '}
                      </strong>
                    ) : null}
                    <span className={f.overdue ? 'text-red-800' : 'text-stone-700'}>
                      {f.dueDate === today
                        ? t('caseworkerHome.today')
                        : t('caseworkerHome.dueOn', { date: formatDate(`${f.dueDate}T00:00:00+07:00`, locale) })}
                    </span>
                  </p>
                </li>
              ))}
            </ol>
          )}
          {dueMore > 0 ? (
            <p className="mt-3">
              <Link to={`?shown=${shown + dueStep}`} preventScrollReset replace className="font-semibold">
                {t('caseworkerHome.showMore', { count: dueMore })}
              </Link>
            </p>
          ) : null}
        </Card>
        <Card title={t('caseworker.yourWards')}>
          {wards.length ? (
            <ul className="space-y-1" data-testid="caseworker-wards">
              {wards.map((w) => (
                <li key={w.code}>
                  {w.name} <span className="text-sm text-stone-500">({w.code})</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-stone-700">{t('caseworker.noWards')}</p>
          )}
        </Card>
      </div>
    </div>
  )
}
