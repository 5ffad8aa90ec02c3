// Which kinds of offer a dashboard speaks of: staff see every kind; a partner sees the figures of its own kind
// (a training centre has no loans or job retention to show). Shared by the page and its downloads.

export type OfferKind = 'employer' | 'training_centre' | 'lender'

export function offersOf(area: 'coordinator' | 'caseworker' | 'partner', partnerKind: string | null) {
  return (kind: OfferKind) => area !== 'partner' || partnerKind === kind
}
