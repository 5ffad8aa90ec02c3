import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { serverBundles } from '#app/modules/i18n/resources.server.ts'

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(`${prefix}${k}`, v)
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(tsx?|ts)$/.test(name) ? [full] : []
  })
}

const viKeys = flatten(serverBundles.vi as Tree)
const enKeys = flatten(serverBundles.en as Tree)

function localeFiles(lang: string) {
  return readdirSync(path.join('app/locales', lang)).sort()
}
// Plurals (translator.ts): `key` resolves to `key_one` / `key_other`; Vietnamese has only the `other` form.
const base = (key: string) => key.replace(/_(one|other)$/, '')
const has = (keys: Map<string, string>, key: string) => keys.has(key) || keys.has(`${key}_other`)

describe('locale files', () => {
  it('each area file exists in both languages, and no two files claim the same top-level key', () => {
    expect(localeFiles('en')).toEqual(localeFiles('vi'))
    for (const lang of ['vi', 'en']) {
      const owners = new Map<string, string>()
      for (const file of localeFiles(lang)) {
        const tree = JSON.parse(readFileSync(path.join('app/locales', lang, file), 'utf8')) as Tree
        for (const key of Object.keys(tree)) {
          expect(owners.get(key), `${lang}/${file}: ${key}`).toBeUndefined()
          owners.set(key, file)
        }
      }
    }
  })

  it('Vietnamese and English have the same keys (up to plural forms)', () => {
    const a = new Set([...viKeys.keys()].map(base))
    const b = new Set([...enKeys.keys()].map(base))
    expect([...a].filter((k) => !b.has(k))).toEqual([])
    expect([...b].filter((k) => !a.has(k))).toEqual([])
  })

  it('has no empty string and keeps the same {{placeholders}} in both languages', () => {
    for (const [key, text] of viKeys) {
      expect(text.trim(), key).not.toBe('')
      const other = enKeys.get(key) ?? enKeys.get(key.replace(/_other$/, '_one'))
      if (!other) continue
      const names = (s: string) => [...s.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort()
      expect(names(other), key).toEqual(names(text))
    }
  })

  it('has every key the code asks for, in both languages', () => {
    const used = new Set<string>()
    for (const file of sourceFiles('app')) {
      const code = readFileSync(file, 'utf8')
      for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1]!)
      for (const m of code.matchAll(/\bkey: '([a-zA-Z][\w.]*\.[\w.]+)'/g)) used.add(m[1]!)
      for (const m of code.matchAll(/\{ error: '([a-zA-Z][\w.]*\.[\w.]+)'/g)) used.add(m[1]!)
    }
    expect(used.size).toBeGreaterThan(100)
    const missing = [...used].filter((k) => !has(viKeys, k) || !has(enKeys, k))
    expect(missing).toEqual([])
  })

  it('has a message for every domain error code', async () => {
    const { APP_ERROR_STATUS } = await import('#app/utils/errors.ts')
    for (const code of Object.keys(APP_ERROR_STATUS)) {
      expect(viKeys.has(`errors.${code}`), code).toBe(true)
      expect(enKeys.has(`errors.${code}`), code).toBe(true)
    }
  })
})
