import { useSearchParams } from 'react-router'

/**
 * Links that change some of the current page's query parameters (a tab, a filter, the next page) and keep
 * the rest. Any change but the page cursor itself starts again from the first page.
 */
export function useSearchLink() {
  const [params] = useSearchParams()
  return (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    next.delete('cursor')
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === '') next.delete(k)
      else next.set(k, v)
    }
    const query = next.toString()
    return query ? `?${query}` : '?'
  }
}
