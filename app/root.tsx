import { actorFromSession } from '#app/policy.server.ts'
import { can, PERMISSIONS } from '#app/policy.ts'
import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from 'react-router'
import { useEffect, type ReactNode } from 'react'
import { useTranslation } from '#app/modules/i18n/react.tsx'
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx'
import { SiteHeader } from '#app/components/site-header.tsx'
import { Toaster } from '#app/components/toaster.tsx'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { getLocale } from '#app/utils/locale.server.ts'
import { getToast } from '#app/utils/toast.server.ts'
import { useNonce } from '#app/utils/nonce.tsx'
import stylesheet from './styles/app.css?url'
import type { Route } from './+types/root'

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesheet },
  { rel: 'icon', href: '/favicon.ico' },
]

export const meta: Route.MetaFunction = () => [{ title: 'Hòa Nhập' }]

export async function loader({ request }: Route.LoaderArgs) {
  const [auth, locale, { toast, headers }] = await Promise.all([
    getSessionUser(request),
    getLocale(request),
    getToast(request),
  ])
  return data(
    {
      locale,
      toast,
      user: auth
        ? {
            name: auth.user.name,
            email: auth.user.email,
            role: auth.user.role,
            emailVerified: auth.user.emailVerifiedAt !== null,
            organisationName: auth.membership?.organisationName ?? null,
            // What the policy allows, so the navigation offers only pages that will open.
            permissions: PERMISSIONS.filter((p) => can(actorFromSession(auth), p)),
          }
        : null,
    },
    { headers: headers ?? undefined },
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root')
  const nonce = useNonce()
  const { t, i18n } = useTranslation()
  // Without the root data (its loader failed, e.g. the database is down) the language the server rendered in.
  const locale = data?.locale ?? i18n.language
  useEffect(() => {
    // After the switcher: the other language's strings are fetched first (the browser starts with the reader's only).
    if (i18n.language !== locale) void i18n.changeLanguage(locale)
  }, [i18n, locale])
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-dvh flex-col">
        <SiteHeader user={data?.user ?? null} locale={locale} />
        <Toaster toast={data?.toast ?? null} />
        <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 sm:py-8">
          {children}
        </main>
        <footer className="border-t border-stone-200 bg-white">
          <div className="mx-auto max-w-6xl px-4 py-4 text-sm text-stone-600">{t('footer.text')}</div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />
}
