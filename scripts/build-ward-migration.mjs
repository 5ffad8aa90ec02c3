// Writes the SQL that loads Hanoi's wards (db/reference/hanoi-wards-2025.json) into a migration.
// Used once to create db/migrations/0001_reference_and_guards.sql; kept so the step can be repeated.
import { readFileSync } from 'node:fs'

const data = JSON.parse(readFileSync(new URL('../db/reference/hanoi-wards-2025.json', import.meta.url), 'utf8'))
const q = (s) => `'${String(s).replaceAll("'", "''")}'`
const fold = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').replaceAll('Đ', 'D').toLowerCase()
const rows = data.units.map(
  (u) =>
    `(${q(u.code)}, ${q(data.province.code)}, ${q(u.name)}, ${q(u.kind)}, ${q(fold(u.name))}, ARRAY[${u.formerDistricts
      .map(q)
      .join(', ')}]::text[], ${q(JSON.stringify(u.formerUnits))}::jsonb)`,
)
console.log(
  `INSERT INTO "wards" ("code", "province_code", "name", "kind", "search_name", "former_districts", "former_units") VALUES\n` +
    rows.join(',\n') +
    `\nON CONFLICT ("code") DO NOTHING;`,
)
