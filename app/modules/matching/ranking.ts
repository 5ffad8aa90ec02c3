import type { LoanPurpose, OpportunityKind, ProgrammeBackground } from '#db/schema/index.ts'

/**
 * How open listings are ranked for one person, and why — the one place the weights live. The suggestions
 * query (suggestions.server.ts) computes the same score in SQL from these weights so 20,000 listings are
 * ranked in the database; `rankListing` is the reference that explains each result, and a test checks the
 * two agree listing by listing.
 *
 * Hard rules exclude a listing (and say why when asked); soft signals add points:
 *   needs fit        the kind of listing is one the person asked for
 *   skills           the share of the listing's required skills the person has (or a little when none are required)
 *   place            same ward, same former district, or farther
 *   pathway          a course whose certificate an open job asks for; a self-employment loan in a trade they have
 */
export const WEIGHTS = {
  needFit: 40,
  /** Times the share of required skills matched, rounded down. */
  skills: 30,
  /** A listing that asks for no particular skill. */
  noSkillsRequired: 10,
  sameWard: 20,
  sameDistrict: 10,
  coursePathway: 15,
  loanPathway: 10,
} as const

export type RankCandidate = {
  age: number | null
  background: ProgrammeBackground | null
  wardCode: string
  /** The former districts of the person's ward (a ward made of parts of two districts has two). */
  formerDistricts: readonly string[]
  skills: readonly string[]
  needs: readonly string[]
}

export type RankListing = {
  kind: OpportunityKind
  wardCode: string
  formerDistricts: readonly string[]
  requiredSkills: readonly string[]
  minAge: number | null
  maxAge: number | null
  acceptsAfterRehab: boolean
  acceptsAfterPrison: boolean
  deadline: string | null
  capacity: number
  seatsTaken: number
  /** Courses: the certificate awarded. */
  certificate: string | null
  /** Loans: what the money may be used for. */
  purposes: readonly LoanPurpose[] | null
}

export type RankContext = {
  /** Hanoi's calendar day, YYYY-MM-DD. */
  today: string
  /** Certificates (normalised with `certificateKey`) asked for by open jobs the person could take. */
  certificatesWanted: ReadonlySet<string>
}

export type HardRuleFailure = 'too_young' | 'too_old' | 'background' | 'deadline_passed' | 'full'
export type Place = 'same_ward' | 'same_district' | 'farther'
export type Pathway = 'course_certificate' | 'loan_self_employment'

export type Ranking = {
  eligible: boolean
  failures: HardRuleFailure[]
  /** Worth suggesting at all: a kind they asked for, a skill they have, or a pathway. */
  relevant: boolean
  score: number
  needFit: boolean
  skillsMatched: string[]
  skillsMissing: string[]
  place: Place
  pathway: Pathway | null
}

/** Certificates are free text written by two different partners: compare them trimmed and lower-cased. */
export function certificateKey(certificate: string): string {
  return certificate.trim().toLocaleLowerCase('vi')
}

export function hardRuleFailures(person: RankCandidate, listing: RankListing, today: string): HardRuleFailure[] {
  const failures: HardRuleFailure[] = []
  if (person.age !== null && listing.minAge !== null && person.age < listing.minAge) failures.push('too_young')
  if (person.age !== null && listing.maxAge !== null && person.age > listing.maxAge) failures.push('too_old')
  const rehab = person.background === 'after_rehab' || person.background === 'both'
  const prison = person.background === 'after_prison' || person.background === 'both'
  if ((rehab && !listing.acceptsAfterRehab) || (prison && !listing.acceptsAfterPrison)) failures.push('background')
  if (listing.deadline !== null && listing.deadline < today) failures.push('deadline_passed')
  if (listing.seatsTaken >= listing.capacity) failures.push('full')
  return failures
}

export function placeOf(person: RankCandidate, listing: RankListing): Place {
  if (person.wardCode === listing.wardCode) return 'same_ward'
  if (listing.formerDistricts.some((d) => person.formerDistricts.includes(d))) return 'same_district'
  return 'farther'
}

export function pathwayOf(person: RankCandidate, listing: RankListing, context: RankContext): Pathway | null {
  if (
    listing.kind === 'course' &&
    listing.certificate &&
    context.certificatesWanted.has(certificateKey(listing.certificate))
  ) {
    return 'course_certificate'
  }
  if (
    listing.kind === 'loan' &&
    (listing.purposes ?? []).includes('self_employment') &&
    person.skills.length > 0 &&
    (listing.requiredSkills.length === 0 || listing.requiredSkills.some((s) => person.skills.includes(s)))
  ) {
    return 'loan_self_employment'
  }
  return null
}

export function rankListing(person: RankCandidate, listing: RankListing, context: RankContext): Ranking {
  const failures = hardRuleFailures(person, listing, context.today)
  const needFit = person.needs.includes(listing.kind)
  const skillsMatched = listing.requiredSkills.filter((s) => person.skills.includes(s))
  const skillsMissing = listing.requiredSkills.filter((s) => !person.skills.includes(s))
  const place = placeOf(person, listing)
  const pathway = pathwayOf(person, listing, context)
  const score =
    (needFit ? WEIGHTS.needFit : 0) +
    (listing.requiredSkills.length === 0
      ? WEIGHTS.noSkillsRequired
      : Math.floor((WEIGHTS.skills * skillsMatched.length) / listing.requiredSkills.length)) +
    (place === 'same_ward' ? WEIGHTS.sameWard : place === 'same_district' ? WEIGHTS.sameDistrict : 0) +
    (pathway === 'course_certificate'
      ? WEIGHTS.coursePathway
      : pathway === 'loan_self_employment'
        ? WEIGHTS.loanPathway
        : 0)
  return {
    eligible: failures.length === 0,
    failures,
    relevant: needFit || skillsMatched.length > 0 || pathway !== null,
    score,
    needFit,
    skillsMatched,
    skillsMissing,
    place,
    pathway,
  }
}

/** Age bands on the anonymised cards: precise enough to be useful, too coarse to identify anyone. */
export const AGE_BANDS = ['18_24', '25_34', '35_44', '45_54', '55_plus'] as const
export type AgeBand = (typeof AGE_BANDS)[number]

export function ageBand(age: number | null): AgeBand | null {
  if (age === null || age < 18) return null
  if (age < 25) return '18_24'
  if (age < 35) return '25_34'
  if (age < 45) return '35_44'
  if (age < 55) return '45_54'
  return '55_plus'
}
