import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type CaseTransferredProps = {
  locale: Locale
  name: string
  /** The pseudonymous code only: an email never carries who the person is. */
  publicCode: string
  fromWardName: string
  toWardName: string
  url: string
}

export function caseTransferredSubject({ locale, publicCode }: Pick<CaseTransferredProps, 'locale' | 'publicCode'>) {
  return getEmailTranslator(locale)('caseTransferred.subject', { publicCode })
}

/** A case moved into one of the recipient's wards: they have 24 hours to take it over. */
export function CaseTransferred({ locale, name, publicCode, fromWardName, toWardName, url }: CaseTransferredProps) {
  const t = getEmailTranslator(locale)
  return (
    <EmailLayout
      locale={locale}
      preview={t('caseTransferred.subject', { publicCode })}
      heading={t('caseTransferred.heading')}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>{t('caseTransferred.body', { publicCode, fromWardName, toWardName })}</Text>
      <Text style={textStyles.paragraph}>{t('caseTransferred.deadline')}</Text>
      <ActionLink locale={locale} url={url} label={t('caseTransferred.button')} />
    </EmailLayout>
  )
}

CaseTransferred.PreviewProps = {
  locale: 'vi',
  name: 'Lê Thị Thu Hà',
  publicCode: 'HN-7K3Q9D',
  fromWardName: 'Phường Hoàn Kiếm',
  toWardName: 'Phường Hà Đông',
  url: 'http://localhost:3000/caseworker',
} satisfies CaseTransferredProps

export default CaseTransferred
