import { inArray } from 'drizzle-orm'
import { getDb } from '#db/client.server.ts'
import {
  courseDetails,
  jobDetails,
  loanDetails,
  opportunities,
  organisations,
  skills,
  type CourseDetails,
  type JobDetails,
  type LoanDetails,
  type OpportunityKind,
  type OpportunityStatus,
  type OrganisationKind,
} from '#db/schema/index.ts'
import { OPPORTUNITY_KIND_BY_ORGANISATION } from '#app/modules/opportunities/kinds.ts'
import { buildSearchText } from '#app/modules/opportunities/search-text.ts'

// Organisations and listings inserted directly (no domain function, no audit): fast setup for tests,
// benchmarks and screenshots where publishing itself is not under test.

export type OrganisationStatus = 'pending' | 'approved' | 'rejected' | 'suspended'

let counter = 0

export async function createOrganisation(
  options: {
    kind?: OrganisationKind
    status?: OrganisationStatus
    name?: string
    description?: string | null
    email?: string | null
    phone?: string | null
    taxCode?: string | null
    wardCode?: string | null
    address?: string | null
    listedInDirectory?: boolean
  } = {},
) {
  counter += 1
  const kind = options.kind ?? 'employer'
  const values = {
    kind,
    name: options.name ?? `Tổ chức thử nghiệm ${counter}`,
    status: options.status ?? 'approved',
    description: options.description === undefined ? 'Đối tác của chương trình tái hòa nhập.' : options.description,
    email: options.email === undefined ? `lienhe${counter}@doitac.example` : options.email,
    phone: options.phone === undefined ? '0243 826 1234' : options.phone,
    taxCode: options.taxCode === undefined ? String(1_000_000_000 + counter) : options.taxCode,
    wardCode: options.wardCode === undefined ? '00070' : options.wardCode,
    address: options.address === undefined ? 'Số 1 Tràng Tiền' : options.address,
    listedInDirectory: options.listedInDirectory ?? true,
  }
  const [row] = await getDb().insert(organisations).values(values).returning({ id: organisations.id })
  return { id: row!.id, ...values }
}

export type OpportunityInput = {
  organisation: { id: string; name: string; kind: OrganisationKind }
  kind?: OpportunityKind
  title?: string
  description?: string
  wardCode?: string
  address?: string | null
  status?: OpportunityStatus
  capacity?: number
  /** YYYY-MM-DD or null (no deadline). */
  deadline?: string | null
  requiredSkills?: string[]
  minAge?: number | null
  maxAge?: number | null
  acceptsAfterRehab?: boolean
  acceptsAfterPrison?: boolean
  eligibilityNotes?: string | null
  /** Defaults to now for open and closed listings, null for drafts. */
  publishedAt?: Date | null
  createdAt?: Date
  job?: Partial<Omit<JobDetails, 'opportunityId'>>
  course?: Partial<Omit<CourseDetails, 'opportunityId'>>
  loan?: Partial<Omit<LoanDetails, 'opportunityId'>>
}

async function skillNames(codes: string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await getDb()
    .select({ nameVi: skills.nameVi, nameEn: skills.nameEn })
    .from(skills)
    .where(inArray(skills.code, codes))
  return rows.flatMap((r) => [r.nameVi, r.nameEn])
}

