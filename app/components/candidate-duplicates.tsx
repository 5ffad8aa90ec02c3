import { Link } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { LikelyDuplicate } from '#app/modules/candidates/candidates.server.ts'

/** A warning (never a block) listing records that are probably the same person, each with a link. */
export function CandidateDuplicatesWarning({
  duplicates,
  linkTo,
}: {
  duplicates: Pick<LikelyDuplicate, 'id' | 'publicCode' | 'fullName' | 'wardName' | 'reasons'>[]
  linkTo: (id: string) => string
}) {
  const { t } = useTranslation()
  if (duplicates.length === 0) return null
  return (
    <section
      role="alert"
      aria-labelledby="duplicates-title"
      className="mb-6 rounded-lg border border-amber-300 bg-amber-50 p-4 text-amber-950"
      data-testid="duplicates-warning"
    >
      <h2 id="duplicates-title" className="font-semibold">
        {t('duplicates.title')}
      </h2>
      <p className="mt-1 text-sm">{t('duplicates.intro')}</p>
      <ul className="mt-3 space-y-2">
        {duplicates.map((d) => (
          <li key={d.id} className="text-sm">
            <Link to={linkTo(d.id)} className="font-semibold">
              {d.fullName}
            </Link>{' '}
            <span className="font-mono">{d.publicCode}</span>
            {d.wardName ? ` · ${d.wardName}` : ''} — {d.reasons.map((r) => t(`duplicates.reasons.${r}`)).join(', ')}
          </li>
        ))}
      </ul>
    </section>
  )
}
