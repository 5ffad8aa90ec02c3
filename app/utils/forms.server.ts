import type { Submission } from '@conform-to/react'
import { isAppError } from './errors'

/**
 * Turns an expected domain error into the form's reply: on its field when it has one, otherwise on the
 * form, as locale keys. Anything else is rethrown (a real fault, for the error boundary and the log).
 * Password fields are never sent back to the browser.
 */
export function replyWithError(submission: Submission<unknown>, error: unknown, hideFields: string[] = []) {
  if (!isAppError(error)) throw error
  const key =
    error.code === 'password_weak' && error.values?.problem
      ? `errors.password_${error.values.problem}`
      : `errors.${error.code}`
  const reply = error.field
    ? submission.reply({ fieldErrors: { [error.field]: [key] }, hideFields })
    : submission.reply({ formErrors: [key], hideFields })
  return { result: reply, errorValues: error.values ?? null, status: error.status }
}

/**
 * The most a form body may weigh. The largest form (a listing: 5,000 characters of description, 2,000 of
 * notes…) is well under 100 KB even with every character percent-encoded; a megabyte leaves ample room.
 */
export const FORM_BODY_LIMIT = 1024 * 1024

/**
 * The most fields a form may hold, and the most values one name may carry. The largest real forms hold about
 * a hundred fields (a caseworker's wards: up to 126 checkboxes of one name). Both are checked on the raw bytes
 * before anything parses the form: Conform's parsing copies the value list for every repeated name, so its cost
 * grows with the square of the count (30,000 empty fields in a 90 kB body froze the process for 7 s).
 */
export const FORM_FIELD_LIMIT = 1000
export const FORM_VALUES_PER_NAME_LIMIT = 200

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])

/**
 * The posted form, read the one way every action reads it. A body that is not a form is the client's
 * mistake, answered with a 4xx (the error page says so in the reader's language), never a 500: another
 * content type (415), more than FORM_BODY_LIMIT bytes or FORM_FIELD_LIMIT fields (413), more than
 * FORM_VALUES_PER_NAME_LIMIT values of one name (400), a multipart body that does not parse (400), or a NUL
 * character, which PostgreSQL cannot store in text and no browser form sends (400).
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (!FORM_TYPES.has(type)) throw new Response('Unsupported Media Type', { status: 415 })
  if (Number(request.headers.get('content-length') ?? 0) > FORM_BODY_LIMIT) throw tooLarge()
  const body = await readLimited(request)
  if (countFields(body, type, request.headers.get('content-type')!) > FORM_FIELD_LIMIT) throw tooLarge()
  let form: FormData
  try {
    const response = new Response(body, { headers: { 'content-type': request.headers.get('content-type')! } })
    // eslint-disable-next-line no-restricted-syntax -- the one place that parses a form, on a checked body
    form = await response.formData()
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
  const valuesPerName = new Map<string, number>()
  for (const [name, value] of form) {
    if (name.includes('\u0000') || (typeof value === 'string' && value.includes('\u0000'))) {
      throw new Response('Bad Request', { status: 400 })
    }
    const count = (valuesPerName.get(name) ?? 0) + 1
    if (count > FORM_VALUES_PER_NAME_LIMIT) throw new Response('Bad Request', { status: 400 })
    valuesPerName.set(name, count)
  }
  return form
}

/**
 * An upper bound on the number of fields in a body, in one pass over its bytes: the `&` separators of a
 * url-encoded body, the boundary lines of a multipart one. Empty segments count too, as they cost a parser as
 * much as real ones.
 */
function countFields(body: Uint8Array<ArrayBuffer>, type: string, contentType: string): number {
  if (type === 'application/x-www-form-urlencoded') {
    let fields = 1
    for (let i = 0; i < body.length; i++) if (body[i] === 0x26) fields += 1
    return fields
  }
  const boundary = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType)
  const marker = boundary ? Buffer.from(`--${boundary[1] ?? boundary[2]}`) : null
  if (!marker) return 0 // no boundary: the parser refuses it (400) without work
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  let fields = 0
  for (let at = bytes.indexOf(marker); at !== -1; at = bytes.indexOf(marker, at + marker.length)) fields += 1
  return Math.max(0, fields - 1) // the last boundary closes the body
}

/** The body, read up to FORM_BODY_LIMIT; past it, the rest is left unread (server.ts discards it). */
async function readLimited(request: Request): Promise<Uint8Array<ArrayBuffer>> {
  if (!request.body) return new Uint8Array()
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > FORM_BODY_LIMIT) throw tooLarge()
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

function tooLarge() {
  return new Response('Payload Too Large', { status: 413 })
}
