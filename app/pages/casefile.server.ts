import { parseWithZod } from '@conform-to/zod/v4'
import { type ActionFunctionArgs, data, type LoaderFunctionArgs } from 'react-router'
import { formatVietnamesePhone } from '#app/modules/partners/organisation.schema.ts'
import { can } from '#app/policy.ts'
import { requireAreaPermission } from '#app/policy.server.ts'
import { getSkillNames } from '#app/modules/skills/skills.server.ts'
import { listWards } from '#app/modules/wards/wards.server.ts'
import { findLikelyDuplicates } from '#app/modules/candidates/candidates.server.ts'
import { nextStatuses, setCaseStatus } from '#app/modules/candidates/status.server.ts'
import { transferCandidate } from '#app/modules/candidates/transfer.server.ts'
import { matchesOfCandidate } from '#app/modules/matching/match-views.server.ts'
import { ageOn } from '#app/utils/dates.ts'
import { isAppError } from '#app/utils/errors.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import {
  CasefileActionSchema,
  CURRENT_CONSENT_TEXT_VERSION,
  type CasefileIntent,
} from '#app/modules/candidates/casefile.schema.ts'
import { getCasefile } from '#app/modules/candidates/casefile.server.ts'
import { grantConsent, revokeConsent } from '#app/modules/candidates/consent.server.ts'
import { addFollowUp, completeFollowUp, todayInHanoi } from '#app/modules/candidates/follow-ups.server.ts'
import { addNote } from '#app/modules/candidates/notes.server.ts'
import { recordCheckIn } from '#app/modules/matching/check-ins.server.ts'

// The loader and action of the candidate page, shared by /caseworker/candidates/:id and
// /coordinator/candidates/:id: the two areas differ only in their layout's gate and the links they use.

export type CasefileArea = 'caseworker' | 'coordinator'

const notFound = () => new Response('Not found', { status: 404 })

/**
 * The page's data. The sensitive fields ARE in it: this page is only for the candidate's caseworkers and
 * coordinators (getCasefile refuses anyone else), and no other page's loader may carry them. Dates travel
 * as ISO strings; the phone is formatted here. The candidate's name stays out of the URL and the title.
 */
export async function loadCasefile({ request, params }: LoaderFunctionArgs, area: CasefileArea) {
  const { actor } = await requireAreaPermission(request, area, 'candidate:read')
  let file
  try {
    file = await getCasefile({ actor, candidateId: params.id ?? '' })
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw notFound()
    throw error
  }
  const { candidate: c } = file
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return data(
    {
      area,
      basePath: `/${area}/candidates`,
      canWrite: can(actor, 'candidate:write'),
      canExport: can(actor, 'candidate:export'),
      nextStatuses: nextStatuses(file.candidate.status),
      // Checked on every visit ("on demand"): likely the same person, among the records this actor may see.
      duplicates: file.candidate.mergedIntoId
        ? []
        : (await findLikelyDuplicates({ actor, candidateId: file.candidate.id })).map((d) => ({
            id: d.id,
            publicCode: d.publicCode,
            fullName: d.fullName,
            wardName: d.wardName,
            reasons: d.reasons,
          })),
      // For the transfer picker: every ward but the current one.
      wards: can(actor, 'candidate:write') ? (await listWards()).filter((w) => w.code !== file.candidate.wardCode) : [],
      skillNames: await getSkillNames(file.candidate.skills),
      // Resuming intake is the intake pages' job, and only a draft has one to resume.
      continueIntakeHref:
        area === 'caseworker' && c.status === 'draft' ? `/caseworker/candidates/new?draft=${c.id}` : null,
      editHref:
        area === 'caseworker' && (c.status === 'active' || c.status === 'on_hold')
          ? `/caseworker/candidates/new?draft=${c.id}&step=1`
          : null,
      consentTextVersion: CURRENT_CONSENT_TEXT_VERSION,
      // Every match with its history. Finding new ones is the caseworker's (suggestions page).
      matches: await matchesOfCandidate(c.id),
      suggestionsHref:
        area === 'caseworker' && c.status === 'active' && can(actor, 'match:manage')
          ? `/caseworker/candidates/${c.id}/suggestions`
          : null,
      matchHref: area === 'caseworker' ? '/caseworker/matches' : null,
      today: todayInHanoi(),
      candidate: {
        id: c.id,
        publicCode: c.publicCode,
        fullName: c.fullName,
        dateOfBirth: c.dateOfBirth,
        age: c.dateOfBirth ? ageOn(c.dateOfBirth, todayInHanoi()) : null,
        gender: c.gender,
        phone: c.phone ? formatVietnamesePhone(c.phone) : null,
        wardCode: c.wardCode,
        wardName: file.wardName,
        caseworkerName: file.caseworkerName,
        status: c.status,
        background: c.background,
        programmeEndDate: c.programmeEndDate,
        education: c.education,
        skills: c.skills,
        needs: c.needs,
        availability: c.availability,
        preferences: c.preferences,
        createdAt: c.createdAt.toISOString(),
        merged: c.mergedIntoId !== null,
      },
      sensitive: file.sensitive ? { ...file.sensitive, erasedAt: iso(file.sensitive.erasedAt) } : null,
      consent: file.consent.map((p) => ({
        purpose: p.purpose,
        current: p.current
          ? {
              grantedAt: p.current.grantedAt.toISOString(),
              grantedByName: p.current.grantedByName,
              evidence: p.current.evidence,
              textVersion: p.current.textVersion,
            }
          : null,
      })),
      consentHistory: file.consentHistory.map((h) => ({
        id: h.id,
        purpose: h.purpose,
        grantedAt: h.grantedAt.toISOString(),
        grantedByName: h.grantedByName,
        evidence: h.evidence,
        textVersion: h.textVersion,
        revokedAt: iso(h.revokedAt),
        revokedByName: h.revokedByName,
      })),
      notes: file.notes.map((n) => ({
        id: n.id,
        body: n.body,
        sensitive: n.sensitive,
        authorName: n.authorName,
        createdAt: n.createdAt.toISOString(),
      })),
      followUps: file.followUps.map((f) => ({
        id: f.id,
        kind: f.kind,
        title: f.title,
        dueDate: f.dueDate,
        overdue: f.overdue,
        doneAt: iso(f.doneAt),
        doneByName: f.doneByName,
        outcome: f.outcome,
        assignedToName: f.assignedToName,
        // A check-in of a match: its day and answers; the listing's title and kind from the person's matches.
        checkIn: f.matchId
          ? {
              matchId: f.matchId,
              dayMark: f.dayMark,
              onTrack: f.onTrack,
              problems: f.problems,
              supportNeeded: f.supportNeeded,
              listingTitle: f.listingTitle,
            }
          : null,
      })),
      transfers: file.transfers.map((t) => ({
        id: t.id,
        fromWardName: t.fromWardName,
        toWardName: t.toWardName,
        byName: t.byName,
        reason: t.reason,
        createdAt: t.createdAt.toISOString(),
        acknowledgedAt: iso(t.acknowledgedAt),
      })),
    },
    // Never kept by a browser or a proxy (server.ts sets no-store on pages too; this page must not depend on it).
    { headers: { 'Cache-Control': 'no-store' } },
  )
}

