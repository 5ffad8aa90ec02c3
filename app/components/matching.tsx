import { Form, useActionData, useNavigation } from 'react-router'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'
import type { MatchStatus, OpportunityKind } from '#db/schema/index.ts'
import type { TalentCardView } from '#app/modules/matching/match-views.server.ts'
import { Button } from '#app/components/ui/button.tsx'
import { Field, SelectField, TextareaField } from '#app/components/ui/field.tsx'

import { formatDate, formatDateTime, formatVnd } from '#app/modules/i18n/format.ts'
import { REASONS, type MatchAction, type Side } from '#app/modules/matching/lifecycle.ts'
import { hanoiToday } from '#app/utils/dates.ts'

const STATUS_STYLE: Record<MatchStatus, string> = {
  interest: 'bg-amber-100 text-amber-900',
  approved: 'bg-sky-100 text-sky-900',
  accepted: 'bg-indigo-100 text-indigo-900',
  started: 'bg-emerald-100 text-emerald-900',
  completed: 'bg-emerald-700 text-white',
  rejected: 'bg-stone-200 text-stone-800',
  declined: 'bg-stone-200 text-stone-800',
  ended: 'bg-stone-200 text-stone-800',
  withdrawn: 'bg-stone-200 text-stone-800',
}

/**
 * The facts of an anonymised card (talent pool, referral without profile): what it shows, and a word when some
 * are held back so that it cannot single out the person.
 */
export function AnonymousCardFacts({ card, className }: { card: TalentCardView; className?: string }) {
  const { t } = useTranslation()
  const lang = useLocale()
  return (
    <>
      <dl className={`grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 ${className ?? ''}`}>
        {card.ageBand !== undefined ? (
          <>
            <dt className="text-stone-600">{t('talent.age')}</dt>
            <dd>{card.ageBand ? t(`talent.ageBand.${card.ageBand}`) : t('talent.unknown')}</dd>
          </>
        ) : null}
        {card.area !== undefined ? (
          <>
            <dt className="text-stone-600">{t('talent.area')}</dt>
            <dd>{card.area.join(', ')}</dd>
          </>
        ) : null}
        {card.needs !== undefined ? (
          <>
            <dt className="text-stone-600">{t('talent.wants')}</dt>
            <dd>{card.needs.map((n) => t(`matching.kind.${n}`)).join(', ') || t('talent.unknown')}</dd>
          </>
        ) : null}
      </dl>
      {card.skills.length > 0 ? (
        <ul className="mt-2 flex flex-wrap gap-1" aria-label={t('talent.skills')}>
          {card.skills.map((s) => (
            <li key={s.code} className="rounded-full bg-stone-100 px-2 py-0.5 text-xs text-stone-800">
              {s.name[lang]}
            </li>
          ))}
        </ul>
      ) : null}
      {card.partial ? (
        <p className="mt-2 text-xs text-stone-600" data-testid="card-coarsened">
          {t('talent.coarsened')}
        </p>
      ) : null}
    </>
  )
}

export function MatchStatusBadge({ status }: { status: MatchStatus }) {
  const { t } = useTranslation()
  return (
    <span
      className={`inline-block shrink-0 rounded-full px-2.5 py-0.5 text-xs font-semibold whitespace-nowrap ${STATUS_STYLE[status]}`}
      data-testid="match-status"
      data-status={status}
    >
      {t(`matching.status.${status}`)}
    </span>
  )
}

export type TimelineItem = {
  id: string
  action: string
  toStatus: MatchStatus
  actorName: string | null
  actorRole: string | null
  reasonCode: string | null
  details: Record<string, string | number | boolean | null>
  createdAt: string
}

/** A match's history, oldest first: what happened, who did it (or "automatically"), why, and what was set. */
export function MatchTimeline({ events, kind }: { events: TimelineItem[]; kind: OpportunityKind }) {
  const { t } = useTranslation()
  const locale = useLocale()
  if (events.length === 0) return null
  return (
    <ol className="relative space-y-3 border-l-2 border-stone-200 pl-4" data-testid="match-timeline">
      {events.map((e) => {
        const d = e.details
        return (
          <li key={e.id} className="relative" data-action={e.action}>
            <span aria-hidden="true" className="absolute top-1.5 -left-[1.4rem] size-3 rounded-full bg-brand-700" />
            <p className="font-medium text-stone-900">{t(`matching.event.${e.action}`, { context: kind })}</p>
            <p className="text-sm text-stone-700">
              <time dateTime={e.createdAt}>{formatDateTime(e.createdAt, locale)}</time>
              {' · '}
              {e.actorRole === null
                ? t('matching.byTheSystem')
                : e.actorName
                  ? t('matching.byPerson', { name: e.actorName, role: t(`matching.role.${e.actorRole}`) })
                  : t(`matching.role.${e.actorRole}`)}
            </p>
            {e.reasonCode ? (
              <p className="text-sm text-stone-800">
                {t('matching.reasonLabel')}: {t(`matching.reasons.${e.reasonCode}`)}
              </p>
            ) : null}
            {typeof d.nextStepAt === 'string' ? (
              <p className="text-sm text-stone-800">
                {t(`matching.nextStep.${kind}`)}: {formatDateTime(d.nextStepAt, locale)}
                {typeof d.nextStepNote === 'string' ? ` — ${d.nextStepNote}` : ''}
              </p>
            ) : null}
            {typeof d.startedOn === 'string' ? (
              <p className="text-sm text-stone-800">
                {t('matching.startedOn')}: {formatDate(`${d.startedOn}T00:00:00+07:00`, locale)}
              </p>
            ) : null}
            {typeof d.amountVnd === 'number' ? (
              <p className="text-sm text-stone-800">
                {t('matching.amountDisbursed')}: {formatVnd(d.amountVnd, locale)}
              </p>
            ) : null}
            {typeof d.certificateNumber === 'string' ? (
              <p className="text-sm text-stone-800">
                {t('matching.certificateNumber')}: {d.certificateNumber}
              </p>
            ) : null}
          </li>
        )
      })}
    </ol>
  )
}

