import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type RunningServer } from '../support/server'

// Bodies under the 1 MB limit whose parsing cost grows faster than their size. Before the field limits in
// readForm, 30,000 empty fields (90 kB) posted to /login stopped /healthz for 7 s, and a 1 MB body of them for
// over 13 minutes: Conform copies the value list for every repeated name. Each shape is posted while the health
// check is asked beside it; the answer must be an immediate refusal and the process must keep answering.
let server: RunningServer

beforeAll(async () => {
  server = await startServer({ port: 3230 })
})
afterAll(async () => {
  expect(await server.stop()).toBe(0)
})

const BOUNDARY = 'hostile-boundary'
const SHAPES: { name: string; body: string; type: string; status: number }[] = [
  { name: '30,000 empty fields (90 kB)', body: 'a=&'.repeat(30_000), type: 'urlencoded', status: 413 },
  { name: '340,000 empty fields (1 MB)', body: 'a=&'.repeat(340_000), type: 'urlencoded', status: 413 },
  { name: '300,000 bare separators', body: '&'.repeat(300_000), type: 'urlencoded', status: 413 },
  { name: '1,001 distinct names', body: fields(1001, (i) => `f${i}`), type: 'urlencoded', status: 413 },
  { name: '201 values of one name', body: fields(201, () => 'email'), type: 'urlencoded', status: 400 },
  { name: '15,000 multipart parts (900 kB)', body: multipart(15_000), type: 'multipart', status: 413 },
]

function fields(count: number, name: (i: number) => string) {
  return Array.from({ length: count }, (_, i) => `${name(i)}=x`).join('&')
}

function multipart(parts: number) {
  const part = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="a"\r\n\r\n\r\n`
  return `${part.repeat(parts)}--${BOUNDARY}--\r\n`
}

function post(path: string, body: string, type: string) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      Origin: server.url,
      'Sec-Fetch-Site': 'same-origin',
      'Content-Type':
        type === 'multipart' ? `multipart/form-data; boundary=${BOUNDARY}` : 'application/x-www-form-urlencoded',
    },
    body,
  })
}

/** The slowest /healthz answer while `work` runs (asked every 50 ms), and what `work` returned. */
async function healthBeside<T>(work: () => Promise<T>): Promise<{ slowestMs: number; result: T }> {
  let done = false
  let slowestMs = 0
  const probe = (async () => {
    while (!done) {
      const started = performance.now()
      await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer())
      slowestMs = Math.max(slowestMs, performance.now() - started)
      await new Promise((r) => setTimeout(r, 50))
    }
  })()
  const result = await work()
  // One more round after the answer: a refusal sent while the parse still runs would hide the freeze.
  await new Promise((r) => setTimeout(r, 150))
  done = true
  await probe
  return { slowestMs, result }
}

describe('form bodies whose parsing cost grows faster than their size', () => {
  for (const path of ['/login', '/join', '/login.data']) {
    it(`${path}: each hostile shape is refused at once and the health check keeps answering`, async () => {
      for (const shape of SHAPES) {
        expect(shape.body.length, shape.name).toBeLessThan(1024 * 1024)
        const { slowestMs, result } = await healthBeside(() => post(path, shape.body, shape.type))
        await result.arrayBuffer()
        expect(result.status, `${path} ${shape.name}`).toBe(shape.status)
        // Generous for a shared 2-core machine; the fault it guards against held the process for seconds.
        expect(slowestMs, `${path} ${shape.name}: slowest /healthz`).toBeLessThan(1500)
      }
    })
  }

  it('a form at the limits is still read: 200 values of one name reach the action', async () => {
    const res = await post('/login', `${fields(200, () => 'email')}&password=x`, 'urlencoded')
    // The sign-in form answers it as bad input, on its own page, not as a hostile body.
    expect(res.status).toBeLessThan(413)
    expect(await res.text()).toContain('name="password"')
  })
})
