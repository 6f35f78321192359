// IPRoute against the real kernel: every change and dump, filters on each path, errors, bad input,
// events. Each test makes its own namespace.
import test from 'ava'
import { createRequire } from 'node:module'
import { makeNetns, ip, ipJson, ipBatch, nsTest, waitForCarrier } from './helpers/netns.mjs'
import { neighbourToIp } from './helpers/ip-json.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkError, rtnl } = require('../dist/index.js')

/**
 * A namespace with v0 (up, 192.0.2.1/24, 2001:db8:1::1/64) whose veth peer v1 is up too. Settled:
 * no IPv6 link-local configuration to come, and both links have their carrier.
 */
async function setup(t) {
  const ns = makeNetns(t, 'nlr', { linkLocal: false })
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'link', 'set', 'v1', 'up')
  ip(ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
  ip(ns, '-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'v0', 'nodad')
  await waitForCarrier(ns, ['v0', 'v1'])
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const v0 = ipJson(ns, 'link', 'show', 'v0')[0].ifindex
  return { ns, ipr, v0 }
}

nsTest(test, 'routes: add unicast, blackhole, unreachable, prohibit, multipath, metrics, big tables, IPv6; read back; delete', async (t) => {
  const { ns, ipr, v0 } = await setup(t)
  ip(ns, 'addr', 'add', '192.0.2.2/24', 'dev', 'v1')
  await ipr.route('add', { dst: '10.1.0.0/16', gateway: '192.0.2.254' })
  await ipr.route('add', { dst: '10.2.0.0/24', type: 'blackhole', table: 100 })
  await ipr.route('add', { dst: '10.3.0.0/24', type: 'unreachable', table: 100000 })
  await ipr.route('add', { dst: '10.4.0.0/24', type: 'prohibit' })
  await ipr.route('add', {
    dst: '10.5.0.0/24',
    multipath: [
      { gateway: '192.0.2.10', oif: 'v0', weight: 2 },
      { gateway: '192.0.2.11', oif: v0 },
    ],
  })
  await ipr.route('add', { dst: '10.6.0.0/24', oif: 'v0', metrics: { mtu: 1400 }, priority: 7 })
  await ipr.route('add', { dst: '2001:db8:9::/48', gateway: '2001:db8:1::fe', table: 200 })
  await ipr.route('add', { dst: 'default', gateway: '192.0.2.254', table: 100 })

  const byDst = Object.fromEntries((await ipr.getRoutes()).map((r) => [`${r.dst}@${r.table}`, r]))
  t.like(byDst['10.1.0.0/16@254'], { family: 4, dstLen: 16, gateway: '192.0.2.254', oif: v0, type: 'unicast', protocol: 'boot', scope: 'universe' })
  t.like(byDst['10.2.0.0/24@100'], { type: 'blackhole', table: 100 })
  t.like(byDst['10.3.0.0/24@100000'], { type: 'unreachable', table: 100000 })
  t.like(byDst['10.4.0.0/24@254'], { type: 'prohibit' })
  const mp = byDst['10.5.0.0/24@254']
  t.deepEqual(
    mp.multipath.map((h) => [h.gateway, h.oif, h.weight]),
    [
      ['192.0.2.10', v0, 2],
      ['192.0.2.11', v0, 1],
    ],
  )
  t.like(byDst['10.6.0.0/24@254'], { oif: v0, priority: 7, scope: 'link', gateway: null })
  t.is(byDst['10.6.0.0/24@254'].metrics.mtu, 1400)
  t.like(byDst['2001:db8:9::/48@200'], { family: 6, gateway: '2001:db8:1::fe' })
  t.like(byDst['0.0.0.0/0@100'], { dstLen: 0, gateway: '192.0.2.254' })

  await ipr.route('replace', { dst: '10.1.0.0/16', gateway: '192.0.2.253' })
  t.is((await ipr.getRoutes({ dst: '10.1.0.0/16' }))[0].gateway, '192.0.2.253')
  await ipr.route('append', { dst: '10.7.0.0/24', oif: 'v0', tos: 0 })
  await ipr.route('del', { dst: '10.2.0.0/24', table: 100, type: 'blackhole' })
  await ipr.route('delete', { dst: '2001:db8:9::/48', table: 200 })
  const after = await ipr.getRoutes({ table: 100 })
  t.false(after.some((r) => r.dst === '10.2.0.0/24'))
  t.deepEqual(ipJson(ns, '-6', 'route', 'show', 'table', '200'), [])
  const got = await ipr.route('get', { dst: '10.6.0.9' })
  t.like(got, { dst: '10.6.0.9/32', oif: v0 })
})

nsTest(test, 'route errors are NetlinkError; bad input is rejected before anything is sent', async (t) => {
  const { ns, ipr } = await setup(t)
  await ipr.route('add', { dst: '10.1.0.0/24', type: 'blackhole' })
  const exists = await t.throwsAsync(ipr.route('add', { dst: '10.1.0.0/24', type: 'blackhole' }), { instanceOf: NetlinkError })
  t.is(exists.code, 'EEXIST')
  const missing = await t.throwsAsync(ipr.route('del', { dst: '10.99.0.0/24' }), { instanceOf: NetlinkError })
  t.is(missing.code, 'ESRCH')
  const unreachableGw = await t.throwsAsync(ipr.route('add', { dst: '10.8.0.0/24', gateway: '203.0.113.1' }), { instanceOf: NetlinkError })
  t.is(unreachableGw.code, 'ENETUNREACH')
  t.truthy(unreachableGw.extAckMessage, 'the kernel explains the unreachable gateway')
  // Only what a request of ours could have added: the kernel's own routes (proto kernel: local,
  // broadcast, connected, multicast) follow the links and addresses on their own schedule.
  const ours = () => ipJson(ns, 'route', 'show', 'table', 'all').filter((r) => r.protocol !== 'kernel')
  const before = ours()
  t.true(
    before.some((r) => r.dst === '10.1.0.0/24'),
    'the snapshot holds the routes a test adds',
  )
  await t.throwsAsync(ipr.route('add', { dst: '10.0.0.300/24' }), { instanceOf: TypeError, message: /dst/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/33' }), { instanceOf: TypeError, message: /dst/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/24', gateway: '2001:db8::1', family: 6 }), { instanceOf: TypeError, message: /family|dst/ })
  await t.throwsAsync(ipr.route('add', { dst: '2001:db8::/64', gateway: '192.0.2.9' }), { instanceOf: TypeError, message: /gateway/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/24', oif: 'nosuchif0' }), { instanceOf: TypeError, message: /oif: no interface named 'nosuchif0'/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/24', oif: 'x'.repeat(16) }), { instanceOf: RangeError, message: /oif/ })
  await t.throwsAsync(ipr.route('frobnicate', { dst: '10.9.0.0/24' }), { instanceOf: TypeError, message: /route command/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/24', table: -1 }), { instanceOf: RangeError, message: /table/ })
  await t.throwsAsync(ipr.route('add', { dst: '10.9.0.0/24', multipath: [{ gateway: '192.0.2.5', oif: 'nope0' }] }), {
    instanceOf: TypeError,
    message: /multipath\[0\]\.oif/,
  })
  t.deepEqual(ours(), before, 'nothing half-applied')
})

nsTest(test, 'route filters: kernel fields, native fields, JS match, all tables by default', async (t) => {
  const { ns, ipr, v0 } = await setup(t)
  ipBatch(ns, [
    'route add 10.1.0.0/16 via 192.0.2.10 proto static',
    'route add 10.1.2.0/24 via 192.0.2.11 metric 5',
    'route add blackhole 10.2.0.0/24 table 100',
    'route add unreachable 10.3.0.0/24 table 100',
    'route add default via 192.0.2.254',
    'route add default via 192.0.2.253 table 100',
    'route add default via 192.0.2.252 table 1000',
  ])
  const dsts = (rs) => rs.map((r) => `${r.dst}@${r.table}`).sort()
  const all = await ipr.getRoutes({ family: 4 })
  t.true(
    all.some((r) => r.table === 255),
    'the local table is included when no table is given',
  )
  t.true(all.some((r) => r.table === 1000))
  t.deepEqual(dsts(await ipr.getRoutes({ table: 100 })), ['0.0.0.0/0@100', '10.2.0.0/24@100', '10.3.0.0/24@100'])
  t.deepEqual(dsts(await ipr.getRoutes({ table: 1000, family: 4 })), ['0.0.0.0/0@1000'])
  t.deepEqual(dsts(await ipr.getRoutes({ protocol: 'static' })), ['10.1.0.0/16@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ type: 'blackhole' })), ['10.2.0.0/24@100'])
  t.deepEqual(dsts(await ipr.getRoutes({ dst: '10.1.2.0/24' })), ['10.1.2.0/24@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ contains: '10.1.2.3', table: 'main' })), ['0.0.0.0/0@254', '10.1.0.0/16@254', '10.1.2.0/24@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ within: '10.1.0.0/16' })), ['10.1.0.0/16@254', '10.1.2.0/24@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ within: '10.0.0.0/8', table: 100 })), ['10.2.0.0/24@100', '10.3.0.0/24@100'])
  t.deepEqual(dsts(await ipr.getRoutes({ gateway: '192.0.2.11' })), ['10.1.2.0/24@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ priority: 5 })), ['10.1.2.0/24@254'])
  t.deepEqual(dsts(await ipr.getRoutes({ dst: 'default' })), ['0.0.0.0/0@100', '0.0.0.0/0@1000', '0.0.0.0/0@254'])
  const viaOif = await ipr.getRoutes({ oif: 'v0', table: 'main', family: 4 })
  t.true(viaOif.length >= 3 && viaOif.every((r) => r.oif === v0))
  t.deepEqual(dsts(await ipr.getRoutes({ table: 100, match: (r) => r.type === 'unreachable' })), ['10.3.0.0/24@100'])
  let streamed = 0
  for await (const r of ipr.routes({ contains: '10.1.2.3', table: 254 })) streamed += r.dst.startsWith('10.1.') ? 1 : 0
  t.is(streamed, 2)
  t.true(ipr.socket.stats().messagesDroppedByNativeParsers > 0, 'the native filter dropped routes in Rust')
  await t.throwsAsync(ipr.getRoutes({ dst: 'nonsense' }), { instanceOf: TypeError, message: /dst/ })
  await t.throwsAsync(ipr.getRoutes({ colour: 'red' }), { instanceOf: TypeError, message: /colour/ })
  await t.throwsAsync(ipr.getRoutes({ oif: 'nosuch0' }), { instanceOf: TypeError, message: /no interface named/ })
})

nsTest(test, 'getDefaultRoutes: native fast path, honours table and family, socket usable afterwards', async (t) => {
  const { ns, ipr } = await setup(t)
  ipBatch(ns, [
    ...Array.from({ length: 600 }, (_, i) => `route add blackhole 10.${i >> 8}.${i & 255}.0/24 table ${i % 2 ? 254 : 100}`),
    'route add default via 192.0.2.254',
    'route add default via 192.0.2.253 table 100',
    'route add default via 2001:db8:1::fe',
  ])
  const defaults = await ipr.getDefaultRoutes()
  t.deepEqual(defaults.map((r) => `${r.dst}@${r.table}`).sort(), ['0.0.0.0/0@100', '0.0.0.0/0@254', '::/0@254'])
  t.deepEqual(
    (await ipr.getDefaultRoutes({ table: 100 })).map((r) => r.gateway),
    ['192.0.2.253'],
  )
  t.deepEqual(
    (await ipr.getDefaultRoutes({ family: 6 })).map((r) => r.gateway),
    ['2001:db8:1::fe'],
  )
  t.deepEqual(
    (await ipr.getDefaultRoutes({ family: 4, table: 'main' })).map((r) => r.gateway),
    ['192.0.2.254'],
  )
  t.is((await ipr.getRoutes({ family: 4, table: 100 })).length, 301)
})

nsTest(test, 'links: create veth, bridge, vxlan, macvlan; set up/down, mtu, name, address, master; move to another namespace; delete', async (t) => {
  const { ns, ipr } = await setup(t)
  const other = makeNetns(t, 'nlr-other')
  await ipr.link('add', { ifname: 've0', kind: 'veth', linkinfo: { peer: { ifname: 've1' } } })
  await ipr.link('add', { ifname: 'br0', kind: 'bridge', linkinfo: { stpState: 0, forwardDelay: 500 } })
  await ipr.link('add', { ifname: 'vx0', kind: 'vxlan', linkinfo: { id: 42, port: 4789, local: '192.0.2.1', learning: 0 }, link: 'v0' })
  await ipr.link('add', { ifname: 'mv0', kind: 'macvlan', linkinfo: { mode: 'bridge' }, link: 'v1' })
  await ipr.link('set', { ifname: 've0', up: true, mtu: 1400, address: '02:00:00:00:00:0a', master: 'br0' })
  const links = Object.fromEntries((await ipr.getLinks()).map((l) => [l.ifname, l]))
  const br0 = links.br0.index
  t.like(links.ve0, { kind: 'veth', up: true, mtu: 1400, address: '02:00:00:00:00:0a', master: br0 })
  t.is(links.br0.kind, 'bridge')
  t.like(links.vx0, { kind: 'vxlan' })
  t.is(links.vx0.linkinfo.id, 42)
  t.is(links.vx0.linkinfo.port, 4789)
  t.is(links.vx0.linkinfo.local, '192.0.2.1')
  t.is(links.mv0.kind, 'macvlan')
  t.is(links.mv0.linkinfo.mode, 'bridge')
  const shown = Object.fromEntries(ipJson(ns, '-d', 'link', 'show').map((l) => [l.ifname, l]))
  t.is(shown.br0.linkinfo.info_data.forward_delay, 500)
  t.is(shown.ve0.master, 'br0')

  const renamed = (await ipr.linkLookup({ ifname: 've1' }))[0]
  await ipr.link('set', { index: renamed, ifname: 've1x' })
  t.deepEqual(await ipr.linkLookup({ ifname: 've1x' }), [renamed])
  t.deepEqual(await ipr.linkLookup({ ifname: 've1' }), [])
  // The bridge took the address of its only port, so both carry it.
  t.deepEqual((await ipr.linkLookup({ address: '02:00:00:00:00:0A' })).sort(), [links.ve0.index, br0].sort())
  t.is((await ipr.link('get', { ifname: 'br0' })).index, br0)
  t.is(await ipr.link('get', { ifname: 'nosuch0' }), null)

  await ipr.link('set', { ifname: 've0', up: false, master: 0 })
  t.like(await ipr.link('get', { ifname: 've0' }), { up: false, master: null })
  await ipr.link('set', { ifname: 've1x', netns: other })
  t.deepEqual(
    ipJson(other, 'link', 'show', 've1x').map((l) => l.ifname),
    ['ve1x'],
  )
  await ipr.link('del', { ifname: 'mv0' })
  await ipr.link('delete', { ifname: 'br0' })
  const left = (await ipr.getLinks()).map((l) => l.ifname)
  t.false(left.includes('mv0') || left.includes('br0'))

  const error = await t.throwsAsync(ipr.link('add', { ifname: 'x0', kind: 'nosuchkind' }), { instanceOf: NetlinkError })
  t.is(error.extAckMessage, 'Unknown device type')
  await t.throwsAsync(ipr.link('add', { ifname: 'a-name-over-15-bytes', kind: 'bridge' }), { instanceOf: RangeError, message: /ifname/ })
  await t.throwsAsync(ipr.link('set', { ifname: 'nosuch0', up: true }), { instanceOf: TypeError, message: /no interface named/ })
  await t.throwsAsync(ipr.link('set', { ifname: 've0', mtu: -3 }), { instanceOf: RangeError, message: /mtu/ })
  await t.throwsAsync(ipr.link('set', { ifname: 've0', netns: 'nlr-no-such-ns' }), { instanceOf: TypeError, message: /netns/ })
})

nsTest(test, 'addresses and neighbours: add, read, filter by interface name, replace, delete', async (t) => {
  const { ns, ipr, v0 } = await setup(t)
  await ipr.addr('add', { address: '198.51.100.7/24', index: 'v0', label: 'v0:x' })
  await ipr.addr('add', { address: '2001:db8:2::7/64', index: v0, flags: 0x80 /* permanent */ })
  const mine = await ipr.getAddr({ index: 'v0' })
  t.true(mine.every((a) => a.index === v0))
  const v4 = mine.find((a) => a.address === '198.51.100.7')
  t.like(v4, { family: 4, prefixlen: 24, label: 'v0:x', local: '198.51.100.7' })
  t.true(mine.some((a) => a.family === 6 && a.address === '2001:db8:2::7' && a.prefixlen === 64))
  t.deepEqual(
    (await ipr.getAddr({ family: 6, index: 'v0' })).map((a) => a.family).filter((f) => f !== 6),
    [],
  )
  await ipr.addr('del', { address: '198.51.100.7/24', index: 'v0' })
  t.false((await ipr.getAddr({ index: 'v0' })).some((a) => a.address === '198.51.100.7'))
  await t.throwsAsync(ipr.addr('add', { address: '198.51.100.300/24', index: 'v0' }), { instanceOf: TypeError, message: /address/ })
  await t.throwsAsync(ipr.addr('add', { address: '198.51.100.1/24', index: 'nosuch0' }), { instanceOf: TypeError, message: /no interface named/ })

  await ipr.neigh('add', { dst: '192.0.2.77', lladdr: '02:00:00:00:00:77', ifindex: 'v0' })
  await ipr.neigh('add', { dst: '2001:db8:1::77', lladdr: '02:00:00:00:00:78', ifindex: v0, state: 'reachable' })
  const neigh = await ipr.getNeighbours({ ifindex: 'v0' })
  t.like(
    neigh.find((n) => n.dst === '192.0.2.77'),
    { lladdr: '02:00:00:00:00:77', state: 'permanent', ifindex: v0, family: 4 },
  )
  t.like(
    neigh.find((n) => n.dst === '2001:db8:1::77'),
    { lladdr: '02:00:00:00:00:78', family: 6 },
  )
  await ipr.neigh('replace', { dst: '192.0.2.77', lladdr: '02:00:00:00:00:99', ifindex: 'v0' })
  t.is(ipJson(ns, 'neigh', 'show', '192.0.2.77', 'dev', 'v0')[0].lladdr, '02:00:00:00:00:99')
  await ipr.neigh('del', { dst: '192.0.2.77', ifindex: 'v0' })
  t.false((await ipr.getNeighbours({ family: 4 })).some((n) => n.dst === '192.0.2.77'))
  const dup = await t.throwsAsync(ipr.neigh('add', { dst: '2001:db8:1::77', lladdr: '02:00:00:00:00:78', ifindex: v0 }), { instanceOf: NetlinkError })
  t.is(dup.code, 'EEXIST')
})

nsTest(test, 'rules: add, read, delete', async (t) => {
  const { ns, ipr } = await setup(t)
  await ipr.rule('add', { src: '10.9.0.0/16', table: 100, priority: 100 })
  await ipr.rule('add', { family: 6, dst: '2001:db8::/32', table: 1000, priority: 200 })
  await ipr.rule('add', { fwmark: 7, action: 'blackhole', priority: 300 })
  const rules = await ipr.getRules()
  t.like(
    rules.find((r) => r.priority === 100),
    { family: 4, src: '10.9.0.0/16', table: 100, action: 'to_tbl' },
  )
  t.like(
    rules.find((r) => r.priority === 200),
    { family: 6, dst: '2001:db8::/32', table: 1000 },
  )
  t.like(
    rules.find((r) => r.priority === 300),
    { fwmark: 7, action: 'blackhole' },
  )
  t.deepEqual(ipJson(ns, 'rule', 'show').find((r) => r.priority === 100).src, '10.9.0.0')
  await ipr.rule('del', { src: '10.9.0.0/16', table: 100, priority: 100 })
  t.false((await ipr.getRules({ family: 4 })).some((r) => r.priority === 100))
  const missing = await t.throwsAsync(ipr.rule('del', { src: '10.99.0.0/16', table: 100, priority: 101 }), { instanceOf: NetlinkError })
  t.is(missing.code, 'ENOENT')
})

nsTest(test, 'monitor: typed events for routes, links, addresses, neighbours and rules', async (t) => {
  const { ns, ipr } = await setup(t)
  const monitor = ipr.monitor()
  t.teardown(() => monitor.close())
  ip(ns, 'route', 'add', 'blackhole', '10.50.0.0/24')
  ip(ns, 'link', 'add', 'br9', 'type', 'bridge')
  ip(ns, 'addr', 'add', '198.51.100.9/24', 'dev', 'v0')
  ip(ns, 'neigh', 'add', '192.0.2.99', 'lladdr', '02:00:00:00:00:99', 'dev', 'v0')
  ip(ns, 'rule', 'add', 'from', '10.77.0.0/16', 'table', '77', 'prio', '77')
  ip(ns, 'route', 'del', 'blackhole', '10.50.0.0/24')
  const want = new Set(['newroute', 'newlink', 'newaddr', 'newneigh', 'newrule', 'delroute'])
  const seen = []
  for await (const event of monitor) {
    seen.push(event)
    want.delete(event.type)
    if (want.size === 0) break
  }
  const find = (type, pred) => seen.find((e) => e.type === type && pred(e))
  t.truthy(find('newroute', (e) => e.route.dst === '10.50.0.0/24' && e.route.type === 'blackhole'))
  t.truthy(find('newlink', (e) => e.link.ifname === 'br9' && e.link.kind === 'bridge'))
  t.truthy(find('newaddr', (e) => e.address.address === '198.51.100.9'))
  t.truthy(find('newneigh', (e) => e.neighbour.dst === '192.0.2.99'))
  t.truthy(find('newrule', (e) => e.rule.priority === 77))
  t.truthy(find('delroute', (e) => e.route.dst === '10.50.0.0/24'))
  t.true(monitor.socket.closed, 'leaving the loop closed the monitor socket')
  t.throws(() => ipr.monitor(['nonsense']), { instanceOf: TypeError, message: /unknown group/ })
})

nsTest(test, 'monitor: a burst larger than the receive buffer yields an overflow event and keeps going', async (t) => {
  const { ns, ipr } = await setup(t)
  const monitor = ipr.monitor(['ipv4_route'], { rcvbuf: 4096, queueCapacity: 2 })
  t.teardown(() => monitor.close())
  // Nobody reads while the burst arrives: the small buffer overflows.
  ipBatch(
    ns,
    Array.from({ length: 3000 }, (_, i) => `route add blackhole 10.60.${i >> 8}.${i & 255}/32`),
  )
  let overflow = false
  let routes = 0
  for await (const event of monitor) {
    if (event.type === 'overflow') overflow = true
    else if (event.type === 'newroute') routes++
    if (overflow && routes > 0) break
  }
  t.true(overflow)
  ip(ns, 'route', 'add', 'blackhole', '10.61.0.0/24')
  const monitor2 = ipr.monitor(['ipv4_route'])
  t.teardown(() => monitor2.close())
  ip(ns, 'route', 'add', 'blackhole', '10.62.0.0/24')
  const { value } = await monitor2.next()
  t.is(value.route.dst, '10.62.0.0/24')
})

nsTest(test, 'dumps and changes take a signal and a timeout; the socket stays usable', async (t) => {
  const { ns, ipr } = await setup(t)
  ipBatch(
    ns,
    Array.from({ length: 5000 }, (_, i) => `route add blackhole 10.${i >> 8}.${i & 255}.0/24`),
  )
  const controller = new AbortController()
  let seen = 0
  const aborted = await (async () => {
    for await (const _ of ipr.routes({ family: 4 }, { signal: controller.signal })) {
      if (++seen === 100) controller.abort(new Error('enough'))
    }
  })().catch((e) => e)
  t.is(aborted.message, 'enough')
  let early = 0
  for await (const _ of ipr.routes({ table: 'main' })) if (++early === 5) break
  t.is((await ipr.getRoutes({ table: 'main', type: 'blackhole' })).length, 5000)
  const signalled = await ipr.route('add', { dst: '10.200.0.0/24', type: 'blackhole' }, { signal: AbortSignal.abort() }).catch((e) => e)
  t.is(signalled.name, 'AbortError')
  t.deepEqual(ipJson(ns, 'route', 'show', '10.200.0.0/24'), [], 'an aborted change is not sent')
  await t.throwsAsync(ipr.getRoutes({}, { timeout: -1 }), { instanceOf: RangeError, message: /timeout/ })
})

nsTest(test, 'pipelined changes: 3000 route adds in flight at once all land, and each error reaches its own call', async (t) => {
  const { ns, ipr } = await setup(t)
  ip(ns, 'route', 'add', 'blackhole', '10.100.5.0/24', 'table', '300')
  const specs = Array.from({ length: 3000 }, (_, i) => ({ dst: `10.${100 + (i >> 8)}.${i & 255}.0/24`, gateway: `192.0.2.${2 + (i % 50)}`, table: 300 }))
  const results = await Promise.allSettled(specs.map((spec) => ipr.route('add', spec)))
  const failed = results.map((r, i) => [r, i]).filter(([r]) => r.status === 'rejected')
  t.deepEqual(
    failed.map(([r, i]) => [specs[i].dst, r.reason.code]),
    [['10.100.5.0/24', 'EEXIST']],
  )
  const routes = await ipr.getRoutes({ table: 300 })
  t.is(routes.length, 3000)
  t.is(ipJson(ns, 'route', 'show', 'table', '300').length, 3000)
  t.is(ipr.socket.stats().pending, 0)
})

nsTest(test, 'proxy neighbours: neigh add/del with proxy, getNeighbours({ proxy: true }) agrees with ip -j neigh show proxy', async (t) => {
  const { ns, ipr, v0 } = await setup(t)
  await ipr.neigh('add', { dst: '192.0.2.55', ifindex: 'v0', proxy: true })
  await ipr.neigh('add', { dst: '2001:db8:1::55', ifindex: v0, proxy: true })
  ip(ns, 'neigh', 'add', 'proxy', '192.0.2.56', 'dev', 'v0')
  ip(ns, 'neigh', 'add', '192.0.2.57', 'lladdr', '02:00:00:00:00:57', 'dev', 'v0')
  const proxies = await ipr.getNeighbours({ proxy: true })
  const ctx = { name: (i) => (i === v0 ? 'v0' : `if${i}`) }
  const key = (n) => `${n.dst} ${n.dev}`
  t.deepEqual(
    proxies.map((n) => neighbourToIp(n, ctx)).sort((a, b) => key(a).localeCompare(key(b))),
    ipJson(ns, 'neigh', 'show', 'proxy').sort((a, b) => key(a).localeCompare(key(b))),
  )
  t.true(proxies.every((n) => n.flags & rtnl.NTF.PROXY && n.state === 'none'))
  t.deepEqual(
    (await ipr.getNeighbours({ proxy: true, family: 6, ifindex: 'v0' })).map((n) => n.dst),
    ['2001:db8:1::55'],
  )
  t.false(
    (await ipr.getNeighbours()).some((n) => n.dst === '192.0.2.55'),
    'the cache dump has no proxy entries',
  )
  await ipr.neigh('del', { dst: '192.0.2.55', ifindex: 'v0', proxy: true })
  t.deepEqual(
    ipJson(ns, '-4', 'neigh', 'show', 'proxy').map((n) => n.dst),
    ['192.0.2.56'],
  )
  t.throws(() => ipr.neighbours({ proxy: 1 }), { instanceOf: TypeError, message: /neighbours filter\.proxy: expected a boolean/ })
  await t.throwsAsync(ipr.neigh('add', { dst: '192.0.2.58', ifindex: 'v0', proxy: 'yes' }), {
    instanceOf: TypeError,
    message: /neighbour spec\.proxy: expected a boolean/,
  })
})
