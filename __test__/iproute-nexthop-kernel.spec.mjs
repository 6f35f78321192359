// Nexthop objects (RTM_*NEXTHOP, RTM_*NEXTHOPBUCKET) and proxy neighbour entries against the real
// kernel, each test in its own namespace: every kind of nexthop added through IPRoute and compared
// with `ip -j nexthop` field by field (helpers/ip-json.mjs nexthopToIp), the kernel-side filters,
// routes over nexthop objects (nhId) while a group's members are replaced, resilient buckets, the
// monitor's nexthop events, and the argument checks that run before anything is sent.
import test from 'ava'
import { createRequire } from 'node:module'
import { makeNetns, ip, ipJson, nsTest, waitForCarrier } from './helpers/netns.mjs'
import { nexthopBucketToIp, nexthopToIp } from './helpers/ip-json.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkError, decodeAttrs, rtnl } = require('../dist/index.js')

/** A namespace with v0 (192.0.2.1/24, 2001:db8:1::1/64) and its veth peer v1, both up; v2 a port of bridge br0. */
async function setup(t) {
  const ns = makeNetns(t, 'nlr-nh', { linkLocal: false })
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'add', 'v2', 'type', 'veth', 'peer', 'name', 'v3')
  ip(ns, 'link', 'add', 'br0', 'type', 'bridge')
  ip(ns, 'link', 'set', 'v2', 'master', 'br0')
  for (const dev of ['v0', 'v1', 'v2', 'v3', 'br0']) ip(ns, 'link', 'set', dev, 'up')
  ip(ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
  ip(ns, 'addr', 'add', '198.51.100.1/24', 'dev', 'v2')
  ip(ns, '-6', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'v0', 'nodad')
  await waitForCarrier(ns, ['v0', 'v1', 'v2', 'v3'])
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const links = ipJson(ns, 'link', 'show')
  const names = new Map(links.map((l) => [l.ifindex, l.ifname]))
  const index = (name) => links.find((l) => l.ifname === name).ifindex
  return { ns, ipr, ctx: { name: (i) => names.get(i) ?? `if${i}` }, index }
}

/** One of each kind, added through IPRoute: plain v4/v6, onlink, device-only, blackhole, fdb, groups. */
async function addEveryKind(ipr) {
  await ipr.nexthop('add', { id: 1, gateway: '192.0.2.2', oif: 'v0' })
  await ipr.nexthop('add', { id: 2, gateway: '192.0.2.3', oif: 'v0', protocol: 'static' })
  await ipr.nexthop('add', { id: 3, gateway: '203.0.113.9', oif: 'v0', onlink: true })
  await ipr.nexthop('add', { id: 4, gateway: '2001:db8:1::2', oif: 'v0' })
  await ipr.nexthop('add', { id: 5, oif: 'v0' })
  await ipr.nexthop('add', { id: 6, blackhole: true })
  await ipr.nexthop('add', { id: 7, gateway: '198.51.100.2', oif: 'v2' })
  await ipr.nexthop('add', { id: 8, gateway: '192.0.2.99', fdb: true })
  await ipr.nexthop('add', { id: 9, gateway: '192.0.2.98', fdb: true })
  await ipr.nexthop('add', { id: 10, group: [{ id: 1, weight: 3 }, { id: 2 }, { id: 3, weight: 256 }] })
  await ipr.nexthop('add', {
    id: 11,
    group: [{ id: 1 }, { id: 2, weight: 2 }],
    groupType: 'resilient',
    resilient: { buckets: 16, idleTimer: 60, unbalancedTimer: 2.5 },
  })
  await ipr.nexthop('add', { id: 12, group: [{ id: 8 }, { id: 9 }], fdb: true })
  await ipr.nexthop('add', { id: 13, group: [{ id: 4 }] })
}

/** Ours and ip's, by id, after converting ours into ip's vocabulary. */
function compareById(t, ours, theirs, ctx, what) {
  t.deepEqual(
    ours.map((n) => n.id).sort((a, b) => a - b),
    theirs.map((n) => n.id).sort((a, b) => a - b),
    `${what}: the same nexthops`,
  )
  for (const mine of ours)
    t.deepEqual(
      nexthopToIp(mine, ctx),
      theirs.find((n) => n.id === mine.id),
      `${what}: nexthop ${mine.id}`,
    )
}

