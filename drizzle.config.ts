import { defineConfig } from 'drizzle-kit'

// Migrations are generated from db/schema and committed; they are applied in code at start-up
// (db/client.server.ts) so that PGlite and a Postgres server run exactly the same files.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  casing: 'snake_case',
})