/**
 * Every change on the page is a POST with an `intent`: grantConsent, revokeConsent, addNote, addFollowUp,
 * completeFollowUp. Ids travel in the body, never in the URL.
 */
export async function casefileAction({ request, params }: ActionFunctionArgs, area: CasefileArea) {
  const { actor } = await requireAreaPermission(request, area, 'candidate:write')
  const candidateId = params.id ?? ''
  const formData = await readForm(request)
  const intent = String(formData.get('intent') ?? '') as CasefileIntent
  const submission = parseWithZod(formData, { schema: CasefileActionSchema })
  if (submission.status !== 'success') return data({ intent, result: submission.reply() }, { status: 400 })
  const value = submission.value
  try {
    switch (value.intent) {
      case 'grantConsent':
        await grantConsent({ actor, candidateId, ...value })
        break
      case 'revokeConsent':
        await revokeConsent({ actor, candidateId, purpose: value.purpose })
        break
      case 'addNote':
        await addNote({ actor, candidateId, body: value.body, sensitive: value.sensitive === 'on' })
        break
      case 'addFollowUp':
        await addFollowUp({ actor, candidateId, title: value.title, dueDate: value.dueDate, kind: value.kind })
        break
      case 'transfer': {
        await transferCandidate({ actor, candidateId, toWardCode: value.toWardCode, reason: value.reason })
        // The case has left this caseworker's wards: back to the list (a coordinator stays on the record).
        const next = can(actor, 'candidate:read:any') ? `/${area}/candidates/${candidateId}` : `/${area}/candidates`
        return redirectWithToast(next, { type: 'success', key: 'casefile.toast.transfer' })
      }
      case 'setStatus':
        await setCaseStatus({ actor, candidateId, status: value.status })
        break
      case 'recordCheckIn':
        await recordCheckIn({
          actor,
          candidateId,
          followUpId: value.followUpId,
          onTrack: value.onTrack === 'yes',
          problems: value.problems,
          supportNeeded: value.supportNeeded,
          endReason: value.endReason || null,
        })
        break
      case 'completeFollowUp':
        // Only a follow-up of this page's candidate: a mismatched pair is "not found", like any unknown id.
        await completeFollowUp({ actor, candidateId, followUpId: value.followUpId, outcome: value.outcome })
        break
    }
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw notFound()
    if (isAppError(error) && typeof error.values?.message === 'string') {
      const reply = submission.reply({ formErrors: [error.values.message] })
      return data({ intent, result: reply }, { status: error.status })
    }
    if (isAppError(error) && error.code === 'conflict' && typeof error.values?.reason === 'string') {
      const reply = submission.reply({ formErrors: [`consent.errors.${error.values.reason}`] })
      return data({ intent, result: reply }, { status: 409 })
    }
    const { status, result } = replyWithError(submission, error)
    return data({ intent, result }, { status })
  }
  return redirectWithToast(`/${area}/candidates/${candidateId}`, { type: 'success', key: `casefile.toast.${intent}` })
}
