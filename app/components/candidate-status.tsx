import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { CANDIDATE_STATUSES } from '#app/modules/candidates/candidates.schema.ts'

const STYLE: Record<(typeof CANDIDATE_STATUSES)[number], string> = {
  draft: 'bg-amber-100 text-amber-900',
  active: 'bg-brand-100 text-brand-900',
  on_hold: 'bg-stone-200 text-stone-800',
  closed: 'bg-stone-100 text-stone-700',
}

/** A candidate's status as a small coloured label. */
export function CandidateStatusBadge({ status }: { status: (typeof CANDIDATE_STATUSES)[number] }) {
  const { t } = useTranslation()
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-semibold whitespace-nowrap ${STYLE[status]}`}>
      {t(`candidateStatus.${status}`)}
    </span>
  )
}
