import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator, type EmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type CaseworkerInvitationProps = { locale: Locale; name: string; url: string; inviterName: string }

// An inviter whose name is unknown (e.g. a deleted account) still gives a whole sentence.
function inviterOrDefault(t: EmailTranslator, inviterName: string) {
  return inviterName.trim() || t('caseworkerInvitation.defaultInviter')
}

/** Subject line of the caseworker account invitation. */
export function caseworkerInvitationSubject({
  locale,
  inviterName,
}: Pick<CaseworkerInvitationProps, 'locale' | 'inviterName'>) {
  const t = getEmailTranslator(locale)
  return t('caseworkerInvitation.subject', { inviterName: inviterOrDefault(t, inviterName) })
}

/** A coordinator created a caseworker account: the link lets the invitee choose a password. */
export function CaseworkerInvitation({ locale, name, url, inviterName }: CaseworkerInvitationProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout
      locale={locale}
      preview={t('caseworkerInvitation.preview')}
      heading={t('caseworkerInvitation.heading')}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>
        {t('caseworkerInvitation.body', { inviterName: inviterOrDefault(t, inviterName) })}
      </Text>
      <Text style={textStyles.paragraph}>{t('caseworkerInvitation.action')}</Text>
      <ActionLink locale={locale} url={url} label={t('caseworkerInvitation.button')} />
      <Text style={textStyles.muted}>{t('common.expiry')}</Text>
    </EmailLayout>
  )
}

CaseworkerInvitation.PreviewProps = {
  locale: 'vi',
  name: 'Phạm Thu Hà',
  url: 'http://localhost:3000/invitation?token=preview',
  inviterName: 'Lê Quang Huy',
} satisfies CaseworkerInvitationProps

export default CaseworkerInvitation
