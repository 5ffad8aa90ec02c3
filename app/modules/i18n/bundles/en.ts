import enCandidates from '#app/locales/en/candidates.json'
import enCasefile from '#app/locales/en/casefile.json'
import enCommon from '#app/locales/en/common.json'
import enListings from '#app/locales/en/listings.json'
import enMatching from '#app/locales/en/matching.json'
import enReports from '#app/locales/en/reports.json'
import enPartners from '#app/locales/en/partners.json'
import enReportsPartner from '#app/locales/en/reports-partner.json'
import enSearch from '#app/locales/en/search.json'
import enTargets from '#app/locales/en/targets.json'

// Every area's strings in English, merged into one namespace (each file owns its top-level keys).
// The browser loads only the reader's language (a chunk of its own); the server has both.
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

export default en
