import { defineConfig } from 'vitest/config'

// Unit tests are pure. Integration tests get a fresh database per file: in-memory PGlite by default,
// or a database cloned from a migrated template on the server named by TEST_DATABASE_URL.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.{ts,tsx}'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}'],
          environment: 'node',
          globalSetup: ['tests/setup/global-db.ts'],
          setupFiles: ['tests/setup/db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        // Needs `npm run build` first: these start the production server and talk HTTP to it.
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // `npm run test:resilience` (scripts/resilience.mjs): minutes of load and faults on the production
        // build and a PostgreSQL server of its own. Not part of `npm test`.
        test: {
          name: 'resilience',
          include: ['tests/resilience/**/*.test.ts'],
          environment: 'node',
          testTimeout: 150_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
    setupFiles: ['tests/setup/console.ts'],
  },
})