type ActionError = { error?: { key: string; field: string | null; values: Record<string, string> } } | undefined

/** Errors on one field of the action forms. */
function fieldErrors(actionData: ActionError, field: string): string[] | undefined {
  return actionData?.error?.field === field ? [actionData.error.key] : undefined
}

const PRIMARY: ReadonlySet<MatchAction> = new Set(['approve', 'accept', 'start', 'complete'])

/**
 * The forms for what this side may do next on a match, from the lifecycle table. Each carries the version
 * the page was loaded with: if someone else acted meanwhile, the server answers with a conflict to reload.
 */
export function MatchActions({
  matchId,
  version,
  actions,
  kind,
  side,
}: {
  matchId: string
  version: number
  actions: MatchAction[]
  kind: OpportunityKind
  side: Side
}) {
  const { t } = useTranslation()
  const navigation = useNavigation()
  const actionData = useActionData<ActionError>()
  const pending = (action: MatchAction) => navigation.state !== 'idle' && navigation.formData?.get('action') === action
  // Hanoi's calendar day: appointments from today, starts and ends not after it.
  const today = hanoiToday()
  if (actions.length === 0) return <p className="text-stone-700">{t('matching.noActions')}</p>
  const formError = actionData?.error && !actionData.error.field ? [actionData.error.key] : undefined
  return (
    <div className="space-y-3" data-testid="match-actions" data-side={side}>
      {formError ? (
        // Not FormErrors: that one translates keys without values, and these messages have some.
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError.map((k) => (
            <p key={k}>{t(k, { ...actionData?.error?.values, defaultValue: t('errors.invalid_input') })}</p>
          ))}
        </div>
      ) : null}
      {actions.map((action) => {
        const needsFields = action !== 'approve'
        const body = (
          <Form method="post" className="space-y-3" aria-label={t(`matching.action.${action}`, { context: kind })}>
            <input type="hidden" name="intent" value="act" />
            <input type="hidden" name="matchId" value={matchId} />
            <input type="hidden" name="action" value={action} />
            <input type="hidden" name="version" value={version} />
            {action in REASONS ? (
              <SelectField
                label={t('matching.reasonLabel')}
                errors={fieldErrors(actionData, 'reasonCode')}
                selectProps={{ name: 'reasonCode', required: true, defaultValue: '' }}
              >
                <option value="" disabled>
                  {t('matching.chooseReason')}
                </option>
                {REASONS[action as keyof typeof REASONS].map((r) => (
                  <option key={r} value={r}>
                    {t(`matching.reasons.${r}`)}
                  </option>
                ))}
              </SelectField>
            ) : null}
            {action === 'accept' ? (
              <>
                <Field
                  label={t(`matching.nextStep.${kind}`)}
                  hint={t('matching.nextStepHint')}
                  errors={fieldErrors(actionData, 'nextStepAt')}
                  inputProps={{ name: 'nextStepAt', type: 'datetime-local', required: true, min: `${today}T00:00` }}
                />
                <TextareaField
                  label={t('matching.nextStepNote')}
                  errors={fieldErrors(actionData, 'nextStepNote')}
                  textareaProps={{ name: 'nextStepNote', rows: 2, maxLength: 500 }}
                />
              </>
            ) : null}
            {action === 'start' ? (
              <>
                <Field
                  label={t(`matching.startedOnLabel.${kind}`)}
                  errors={fieldErrors(actionData, 'startedOn')}
                  inputProps={{ name: 'startedOn', type: 'date', required: true, max: today }}
                />
                {kind === 'loan' ? (
                  <Field
                    label={t('matching.amountDisbursed')}
                    hint={t('matching.amountHint')}
                    errors={fieldErrors(actionData, 'amountVnd')}
                    inputProps={{ name: 'amountVnd', inputMode: 'numeric', required: true, autoComplete: 'off' }}
                  />
                ) : null}
              </>
            ) : null}
            {action === 'complete' && kind === 'course' ? (
              <Field
                label={t('matching.certificateNumber')}
                errors={fieldErrors(actionData, 'certificateNumber')}
                inputProps={{ name: 'certificateNumber', maxLength: 80 }}
              />
            ) : null}
            {action === 'end' ? (
              <Field
                label={t('matching.endedOn')}
                errors={fieldErrors(actionData, 'endedOn')}
                inputProps={{ name: 'endedOn', type: 'date', max: today }}
              />
            ) : null}
            <Button
              type="submit"
              variant={
                PRIMARY.has(action)
                  ? 'primary'
                  : action === 'withdraw' || action === 'reject' || action === 'decline'
                    ? 'danger'
                    : 'secondary'
              }
              pending={pending(action)}
            >
              {t(`matching.action.${action}`, { context: kind })}
            </Button>
          </Form>
        )
        return needsFields ? (
          <details key={action} className="rounded-md border border-stone-300 bg-white p-3 open:shadow-xs">
            <summary className="cursor-pointer font-semibold text-brand-800">
              {t(`matching.action.${action}`, { context: kind })}
            </summary>
            <div className="mt-3">{body}</div>
          </details>
        ) : (
          <div key={action}>{body}</div>
        )
      })}
    </div>
  )
}
