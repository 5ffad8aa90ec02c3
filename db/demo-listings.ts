import type { EmploymentType, LoanPurpose, OrganisationKind, WagePeriod } from './schema'

/** Demo organisations beyond the three demo accounts: one in every vetting state, more listings. */
export const EXTRA_ORGANISATIONS: {
  key: string
  owner: { email: string; name: string }
  organisation: {
    kind: OrganisationKind
    name: string
    taxCode: string
    wardCode: string
    address: string
    phone: string
    description: string
    status: 'pending' | 'approved' | 'rejected' | 'suspended'
    statusReason?: string
  }
}[] = [
  {
    key: 'may-dong-anh',
    owner: { email: 'nhansu.mayxuatkhau@example.vn', name: 'Trịnh Thị Hằng' },
    organisation: {
      kind: 'employer',
      name: 'Công ty Cổ phần May Xuất khẩu Đông Anh',
      taxCode: '0105551234',
      wardCode: '00454',
      address: 'Khu công nghiệp Nguyên Khê',
      phone: '0243 965 2211',
      description: 'Nhà máy may áo jacket xuất khẩu, 600 công nhân, có xe đưa đón từ trung tâm xã và bếp ăn ca.',
      status: 'approved',
    },
  },
  {
    key: 'nong-nghiep-soc-son',
    owner: { email: 'lienhe.htxsocson@example.vn', name: 'Nguyễn Văn Quý' },
    organisation: {
      kind: 'employer',
      name: 'Hợp tác xã Nông nghiệp Sạch Sóc Sơn',
      taxCode: '0108123456',
      wardCode: '00376',
      address: 'Thôn Xuân Dục',
      phone: '0978 221 345',
      description: 'Trồng rau hữu cơ và nấm, cần lao động thời vụ và học viên trồng nấm, có chỗ ở tại trang trại.',
      status: 'pending',
    },
  },
  {
    key: 'bao-ve-an-khang',
    owner: { email: 'tuyendung.ankhang@example.vn', name: 'Lại Văn Khang' },
    organisation: {
      kind: 'employer',
      name: 'Công ty Dịch vụ Bảo vệ An Khang',
      taxCode: '0106998877',
      wardCode: '00331',
      address: 'Số 215 Tam Trinh',
      phone: '0904 556 778',
      description: 'Cung cấp dịch vụ bảo vệ tòa nhà và công trường, tuyển nhân viên bảo vệ ca ngày và ca đêm.',
      status: 'rejected',
      statusReason: 'Mã số thuế không khớp với tên doanh nghiệp trên cổng đăng ký; vui lòng kiểm tra lại.',
    },
  },
  {
    key: 'nha-hang-pho-co',
    owner: { email: 'quanly.huongviet@example.vn', name: 'Phan Thị Ngọc' },
    organisation: {
      kind: 'employer',
      name: 'Nhà hàng Hương Việt Phố Cổ',
      taxCode: '0104433221',
      wardCode: '00070',
      address: 'Số 34 Hàng Buồm',
      phone: '0912 667 889',
      description: 'Nhà hàng món Hà Nội truyền thống, tuyển phụ bếp và phục vụ, bao ăn hai bữa.',
      status: 'suspended',
      statusReason: 'Tạm ngừng trong thời gian xác minh phản ánh về việc trả lương muộn.',
    },
  },
]

type Common = {
  org: string
  title: string
  description: string
  wardCode: string
  capacity: number
  /** Days from today, or null for no deadline. */
  deadlineInDays: number | null
  status: 'draft' | 'open' | 'closed'
  skills: string[]
  minAge?: number
  maxAge?: number
  eligibilityNotes?: string
}

export type DemoListing =
  | (Common & {
      kind: 'job'
      job: {
        employmentType: EmploymentType
        wageMin: number
        wageMax: number
        wagePeriod: WagePeriod
        shift?: string
        housingProvided?: boolean
        mealsProvided?: boolean
        certificateRequired?: string
      }
    })
  | (Common & {
      kind: 'course'
      course: {
        durationWeeks: number
        schedule: string
        startInDays: number
        costVnd: number
        subsidyVnd: number
        certificate: string
      }
    })
  | (Common & {
      kind: 'loan'
      loan: {
        amountMin: number
        amountMax: number
        interestRate: number
        termMonths: number
        gracePeriodMonths: number
        collateralRequired?: boolean
        guarantorRequired?: boolean
        purposes: LoanPurpose[]
      }
    })