nsTest(test, 'nexthops: plain, blackhole, fdb, multipath and resilient groups agree with ip -j nexthop, field by field', async (t) => {
  const { ns, ipr, ctx } = await setup(t)
  await addEveryKind(ipr)
  const ours = await ipr.getNexthops()
  compareById(t, ours, ipJson(ns, 'nexthop', 'show'), ctx, 'all')
  const streamed = []
  for await (const n of ipr.nexthops()) streamed.push(n)
  t.deepEqual(streamed, ours, 'nexthops() streams what getNexthops() collects')

  const byId = new Map(ours.map((n) => [n.id, n]))
  t.like(byId.get(4), { family: 6, gateway: '2001:db8:1::2', scope: 'link', group: null, groupType: null })
  t.like(byId.get(6), { blackhole: true, gateway: null, oif: null })
  t.like(byId.get(3), { onlink: true, flags: rtnl.RTNH_F.ONLINK })
  t.like(byId.get(8), { fdb: true, oif: null })
  t.like(byId.get(10), { family: 0, groupType: 'mpath', resilient: null })
  t.deepEqual(byId.get(10).group, [
    { id: 1, weight: 3 },
    { id: 2, weight: 1 },
    { id: 3, weight: 256 },
  ])
  t.like(byId.get(11), { groupType: 'resilient', resilient: { buckets: 16, idleTimer: 60, unbalancedTimer: 2.5, unbalancedTime: 0 } })
  t.like(byId.get(12), { fdb: true, groupType: 'mpath' })

  // 'get' and the id filter read one; a missing id is null / nothing.
  t.deepEqual(await ipr.nexthop('get', { id: 11 }), byId.get(11))
  t.deepEqual(await ipr.getNexthops({ id: 2 }), [byId.get(2)])
  t.is(await ipr.nexthop('get', { id: 999 }), null)
  t.deepEqual(await ipr.getNexthops({ id: 999 }), [])
  const one = []
  for await (const n of ipr.nexthops({ id: 5 })) one.push(n)
  t.deepEqual(one, [byId.get(5)])

  // replace changes a nexthop in place; del removes it.
  await ipr.nexthop('replace', { id: 5, gateway: '192.0.2.77', oif: 'v0', protocol: 'bgp' })
  compareById(t, await ipr.getNexthops({ id: 5 }), ipJson(ns, 'nexthop', 'show', 'id', '5'), ctx, 'replaced')
  await ipr.nexthop('del', { id: 5 })
  t.deepEqual(ipJson(ns, 'nexthop', 'show', 'id', '13').length, 1)
  t.is(await ipr.nexthop('get', { id: 5 }), null)
  const dup = await t.throwsAsync(ipr.nexthop('add', { id: 6, blackhole: true }), { instanceOf: NetlinkError })
  t.is(dup.code, 'EEXIST')
})

nsTest(test, 'nexthops: the kernel-side filters (oif by name, master, groups, fdb) select what ip nexthop show selects', async (t) => {
  const { ns, ipr, ctx, index } = await setup(t)
  await addEveryKind(ipr)
  const cases = [
    [{ oif: 'v0' }, ['dev', 'v0']],
    [{ oif: index('v2') }, ['dev', 'v2']],
    [{ master: 'br0' }, ['master', 'br0']],
    [{ groups: true }, ['groups']],
  ]
  for (const [filter, args] of cases) {
    const ours = await ipr.getNexthops(filter)
    t.true(ours.length > 0, `${JSON.stringify(filter)} selects something`)
    compareById(t, ours, ipJson(ns, 'nexthop', 'show', ...args), ctx, JSON.stringify(filter))
  }
  // iproute2 6.1 sends no NHA_FDB for `show fdb` (it lists everything): its fdb entries are those it marks fdb.
  const fdb = ipJson(ns, 'nexthop', 'show').filter((n) => 'fdb' in n)
  compareById(t, await ipr.getNexthops({ fdb: true }), fdb, ctx, 'fdb')
  compareById(
    t,
    await ipr.getNexthops({ fdb: true, groups: true }),
    fdb.filter((n) => 'group' in n),
    ctx,
    'fdb groups',
  )
  t.deepEqual(
    (await ipr.getNexthops({ groups: true })).map((n) => n.id),
    [10, 11, 12, 13],
  )
})

