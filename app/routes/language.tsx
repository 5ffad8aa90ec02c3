import { redirect } from 'react-router'
import { setUserLocale } from '~/modules/auth/accounts.server'
import { serializeLocaleCookie } from '~/utils/locale.server'
import { isLocale } from '~/modules/i18n/locales'
import { requireUser } from '~/policy.server'
import { getSessionUser } from '~/modules/auth/session.server'
import { safeRedirect } from '~/utils/safe-redirect'
import { readForm } from '~/utils/forms.server'
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
