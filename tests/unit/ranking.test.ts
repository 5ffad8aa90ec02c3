import { describe, expect, test } from 'vitest'
import {
  ageBand,
  certificateKey,
  hardRuleFailures,
  pathwayOf,
  placeOf,
  rankListing,
  WEIGHTS,
  type RankCandidate,
  type RankContext,
  type RankListing,
} from '#app/modules/matching/ranking.ts'

const TODAY = '2026-03-15'

function person(overrides: Partial<RankCandidate> = {}): RankCandidate {
  return {
    age: 30,
    background: null,
    wardCode: '00070',
    formerDistricts: ['Quận Ba Đình', 'Quận Hoàn Kiếm'],
    skills: [],
    needs: [],
    ...overrides,
  }
}

function listing(overrides: Partial<RankListing> = {}): RankListing {
  return {
    kind: 'job',
    wardCode: '09556',
    formerDistricts: ['Quận Hà Đông'],
    requiredSkills: [],
    minAge: null,
    maxAge: null,
    acceptsAfterRehab: true,
    acceptsAfterPrison: true,
    deadline: null,
    capacity: 3,
    seatsTaken: 0,
    certificate: null,
    purposes: null,
    ...overrides,
  }
}

function context(wanted: string[] = []): RankContext {
  return { today: TODAY, certificatesWanted: new Set(wanted) }
}

describe('hard rules', () => {
  test('age bounds are inclusive on both ends', () => {
    const l = listing({ minAge: 18, maxAge: 35 })
    expect(hardRuleFailures(person({ age: 17 }), l, TODAY)).toEqual(['too_young'])
    expect(hardRuleFailures(person({ age: 18 }), l, TODAY)).toEqual([])
    expect(hardRuleFailures(person({ age: 35 }), l, TODAY)).toEqual([])
    expect(hardRuleFailures(person({ age: 36 }), l, TODAY)).toEqual(['too_old'])
    // One bound only.
    expect(hardRuleFailures(person({ age: 80 }), listing({ minAge: 18 }), TODAY)).toEqual([])
    expect(hardRuleFailures(person({ age: 16 }), listing({ maxAge: 60 }), TODAY)).toEqual([])
    // min = max: that one age only.
    const exact = listing({ minAge: 25, maxAge: 25 })
    expect(hardRuleFailures(person({ age: 24 }), exact, TODAY)).toEqual(['too_young'])
    expect(hardRuleFailures(person({ age: 25 }), exact, TODAY)).toEqual([])
    expect(hardRuleFailures(person({ age: 26 }), exact, TODAY)).toEqual(['too_old'])
  })

  test('an unknown age is no rule, whatever the bounds', () => {
    expect(hardRuleFailures(person({ age: null }), listing({ minAge: 40, maxAge: 41 }), TODAY)).toEqual([])
  })

  test.each([
    // background, acceptsAfterRehab, acceptsAfterPrison, fails
    [null, false, false, false],
    ['after_rehab', true, true, false],
    ['after_rehab', true, false, false],
    ['after_rehab', false, true, true],
    ['after_rehab', false, false, true],
    ['after_prison', true, true, false],
    ['after_prison', false, true, false],
    ['after_prison', true, false, true],
    ['after_prison', false, false, true],
    ['both', true, true, false],
    ['both', true, false, true],
    ['both', false, true, true],
    ['both', false, false, true],
  ] as const)('background %s vs rehab %s / prison %s → fails: %s', (background, rehab, prison, fails) => {
    const failures = hardRuleFailures(
      person({ background }),
      listing({ acceptsAfterRehab: rehab, acceptsAfterPrison: prison }),
      TODAY,
    )
    expect(failures).toEqual(fails ? ['background'] : [])
  })

  test('a deadline before today fails; today and later, or none, pass', () => {
    expect(hardRuleFailures(person(), listing({ deadline: '2026-03-14' }), TODAY)).toEqual(['deadline_passed'])
    expect(hardRuleFailures(person(), listing({ deadline: '2025-12-31' }), TODAY)).toEqual(['deadline_passed'])
    expect(hardRuleFailures(person(), listing({ deadline: TODAY }), TODAY)).toEqual([])
    expect(hardRuleFailures(person(), listing({ deadline: '2026-03-16' }), TODAY)).toEqual([])
    expect(hardRuleFailures(person(), listing({ deadline: null }), TODAY)).toEqual([])
  })

  test('full when every place is taken', () => {
    expect(hardRuleFailures(person(), listing({ capacity: 2, seatsTaken: 1 }), TODAY)).toEqual([])
    expect(hardRuleFailures(person(), listing({ capacity: 2, seatsTaken: 2 }), TODAY)).toEqual(['full'])
    expect(hardRuleFailures(person(), listing({ capacity: 1, seatsTaken: 1 }), TODAY)).toEqual(['full'])
  })

  test('every failing rule is reported, in a fixed order', () => {
    const failures = hardRuleFailures(
      person({ age: 50, background: 'both' }),
      listing({ maxAge: 40, acceptsAfterPrison: false, deadline: '2026-01-01', capacity: 1, seatsTaken: 1 }),
      TODAY,
    )
    expect(failures).toEqual(['too_old', 'background', 'deadline_passed', 'full'])
    const ranking = rankListing(
      person({ age: 50, background: 'both' }),
      listing({ maxAge: 40, acceptsAfterPrison: false, deadline: '2026-01-01', capacity: 1, seatsTaken: 1 }),
      context(),
    )
    expect(ranking.eligible).toBe(false)
    expect(ranking.failures).toEqual(failures)
  })
})

