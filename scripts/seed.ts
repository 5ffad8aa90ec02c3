// npm run db:seed — adds the demo accounts and organisations (idempotent). On a PostgreSQL server this
// runs only when asked for explicitly, as here.
import { closeDatabase } from '../db/client.server'
import { seedDemo } from '../db/seed'
import { openConfiguredDatabase } from './db'

await openConfiguredDatabase()
await seedDemo()
await closeDatabase()
process.stdout.write('Demo data seeded.\n')
