// The planning half of IPRoute.syncRoutes (src/iproute/route/sync.ts) on plain objects, no kernel:
// the route key, the equality (what the kernel fills in never differs, what the owner sets does),
// the plan (add, replace, delete, unchanged, conflicts; kernel-owned and other protocols' routes;
// IPv6 paths reported one by one; IPv4 routes appended to one key), desired specs read back, and
// the delete specs. Every comparison and plan runs through both equalities: the one on decoded
// Routes (sameRoute) and, where both routes are plain, the field-by-field one (sameAsDesired).
import test from 'ava'
import { deepStrictEqual } from 'node:assert'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const sync = require('../dist/iproute/route/sync.js')
const { routeKey, duplicateKey, deleteSpec, isKernelOwned, IPV6_DEFAULT_METRIC, sameAsDesired, plainRoute } = sync
const { encodeRouteRequest } = require('../dist/iproute/route/encode.js')

/** The desired route each Route read back is (so a comparison of that Route can take the plain path too). */
const desiredOf = new WeakMap()
/** Comparisons both equalities made: the plain one must have had its say. */
let comparedBothWays = 0

function desiredRoutes(...args) {
  const desired = sync.desiredRoutes(...args)
  for (const d of desired) desiredOf.set(d.route, d)
  return desired
}

/** sameRoute, and the plain comparison where it applies: they must agree. */
function sameRoute(desired, current) {
  const decoded = sync.sameRoute(desired, current)
  const d = desiredOf.get(desired)
  if (d !== undefined && d.form !== null && plainRoute(current)) {
    comparedBothWays++
    const plain = sameAsDesired(d, current)
    if (plain !== decoded) throw new Error(`plain comparison ${plain}, sameRoute ${decoded}: ${JSON.stringify({ spec: d.spec, current })}`)
  }
  return decoded
}

/** The plan, and the same plan made with sameRoute alone: they must be equal. */
function planRouteSync(desired, current, scope) {
  const plan = sync.planRouteSync(desired, current, scope, (want, route) => {
    if (want.form !== null && plainRoute(route)) comparedBothWays++
    return sameAsDesired(want, route)
  })
  deepStrictEqual(
    plan,
    sync.planRouteSync(desired, current, scope, (want, route) => sync.sameRoute(want.route, route)),
  )
  return plan
}

test.after('the plain comparison was held to sameRoute on most cases', (t) => {
  t.true(comparedBothWays >= 20, `${comparedBothWays} comparisons`)
})

/**
 * A Route as a dump reports it: a plain route of table 100 (the decoded request for it, every field
 * present), with the metric and pref an IPv6 dump carries; `fields` override.
 */
function route(fields = {}) {
  const family = fields.family ?? (fields.dst?.includes(':') ? 6 : 4)
  const dst = family === 4 || family === 6 ? (fields.dst ?? '10.0.0.0/24') : '10.0.0.0/24'
  const base = desiredRoutes([{ dst, family: family === 6 ? 6 : 4 }], { table: 100 }, 'route')[0].route
  return { ...base, scope: 'universe', priority: family === 6 ? 1024 : null, pref: family === 6 ? 'medium' : null, ...fields }
}

function hop(fields = {}) {
  return { gateway: null, via: null, oif: 2, weight: 1, flags: 0, encap: null, extra: null, unknown: null, ...fields }
}

/** The desired route a spec is, as the sync reads it back (table 100 by default). */
function want(spec, defaults = { table: 100 }) {
  return desiredRoutes([spec], defaults, 'desired')[0]
}

test('the key is the kernel’s: metric defaults per family, tos for IPv4, src for IPv6', (t) => {
  t.is(routeKey(route({ priority: null })), routeKey(route({ priority: 0 })))
  t.not(routeKey(route({ priority: 5 })), routeKey(route({ priority: 0 })))
  t.not(routeKey(route({ tos: 16 })), routeKey(route()))
  t.not(routeKey(route({ table: 101 })), routeKey(route()))
  t.is(routeKey(route({ dst: '2001:db8::/64', priority: null })), routeKey(route({ dst: '2001:db8::/64', priority: IPV6_DEFAULT_METRIC })))
  t.not(routeKey(route({ dst: '2001:db8::/64', src: '2001:db8:1::/64', srcLen: 64 })), routeKey(route({ dst: '2001:db8::/64' })))
  // What a spec reads back as keys like what the kernel reports for it.
  t.is(routeKey(want({ dst: '2001:db8::/64', gateway: '2001:db8:1::2' }).route), routeKey(route({ dst: '2001:db8::/64' })))
  t.is(routeKey(want({ dst: '10.0.0.0/24', gateway: '192.0.2.2' }).route), routeKey(route()))
})

