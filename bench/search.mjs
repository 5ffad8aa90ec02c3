// npm run bench:search — the listing search at 20,000 listings on a PostgreSQL server.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:search
//
// Creates a scratch database next to the one named (a superuser or CREATEDB role is needed), applies the
// migrations, inserts 20,000 listings of every kind, ward, skill and state with generate_series, then
// EXPLAINs (ANALYZE, BUFFERS) the exact statements searchOpportunities runs — built by the app's own
// buildSearchQueries — and times the function itself. Exits 1 if any main query plans a sequential scan
// on `opportunities`. Writes bench/results/search-latest.json and bench/results/search-plans.txt, then
// drops the scratch database (BENCH_KEEP=1 keeps it). Runs under tsx so it can import the TypeScript code.
import { mkdirSync, writeFileSync } from 'node:fs'
import postgres from 'postgres'
import { scratchDatabase } from './lib/scratch-db.mjs'
import { closeDatabase, openDatabase } from '../db/client.server.ts'
import { buildSearchQueries, searchOpportunities } from '../app/modules/opportunities/search.server.ts'
import { insertPartnersAndListings } from './lib/scale-data.mjs'

const LISTINGS = Number(process.env.BENCH_LISTINGS ?? 20_000)
const ORGANISATIONS = Number(process.env.BENCH_ORGANISATIONS ?? 400)
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const SCRATCH = 'hoa_nhap_bench_search'

const { admin, scratchUrl } = await scratchDatabase(SCRATCH)

const started = performance.now()
await openDatabase({ driver: 'postgres', url: scratchUrl, poolMax: 4 })
const db = postgres(scratchUrl, { max: 1, onnotice: () => {} })
const migratedMs = performance.now() - started

// ---- data: realistic spread of kinds, wards, skills and states -------------------------------------
const seedStarted = performance.now()
await insertPartnersAndListings(db, { organisations: ORGANISATIONS, listings: LISTINGS })
await db.unsafe('VACUUM ANALYZE')
const seedMs = performance.now() - seedStarted

const [counts] = await db`
  SELECT count(*)::int AS listings, count(*) FILTER (WHERE status = 'open')::int AS open,
         (SELECT count(*)::int FROM organisations) AS organisations, version() AS version
  FROM opportunities`
const [busyWard] = await db`
  SELECT ward_code FROM opportunities WHERE status = 'open' AND kind = 'job' GROUP BY ward_code ORDER BY count(*) DESC LIMIT 1`

// ---- the queries -------------------------------------------------------------------------------------
const caseworker = {
  userId: '00000000-0000-4000-8000-000000000000',
  role: 'caseworker',
  emailVerified: true,
  membership: null,
  wardCodes: [],
}
const coordinator = { ...caseworker, role: 'coordinator' }
const base = { actor: caseworker, limit: 20 }
const firstNewest = await searchOpportunities({ ...base, sort: 'newest' })
const firstDeadline = await searchOpportunities({ ...base, sort: 'deadline' })
const firstText = await searchOpportunities({ ...base, q: 'han', sort: 'relevance' })

const MAIN = [
  { name: 'text "han" (relevance)', options: { ...base, q: 'han', sort: 'relevance' } },
  { name: 'text "dien dan dung" (newest)', options: { ...base, q: 'dien dan dung', sort: 'newest' } },
  {
    name: `text + kind + ward ("tho", job, ${busyWard.ward_code})`,
    options: { ...base, q: 'tho', kinds: ['job'], wardCode: busyWard.ward_code, sort: 'relevance' },
  },
  { name: 'skills (welding or cooking)', options: { ...base, skills: ['welding', 'cooking'], sort: 'newest' } },
  { name: 'newest, first page', options: { ...base, sort: 'newest' } },
  { name: 'deadline sort, first page', options: { ...base, sort: 'deadline' } },
  { name: 'newest, page 2 (cursor)', options: { ...base, sort: 'newest', cursor: firstNewest.nextCursor } },
  { name: 'deadline, page 2 (cursor)', options: { ...base, sort: 'deadline', cursor: firstDeadline.nextCursor } },
  {
    name: 'text "han", page 2 (cursor)',
    options: { ...base, q: 'han', sort: 'relevance', cursor: firstText.nextCursor },
  },
  {
    name: 'former district (Quận Hà Đông), newest',
    options: { ...base, formerDistrict: 'Quận Hà Đông', sort: 'newest' },
  },
  {
    name: 'kind course, deadline before +30 days',
    options: { ...base, kinds: ['course'], deadlineBefore: dayFromNow(30), sort: 'deadline' },
  },
]
// Reported, not gated: coordinators' oversight view including closed listings.
const EXTRA = [
  {
    name: 'coordinator, include closed, newest',
    options: { ...base, actor: coordinator, includeClosed: true, sort: 'newest' },
  },
]