/** One listing with its detail row, search text built the way the app builds it. */
export async function createOpportunity(input: OpportunityInput) {
  counter += 1
  const kind = input.kind ?? OPPORTUNITY_KIND_BY_ORGANISATION[input.organisation.kind]
  const title = input.title ?? `Cơ hội thử nghiệm ${counter}`
  const description = input.description ?? 'Mô tả công việc, khóa học hoặc khoản vay.'
  const requiredSkills = input.requiredSkills ?? []
  const status = input.status ?? 'open'
  const searchText = buildSearchText({
    title,
    description,
    organisationName: input.organisation.name,
    skillNames: await skillNames(requiredSkills),
  })
  const db = getDb()
  const [row] = await db
    .insert(opportunities)
    .values({
      organisationId: input.organisation.id,
      kind,
      title,
      description,
      wardCode: input.wardCode ?? '00070',
      address: input.address === undefined ? 'Số 5 Hàng Bài' : input.address,
      status,
      capacity: input.capacity ?? 3,
      deadline: input.deadline === undefined ? null : input.deadline,
      requiredSkills,
      minAge: input.minAge ?? null,
      maxAge: input.maxAge ?? null,
      acceptsAfterRehab: input.acceptsAfterRehab ?? true,
      acceptsAfterPrison: input.acceptsAfterPrison ?? true,
      eligibilityNotes: input.eligibilityNotes ?? null,
      searchText,
      publishedAt: input.publishedAt === undefined ? (status === 'draft' ? null : new Date()) : input.publishedAt,
      closedAt: status === 'closed' ? new Date() : null,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    })
    .returning({ id: opportunities.id })
  const id = row!.id
  if (kind === 'job') {
    await db.insert(jobDetails).values({
      opportunityId: id,
      employmentType: 'full_time',
      wageMin: 6_000_000,
      wageMax: 9_000_000,
      wagePeriod: 'month',
      ...input.job,
    })
  } else if (kind === 'course') {
    await db.insert(courseDetails).values({
      opportunityId: id,
      durationWeeks: 12,
      costVnd: 4_500_000,
      subsidyVnd: 4_500_000,
      certificate: 'Chứng chỉ sơ cấp nghề',
      ...input.course,
    })
  } else {
    await db.insert(loanDetails).values({
      opportunityId: id,
      amountMin: 10_000_000,
      amountMax: 100_000_000,
      interestRate: 6.6,
      termMonths: 60,
      purposes: ['self_employment'],
      ...input.loan,
    })
  }
  return { id, kind, title, status }
}

