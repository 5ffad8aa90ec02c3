import { Link, useLoaderData } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { buttonClass } from '#app/components/ui/button.tsx'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { metaLocale, translate } from '#app/utils/meta.ts'
import { homePath } from '#app/policy.ts'
import type { Route } from './+types/_index'

export const meta: Route.MetaFunction = ({ matches }) => {
  const locale = metaLocale(matches)
  return [
    { title: `Hòa Nhập — ${translate(locale, 'landing.title')}` },
    { name: 'description', content: translate(locale, 'landing.lead') },
  ]
}

export async function loader({ request }: Route.LoaderArgs) {
  const auth = await getSessionUser(request)
  return { home: auth ? homePath(auth.user) : null }
}

const KINDS = ['employer', 'training_centre', 'lender'] as const
const STEPS = ['join', 'vetting', 'list', 'referrals', 'outcomes'] as const

export default function Landing() {
  const { t } = useTranslation()
  const { home } = useLoaderData<typeof loader>()
  return (
    <div className="space-y-12">
      <section className="rounded-2xl bg-brand-900 px-6 py-10 text-white sm:px-10 sm:py-14">
        <p className="text-sm font-semibold uppercase tracking-wide text-brand-200">{t('landing.kicker')}</p>
        <h1 className="mt-2 max-w-3xl text-3xl font-bold leading-tight sm:text-4xl">{t('landing.title')}</h1>
        <p className="mt-4 max-w-2xl text-lg text-brand-50">{t('landing.lead')}</p>
        <div className="mt-8 flex flex-wrap gap-3">
          {home ? (
            <Link to={home} className={buttonClass('secondary')}>
              {t('landing.toDashboard')}
            </Link>
          ) : (
            <>
              <Link to="/join" className={buttonClass('secondary')}>
                {t('landing.cta')}
              </Link>
              <Link
                to="/login"
                className="inline-flex min-h-11 items-center rounded-md px-4 font-semibold text-white underline"
              >
                {t('landing.login')}
              </Link>
              <Link
                to="/partners"
                className="inline-flex min-h-11 items-center rounded-md px-4 font-semibold text-white underline"
              >
                {t('landing.directory')}
              </Link>
            </>
          )}
        </div>
      </section>

      <section aria-labelledby="kinds">
        <h2 id="kinds" className="text-2xl font-bold">
          {t('landing.kindsTitle')}
        </h2>
        <div className="mt-4 grid gap-4 md:grid-cols-3">
          {KINDS.map((k) => (
            <article key={k} className="rounded-lg border border-stone-200 bg-white p-5">
              <h3 className="text-lg font-semibold text-brand-800">{t(`landing.kinds.${k}.title`)}</h3>
              <p className="mt-2 text-stone-700">{t(`landing.kinds.${k}.body`)}</p>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="how">
        <h2 id="how" className="text-2xl font-bold">
          {t('landing.howTitle')}
        </h2>
        <ol className="mt-4 grid gap-4 md:grid-cols-5">
          {STEPS.map((s, i) => (
            <li key={s} className="rounded-lg border border-stone-200 bg-white p-4">
              <span className="inline-flex size-8 items-center justify-center rounded-full bg-brand-100 font-bold text-brand-800">
                {i + 1}
              </span>
              <h3 className="mt-2 font-semibold">{t(`landing.steps.${s}.title`)}</h3>
              <p className="mt-1 text-sm text-stone-700">{t(`landing.steps.${s}.body`)}</p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="privacy" className="rounded-lg border border-brand-200 bg-brand-50 p-6">
        <h2 id="privacy" className="text-xl font-bold text-brand-900">
          {t('landing.privacyTitle')}
        </h2>
        <p className="mt-2 max-w-3xl text-stone-800">{t('landing.privacyBody')}</p>
      </section>
    </div>
  )
}
