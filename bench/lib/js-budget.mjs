// The JavaScript a first visit to each page downloads, gzipped, from the client build (npm run build). Used by
// npm run bench (which fails over the budget) and npm run bench:js (this alone, a second after a build).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

/**
 * Gzipped bytes a first visit to each page downloads, from the client build's React Router manifest: every route a
 * URL can end on (not a layout alone, not a resource route, whose client module is empty), and the root
 * alone, the floor of every page.
 */
export function javascriptPerRoute({ budgetBytes = 150_000, buildDir = 'build' } = {}) {
  const dir = path.join(buildDir, 'client/assets')
  const manifestFile = readdirSync(dir)
    .filter((f) => /^manifest-.*\.js$/.test(f))
    .map((f) => path.join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0]
  const text = readFileSync(manifestFile, 'utf8')
  const manifest = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1))
  const gzipped = new Map()
  const sizeOf = (url) => {
    if (!gzipped.has(url)) gzipped.set(url, gzipSync(readFileSync(path.join(buildDir, 'client', url))).length)
    return gzipped.get(url)
  }
  // The reader's language is a chunk the entry fetches itself (app/modules/i18n/load-bundle.ts), outside the
  // manifest: every page downloads one. Counted at the larger of the two.
  const language = readdirSync(dir)
    .filter((f) => /^(vi|en)-[\w-]+\.js$/.test(f))
    .map((f) => `/assets/${f}`)
    .sort((a, b) => sizeOf(b) - sizeOf(a))
    .slice(0, 1)
  // The chunks a set of files imports dynamically (other than the language, counted above), with everything
  // those import in turn, less what the page already has.
  const staticImports = (url) =>
    [
      ...readFileSync(path.join(buildDir, 'client', url), 'utf8').matchAll(/(?:from|import)\s*"\.\/([\w.-]+\.js)"/g),
    ].map((m) => `/assets/${m[1]}`)
  const dynamicImports = (url) =>
    [...readFileSync(path.join(buildDir, 'client', url), 'utf8').matchAll(/import\("\.\/([\w.-]+\.js)"\)/g)].map(
      (m) => `/assets/${m[1]}`,
    )
  const onInteraction = (have) => {
    const found = new Set()
    const queue = [...have].flatMap(dynamicImports).filter((f) => !/^\/assets\/(vi|en)-/.test(f))
    while (queue.length) {
      const f = queue.pop()
      if (have.has(f) || found.has(f)) continue
      found.add(f)
      queue.push(...staticImports(f))
    }
    return found
  }
  const parents = new Set(Object.values(manifest.routes).map((r) => r.parentId))
  const pageRoutes = Object.values(manifest.routes).filter(
    (r) => r.id === 'root' || (!parents.has(r.id) && (r.imports ?? []).length > 0),
  )
  const routes = []
  for (const route of pageRoutes) {
    const files = new Set([manifest.url, manifest.entry.module, ...manifest.entry.imports, ...language])
    const chain = []
    for (let r = route; r; r = r.parentId ? manifest.routes[r.parentId] : null) chain.unshift(r.id)
    for (const id of chain) {
      const r = manifest.routes[id]
      if (r.module) files.add(r.module)
      for (const f of r.imports ?? []) files.add(f)
    }
    const bytes = [...files].reduce((sum, f) => sum + sizeOf(f), 0)
    const later = [...onInteraction(files)]
    routes.push({
      route: route.id,
      path: route.path ?? '',
      files: files.size,
      gzipBytes: bytes,
      pass: bytes <= budgetBytes,
      // Not part of the first visit: what the page fetches when the person starts filling a form (zod and the
      // form's schema, app/utils/validation-on-focus.ts), reported so nothing is hidden.
      laterGzipBytes: later.reduce((sum, f) => sum + sizeOf(f), 0),
    })
  }
  const root = manifest.routes.root
  const rootFiles = [
    ...new Set([
      manifest.url,
      manifest.entry.module,
      ...manifest.entry.imports,
      ...language,
      root.module,
      ...root.imports,
    ]),
  ]
  return {
    routes: routes.sort((a, b) => b.gzipBytes - a.gzipBytes),
    rootChunks: rootFiles.map((f) => ({ file: f, gzipBytes: sizeOf(f) })).sort((a, b) => b.gzipBytes - a.gzipBytes),
  }
}

// npm run bench:js: every page route's figure, largest first; exits 1 when one is over the budget.
if (import.meta.url === `file://${process.argv[1]}`) {
  const budgetBytes = 150_000
  if (!statSync('build/client/assets', { throwIfNoEntry: false })) {
    process.stderr.write('No client build in build/: npm run build\n')
    process.exit(1)
  }
  const { routes, rootChunks } = javascriptPerRoute({ budgetBytes })
  const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`
  for (const r of routes) {
    const later = r.laterGzipBytes ? `  (+${kB(r.laterGzipBytes)} when a form is first focused)` : ''
    process.stdout.write(`${r.pass ? '  ' : '✗ '}${kB(r.gzipBytes).padStart(9)}  ${r.route}${later}\n`)
  }
  process.stdout.write(`\nEvery page loads: ${rootChunks.map((c) => `${c.file} ${kB(c.gzipBytes)}`).join(', ')}\n`)
  const over = routes.filter((r) => !r.pass)
  process.stdout.write(
    over.length
      ? `${over.length} of ${routes.length} page routes over the ${kB(budgetBytes)} budget\n`
      : `All ${routes.length} page routes within the ${kB(budgetBytes)} budget\n`,
  )
  process.exitCode = over.length ? 1 : 0
}
