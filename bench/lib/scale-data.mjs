// Realistic scale data for benchmarks (and the scale seed): organisations of every kind and vetting state,
// listings of every kind, ward, skill and state with their detail rows, and people with consents — all with
// generate_series on the server, so 100,000 rows take seconds. `db` is a postgres.js client on a migrated
// database (the wards and skills reference data in place).

/** `organisations` partners and `listings` listings, `openPercent` of them open. */
export async function insertPartnersAndListings(db, { organisations, listings, openPercent = 65 }) {
  await db.unsafe(`
  WITH w AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards)
  INSERT INTO organisations (kind, name, status, ward_code, description, email, phone, tax_code, listed_in_directory)
  SELECT
    (CASE WHEN g % 10 < 6 THEN 'employer' WHEN g % 10 < 9 THEN 'training_centre' ELSE 'lender' END)::organisation_kind,
    (ARRAY['Công ty TNHH', 'Hợp tác xã', 'Trường Trung cấp Nghề', 'Quỹ Hỗ trợ', 'Nhà hàng', 'Xưởng'])[1 + g % 6]
      || ' ' || (ARRAY['Thăng Long', 'Hà Đông', 'Sông Hồng', 'Tình Thương', 'Bình Minh', 'Hòa Bình', 'Đông Anh'])[1 + g % 7]
      || ' ' || g,
    (CASE WHEN g % 20 = 0 THEN 'suspended' WHEN g % 20 = 1 THEN 'pending' WHEN g % 20 = 2 THEN 'rejected'
          ELSE 'approved' END)::organisation_status,
    w.codes[1 + g % array_length(w.codes, 1)],
    'Đối tác của chương trình tái hòa nhập cộng đồng.',
    'lienhe' || g || '@doitac.example',
    '0243 ' || lpad((g * 7919 % 1000000)::text, 6, '0'),
    (1000000000 + g)::text,
    g % 15 <> 0
  FROM generate_series(1, ${organisations}) g, w`)

  await db.unsafe(`
  WITH w AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards),
       s AS (SELECT array_agg(code ORDER BY code) AS codes FROM skills),
       o AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(kind ORDER BY id) AS kinds,
                    array_agg(name ORDER BY id) AS names FROM organisations),
       rows AS (
         SELECT g,
           o.ids[1 + g % array_length(o.ids, 1)] AS org_id,
           o.names[1 + g % array_length(o.ids, 1)] AS org_name,
           (CASE o.kinds[1 + g % array_length(o.ids, 1)] WHEN 'employer' THEN 'job'
                 WHEN 'training_centre' THEN 'course' ELSE 'loan' END)::opportunity_kind AS kind,
           w.codes[1 + (g * 31) % array_length(w.codes, 1)] AS ward,
           (CASE WHEN g % 100 < ${openPercent} THEN 'open' WHEN g % 100 < ${openPercent} + (100 - ${openPercent}) * 4 / 7 THEN 'closed' ELSE 'draft' END)::opportunity_status AS status,
           CASE WHEN g % 10 < 3 THEN NULL ELSE current_date + ((g * 7) % 150 - 30) END AS deadline,
           (ARRAY[s.codes[1 + g % array_length(s.codes, 1)], s.codes[1 + (g * 7) % array_length(s.codes, 1)]]
             || CASE WHEN g % 3 = 0 THEN ARRAY[s.codes[1 + (g * 13) % array_length(s.codes, 1)]] ELSE ARRAY[]::text[] END
           ) AS skills,
           now() - ((g % 365) || ' days')::interval - ((g % 1440) || ' minutes')::interval AS at
         FROM generate_series(1, ${listings}) g, w, s, o
       ),
       titled AS (
         SELECT rows.*,
           CASE kind
             WHEN 'job' THEN (ARRAY['Thợ hàn kết cấu thép', 'Phụ bếp nhà hàng', 'Công nhân may công nghiệp',
               'Nhân viên giao hàng', 'Bảo vệ tòa nhà', 'Thợ điện công trình', 'Nhân viên kho', 'Phụ hồ xây dựng',
               'Thợ sửa xe máy', 'Nhân viên rửa bát', 'Công nhân lắp ráp điện tử', 'Nhân viên vệ sinh'])[1 + g % 12]
             WHEN 'course' THEN (ARRAY['Khóa Điện dân dụng', 'Sửa chữa xe máy cơ bản', 'Kỹ thuật hàn', 'Nấu ăn cơ bản',
               'May công nghiệp', 'Tin học văn phòng', 'Lái xe hạng B', 'Trồng nấm', 'Pha chế đồ uống', 'Làm bánh'])[1 + g % 10]
             ELSE (ARRAY['Vay vốn tự kinh doanh', 'Vay vốn học nghề', 'Vay vốn chăn nuôi', 'Vay vốn sản xuất nhỏ',
               'Vay mua xe giao hàng'])[1 + g % 5]
           END || ' — đợt ' || (g % 40 + 1) AS title,
           (ARRAY['Có người kèm cặp trong tháng đầu, làm ca ngày, nghỉ Chủ nhật.',
                  'Không cần kinh nghiệm, được đào tạo tại chỗ, bao ăn trưa.',
                  'Ưu tiên người ở gần, hỗ trợ chỗ ở cho người ở xa.',
                  'Học thực hành là chính, cấp chứng chỉ khi hoàn thành.',
                  'Cán bộ hướng dẫn lập phương án, trả góp hằng tháng.'])[1 + g % 5] AS description
         FROM rows
       )
  INSERT INTO opportunities (organisation_id, kind, title, description, ward_code, status, capacity, deadline,
    required_skills, search_text, published_at, closed_at, created_at, updated_at)
  SELECT org_id, kind, title, description, ward, status, 1 + g % 30, deadline, skills,
    lower(unaccent(title || ' ' || description || ' ' || org_name || ' ' ||
      (SELECT string_agg(sk.search_text, ' ') FROM skills sk WHERE sk.code = ANY(titled.skills)))),
    CASE WHEN status = 'draft' THEN NULL ELSE at END,
    CASE WHEN status = 'closed' THEN at + interval '20 days' END,
    at - interval '1 day', at
  FROM titled`)

  await db.unsafe(`
  INSERT INTO job_details (opportunity_id, employment_type, wage_min, wage_max, wage_period, housing_provided, meals_provided,
    certificate_required)
  SELECT id,
    (ARRAY['full_time', 'part_time', 'seasonal', 'apprenticeship'])[1 + abs(hashtext(id::text)) % 4]::employment_type,
    5000000 + (abs(hashtext(id::text)) % 20) * 250000, 9000000 + (abs(hashtext(id::text)) % 20) * 300000, 'month',
    hashtext(id::text) % 3 = 0, hashtext(id::text) % 2 = 0,
    CASE WHEN abs(hashtext(id::text)) % 4 = 0 THEN (ARRAY['Chứng chỉ sơ cấp nghề Hàn', 'Chứng chỉ sơ cấp nghề Điện dân dụng',
      'Chứng chỉ sơ cấp nghề May', 'Chứng chỉ sơ cấp nghề Nấu ăn', 'Giấy phép lái xe hạng C'])[1 + abs(hashtext(id::text)) % 5] END
  FROM opportunities WHERE kind = 'job'`)
  await db.unsafe(`
  INSERT INTO course_details (opportunity_id, duration_weeks, schedule, start_date, cost_vnd, subsidy_vnd, certificate)
  SELECT id, 4 + abs(hashtext(id::text)) % 20, 'Thứ Hai – Thứ Sáu, 8h00–11h30', current_date + abs(hashtext(id::text)) % 60,
    3000000 + (abs(hashtext(id::text)) % 10) * 500000, 2000000,
    (ARRAY['Chứng chỉ sơ cấp nghề Hàn', 'Chứng chỉ sơ cấp nghề Điện dân dụng', 'Chứng chỉ sơ cấp nghề May',
      'Chứng chỉ sơ cấp nghề Nấu ăn', 'Chứng chỉ sơ cấp nghề Sửa chữa xe máy', 'Chứng chỉ Tin học văn phòng'])[1 + abs(hashtext(id::text)) % 6]
  FROM opportunities WHERE kind = 'course'`)
  await db.unsafe(`
  INSERT INTO loan_details (opportunity_id, amount_min, amount_max, interest_rate, term_months, grace_period_months, purposes)
  SELECT id, 10000000, 50000000 + (abs(hashtext(id::text)) % 16) * 10000000, 6.6, 12 * (1 + abs(hashtext(id::text)) % 10), 6,
    ARRAY['self_employment', 'production']::loan_purpose[]
  FROM opportunities WHERE kind = 'loan'`)
}