describe('place', () => {
  test('same ward, a shared former district, or farther', () => {
    const p = person({ wardCode: '00070', formerDistricts: ['Quận Ba Đình', 'Quận Hoàn Kiếm'] })
    expect(placeOf(p, listing({ wardCode: '00070', formerDistricts: ['Quận Ba Đình', 'Quận Hoàn Kiếm'] }))).toBe(
      'same_ward',
    )
    // Same ward wins even if (impossibly) the districts were listed differently.
    expect(placeOf(p, listing({ wardCode: '00070', formerDistricts: [] }))).toBe('same_ward')
    // Phường Cửa Nam shares Hoàn Kiếm (its second district) with Phường Hoàn Kiếm.
    expect(placeOf(p, listing({ wardCode: '00082', formerDistricts: ['Quận Hoàn Kiếm', 'Quận Hai Bà Trưng'] }))).toBe(
      'same_district',
    )
    expect(placeOf(p, listing({ wardCode: '09556', formerDistricts: ['Quận Nam Từ Liêm', 'Quận Hà Đông'] }))).toBe(
      'farther',
    )
    expect(
      placeOf(person({ formerDistricts: [] }), listing({ wardCode: '00082', formerDistricts: ['Quận Hoàn Kiếm'] })),
    ).toBe('farther')
  })
})

describe('pathways', () => {
  test('a course whose certificate (compared by certificateKey) an open job asks for', () => {
    const course = listing({ kind: 'course', certificate: '  Chứng chỉ Sơ cấp nghề HÀN ' })
    const wanted = [certificateKey('chứng chỉ sơ cấp nghề hàn')]
    expect(pathwayOf(person(), course, context(wanted))).toBe('course_certificate')
    expect(pathwayOf(person(), course, context([certificateKey('Chứng chỉ nghề điện')]))).toBeNull()
    expect(pathwayOf(person(), listing({ kind: 'course', certificate: null }), context(wanted))).toBeNull()
    expect(pathwayOf(person(), listing({ kind: 'course', certificate: '' }), context(['']))).toBeNull()
    // Only a course leads to a certificate.
    expect(
      pathwayOf(person(), listing({ kind: 'job', certificate: 'Chứng chỉ sơ cấp nghề hàn' }), context(wanted)),
    ).toBeNull()
  })

  test('certificateKey trims and lower-cases, Vietnamese letters included', () => {
    expect(certificateKey('  ĐIỆN DÂN DỤNG  ')).toBe('điện dân dụng')
    expect(certificateKey('Chứng Chỉ')).toBe(certificateKey('chứng chỉ'))
    expect(certificateKey('Hàn')).not.toBe(certificateKey('Hạn'))
  })

  test('a self-employment loan needs a skill, and an overlap when the loan lists skills', () => {
    const loan = (o: Partial<RankListing> = {}) => listing({ kind: 'loan', purposes: ['self_employment'], ...o })
    expect(pathwayOf(person({ skills: ['cooking'] }), loan(), context())).toBe('loan_self_employment')
    expect(pathwayOf(person({ skills: [] }), loan(), context())).toBeNull()
    expect(pathwayOf(person({ skills: ['cooking'] }), loan({ requiredSkills: ['cooking', 'sewing'] }), context())).toBe(
      'loan_self_employment',
    )
    expect(
      pathwayOf(person({ skills: ['welding'] }), loan({ requiredSkills: ['cooking', 'sewing'] }), context()),
    ).toBeNull()
    expect(
      pathwayOf(person({ skills: ['cooking'] }), loan({ purposes: ['training', 'production'] }), context()),
    ).toBeNull()
    expect(pathwayOf(person({ skills: ['cooking'] }), loan({ purposes: null }), context())).toBeNull()
    expect(
      pathwayOf(person({ skills: ['cooking'] }), loan({ purposes: ['production', 'self_employment'] }), context()),
    ).toBe('loan_self_employment')
    // A job with the self-employment purpose somehow set is not a loan.
    expect(
      pathwayOf(person({ skills: ['cooking'] }), listing({ kind: 'job', purposes: ['self_employment'] }), context()),
    ).toBeNull()
  })
})