test('what the kernel fills in does not differ: interface of a gateway, IPv6 pref and metric, protocol boot, scope', (t) => {
  const desired = want({ dst: '10.0.0.0/24', gateway: '192.0.2.2' }).route
  t.true(sameRoute(desired, route({ gateway: '192.0.2.2', oif: 2 })))
  t.true(sameRoute(desired, route({ gateway: '192.0.2.2', oif: 2, scope: 'link', flags: 16 /* linkdown */ })))
  const v6 = want({ dst: '2001:db8::/64', gateway: '2001:db8:1::2' }).route
  t.true(sameRoute(v6, route({ dst: '2001:db8::/64', gateway: '2001:db8:1::2', oif: 3 })))
  // An IPv6 blackhole is reported on lo.
  t.true(sameRoute(want({ dst: '2001:db8::/64', type: 'blackhole' }).route, route({ dst: '2001:db8::/64', type: 'blackhole', oif: 1 })))
})

test('what the owner sets differs: gateway, interface given, type, protocol, metrics, prefsrc, pref, nhId, encap, onlink', (t) => {
  const base = { dst: '10.0.0.0/24', gateway: '192.0.2.2', oif: 2 }
  const desired = want(base).route
  const held = route({ gateway: '192.0.2.2', oif: 2 })
  t.true(sameRoute(desired, held))
  t.false(sameRoute(desired, { ...held, gateway: '192.0.2.3' }))
  t.false(sameRoute(desired, { ...held, oif: 3 }))
  t.false(sameRoute(desired, { ...held, type: 'blackhole' }))
  t.false(sameRoute(desired, { ...held, protocol: 'static' }))
  t.false(sameRoute(desired, { ...held, metrics: { mtu: 1400 } }))
  t.false(sameRoute(desired, { ...held, prefsrc: '192.0.2.1' }))
  t.false(sameRoute(desired, { ...held, nhId: 7 }))
  t.false(sameRoute(desired, { ...held, encap: { type: 'mpls', data: { dst: [{ label: 100 }] } } }))
  t.false(sameRoute(desired, { ...held, flags: 4 /* onlink */ }))
  t.true(sameRoute(want({ ...base, flags: 4 }).route, { ...held, flags: 4 | 16 }))
  t.true(sameRoute(want({ ...base, metrics: { mtu: 1400 } }).route, { ...held, metrics: { mtu: 1400 } }))
  t.false(sameRoute(want({ ...base, metrics: { mtu: 1400 } }).route, { ...held, metrics: { mtu: 1500 } }))
  // A metric of 0 is no metric (the kernel reports none).
  t.true(sameRoute(want({ ...base, metrics: { lock: 0 } }).route, held))
  const v6 = route({ dst: '2001:db8::/64', oif: 2 })
  t.false(sameRoute(want({ dst: '2001:db8::/64', oif: 2, pref: 'high' }).route, v6))
  t.true(sameRoute(want({ dst: '2001:db8::/64', oif: 2, pref: 'high' }).route, { ...v6, pref: 'high' }))
})

test('multipath: order does not matter, weights do, a one-path multipath is the plain route', (t) => {
  const desired = want({
    dst: '10.0.0.0/24',
    multipath: [
      { gateway: '192.0.2.2', weight: 3 },
      { gateway: '198.51.100.2', oif: 4 },
    ],
  }).route
  const held = route({ multipath: [hop({ gateway: '198.51.100.2', oif: 4 }), hop({ gateway: '192.0.2.2', oif: 2, weight: 3 })] })
  t.true(sameRoute(desired, held))
  t.false(sameRoute(desired, { ...held, multipath: [hop({ gateway: '198.51.100.2', oif: 4 }), hop({ gateway: '192.0.2.2', oif: 2 })] }))
  t.false(sameRoute(desired, { ...held, multipath: [hop({ gateway: '192.0.2.2', oif: 2, weight: 3 })] }))
  t.false(sameRoute(desired, route({ gateway: '192.0.2.2', oif: 2 })))
  t.true(sameRoute(want({ dst: '10.0.0.0/24', multipath: [{ gateway: '192.0.2.2', weight: 5 }] }).route, route({ gateway: '192.0.2.2', oif: 2 })))
})

