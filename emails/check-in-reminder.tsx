import { Text } from '@react-email/components'
import type { Locale } from '#app/modules/i18n/locales.ts'
import { getEmailTranslator } from './i18n'
import { ActionLink, EmailLayout, textStyles } from './layout'

export type CheckInReminderProps = {
  locale: Locale
  name: string
  /** The pseudonymous code only. */
  publicCode: string
  /** 30, 90 or 180 days after the start. */
  dayMark: number
  /** YYYY-MM-DD. */
  dueDate: string
  overdue: boolean
  url: string
}

function formatDue(dueDate: string, locale: Locale) {
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(`${dueDate}T00:00:00+07:00`))
}

export function checkInReminderSubject({
  locale,
  publicCode,
  dayMark,
  overdue,
}: Omit<CheckInReminderProps, 'name' | 'url' | 'dueDate'>) {
  const t = getEmailTranslator(locale)
  return t(overdue ? 'checkInReminder.subjectOverdue' : 'checkInReminder.subject', { publicCode, day: String(dayMark) })
}

/** A check-in after a start is due tomorrow, or is overdue. The code only; the details are behind the sign-in. */
export function CheckInReminder({ locale, name, publicCode, dayMark, dueDate, overdue, url }: CheckInReminderProps) {
  const t = getEmailTranslator(locale)
  const vars = { publicCode, day: String(dayMark), date: formatDue(dueDate, locale) }
  return (
    <EmailLayout
      locale={locale}
      preview={checkInReminderSubject({ locale, publicCode, dayMark, overdue })}
      heading={t(overdue ? 'checkInReminder.headingOverdue' : 'checkInReminder.heading')}
    >
      <Text style={textStyles.paragraph}>{t('common.greeting', { name })}</Text>
      <Text style={textStyles.paragraph}>
        {t(overdue ? 'checkInReminder.bodyOverdue' : 'checkInReminder.body', vars)}
      </Text>
      <ActionLink locale={locale} url={url} label={t('checkInReminder.button')} />
    </EmailLayout>
  )
}

CheckInReminder.PreviewProps = {
  locale: 'vi',
  name: 'Trần Văn Dũng',
  publicCode: 'HN-7K3Q9D',
  dayMark: 30,
  dueDate: '2026-12-20',
  overdue: false,
  url: 'http://localhost:3000/caseworker',
} satisfies CheckInReminderProps

export default CheckInReminder