/** An approved organisation of each kind with a few open listings: a small, realistic demo set. */
export async function createDemoListings() {
  const employer = await createOrganisation({
    kind: 'employer',
    name: 'Công ty TNHH Cơ khí Thăng Long',
    description: 'Xưởng cơ khí và hàn kết cấu thép, nhận thợ phụ và học việc, có bữa trưa tại xưởng.',
    wardCode: '00145',
  })
  const school = await createOrganisation({
    kind: 'training_centre',
    name: 'Trường Trung cấp Nghề Hà Nội Xanh',
    description: 'Đào tạo nghề hàn, điện dân dụng, sửa xe máy và nấu ăn; cấp chứng chỉ sơ cấp.',
    wardCode: '00235',
  })
  const lender = await createOrganisation({
    kind: 'lender',
    name: 'Quỹ Hỗ trợ Khởi nghiệp Tình Thương',
    description: 'Cho vay vốn nhỏ để học nghề, sản xuất và tự kinh doanh, có cán bộ hướng dẫn.',
    wardCode: '00004',
  })
  const cafe = await createOrganisation({
    kind: 'employer',
    name: 'Nhà hàng Cơm Quê Hà Đông',
    description: 'Nhà hàng gia đình, ưu tiên người muốn làm lại từ đầu.',
    wardCode: '09556',
  })
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
  const ago = (n: number) => new Date(Date.now() - n * 86_400_000)
  const made = [
    await createOpportunity({
      organisation: employer,
      title: 'Thợ hàn kết cấu thép',
      description:
        'Hàn khung thép nhà xưởng theo bản vẽ. Có người kèm cặp trong tháng đầu; làm ca ngày, nghỉ Chủ nhật.',
      wardCode: '00145',
      capacity: 4,
      deadline: inDays(20),
      requiredSkills: ['welding', 'metalwork'],
      publishedAt: ago(1),
      job: {
        employmentType: 'full_time',
        wageMin: 8_000_000,
        wageMax: 12_000_000,
        mealsProvided: true,
        shift: 'Ca ngày 7h30–16h30',
      },
    }),
    await createOpportunity({
      organisation: employer,
      title: 'Phụ xưởng cơ khí (học việc)',
      description: 'Phụ thợ cắt, mài, sơn chống gỉ. Không cần kinh nghiệm, được đào tạo tại chỗ.',
      wardCode: '00145',
      capacity: 2,
      deadline: null,
      requiredSkills: ['metalwork', 'painting'],
      publishedAt: ago(3),
      job: { employmentType: 'apprenticeship', wageMin: 180_000, wageMax: 250_000, wagePeriod: 'day' },
    }),
    await createOpportunity({
      organisation: school,
      title: 'Khóa Điện dân dụng 3 tháng',
      description: 'Lắp đặt, sửa chữa điện trong nhà; an toàn điện. Học thực hành 70% thời gian.',
      wardCode: '00235',
      capacity: 25,
      deadline: inDays(9),
      requiredSkills: ['domestic_electrical'],
      publishedAt: ago(2),
      course: {
        durationWeeks: 12,
        schedule: 'Thứ Hai – Thứ Sáu, 8h00–11h30',
        startDate: inDays(14),
        costVnd: 4_500_000,
        subsidyVnd: 4_500_000,
        certificate: 'Chứng chỉ sơ cấp nghề Điện dân dụng',
      },
    }),
    await createOpportunity({
      organisation: school,
      title: 'Sửa chữa xe máy cơ bản',
      description: 'Bảo dưỡng, thay thế phụ tùng, chẩn đoán hư hỏng thường gặp. Có hỗ trợ tìm việc sau khóa học.',
      wardCode: '00235',
      capacity: 20,
      deadline: inDays(30),
      requiredSkills: ['motorbike_repair'],
      publishedAt: ago(6),
      course: { durationWeeks: 8, costVnd: 3_200_000, subsidyVnd: 2_000_000, schedule: 'Buổi tối, 18h00–21h00' },
    }),
    await createOpportunity({
      organisation: lender,
      title: 'Vay vốn tự kinh doanh nhỏ',
      description: 'Vốn mở quầy sửa xe, bán hàng ăn, hàng tạp hóa. Cán bộ quỹ hướng dẫn lập phương án kinh doanh.',
      wardCode: '00004',
      capacity: 40,
      deadline: null,
      requiredSkills: ['small_business'],
      publishedAt: ago(4),
      loan: {
        amountMin: 10_000_000,
        amountMax: 100_000_000,
        interestRate: 6.6,
        termMonths: 60,
        gracePeriodMonths: 6,
        guarantorRequired: true,
        purposes: ['self_employment', 'production'],
      },
    }),
    await createOpportunity({
      organisation: cafe,
      title: 'Phụ bếp, rửa bát ca tối',
      description: 'Sơ chế rau, rửa bát, dọn bếp. Bao ăn ca, có chỗ ở cho người ở xa.',
      wardCode: '09556',
      capacity: 2,
      deadline: inDays(5),
      requiredSkills: ['dishwashing', 'cooking'],
      publishedAt: ago(0),
      job: {
        employmentType: 'part_time',
        wageMin: 25_000,
        wageMax: 30_000,
        wagePeriod: 'hour',
        housingProvided: true,
        mealsProvided: true,
        shift: '17h00–22h00',
      },
    }),
    await createOpportunity({
      organisation: cafe,
      title: 'Phục vụ nhà hàng',
      description: 'Đón khách, chạy bàn, dọn dẹp. Tin đã đóng.',
      wardCode: '09556',
      status: 'closed',
      publishedAt: ago(40),
      job: { employmentType: 'full_time', wageMin: 6_500_000, wageMax: 7_500_000 },
    }),
  ]
  return { employer, school, lender, cafe, listings: made }
}