test('with a nexthop object the paths the kernel reports beside nhId are not compared', (t) => {
  const desired = want({ dst: '10.0.0.0/24', nhId: 7 }).route
  t.true(sameRoute(desired, route({ nhId: 7, gateway: '192.0.2.9', oif: 2 })))
  t.false(sameRoute(desired, route({ nhId: 8, gateway: '192.0.2.9', oif: 2 })))
  t.false(sameRoute(desired, route({ gateway: '192.0.2.9', oif: 2 })))
})

test('the plan: add, replace, delete, unchanged', (t) => {
  const desired = desiredRoutes(
    [
      { dst: '10.0.1.0/24', gateway: '192.0.2.2' },
      { dst: '10.0.2.0/24', gateway: '192.0.2.2' },
      { dst: '10.0.3.0/24', gateway: '192.0.2.2' },
    ],
    { table: 100 },
    'desired',
  )
  const current = [
    route({ dst: '10.0.2.0/24', gateway: '192.0.2.2', oif: 2 }),
    route({ dst: '10.0.3.0/24', gateway: '192.0.2.3', oif: 2 }),
    route({ dst: '10.0.4.0/24', gateway: '192.0.2.2', oif: 2 }),
  ]
  const plan = planRouteSync(desired, current)
  t.deepEqual(
    plan.add.map((d) => d.index),
    [0],
  )
  t.deepEqual(
    plan.unchanged.map((d) => d.index),
    [1],
  )
  t.deepEqual(
    plan.replace.map((r) => [r.desired.index, r.current]),
    [[2, current[1]]],
  )
  t.deepEqual(plan.delete, [current[2]])
  t.deepEqual(plan.conflicts, [])
  // The same metric under another key is another route.
  const other = planRouteSync(desiredRoutes([{ dst: '10.0.2.0/24', gateway: '192.0.2.2', priority: 10 }], { table: 100 }, 'desired'), current.slice(0, 1))
  t.is(other.add.length, 1)
  t.deepEqual(other.delete, [current[0]])
})

test('kernel-owned routes are never in the plan without protocol; a desired route on their key is a conflict', (t) => {
  const kernel = route({ dst: '192.0.2.0/24', protocol: 'kernel', scope: 'link', oif: 2, prefsrc: '192.0.2.1', table: 254 })
  const local = route({ dst: '192.0.2.1/32', type: 'local', protocol: 'boot', table: 255, oif: 2 })
  const broadcast = route({ dst: '192.0.2.255/32', type: 'broadcast', protocol: 'boot', table: 255, oif: 2 })
  t.true(isKernelOwned(kernel))
  t.true(isKernelOwned(local))
  t.true(isKernelOwned(broadcast))
  t.false(isKernelOwned(route({ type: 'local', table: 100 })))
  t.deepEqual(planRouteSync([], [kernel, local, broadcast]).delete, [])
  const onKernelKey = desiredRoutes([{ dst: '192.0.2.0/24', gateway: '192.0.2.9' }], { table: 254 }, 'desired')
  const plan = planRouteSync(onKernelKey, [kernel])
  t.deepEqual(plan.conflicts, [{ desired: onKernelKey[0], current: kernel }])
  t.deepEqual([plan.add, plan.replace, plan.delete, plan.unchanged], [[], [], [], []])
  // Named by protocol, kernel routes are managed like any other.
  t.deepEqual(planRouteSync([], [kernel, local], { protocol: 'kernel' }).delete, [kernel])
})

test('with protocol, routes of other protocols are left alone and their keys are conflicts', (t) => {
  const mine = route({ dst: '10.0.1.0/24', protocol: 'static', gateway: '192.0.2.2', oif: 2 })
  const theirs = route({ dst: '10.0.2.0/24', protocol: 'bgp', gateway: '192.0.2.2', oif: 2 })
  const desired = desiredRoutes([{ dst: '10.0.2.0/24', gateway: '192.0.2.2' }], { table: 100, protocol: 'static' }, 'desired')
  const plan = planRouteSync(desired, [mine, theirs], { protocol: 'static' })
  t.deepEqual(plan.delete, [mine])
  t.deepEqual(plan.conflicts, [{ desired: desired[0], current: theirs }])
  t.is(desired[0].route.protocol, 'static')
})

