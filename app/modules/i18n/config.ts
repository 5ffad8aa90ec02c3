import enCandidates from '~/locales/en/candidates.json'
import enCasefile from '~/locales/en/casefile.json'
import enCommon from '~/locales/en/common.json'
import enListings from '~/locales/en/listings.json'
import enMatching from '~/locales/en/matching.json'
import enReports from '~/locales/en/reports.json'
import enPartners from '~/locales/en/partners.json'
import enReportsPartner from '~/locales/en/reports-partner.json'
import enSearch from '~/locales/en/search.json'
import enTargets from '~/locales/en/targets.json'
import viCandidates from '~/locales/vi/candidates.json'
import viCasefile from '~/locales/vi/casefile.json'
import viCommon from '~/locales/vi/common.json'
import viListings from '~/locales/vi/listings.json'
import viMatching from '~/locales/vi/matching.json'
import viReports from '~/locales/vi/reports.json'
import viPartners from '~/locales/vi/partners.json'
import viReportsPartner from '~/locales/vi/reports-partner.json'
import viSearch from '~/locales/vi/search.json'
import viTargets from '~/locales/vi/targets.json'
import { DEFAULT_LOCALE, LOCALES } from './locales'
// Zod's default messages become locale keys (in the browser and on the server alike).
import './validation'

// One file per area of the app and language (so people working on different areas don't collide),
// merged into one namespace: each file owns its own top-level keys.
const vi = {
  ...viCommon,
  ...viPartners,
  ...viListings,
  ...viSearch,
  ...viCandidates,
  ...viCasefile,
  ...viMatching,
  ...viReports,
  ...viTargets,
  ...viReportsPartner,
}
const en = {
  ...enCommon,
  ...enPartners,
  ...enListings,
  ...enSearch,
  ...enCandidates,
  ...enCasefile,
  ...enMatching,
  ...enReports,
  ...enTargets,
  ...enReportsPartner,
}

/** Shared by the server and the browser so both render the same strings. */
export const i18nConfig = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: 'common',
  ns: ['common'],
  resources: { vi: { common: vi }, en: { common: en } },
  interpolation: { escapeValue: false },
} as const