/**
 * `count` people in every ward (active mostly, every status), with skills, needs, availability and, for most,
 * the consents to the talent pool and to sharing with each kind of partner.
 */
export async function insertCandidates(db, { count }) {
  await db.unsafe(`
    WITH w AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards),
         s AS (SELECT array_agg(code ORDER BY code) AS codes FROM skills)
    INSERT INTO candidates (public_code, full_name, folded_name, date_of_birth, gender, phone, ward_code, status,
      intake_step, background, education, skills, needs, availability, created_at, updated_at)
    SELECT 'HS-' || lpad(g::text, 7, '0'),
      n.family || ' ' || n.middle || ' ' || n.given,
      lower(unaccent(n.family || ' ' || n.middle || ' ' || n.given)),
      date '1966-01-01' + (g * 97) % 14600,
      (CASE WHEN g % 3 = 0 THEN 'female' ELSE 'male' END)::gender,
      '09' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
      w.codes[1 + (g * 17) % array_length(w.codes, 1)],
      (CASE WHEN g % 20 < 15 THEN 'active' WHEN g % 20 < 17 THEN 'on_hold' WHEN g % 20 < 19 THEN 'closed'
            ELSE 'draft' END)::candidate_status,
      4,
      (ARRAY['after_rehab', 'after_prison', 'both'])[1 + g % 3]::programme_background,
      (ARRAY['primary', 'lower_secondary', 'upper_secondary', 'vocational'])[1 + g % 4]::education_level,
      ARRAY[s.codes[1 + (g * 3) % array_length(s.codes, 1)], s.codes[1 + (g * 11) % array_length(s.codes, 1)]],
      CASE g % 5 WHEN 0 THEN ARRAY['job'] WHEN 1 THEN ARRAY['job', 'course'] WHEN 2 THEN ARRAY['course']
                 WHEN 3 THEN ARRAY['loan'] ELSE ARRAY['job', 'loan'] END,
      (ARRAY['Có thể đi làm ngay, ca ngày', 'Buổi sáng', 'Cả ngày', 'Sẵn sàng làm ca đêm', NULL])[1 + g % 5],
      now() - ((g % 700) || ' days')::interval - ((g % 1440) || ' minutes')::interval,
      now() - ((g % 700) || ' days')::interval
    FROM generate_series(1, ${count}) g, w, s,
      LATERAL (SELECT
        (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô'])[1 + g % 10] AS family,
        (ARRAY['Văn', 'Thị', 'Minh', 'Quang', 'Thu', 'Đức', 'Ngọc', 'Hữu'])[1 + (g / 10) % 8] AS middle,
        (ARRAY['Hùng', 'Mai', 'Lan', 'Tuấn', 'Hạnh', 'Đức', 'Thu', 'Bình', 'Hoa', 'Nam', 'Long', 'Hương'])[1 + (g / 80) % 12]
          AS given) n`)
  // Most consent to the pool and to sharing with each kind of partner; some to none.
  await db.unsafe(`
    INSERT INTO consents (candidate_id, purpose, evidence, text_version, granted_at)
    SELECT c.id, p.purpose::consent_purpose, 'Phiếu đồng ý ' || c.public_code, '2026-11', c.created_at
    FROM candidates c
    CROSS JOIN (VALUES ('talent_pool', 0), ('share_with_employers', 1), ('share_with_training_centres', 2),
                       ('share_with_lenders', 3)) AS p(purpose, k)
    WHERE c.status <> 'draft' AND (abs(hashtext(c.id::text)) + p.k) % 5 <> 0`)
}

