import { expect, it } from 'vitest'
import { startServer } from '../support/server'

it('finishes the requests in flight when it gets SIGTERM, then exits 0 within 10 s', async () => {
  const server = await startServer({ port: 3222 })
  // Each sign-in hashes a password (tens of ms): a dozen of them are still running when the signal lands.
  const inFlight = Array.from({ length: 12 }, (_, i) =>
    fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url },
      body: new URLSearchParams({ email: `nguoi-${i}@example.vn`, password: 'Mot-mat-khau-dai-du' }),
    }).then(
      (res) => res.status,
      (error: Error) => `failed: ${error.message}`,
    ),
  )
  await new Promise((r) => setTimeout(r, 40))
  const signalled = Date.now()
  const exit = server.stop()
  const statuses = await Promise.all(inFlight)
  expect(statuses).toEqual(Array(12).fill(400))
  expect(await exit).toBe(0)
  expect(Date.now() - signalled).toBeLessThan(10_000)
  // Once draining, nothing new is accepted.
  await expect(fetch(`${server.url}/healthz`)).rejects.toThrow()
})
