import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

/** Why an existing account is told something happened with its address. */
export type AccountNoticeReason = 'registration' | 'teamInvitation'

/**
 * Someone used the recipient's address where it already has an account (a sign-up, a team invitation): the
 * page they saw said the same as for a new address, and the owner hears of it here. Fixed text only.
 */
export type AccountNoticeProps = { locale: Locale; reason: AccountNoticeReason; url: string }

export function accountNoticeSubject({ locale, reason }: Pick<AccountNoticeProps, 'locale' | 'reason'>) {
  return getEmailTranslator(locale)(`accountNotice.${reason}.subject`)
}

export function AccountNotice({ locale, reason, url }: AccountNoticeProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout
      locale={locale}
      preview={t(`accountNotice.${reason}.subject`)}
      heading={t(`accountNotice.${reason}.heading`)}
    >
      <Text style={textStyles.paragraph}>{t('common.greetingAnonymous')}</Text>
      <Text style={textStyles.paragraph}>{t(`accountNotice.${reason}.body`)}</Text>
      <Text style={textStyles.paragraph}>{t(`accountNotice.${reason}.action`)}</Text>
      <ActionLink locale={locale} url={url} label={t('accountNotice.button')} />
      <Text style={textStyles.muted}>{t('accountNotice.noAction')}</Text>
    </EmailLayout>
  )
}

AccountNotice.PreviewProps = {
  locale: 'vi',
  reason: 'registration',
  url: 'http://localhost:3000/login',
} satisfies AccountNoticeProps

export default AccountNotice
