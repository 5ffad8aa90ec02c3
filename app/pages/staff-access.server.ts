import { isAppError } from '#app/utils/errors.ts'
import type { Actor } from '#app/policy.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { setStaffAccess } from '#app/modules/caseworkers/caseworkers.server.ts'

/**
 * The `intent=staff-access` form of the coordinators' pages: disable or re-enable an account, then back to
 * `backTo` with a toast — the refusal (the last coordinator, an unknown account) as an error toast, never a 500.
 */
export async function handleStaffAccess(options: {
  actor: Actor
  formData: FormData
  backTo: string
  /** The account the page is about; otherwise the form's `userId`. */
  userId?: string
}) {
  const userId = options.userId ?? String(options.formData.get('userId') ?? '')
  const access = options.formData.get('access')
  if (access !== 'active' && access !== 'disabled') {
    return redirectWithToast(options.backTo, { type: 'error', key: 'errors.invalid_input' })
  }
  try {
    const { name } = await setStaffAccess({ actor: options.actor, userId, access })
    return redirectWithToast(options.backTo, {
      type: 'success',
      key: access === 'disabled' ? 'toast.staffDisabled' : 'toast.staffEnabled',
      values: { name },
    })
  } catch (error) {
    if (isAppError(error)) return redirectWithToast(options.backTo, { type: 'error', key: `errors.${error.code}` })
    throw error
  }
}
