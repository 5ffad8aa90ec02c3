import viCandidates from '#app/locales/vi/candidates.json'
import viCasefile from '#app/locales/vi/casefile.json'
import viCommon from '#app/locales/vi/common.json'
import viListings from '#app/locales/vi/listings.json'
import viMatching from '#app/locales/vi/matching.json'
import viReports from '#app/locales/vi/reports.json'
import viPartners from '#app/locales/vi/partners.json'
import viReportsPartner from '#app/locales/vi/reports-partner.json'
import viSearch from '#app/locales/vi/search.json'
import viTargets from '#app/locales/vi/targets.json'

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
