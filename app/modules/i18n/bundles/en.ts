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
