import { parseWithZod } from '@conform-to/zod/v4'
import { describe, expect, test } from 'vitest'
import { z } from '#app/utils/zod.ts'
import { validationMessageKey } from '#app/modules/i18n/validation.ts'
import { FORM_BODY_LIMIT, FORM_FIELD_LIMIT, FORM_VALUES_PER_NAME_LIMIT, readForm } from '#app/utils/forms.server.ts'

// How every action reads its form (found by tests/integration/fuzz-actions.test.ts: before, a body that was
// not a form threw a TypeError, a 500), and the locale keys zod's own messages become.

function post(body: BodyInit | null, contentType: string | null, headers: Record<string, string> = {}) {
  return new Request('http://localhost/x', {
    method: 'POST',
    body,
    headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
    // A stream body needs it; harmless otherwise.
    ...({ duplex: 'half' } as object),
  })
}

async function statusOf(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (error instanceof Response) return error.status
    throw error
  }
  return 200
}

describe('readForm', () => {
  test('reads url-encoded and multipart forms, repeated names included', async () => {
    const encoded = await readForm(
      post('name=Nguy%E1%BB%85n&ward=00070&ward=00082', 'application/x-www-form-urlencoded;charset=UTF-8'),
    )
    expect(encoded.get('name')).toBe('Nguyễn')
    expect(encoded.getAll('ward')).toEqual(['00070', '00082'])
    const multipart = new FormData()
    multipart.append('note', 'Gặp lại\r\nsau')
    const request = new Request('http://localhost/x', { method: 'POST', body: multipart })
    expect((await readForm(request)).get('note')).toBe('Gặp lại\r\nsau')
  })

  test('another content type, or none: 415', async () => {
    for (const type of [null, 'text/plain', 'application/json', 'application/x-www-form-urlencodedx', 'text/html']) {
      expect(await statusOf(readForm(post('a=1', type))), String(type)).toBe(415)
    }
  })

  test('a multipart body that does not parse: 400', async () => {
    expect(await statusOf(readForm(post('garbage', 'multipart/form-data; boundary=xyz')))).toBe(400)
    expect(await statusOf(readForm(post('a=1', 'multipart/form-data')))).toBe(400)
  })

  test('over the limit: 413, by its declared length or by what arrives', async () => {
    const big = `a=${'x'.repeat(FORM_BODY_LIMIT)}`
    expect(await statusOf(readForm(post(big, 'application/x-www-form-urlencoded')))).toBe(413)
    // No Content-Length (a stream): counted as it arrives, and no more is read past the limit.
    let sent = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 64 * 1024
        controller.enqueue(new Uint8Array(64 * 1024).fill(120))
      },
    })
    expect(await statusOf(readForm(post(stream, 'application/x-www-form-urlencoded')))).toBe(413)
    expect(sent).toBeLessThan(2 * FORM_BODY_LIMIT)
    // Just under the limit is read.
    const fits = `a=${'x'.repeat(FORM_BODY_LIMIT - 2)}`
    expect((await readForm(post(fits, 'application/x-www-form-urlencoded'))).get('a')).toHaveLength(FORM_BODY_LIMIT - 2)
  })

  test('more fields than FORM_FIELD_LIMIT: 413, counted on the bytes, empty segments included', async () => {
    const urlencoded = 'application/x-www-form-urlencoded'
    const named = (n: number) => Array.from({ length: n }, (_, i) => `f${i}=x`).join('&')
    expect((await readForm(post(named(FORM_FIELD_LIMIT), urlencoded))).get(`f${FORM_FIELD_LIMIT - 1}`)).toBe('x')
    expect(await statusOf(readForm(post(named(FORM_FIELD_LIMIT + 1), urlencoded)))).toBe(413)
    expect(await statusOf(readForm(post('&'.repeat(FORM_FIELD_LIMIT), urlencoded)))).toBe(413)
    const parts = (n: number) => {
      const form = new FormData()
      for (let i = 0; i < n; i++) form.append(`f${i}`, 'x')
      return new Request('http://localhost/x', { method: 'POST', body: form })
    }
    expect((await readForm(parts(FORM_FIELD_LIMIT))).get('f0')).toBe('x')
    expect(await statusOf(readForm(parts(FORM_FIELD_LIMIT + 1)))).toBe(413)
  })

  test('more values of one name than FORM_VALUES_PER_NAME_LIMIT: 400', async () => {
    const repeated = (n: number) => post(Array(n).fill('ward=00070').join('&'), 'application/x-www-form-urlencoded')
    expect((await readForm(repeated(FORM_VALUES_PER_NAME_LIMIT))).getAll('ward')).toHaveLength(
      FORM_VALUES_PER_NAME_LIMIT,
    )
    expect(await statusOf(readForm(repeated(FORM_VALUES_PER_NAME_LIMIT + 1)))).toBe(400)
  })

  test('a NUL character in a value or a name: 400 (PostgreSQL cannot store it)', async () => {
    expect(await statusOf(readForm(post('note=a%00b', 'application/x-www-form-urlencoded')))).toBe(400)
    expect(await statusOf(readForm(post('no%00te=ab', 'application/x-www-form-urlencoded')))).toBe(400)
    expect(await statusOf(readForm(post('note=a%01b', 'application/x-www-form-urlencoded')))).toBe(200)
  })
})

describe("zod's own messages are locale keys", () => {
  test('the keys', () => {
    expect(validationMessageKey({ code: 'invalid_type', input: undefined })).toBe('validation.required')
    expect(validationMessageKey({ code: 'invalid_type', input: ['a', 'b'] })).toBe('errors.invalid_input')
    expect(validationMessageKey({ code: 'too_big', origin: 'string' })).toBe('validation.tooLong')
    expect(validationMessageKey({ code: 'too_small', origin: 'string' })).toBe('validation.tooShort')
    expect(validationMessageKey({ code: 'too_big', origin: 'array' })).toBe('errors.invalid_input')
    expect(validationMessageKey({ code: 'invalid_value' })).toBe('errors.invalid_input')
  })

  test('installed with #app/utils/zod.ts: a check without a message of its own answers with a key', () => {
    const schema = z.object({ note: z.string().max(3).optional(), tick: z.literal('on').optional() })
    const form = new FormData()
    form.append('note', 'dài quá')
    form.append('tick', 'yes')
    const submission = parseWithZod(form, { schema })
    expect(submission.status).toBe('error')
    expect(submission.reply().error).toEqual({ note: ['validation.tooLong'], tick: ['errors.invalid_input'] })
    // A message given by the schema still wins.
    expect(z.string().max(1, { error: 'targets.errors.tooLarge' }).safeParse('ab').error?.issues[0]?.message).toBe(
      'targets.errors.tooLarge',
    )
  })
})
