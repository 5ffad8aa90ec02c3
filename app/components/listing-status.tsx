import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { OrganisationStatus } from '#app/modules/opportunities/listings.schema.ts'

const STATUS_STYLE = {
  draft: 'bg-stone-200 text-stone-800',
  open: 'bg-brand-100 text-brand-900',
  closed: 'bg-stone-700 text-white',
} as const

/** Draft / open / closed, as a small label. */
export function ListingStatusBadge({ status }: { status: 'draft' | 'open' | 'closed' }) {
  const { t } = useTranslation()
  return (
    <span
      className={`inline-block shrink-0 rounded-full px-2.5 py-0.5 text-xs font-semibold whitespace-nowrap ${STATUS_STYLE[status]}`}
      data-testid="listing-status"
    >
      {t(`listingStatus.${status}`)}
    </span>
  )
}

/**
 * Why the organisation cannot publish yet (pending, rejected or suspended), and that drafts can still
 * be prepared. Nothing for an approved organisation.
 */
export function ListingApprovalNotice({ organisationStatus }: { organisationStatus: OrganisationStatus }) {
  const { t } = useTranslation()
  if (organisationStatus === 'approved') return null
  return (
    <div
      role="note"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-amber-950"
      data-testid="listing-approval-notice"
    >
      <p className="font-semibold">{t(`listings.notApproved.${organisationStatus}.title`)}</p>
      <p className="mt-1 text-sm">{t(`listings.notApproved.${organisationStatus}.body`)}</p>
    </div>
  )
}
