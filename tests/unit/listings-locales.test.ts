import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { serverBundles } from '#app/modules/i18n/resources.server.ts'

// The general locale test finds `t('key')` calls; listings also build keys in other ways (schema messages,
// AppError messages, helper calls, keys per kind or state). This checks those, in both languages.

type Tree = { [key: string]: string | Tree }
function flatten(tree: Tree, prefix = ''): Set<string> {
  const out = new Set<string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.add(`${prefix}${k}`.replace(/_(one|other)$/, ''))
    else for (const kk of flatten(v, `${prefix}${k}.`)) out.add(kk)
  }
  return out
}
const KEYS = {
  vi: flatten(serverBundles.vi as Tree),
  en: flatten(serverBundles.en as Tree),
}

const FILES = [
  'app/modules/opportunities/listings.schema.ts',
  'app/modules/opportunities/listings.server.ts',
  'app/components/opportunity-details.tsx',
  'app/components/listing-form.tsx',
  'app/components/listing-status.tsx',
  'app/routes/partner.listings._index.tsx',
  'app/routes/partner.listings.new.tsx',
  'app/routes/partner.listings.$id.tsx',
  'app/routes/partner.listings.$id_.edit.tsx',
  'app/routes/partner._index.tsx',
]
const AREAS =
  'listings|listingStatus|listingForm|listingValidation|listingErrors|listingToast|opportunityDetails|employmentType|wagePeriod|loanPurpose|partnerDashboard'
const KINDS = ['job', 'course', 'loan']
const STATES = ['draft', 'open', 'closed']
const ORG_STATES = ['pending', 'rejected', 'suspended']

/** Every key a file names, with `${…}` placeholders expanded over the values they take. */
function keysIn(code: string): string[] {
  const found = new Set<string>()
  const literal = new RegExp(`['\`]((?:${AREAS})\\.[\\w.]+(?:\\$\\{[^}]+\\}[\\w.]*)*)['\`]`, 'g')
  for (const m of code.matchAll(literal)) found.add(m[1]!)
  // `${V}.moneyFormat` and { format: 'moneyFormat', … }[reason] in the schema.
  for (const m of code.matchAll(/`\$\{V\}\.(\w+)`/g)) found.add(`listingValidation.${m[1]}`)
  for (const m of code.matchAll(/'(money\w+|rate\w+|wholeNumber|numberFormat|\w+Range)'/g)) {
    found.add(`listingValidation.${m[1]}`)
  }
  return [...found].flatMap((key) => {
    if (!key.includes('${')) return [key]
    const values = /kind|Kind/.test(key)
      ? KINDS
      : /organisationStatus/.test(key)
        ? ORG_STATES
        : /status|filter|\bs\b|\$\{s\}/.test(key)
          ? [...STATES, ...(key.includes('filter') ? ['all'] : [])]
          : null
    if (!values) return []
    return values.map((v) => key.replace(/\$\{[^}]+\}/, v))
  })
}

describe('listing strings', () => {
  const used = new Set(FILES.flatMap((f) => keysIn(readFileSync(f, 'utf8'))))

  test('the files name a good share of the listing keys (the scan works)', () => {
    expect(used.size).toBeGreaterThan(150)
    expect(used).toContain('listingValidation.moneyNegative')
    expect(used).toContain('listings.empty.course.title')
    expect(used).toContain('listingErrors.cannotPublish')
  })

  test.each(['vi', 'en'] as const)('every key named exists in %s', (lang) => {
    const missing = [...used].filter((k) => !KEYS[lang].has(k))
    expect(missing).toEqual([])
  })

  test('labels for every kind, state, employment type, wage period and loan purpose', () => {
    for (const lang of ['vi', 'en'] as const) {
      const need = [
        ...KINDS.flatMap((k) => [
          `opportunityDetails.kind.${k}`,
          `opportunityDetails.capacity.${k}`,
          `opportunityDetails.deadline.${k}`,
          `listingForm.title.${k}`,
          `listings.new.${k}`,
          `partnerDashboard.seatsLeft.${k}`,
        ]),
        ...STATES.map((s) => `listingStatus.${s}`),
        ...['full_time', 'part_time', 'seasonal', 'apprenticeship'].map((e) => `employmentType.${e}`),
        ...['month', 'day', 'hour'].flatMap((p) => [`wagePeriod.${p}`, `listingForm.wagePeriodOption.${p}`]),
        ...['training', 'production', 'self_employment'].map((p) => `loanPurpose.${p}`),
        ...ORG_STATES.flatMap((s) => [`listings.notApproved.${s}.title`, `listings.notApproved.${s}.body`]),
      ]
      expect(need.filter((k) => !KEYS[lang].has(k))).toEqual([])
    }
  })
})
