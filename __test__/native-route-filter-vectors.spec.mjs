// The JavaScript half of the shared route-filter table (__test__/fixtures/route-filter-cases.json):
// every case's filter, compiled by compileRouteFilter, keeps exactly the routes the table lists.
// crates/nlroute-core/tests/route_filter_vectors.rs runs the same table through the native
// routeFilter, so the two implementations are held to one set of facts.
import test from 'ava'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { decodeRoute } = require('../dist/iproute/index.js')
const { compileRouteFilter } = require('../dist/iproute/route/filter.js')
const table = JSON.parse(readFileSync(new URL('./fixtures/route-filter-cases.json', import.meta.url), 'utf8'))

const routes = Object.entries(table.routes).map(([name, { hex }]) => {
  const bytes = Buffer.from(hex, 'hex')
  return [name, decodeRoute(bytes, 0, bytes.length)]
})

test('every route of the table decodes', (t) => {
  t.true(routes.length > 0)
  for (const [name, route] of routes) t.is(typeof route.dst, 'string', name)
})

for (const { filter, matching } of table.cases) {
  test(`route filter ${JSON.stringify(filter)}`, (t) => {
    const keep = compileRouteFilter(filter)
    t.deepEqual(
      routes.filter(([, route]) => keep(route)).map(([name]) => name),
      matching,
    )
  })
}
