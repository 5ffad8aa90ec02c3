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

// Every area's strings in Vietnamese, merged into one namespace (each file owns its top-level keys).
// The browser loads only the reader's language (a chunk of its own); the server has both.
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

export default vi
