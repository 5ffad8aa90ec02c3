import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type * as Router from '@remix-run/router'
import type * as RemixReact from '@remix-run/react'
import type * as RemixNode from '@remix-run/node'
import type * as ReactNamespace from 'react'
import type * as ReactDomServer from 'react-dom/server'
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

describe("React's side of a page render (RemixServer)", () => {
  it('makes the server routes and their data routes once per build, not once per request', async () => {
    const React = require('react') as typeof ReactNamespace
    const { renderToString } = require('react-dom/server') as typeof ReactDomServer
    const { RemixServer, Outlet, useLoaderData } = require('@remix-run/react') as typeof RemixReact
    const { createRequestHandler } = require('@remix-run/node') as typeof RemixNode
    const remixRoutes = require('@remix-run/react/dist/routes.js') as {
      createServerRoutes: (...args: unknown[]) => unknown
    }
    const router = require('@remix-run/router') as { UNSAFE_convertRoutesToDataRoutes: (...args: unknown[]) => unknown }

    // Counts the two constructions the patch caches (both modules call them through their exports).
    const calls = { serverRoutes: 0, dataRoutes: 0 }
    const originalServerRoutes = remixRoutes.createServerRoutes
    const originalDataRoutes = router.UNSAFE_convertRoutesToDataRoutes
    remixRoutes.createServerRoutes = (...args) => (calls.serverRoutes++, originalServerRoutes(...args))
    router.UNSAFE_convertRoutesToDataRoutes = (...args) => (calls.dataRoutes++, originalDataRoutes(...args))
    try {
      const Page = () => React.createElement('p', null, `hello ${useLoaderData<{ who: string }>().who}`)
      const manifestRoute = (id: string, parentId?: string, path = '') => ({
        id,
        parentId,
        path,
        module: `/${id}.js`,
        hasLoader: id !== 'root',
        hasAction: false,
        hasClientLoader: false,
        hasClientAction: false,
        hasErrorBoundary: false,
        imports: [],
      })
      const build = {
        mode: 'production',
        future: {},
        isSpaMode: false,
        publicPath: '/',
        assetsBuildDirectory: '',
        entry: {
          module: {
            default: (request: Request, status: number, headers: Headers, context: unknown) =>
              new Response(
                renderToString(React.createElement(RemixServer, { context: context as never, url: request.url })),
                { status, headers },
              ),
          },
        },
        routes: {
          root: { id: 'root', path: '', module: { default: () => React.createElement(Outlet) } },
          page: {
            id: 'page',
            parentId: 'root',
            path: 'who/:name',
            module: {
              default: Page,
              loader: ({ params }: { params: { name: string } }) => ({ who: params.name }),
            },
          },
        },
        assets: {
          url: '/manifest.js',
          version: '1',
          entry: { module: '/entry.js', imports: [] },
          routes: { root: manifestRoute('root'), page: manifestRoute('page', 'root', 'who/:name') },
        },
      }
      const handle = createRequestHandler(build as never, 'production')
      const pageFor = async (name: string) => (await handle(new Request(`http://localhost/who/${name}`))).text()

      // Each request gets its own data; the routes are made once.
      expect(await pageFor('lan')).toContain('hello lan')
      expect(await pageFor('minh')).toContain('hello minh')
      expect(await pageFor('hoa')).not.toContain('minh')
      expect(calls).toEqual({ serverRoutes: 1, dataRoutes: 1 })
    } finally {
      remixRoutes.createServerRoutes = originalServerRoutes
      router.UNSAFE_convertRoutesToDataRoutes = originalDataRoutes
    }
  })
})
