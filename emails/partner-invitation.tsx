import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

/**
 * Fixed text and the link, nothing more: the recipient has not joined, so nothing typed by someone else (the
 * organisation's name, the inviter's or the invitee's name) goes into an email to an address anyone could type.
 */
export type PartnerInvitationProps = { locale: Locale; url: string }

/** Subject line of the invitation to an organisation's team. */
export function partnerInvitationSubject({ locale }: Pick<PartnerInvitationProps, 'locale'>) {
  return getEmailTranslator(locale)('partnerInvitation.subject')
}

/** Someone at a partner organisation invited the recipient to its team on Hòa Nhập. */
export function PartnerInvitation({ locale, url }: PartnerInvitationProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout locale={locale} preview={t('partnerInvitation.preview')} heading={t('partnerInvitation.heading')}>
      <Text style={textStyles.paragraph}>{t('common.greetingAnonymous')}</Text>
      <Text style={textStyles.paragraph}>{t('partnerInvitation.body')}</Text>
      <Text style={textStyles.paragraph}>{t('partnerInvitation.action')}</Text>
      <ActionLink locale={locale} url={url} label={t('partnerInvitation.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
    </EmailLayout>
  )
}

PartnerInvitation.PreviewProps = {
  locale: 'vi',
  url: 'http://localhost:3000/invitation?token=preview',
} satisfies PartnerInvitationProps

export default PartnerInvitation