/** `org` is a demo partner's email (the three demo accounts) or an EXTRA_ORGANISATIONS key. */
export const DEMO_LISTINGS: DemoListing[] = [
  {
    org: 'tuyendung@hoanhap.example',
    kind: 'job',
    title: 'Thợ hàn kết cấu thép',
    description:
      'Hàn kết cấu nhà xưởng và khung thép theo bản vẽ. Được kèm cặp tháng đầu, có bảo hộ lao động đầy đủ, đóng bảo hiểm sau hai tháng thử việc.',
    wardCode: '00145',
    capacity: 4,
    deadlineInDays: 30,
    status: 'open',
    skills: ['welding', 'metalwork'],
    minAge: 18,
    maxAge: 50,
    eligibilityNotes: 'Ưu tiên người đã có chứng chỉ hàn sơ cấp.',
    job: {
      employmentType: 'full_time',
      wageMin: 9_000_000,
      wageMax: 12_000_000,
      wagePeriod: 'month',
      shift: 'Ca ngày 7h30–17h, nghỉ Chủ nhật',
      mealsProvided: true,
      certificateRequired: 'Chứng chỉ sơ cấp nghề Hàn',
    },
  },
  {
    org: 'tuyendung@hoanhap.example',
    kind: 'job',
    title: 'Phụ xưởng cơ khí (học việc)',
    description:
      'Phụ thợ chính gia công, cắt, mài và lắp ráp chi tiết. Không cần kinh nghiệm, được học nghề tại xưởng và lên thợ sau 6 tháng.',
    wardCode: '00145',
    capacity: 6,
    deadlineInDays: 45,
    status: 'open',
    skills: ['metalwork'],
    minAge: 18,
    job: {
      employmentType: 'apprenticeship',
      wageMin: 6_000_000,
      wageMax: 7_000_000,
      wagePeriod: 'month',
      mealsProvided: true,
    },
  },
  {
    org: 'tuyendung@hoanhap.example',
    kind: 'job',
    title: 'Nhân viên kho vận',
    description: 'Nhận, sắp xếp và xuất vật tư trong kho; ghi chép sổ kho; hỗ trợ bốc xếp khi có hàng về.',
    wardCode: '00145',
    capacity: 2,
    deadlineInDays: null,
    status: 'draft',
    skills: ['warehouse', 'forklift'],
    job: { employmentType: 'full_time', wageMin: 7_500_000, wageMax: 9_000_000, wagePeriod: 'month' },
  },
  {
    org: 'tuyendung@hoanhap.example',
    kind: 'job',
    title: 'Thợ sơn tĩnh điện',
    description: 'Sơn tĩnh điện khung thép và cửa sắt. Đã tuyển đủ người.',
    wardCode: '00145',
    capacity: 2,
    deadlineInDays: null,
    status: 'closed',
    skills: ['painting'],
    job: { employmentType: 'full_time', wageMin: 8_000_000, wageMax: 10_000_000, wagePeriod: 'month' },
  },
  {
    org: 'daotao@hoanhap.example',
    kind: 'course',
    title: 'Hàn điện cơ bản',
    description:
      'Khóa học thực hành hàn hồ quang tay và hàn MIG tại xưởng của trường, lớp tối đa 20 học viên. Học viên được hỗ trợ toàn bộ học phí và giới thiệu việc làm sau khóa học.',
    wardCode: '00235',
    capacity: 20,
    deadlineInDays: 20,
    status: 'open',
    skills: ['welding'],
    minAge: 16,
    course: {
      durationWeeks: 12,
      schedule: 'Thứ Hai đến thứ Sáu, 8h–11h30',
      startInDays: 25,
      costVnd: 6_000_000,
      subsidyVnd: 6_000_000,
      certificate: 'Chứng chỉ sơ cấp nghề Hàn',
    },
  },
  {
    org: 'daotao@hoanhap.example',
    kind: 'course',
    title: 'Điện dân dụng',
    description:
      'Lắp đặt, sửa chữa điện trong gia đình và văn phòng: đi dây, lắp tủ điện, sửa quạt, máy bơm. Có thực tập tại công trình.',
    wardCode: '00235',
    capacity: 15,
    deadlineInDays: 35,
    status: 'open',
    skills: ['domestic_electrical'],
    course: {
      durationWeeks: 16,
      schedule: 'Buổi chiều, 13h30–17h',
      startInDays: 40,
      costVnd: 7_500_000,
      subsidyVnd: 5_000_000,
      certificate: 'Chứng chỉ sơ cấp nghề Điện dân dụng',
    },
  },
  {
    org: 'daotao@hoanhap.example',
    kind: 'course',
    title: 'Sửa chữa xe máy',
    description:
      'Bảo dưỡng, sửa chữa động cơ và hệ thống điện xe máy số và xe tay ga. Học viên được mượn dụng cụ trong suốt khóa.',
    wardCode: '00235',
    capacity: 18,
    deadlineInDays: 15,
    status: 'open',
    skills: ['motorbike_repair'],
    course: {
      durationWeeks: 12,
      schedule: 'Buổi sáng, 8h–11h30',
      startInDays: 21,
      costVnd: 5_000_000,
      subsidyVnd: 5_000_000,
      certificate: 'Chứng chỉ sơ cấp nghề Sửa chữa xe máy',
    },
  },
  {
    org: 'daotao@hoanhap.example',
    kind: 'course',
    title: 'Nấu ăn gia đình và bếp ăn tập thể',
    description: 'Chế biến món ăn Việt, an toàn vệ sinh thực phẩm, tính khẩu phần cho bếp ăn tập thể.',
    wardCode: '00235',
    capacity: 16,
    deadlineInDays: 60,
    status: 'draft',
    skills: ['cooking'],
    course: {
      durationWeeks: 8,
      schedule: 'Tối thứ Ba, thứ Năm, 18h–21h',
      startInDays: 70,
      costVnd: 4_000_000,
      subsidyVnd: 3_000_000,
      certificate: 'Chứng chỉ sơ cấp nghề Nấu ăn',
    },
  },
  {
    org: 'vayvon@hoanhap.example',
    kind: 'loan',
    title: 'Vay vốn học nghề',
    description:
      'Cho vay để trả học phí, mua dụng cụ học nghề và chi phí đi lại trong thời gian học. Cán bộ tín dụng hướng dẫn lập hồ sơ tại phường.',
    wardCode: '00004',
    capacity: 30,
    deadlineInDays: null,
    status: 'open',
    skills: [],
    minAge: 18,
    loan: {
      amountMin: 5_000_000,
      amountMax: 20_000_000,
      interestRate: 6.6,
      termMonths: 36,
      gracePeriodMonths: 6,
      purposes: ['training'],
    },
  },
  {
    org: 'vayvon@hoanhap.example',
    kind: 'loan',
    title: 'Vay vốn tự tạo việc làm, kinh doanh nhỏ',
    description:
      'Cho vay để mở cửa hàng sửa xe, quán ăn, xưởng nhỏ hoặc chăn nuôi. Có người bảo lãnh là thân nhân hoặc tổ chức đoàn thể ở địa phương.',
    wardCode: '00004',
    capacity: 20,
    deadlineInDays: 90,
    status: 'open',
    skills: ['small_business'],
    minAge: 18,
    loan: {
      amountMin: 20_000_000,
      amountMax: 100_000_000,
      interestRate: 7.2,
      termMonths: 60,
      gracePeriodMonths: 6,
      guarantorRequired: true,
      purposes: ['self_employment', 'production'],
    },
  },
  {
    org: 'may-dong-anh',
    kind: 'job',
    title: 'Công nhân may công nghiệp',
    description:
      'May áo jacket theo dây chuyền. Chưa biết may được đào tạo 1 tháng có lương. Có xe đưa đón và bữa ăn ca.',
    wardCode: '00454',
    capacity: 25,
    deadlineInDays: 40,
    status: 'open',
    skills: ['industrial_sewing'],
    minAge: 18,
    maxAge: 45,
    job: {
      employmentType: 'full_time',
      wageMin: 7_000_000,
      wageMax: 10_500_000,
      wagePeriod: 'month',
      shift: 'Ca hành chính, tăng ca tự nguyện',
      mealsProvided: true,
    },
  },
  {
    org: 'may-dong-anh',
    kind: 'job',
    title: 'Nhân viên kiểm hàng, đóng gói',
    description: 'Kiểm tra đường may, cắt chỉ thừa, gấp và đóng gói thành phẩm.',
    wardCode: '00454',
    capacity: 8,
    deadlineInDays: 40,
    status: 'open',
    skills: ['quality_check', 'packaging'],
    job: {
      employmentType: 'full_time',
      wageMin: 6_500_000,
      wageMax: 8_000_000,
      wagePeriod: 'month',
      mealsProvided: true,
    },
  },
  {
    org: 'nha-hang-pho-co',
    kind: 'job',
    title: 'Phụ bếp nhà hàng',
    description: 'Sơ chế nguyên liệu, rửa dụng cụ, hỗ trợ bếp chính. Bao ăn hai bữa.',
    wardCode: '00070',
    capacity: 3,
    deadlineInDays: 20,
    status: 'open',
    skills: ['dishwashing', 'cooking'],
    job: { employmentType: 'part_time', wageMin: 30_000, wageMax: 35_000, wagePeriod: 'hour', mealsProvided: true },
  },
]