test('IPv6 routes of one key reported path by path are the multipath route they make', (t) => {
  const desired = desiredRoutes(
    [
      {
        dst: '2001:db8::/64',
        multipath: [
          { gateway: '2001:db8:1::2', oif: 2 },
          { gateway: '2001:db8:2::2', oif: 3 },
        ],
      },
    ],
    { table: 100 },
    'desired',
  )
  const split = [route({ dst: '2001:db8::/64', gateway: '2001:db8:2::2', oif: 3 }), route({ dst: '2001:db8::/64', gateway: '2001:db8:1::2', oif: 2 })]
  const plan = planRouteSync(desired, split)
  t.deepEqual([plan.unchanged.length, plan.replace.length, plan.delete.length], [1, 0, 0])
  const one = planRouteSync(desired, split.slice(0, 1))
  t.is(one.replace.length, 1)
})

test('IPv4 routes appended to one key: the equal one (or the first) is kept, the others deleted', (t) => {
  const desired = desiredRoutes([{ dst: '10.0.0.0/24', gateway: '192.0.2.3' }], { table: 100 }, 'desired')
  const a = route({ gateway: '192.0.2.2', oif: 2 })
  const b = route({ gateway: '192.0.2.3', oif: 2 })
  const kept = planRouteSync(desired, [a, b])
  t.deepEqual(kept.unchanged, desired)
  t.deepEqual(kept.delete, [a])
  const c = route({ gateway: '192.0.2.4', oif: 2 })
  const replaced = planRouteSync(desired, [a, c])
  t.deepEqual(
    replaced.replace.map((r) => r.current),
    [a],
  )
  t.deepEqual(replaced.delete, [c])
})

test('routes of other families (multicast, MPLS) are not in the plan', (t) => {
  t.deepEqual(planRouteSync([], [route({ family: 128, dst: '', dstLen: 0 }), route({ family: 28, dst: '', dstLen: 0 })]).delete, [])
})

test('desired specs: checked with errors naming desired[i], defaults from the options, duplicates found', (t) => {
  t.throws(() => desiredRoutes([{ dst: '10.0.0.0/24' }, { dst: '10.0.1.0/24', gateway: 'nope' }], { table: 100 }, 'desired'), {
    instanceOf: TypeError,
    message: /^desired\[1\]\.gateway/,
  })
  t.throws(() => desiredRoutes([null], {}, 'desired'), { instanceOf: TypeError, message: /^desired\[0\]/ })
  t.throws(() => desiredRoutes([{ dst: '10.0.0.0/24', tos: 300 }], {}, 'desired'), { instanceOf: RangeError, message: /^desired\[0\]\.tos/ })
  const [d] = desiredRoutes([{ dst: 'default', gateway: '2001:db8::1' }], { table: 100, protocol: 'static', family: 6 }, 'desired')
  t.like(d.route, { family: 6, table: 100, protocol: 'static', dst: '::/0' })
  t.deepEqual(d.payload, encodeRouteRequest({ dst: 'default', gateway: '2001:db8::1', table: 100, protocol: 'static', family: 6 }))
  const same = desiredRoutes(
    [{ dst: '10.0.0.0/24' }, { dst: '10.0.1.0/24' }, { dst: '10.0.0.0/24', gateway: '192.0.2.2', metric: 0 }],
    { table: 100 },
    'desired',
  )
  t.deepEqual(duplicateKey(same), { index: 2, first: 0 })
  t.is(duplicateKey(same.slice(0, 2)), null)
})

test('delete specs name the route exactly, with its paths for IPv4', (t) => {
  t.deepEqual(deleteSpec(route({ gateway: '192.0.2.2', oif: 2, priority: 5, tos: 8 })), {
    dst: '10.0.0.0/24',
    family: 4,
    table: 100,
    tos: 8,
    type: 'unicast',
    protocol: 'boot',
    priority: 5,
    gateway: '192.0.2.2',
    oif: 2,
  })
  t.deepEqual(deleteSpec(route({ multipath: [hop({ gateway: '192.0.2.2' }), hop({ oif: 3 })] })).multipath, [{ gateway: '192.0.2.2', oif: 2 }, { oif: 3 }])
  const v6 = deleteSpec(route({ dst: '2001:db8::/64', src: '2001:db8:1::/64', srcLen: 64, gateway: '2001:db8:1::2', oif: 2 }))
  t.deepEqual(v6, { dst: '2001:db8::/64', family: 6, table: 100, tos: 0, type: 'unicast', protocol: 'boot', src: '2001:db8:1::/64', priority: 1024 })
  t.notThrows(() => encodeRouteRequest(v6, 'delete'))
})
