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
  FROM opportunities WHERE kind = 'job'
  ON CONFLICT (opportunity_id) DO NOTHING`)
  await db.unsafe(`
  INSERT INTO course_details (opportunity_id, duration_weeks, schedule, start_date, cost_vnd, subsidy_vnd, certificate)
  SELECT id, 4 + abs(hashtext(id::text)) % 20, 'Thứ Hai – Thứ Sáu, 8h00–11h30', current_date + abs(hashtext(id::text)) % 60,
    3000000 + (abs(hashtext(id::text)) % 10) * 500000, 2000000,
    (ARRAY['Chứng chỉ sơ cấp nghề Hàn', 'Chứng chỉ sơ cấp nghề Điện dân dụng', 'Chứng chỉ sơ cấp nghề May',
      'Chứng chỉ sơ cấp nghề Nấu ăn', 'Chứng chỉ sơ cấp nghề Sửa chữa xe máy', 'Chứng chỉ Tin học văn phòng'])[1 + abs(hashtext(id::text)) % 6]
  FROM opportunities WHERE kind = 'course'
  ON CONFLICT (opportunity_id) DO NOTHING`)
  await db.unsafe(`
  INSERT INTO loan_details (opportunity_id, amount_min, amount_max, interest_rate, term_months, grace_period_months, purposes)
  SELECT id, 10000000, 50000000 + (abs(hashtext(id::text)) % 16) * 10000000, 6.6, 12 * (1 + abs(hashtext(id::text)) % 10), 6,
    ARRAY['self_employment', 'production']::loan_purpose[]
  FROM opportunities WHERE kind = 'loan'
  ON CONFLICT (opportunity_id) DO NOTHING`)
}

/**
 * `count` people in every ward (active mostly, every status), with skills, needs, availability and, for most,
 * the consents to the talent pool and to sharing with each kind of partner. `focusWards` get `focusPercent`
 * of the people each on top of their even share (a few busy wards, e.g. the demo caseworkers'). Each person
 * is followed by the first caseworker of their ward, when the ward has one (caseworker_wards).
 */
export async function insertCandidates(db, { count, focusWards = [], focusPercent = 0 }) {
  const focus = focusWards.filter((code) => /^\d{5}$/.test(code))
  // Per mille of people sent to a focus ward, decided by a hash so it does not follow status, needs or names.
  const focusPerMille = focus.length > 0 ? Math.round(focusPercent * 10 * focus.length) : 0
  const focusArray = focus.length > 0 ? `ARRAY[${focus.map((c) => `'${c}'`).join(', ')}]::text[]` : `ARRAY[]::text[]`
  await db.unsafe(`
    WITH w AS (SELECT array_agg(code ORDER BY code) AS codes FROM wards),
         s AS (SELECT array_agg(code ORDER BY code) AS codes FROM skills),
         cw AS (SELECT DISTINCT ON (ward_code) ward_code, user_id FROM caseworker_wards ORDER BY ward_code, assigned_at, user_id)
    INSERT INTO candidates (public_code, full_name, folded_name, date_of_birth, gender, phone, ward_code, caseworker_id,
      status, intake_step, background, programme_end_date, education, skills, needs, availability, created_by_id,
      created_at, updated_at)
    SELECT 'HS-' || lpad(g::text, 7, '0'),
      n.family || ' ' || n.middle || ' ' || n.given,
      lower(unaccent(n.family || ' ' || n.middle || ' ' || n.given)),
      date '1966-01-01' + (g * 97) % 14600,
      (CASE WHEN g % 3 = 0 THEN 'female' ELSE 'male' END)::gender,
      '09' || lpad(((g * 7919) % 100000000)::text, 8, '0'),
      x.ward, cw.user_id,
      (CASE WHEN g % 20 < 15 THEN 'active' WHEN g % 20 < 17 THEN 'on_hold' WHEN g % 20 < 19 THEN 'closed'
            ELSE 'draft' END)::candidate_status,
      4,
      (ARRAY['after_rehab', 'after_prison', 'both'])[1 + g % 3]::programme_background,
      -- the programme (rehabilitation or sentence) ended a few weeks to a few months before the intake
      (now() - ((g % 700) || ' days')::interval)::date - (7 + (g * 13) % 120),
      (ARRAY['primary', 'lower_secondary', 'upper_secondary', 'vocational'])[1 + g % 4]::education_level,
      ARRAY[s.codes[1 + (g * 3) % array_length(s.codes, 1)], s.codes[1 + (g * 11) % array_length(s.codes, 1)]],
      CASE g % 5 WHEN 0 THEN ARRAY['job'] WHEN 1 THEN ARRAY['job', 'course'] WHEN 2 THEN ARRAY['course']
                 WHEN 3 THEN ARRAY['loan'] ELSE ARRAY['job', 'loan'] END,
      (ARRAY['Có thể đi làm ngay, ca ngày', 'Buổi sáng', 'Cả ngày', 'Sẵn sàng làm ca đêm', NULL])[1 + g % 5],
      cw.user_id,
      now() - ((g % 700) || ' days')::interval - ((g % 1440) || ' minutes')::interval,
      now() - ((g % 700) || ' days')::interval
    FROM generate_series(1, ${count}) g, w, s,
      LATERAL (SELECT CASE WHEN abs(hashtext('ward:' || g)) % 1000 < ${focusPerMille}
                           THEN (${focusArray})[1 + abs(hashtext('ward:' || g)) % ${Math.max(1, focus.length)}]
                           ELSE w.codes[1 + (g * 17) % array_length(w.codes, 1)] END AS ward) x
      LEFT JOIN cw ON cw.ward_code = x.ward,
      LATERAL (SELECT
        (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi', 'Đặng', 'Ngô'])[1 + g % 10] AS family,
        (ARRAY['Văn', 'Thị', 'Minh', 'Quang', 'Thu', 'Đức', 'Ngọc', 'Hữu'])[1 + (g / 10) % 8] AS middle,
        (ARRAY['Hùng', 'Mai', 'Lan', 'Tuấn', 'Hạnh', 'Đức', 'Thu', 'Bình', 'Hoa', 'Nam', 'Long', 'Hương'])[1 + (g / 80) % 12]
          AS given) n`)
  // Most consent to the pool and to sharing with each kind of partner; some to none.
  await db.unsafe(`
    INSERT INTO consents (candidate_id, purpose, evidence, text_version, granted_at, granted_by_id)
    SELECT c.id, p.purpose::consent_purpose, 'Phiếu đồng ý ' || c.public_code, '2026-11', c.created_at, c.caseworker_id
    FROM candidates c
    CROSS JOIN (VALUES ('talent_pool', 0), ('share_with_employers', 1), ('share_with_training_centres', 2),
                       ('share_with_lenders', 3)) AS p(purpose, k)
    WHERE c.public_code LIKE 'HS-%' AND c.status <> 'draft' AND (abs(hashtext(c.id::text)) + p.k) % 5 <> 0`)
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

/**
 * `count` matches created over the last `days` days (about 18 months), each with the events of the path it
 * really took through the lifecycle (app/modules/matching/lifecycle.ts) — a partner's interest or a
 * caseworker's referral, then approval or rejection, acceptance or decline, the start, a completion or an
 * end, or a withdrawal on the way — timed one after the other and cut where "now" falls, so recent matches
 * are still in play and old ones have finished. The match row agrees with its events: status, version,
 * approved_at, started_on (Hanoi day of the start), ended_on, amount_vnd for loans, certificate_number for
 * completed courses, reason codes. Started matches get their 30/90/180-day check-ins (done, overdue, or
 * dropped when the match ended first; the reminders of the past already sent, as a running system would
 * have, so the server's first housekeeping pass does not mail thousands of them at once), jobs their retention reports, courses their attendance reports and
 * loans a repayment report most months (the last one "repaid" or "default" when the loan completed or
 * ended), and the listings count the places taken. People are matched only after their intake; partners
 * are busier the earlier they sort (a few large partners, many small ones; `busyOrganisations` sort first,
 * so they are the largest). The person's caseworker refers, approves and is given the check-ins; a partner
 * with an owner account acts as that owner. About 3.1 events per match: 160,000 matches make about 520,000
 * events. Returns the counts.
 */
export async function insertMatchHistory(db, { count, days = 545, busyOrganisations = [] }) {
  const TZ = 'Asia/Ho_Chi_Minh'
  // These statements are planned as costly: compiling them (JIT) takes longer than running them.
  await db.unsafe(`SET jit = off`)
  await db.unsafe(`DROP TABLE IF EXISTS bench_match_plan, bench_people, bench_listings`)
  // People by intake, listings by partner, numbered: a match picks one of each by number (big arrays carried
  // through a sort would spill gigabytes).
  await db.unsafe(`
    CREATE UNLOGGED TABLE bench_people AS
    SELECT row_number() OVER (ORDER BY created_at, id)::int AS k, id, caseworker_id, created_at
    FROM candidates WHERE status <> 'draft' AND merged_into_id IS NULL`)
  const busy = busyOrganisations.filter((id) => /^[0-9a-f-]{36}$/i.test(id))
  const busyArray = busy.length > 0 ? `ARRAY[${busy.map((id) => `'${id}'`).join(', ')}]::uuid[]` : `ARRAY[]::uuid[]`
  await db.unsafe(`
    CREATE UNLOGGED TABLE bench_listings AS
    SELECT row_number() OVER (ORDER BY g.id = ANY(${busyArray}) DESC, g.id, o.id)::int AS k, o.id, o.organisation_id,
      o.kind::text AS kind, coalesce(l.amount_max, 0) AS amount_max,
      (SELECT m.user_id FROM memberships m WHERE m.organisation_id = g.id AND m.role = 'owner' LIMIT 1) AS owner_id
    FROM opportunities o JOIN organisations g ON g.id = o.organisation_id
    LEFT JOIN loan_details l ON l.opportunity_id = o.id
    WHERE o.status <> 'draft' AND g.status IN ('approved', 'suspended')`)
  await db.unsafe(`ALTER TABLE bench_people ADD PRIMARY KEY (k); ALTER TABLE bench_listings ADD PRIMARY KEY (k)`)
  // r[k]: stable pseudo-random numbers in [0, 1000000) per match and purpose.
  await db.unsafe(`
    CREATE UNLOGGED TABLE bench_match_plan AS
    WITH people AS MATERIALIZED (SELECT count(*)::int AS n, extract(epoch FROM now() - min(created_at)) / 86400 AS span_days
                    FROM bench_people),
         listings AS MATERIALIZED (SELECT count(*)::int AS n FROM bench_listings),
         r AS MATERIALIZED (
           SELECT g, (SELECT array_agg(abs(hashtext(g || ':' || k)) % 1000000 ORDER BY k)
                      FROM generate_series(1, 10) k) AS r
           FROM generate_series(1, ${count}) g),
         numbered AS MATERIALIZED (
           SELECT g, r, ago,
             -- someone whose intake was at least two weeks before the match
             1 + r[2] % greatest(1, floor(people.n * (people.span_days - ago - 14) / people.span_days))::int AS p,
             -- partners sorted first are busier: a power law over the listings in partner order
             1 + floor(listings.n * power(r[3] / 1000000.0, 1.6))::int AS l
           FROM r, people, listings, LATERAL (SELECT (r[1] % ${days}) AS ago) a),
         picked AS (
           SELECT g, r, ago, bp.id AS candidate_id, bp.caseworker_id, bp.created_at AS intake_at,
             bl.id AS opportunity_id, bl.organisation_id, bl.owner_id, bl.kind, bl.amount_max
           FROM numbered n JOIN bench_people bp ON bp.k = n.p JOIN bench_listings bl ON bl.k = n.l),
         timed AS (
           SELECT picked.*, t0,
             r[4] % 10 < 3 AS by_interest,
             CASE WHEN r[5] % 100 < 15 THEN 'rejected' WHEN r[5] % 100 < 25 THEN 'withdrawn' ELSE 'approved' END AS after_interest,
             CASE WHEN r[6] % 100 < 20 THEN 'declined' WHEN r[6] % 100 < 28 THEN 'withdrawn' ELSE 'accepted' END AS after_approved,
             CASE WHEN r[7] % 100 < 5 THEN 'ended' WHEN r[7] % 100 < 10 THEN 'withdrawn' ELSE 'started' END AS after_accepted,
             CASE kind
               WHEN 'job' THEN CASE WHEN r[8] % 100 < 25 THEN 'ended' ELSE 'completed' END
               WHEN 'course' THEN CASE WHEN r[8] % 100 < 18 THEN 'ended' ELSE 'completed' END
               ELSE CASE WHEN r[8] % 100 < 8 THEN 'ended' WHEN r[8] % 100 < 20 THEN 'completed' END
             END AS after_started,
             t0 + ((1 + r[5] % 4) || ' days')::interval + ((r[5] % 480) || ' minutes')::interval AS t1,
             ((2 + r[6] % 9) || ' days')::interval + ((r[6] % 480) || ' minutes')::interval AS d2,
             ((3 + r[7] % 18) || ' days')::interval + ((r[7] % 480) || ' minutes')::interval AS d3,
             (CASE kind
               WHEN 'job' THEN CASE WHEN r[8] % 100 < 25 THEN 10 + r[9] % 160 ELSE 180 + r[9] % 5 END
               WHEN 'course' THEN CASE WHEN r[8] % 100 < 18 THEN 7 + r[9] % ((4 + r[10] % 20) * 7 - 6)
                                  ELSE (4 + r[10] % 20) * 7 END
               ELSE CASE WHEN r[8] % 100 < 8 THEN 60 + r[9] % 340 ELSE 90 + r[9] % 400 END
             END || ' days')::interval + ((r[9] % 480) || ' minutes')::interval AS d4
           FROM picked,
             LATERAL (SELECT least(greatest(now() - (ago || ' days')::interval - ((r[1] % 600) || ' minutes')::interval,
                                            intake_at + interval '14 days'), now() - interval '1 hour') AS t0) z),
         steps AS (
           -- the whole path, before "now" cuts it
           SELECT timed.*,
             (CASE WHEN by_interest THEN ARRAY['interest', after_interest] ELSE ARRAY['approved'] END)
               || CASE WHEN NOT by_interest OR after_interest = 'approved' THEN
                    ARRAY[after_approved]
                    || CASE WHEN after_approved = 'accepted' THEN
                         ARRAY[after_accepted]
                         || CASE WHEN after_accepted = 'started' AND after_started IS NOT NULL THEN ARRAY[after_started]
                                 ELSE ARRAY[]::text[] END
                       ELSE ARRAY[]::text[] END
                  ELSE ARRAY[]::text[] END AS path
           FROM timed),
         stamped AS MATERIALIZED (
           SELECT steps.*,
             (SELECT array_agg(t ORDER BY i) FROM (
                SELECT i, CASE WHEN i = 1 THEN t0
                          ELSE (CASE WHEN by_interest THEN t1 ELSE t0 END)
                               + CASE WHEN i >= (CASE WHEN by_interest THEN 3 ELSE 2 END) THEN d2 ELSE interval '0' END
                               + CASE WHEN i >= (CASE WHEN by_interest THEN 4 ELSE 3 END) THEN d3 ELSE interval '0' END
                               + CASE WHEN i >= (CASE WHEN by_interest THEN 5 ELSE 4 END) THEN d4 ELSE interval '0' END
                          END AS t
                FROM generate_subscripts(path, 1) i) x) AS times
           FROM steps),
         cut AS (
           SELECT stamped.*, (SELECT count(*)::int FROM unnest(times) t WHERE t <= now()) AS n
           FROM stamped)
    SELECT DISTINCT ON (candidate_id, opportunity_id)
      gen_random_uuid() AS id, g, r, candidate_id, caseworker_id, opportunity_id, organisation_id, owner_id, kind,
      by_interest,
      path[1:n] AS path, times[1:n] AS times, n, path[n] AS status,
      times[array_position(path[1:n], 'approved')] AS approved_at,
      (times[array_position(path[1:n], 'started')] AT TIME ZONE '${TZ}')::date AS started_on,
      CASE WHEN path[n] IN ('completed', 'ended') THEN (times[n] AT TIME ZONE '${TZ}')::date END AS ended_on,
      CASE WHEN kind = 'loan' AND 'started' = ANY(path[1:n])
           THEN (10 + r[10] % greatest(1, amount_max / 1000000 - 9)) * 1000000 END AS amount_vnd
    FROM cut
    ORDER BY candidate_id, opportunity_id, g`)

  await db.unsafe(`
    INSERT INTO matches (id, candidate_id, opportunity_id, organisation_id, status, origin, version, message, reason_code,
      next_step_at, next_step_note, started_on, amount_vnd, certificate_number, ended_on, created_by_id, created_at,
      updated_at, approved_at)
    SELECT id, candidate_id, opportunity_id, organisation_id, status::match_status,
      (CASE WHEN by_interest THEN 'interest' ELSE 'referral' END)::match_origin, n,
      CASE WHEN r[4] % 3 = 0 THEN 'Anh/chị ấy chăm chỉ, đã học nghề trong thời gian cai nghiện.' END,
      CASE status
        WHEN 'rejected' THEN (ARRAY['not_a_fit', 'candidate_not_interested', 'not_ready', 'other'])[1 + r[5] % 4]
        WHEN 'declined' THEN (ARRAY['position_filled', 'requirements_not_met', 'could_not_contact', 'candidate_not_interested', 'other'])[1 + r[6] % 5]
        WHEN 'withdrawn' THEN (ARRAY['candidate_not_interested', 'found_elsewhere', 'not_ready', 'other', 'consent_revoked', 'listing_closed'])[1 + r[7] % 6]
        WHEN 'ended' THEN CASE WHEN kind = 'loan' THEN 'loan_default'
                               ELSE (ARRAY['dropped_out', 'dismissed', 'resigned', 'moved_away', 'other'])[1 + r[8] % 5] END
      END,
      CASE WHEN 'accepted' = ANY(path) THEN times[array_position(path, 'accepted')] + interval '3 days' END,
      CASE WHEN 'accepted' = ANY(path) THEN 'Phỏng vấn tại văn phòng, mang theo CCCD.' END,
      started_on, amount_vnd,
      CASE WHEN kind = 'course' AND status = 'completed' THEN 'CC-' || lpad((g % 1000000)::text, 6, '0') END,
      ended_on, CASE WHEN by_interest THEN owner_id ELSE caseworker_id END, times[1], times[n], approved_at
    FROM bench_match_plan`)

  await db.unsafe(`
    INSERT INTO match_events (match_id, action, from_status, to_status, actor_id, actor_role, reason_code, details,
      created_at)
    SELECT p.id,
      CASE WHEN i = 1 THEN CASE WHEN p.by_interest THEN 'express_interest' ELSE 'refer' END
           ELSE CASE p.path[i] WHEN 'approved' THEN 'approve' WHEN 'rejected' THEN 'reject' WHEN 'accepted' THEN 'accept'
             WHEN 'declined' THEN 'decline' WHEN 'started' THEN 'start' WHEN 'completed' THEN 'complete'
             WHEN 'ended' THEN 'end' ELSE 'withdraw' END END,
      CASE WHEN i > 1 THEN p.path[i - 1]::match_status END,
      p.path[i]::match_status,
      CASE a.role WHEN 'partner' THEN p.owner_id WHEN 'caseworker' THEN p.caseworker_id END,
      a.role::user_role,
      CASE WHEN i = p.n AND p.path[i] IN ('rejected', 'declined', 'withdrawn', 'ended') THEN m.reason_code END,
      CASE p.path[i]
        WHEN 'accepted' THEN jsonb_build_object('nextStepAt', m.next_step_at)
        WHEN 'started' THEN jsonb_strip_nulls(jsonb_build_object('startedOn', p.started_on, 'amountVnd', p.amount_vnd))
        WHEN 'completed' THEN jsonb_strip_nulls(jsonb_build_object('endedOn', p.ended_on, 'certificateNumber', m.certificate_number))
        WHEN 'ended' THEN jsonb_build_object('endedOn', p.ended_on)
        ELSE '{}'::jsonb END,
      p.times[i]
    FROM bench_match_plan p JOIN matches m ON m.id = p.id, generate_series(1, p.n) i,
      LATERAL (SELECT CASE WHEN p.path[i] IN ('interest', 'accepted', 'declined', 'started') THEN 'partner'
                           WHEN p.path[i] = 'completed' AND p.kind <> 'job' THEN 'partner'
                           WHEN p.path[i] = 'withdrawn' AND p.r[7] % 6 >= 4 THEN NULL
                           ELSE 'caseworker' END AS role) a`)

  // Check-ins at 30, 90 and 180 days: done (mostly on track), overdue, or not due yet while the match is in
  // play; once it is over, the ones not done were dropped (a job kept at 180 days completes at that check-in).
  await db.unsafe(`
    INSERT INTO follow_ups (candidate_id, kind, title, due_date, assigned_to_id, created_by_id, done_at, done_by_id,
      reminded_at, overdue_reminded_at, outcome, created_at, match_id, day_mark, on_track, problems, support_needed)
    SELECT p.candidate_id, 'check_in', 'Hỏi thăm sau ' || d || ' ngày: ' || o.title, p.started_on + d,
      p.caseworker_id, p.caseworker_id, done.at, CASE WHEN done.at IS NOT NULL THEN p.caseworker_id END,
      -- the reminders a running system has already sent (its first pass after midnight): the day before, and
      -- the day after when still not done
      CASE WHEN p.started_on + d <= (now() AT TIME ZONE '${TZ}')::date + 1
           THEN greatest(p.times[array_position(p.path, 'started')],
                         (p.started_on + d - 1)::timestamp AT TIME ZONE '${TZ}' + interval '5 minutes') END,
      CASE WHEN p.started_on + d < (now() AT TIME ZONE '${TZ}')::date
             AND (done.at IS NULL OR (done.at AT TIME ZONE '${TZ}')::date > p.started_on + d)
           THEN (p.started_on + d + 1)::timestamp AT TIME ZONE '${TZ}' + interval '5 minutes' END,
      CASE WHEN done.at IS NOT NULL THEN 'Đã gọi điện hỏi thăm.' END,
      p.times[array_position(p.path, 'started')], p.id, d,
      CASE WHEN done.at IS NOT NULL THEN NOT (p.status = 'ended' AND p.ended_on <= p.started_on + d + 7) END,
      CASE WHEN done.at IS NOT NULL AND p.status = 'ended' AND p.ended_on <= p.started_on + d + 7
           THEN 'Khó khăn đi lại, hay nghỉ.' END,
      CASE WHEN done.at IS NOT NULL AND (p.r[9] + d) % 7 = 0 THEN 'Cần hỗ trợ tìm chỗ ở gần nơi làm.' END
    FROM bench_match_plan p JOIN opportunities o ON o.id = p.opportunity_id
    CROSS JOIN unnest(ARRAY[30, 90, 180]) d
    CROSS JOIN LATERAL (SELECT CASE
        WHEN p.started_on + d >= current_date THEN NULL
        WHEN (p.r[9] + d) % 100 < 15 THEN NULL
        ELSE (p.started_on + d + (p.r[9] + d) % 4)::timestamp AT TIME ZONE '${TZ}' + interval '9 hours' END AS at) done
    WHERE p.started_on IS NOT NULL
      AND (p.status = 'started'
           OR (done.at IS NOT NULL AND p.started_on + d <= p.ended_on)
           OR (p.status = 'completed' AND p.kind = 'job' AND d = 180))`)
  // A job completes at its 180-day check-in: that one is done on the day, on track.
  await db.unsafe(`
    UPDATE follow_ups f SET done_at = p.times[p.n], done_by_id = p.caseworker_id, on_track = true,
      outcome = 'Vẫn đi làm đều sau 6 tháng.'
    FROM bench_match_plan p
    WHERE f.match_id = p.id AND p.status = 'completed' AND p.kind = 'job' AND f.day_mark = 180`)

  // Partners' outcome reports: jobs' retention at 30 and 90 days, courses' attendance at 14 days, loans'
  // repayment most months (the last one repaid or in default when the loan completed or ended).
  await db.unsafe(`
    INSERT INTO match_reports (match_id, kind, status, late_days, note, reported_by_id, reported_by_role, reported_at)
    SELECT p.id, x.kind::match_report_kind, x.status::match_report_status, x.late_days, NULL, p.owner_id, 'partner', x.at
    FROM bench_match_plan p
    CROSS JOIN LATERAL (SELECT p.times[array_position(p.path, 'started')] AS started_at,
                               CASE WHEN p.status IN ('completed', 'ended') THEN p.times[p.n] ELSE now() END AS until) s
    CROSS JOIN LATERAL (
      SELECT 'retention' AS kind, 'employed' AS status, NULL::int AS late_days, s.started_at + (d || ' days')::interval AS at
      FROM unnest(ARRAY[30, 90]) d WHERE p.kind = 'job' AND (p.r[10] + d) % 10 < 7
      UNION ALL
      SELECT 'attendance', CASE WHEN p.r[10] % 100 < 85 THEN 'attending' ELSE 'irregular' END, NULL, s.started_at + interval '14 days'
      WHERE p.kind = 'course'
      UNION ALL
      SELECT 'repayment',
        CASE WHEN (p.r[10] + k) % 100 < 80 THEN 'on_time' WHEN (p.r[10] + k) % 100 < 93 THEN 'late' ELSE 'restructured' END,
        CASE WHEN (p.r[10] + k) % 100 BETWEEN 80 AND 92 THEN 1 + (p.r[10] + k) % 45 END,
        s.started_at + (k * 30 || ' days')::interval
      FROM generate_series(1, 20) k WHERE p.kind = 'loan' AND (p.r[10] + k) % 10 < 7
      UNION ALL
      SELECT 'repayment', CASE p.status WHEN 'completed' THEN 'repaid' ELSE 'default' END, NULL, p.times[p.n]
      WHERE p.kind = 'loan' AND p.status IN ('completed', 'ended')
    ) x
    WHERE p.started_on IS NOT NULL AND x.at <= s.until AND x.at <= now()`)

  await db.unsafe(`UPDATE opportunities o SET seats_taken = least(o.capacity, t.n)
    FROM (SELECT opportunity_id, count(*)::int AS n FROM matches WHERE status IN ('accepted', 'started', 'completed')
          GROUP BY 1) t WHERE t.opportunity_id = o.id`)
  await db.unsafe(`DROP TABLE bench_match_plan, bench_people, bench_listings`)
  await db.unsafe(`RESET jit`)
  const [counts] = await db`
    SELECT (SELECT count(*)::int FROM matches) AS matches, (SELECT count(*)::int FROM match_events) AS match_events,
           (SELECT count(*)::int FROM follow_ups WHERE match_id IS NOT NULL) AS check_ins,
           (SELECT count(*)::int FROM match_reports) AS match_reports`
  return counts
}

/** Yearly targets for every ward, for last year, this year and next (Hanoi's calendar). */
export async function insertWardTargets(db) {
  await db.unsafe(`
    INSERT INTO ward_targets (ward_code, year, metric, target)
    SELECT w.code, y, m.metric::target_metric, m.base + abs(hashtext(w.code || y || m.metric)) % m.spread
    FROM wards w
    CROSS JOIN generate_series(extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::int - 1,
                               extract(year FROM now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::int + 1) y
    CROSS JOIN (VALUES ('placed_in_work', 200, 150), ('courses_completed', 80, 60), ('loans_disbursed', 20, 20))
      AS m(metric, base, spread)
    ON CONFLICT DO NOTHING`)
}

/**
 * A caseworker account for every ward that has none (one per ward, no password: they would be invited),
 * so that generated people have a caseworker whichever their ward.
 */
export async function insertCaseworkers(db) {
  await db.unsafe(`
    WITH missing AS (
      SELECT w.code, row_number() OVER (ORDER BY w.code) AS g FROM wards w
      WHERE NOT EXISTS (SELECT 1 FROM caseworker_wards cw WHERE cw.ward_code = w.code)),
    inserted AS (
      INSERT INTO users (email, name, role, email_verified_at, locale)
      SELECT 'canbo.' || code || '@phuong.hoanhap.example',
        (ARRAY['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đỗ', 'Bùi'])[1 + g % 8] || ' '
          || (ARRAY['Thị', 'Văn', 'Minh', 'Thu', 'Đức', 'Ngọc'])[1 + (g / 8) % 6] || ' '
          || (ARRAY['Hà', 'Dũng', 'Hằng', 'Sơn', 'Trang', 'Khoa', 'Yến', 'Phong', 'Loan', 'Thắng'])[1 + g % 10],
        'caseworker', now(), 'vi'
      FROM missing
      RETURNING id, email)
    INSERT INTO caseworker_wards (user_id, ward_code)
    SELECT id, substring(email FROM 'canbo\\.(\\d{5})@') FROM inserted`)
}

/**
 * What a caseworker keeps on each generated person (public codes HS-…): the sensitive fields (a national ID
 * with its hash, as the app stores it), a few case notes, and dated tasks — overdue, due soon, done — on top
 * of the check-ins insertMatchHistory schedules.
 */
export async function insertCasework(db) {
  await db.unsafe(`
    INSERT INTO candidate_sensitive (candidate_id, drug_use_history, criminal_record, facility, health_notes, national_id,
      national_id_hash, updated_at)
    SELECT c.id,
      CASE WHEN c.background IN ('after_rehab', 'both') THEN
        (ARRAY['Sử dụng heroin 6 năm, đã cai 2 lần.', 'Sử dụng ma túy tổng hợp 3 năm.',
               'Nghiện heroin, điều trị methadone từ năm 2023.'])[1 + x.h % 3] END,
      CASE WHEN c.background IN ('after_prison', 'both') THEN
        (ARRAY['Trộm cắp tài sản, án 2 năm, đã chấp hành xong.', 'Tàng trữ trái phép chất ma túy, án 3 năm.',
               'Cố ý gây thương tích, án 18 tháng.'])[1 + x.h % 3] END,
      (ARRAY['Cơ sở cai nghiện ma túy số 1 Hà Nội', 'Cơ sở cai nghiện ma túy số 2 Hà Nội', 'Trại giam Thanh Xuân',
             'Trại giam Nam Hà', 'Cơ sở cai nghiện ma túy Sóc Sơn'])[1 + x.h % 5],
      CASE WHEN x.h % 4 = 0 THEN 'Viêm gan C, đang điều trị.' END,
      x.national_id, encode(sha256(convert_to(x.national_id, 'UTF8')), 'hex'), c.created_at
    FROM candidates c,
      LATERAL (SELECT abs(hashtext(c.id::text)) AS h,
                      '001' || lpad((substring(c.public_code FROM 4)::bigint * 7919 % 1000000000)::text, 9, '0')
                        AS national_id) x
    WHERE c.public_code LIKE 'HS-%' AND c.status <> 'draft'`)
  // Case notes: none to three per person, between the intake and now.
  await db.unsafe(`
    INSERT INTO case_notes (candidate_id, author_id, body, sensitive, created_at)
    SELECT c.id, c.caseworker_id,
      (ARRAY['Gặp tại nhà, gia đình ủng hộ việc đi làm trở lại.', 'Đã gọi điện, anh/chị ấy muốn học nghề hàn.',
             'Cần hỗ trợ làm lại căn cước công dân trước khi nộp hồ sơ.', 'Tham gia sinh hoạt nhóm đồng đẳng đều đặn.',
             'Có dấu hiệu căng thẳng, hẹn gặp lại tuần sau.', 'Đã giới thiệu đến trung tâm dịch vụ việc làm.',
             'Gia đình báo đã có việc làm thời vụ.', 'Chưa liên lạc được, sẽ đến nhà vào thứ Hai.'])[1 + (x.h + k) % 8],
      (x.h + k) % 3 <> 0,
      c.created_at + ((now() - c.created_at) * ((k + 1) / 4.0))
    FROM candidates c, LATERAL (SELECT abs(hashtext('notes:' || c.id)) AS h) x, generate_series(0, 2) k
    WHERE c.public_code LIKE 'HS-%' AND c.status <> 'draft' AND k < x.h % 4`)
  // Tasks: about a third of the people in play have one, some a second; due from two months ago to a month
  // ahead; most of the past ones done.
  await db.unsafe(`
    INSERT INTO follow_ups (candidate_id, kind, title, due_date, assigned_to_id, done_at, done_by_id, outcome,
      created_by_id, created_at)
    SELECT c.id, 'task',
      (ARRAY['Gọi điện hỏi thăm tình hình', 'Hẹn gặp tại trụ sở phường', 'Hỗ trợ làm lại căn cước công dân',
             'Đưa đi khám sức khỏe định kỳ', 'Hướng dẫn hồ sơ vay vốn', 'Thăm gia đình',
             'Nhắc lịch khai giảng lớp học nghề', 'Kết nối nhóm hỗ trợ đồng đẳng'])[1 + (x.h + k) % 8],
      t.due, c.caseworker_id,
      CASE WHEN t.done THEN (t.due + (x.h % 3))::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh' + interval '10 hours' END,
      CASE WHEN t.done THEN c.caseworker_id END,
      CASE WHEN t.done THEN 'Đã thực hiện.' END,
      c.caseworker_id, greatest(c.created_at, (t.due - 14)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh')
    FROM candidates c, LATERAL (SELECT abs(hashtext('tasks:' || c.id)) AS h) x, generate_series(0, 1) k,
      LATERAL (SELECT (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + ((x.h / 7 + k * 37) % 90 - 60) AS due) d,
      LATERAL (SELECT d.due, d.due < (now() AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AND (x.h + k) % 10 < 7 AS done) t
    WHERE c.public_code LIKE 'HS-%' AND c.status IN ('active', 'on_hold')
      AND (x.h % 100 < 35 AND (k = 0 OR x.h % 100 < 10))`)
}

/** N = 1: 100,000 people, 20,000 listings (65% open) of 600 partners, 160,000 matches (≈ 500,000 events). */
export const SCALE_UNIT = { candidates: 100_000, listings: 20_000, organisations: 600, matches: 160_000 }

/** The row counts for a scale N (fractions allowed): each unit times N, at least a handful. */
export function scaleSizes(scale) {
  return {
    candidates: Math.max(20, Math.round(SCALE_UNIT.candidates * scale)),
    listings: Math.max(10, Math.round(SCALE_UNIT.listings * scale)),
    organisations: Math.max(5, Math.round(SCALE_UNIT.organisations * scale)),
    matches: Math.max(20, Math.round(SCALE_UNIT.matches * scale)),
  }
}

/**
 * Generated data at scale N on a migrated database, after the demo data: partners and listings of every
 * kind (the demo partners get their share of listings and the most referrals), a caseworker for every ward,
 * people everywhere (the `focusWards`, the demo caseworkers', get 2% of them each on top), 18 months of
 * matches through every state with their events, check-ins and partners' reports, case notes, tasks and the
 * wards' targets. `db` is a postgres.js client (or anything with `unsafe(sql)` and the tagged template).
 * Returns the sizes and the time of each step in ms.
 *
 * @param {unknown} db
 * @param {{ scale: number, focusWards?: string[], busyOrganisations?: string[], log?: (line: string) => void }} options
 */
export async function seedAtScale(db, { scale, focusWards = [], busyOrganisations = [], log = () => {} }) {
  const sizes = scaleSizes(scale)
  const steps = {}
  async function step(name, run) {
    const started = performance.now()
    await run()
    steps[name] = Math.round(performance.now() - started)
    log(`  ${name}: ${(steps[name] / 1000).toFixed(1)} s`)
  }
  // All or nothing: a run that fails half-way leaves the database as it was.
  await db.unsafe('BEGIN')
  try {
    await step('partners and listings', () =>
      insertPartnersAndListings(db, { organisations: sizes.organisations, listings: sizes.listings }),
    )
    await step('caseworkers', () => insertCaseworkers(db))
    await step('people and consents', () =>
      insertCandidates(db, { count: sizes.candidates, focusWards, focusPercent: 2 }),
    )
    await step('matches, events, check-ins, reports', () =>
      insertMatchHistory(db, { count: sizes.matches, busyOrganisations }),
    )
    await step('sensitive fields, notes, tasks', () => insertCasework(db))
    await step('ward targets', () => insertWardTargets(db))
    await db.unsafe('COMMIT')
  } catch (error) {
    await db.unsafe('ROLLBACK')
    throw error
  }
  await step('vacuum analyze', () => db.unsafe('VACUUM ANALYZE'))
  return { sizes, steps }
}

/** What is in the database now, for the seed's summary. */
export async function countRows(db) {
  const [counts] = await db`
    SELECT (SELECT count(*)::int FROM organisations) AS partners,
           (SELECT count(*)::int FROM opportunities) AS listings,
           (SELECT count(*)::int FROM opportunities WHERE status = 'open') AS open_listings,
           (SELECT count(*)::int FROM users WHERE role = 'caseworker') AS caseworkers,
           (SELECT count(*)::int FROM candidates) AS candidates,
           (SELECT count(*)::int FROM consents) AS consents,
           (SELECT count(*)::int FROM case_notes) AS case_notes,
           (SELECT count(*)::int FROM matches) AS matches,
           (SELECT count(*)::int FROM match_events) AS match_events,
           (SELECT count(*)::int FROM follow_ups WHERE match_id IS NOT NULL) AS check_ins,
           (SELECT count(*)::int FROM follow_ups WHERE match_id IS NULL) AS tasks,
           (SELECT count(*)::int FROM match_reports) AS partner_reports,
           (SELECT count(*)::int FROM ward_targets) AS ward_targets`
  return counts
}
