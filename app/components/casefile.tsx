import { Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { ReactNode } from 'react'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import { MatchStatusBadge, MatchTimeline } from '#app/components/matching.tsx'
import { REASONS } from '#app/modules/matching/lifecycle.ts'
import { CandidateDuplicatesWarning } from './candidate-duplicates'
import { CasefileActions } from './casefile-actions'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { Card, PageHeader } from '#app/components/ui/card.tsx'
import { CheckboxField, Field, FieldErrors, FormErrors, SelectField, TextareaField } from '#app/components/ui/field.tsx'
import type { casefileAction, loadCasefile } from '#app/pages/casefile.server.ts'
import type { CasefileIntent } from '#app/modules/candidates/casefile.schema.ts'
import { formatDate, formatDateTime } from '#app/modules/i18n/format.ts'
import { type Locale } from '#app/modules/i18n/locales.ts'

type Data = ReturnType<typeof useLoaderData<typeof loadCasefile>>
type ActionData = ReturnType<typeof useActionData<typeof casefileAction>>

/** The errors the last submission of `intent` left on `field` ('' = the whole form), as locale keys. */
function errorsOf(actionData: ActionData, intent: CasefileIntent, field: string, match?: Record<string, string>) {
  if (!actionData || actionData.intent !== intent) return undefined
  const initial = (actionData.result?.initialValue ?? {}) as Record<string, unknown>
  if (match && Object.entries(match).some(([k, v]) => initial[k] !== v)) return undefined
  return actionData.result?.error?.[field] ?? undefined
}

type Navigation = ReturnType<typeof useNavigation>

/** Whether the form of `intent` (and these hidden values) is being submitted: its button shows a spinner. */
function isPending(navigation: Navigation, intent: CasefileIntent, match?: Record<string, string>) {
  if (navigation.state !== 'submitting' || navigation.formData?.get('intent') !== intent) return false
  return !match || Object.entries(match).every(([k, v]) => navigation.formData?.get(k) === v)
}

/** A date-only value (YYYY-MM-DD) in the reader's format. */
function day(value: string, locale: Locale) {
  return formatDate(`${value}T00:00:00+07:00`, locale)
}

/**
 * The candidate page ("hồ sơ"), for the candidate's caseworkers (/caseworker/candidates/:id) and coordinators
 * (/coordinator/candidates/:id). Both routes use the loader and action in casefile-route.server.ts.
 */
export function CasefilePage() {
  const { t } = useTranslation()
  const locale = useLocale()
  const d = useLoaderData<typeof loadCasefile>()
  const c = d.candidate
  const subtitle = [
    `${t('casefile.publicCode')}: ${c.publicCode}`,
    c.age !== null ? t('casefile.age', { count: c.age }) : t('casefile.ageUnknown'),
    c.wardName,
  ].join(' · ')
  return (
    <div>
      <p className="mb-2 text-sm">
        <Link to={d.basePath}>← {t('casefile.back')}</Link>
      </p>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            <span data-testid="casefile-name">{c.fullName}</span>
            <StatusBadge status={c.status} />
          </span>
        }
        description={subtitle}
      />
      {c.merged ? <Notice>{t('casefile.merged')}</Notice> : null}
      <CandidateDuplicatesWarning duplicates={d.duplicates} linkTo={(id) => `${d.basePath}/${id}`} />
      {d.continueIntakeHref ? (
        <Notice>
          {t('casefile.draftNotice')}{' '}
          <Link to={d.continueIntakeHref} className="font-semibold">
            {t('casefile.continueIntake')}
          </Link>
        </Notice>
      ) : null}
      {/* One column on a phone, in the order a caseworker works through it (consent and follow-ups before a
          long list of notes); two columns on a wide screen. */}
      <div className="flex flex-col gap-6 lg:grid lg:grid-cols-5 lg:items-start">
        <div className="contents lg:col-span-3 lg:block lg:space-y-6">
          <div className="order-1">
            <Profile data={d} />
          </div>
          <div className="order-2">
            <SensitiveSection data={d} />
          </div>
          <div className="order-3">
            <Matches data={d} />
          </div>
          <div className="order-5">
            <Notes data={d} />
          </div>
        </div>
        <div className="contents lg:col-span-2 lg:block lg:space-y-6">
          <div className="order-3 scroll-mt-4" id="consent">
            <ConsentPanel data={d} />
          </div>
          <div className="order-4">
            <FollowUps data={d} />
          </div>
          <div className="order-6">
            <History data={d} locale={locale} />
          </div>
          <div className="order-7">
            <CasefileActions />
          </div>
        </div>
      </div>
    </div>
  )
}

