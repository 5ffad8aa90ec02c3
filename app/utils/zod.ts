import { z } from 'zod'
import { validationMessageKey } from '#app/modules/i18n/validation.ts'

// Zod for the app: checks that name no message of their own answer a locale key (validation.ts), not zod's
// English. Every module that validates imports z from here, so the setting travels with the code that needs it
// and pages that validate nothing carry no zod to the browser.
z.config({ customError: (issue) => validationMessageKey(issue) })

export { z }
