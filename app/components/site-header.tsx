import { Form, Link, NavLink, useLocation } from 'react-router'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import type { Locale } from '#app/modules/i18n/locales.ts'
import type { UserRole } from '#db/schema/index.ts'
import type { Permission } from '#app/policy.ts'

export type ShellUser = {
  name: string
  email: string
  role: UserRole
  emailVerified: boolean
  organisationName: string | null
  permissions: readonly Permission[]
}

/** The pages each role works in. A link appears here only once its page exists. */
const NAV: Record<UserRole, { to: string; key: string; end?: boolean; permission?: Permission }[]> = {
  coordinator: [
    { to: '/coordinator', key: 'nav.cityDashboard', end: true },
    { to: '/coordinator/reports', key: 'nav.reports' },
    { to: '/coordinator/partners', key: 'nav.partners' },
    { to: '/coordinator/targets', key: 'nav.targets' },
    { to: '/coordinator/opportunities', key: 'nav.opportunities' },
    { to: '/coordinator/caseworkers', key: 'nav.caseworkers' },
    { to: '/coordinator/candidates', key: 'nav.candidates', end: true },
    { to: '/coordinator/candidates/merge', key: 'nav.mergeDuplicates' },
    { to: '/coordinator/skills', key: 'nav.skills' },
    { to: '/coordinator/audit', key: 'nav.audit' },
    { to: '/coordinator/outbox', key: 'nav.outbox' },
  ],
  caseworker: [
    { to: '/caseworker', key: 'nav.caseworkerHome', end: true },
    { to: '/caseworker/candidates', key: 'nav.candidates' },
    { to: '/caseworker/opportunities', key: 'nav.opportunities' },
    { to: '/caseworker/reports', key: 'nav.reports' },
  ],
  partner: [
    { to: '/partner', key: 'nav.partnerDashboard', end: true },
    { to: '/partner/listings', key: 'nav.listings' },
    { to: '/partner/referrals', key: 'nav.referrals', permission: 'referral:respond' },
    { to: '/partner/talent', key: 'nav.talent', permission: 'talent:browse' },
    { to: '/partner/reports', key: 'nav.reports', permission: 'referral:respond' },
    { to: '/partner/organisation', key: 'nav.organisation' },
    { to: '/partner/team', key: 'nav.team' },
  ],
}

function LanguageSwitcher({ locale }: { locale: Locale }) {
  const { t } = useTranslation()
  const location = useLocation()
  const other: Locale = locale === 'vi' ? 'en' : 'vi'
  return (
    <Form method="post" action="/language" className="inline">
      <input type="hidden" name="locale" value={other} />
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button
        type="submit"
        className="rounded-md border border-white/40 px-2 py-1 text-sm font-medium text-white hover:bg-white/10"
        lang={other}
        title={t('language.switchTo')}
      >
        {other === 'en' ? 'English' : 'Tiếng Việt'}
      </button>
    </Form>
  )
}

export function SiteHeader({ user, locale }: { user: ShellUser | null; locale: Locale }) {
  const { t } = useTranslation()
  const links =
    user && user.emailVerified
      ? NAV[user.role].filter((l) => !l.permission || user.permissions.includes(l.permission))
      : []
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `block rounded-md px-3 py-2 text-sm font-medium text-white no-underline hover:bg-white/10 hover:no-underline ${isActive ? 'bg-white/15' : ''}`
  return (
    <header className="bg-brand-800 text-white">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-white focus:p-2 focus:text-brand-900"
      >
        {t('nav.skipToContent')}
      </a>
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3">
        <Link to="/" className="mr-2 text-lg font-bold text-white no-underline hover:no-underline">
          Hòa Nhập
        </Link>
        {links.length > 0 ? (
          <nav aria-label={t('nav.main')} className="order-last w-full sm:order-none sm:w-auto">
            <ul className="flex flex-wrap gap-1">
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.end} className={navClass}>
                    {t(l.key)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          <LanguageSwitcher locale={locale} />
          {user ? (
            <>
              <Link
                to="/account"
                className="hidden rounded-md px-2 py-1 text-sm text-white sm:inline"
                title={user.email}
              >
                {user.name}
              </Link>
              <Link to="/account" className="rounded-md px-2 py-1 text-sm text-white sm:hidden">
                {t('nav.account')}
              </Link>
              <Form method="post" action="/logout">
                <button
                  type="submit"
                  className="rounded-md bg-white px-3 py-1 text-sm font-semibold text-brand-800 hover:bg-brand-50"
                >
                  {t('nav.logout')}
                </button>
              </Form>
            </>
          ) : (
            <Link
              to="/login"
              className="rounded-md bg-white px-3 py-1 text-sm font-semibold text-brand-800 no-underline hover:bg-brand-50 hover:no-underline"
            >
              {t('nav.login')}
            </Link>
          )}
        </div>
      </div>
    </header>
  )
}