function dayFromNow(n) {
  return new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
}

function seqScans(node, out = []) {
  if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'opportunities') out.push(node)
  for (const child of node.Plans ?? []) seqScans(child, out)
  return out
}
function indexesUsed(node, out = new Set()) {
  if (node['Index Name']) out.add(node['Index Name'])
  for (const child of node.Plans ?? []) indexesUsed(child, out)
  return out
}
function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const round = (n) => Math.round(n * 100) / 100

const results = []
let plansText = `Search plans at ${counts.listings} listings (${counts.open} open), ${counts.organisations} organisations\n${counts.version}\n\n`
let failed = false
for (const [gated, list] of [
  [true, MAIN],
  [false, EXTRA],
]) {
  for (const q of list) {
    const built = await buildSearchQueries(q.options)
    const statements = [['page', built.page.toSQL()]]
    if (!built.cursor) statements.push(['count', built.total.toSQL()])
    const entry = { name: q.name, gated, statements: [] }
    for (const [part, { sql, params }] of statements) {
      const [
        {
          'QUERY PLAN': [json],
        },
      ] = await db.unsafe(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)
      const text = (await db.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).map((r) => r['QUERY PLAN']).join('\n')
      const seq = seqScans(json.Plan)
      if (gated && seq.length) failed = true
      entry.statements.push({
        part,
        seqScanOnOpportunities: seq.length > 0,
        indexes: [...indexesUsed(json.Plan)],
        planningMs: round(json['Planning Time']),
        executionMs: round(json['Execution Time']),
        topNode: json.Plan['Node Type'],
      })
      plansText += `=== ${q.name} — ${part}${gated ? '' : ' (not gated)'}${seq.length ? '  !!! SEQ SCAN ON opportunities' : ''}\n${text}\n\n`
    }
    const times = []
    let last
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now()
      last = await searchOpportunities(q.options)
      times.push(performance.now() - t0)
    }
    times.sort((a, b) => a - b)
    entry.searchOpportunities = {
      runs: RUNS,
      p50Ms: round(percentile(times, 50)),
      p95Ms: round(percentile(times, 95)),
      maxMs: round(times.at(-1)),
      items: last.items.length,
      total: last.total,
      totalIsCapped: last.totalIsCapped,
    }
    results.push(entry)
  }
}

// ---- report ----------------------------------------------------------------------------------------------
const summary = {
  date: new Date().toISOString(),
  server: counts.version,
  listings: counts.listings,
  openListings: counts.open,
  organisations: counts.organisations,
  migrateMs: Math.round(migratedMs),
  seedMs: Math.round(seedMs),
  ok: !failed,
  queries: results,
}
mkdirSync('bench/results', { recursive: true })
writeFileSync('bench/results/search-latest.json', `${JSON.stringify(summary, null, 2)}\n`)
writeFileSync('bench/results/search-plans.txt', plansText)

const pad = (s, n) => String(s).padEnd(n)
process.stdout.write(
  `\n${counts.listings} listings (${counts.open} open), ${counts.organisations} organisations; seeded in ${Math.round(seedMs)} ms\n\n`,
)
process.stdout.write(
  `${pad('query', 52)} ${pad('part', 6)} ${pad('exec ms', 8)} ${pad('p50 ms', 7)} ${pad('p95 ms', 7)} seq?  indexes\n`,
)
for (const r of results) {
  for (const s of r.statements) {
    process.stdout.write(
      `${pad(r.name.slice(0, 52), 52)} ${pad(s.part, 6)} ${pad(s.executionMs, 8)} ${pad(s.part === 'page' ? r.searchOpportunities.p50Ms : '', 7)} ${pad(s.part === 'page' ? r.searchOpportunities.p95Ms : '', 7)} ${pad(s.seqScanOnOpportunities ? (r.gated ? 'YES' : 'yes*') : 'no', 5)} ${s.indexes.join(', ')}\n`,
    )
  }
}
process.stdout.write(
  `\nPlans: bench/results/search-plans.txt · summary: bench/results/search-latest.json\n${failed ? 'FAIL: a main search query plans a sequential scan on opportunities.\n' : 'OK: no main search query plans a sequential scan on opportunities.\n'}`,
)

await db.end()
await closeDatabase()
if (!process.env.BENCH_KEEP) await admin.unsafe(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`)
await admin.end()
process.exit(failed ? 1 : 0)
