import { Form, useNavigation } from 'react-router'
import { Button, buttonClass } from '#app/components/ui/button.tsx'
import { formatDate } from '#app/modules/i18n/format.ts'
import { useLocale, useTranslation } from '#app/modules/i18n/react.tsx'

export type StaffAccount = { id: string; name: string; status: 'active' | 'disabled'; disabledAt: Date | string | null }

/**
 * Deactivate or re-enable a staff account (a coordinator's action). Deactivating asks first: the button that
 * does it sits behind a disclosure, which works without JavaScript and from the keyboard (Enter or Space on the
 * summary). Posts `intent=staff-access` to the page it is on.
 */
export function StaffAccessControl({ account, showNote = true }: { account: StaffAccount; showNote?: boolean }) {
  const { t } = useTranslation()
  const locale = useLocale()
  const navigation = useNavigation()
  const pending =
    navigation.state !== 'idle' &&
    navigation.formData?.get('intent') === 'staff-access' &&
    navigation.formData.get('userId') === account.id
  const fields = (access: 'active' | 'disabled') => (
    <>
      <input type="hidden" name="intent" value="staff-access" />
      <input type="hidden" name="userId" value={account.id} />
      <input type="hidden" name="access" value={access} />
    </>
  )
  if (account.status === 'disabled') {
    return (
      <div className="space-y-2" data-testid="staff-access">
        {showNote ? (
          <p className="text-sm text-stone-700">
            {t('staffAccess.disabledNote', {
              date: account.disabledAt ? formatDate(account.disabledAt, locale) : '—',
            })}
          </p>
        ) : null}
        <Form method="post">
          {fields('active')}
          <Button
            type="submit"
            variant="secondary"
            pending={pending}
            aria-label={t('staffAccess.enableNamed', { name: account.name })}
          >
            {t('staffAccess.enable')}
          </Button>
        </Form>
      </div>
    )
  }
  return (
    <div className="space-y-2" data-testid="staff-access">
      {showNote ? <p className="text-sm text-stone-700">{t('staffAccess.activeNote')}</p> : null}
      <details>
        <summary
          className={buttonClass('secondary', 'cursor-pointer list-none')}
          aria-label={t('staffAccess.disableNamed', { name: account.name })}
        >
          {t('staffAccess.disable')}
        </summary>
        <Form method="post" className="mt-3 space-y-2 rounded-md border border-red-300 bg-red-50 p-3">
          {fields('disabled')}
          <p className="text-sm text-red-900">{t('staffAccess.disableConfirm', { name: account.name })}</p>
          <Button
            type="submit"
            variant="danger"
            pending={pending}
            aria-label={t('staffAccess.disableNamed', { name: account.name })}
          >
            {t('staffAccess.disableSubmit')}
          </Button>
        </Form>
      </details>
    </div>
  )
}