describe('score', () => {
  test('the weights are the documented ones', () => {
    expect(WEIGHTS).toEqual({
      needFit: 40,
      skills: 30,
      noSkillsRequired: 10,
      sameWard: 20,
      sameDistrict: 10,
      coursePathway: 15,
      loanPathway: 10,
    })
  })

  test('each signal alone adds its weight', () => {
    const far = { wardCode: '09556', formerDistricts: ['Quận Hà Đông'] }
    // A listing needing one skill the person lacks, far away, of a kind not asked for: nothing at all.
    const base = listing({ ...far, requiredSkills: ['welding'] })
    expect(rankListing(person(), base, context()).score).toBe(0)
    expect(rankListing(person({ needs: ['job'] }), base, context()).score).toBe(WEIGHTS.needFit)
    expect(rankListing(person(), listing({ ...far }), context()).score).toBe(WEIGHTS.noSkillsRequired)
    expect(rankListing(person(), { ...base, wardCode: '00070' }, context()).score).toBe(WEIGHTS.sameWard)
    expect(rankListing(person(), { ...base, formerDistricts: ['Quận Hoàn Kiếm'] }, context()).score).toBe(
      WEIGHTS.sameDistrict,
    )
    const course = listing({ ...far, kind: 'course', requiredSkills: ['welding'], certificate: 'Chứng chỉ hàn' })
    expect(rankListing(person(), course, context([certificateKey('Chứng chỉ hàn')])).score).toBe(WEIGHTS.coursePathway)
    const loan = listing({
      ...far,
      kind: 'loan',
      requiredSkills: ['welding', 'cooking'],
      purposes: ['self_employment'],
    })
    // The loan pathway comes with a matched skill (1 of 2 → floor(30/2) = 15).
    expect(rankListing(person({ skills: ['cooking'] }), loan, context()).score).toBe(WEIGHTS.loanPathway + 15)
  })

  test.each([
    // matched of required → floor(30 × matched / required)
    [1, 1, 30],
    [0, 1, 0],
    [1, 2, 15],
    [1, 3, 10],
    [2, 3, 20],
    [1, 4, 7],
    [3, 4, 22],
    [1, 7, 4],
    [2, 7, 8],
    [6, 7, 25],
  ])('skills: %i of %i required → %i points (rounded down)', (matched, required, points) => {
    const requiredSkills = Array.from({ length: required }, (_, i) => `skill_${i}`)
    const skills = requiredSkills.slice(0, matched)
    expect(Math.floor((WEIGHTS.skills * matched) / required)).toBe(points)
    const r = rankListing(person({ skills }), listing({ requiredSkills }), context())
    expect(r.score).toBe(points)
    expect(r.skillsMatched).toEqual(skills)
    expect(r.skillsMissing).toEqual(requiredSkills.slice(matched))
  })

  test('everything together adds up, and the hard rules do not change the score', () => {
    const p = person({ needs: ['course'], skills: ['welding', 'metalwork'] })
    const course = listing({
      kind: 'course',
      wardCode: '00070',
      requiredSkills: ['welding', 'metalwork', 'painting'],
      certificate: 'Chứng chỉ hàn',
      deadline: '2020-01-01',
    })
    const r = rankListing(p, course, context(['chứng chỉ hàn']))
    expect(r.score).toBe(40 + 20 + 20 + 15)
    expect(r).toMatchObject({
      eligible: false,
      failures: ['deadline_passed'],
      relevant: true,
      needFit: true,
      skillsMatched: ['welding', 'metalwork'],
      skillsMissing: ['painting'],
      place: 'same_ward',
      pathway: 'course_certificate',
    })
  })
})

