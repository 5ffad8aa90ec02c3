import { afterEach, describe, expect, test, vi } from 'vitest'
import { log } from '#app/utils/logger.server.ts'

describe('log', () => {
  afterEach(() => vi.restoreAllMocks())

  function lineOf(write: () => void): Record<string, unknown> {
    const lines: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk)), true))
    write()
    expect(lines).toHaveLength(1)
    return JSON.parse(lines[0]!) as Record<string, unknown>
  }

  test("a caller's fields cannot overwrite the line's time, level or message", () => {
    const before = Date.now()
    const line = lineOf(() =>
      log('info', 'request', { time: '1999-01-01T00:00:00Z', level: 'error', msg: 'forged', status: 200 }),
    )
    expect(line).toMatchObject({ level: 'info', msg: 'request', status: 200 })
    expect(Date.parse(line.time as string)).toBeGreaterThanOrEqual(before - 1000)
    // The line's own fields lead, so a reader finds them first.
    expect(Object.keys(line).slice(0, 3)).toEqual(['time', 'level', 'msg'])
  })
})
