// npm run db:migrate — applies the committed migrations (the server also does this at start-up).
import { closeDatabase } from '../db/client.server'
import { openConfiguredDatabase } from './db'

await openConfiguredDatabase()
await closeDatabase()
process.stdout.write('Migrations applied.\n')
