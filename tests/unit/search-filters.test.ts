import { describe, expect, it } from 'vitest'
import { hanoiToday, isIsoDate, parseSearchFilters, searchFiltersToParams } from '#app/modules/opportunities/search.ts'

describe('search URL', () => {
  it('reads every filter', () => {
    const f = parseSearchFilters(
      new URLSearchParams(
        'q=+th%E1%BB%A3+h%C3%A0n+&kind=job&kind=loan&kind=job&ward=00070&district=Qu%E1%BA%ADn+H%C3%A0+%C4%90%C3%B4ng&skill=welding&skill=cooking&closed=1&before=2026-12-31&sort=deadline&cursor=abc',
      ),
    )
    expect(f).toEqual({
      q: 'thợ hàn',
      kinds: ['job', 'loan'],
      wardCode: '00070',
      formerDistrict: 'Quận Hà Đông',
      skills: ['welding', 'cooking'],
      includeClosed: true,
      deadlineBefore: '2026-12-31',
      sort: 'deadline',
      cursor: 'abc',
    })
  })

  it('drops what it cannot use instead of failing', () => {
    const f = parseSearchFilters(
      new URLSearchParams(
        `q=${'x'.repeat(300)}&kind=boat&ward=1' or 1=1&skill=Welding!&before=2026-02-31&sort=price&closed=yes`,
      ),
    )
    expect(f.q).toHaveLength(200)
    expect(f).toMatchObject({
      kinds: [],
      wardCode: undefined,
      skills: [],
      deadlineBefore: undefined,
      sort: 'relevance',
      includeClosed: false,
      cursor: undefined,
    })
  })

  it('round-trips through the URL', () => {
    const f = parseSearchFilters(new URLSearchParams('q=han&kind=course&skill=welding&sort=newest&closed=1'))
    expect(parseSearchFilters(searchFiltersToParams(f))).toEqual(f)
    expect(searchFiltersToParams({ q: '', kinds: [], sort: 'relevance' }).toString()).toBe('sort=relevance')
  })

  it('knows real days and Hanoi’s date', () => {
    expect(isIsoDate('2028-02-29')).toBe(true)
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2026-1-5')).toBe(false)
    // 17:30 UTC on 31 Dec is already 1 Jan in Hanoi (UTC+7).
    expect(hanoiToday(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01')
    expect(hanoiToday(new Date('2026-12-31T16:59:00Z'))).toBe('2026-12-31')
  })
})
