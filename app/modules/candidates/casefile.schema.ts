import { isCalendarDate } from '#app/utils/dates.ts'
import { z } from '#app/utils/zod.ts'
import { isUuid } from '#app/utils/ids.ts'

// The forms of the candidate page ("hồ sơ"), shared by the browser (Conform) and the server (the action and
// the domain functions). Error messages are locale keys.

export const CONSENT_PURPOSES = [
  'talent_pool',
  'share_with_employers',
  'share_with_training_centres',
  'share_with_lenders',
] as const

/**
 * The version of the consent text a caseworker reads to (and has signed by) the candidate. The text itself
 * lives in the locale files under `consentText.<version>`; a new wording gets a new version and key, and the
 * old one stays so that past grants still show what was agreed to.
 */
export const CURRENT_CONSENT_TEXT_VERSION = '2026-11'
export const CONSENT_TEXT_VERSIONS = [CURRENT_CONSENT_TEXT_VERSION] as const

export const FOLLOW_UP_KINDS = ['check_in', 'task'] as const

const required = { error: 'validation.required' }
const text = (min: number, max: number) =>
  z.string(required).trim().min(min, { error: 'validation.tooShort' }).max(max, { error: 'validation.tooLong' })
const choice = <T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: 'validation.required' })

/** A calendar date as the date input sends it (YYYY-MM-DD), and a real one (no 31 February). */
const isoDate = z.string(required).refine((v) => isCalendarDate(v), { error: 'followUps.invalidDate' })

export const GrantConsentSchema = z.object({
  intent: z.literal('grantConsent'),
  purpose: choice(CONSENT_PURPOSES),
  /** e.g. the reference of the signed paper form. */
  evidence: text(1, 200),
  textVersion: choice(CONSENT_TEXT_VERSIONS),
})

export const RevokeConsentSchema = z.object({
  intent: z.literal('revokeConsent'),
  purpose: choice(CONSENT_PURPOSES),
})

export const AddNoteSchema = z.object({
  intent: z.literal('addNote'),
  body: text(1, 5000),
  /** A checkbox, ticked by default on the page: unticked means the note is not sensitive. */
  sensitive: z.literal('on').optional(),
})

export const AddFollowUpSchema = z.object({
  intent: z.literal('addFollowUp'),
  title: text(1, 200),
  dueDate: isoDate,
  kind: choice(FOLLOW_UP_KINDS),
})

export const CompleteFollowUpSchema = z.object({
  intent: z.literal('completeFollowUp'),
  followUpId: z.string(required).refine(isUuid, { error: 'errors.not_found' }),
  outcome: text(0, 2000).optional(),
})

export const RecordCheckInSchema = z.object({
  intent: z.literal('recordCheckIn'),
  followUpId: z.string(required).refine(isUuid, { error: 'errors.not_found' }),
  onTrack: z.enum(['yes', 'no'], { error: 'checkIn.errors.onTrack' }),
  problems: text(0, 2000).optional(),
  supportNeeded: text(0, 2000).optional(),
  endReason: z.string().max(40).optional(),
})

export const TransferSchema = z.object({
  intent: z.literal('transfer'),
  toWardCode: z
    .string({ error: 'validation.transferWardChoose' })
    .regex(/^\d{5}$/, { error: 'validation.transferWardChoose' }),
  reason: text(0, 500).optional(),
})

export const SetStatusSchema = z.object({
  intent: z.literal('setStatus'),
  status: z.enum(['active', 'on_hold', 'closed'], { error: 'validation.choose' }),
})

export const CasefileActionSchema = z.discriminatedUnion('intent', [
  TransferSchema,
  SetStatusSchema,
  GrantConsentSchema,
  RevokeConsentSchema,
  AddNoteSchema,
  AddFollowUpSchema,
  CompleteFollowUpSchema,
  RecordCheckInSchema,
])
export type CasefileIntent = z.infer<typeof CasefileActionSchema>['intent']
