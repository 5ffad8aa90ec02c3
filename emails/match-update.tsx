import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator, type EmailKey } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

/** What happened to a referral, told to the side that did not do it. */
export const MATCH_EMAIL_EVENTS = [
  'interest',
  'referred',
  'rejected',
  'accepted',
  'declined',
  'started',
  'completed',
  'ended',
  'withdrawn',
] as const
export type MatchEmailEvent = (typeof MATCH_EMAIL_EVENTS)[number]
export type MatchEmailAudience = 'partner' | 'caseworker'

export type MatchUpdateProps = {
  locale: Locale
  name: string
  audience: MatchEmailAudience
  event: MatchEmailEvent
  /** The pseudonymous code only: an email never says who the person is or where they come from. */
  publicCode: string
  listingTitle: string
  organisationName: string
  url: string
}

export function matchUpdateSubject({
  locale,
  audience,
  event,
  publicCode,
  listingTitle,
  organisationName,
}: Pick<MatchUpdateProps, 'locale' | 'audience' | 'event' | 'publicCode' | 'listingTitle' | 'organisationName'>) {
  return getEmailTranslator(locale)(`matchUpdate.${audience}.${event}.subject` as EmailKey, {
    publicCode,
    listingTitle,
    organisationName,
  })
}

/**
 * "A referral from Hòa Nhập": a new referral or interest, or a referral's next step. Only the code, the
 * listing and the organisation — the details are behind the sign-in.
 */
export function MatchUpdate({
  locale,
  name,
  audience,
  event,
  publicCode,
  listingTitle,
  organisationName,
  url,
}: MatchUpdateProps) {
  const t = getEmailTranslator(locale)
  const vars = { publicCode, listingTitle, organisationName }
  return (
    <EmailLayout
      locale={locale}
      preview={t(`matchUpdate.${audience}.${event}.subject` as EmailKey, vars)}
      heading={t(`matchUpdate.${audience}.${event}.heading` as EmailKey, vars)}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>{t(`matchUpdate.${audience}.${event}.body` as EmailKey, vars)}</Text>
      <Text style={textStyles.paragraph}>{t('matchUpdate.privacy')}</Text>
      <ActionLink locale={locale} url={url} label={t(`matchUpdate.${audience}.button` as EmailKey)} />
    </EmailLayout>
  )
}

MatchUpdate.PreviewProps = {
  locale: 'vi',
  name: 'Trần Thị Mai',
  audience: 'partner',
  event: 'referred',
  publicCode: 'HN-7K3Q9D',
  listingTitle: 'Thợ hàn bậc 2',
  organisationName: 'Công ty TNHH Cơ khí Sông Hồng',
  url: 'http://localhost:3000/partner/referrals',
} satisfies MatchUpdateProps

export default MatchUpdate
