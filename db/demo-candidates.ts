import type { ConsentPurpose, EducationLevel, Gender, ProgrammeBackground } from './schema'

/** Demo people followed by the two demo caseworkers (fictional; any likeness is chance). */
export const DEMO_CANDIDATES: {
  fullName: string
  dateOfBirth: string
  gender: Gender
  phone: string | null
  wardCode: string
  caseworker: 'canbo1@hoanhap.example' | 'canbo2@hoanhap.example' | null
  status: 'draft' | 'active' | 'on_hold' | 'closed'
  background: ProgrammeBackground
  /** Months before today. */
  programmeEndedMonthsAgo: number
  education: EducationLevel
  skills: string[]
  needs: ('job' | 'course' | 'loan')[]
  availability: string
  preferences: string
  sensitive: {
    drugUseHistory?: string
    criminalRecord?: string
    facility?: string
    healthNotes?: string
    nationalId?: string
  }
  consents: ConsentPurpose[]
  notes: string[]
  /** Days from today (negative: overdue). */
  followUps: { title: string; inDays: number; kind: 'check_in' | 'task' }[]
}[] = [
  {
    fullName: 'Nguyễn Văn Hùng',
    dateOfBirth: '1992-03-14',
    gender: 'male',
    phone: '0912345601',
    wardCode: '00070',
    caseworker: 'canbo1@hoanhap.example',
    status: 'active',
    background: 'after_rehab',
    programmeEndedMonthsAgo: 4,
    education: 'lower_secondary',
    skills: ['welding', 'metalwork'],
    needs: ['job', 'course'],
    availability: 'Có thể đi làm ngay, ca ngày',
    preferences: 'Muốn làm gần nhà, ưu tiên có bữa trưa',
    sensitive: {
      drugUseHistory: 'Sử dụng heroin 2015–2022; điều trị methadone từ 2022',
      facility: 'Cơ sở cai nghiện ma túy số 2 Hà Nội',
      nationalId: '001092003456',
    },
    consents: ['talent_pool', 'share_with_employers', 'share_with_training_centres'],
    notes: ['Gặp tại nhà, gia đình ủng hộ việc đi học nghề hàn.', 'Đã có giấy khám sức khỏe, đủ điều kiện lao động.'],
    followUps: [
      { title: 'Gọi điện hỏi thăm sau buổi phỏng vấn', inDays: 2, kind: 'task' },
      { title: 'Thăm hỏi 30 ngày', inDays: -3, kind: 'check_in' },
    ],
  },
  {
    fullName: 'Trần Thị Mai',
    dateOfBirth: '1988-11-02',
    gender: 'female',
    phone: '0987654302',
    wardCode: '00070',
    caseworker: 'canbo1@hoanhap.example',
    status: 'active',
    background: 'after_prison',
    programmeEndedMonthsAgo: 8,
    education: 'upper_secondary',
    skills: ['industrial_sewing', 'tailoring'],
    needs: ['job', 'loan'],
    availability: 'Ca hành chính, nghỉ thứ Bảy chiều để đón con',
    preferences: 'Muốn vay vốn mở tiệm may nhỏ tại nhà',
    sensitive: {
      criminalRecord: 'Chấp hành xong án 3 năm tù về tội tàng trữ trái phép chất ma túy (2021)',
      nationalId: '001188009876',
    },
    consents: ['talent_pool', 'share_with_employers', 'share_with_lenders'],
    notes: ['Có tay nghề may tốt, cần vốn mua máy may công nghiệp.'],
    followUps: [{ title: 'Cùng làm hồ sơ vay vốn', inDays: 5, kind: 'task' }],
  },
  {
    fullName: 'Lê Quang Minh',
    dateOfBirth: '1999-07-21',
    gender: 'male',
    phone: '0356789003',
    wardCode: '00082',
    caseworker: 'canbo1@hoanhap.example',
    status: 'active',
    background: 'both',
    programmeEndedMonthsAgo: 2,
    education: 'lower_secondary',
    skills: ['motorbike_repair'],
    needs: ['course'],
    availability: 'Buổi sáng',
    preferences: 'Muốn học sửa xe máy để sau này mở tiệm',
    sensitive: {
      drugUseHistory: 'Sử dụng ma túy tổng hợp 2018–2023',
      criminalRecord: 'Án treo 18 tháng (2020)',
      healthNotes: 'Đang điều trị viêm gan C',
    },
    consents: ['talent_pool', 'share_with_training_centres'],
    notes: ['Rất quan tâm khóa sửa xe máy của trường Hà Nội Xanh.'],
    followUps: [{ title: 'Đưa đi đăng ký khóa học', inDays: 1, kind: 'task' }],
  },
  {
    fullName: 'Phạm Thị Lan',
    dateOfBirth: '1985-01-30',
    gender: 'female',
    phone: null,
    wardCode: '00082',
    caseworker: 'canbo1@hoanhap.example',
    status: 'on_hold',
    background: 'after_rehab',
    programmeEndedMonthsAgo: 11,
    education: 'primary',
    skills: ['cooking', 'dishwashing'],
    needs: ['job'],
    availability: 'Tạm thời chưa đi làm được (chăm mẹ ốm)',
    preferences: 'Làm bếp',
    sensitive: { healthNotes: 'Thể trạng yếu sau điều trị' },
    consents: ['talent_pool'],
    notes: ['Tạm dừng tìm việc 2 tháng vì hoàn cảnh gia đình.'],
    followUps: [{ title: 'Hỏi thăm tình hình gia đình', inDays: 20, kind: 'check_in' }],
  },
  {
    fullName: 'Đỗ Văn Tuấn',
    dateOfBirth: '1995-05-05',
    gender: 'male',
    phone: '0971112205',
    wardCode: '00070',
    caseworker: 'canbo1@hoanhap.example',
    status: 'draft',
    background: 'after_prison',
    programmeEndedMonthsAgo: 1,
    education: 'upper_secondary',
    skills: [],
    needs: ['job'],
    availability: '',
    preferences: '',
    sensitive: {},
    consents: [],
    notes: [],
    followUps: [],
  },
  {
    fullName: 'Vũ Thị Hạnh',
    dateOfBirth: '1990-09-12',
    gender: 'female',
    phone: '0839990006',
    wardCode: '09556',
    caseworker: 'canbo2@hoanhap.example',
    status: 'active',
    background: 'after_rehab',
    programmeEndedMonthsAgo: 6,
    education: 'vocational',
    skills: ['hairdressing', 'nail_care'],
    needs: ['loan'],
    availability: 'Cả ngày',
    preferences: 'Mở tiệm làm tóc nhỏ',
    sensitive: { drugUseHistory: 'Điều trị cai nghiện tự nguyện tại gia đình 2022', nationalId: '001190004321' },
    consents: ['talent_pool', 'share_with_lenders'],
    notes: ['Đã học nghề làm tóc 6 tháng, có chứng chỉ.'],
    followUps: [{ title: 'Thăm hỏi 90 ngày', inDays: 3, kind: 'check_in' }],
  },
  {
    fullName: 'Hoàng Minh Đức',
    dateOfBirth: '1983-12-24',
    gender: 'male',
    phone: '0908770007',
    wardCode: '09556',
    caseworker: 'canbo2@hoanhap.example',
    status: 'active',
    background: 'after_prison',
    programmeEndedMonthsAgo: 14,
    education: 'lower_secondary',
    skills: ['driving_c', 'warehouse'],
    needs: ['job'],
    availability: 'Sẵn sàng làm ca đêm',
    preferences: 'Lái xe tải hoặc kho vận',
    sensitive: { criminalRecord: 'Chấp hành xong án 5 năm tù (2019)' },
    consents: ['talent_pool', 'share_with_employers'],
    notes: ['Có bằng lái hạng C còn hạn đến 2028.'],
    followUps: [{ title: 'Liên hệ công ty kho vận Đông Anh', inDays: -1, kind: 'task' }],
  },
  {
    fullName: 'Bùi Thị Thu',
    dateOfBirth: '1978-04-18',
    gender: 'female',
    phone: '0945550008',
    wardCode: '09556',
    caseworker: 'canbo2@hoanhap.example',
    status: 'closed',
    background: 'after_rehab',
    programmeEndedMonthsAgo: 30,
    education: 'primary',
    skills: ['cleaning'],
    needs: ['job'],
    availability: '',
    preferences: '',
    sensitive: { drugUseHistory: 'Đã ổn định từ 2021' },
    consents: ['talent_pool'],
    notes: ['Đã có việc làm ổn định hơn một năm, đóng hồ sơ theo nguyện vọng.'],
    followUps: [],
  },
]
