import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type OrganisationDecision = 'approved' | 'rejected' | 'suspended' | 'reinstated'

export type OrganisationDecisionProps = {
  locale: Locale
  name: string
  organisationName: string
  decision: OrganisationDecision
  /** The coordinator's reason (required for rejections and suspensions). */
  reason: string | null
  url: string
}

/** Subject line of a vetting decision about the recipient's organisation. */
export function organisationDecisionSubject({
  locale,
  organisationName,
  decision,
}: Pick<OrganisationDecisionProps, 'locale' | 'organisationName' | 'decision'>) {
  return getEmailTranslator(locale)(`organisationDecision.${decision}.subject`, { organisationName })
}

/** A coordinator approved, rejected, suspended or reinstated the recipient's organisation. */
export function OrganisationDecisionEmail({
  locale,
  name,
  organisationName,
  decision,
  reason,
  url,
}: OrganisationDecisionProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout
      locale={locale}
      preview={t(`organisationDecision.${decision}.subject`, { organisationName })}
      heading={t(`organisationDecision.${decision}.heading`, { organisationName })}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>{t(`organisationDecision.${decision}.body`, { organisationName })}</Text>
      {reason ? <Text style={textStyles.paragraph}>{`${t('organisationDecision.reason')} ${reason}`}</Text> : null}
      <ActionLink locale={locale} url={url} label={t('organisationDecision.button')} />
    </EmailLayout>
  )
}

OrganisationDecisionEmail.PreviewProps = {
  locale: 'vi',
  name: 'Đỗ Thị Lan',
  organisationName: 'Trường Trung cấp Nghề Hà Nội Xanh',
  decision: 'approved',
  reason: null,
  url: 'http://localhost:3000/partner',
} satisfies OrganisationDecisionProps

export default OrganisationDecisionEmail
