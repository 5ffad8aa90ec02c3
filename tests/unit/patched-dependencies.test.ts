import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type * as Router from '@remix-run/router'
import { MARKER, PATCHES, patchDependencies } from '../../scripts/patch-dependencies.mjs'

const require = createRequire(import.meta.url)
type Patch = { module: string }

describe('the route-matching caches (scripts/patch-dependencies.mjs, run after npm install)', () => {
  it('are in the installed files: a new version of a dependency that the edits no longer fit fails here', () => {
    for (const { module } of PATCHES as Patch[]) {
      expect(readFileSync(require.resolve(module), 'utf8'), module).toContain(MARKER)
    }
    // Running it again changes nothing.
    expect(patchDependencies().map((r: { status: string }) => r.status)).toEqual(
      (PATCHES as Patch[]).map(() => 'already patched'),
    )
  })

  it('match as before: the same routes for the same paths, and a changed route tree is ranked again', async () => {
    // The CommonJS build, as the server loads it (an import here could get the browser's ES module build).
    const { matchRoutes, createStaticHandler, createRouter, createMemoryHistory } =
      require('@remix-run/router') as typeof Router
    const routes = [
      {
        id: 'root',
        path: '/',
        children: [
          { id: 'home', index: true },
          { id: 'list', path: 'caseworker/candidates' },
          { id: 'new', path: 'caseworker/candidates/new' },
          { id: 'record', path: 'caseworker/candidates/:id' },
          { id: 'splat', path: '*' },
        ],
      },
    ]
    const ids = (path: string) => matchRoutes(routes, path)?.map((m) => m.route.id)
    for (let i = 0; i < 2; i++) {
      expect(ids('/')).toEqual(['root', 'home'])
      expect(ids('/caseworker/candidates')).toEqual(['root', 'list'])
      expect(ids('/caseworker/candidates/new')).toEqual(['root', 'new'])
      expect(ids('/caseworker/candidates/abc')).toEqual(['root', 'record'])
      expect(matchRoutes(routes, '/caseworker/candidates/abc')?.at(-1)?.params).toEqual({ id: 'abc' })
      expect(ids('/nothing/here')).toEqual(['root', 'splat'])
    }
    // Another array of routes is its own: nothing carries over from the first.
    expect(matchRoutes([{ id: 'only', path: '/only' }], '/caseworker/candidates')).toBeNull()
    // A static handler (as the server's) answers from the same cache.
    const handler = createStaticHandler(routes)
    const context = await handler.query(new Request('http://localhost/caseworker/candidates/xyz'))
    expect('matches' in context && context.matches.map((m) => m.route.id)).toEqual(['root', 'record'])

    // A route tree changed in place (the browser's lazy route discovery) is flattened and ranked again.
    const router = createRouter({
      routes: [{ id: 'top', path: '/', children: [{ id: 'a', path: 'a' }] }],
      history: createMemoryHistory({ initialEntries: ['/'] }),
    })
    // (The array held before: the patch adds the child to the route objects it shares with the new one.)
    const before = router.routes
    expect(matchRoutes(before, '/b')).toBeNull()
    router.patchRoutes('top', [{ id: 'b', path: 'b' }])
    expect(matchRoutes(before, '/b')?.map((m) => m.route.id)).toEqual(['top', 'b'])
    expect(matchRoutes(router.routes, '/b')?.map((m) => m.route.id)).toEqual(['top', 'b'])
    router.dispose()
  })
})
