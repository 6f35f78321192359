// IPRoute.syncRoutes against the real kernel, each test in its own namespace: every kind of route
// (IPv4 and IPv6, multipath with weights, nexthop objects, blackhole/unreachable, metrics, pref)
// synced into a table and synced again without a change; a table changed behind the sync's back by
// `ip`, repaired; kernel-owned routes and other protocols' routes left alone; dryRun; one refused
// change among good ones; the checks that run before anything is sent; abort.
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { makeNetns, ip, nsTest, waitForCarrier } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkError } = require('../dist/index.js')

/** v0 (192.0.2.1/24, 2001:db8:1::1/64) and v2 (198.51.100.1/24, 2001:db8:2::1/64), each a veth up; nexthop 7 via v0. */
async function setup(t) {
  const ns = makeNetns(t, 'nlr-sync', { linkLocal: false })
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'add', 'v2', 'type', 'veth', 'peer', 'name', 'v3')
  for (const dev of ['v0', 'v1', 'v2', 'v3']) ip(ns, 'link', 'set', dev, 'up')
  ip(ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
  ip(ns, 'addr', 'add', '198.51.100.1/24', 'dev', 'v2')
  ip(ns, '-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'v0', 'nodad')
  ip(ns, '-6', 'addr', 'add', '2001:db8:2::1/64', 'dev', 'v2', 'nodad')
  await waitForCarrier(ns, ['v0', 'v1', 'v2', 'v3'])
  ip(ns, 'nexthop', 'add', 'id', '7', 'via', '192.0.2.9', 'dev', 'v0')
  ip(ns, 'nexthop', 'add', 'id', '8', 'via', '2001:db8:1::9', 'dev', 'v0')
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  return { ns, ipr }
}

/** One route of every kind the sync must round-trip. */
const EVERY_KIND = [
  { dst: '10.1.0.0/24', gateway: '192.0.2.2' },
  { dst: '10.2.0.0/24', oif: 'v0' },
  {
    dst: '10.3.0.0/24',
    multipath: [
      { gateway: '192.0.2.2', weight: 3 },
      { gateway: '198.51.100.2', oif: 'v2' },
    ],
  },
  { dst: '10.4.0.0/24', type: 'blackhole' },
  { dst: '10.5.0.0/24', nhId: 7 },
  { dst: '10.6.0.0/24', gateway: '192.0.2.2', metrics: { mtu: 1400 }, priority: 5 },
  { dst: '10.6.0.0/24', gateway: '198.51.100.2', priority: 6 },
  { dst: 'default', gateway: '192.0.2.254' },
  { dst: '2001:db8:10::/64', gateway: '2001:db8:1::2' },
  {
    dst: '2001:db8:11::/64',
    multipath: [
      { gateway: '2001:db8:1::2', oif: 'v0' },
      { gateway: '2001:db8:2::2', oif: 'v2', weight: 2 },
    ],
  },
  { dst: '2001:db8:12::/64', type: 'unreachable' },
  { dst: '2001:db8:13::/64', oif: 'v2', pref: 'high' },
  { dst: '2001:db8:14::/64', nhId: 8 },
  { dst: 'default', family: 6, gateway: '2001:db8:1::254', metric: 100 },
]

/** The table as `ip` lists it, both families, one sorted line per route (multipath paths on the line). */
function table(ns, id) {
  const lines = []
  for (const family of ['-4', '-6']) {
    let out = ''
    try {
      out = execFileSync('ip', ['-n', ns, family, '-o', 'route', 'show', 'table', String(id)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (error) {
      // A table nothing was ever added to does not exist (`ip` says so for IPv4).
      if (!/FIB table does not exist/.test(String(error.stderr))) throw error
    }
    lines.push(
      ...out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/\\\s+/g, ' ').trim()),
    )
  }
  return lines.sort()
}

function counts(r) {
  return { added: r.added.length, replaced: r.replaced.length, deleted: r.deleted.length, unchanged: r.unchanged.length, failed: r.failed.length }
}

nsTest(test, 'every kind of route, IPv4 and IPv6, is added, and a second sync changes nothing', async (t) => {
  const { ns, ipr } = await setup(t)
  const first = await ipr.syncRoutes(EVERY_KIND, { table: 100 })
  t.deepEqual(counts(first), { added: EVERY_KIND.length, replaced: 0, deleted: 0, unchanged: 0, failed: 0 })
  t.deepEqual(first.added, EVERY_KIND)
  const held = table(ns, 100)
  t.is(held.length, EVERY_KIND.length)
  t.true(held.some((l) => /^10\.3\.0\.0\/24 .*nexthop via 192\.0\.2\.2 dev v0 weight 3 .*nexthop via 198\.51\.100\.2 dev v2 weight 1/.test(l)))
  t.true(held.some((l) => /^2001:db8:11::\/64 .*nexthop via 2001:db8:1::2 dev v0 weight 1 .*nexthop via 2001:db8:2::2 dev v2 weight 2/.test(l)))
  t.true(held.some((l) => l.startsWith('10.5.0.0/24 nhid 7')))
  const second = await ipr.syncRoutes(EVERY_KIND, { table: 100 })
  t.deepEqual(counts(second), { added: 0, replaced: 0, deleted: 0, unchanged: EVERY_KIND.length, failed: 0 })
  // In another order, hops reversed: still nothing to do.
  const shuffled = [...EVERY_KIND].reverse().map((spec) => (spec.multipath ? { ...spec, multipath: [...spec.multipath].reverse() } : spec))
  t.deepEqual(counts(await ipr.syncRoutes(shuffled, { table: 100 })), { added: 0, replaced: 0, deleted: 0, unchanged: EVERY_KIND.length, failed: 0 })
  t.deepEqual(table(ns, 100), held)
})

nsTest(test, 'a table changed behind the sync’s back by ip is repaired, and then left alone', async (t) => {
  const { ns, ipr } = await setup(t)
  await ipr.syncRoutes(EVERY_KIND, { table: 100 })
  const held = table(ns, 100)
  ip(ns, 'route', 'replace', '10.1.0.0/24', 'via', '192.0.2.3', 'table', '100')
  ip(ns, 'route', 'replace', '10.3.0.0/24', 'table', '100', 'nexthop', 'via', '192.0.2.2', 'dev', 'v0', 'nexthop', 'via', '198.51.100.2', 'dev', 'v2')
  ip(ns, '-6', 'route', 'replace', '2001:db8:11::/64', 'table', '100', 'nexthop', 'via', '2001:db8:1::2', 'dev', 'v0')
  ip(ns, 'route', 'replace', '10.6.0.0/24', 'via', '192.0.2.2', 'metric', '5', 'mtu', '1300', 'table', '100')
  ip(ns, '-6', 'route', 'replace', '2001:db8:13::/64', 'dev', 'v2', 'table', '100')
  ip(ns, 'route', 'replace', '10.5.0.0/24', 'via', '192.0.2.9', 'table', '100')
  ip(ns, 'route', 'del', '10.4.0.0/24', 'table', '100')
  ip(ns, '-6', 'route', 'del', '2001:db8:12::/64', 'table', '100')
  ip(ns, 'route', 'add', '10.99.0.0/24', 'via', '192.0.2.2', 'table', '100')
  ip(ns, '-6', 'route', 'add', '2001:db8:99::/64', 'via', '2001:db8:1::2', 'table', '100')
  const repair = await ipr.syncRoutes(EVERY_KIND, { table: 100 })
  t.deepEqual(counts(repair), { added: 2, replaced: 6, deleted: 2, unchanged: EVERY_KIND.length - 8, failed: 0 })
  t.deepEqual(repair.added.map((s) => s.dst).sort(), ['10.4.0.0/24', '2001:db8:12::/64'])
  t.deepEqual(repair.replaced.map((s) => s.dst).sort(), ['10.1.0.0/24', '10.3.0.0/24', '10.5.0.0/24', '10.6.0.0/24', '2001:db8:11::/64', '2001:db8:13::/64'])
  t.deepEqual(repair.deleted.map((r) => r.dst).sort(), ['10.99.0.0/24', '2001:db8:99::/64'])
  t.deepEqual(table(ns, 100), held)
  t.deepEqual(counts(await ipr.syncRoutes(EVERY_KIND, { table: 100 })), { added: 0, replaced: 0, deleted: 0, unchanged: EVERY_KIND.length, failed: 0 })
})

nsTest(test, 'kernel-owned routes stay; with protocol only that protocol’s routes are managed', async (t) => {
  const { ns, ipr } = await setup(t)
  const kernelRoutes = table(ns, 'main')
  t.true(kernelRoutes.some((l) => l.startsWith('192.0.2.0/24 dev v0 proto kernel')))
  ip(ns, 'route', 'add', '10.7.0.0/24', 'via', '192.0.2.2', 'proto', 'bgp')
  const desired = [{ dst: '10.8.0.0/24', gateway: '192.0.2.2' }]
  // Everything but the kernel's own: the bgp route goes, the kernel's stay.
  const all = await ipr.syncRoutes(desired, { table: 'main', dryRun: true })
  t.deepEqual(
    all.deleted.map((r) => r.dst),
    ['10.7.0.0/24'],
  )
  t.deepEqual(
    all.added.map((s) => s.dst),
    ['10.8.0.0/24'],
  )
  t.true(
    table(ns, 'main').some((l) => l.startsWith('10.7.0.0/24')),
    'dryRun sent nothing',
  )
  // protocol static: the bgp route is another protocol's.
  const mine = await ipr.syncRoutes(desired, { table: 'main', protocol: 'static' })
  t.deepEqual(counts(mine), { added: 1, replaced: 0, deleted: 0, unchanged: 0, failed: 0 })
  const main = table(ns, 'main')
  t.true(main.some((l) => l.startsWith('10.8.0.0/24 via 192.0.2.2 dev v0 proto static')))
  t.true(main.some((l) => l.startsWith('10.7.0.0/24')))
  for (const line of kernelRoutes) t.true(main.includes(line), line)
  // A desired route on the key of a route the sync does not manage is reported, not sent.
  const clash = await ipr.syncRoutes([{ dst: '10.7.0.0/24', gateway: '192.0.2.3' }], { table: 'main', protocol: 'static' })
  t.deepEqual(counts(clash), { added: 0, replaced: 0, deleted: 1, unchanged: 0, failed: 1 })
  t.regex(clash.failed[0].error.message, /^syncRoutes desired\[0\]: its key is held by a route this sync does not manage \(10\.7\.0\.0\/24 protocol bgp\)/)
  t.true(table(ns, 'main').some((l) => /^10\.7\.0\.0\/24 via 192\.0\.2\.2 .*proto bgp/.test(l)))
  const onKernel = await ipr.syncRoutes([{ dst: '192.0.2.0/24', oif: 'v2' }], { table: 'main', protocol: 'static' })
  t.is(onKernel.failed.length, 1)
  for (const line of kernelRoutes) t.true(table(ns, 'main').includes(line), line)
})

nsTest(test, 'a change the kernel refuses is in failed and the others are applied', async (t) => {
  const { ns, ipr } = await setup(t)
  const desired = [
    { dst: '10.1.0.0/24', gateway: '192.0.2.2' },
    { dst: '2001:db8:14::/64', family: 6, nhId: 7 }, // an IPv4 nexthop for an IPv6 route: EINVAL
    { dst: '10.2.0.0/24', gateway: '192.0.2.2' },
  ]
  const result = await ipr.syncRoutes(desired, { table: 100 })
  t.deepEqual(result.added, [desired[0], desired[2]])
  t.is(result.failed.length, 1)
  t.is(result.failed[0].route, desired[1])
  t.true(result.failed[0].error instanceof NetlinkError)
  t.is(result.failed[0].error.code, 'EINVAL')
  t.is(table(ns, 100).length, 2)
})

nsTest(test, 'bad input is refused before anything is sent, naming desired[i]', async (t) => {
  const { ns, ipr } = await setup(t)
  const good = { dst: '10.1.0.0/24', gateway: '192.0.2.2' }
  await t.throwsAsync(ipr.syncRoutes([good, { dst: '10.2.0.0/24', gateway: '300.0.0.1' }], { table: 100 }), {
    instanceOf: TypeError,
    message: /^syncRoutes desired\[1\]\.gateway/,
  })
  await t.throwsAsync(ipr.syncRoutes([good, { ...good, gateway: '192.0.2.3' }], { table: 100 }), {
    instanceOf: RangeError,
    message: /^syncRoutes desired\[1\]: same key .* as syncRoutes desired\[0\]/,
  })
  await t.throwsAsync(ipr.syncRoutes([{ ...good, table: 101 }], { table: 100 }), { instanceOf: RangeError, message: /^syncRoutes desired\[0\]\.table/ })
  await t.throwsAsync(ipr.syncRoutes([{ ...good, protocol: 'bgp' }], { table: 100, protocol: 'static' }), {
    instanceOf: RangeError,
    message: /^syncRoutes desired\[0\]\.protocol/,
  })
  await t.throwsAsync(ipr.syncRoutes([good], { table: 100, family: 6 }), {
    instanceOf: TypeError,
    message: /^syncRoutes desired\[0\]\.dst: is IPv4 but the family is IPv6/,
  })
  await t.throwsAsync(ipr.syncRoutes([good, { dst: '10.3.0.0/24', oif: 'nosuch0' }], { table: 100 }), {
    instanceOf: TypeError,
    message: /^syncRoutes desired\[1\]\.oif: no interface named 'nosuch0'/,
  })
  await t.throwsAsync(ipr.syncRoutes([good], {}), { instanceOf: TypeError, message: /^syncRoutes options\.table: required/ })
  await t.throwsAsync(ipr.syncRoutes([good], { table: 100, bogus: 1 }), { instanceOf: TypeError, message: /^syncRoutes options\.bogus/ })
  await t.throwsAsync(ipr.syncRoutes(good, { table: 100 }), { instanceOf: TypeError, message: /^syncRoutes desired: expected an array/ })
  t.deepEqual(table(ns, 100), [])
})

nsTest(test, 'an aborted signal sends nothing; many changes go out through the window', async (t) => {
  const { ns, ipr } = await setup(t)
  const desired = Array.from({ length: 3000 }, (_, i) => ({ dst: `10.${100 + (i >> 8)}.${i & 255}.0/24`, gateway: '192.0.2.2', oif: 'v0' }))
  const controller = new AbortController()
  controller.abort(new Error('stop'))
  await t.throwsAsync(ipr.syncRoutes(desired, { table: 100, signal: controller.signal }), { message: 'stop' })
  t.deepEqual(table(ns, 100), [])
  const result = await ipr.syncRoutes(desired, { table: 100 })
  t.is(result.added.length, 3000)
  t.is(table(ns, 100).length, 3000)
  const half = desired.filter((_, i) => i % 2 === 0).map((spec, i) => (i % 3 === 0 ? { ...spec, gateway: '192.0.2.3' } : spec))
  const again = await ipr.syncRoutes(half, { table: 100 })
  t.deepEqual(counts(again), { added: 0, replaced: 500, deleted: 1500, unchanged: 1000, failed: 0 })
  t.is(table(ns, 100).length, 1500)
})