nsTest(test, 'routes over nexthop objects: nhId end to end, and a group replaced under the routes that use it', async (t) => {
  const { ns, ipr } = await setup(t)
  await addEveryKind(ipr)
  await ipr.route('add', { dst: '10.10.0.0/16', nhId: 10 })
  await ipr.route('add', { dst: '10.11.0.0/16', nhId: 1, table: 100 })
  await ipr.route('add', { dst: '2001:db8:77::/64', nhId: 13 })
  const ipRoute = (dst) => ipJson(ns, 'route', 'show', dst)[0]
  t.is(ipRoute('10.10.0.0/16').nhid, 10)
  t.deepEqual(ipJson(ns, 'route', 'show', '10.11.0.0/16'), [], 'not in main')
  t.is(ipJson(ns, 'route', 'show', 'table', '100', '10.11.0.0/16')[0].nhid, 1)
  const route = async (dst, family = 4) => (await ipr.getRoutes({ family, dst })).find((r) => r.table !== 255)
  const before = await route('10.10.0.0/16')
  t.is(before.nhId, 10)
  t.deepEqual(
    before.multipath.map((h) => [h.gateway, h.weight]),
    [
      ['192.0.2.2', 3],
      ['192.0.2.3', 1],
      ['203.0.113.9', 256],
    ],
  )
  t.is((await route('2001:db8:77::/64', 6)).nhId, 13)

  // Replacing the group's members moves the routes over at once, their nhId unchanged.
  await ipr.nexthop('replace', { id: 10, group: [{ id: 2, weight: 5 }, { id: 7 }] })
  const after = await route('10.10.0.0/16')
  t.is(after.nhId, 10)
  t.deepEqual(
    after.multipath.map((h) => [h.gateway, h.weight]),
    [
      ['192.0.2.3', 5],
      ['198.51.100.2', 1],
    ],
  )
  t.deepEqual(
    ipRoute('10.10.0.0/16').nexthops.map((h) => [h.gateway, h.weight]),
    after.multipath.map((h) => [h.gateway, h.weight]),
    'ip sees the same paths',
  )
  // A resilient group's members replaced too (its buckets move to the new members).
  await ipr.route('add', { dst: '10.12.0.0/16', nhId: 11 })
  await ipr.nexthop('replace', { id: 11, group: [{ id: 7 }], groupType: 'resilient' })
  t.deepEqual((await ipr.nexthop('get', { id: 11 })).group, [{ id: 7, weight: 1 }])
  t.is((await route('10.12.0.0/16')).nhId, 11)
  t.true((await ipr.getNexthopBuckets({ id: 11 })).every((b) => b.nhId === 7))

  // Route replace accepts nhId as well, and deleting by nhId's route works.
  await ipr.route('replace', { dst: '10.10.0.0/16', nhId: 6 })
  t.is((await route('10.10.0.0/16')).nhId, 6)
  await ipr.route('del', { dst: '10.10.0.0/16' })
  t.is(ipJson(ns, 'route', 'show', '10.10.0.0/16').length, 0)
})

nsTest(test, 'nexthop buckets: getNexthopBuckets agrees with ip -j nexthop bucket show, with its filters', async (t) => {
  const { ns, ipr } = await setup(t)
  await addEveryKind(ipr)
  const compare = (ours, theirs, what) => {
    const key = (b) => `${b.id}/${b.bucket.index}`
    const mine = ours.map(nexthopBucketToIp)
    t.deepEqual(mine.map(key).sort(), theirs.map(key).sort(), `${what}: the same buckets`)
    for (const b of mine) {
      const other = theirs.find((x) => key(x) === key(b))
      // The idle time counts on while the two dumps run.
      t.true(Math.abs(b.bucket.idle_time - other.bucket.idle_time) < 2, `${what}: idle time of ${key(b)}`)
      t.deepEqual({ ...b, bucket: { ...b.bucket, idle_time: 0 } }, { ...other, bucket: { ...other.bucket, idle_time: 0 } }, `${what}: bucket ${key(b)}`)
    }
  }
  const all = await ipr.getNexthopBuckets()
  t.is(all.length, 16)
  compare(all, ipJson(ns, 'nexthop', 'bucket', 'show'), 'all')
  compare(await ipr.getNexthopBuckets({ id: 11 }), ipJson(ns, 'nexthop', 'bucket', 'show', 'id', '11'), 'id')
  const toTwo = await ipr.getNexthopBuckets({ nhId: 2 })
  t.true(toTwo.length > 0 && toTwo.every((b) => b.nhId === 2))
  compare(toTwo, ipJson(ns, 'nexthop', 'bucket', 'show', 'nhid', '2'), 'nhId')
  compare(await ipr.getNexthopBuckets({ oif: 'v0' }), ipJson(ns, 'nexthop', 'bucket', 'show', 'dev', 'v0'), 'oif')
})

