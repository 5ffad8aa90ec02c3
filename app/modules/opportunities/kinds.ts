import type { OpportunityKind, OrganisationKind } from '#db/schema/index.ts'

/** What each kind of partner lists: employers jobs, training centres courses, lenders loan programmes. */
export const OPPORTUNITY_KIND_BY_ORGANISATION: Record<OrganisationKind, OpportunityKind> = {
  employer: 'job',
  training_centre: 'course',
  lender: 'loan',
}
