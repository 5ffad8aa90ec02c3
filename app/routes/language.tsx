import { redirect } from 'react-router'
import { setUserLocale } from '#app/modules/auth/accounts.server.ts'
import { serializeLocaleCookie } from '#app/utils/locale.server.ts'
import { isLocale } from '#app/modules/i18n/locales.ts'
import { requireUser } from '#app/policy.server.ts'
import { getSessionUser } from '#app/modules/auth/session.server.ts'
import { safeRedirect } from '#app/utils/safe-redirect.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/language'

export async function loader() {
  return redirect('/')
}

/** The language switcher: remembered in a cookie, and in the account of someone signed in. */
export async function action({ request }: Route.ActionArgs) {
  const form = await readForm(request)
  const locale = form.get('locale')
  const back = safeRedirect(form.get('redirectTo'))
  if (!isLocale(locale)) return redirect(back)
  if (await getSessionUser(request)) {
    const { actor } = await requireUser(request)
    await setUserLocale({ actor, locale })
  }
  return redirect(back, { headers: { 'Set-Cookie': await serializeLocaleCookie(locale) } })
}