nsTest(test, "monitor(['nexthop']): typed nexthop events; deleting a nexthop shows the kernel's route deletions", async (t) => {
  const { ns, ipr } = await setup(t)
  const monitor = ipr.monitor(['nexthop', 'ipv6_route'])
  t.teardown(() => monitor.close())
  await ipr.nexthop('add', { id: 40, gateway: '2001:db8:1::40', oif: 'v0' })
  await ipr.nexthop('add', { id: 41, group: [{ id: 40 }] })
  ip(ns, '-6', 'route', 'add', '2001:db8:40::/64', 'nhid', '40')
  ip(ns, '-6', 'route', 'add', '2001:db8:41::/64', 'nhid', '41')
  await ipr.nexthop('del', { id: 40 })
  const seen = []
  const want = () =>
    ['newnexthop:40', 'newnexthop:41', 'delnexthop:40', 'delroute:2001:db8:40::/64', 'delroute:2001:db8:41::/64'].filter((k) => !seen.some((e) => key(e) === k))
  const key = (e) => (e.nexthop ? `${e.type}:${e.nexthop.id}` : e.route ? `${e.type}:${e.route.dst}` : e.type)
  for await (const event of monitor) {
    seen.push(event)
    if (want().length === 0) break
  }
  t.deepEqual(want(), [])
  const first = seen.find((e) => key(e) === 'newnexthop:40')
  t.like(first.nexthop, { family: 6, gateway: '2001:db8:1::40', blackhole: false })
  t.deepEqual(seen.find((e) => key(e) === 'newnexthop:41').nexthop.group, [{ id: 40, weight: 1 }])
  t.is(seen.find((e) => key(e) === 'delroute:2001:db8:40::/64').route.nhId, 40)
  t.throws(() => ipr.monitor(['nexthops']), { instanceOf: TypeError, message: /unknown group 'nexthops' \(known: .*nexthop/ })
})

nsTest(test, 'nexthops: encapsulation sent and read back as the kernel holds it', async (t) => {
  const { ns, ipr } = await setup(t)
  await ipr.nexthop('add', { id: 50, gateway: '192.0.2.2', oif: 'v0', encap: { type: 'ip', data: { id: 7, dst: '10.9.9.9', ttl: 9 } } })
  const n = await ipr.nexthop('get', { id: 50 })
  t.is(n.encap.type, 'ip')
  t.like(n.encap.data, { id: 7n, dst: '10.9.9.9', ttl: 9 }) // the tunnel id is a u64: a bigint
  // `ip -j` prints the encapsulation's "id" over the nexthop's own: compared as text instead.
  t.regex(ip(ns, 'nexthop', 'show', 'id', '50'), /^id 50 +encap ip id 7 src 0\.0\.0\.0 dst 10\.9\.9\.9 ttl 9 tos 0 via 192\.0\.2\.2 dev v0 scope link/)
})

test('nexthop specs and filters: bad input is refused by name', (t) => {
  const encode = rtnl.encodeNexthopRequest
  const refused = [
    [{ id: 1, group: [{ id: 2 }], gateway: '192.0.2.1' }, TypeError, /nexthop spec\.gateway: not allowed for a group/],
    [{ id: 1, group: [] }, TypeError, /nexthop spec\.group: expected a non-empty array/],
    [{ id: 1, group: [{ id: 2, weight: 0 }] }, RangeError, /group\[0\]\.weight \(1\.\.256\)/],
    [{ id: 1, group: [{ id: 2, weight: 257 }] }, RangeError, /group\[0\]\.weight/],
    [{ id: 1, group: [{ weight: 2 }] }, TypeError, /group\[0\]\.id: required/],
    [{ id: 1, group: [{ id: 2, bogus: 1 }] }, TypeError, /group\[0\]\.bogus: unknown field/],
    [{ id: 1, group: [{ id: 2 }], resilient: { buckets: 8 } }, TypeError, /resilient: only for groupType 'resilient'/],
    [{ id: 1, group: [{ id: 2 }], groupType: 'resilient', resilient: { idleTimer: -1 } }, TypeError, /resilient\.idleTimer/],
    [{ id: 1, group: [{ id: 2 }], groupType: 'fancy' }, TypeError, /groupType: 'fancy' is not a known nexthop group type/],
    [{ id: 1, gateway: '192.0.2.1', groupType: 'mpath' }, TypeError, /groupType: only for a group/],
    [{ id: 1, blackhole: true, gateway: '192.0.2.1' }, TypeError, /gateway: not allowed for a blackhole/],
    [{ id: 1, fdb: true, oif: 3, gateway: '192.0.2.1' }, TypeError, /oif: not allowed for an fdb nexthop/],
    [{ id: 1, gateway: '2001:db8::1', family: 4 }, TypeError, /gateway: is IPv6 but the family is IPv4/],
    [{ id: -1, blackhole: true }, RangeError, /nexthop spec\.id/],
    [{ id: 1, blackhole: 'yes' }, TypeError, /blackhole: expected a boolean/],
    [{ id: 1, encap: { type: 'nope', data: {} }, gateway: '192.0.2.1', oif: 2 }, TypeError, /encap\.type: 'nope'/],
    [{ id: 1, colour: 'red' }, TypeError, /nexthop spec\.colour: unknown field/],
  ]
  for (const [spec, type, message] of refused) t.throws(() => encode(spec), { instanceOf: type, message }, JSON.stringify(spec))
  t.throws(() => encode({ id: 1, gateway: '192.0.2.1' }, 'delete'), { instanceOf: TypeError, message: /nexthop spec\.gateway: unknown field/ })
  t.throws(() => rtnl.encodeNexthopDumpRequest({ groups: 1 }), { instanceOf: TypeError, message: /nexthop filter\.groups: expected a boolean/ })
  t.throws(() => rtnl.encodeNexthopBucketDumpRequest({ nhId: 'x' }), { instanceOf: TypeError, message: /nexthop bucket filter\.nhId/ })
})

nsTest(test, 'IPRoute nexthop calls: bad input is refused before any lookup or change goes out', async (t) => {
  const { ns, ipr } = await setup(t)
  // The interface name is never looked up: the spec fails on its placeholder build first.
  await t.throwsAsync(ipr.nexthop('add', { id: 1, group: [{ id: 2 }], oif: 'nosuch0' }), { instanceOf: TypeError, message: /oif: not allowed for a group/ })
  await t.throwsAsync(ipr.nexthop('add', { id: 1, gateway: '192.0.2.2', oif: 'nosuch0' }), { instanceOf: TypeError, message: /no interface named 'nosuch0'/ })
  await t.throwsAsync(ipr.nexthop('flush', { id: 1 }), { instanceOf: TypeError, message: /nexthop command: expected one of add, replace, del, delete, get/ })
  await t.throwsAsync(ipr.nexthop('get', { id: 1, oif: 2 }), { instanceOf: TypeError, message: /nexthop query\.oif: unknown field/ })
  await t.throwsAsync(ipr.getNexthops({ id: 1, groups: true }), { instanceOf: TypeError, message: /getNexthops filter\.groups: not with id/ })
  t.throws(() => ipr.nexthops({ dev: 'v0' }), { instanceOf: TypeError, message: /nexthops filter\.dev: unknown field/ })
  await t.throwsAsync(ipr.getNexthopBuckets({ group: 1 }), { instanceOf: TypeError, message: /getNexthopBuckets filter\.group: unknown field/ })
  t.deepEqual(ipJson(ns, 'nexthop', 'show'), [], 'nothing was added')
})

test('nexthop requests: the bytes of a weighted group, a resilient group and a dump filter', (t) => {
  const group = rtnl.encodeNexthopRequest({ id: 7, group: [{ id: 1, weight: 256 }, { id: 2 }] })
  // nhmsg (AF_UNSPEC, no flags), NHA_ID 7, NHA_GROUP of two nexthop_grp (weight - 1).
  t.is(group.toString('hex'), '00000000' + '00000000' + '08000100' + '07000000' + '14000200' + '01000000ff000000' + '0200000000000000')
  const decoded = decodeAttrs(rtnl.NEXTHOP_ATTRS, group, 8, group.length)
  t.deepEqual(decoded, {
    id: 7,
    group: [
      { id: 1, weight: 256 },
      { id: 2, weight: 1 },
    ],
  })
  const res = rtnl.encodeNexthopRequest({ id: 8, group: [{ id: 1 }], groupType: 'resilient', resilient: { buckets: 32, idleTimer: 1.5, unbalancedTimer: 0 } })
  t.like(decodeAttrs(rtnl.NEXTHOP_ATTRS, res, 8, res.length), {
    groupType: 'resilient',
    resGroup: { buckets: 32, idleTimer: 150, unbalancedTimer: 0 },
  })
  const gw = rtnl.encodeNexthopRequest({ gateway: '2001:db8::1', oif: 3, onlink: true })
  t.deepEqual(rtnl.NHMSG.decode(gw, 0), { family: rtnl.AF_INET6, scope: 0, protocol: 0, flags: rtnl.RTNH_F.ONLINK })
  const dump = rtnl.encodeNexthopDumpRequest({ oif: 3, groups: false, fdb: true })
  t.deepEqual(decodeAttrs(rtnl.NEXTHOP_ATTRS, dump, 8, dump.length), { oif: 3, fdb: true })
})
