import type { MatchStatus } from './schema'

type Step = {
  action:
    | 'express_interest'
    | 'refer'
    | 'approve'
    | 'reject'
    | 'accept'
    | 'decline'
    | 'start'
    | 'complete'
    | 'end'
    | 'withdraw'
  to: MatchStatus
  /** Days before today. */
  daysAgo: number
  by: 'caseworker' | 'partner'
  reasonCode?: string
  details?: Record<string, string | number>
}

/**
 * Demo referrals through every state of the lifecycle, between the demo people and the demo listings.
 * `candidate` and `listing` name rows of demo-candidates.ts and demo-listings.ts.
 */
export const DEMO_MATCHES: {
  candidate: string
  listing: string
  origin: 'referral' | 'interest'
  message: string | null
  steps: Step[]
  nextStepInDays?: { days: number; hour: number; note: string }
  amountVnd?: number
  certificateNumber?: string
  /** Check-ins already recorded (by the caseworker); the others stay open, or go when the match is over. */
  checkIns?: { day: number; onTrack: boolean; problems?: string; supportNeeded?: string }[]
}[] = [
  {
    candidate: 'Nguyễn Văn Hùng',
    listing: 'Thợ hàn kết cấu thép',
    origin: 'referral',
    message: 'Anh Hùng đã có kinh nghiệm hàn, muốn đi làm ngay. Xin xưởng sắp xếp phỏng vấn buổi sáng.',
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 5, by: 'caseworker' },
      { action: 'accept', to: 'accepted', daysAgo: 3, by: 'partner' },
    ],
    nextStepInDays: { days: 2, hour: 9, note: 'Phỏng vấn tại xưởng, mang theo CCCD và giấy khám sức khỏe.' },
  },
  {
    candidate: 'Nguyễn Văn Hùng',
    listing: 'Hàn điện cơ bản',
    origin: 'referral',
    message: 'Học để lấy chứng chỉ hàn theo yêu cầu của xưởng.',
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 75, by: 'caseworker' },
      { action: 'accept', to: 'accepted', daysAgo: 72, by: 'partner' },
      { action: 'start', to: 'started', daysAgo: 65, by: 'partner' },
    ],
  },
  {
    candidate: 'Trần Thị Mai',
    listing: 'Phụ xưởng cơ khí (học việc)',
    origin: 'interest',
    message: 'Xưởng cần người khéo tay, có thể kèm nghề. Chúng tôi muốn mời chị đến gặp.',
    steps: [{ action: 'express_interest', to: 'interest', daysAgo: 1, by: 'partner' }],
  },
  {
    candidate: 'Trần Thị Mai',
    listing: 'Vay vốn tự tạo việc làm, kinh doanh nhỏ',
    origin: 'referral',
    message: 'Chị Mai muốn mở tiệm may sửa quần áo tại nhà.',
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 220, by: 'caseworker' },
      { action: 'accept', to: 'accepted', daysAgo: 215, by: 'partner' },
      { action: 'start', to: 'started', daysAgo: 200, by: 'partner', details: { amountVnd: 30_000_000 } },
      { action: 'complete', to: 'completed', daysAgo: 15, by: 'partner' },
    ],
    amountVnd: 30_000_000,
    checkIns: [
      { day: 30, onTrack: true, supportNeeded: 'Hướng dẫn ghi sổ thu chi' },
      { day: 90, onTrack: true, problems: 'Tháng Tết ít khách' },
      { day: 180, onTrack: true },
    ],
  },
  {
    candidate: 'Hoàng Minh Đức',
    listing: 'Phụ xưởng cơ khí (học việc)',
    origin: 'referral',
    message: 'Anh Đức có bằng lái C, có thể phụ kho và giao hàng cho xưởng.',
    steps: [{ action: 'refer', to: 'approved', daysAgo: 10, by: 'caseworker' }],
  },
  {
    candidate: 'Hoàng Minh Đức',
    listing: 'Nhân viên kiểm hàng, đóng gói',
    origin: 'referral',
    message: null,
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 30, by: 'caseworker' },
      { action: 'decline', to: 'declined', daysAgo: 27, by: 'partner', reasonCode: 'position_filled' },
    ],
  },
  {
    candidate: 'Vũ Thị Hạnh',
    listing: 'Vay vốn học nghề',
    origin: 'referral',
    message: 'Chị Hạnh muốn học thêm nghề chăm sóc móng để mở tiệm.',
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 160, by: 'caseworker' },
      { action: 'accept', to: 'accepted', daysAgo: 155, by: 'partner' },
      { action: 'start', to: 'started', daysAgo: 150, by: 'partner', details: { amountVnd: 20_000_000 } },
      { action: 'end', to: 'ended', daysAgo: 20, by: 'partner', reasonCode: 'moved_away' },
    ],
    amountVnd: 20_000_000,
    checkIns: [
      { day: 30, onTrack: true },
      {
        day: 90,
        onTrack: false,
        problems: 'Chậm trả hai kỳ, gia đình định chuyển về quê',
        supportNeeded: 'Làm việc với ngân hàng để giãn nợ',
      },
    ],
  },
  {
    candidate: 'Vũ Thị Hạnh',
    listing: 'Vay vốn tự tạo việc làm, kinh doanh nhỏ',
    origin: 'referral',
    message: 'Vay để mua dụng cụ làm tóc, mở tiệm nhỏ tại nhà.',
    steps: [{ action: 'refer', to: 'approved', daysAgo: 2, by: 'caseworker' }],
  },
  {
    candidate: 'Lê Quang Minh',
    listing: 'Sửa chữa xe máy',
    origin: 'interest',
    message: 'Trung tâm còn chỗ lớp sửa xe máy khai giảng tháng tới, học phí được hỗ trợ toàn bộ.',
    steps: [
      { action: 'express_interest', to: 'interest', daysAgo: 40, by: 'partner' },
      { action: 'reject', to: 'rejected', daysAgo: 38, by: 'caseworker', reasonCode: 'not_ready' },
    ],
  },
  {
    candidate: 'Lê Quang Minh',
    listing: 'Điện dân dụng',
    origin: 'referral',
    message: null,
    steps: [
      { action: 'refer', to: 'approved', daysAgo: 25, by: 'caseworker' },
      { action: 'withdraw', to: 'withdrawn', daysAgo: 21, by: 'caseworker', reasonCode: 'candidate_not_interested' },
    ],
  },
]
