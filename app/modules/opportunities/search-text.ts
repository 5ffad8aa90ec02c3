import { foldVietnamese } from '#app/modules/wards/fold.ts'

/**
 * The text a listing is found by, folded (lower-case, no diacritics) so that a search typed without
 * accents matches: "han" finds "Hàn". Stored in `opportunities.search_text`; PostgreSQL indexes it as a
 * `simple` tsvector. Skill names go in both languages.
 */
export function buildSearchText(parts: {
  title: string
  description: string
  organisationName: string
  skillNames: readonly string[]
  extra?: readonly (string | null | undefined)[]
}): string {
  return foldVietnamese(
    [parts.title, parts.description, parts.organisationName, ...parts.skillNames, ...(parts.extra ?? [])]
      .filter(Boolean)
      .join(' '),
  )
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * A search box's words as a tsquery for `to_tsquery('simple', …)`: folded, split on anything that is not
 * a letter or digit, each word a prefix match, all words required. Null when nothing is left to search.
 * Built from letters and digits only, so no tsquery syntax can be injected.
 */
export function toPrefixQuery(input: string): string | null {
  const words = foldVietnamese(input)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8)
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null
}
