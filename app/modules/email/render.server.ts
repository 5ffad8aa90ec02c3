import { render } from '@react-email/render'
import { createElement, type ReactElement } from 'react'
import { AccountNotice, accountNoticeSubject, type AccountNoticeReason } from '#emails/account-notice.tsx'
import { CaseTransferred, caseTransferredSubject } from '#emails/case-transferred.tsx'
import { CaseworkerInvitation, caseworkerInvitationSubject } from '#emails/caseworker-invitation.tsx'
import { CheckInReminder, checkInReminderSubject, type CheckInReminderProps } from '#emails/check-in-reminder.tsx'
import { MatchUpdate, matchUpdateSubject, type MatchUpdateProps } from '#emails/match-update.tsx'
import {
  OrganisationDecisionEmail,
  organisationDecisionSubject,
  type OrganisationDecision,
} from '#emails/organisation-decision.tsx'
import { PartnerInvitation, partnerInvitationSubject } from '#emails/partner-invitation.tsx'
import { ResetPassword, resetPasswordSubject } from '#emails/reset-password.tsx'
import { VerifyEmail, verifyEmailSubject } from '#emails/verify-email.tsx'
import type { Locale } from '#app/modules/i18n/locales.ts'

/**
 * Every email the app sends, with the data its template needs. Emails to people who may not have joined (a
 * sign-up's address, an invitation, a reset, a notice) take no text typed by anyone: fixed text and a link.
 */
export type EmailMessage =
  | { template: 'verify-email'; props: { url: string } }
  | { template: 'reset-password'; props: { url: string } }
  | { template: 'caseworker-invitation'; props: { name: string; url: string; inviterName: string } }
  | { template: 'partner-invitation'; props: { url: string } }
  | { template: 'account-notice'; props: { url: string; reason: AccountNoticeReason } }
  | {
      template: 'organisation-decision'
      props: {
        name: string
        url: string
        organisationName: string
        decision: OrganisationDecision
        reason: string | null
      }
    }
  | {
      template: 'case-transferred'
      props: { name: string; url: string; publicCode: string; fromWardName: string; toWardName: string }
    }
  | { template: 'match-update'; props: Omit<MatchUpdateProps, 'locale'> }
  | { template: 'check-in-reminder'; props: Omit<CheckInReminderProps, 'locale'> }

export type EmailTemplate = EmailMessage['template']

export type RenderedEmail = { subject: string; html: string; text: string }

/**
 * Templates whose link carries a one-time token. Once such an email has really been delivered its body
 * is redacted in the outbox, so a database reader cannot use the link.
 */
export const ONE_TIME_LINK_TEMPLATES: ReadonlySet<string> = new Set<EmailTemplate>([
  'verify-email',
  'reset-password',
  'caseworker-invitation',
  'partner-invitation',
])

function build(message: EmailMessage, locale: Locale): { element: ReactElement; subject: string } {
  switch (message.template) {
    case 'verify-email':
      return {
        element: createElement(VerifyEmail, { locale, ...message.props }),
        subject: verifyEmailSubject({ locale }),
      }
    case 'reset-password':
      return {
        element: createElement(ResetPassword, { locale, ...message.props }),
        subject: resetPasswordSubject({ locale }),
      }
    case 'caseworker-invitation':
      return {
        element: createElement(CaseworkerInvitation, { locale, ...message.props }),
        subject: caseworkerInvitationSubject({ locale, ...message.props }),
      }
    case 'partner-invitation':
      return {
        element: createElement(PartnerInvitation, { locale, ...message.props }),
        subject: partnerInvitationSubject({ locale }),
      }
    case 'account-notice':
      return {
        element: createElement(AccountNotice, { locale, ...message.props }),
        subject: accountNoticeSubject({ locale, ...message.props }),
      }
    case 'case-transferred':
      return {
        element: createElement(CaseTransferred, { locale, ...message.props }),
        subject: caseTransferredSubject({ locale, ...message.props }),
      }
    case 'check-in-reminder':
      return {
        element: createElement(CheckInReminder, { locale, ...message.props }),
        subject: checkInReminderSubject({ locale, ...message.props }),
      }
    case 'match-update':
      return {
        element: createElement(MatchUpdate, { locale, ...message.props }),
        subject: matchUpdateSubject({ locale, ...message.props }),
      }
    case 'organisation-decision':
      return {
        element: createElement(OrganisationDecisionEmail, { locale, ...message.props }),
        subject: organisationDecisionSubject({ locale, ...message.props }),
      }
  }
}

/** Renders a message in the given language: subject, HTML and the plain-text alternative. */
export async function renderEmail(message: EmailMessage, locale: Locale): Promise<RenderedEmail> {
  const { element, subject } = build(message, locale)
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })])
  // Names typed by users end up in the subject: a line break there has no business in a mail header.
  return { subject: subject.replace(/\s+/g, ' ').trim(), html, text }
}
