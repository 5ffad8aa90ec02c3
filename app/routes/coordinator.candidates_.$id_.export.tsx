import { redirect } from 'react-router'
import { exportCandidateData } from '#app/modules/candidates/export.server.ts'
import { requirePermission } from '#app/policy.server.ts'
import { isAppError } from '#app/utils/errors.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { readForm } from '#app/utils/forms.server.ts'
import type { Route } from './+types/coordinator.candidates_.$id_.export'

export async function loader() {
  return redirect('/coordinator/candidates')
}

/** A person's data as a JSON file (their right of access): coordinators only, the reason audited. */
export async function action({ request, params }: Route.ActionArgs) {
  const { actor } = await requirePermission(request, 'candidate:export')
  const reason = String((await readForm(request)).get('reason') ?? '')
  try {
    const data = await exportCandidateData({ actor, candidateId: params.id, reason })
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        // The public code, never the name, in the file name (it ends up in download histories).
        'Content-Disposition': `attachment; filename="hoa-nhap-${data.person.publicCode}.json"`,
        'Cache-Control': 'no-store',
      },
    })
  } catch (error) {
    if (isAppError(error) && error.code === 'not_found') throw new Response('Not found', { status: 404 })
    if (isAppError(error) && error.code === 'invalid_input') {
      // The id is checked after the reason: back to the page of the id as it came, encoded, unless it cannot be
      // encoded at all (a lone surrogate makes encodeURIComponent throw): then to the caseload.
      const back = backTo(params.id)
      return redirectWithToast(back, {
        type: 'error',
        key: 'casefileActions.exportReasonNeeded',
      })
    }
    throw error
  }
}

function backTo(id: string) {
  try {
    return `/coordinator/candidates/${encodeURIComponent(id)}`
  } catch {
    return '/coordinator/candidates'
  }
}