/** The person's referrals and partners' interests, each with its history; the way to find new ones. */
function Matches({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  return (
    <Card title={t('matching.casefileTitle')}>
      {d.suggestionsHref ? (
        <p className="mb-3">
          <Link to={d.suggestionsHref} className={buttonClass('primary')}>
            {t('matching.findOpportunities')}
          </Link>
        </p>
      ) : null}
      {d.matches.length === 0 ? (
        <p className="text-stone-700">{t('matching.noMatchesYet')}</p>
      ) : (
        <ul className="space-y-3" data-testid="casefile-matches">
          {d.matches.map((m) => (
            <li key={m.id} className="rounded-md border border-stone-300 p-3" data-match-id={m.id}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div>
                  {d.matchHref ? (
                    <Link to={`${d.matchHref}/${m.id}`} className="font-semibold">
                      {m.listingTitle}
                    </Link>
                  ) : (
                    <span className="font-semibold">{m.listingTitle}</span>
                  )}
                  <span className="block text-sm text-stone-600">
                    {m.organisationName} · {t(`matching.kind.${m.listingKind}`)}
                  </span>
                </div>
                <MatchStatusBadge status={m.status} />
              </div>
              <details className="mt-2">
                <summary className="cursor-pointer text-sm font-medium text-brand-800">
                  {t('matching.showTimeline', { count: m.timeline.length })}
                </summary>
                <div className="mt-3">
                  <MatchTimeline events={m.timeline} kind={m.listingKind} />
                </div>
              </details>
            </li>
          ))}
        </ul>
      )}
    </Card>
  )
}

function LockIcon({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={className}>
      <path
        fillRule="evenodd"
        d="M10 1a4.5 4.5 0 0 0-4.5 4.5V9H5a2 2 0 0 0-2 2v6a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2v-6a2 2 0 0 0-2-2h-.5V5.5A4.5 4.5 0 0 0 10 1Zm3 8V5.5a3 3 0 1 0-6 0V9h6Z"
        clipRule="evenodd"
      />
    </svg>
  )
}

function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="note" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
      {children}
    </p>
  )
}

function StatusBadge({ status }: { status: Data['candidate']['status'] }) {
  const { t } = useTranslation()
  const style =
    status === 'active'
      ? 'border-brand-600 bg-brand-50 text-brand-900'
      : status === 'draft'
        ? 'border-amber-400 bg-amber-50 text-amber-900'
        : 'border-stone-400 bg-stone-100 text-stone-800'
  return (
    <span className={`rounded-full border px-3 py-0.5 text-sm font-semibold ${style}`}>
      <span className="sr-only">{t('casefile.status')}: </span>
      {t(`casefileLabels.status.${status}`)}
    </span>
  )
}

function Rows({ rows }: { rows: [string, ReactNode][] }) {
  const { t } = useTranslation()
  return (
    <dl className="grid gap-x-4 gap-y-2 sm:grid-cols-[minmax(0,12rem)_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-sm text-stone-600">{label}</dt>
          <dd className="break-words whitespace-pre-line text-stone-900">
            {value === null || value === '' ? t('casefile.notRecorded') : value}
          </dd>
        </div>
      ))}
    </dl>
  )
}

