import type { OpportunityKind, OpportunityStatus } from '#db/schema/index.ts'

// Plain shapes of a listing as search results, detail pages, JSON-LD and HSDS see it. Pure types (no
// database code), so the browser bundle and the unit tests can use them.

export type OrganisationStatusValue = 'pending' | 'approved' | 'rejected' | 'suspended'

export type SkillName = { code: string; nameVi: string; nameEn: string }

export type JobFigures = {
  employmentType: 'full_time' | 'part_time' | 'seasonal' | 'apprenticeship'
  wageMin: number | null
  wageMax: number | null
  wagePeriod: 'month' | 'day' | 'hour'
  shift: string | null
  housingProvided: boolean
  mealsProvided: boolean
  certificateRequired: string | null
}

export type CourseFigures = {
  durationWeeks: number
  schedule: string | null
  startDate: string | null
  costVnd: number
  subsidyVnd: number
  certificate: string | null
}

export type LoanFigures = {
  amountMin: number
  amountMax: number
  /** Yearly, in percent (6.6 means 6.6 %). */
  interestRate: number
  termMonths: number
  gracePeriodMonths: number
  collateralRequired: boolean
  guarantorRequired: boolean
  purposes: ('training' | 'production' | 'self_employment')[]
}

/** What a result card shows. Dates are strings: `deadline` YYYY-MM-DD (Hanoi), `publishedAt` ISO 8601. */
export type OpportunityCard = {
  id: string
  kind: OpportunityKind
  status: OpportunityStatus
  title: string
  organisationId: string
  organisationName: string
  organisationStatus: OrganisationStatusValue
  wardCode: string
  wardName: string
  deadline: string | null
  /** Openings, seats or loans available. */
  capacity: number
  publishedAt: string | null
  skills: SkillName[]
  job: JobFigures | null
  course: CourseFigures | null
  loan: LoanFigures | null
}

/** Everything a listing's page shows. Never anything about candidates. */
export type OpportunityView = OpportunityCard & {
  description: string
  address: string | null
  minAge: number | null
  maxAge: number | null
  acceptsAfterRehab: boolean
  acceptsAfterPrison: boolean
  eligibilityNotes: string | null
  updatedAt: string
  organisation: {
    id: string
    kind: 'employer' | 'training_centre' | 'lender'
    name: string
    description: string | null
    email: string | null
    phone: string | null
    wardName: string | null
  }
}
