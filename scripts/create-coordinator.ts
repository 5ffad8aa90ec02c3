// npm run create-coordinator -- email@example.vn [--name "Họ và tên"] [--locale vi|en]
// Creates the first coordinator with an invitation link (printed here and emailed through the outbox).
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { closeDatabase } from '../db/client.server'
import { createCoordinator } from '../app/modules/auth/accounts.server'
import { isAppError } from '../app/utils/errors'
import { openConfiguredDatabase } from './db'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, locale: { type: 'string' } },
})
const email = z.email().safeParse(positionals[0])
if (!email.success) {
  process.stderr.write('Usage: npm run create-coordinator -- email@example.vn [--name "Họ và tên"] [--locale vi|en]\n')
  process.exit(2)
}
const locale = values.locale === 'en' ? 'en' : 'vi'
await openConfiguredDatabase()
try {
  const { invitationUrl } = await createCoordinator({
    email: email.data,
    name: values.name ?? email.data.split('@')[0]!,
    locale,
  })
  process.stdout.write(
    `Coordinator ${email.data} created.\nThey choose a password at this link (valid 7 days, also emailed):\n${invitationUrl}\n`,
  )
} catch (error) {
  if (isAppError(error) && error.code === 'email_taken') {
    process.stderr.write(`An account with ${email.data} already exists.\n`)
    process.exitCode = 1
  } else throw error
} finally {
  await closeDatabase()
}