function Profile({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const c = d.candidate
  const rows: [string, ReactNode][] = [
    [t('casefile.fields.fullName'), c.fullName],
    [t('casefile.fields.dateOfBirth'), c.dateOfBirth ? day(c.dateOfBirth, locale) : null],
    [t('casefile.fields.gender'), t(`casefileLabels.gender.${c.gender}`)],
    [t('casefile.fields.phone'), c.phone ? <a href={`tel:${c.phone.replace(/\s/g, '')}`}>{c.phone}</a> : null],
    [t('casefile.fields.ward'), `${c.wardName} (${c.wardCode})`],
    [t('casefile.fields.caseworker'), c.caseworkerName ?? t('casefile.noCaseworker')],
    [t('casefile.fields.background'), c.background ? t(`casefileLabels.background.${c.background}`) : null],
    [t('casefile.fields.programmeEndDate'), c.programmeEndDate ? day(c.programmeEndDate, locale) : null],
    [t('casefile.fields.education'), c.education ? t(`casefileLabels.education.${c.education}`) : null],
    [t('casefile.fields.skills'), c.skills.map((code) => d.skillNames[code]?.[locale] ?? code).join(', ')],
    [t('casefile.fields.needs'), c.needs.map((n) => t(`casefileLabels.needs.${n}`, { defaultValue: n })).join(', ')],
    [t('casefile.fields.availability'), c.availability],
    [t('casefile.fields.preferences'), c.preferences],
    [t('casefile.fields.createdAt'), formatDate(c.createdAt, locale)],
  ]
  return (
    <Card title={t('casefile.profile')}>
      <Rows rows={rows} />
      {d.editHref ? (
        <p className="mt-4">
          <Link to={d.editHref} className="font-semibold">
            {t('casefile.edit')}
          </Link>
        </p>
      ) : null}
    </Card>
  )
}

function SensitiveSection({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const s = d.sensitive
  return (
    <section
      aria-labelledby="sensitive-title"
      className="rounded-lg border-2 border-amber-500 bg-amber-50 p-5"
      data-testid="sensitive-section"
    >
      <details>
        <summary className="cursor-pointer list-none">
          <h2 id="sensitive-title" className="flex items-center gap-2 text-lg font-semibold text-stone-900">
            <LockIcon className="size-5 text-amber-800" /> {t('casefile.sensitive.title')}
          </h2>
          <p className="mt-1 text-sm text-amber-900">{t('casefile.sensitive.lockNote')}</p>
          <p className="mt-1 text-sm font-semibold text-brand-800 underline">{t('casefile.sensitive.show')}</p>
        </summary>
        <div className="mt-4">
          {!s ? (
            <p className="text-stone-700">{t('casefile.sensitive.none')}</p>
          ) : s.erasedAt ? (
            <p className="text-stone-700">{t('casefile.sensitive.erased', { date: formatDate(s.erasedAt, locale) })}</p>
          ) : (
            <Rows
              rows={[
                [t('casefile.sensitive.drugUseHistory'), s.drugUseHistory],
                [t('casefile.sensitive.criminalRecord'), s.criminalRecord],
                [t('casefile.sensitive.facility'), s.facility],
                [t('casefile.sensitive.healthNotes'), s.healthNotes],
                [t('casefile.sensitive.nationalId'), s.nationalId],
              ]}
            />
          )}
        </div>
      </details>
    </section>
  )
}

function ConsentPanel({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const actionData = useActionData<typeof casefileAction>()
  const version = d.consentTextVersion
  return (
    <Card title={t('consent.title')}>
      <p className="mb-3 text-sm text-stone-700">{t('consent.intro')}</p>
      <details className="mb-4 rounded-md border border-stone-200 bg-stone-50 p-3 text-sm">
        <summary className="cursor-pointer font-semibold">{t('consent.textTitle', { version })}</summary>
        <div className="mt-2 space-y-2 text-stone-800">
          <p>{t(`consentText.${version}.intro`)}</p>
          <ul className="list-disc space-y-1 pl-5">
            {d.consent.map((p) => (
              <li key={p.purpose}>{t(`consentText.${version}.${p.purpose}`)}</li>
            ))}
          </ul>
          <p>{t(`consentText.${version}.never`)}</p>
        </div>
      </details>
      <ul className="space-y-4" data-testid="consent-list">
        {d.consent.map((p) => {
          const label = t(`consentPurpose.${p.purpose}`)
          const match = { purpose: p.purpose }
          const formErrors =
            errorsOf(actionData, 'grantConsent', '', match) ?? errorsOf(actionData, 'revokeConsent', '', match)
          return (
            <li
              key={p.purpose}
              data-testid={`consent-${p.purpose}`}
              className="border-b border-stone-200 pb-4 last:border-0 last:pb-0"
            >
              <h3 className="font-semibold text-stone-900">{label}</h3>
              {p.current ? (
                <div className="mt-1 text-sm">
                  <p className="font-semibold text-brand-800">
                    <span aria-hidden="true">✓ </span>
                    {t('consent.granted')}
                  </p>
                  <p className="text-stone-700">
                    {t('consent.grantedDetail', {
                      date: formatDate(p.current.grantedAt, locale),
                      name: p.current.grantedByName ?? t('consent.unknownPerson'),
                    })}
                  </p>
                  <p className="break-words text-stone-700">
                    {t('consent.evidenceShown', { evidence: p.current.evidence })} ·{' '}
                    {t('consent.versionShown', { version: p.current.textVersion })}
                  </p>
                </div>
              ) : (
                <p className="mt-1 text-sm font-semibold text-stone-700">
                  <span aria-hidden="true">✗ </span>
                  {t('consent.notGranted')}
                </p>
              )}
              <FormErrors errors={formErrors} />
              {d.canWrite ? (
                p.current ? (
                  <RevokeConsent purpose={p.purpose} label={label} />
                ) : (
                  <GrantConsent purpose={p.purpose} version={version} />
                )
              ) : null}
            </li>
          )
        })}
      </ul>
      <details className="mt-4 text-sm">
        <summary className="cursor-pointer font-semibold">{t('consent.historyTitle')}</summary>
        {d.consentHistory.length === 0 ? (
          <p className="mt-2 text-stone-700">{t('consent.noHistory')}</p>
        ) : (
          <ol className="mt-2 space-y-2" data-testid="consent-history">
            {d.consentHistory.map((h) => (
              <li key={h.id} className="break-words">
                <span className="font-medium">{t(`consentPurpose.${h.purpose}`)}</span>:{' '}
                {t('consent.historyGranted', {
                  date: formatDateTime(h.grantedAt, locale),
                  evidence: h.evidence,
                  version: h.textVersion,
                  name: h.grantedByName ?? t('consent.unknownPerson'),
                })}
                {h.revokedAt
                  ? `; ${t('consent.historyRevoked', {
                      date: formatDateTime(h.revokedAt, locale),
                      name: h.revokedByName ?? t('consent.unknownPerson'),
                    })}`
                  : null}
              </li>
            ))}
          </ol>
        )}
      </details>
    </Card>
  )
}

function GrantConsent({ purpose, version }: { purpose: string; version: string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const actionData = useActionData<typeof casefileAction>()
  const match = { purpose }
  const evidenceErrors = errorsOf(actionData, 'grantConsent', 'evidence', match)
  return (
    <details className="mt-2" open={evidenceErrors ? true : undefined}>
      <summary className={buttonClass('secondary', 'cursor-pointer list-none')}>{t('consent.grant')}</summary>
      <Form method="post" className="mt-3 space-y-2">
        <input type="hidden" name="intent" value="grantConsent" />
        <input type="hidden" name="purpose" value={purpose} />
        <input type="hidden" name="textVersion" value={version} />
        <Field
          label={t('consent.evidence')}
          hint={t('consent.evidenceHint')}
          errors={evidenceErrors}
          inputProps={{
            name: 'evidence',
            id: `evidence-${purpose}`,
            required: true,
            maxLength: 200,
            autoComplete: 'off',
          }}
        />
        <p className="text-sm text-stone-700">{t('consent.textVersionNote', { version })}</p>
        <Button type="submit" pending={isPending(navigation, 'grantConsent', match)}>
          {t('consent.grantSubmit')}
        </Button>
      </Form>
    </details>
  )
}

function RevokeConsent({ purpose, label }: { purpose: string; label: string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  // A confirmation step that works without JavaScript: the button that revokes is behind a disclosure.
  return (
    <details className="mt-2">
      <summary className={buttonClass('secondary', 'cursor-pointer list-none')}>{t('consent.revoke')}</summary>
      <Form method="post" className="mt-3 space-y-2 rounded-md border border-red-300 bg-red-50 p-3">
        <input type="hidden" name="intent" value="revokeConsent" />
        <input type="hidden" name="purpose" value={purpose} />
        <p className="text-sm text-red-900">{t('consent.revokeConfirm', { purpose: label })}</p>
        <Button type="submit" variant="danger" pending={isPending(navigation, 'revokeConsent', { purpose })}>
          {t('consent.revokeSubmit')}
        </Button>
      </Form>
    </details>
  )
}

function Notes({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const locale = useLocale()
  const actionData = useActionData<typeof casefileAction>()
  return (
    <Card title={t('notes.title')}>
      {d.canWrite ? (
        // Keyed by the number of notes: a saved note empties the form.
        <Form method="post" className="mb-4 space-y-2" key={d.notes.length}>
          <input type="hidden" name="intent" value="addNote" />
          <FormErrors errors={errorsOf(actionData, 'addNote', '')} />
          <TextareaField
            label={t('notes.add')}
            errors={errorsOf(actionData, 'addNote', 'body')}
            textareaProps={{ name: 'body', id: 'note-body', rows: 3, maxLength: 5000, required: true }}
          />
          <CheckboxField
            label={t('notes.sensitive')}
            inputProps={{ name: 'sensitive', id: 'note-sensitive', defaultChecked: true }}
          />
          <Button type="submit" pending={isPending(navigation, 'addNote')}>
            {t('notes.submit')}
          </Button>
        </Form>
      ) : null}
      {d.notes.length === 0 ? (
        <p className="text-stone-700">{t('notes.empty')}</p>
      ) : (
        <ol className="divide-y divide-stone-200" data-testid="notes">
          {d.notes.map((n) => (
            <li key={n.id} className="py-3">
              <p className="flex flex-wrap items-center gap-2 text-sm text-stone-600">
                <span>
                  {t('notes.by', {
                    name: n.authorName ?? t('notes.unknownAuthor'),
                    date: formatDateTime(n.createdAt, locale),
                  })}
                </span>
                {n.sensitive ? (
                  <span className="rounded border border-amber-400 bg-amber-50 px-1.5 text-xs font-semibold text-amber-900">
                    <LockIcon className="mr-1 inline size-3 align-[-1px]" />
                    {t('notes.sensitiveBadge')}
                  </span>
                ) : null}
              </p>
              <p className="mt-1 break-words whitespace-pre-line text-stone-900">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  )
}

type CheckIn = NonNullable<Data['followUps'][number]['checkIn']>

function CheckInAnswers({ checkIn }: { checkIn: CheckIn }) {
  const { t } = useTranslation()
  return (
    <div className="mt-1 space-y-1" data-testid="check-in-answers">
      <p className={checkIn.onTrack ? 'text-emerald-900' : 'font-semibold text-red-800'}>
        {t(checkIn.onTrack ? 'checkIn.onTrackYes' : 'checkIn.onTrackNo')}
      </p>
      {checkIn.problems ? (
        <p className="break-words whitespace-pre-line">{t('checkIn.problemsShown', { text: checkIn.problems })}</p>
      ) : null}
      {checkIn.supportNeeded ? (
        <p className="break-words whitespace-pre-line">{t('checkIn.supportShown', { text: checkIn.supportNeeded })}</p>
      ) : null}
    </div>
  )
}

/** The check-in of a started match: on track or not, problems, support; not on track may end the match. */
function CheckInForm({ followUpId }: { followUpId: string }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const actionData = useActionData<typeof casefileAction>()
  const match = { followUpId }
  return (
    <details className="mt-2" open={errorsOf(actionData, 'recordCheckIn', '', match)?.length ? true : undefined}>
      <summary className="cursor-pointer font-semibold text-brand-800">{t('checkIn.record')}</summary>
      <Form method="post" className="mt-2 space-y-3">
        <input type="hidden" name="intent" value="recordCheckIn" />
        <input type="hidden" name="followUpId" value={followUpId} />
        <FormErrors errors={errorsOf(actionData, 'recordCheckIn', '', match)} />
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-stone-800">{t('checkIn.onTrackQuestion')}</legend>
          {(['yes', 'no'] as const).map((v) => (
            <label key={v} className="flex items-center gap-2">
              <input type="radio" name="onTrack" value={v} required className="size-4" />
              {t(v === 'yes' ? 'checkIn.onTrackYes' : 'checkIn.onTrackNo')}
            </label>
          ))}
          <FieldErrors
            id={`onTrack-${followUpId}-error`}
            errors={errorsOf(actionData, 'recordCheckIn', 'onTrack', match)}
          />
        </fieldset>
        <TextareaField
          label={t('checkIn.problems')}
          textareaProps={{ name: 'problems', id: `problems-${followUpId}`, rows: 2, maxLength: 2000 }}
        />
        <TextareaField
          label={t('checkIn.support')}
          textareaProps={{ name: 'supportNeeded', id: `support-${followUpId}`, rows: 2, maxLength: 2000 }}
        />
        <SelectField
          label={t('checkIn.endLabel')}
          errors={errorsOf(actionData, 'recordCheckIn', 'endReason', match)}
          selectProps={{ name: 'endReason', id: `end-${followUpId}`, defaultValue: '' }}
        >
          <option value="">{t('checkIn.keepOpen')}</option>
          {REASONS.end.map((r) => (
            <option key={r} value={r}>
              {t(`matching.reasons.${r}`)}
            </option>
          ))}
        </SelectField>
        <Button type="submit" pending={isPending(navigation, 'recordCheckIn', match)}>
          {t('checkIn.submit')}
        </Button>
      </Form>
    </details>
  )
}

function FollowUps({ data: d }: { data: Data }) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const locale = useLocale()
  const actionData = useActionData<typeof casefileAction>()
  return (
    <Card title={t('followUps.title')}>
      {d.followUps.length === 0 ? (
        <p className="mb-4 text-stone-700">{t('followUps.empty')}</p>
      ) : (
        <ol className="mb-4 space-y-3" data-testid="follow-ups">
          {d.followUps.map((f) => (
            <li
              key={f.id}
              data-overdue={f.overdue || undefined}
              className={`rounded-md border p-3 text-sm ${
                f.overdue
                  ? 'border-l-4 border-red-700 bg-red-50'
                  : f.doneAt
                    ? 'border-stone-200 bg-stone-50 text-stone-700'
                    : 'border-stone-300'
              }`}
            >
              <p className="font-semibold text-stone-900">
                {f.doneAt ? <span aria-hidden="true">✓ </span> : null}
                {f.checkIn?.dayMark
                  ? `${t('checkIn.dayTitle', { day: f.checkIn.dayMark })}: ${f.checkIn.listingTitle ?? ''}`
                  : f.title}
              </p>
              <p className="text-stone-700">
                {t(`followUps.kinds.${f.kind}`)} · {t('followUps.due', { date: day(f.dueDate, locale) })}
                {f.overdue ? (
                  <strong className="ml-2 font-semibold text-red-800">
                    <span aria-hidden="true">⚠ </span>
                    {t('followUps.overdue')}
                  </strong>
                ) : null}
              </p>
              {f.assignedToName && !f.doneAt ? (
                <p className="text-stone-600">{t('followUps.assignedTo', { name: f.assignedToName })}</p>
              ) : null}
              {f.doneAt ? (
                <>
                  <p>
                    {t('followUps.done', {
                      date: formatDate(f.doneAt, locale),
                      name: f.doneByName ?? t('consent.unknownPerson'),
                    })}
                  </p>
                  {f.checkIn ? (
                    <CheckInAnswers checkIn={f.checkIn} />
                  ) : f.outcome ? (
                    <p className="break-words whitespace-pre-line">
                      {t('followUps.outcomeShown', { outcome: f.outcome })}
                    </p>
                  ) : null}
                </>
              ) : d.canWrite && f.checkIn ? (
                <CheckInForm followUpId={f.id} />
              ) : d.canWrite ? (
                <details className="mt-2">
                  <summary className="cursor-pointer font-semibold text-brand-800">{t('followUps.complete')}</summary>
                  <Form method="post" className="mt-2 space-y-2">
                    <input type="hidden" name="intent" value="completeFollowUp" />
                    <input type="hidden" name="followUpId" value={f.id} />
                    <FormErrors errors={errorsOf(actionData, 'completeFollowUp', '', { followUpId: f.id })} />
                    <TextareaField
                      label={t('followUps.outcome')}
                      errors={errorsOf(actionData, 'completeFollowUp', 'outcome', { followUpId: f.id })}
                      textareaProps={{ name: 'outcome', id: `outcome-${f.id}`, rows: 2, maxLength: 2000 }}
                    />
                    <Button type="submit" pending={isPending(navigation, 'completeFollowUp', { followUpId: f.id })}>
                      {t('followUps.completeSubmit')}
                    </Button>
                  </Form>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {d.canWrite ? (
        <Form method="post" className="space-y-2 border-t border-stone-200 pt-4" key={d.followUps.length}>
          <h3 className="font-semibold text-stone-900">{t('followUps.add')}</h3>
          <input type="hidden" name="intent" value="addFollowUp" />
          <FormErrors errors={errorsOf(actionData, 'addFollowUp', '')} />
          <Field
            label={t('followUps.titleField')}
            errors={errorsOf(actionData, 'addFollowUp', 'title')}
            inputProps={{ name: 'title', id: 'follow-up-title', required: true, maxLength: 200 }}
          />
          <div className="grid gap-2 sm:grid-cols-2">
            <Field
              label={t('followUps.dueDate')}
              errors={errorsOf(actionData, 'addFollowUp', 'dueDate')}
              inputProps={{ name: 'dueDate', id: 'follow-up-due', type: 'date', required: true, min: d.today }}
            />
            <SelectField
              label={t('followUps.kind')}
              errors={errorsOf(actionData, 'addFollowUp', 'kind')}
              selectProps={{ name: 'kind', id: 'follow-up-kind', defaultValue: 'check_in' }}
            >
              <option value="check_in">{t('followUps.kinds.check_in')}</option>
              <option value="task">{t('followUps.kinds.task')}</option>
            </SelectField>
          </div>
          <Button type="submit" pending={isPending(navigation, 'addFollowUp')}>
            {t('followUps.submit')}
          </Button>
        </Form>
      ) : null}
    </Card>
  )
}

function History({ data: d, locale }: { data: Data; locale: Locale }) {
  const { t } = useTranslation()
  return (
    <Card title={t('casefile.history.title')}>
      <ol className="space-y-3 text-sm" data-testid="history">
        {d.transfers.map((tr) => (
          <li key={tr.id}>
            <p>
              <span className="text-stone-600">{formatDate(tr.createdAt, locale)}</span> ·{' '}
              {t('casefile.history.transfer', { from: tr.fromWardName, to: tr.toWardName })}
              {tr.byName ? ` ${t('casefile.history.transferBy', { name: tr.byName })}` : ''}
            </p>
            {tr.reason ? <p className="text-stone-700">{t('casefile.history.reason', { reason: tr.reason })}</p> : null}
            <p className="text-stone-600">
              {tr.acknowledgedAt
                ? t('casefile.history.acknowledged', { date: formatDateTime(tr.acknowledgedAt, locale) })
                : t('casefile.history.notAcknowledged')}
            </p>
          </li>
        ))}
        {d.transfers.length === 0 ? <li className="text-stone-700">{t('casefile.history.noTransfers')}</li> : null}
        <li className="text-stone-600">
          {t('casefile.history.created', { date: formatDate(d.candidate.createdAt, locale) })}
        </li>
      </ol>
    </Card>
  )
}
