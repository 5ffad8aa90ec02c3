// Runs after `npm install` (postinstall): makes the server's route matching remember what it works out once
// per set of routes, instead of working it out again on every request (ADR 016). Remix matches the URL
// against the app's routes about six times per page, and each time React Router flattens and ranks all of
// them and compiles a regular expression for every path it tries: a fifth of a small page's CPU time.
//
// Each edit names the exact text it replaces in the installed version. When that text is not there (another
// version), the edit is skipped with a warning: the app works the same, only slower; the unit test
// tests/unit/patched-dependencies.test.ts fails then, so nobody misses it. Running it twice changes nothing.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const MARKER = '/* hoa-nhap: cached route matching */'

/** The edits: the CommonJS builds, which the server loads (the browser's bundles are not touched). */
export const PATCHES = [
  {
    module: '@remix-run/router/dist/router.cjs.js',
    edits: [
      {
        // The flattened, ranked branches of a routes array, kept for as long as the array lives.
        from: `  let branches = flattenRoutes(routes);
  rankRouteBranches(branches);
  let matches = null;`,
        to: `  ${MARKER}
  let branches = rankedBranches.get(routes);
  if (branches === undefined) {
    branches = flattenRoutes(routes);
    rankRouteBranches(branches);
    rankedBranches.set(routes, branches);
  }
  let matches = null;`,
      },
      {
        from: `function matchRoutesImpl(routes, locationArg, basename, allowPartial) {`,
        to: `let rankedBranches = new WeakMap();
function matchRoutesImpl(routes, locationArg, basename, allowPartial) {`,
      },
      {
        // A route tree changed in place (lazy discovery in the browser, HMR) is ranked again.
        from: `function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {`,
        to: `function patchRoutesImpl(routeId, children, routesToUse, manifest, mapRouteProperties) {
  rankedBranches = new WeakMap();`,
      },
      {
        // A path's regular expression, compiled once (route paths are few; the cache is bounded anyway).
        from: `function compilePath(path, caseSensitive, end) {
  if (caseSensitive === void 0) {
    caseSensitive = false;
  }
  if (end === void 0) {
    end = true;
  }`,
        to: `const compiledPaths = new Map();
function compilePath(path, caseSensitive, end) {
  if (caseSensitive === void 0) {
    caseSensitive = false;
  }
  if (end === void 0) {
    end = true;
  }
  let cacheKey = (caseSensitive ? "1" : "0") + (end ? "1" : "0") + path;
  let compiled = compiledPaths.get(cacheKey);
  if (compiled === undefined) {
    compiled = compilePathUncached(path, caseSensitive, end);
    if (compiledPaths.size >= 2000) compiledPaths.clear();
    compiledPaths.set(cacheKey, compiled);
  }
  return compiled;
}
function compilePathUncached(path, caseSensitive, end) {`,
      },
    ],
  },
  {
    module: '@remix-run/react/dist/server.js',
    edits: [
      {
        // The routes React renders depend only on the build: made once per build's manifest. (The object of
        // route modules is made afresh for every request, so it cannot be the key; the root module, the same
        // for the whole build, is checked instead.)
        from: `  let routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);`,
        to: `  ${MARKER}
  let routes$1 = serverRoutesByManifest.get(manifest.routes);
  if (routes$1 === undefined || routes$1.rootModule !== routeModules.root) {
    routes$1 = routes.createServerRoutes(manifest.routes, routeModules, context.future, context.isSpaMode);
    routes$1.rootModule = routeModules.root;
    serverRoutesByManifest.set(manifest.routes, routes$1);
  }`,
      },
      {
        from: `function RemixServer({`,
        to: `const serverRoutesByManifest = new WeakMap();
function RemixServer({`,
      },
    ],
  },
  {
    module: 'react-router-dom/server.js',
    edits: [
      {
        // The data routes made from those routes, likewise: the same array gives the same data routes.
        from: `  let manifest = {};
  let dataRoutes = router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest);`,
        to: `  ${MARKER}
  let converted = dataRoutesByRoutes.get(routes);
  if (converted === undefined) {
    let manifest = {};
    converted = {
      manifest,
      dataRoutes: router.UNSAFE_convertRoutesToDataRoutes(routes, reactRouter.UNSAFE_mapRouteProperties, undefined, manifest)
    };
    dataRoutesByRoutes.set(routes, converted);
  }
  let { manifest, dataRoutes } = converted;`,
      },
      {
        from: `function createStaticRouter(routes, context, opts = {}) {`,
        to: `const dataRoutesByRoutes = new WeakMap();
function createStaticRouter(routes, context, opts = {}) {`,
      },
    ],
  },
]

/** Applies the edits to the installed files; returns what happened to each module. */
export function patchDependencies(resolveFrom = process.cwd()) {
  const require = createRequire(path.join(resolveFrom, 'package.json'))
  return PATCHES.map(({ module, edits }) => {
    let file
    try {
      file = require.resolve(module)
    } catch {
      return { module, status: 'missing' }
    }
    const original = readFileSync(file, 'utf8')
    if (original.includes(MARKER)) return { module, status: 'already patched' }
    let text = original
    for (const { from, to } of edits) {
      if (text.split(from).length !== 2) return { module, status: 'unknown version: not patched' }
      text = text.replace(from, () => to)
    }
    writeFileSync(file, text)
    return { module, status: 'patched' }
  })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { module, status } of patchDependencies()) {
    if (status === 'patched' || status === 'already patched') continue
    process.stderr.write(`patch-dependencies: ${module}: ${status} (route matching stays uncached)\n`)
  }
}