/**
 * `count` matches between active people and open listings, in every status, with one event per step of
 * their path (the lifecycle's order), and the places they hold counted on each listing.
 */
export async function insertMatches(db, { count }) {
  await db.unsafe(`
    WITH people AS (SELECT array_agg(id ORDER BY id) AS ids FROM candidates WHERE status = 'active'),
         listings AS (SELECT array_agg(id ORDER BY id) AS ids, array_agg(organisation_id ORDER BY id) AS orgs
                      FROM opportunities WHERE status = 'open'),
         picked AS (
           SELECT DISTINCT ON (c, o) c, o, org, g
           FROM (SELECT people.ids[1 + (g * 7) % array_length(people.ids, 1)] AS c,
                        listings.ids[1 + (g * 13) % array_length(listings.ids, 1)] AS o,
                        listings.orgs[1 + (g * 13) % array_length(listings.ids, 1)] AS org, g
                 FROM generate_series(1, ${count}) g, people, listings) x)
    INSERT INTO matches (candidate_id, opportunity_id, organisation_id, status, origin, version, created_at, updated_at, approved_at)
    SELECT c, o, org,
      (ARRAY['interest', 'approved', 'rejected', 'declined', 'withdrawn', 'approved', 'ended', 'completed', 'completed',
             'withdrawn'])[1 + g % 10]::match_status,
      (CASE WHEN g % 4 = 0 THEN 'interest' ELSE 'referral' END)::match_origin,
      1, now() - ((g % 400) || ' days')::interval, now() - ((g % 400) || ' days')::interval + interval '3 days',
      CASE WHEN g % 10 NOT IN (0, 2) THEN now() - ((g % 400) || ' days')::interval END
    FROM picked`)
  await db.unsafe(`
    WITH paths(status, path) AS (VALUES
      ('interest', ARRAY['interest']), ('approved', ARRAY['approved']), ('rejected', ARRAY['interest', 'rejected']),
      ('declined', ARRAY['approved', 'declined']), ('withdrawn', ARRAY['approved', 'withdrawn']),
      ('accepted', ARRAY['approved', 'accepted']), ('started', ARRAY['approved', 'accepted', 'started']),
      ('completed', ARRAY['approved', 'accepted', 'started', 'completed']),
      ('ended', ARRAY['approved', 'accepted', 'started', 'ended']))
    INSERT INTO match_events (match_id, action, from_status, to_status, created_at)
    SELECT m.id, 'seed', CASE WHEN i > 1 THEN p.path[i - 1]::match_status END, p.path[i]::match_status,
      m.created_at + (i || ' days')::interval
    FROM matches m JOIN paths p ON p.status = m.status::text, generate_subscripts(p.path, 1) i`)
  await db.unsafe(`UPDATE matches m SET version = (SELECT count(*) FROM match_events e WHERE e.match_id = m.id)`)
  await db.unsafe(`UPDATE opportunities o SET seats_taken = least(o.capacity, (SELECT count(*) FROM matches m
    WHERE m.opportunity_id = o.id AND m.status IN ('accepted', 'started', 'completed')))`)
}
