import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

// Sent to whatever address was typed at sign-up: fixed text and the link, not the name typed with it.
export type VerifyEmailProps = { locale: Locale; url: string }

/** Subject line of the address-confirmation email. */
export function verifyEmailSubject({ locale }: Pick<VerifyEmailProps, 'locale'>) {
  return getEmailTranslator(locale)('verifyEmail.subject')
}

/** Asks a new user to confirm their address through a one-time link. */
export function VerifyEmail({ locale, url }: VerifyEmailProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout locale={locale} preview={t('verifyEmail.preview')} heading={t('verifyEmail.heading')}>
      <Text style={textStyles.paragraph}>{t('common.greetingAnonymous')}</Text>
      <Text style={textStyles.paragraph}>{t('verifyEmail.body')}</Text>
      <ActionLink locale={locale} url={url} label={t('verifyEmail.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
    </EmailLayout>
  )
}

VerifyEmail.PreviewProps = {
  locale: 'vi',
  url: 'http://localhost:3000/verify-email?token=preview',
} satisfies VerifyEmailProps

export default VerifyEmail
