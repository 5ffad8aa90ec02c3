const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Whether a value from a URL or a form is a well-formed UUID. Check before it reaches a query: the
 * database would refuse a malformed one with an error (a 500) where "not found" is the right answer.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value)
}
