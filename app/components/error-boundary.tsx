import { isRouteErrorResponse, Link, useRouteError } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'

/**
 * 403, 404, 503 (the database is briefly unreachable) and everything else, in the reader's language,
 * with a way back. Never shows internals.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError()
  const { t } = useTranslation()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const kind =
    status === 403
      ? 'forbidden'
      : status === 404
        ? 'notFound'
        : status === 429
          ? 'tooMany'
          : status === 503
            ? 'unavailable'
            : status >= 500
              ? 'server'
              : 'badRequest'
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-3xl font-bold text-stone-900">{t(`errorPage.${kind}.title`)}</h1>
      <p className="mt-3 text-stone-700">{t(`errorPage.${kind}.body`)}</p>
      <p className="mt-6">
        <Link to="/" className="font-semibold">
          {t('errorPage.home')}
        </Link>
      </p>
    </div>
  )
}
