import { afterEach, vi } from 'vitest'

// An unexpected console.error is a bug the test did not assert on: fail loudly (as the Epic Stack does).
const original = console.error
let calls: unknown[][] = []
console.error = (...args: unknown[]) => {
  calls.push(args)
  original(...args)
}
afterEach(() => {
  const seen = calls
  calls = []
  if (seen.length > 0) throw new Error(`console.error was called ${seen.length} time(s) during the test`)
})
export { vi }