describe('relevance', () => {
  test('a kind asked for, a skill they have, or a pathway — nothing else', () => {
    const far = { wardCode: '09556', formerDistricts: ['Quận Hà Đông'] }
    // Near and asking for no skill is still not relevant on its own.
    expect(rankListing(person(), listing({ wardCode: '00070' }), context()).relevant).toBe(false)
    expect(rankListing(person(), listing({ ...far, requiredSkills: ['welding'] }), context()).relevant).toBe(false)
    expect(rankListing(person({ needs: ['job'] }), listing(far), context()).relevant).toBe(true)
    expect(rankListing(person({ needs: ['loan'] }), listing(far), context()).relevant).toBe(false)
    expect(
      rankListing(person({ skills: ['welding'] }), listing({ ...far, requiredSkills: ['welding', 'x'] }), context())
        .relevant,
    ).toBe(true)
    // Having skills does not make a listing that asks for none relevant.
    expect(rankListing(person({ skills: ['welding'] }), listing(far), context()).relevant).toBe(false)
    const course = listing({ ...far, kind: 'course', certificate: 'CC Hàn' })
    expect(rankListing(person(), course, context(['cc hàn'])).relevant).toBe(true)
    expect(rankListing(person(), course, context()).relevant).toBe(false)
    const loan = listing({ ...far, kind: 'loan', purposes: ['self_employment'] })
    expect(rankListing(person({ skills: ['cooking'] }), loan, context()).relevant).toBe(true)
  })
})

describe('ordering a small list', () => {
  test('sorting by score puts the best fit first', () => {
    const p = person({ needs: ['job'], skills: ['cooking', 'dishwashing'] })
    const candidates: Record<string, RankListing> = {
      nearKitchen: listing({ wardCode: '00070', requiredSkills: ['cooking', 'dishwashing'] }), // 40+30+20 = 90
      districtKitchen: listing({
        wardCode: '00082',
        formerDistricts: ['Quận Hoàn Kiếm'],
        requiredSkills: ['cooking', 'driving'],
      }), // 40+15+10 = 65
      farAnyJob: listing({}), // 40+10 = 50
      farWelding: listing({ requiredSkills: ['welding'] }), // 40+0 = 40
      farCourse: listing({ kind: 'course', requiredSkills: ['cooking'] }), // 30
      farLoanNoSelfEmployment: listing({ kind: 'loan', purposes: ['production'] }), // 10
    }
    const scores = Object.fromEntries(
      Object.entries(candidates).map(([k, l]) => [k, rankListing(p, l, context()).score]),
    )
    expect(scores).toEqual({
      nearKitchen: 90,
      districtKitchen: 65,
      farAnyJob: 50,
      farWelding: 40,
      farCourse: 30,
      farLoanNoSelfEmployment: 10,
    })
    const order = Object.keys(candidates).sort((a, b) => scores[b]! - scores[a]!)
    expect(order).toEqual([
      'nearKitchen',
      'districtKitchen',
      'farAnyJob',
      'farWelding',
      'farCourse',
      'farLoanNoSelfEmployment',
    ])
  })
})

describe('ageBand', () => {
  test.each([
    [null, null],
    [0, null],
    [17, null],
    [18, '18_24'],
    [24, '18_24'],
    [25, '25_34'],
    [34, '25_34'],
    [35, '35_44'],
    [44, '35_44'],
    [45, '45_54'],
    [54, '45_54'],
    [55, '55_plus'],
    [99, '55_plus'],
  ] as const)('%s → %s', (age, band) => {
    expect(ageBand(age)).toBe(band)
  })
})
