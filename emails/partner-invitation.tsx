import { Text } from '@react-email/components'
import type { Locale } from '~/modules/i18n/locales'
import { getEmailTranslator, type EmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type PartnerInvitationProps = {
  locale: Locale
  name: string
  url: string
  inviterName: string
  organisationName: string
}

// An inviter whose name is unknown (e.g. a deleted account) still gives a whole sentence.
function inviterOrDefault(t: EmailTranslator, inviterName: string) {
  return inviterName.trim() || t('partnerInvitation.defaultInviter')
}

/** Subject line of the invitation to an organisation's team. */
export function partnerInvitationSubject({
  locale,
  inviterName,
  organisationName,
}: Pick<PartnerInvitationProps, 'locale' | 'inviterName' | 'organisationName'>) {
  const t = getEmailTranslator(locale)
  return t('partnerInvitation.subject', { inviterName: inviterOrDefault(t, inviterName), organisationName })
}

/** A colleague invites the recipient to join their organisation's team on Hòa Nhập. */
export function PartnerInvitation({ locale, name, url, inviterName, organisationName }: PartnerInvitationProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout
      locale={locale}
      preview={t('partnerInvitation.preview', { organisationName })}
      heading={t('partnerInvitation.heading', { organisationName })}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>
        {t('partnerInvitation.body', { inviterName: inviterOrDefault(t, inviterName), organisationName })}
      </Text>
      <Text style={textStyles.paragraph}>{t('partnerInvitation.action')}</Text>
      <ActionLink locale={locale} url={url} label={t('partnerInvitation.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
    </EmailLayout>
  )
}

PartnerInvitation.PreviewProps = {
  locale: 'vi',
  name: 'Đỗ Mạnh Cường',
  url: 'http://localhost:3000/invitation?token=preview',
  inviterName: 'Vũ Thị Mai',
  organisationName: 'Công ty May Thăng Long',
} satisfies PartnerInvitationProps

export default PartnerInvitation
