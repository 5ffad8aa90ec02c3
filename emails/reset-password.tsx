import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

// The account may never have been taken up (an invitation, an unconfirmed sign-up): fixed text, no name.
export type ResetPasswordProps = { locale: Locale; url: string }

/** Subject line of the password-reset email. */
export function resetPasswordSubject({ locale }: Pick<ResetPasswordProps, 'locale'>) {
  return getEmailTranslator(locale)('resetPassword.subject')
}

/** Sends a one-time link to choose a new password. */
export function ResetPassword({ locale, url }: ResetPasswordProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout locale={locale} preview={t('resetPassword.preview')} heading={t('resetPassword.heading')}>
      <Text style={textStyles.paragraph}>{t('common.greetingAnonymous')}</Text>
      <Text style={textStyles.paragraph}>{t('resetPassword.body')}</Text>
      <ActionLink locale={locale} url={url} label={t('resetPassword.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
      <Text style={textStyles.muted}>{t('resetPassword.notYou')}</Text>
    </EmailLayout>
  )
}

ResetPassword.PreviewProps = {
  locale: 'vi',
  url: 'http://localhost:3000/reset-password?token=preview',
} satisfies ResetPasswordProps

export default ResetPassword
