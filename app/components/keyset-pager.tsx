import { Link } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { useSearchLink } from '#app/utils/search-link.ts'

/** "First page" / "Next page" links for a keyset-paged list; the cursor travels in the query string. */
export function KeysetPager({ paged, nextCursor }: { paged: boolean; nextCursor: string | null }) {
  const { t } = useTranslation()
  const link = useSearchLink()
  if (!paged && !nextCursor) return null
  return (
    <nav className="flex gap-3" aria-label={t('talent.pages')}>
      {paged ? <Link to={link({ cursor: null })}>{t('talent.firstPage')}</Link> : null}
      {nextCursor ? <Link to={link({ cursor: nextCursor })}>{t('talent.nextPage')}</Link> : null}
    </nav>
  )
}
