import { Text } from '@react-email/components'
import type { Locale } from '~/modules/i18n/locales'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type VerifyEmailProps = { locale: Locale; name: string; url: string }

/** Subject line of the address-confirmation email. */
export function verifyEmailSubject({ locale }: Pick<VerifyEmailProps, 'locale'>) {
  return getEmailTranslator(locale)('verifyEmail.subject')
}

/** Asks a new user to confirm their address through a one-time link. */
export function VerifyEmail({ locale, name, url }: VerifyEmailProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout locale={locale} preview={t('verifyEmail.preview')} heading={t('verifyEmail.heading')}>
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>{t('verifyEmail.body')}</Text>
      <ActionLink locale={locale} url={url} label={t('verifyEmail.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
    </EmailLayout>
  )
}

VerifyEmail.PreviewProps = {
  locale: 'vi',
  name: 'Nguyễn Thị Lan',
  url: 'http://localhost:3000/verify-email?token=preview',
} satisfies VerifyEmailProps

export default VerifyEmail
