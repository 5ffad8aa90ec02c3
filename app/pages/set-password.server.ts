import { parseWithZod } from '@conform-to/zod/v4'
import { data } from 'react-router'
import { homePath } from '#app/policy.ts'
import { readForm, replyWithError } from '#app/utils/forms.server.ts'
import { redirectWithToast } from '#app/utils/toast.server.ts'
import { setPasswordWithToken } from '#app/modules/auth/accounts.server.ts'
import { SetPasswordSchema } from '#app/modules/auth/auth.schema.ts'
import { createSession, serializeSessionCookie } from '#app/modules/auth/session.server.ts'

/**
 * The action behind reset and invitation links: set the password, then sign the person in on this
 * device (the link proved the address, the form the new password).
 */
export async function handleSetPassword(options: {
  request: Request
  token: string
  purpose: 'password_reset' | 'invitation'
  clientIp: string | null
}) {
  const submission = parseWithZod(await readForm(options.request), { schema: SetPasswordSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  }
  try {
    const user = await setPasswordWithToken({
      token: options.token,
      purpose: options.purpose,
      password: submission.value.password,
      ipAddress: options.clientIp,
    })
    const { token, session } = await createSession({
      userId: user.id,
      role: user.role,
      userAgent: options.request.headers.get('user-agent'),
      ipAddress: options.clientIp,
    })
    return redirectWithToast(
      homePath(user),
      { type: 'success', key: options.purpose === 'invitation' ? 'toast.invitationAccepted' : 'toast.passwordReset' },
      { headers: { 'Set-Cookie': serializeSessionCookie(token, session.absoluteExpiresAt) } },
    )
  } catch (error) {
    const { status, result } = replyWithError(submission, error, ['password', 'confirmPassword'])
    return data({ result }, { status })
  }
}
