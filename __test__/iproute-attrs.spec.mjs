// The attributes of a current kernel (issue 11): every one the kernel sends on links, bridges,
// bridge ports, vxlan, macvlan, rules and routes has a name and a typed value; 64-bit counters and
// timers are exact bigints; the gateway filter matches RTA_VIA on the native and the JavaScript side.
//
// iproute2 6.1 (this machine's `ip`) prints none of the attributes newer than it, so those are held
// to hand-laid bytes (numbers and layouts from the kernel's include/uapi) and, on the real kernel, to
// what the kernel is known to send (loopback and bridges are netns-local, vxlan's headroom, ...) or to
// what our own encoder set. What ip does print is compared field by field: `ip -j -s -s link`
// statistics here, the rest in iproute-fidelity.spec.mjs.
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { be32, nlmsg, s32, tlv, u16, u32, u64, u8 } from './helpers/bytes.mjs'
import { statsToIp } from './helpers/ip-json.mjs'
import { ip, ipJson, makeNetns, nsTest, waitForCarrier } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, rtnl } = require('../dist/index.js')
const { UINT_CODEC } = require('../dist/schema/uint.js')
const { readScalar, writeScalar, checkScalar, decodeAttrs, encodeAttrs, defineAttrs, AttrWriter } = require('../dist/schema/index.js')

const str = (s) => Buffer.from(`${s}\0`)
const nest = (list) => tlv(list)

/** struct ifinfomsg (family, type, index, flags, change) + attributes, as an RTM_NEWLINK message. */
function linkMessage(index, attrs) {
  const head = Buffer.alloc(16)
  head.writeUInt16LE(1, 2) // ARPHRD_ETHER
  head.writeInt32LE(index, 4)
  return nlmsg({ type: 16, payload: Buffer.concat([head, tlv(attrs)]) })
}

/** A link of `kind` with IFLA_INFO_DATA `data` (and, optionally, slave kind and data). */
function linkinfo(kind, data, slave) {
  const members = [
    [1, str(kind)],
    [2, tlv(data)],
  ]
  if (slave) members.push([4, str(slave.kind)], [5, tlv(slave.data)])
  return [18, tlv(members)]
}

const decodeOne = (decode, msg) => decode(msg, 0, msg.length)

// ---------------------------------------------------------------------------------------------
// 64-bit kinds

test('u64n, s64n and be64n decode to exact bigints, u64 stays a number', (t) => {
  const big = 2n ** 53n + 1n // the first integer a number cannot hold
  const le = u64(big)
  t.is(readScalar('u64n', le, 0), big)
  t.is(readScalar('u64', le, 0), Number(big)) // rounded: the reason for the n kinds
  t.not(BigInt(readScalar('u64', le, 0)), big)
  t.is(readScalar('u64n', u64(2n ** 64n - 1n), 0), 2n ** 64n - 1n)
  t.is(readScalar('s64n', u64(2n ** 64n - 2n), 0), -2n)
  const be = Buffer.alloc(8)
  be.writeBigUInt64BE(0x0102030405060708n)
  t.is(readScalar('be64n', be, 0), 0x0102030405060708n)
  for (const kind of ['u64n', 's64n', 'be64n']) {
    const out = Buffer.alloc(8)
    writeScalar(kind, 1234567890123456789n, out, 0)
    t.is(readScalar(kind, out, 0), 1234567890123456789n, kind)
  }
  t.throws(() => checkScalar('u64n', -1n, 'x'), { instanceOf: RangeError, message: /^x: / })
  t.throws(() => checkScalar('u64n', 2 ** 60, 'x'), { instanceOf: RangeError, message: /pass a bigint/ })
  t.throws(() => checkScalar('s64n', 'a', 'x'), { instanceOf: TypeError })
})

test('link stats64 are bigints, exact above 2^53; a short (older) struct reads 0n', (t) => {
  const fields = 25
  const stats = Buffer.alloc(fields * 8)
  const values = Array.from({ length: fields }, (_, i) => 2n ** 53n + BigInt(i) * 7n + 1n)
  values.forEach((v, i) => stats.writeBigUInt64LE(v, i * 8))
  const link = decodeOne(rtnl.decodeLink, linkMessage(5, [[23, stats]]))
  const names = Object.keys(link.stats)
  t.is(names.length, fields)
  names.forEach((name, i) => t.is(link.stats[name], values[i], name))
  const old = decodeOne(rtnl.decodeLink, linkMessage(5, [[23, stats.subarray(0, 23 * 8)]]))
  t.is(old.stats.rxNohandler, 0n)
  t.is(old.stats.rxOtherhostDropped, 0n)
  t.is(old.stats.txCompressed, values[22])
})

test('rtnetlink u64 attributes decode to bigints: bridge and port timers, ifmap, rule tun_id, route mfc stats (route expires, a time in 1/100 s, a number)', (t) => {
  const link = decodeOne(
    rtnl.decodeLink,
    linkMessage(3, [
      [14, Buffer.concat([u64(2n ** 60n), u64(1n), u64(2n), u16(9), u8(1), u8(2), Buffer.alloc(4)])],
      linkinfo(
        'bridge',
        [
          [16, u64(2n ** 53n + 3n)], // IFLA_BR_HELLO_TIMER
          [30, u64(100n)], // IFLA_BR_MCAST_LAST_MEMBER_INTVL
        ],
        { kind: 'bridge', data: [[23, u64(9007199254740993n)]] }, // IFLA_BRPORT_HOLD_TIMER
      ),
    ]),
  )
  t.deepEqual(link.extra.map, { memStart: 2n ** 60n, memEnd: 1n, baseAddr: 2n, irq: 9, dma: 1, port: 2 })
  t.is(link.linkinfo.helloTimer, 2n ** 53n + 3n)
  t.is(link.linkinfo.mcastLastMemberIntvl, 100n)
  t.is(link.slaveInfo.holdTimer, 9007199254740993n)

  const tunId = Buffer.alloc(8)
  tunId.writeBigUInt64BE(2n ** 63n + 5n)
  const rule = decodeOne(
    rtnl.decodeRule,
    nlmsg({ type: 32, payload: Buffer.concat([Buffer.from([2, 0, 0, 0, 254, 0, 0, 1, 0, 0, 0, 0]), tlv([[12, tunId]])]) }),
  )
  t.is(rule.extra.tunId, 2n ** 63n + 5n)

  const rtmsg = Buffer.from([2, 32, 0, 0, 254, 3, 0, 1, 0, 0, 0, 0])
  const mfc = Buffer.concat([u64(1n), u64(2n ** 62n), u64(3n)])
  const route = decodeOne(
    rtnl.decodeRoute,
    nlmsg({
      type: 24,
      payload: Buffer.concat([
        rtmsg,
        tlv([
          [1, Buffer.from([192, 0, 2, 1])],
          [17, mfc],
          [23, u64(360000n)],
          [31, be32(0xabcde)],
        ]),
      ]),
    }),
  )
  t.deepEqual(route.extra.mfcStats, { packets: 1n, bytes: 2n ** 62n, wrongIf: 3n })
  t.is(route.extra.expires, 360000)
  t.is(route.extra.flowlabel, 0xabcde)
  t.is(route.unknown, null)
})

// ---------------------------------------------------------------------------------------------
// New attributes on hand-laid bytes

test('IFLA 62-69: devlink port, GSO/GRO IPv4 max sizes, dpll pin, pacing horizon, netns immutable, headroom, tailroom', (t) => {
  const link = decodeOne(
    rtnl.decodeLink,
    linkMessage(7, [
      [
        62,
        nest([
          [1, str('pci')],
          [2, str('0000:01:00.0')],
          [3, u32(4)],
        ]),
      ],
      [63, u32(131072)],
      [64, u32(65536)],
      [65, nest([[1, u32(12)]])],
      [66, u32(2000000)],
      [67, u8(1)],
      [68, u16(64)],
      [69, u16(16)],
    ]),
  )
  t.deepEqual(link.extra, {
    devlinkPort: { busName: 'pci', devName: '0000:01:00.0', portIndex: 4 },
    gsoIpv4MaxSize: 131072,
    groIpv4MaxSize: 65536,
    dpllPin: { id: 12 },
    maxPacingOffloadHorizon: 2000000n,
    netnsImmutable: 1,
    headroom: 64,
    tailroom: 16,
  })
  t.is(link.unknown, null)
  // An attribute newer still stays raw, as before.
  const newer = decodeOne(rtnl.decodeLink, linkMessage(7, [[200, u32(1)]]))
  t.deepEqual(newer.unknown, [{ type: 200, data: u32(1) }])
})

test('NLA_UINT (pacing horizon): 4 or 8 bytes decode to a bigint; encoded at the width the kernel uses', (t) => {
  const map = defineAttrs('T', { 1: { name: 'h', kind: 'custom', codec: UINT_CODEC } })
  t.deepEqual(decodeAttrs(map, tlv([[1, u64(2n ** 40n)]]), 0, 12), { h: 2n ** 40n })
  t.deepEqual(decodeAttrs(map, tlv([[1, u32(7)]]), 0, 8), { h: 7n })
  t.deepEqual(decodeAttrs(map, tlv([[1, u16(7)]]), 0, 8).unknown, [{ type: 1, data: u16(7) }])
  for (const [value, width] of [
    [7n, 4],
    [0xffffffffn, 4],
    [2n ** 32n, 8],
    [5, 4],
  ]) {
    const w = new AttrWriter(16)
    encodeAttrs(map, { h: value }, w, 'spec')
    const bytes = w.finish()
    t.is(bytes.readUInt16LE(0), 4 + width, `${value}`)
    t.deepEqual(decodeAttrs(map, bytes, 0, bytes.length), { h: BigInt(value) })
  }
  const w = new AttrWriter(16)
  t.throws(() => encodeAttrs(map, { h: -1n }, w, 'spec'), { instanceOf: RangeError, message: /^spec\.h: / })
})

test('bridge: fdb learned counts, stp mode by name, the querier state nest', (t) => {
  const querier = nest([
    [1, Buffer.from([192, 0, 2, 9])],
    [2, u32(3)],
    [3, u64(2550n)],
    [5, Buffer.from('fe800000000000000000000000000009', 'hex')],
    [6, u32(4)],
    [7, u64(0n)],
  ])
  const link = decodeOne(
    rtnl.decodeLink,
    linkMessage(2, [
      linkinfo('bridge', [
        [47, querier],
        [48, u32(17)],
        [49, u32(1000)],
        [50, u32(1)],
      ]),
    ]),
  )
  t.deepEqual(link.linkinfo, {
    mcastQuerierState: { ipAddress: '192.0.2.9', ipPort: 3, ipOtherTimer: 2550n, ipv6Address: 'fe80::9', ipv6Port: 4, ipv6OtherTimer: 0n },
    fdbNLearned: 17,
    fdbMaxLearned: 1000,
    stpMode: 'user',
  })
  t.is(decodeOne(rtnl.decodeLink, linkMessage(2, [linkinfo('bridge', [[50, u32(9)]])])).linkinfo.stpMode, 9, 'an unnamed mode stays a number')
})

test('bridge port: mab, multicast group counts, neigh vlan suppress, backup nexthop id, neigh forward grat', (t) => {
  const link = decodeOne(
    rtnl.decodeLink,
    linkMessage(4, [
      linkinfo('veth', [], {
        kind: 'bridge',
        data: [
          [40, u8(1)],
          [41, u32(2)],
          [42, u32(50)],
          [43, u8(1)],
          [44, u32(77)],
          [45, u8(1)],
        ],
      }),
    ]),
  )
  t.deepEqual(link.slaveInfo, { mab: 1, mcastNGroups: 2, mcastMaxGroups: 50, neighVlanSuppress: 1, backupNhid: 77, neighForwardGrat: 1 })
  t.is(link.extra?.linkinfo, undefined)
})

test('vxlan, macvlan, bond port: localbypass, label policy by name, reserved bits, mc route; bc cutoff; churn states', (t) => {
  const vx = decodeOne(
    rtnl.decodeLink,
    linkMessage(6, [
      linkinfo('vxlan', [
        [31, u8(1)],
        [32, u32(1)],
        [33, Buffer.from([0xf7, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0xff])],
        [34, u8(0)],
        [99, u32(5)], // newer still: kept raw
      ]),
    ]),
  )
  // reserved bits as iproute2 reads them: one host-order u64 of the struct vxlanhdr bytes.
  t.deepEqual(vx.linkinfo, { localbypass: 1, labelPolicy: 'inherit', reservedBits: 0xff000000fffffff7n, mcRoute: 0, unknown: [{ type: 99, data: u32(5) }] })
  const mv = decodeOne(rtnl.decodeLink, linkMessage(8, [linkinfo('macvlan', [[9, s32(-1)]])]))
  t.deepEqual(mv.linkinfo, { bcCutoff: -1 })
  const port = decodeOne(
    rtnl.decodeLink,
    linkMessage(9, [
      linkinfo('veth', [], {
        kind: 'bond',
        data: [
          [10, u16(255)],
          [11, u8(2)],
          [12, u8(7)],
        ],
      }),
    ]),
  )
  t.deepEqual(port.slaveInfo, { actorPortPrio: 255, adChurnActorState: 'no_churn', adChurnPartnerState: 7 })
})

test('rules: FRA 25-30 (dscp, flow label, port and dscp masks) decode to fields and round-trip through the encoder', (t) => {
  const hdr = Buffer.from([10, 0, 0, 0, 100, 0, 0, 1, 0, 0, 0, 0])
  const rule = decodeOne(
    rtnl.decodeRule,
    nlmsg({
      type: 32,
      payload: Buffer.concat([
        hdr,
        tlv([
          [25, u8(46)],
          [26, be32(0x12345)],
          [27, be32(0xfffff)],
          [28, u16(0xff00)],
          [29, u16(0x00f0)],
          [30, u8(0x38)],
        ]),
      ]),
    }),
  )
  t.like(rule, {
    family: 6,
    dscp: 46,
    flowlabel: 0x12345,
    flowlabelMask: 0xfffff,
    sportMask: 0xff00,
    dportMask: 0x00f0,
    dscpMask: 0x38,
    extra: null,
    unknown: null,
  })

  const spec = {
    family: 6,
    priority: 10,
    table: 100,
    dscp: 10,
    dscpMask: 0x3f,
    flowlabel: 0xbeef,
    flowlabelMask: 0xffff,
    ipProto: 6,
    sportRange: { start: 0x100, end: 0x100 },
    sportMask: 0xff00,
    dportRange: { start: 80, end: 80 },
    dportMask: 0xffff,
  }
  const payload = rtnl.encodeRuleRequest(spec)
  const back = decodeOne(rtnl.decodeRule, nlmsg({ type: 32, payload }))
  for (const [key, value] of Object.entries(spec)) t.deepEqual(back[key], value, key)
  t.throws(() => rtnl.encodeRuleRequest({ dscp: 64 }), { instanceOf: RangeError, message: /^rule spec\.dscp: / })
  t.throws(() => rtnl.encodeRuleRequest({ dscpMask: -1 }), { instanceOf: RangeError, message: /^rule spec\.dscpMask: / })
  t.throws(() => rtnl.encodeRuleRequest({ flowlabel: 'x' }), { instanceOf: TypeError, message: /^rule spec\.flowlabel: / })
})

test('the new numbers are in the rtnl namespace, with their name tables', (t) => {
  t.is(rtnl.IFLA.TAILROOM, 69)
  t.is(rtnl.IFLA.DEVLINK_PORT, 62)
  t.is(rtnl.IFLA_BR.STP_MODE, 50)
  t.is(rtnl.IFLA_BRPORT.NEIGH_FORWARD_GRAT, 45)
  t.is(rtnl.IFLA_VXLAN.MC_ROUTE, 34)
  t.is(rtnl.FRA.DSCP_MASK, 30)
  t.is(rtnl.RTA.FLOWLABEL, 31)
  t.deepEqual(rtnl.BRIDGE_STP_MODES.names(), ['auto', 'user', 'kernel'])
  t.deepEqual(rtnl.VXLAN_LABEL_POLICIES.names(), ['fixed', 'inherit'])
})

// ---------------------------------------------------------------------------------------------
// The real kernel

/** Every `unknown` anywhere inside `value`, with where it was found. */
function unknownsIn(value, path = '') {
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return []
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownsIn(v, `${path}[${i}]`))
  return Object.entries(value).flatMap(([k, v]) =>
    k === 'unknown' && Array.isArray(v) ? v.map((u) => `${path}: type ${u.type}`) : unknownsIn(v, path ? `${path}.${k}` : k),
  )
}

nsTest(
  test,
  'kernel: links, bridge, bridge port, vxlan, macvlan, rules and routes carry no unknown attribute; the new ones read what the kernel keeps',
  async (t) => {
    const ns = makeNetns(t, 'nlr-attrs', { linkLocal: false })
    for (const line of [
      'link add br0 type bridge',
      'link add v0 type veth peer name v1',
      'link set v0 master br0',
      'link add vx0 type vxlan id 42 dstport 4789 local 10.9.0.1',
      'link set vx0 master br0',
      'link add mv0 link v1 type macvlan mode bridge',
      'rule add from 10.9.0.0/24 table 100 priority 100',
      'rule add ipproto tcp sport 1000-2000 dport 80 table 101 priority 101',
      'route add unreachable 10.99.0.0/16',
    ])
      ip(ns, ...line.split(' '))
    const ipr = await IPRoute.open({ netns: ns })
    t.teardown(() => ipr.close())
    const links = await ipr.getLinks()
    const rules = await ipr.getRules()
    const routes = [...(await ipr.getRoutes({ family: 4 })), ...(await ipr.getRoutes({ family: 6 }))]
    t.deepEqual(
      [...links, ...rules, ...routes].flatMap((o) => unknownsIn(o, o.ifname ?? o.dst ?? `rule ${o.priority}`)),
      [],
    )
    const byName = Object.fromEntries(links.map((l) => [l.ifname, l]))
    // loopback and bridges are netns-local (NETIF_F_NETNS_LOCAL), veths are not.
    t.is(byName.lo.extra.netnsImmutable, 1)
    t.is(byName.br0.extra.netnsImmutable, 1)
    t.is(byName.v0.extra.netnsImmutable, 0)
    const ipLinks = Object.fromEntries(ipJson(ns, '-d', 'link', 'show').map((l) => [l.ifname, l]))
    for (const l of links) {
      // The IPv4 limits start equal to the general ones ip prints (netif_set_tso_max_size and friends).
      t.is(l.extra.gsoIpv4MaxSize, ipLinks[l.ifname].gso_max_size, `${l.ifname} gso`)
      t.is(l.extra.groIpv4MaxSize, ipLinks[l.ifname].gro_max_size, `${l.ifname} gro`)
      t.is(typeof l.extra.headroom, 'number')
      t.is(typeof l.extra.maxPacingOffloadHorizon, 'bigint')
    }
    t.true(byName.vx0.extra.headroom > 0, 'vxlan reserves room for its headers')
    t.like(byName.vx0.linkinfo, { localbypass: 1, labelPolicy: 'fixed' })
    t.is(typeof byName.vx0.linkinfo.reservedBits, 'bigint')
    t.like(byName.br0.linkinfo, { fdbNLearned: 0, fdbMaxLearned: 0 })
    t.like(byName.v0.slaveInfo, { mab: 0, mcastNGroups: 0, mcastMaxGroups: 0, neighVlanSuppress: 0 })
    t.like(
      rules.find((r) => r.priority === 101),
      { ipProto: 6, sportRange: { start: 1000, end: 2000 }, dportRange: { start: 80, end: 80 }, dportMask: 0xffff, sportMask: null },
    )
  },
)

nsTest(test, 'kernel: our encoder sets the bridge fdb limit and the newer rule selectors; the kernel sends them back', async (t) => {
  const ns = makeNetns(t, 'nlr-attrs', { linkLocal: false })
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  await ipr.link('add', { ifname: 'br0', kind: 'bridge', linkinfo: { fdbMaxLearned: 123 } })
  const br0 = await ipr.link('get', { ifname: 'br0' })
  t.is(br0.linkinfo.fdbMaxLearned, 123)
  await ipr.rule('add', { family: 4, priority: 20, table: 100, dscp: 10 })
  await ipr.rule('add', { family: 6, priority: 21, table: 100, flowlabel: 0xbeef, flowlabelMask: 0xffff })
  await ipr.rule('add', { family: 4, priority: 22, table: 100, ipProto: 6, dportRange: { start: 0x100, end: 0x100 }, dportMask: 0xff00 })
  const rules = await ipr.getRules()
  t.like(
    rules.find((r) => r.priority === 20),
    { family: 4, dscp: 10 },
  )
  t.like(
    rules.find((r) => r.priority === 21),
    { family: 6, flowlabel: 0xbeef, flowlabelMask: 0xffff },
  )
  t.like(
    rules.find((r) => r.priority === 22),
    { dportRange: { start: 0x100, end: 0x100 }, dportMask: 0xff00 },
  )
  // iproute2 6.1 sees the same rules (it prints the selectors it knows).
  t.is(ipJson(ns, 'rule', 'show').find((r) => r.priority === 22).dport, 0x100)
})

nsTest(test, 'kernel: link stats64 agree with ip -j -s -s link, counter for counter, after traffic', async (t) => {
  const a = makeNetns(t, 'nlr-attrs', { linkLocal: false })
  const b = makeNetns(t, 'nlr-attrs', { linkLocal: false })
  ip(a, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1', 'netns', b)
  ip(a, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
  ip(b, 'addr', 'add', '192.0.2.2/24', 'dev', 'v1')
  ip(a, 'link', 'set', 'v0', 'up')
  ip(b, 'link', 'set', 'v1', 'up')
  await waitForCarrier(a, ['v0'])
  await waitForCarrier(b, ['v1'])
  // Traffic both ways: ARP for the peer, then three datagrams (no ping on every machine).
  const send =
    "const s = require('node:dgram').createSocket('udp4'); let n = 0; const go = () => s.send('x', 9, '192.0.2.2', () => (++n < 3 ? go() : s.close())); go()"
  execFileSync('ip', ['netns', 'exec', a, process.execPath, '-e', send])
  const ipr = await IPRoute.open({ netns: a })
  t.teardown(() => ipr.close())
  let compared = 0
  for (let attempt = 0; attempt < 20 && compared === 0; attempt++) {
    const before = ipJson(a, '-s', '-s', 'link', 'show')
    const ours = await ipr.getLinks()
    const after = ipJson(a, '-s', '-s', 'link', 'show')
    if (JSON.stringify(before) !== JSON.stringify(after)) continue // a counter moved while we dumped
    for (const theirs of after) {
      const link = ours.find((l) => l.index === theirs.ifindex)
      for (const counter of Object.values(link.stats)) t.is(typeof counter, 'bigint')
      t.deepEqual(statsToIp(link.stats, link.carrierChanges), theirs.stats64, theirs.ifname)
      compared++
    }
  }
  t.is(compared, 2, 'lo and v0 compared on a quiet dump')
  const v0 = await ipr.link('get', { ifname: 'v0' })
  t.true(v0.stats.txPackets >= 4n && v0.stats.rxPackets >= 1n, 'the ARP exchange and the datagrams were counted')
})

nsTest(test, 'kernel: an IPv4 route via inet6 fe80::1 is found by the gateway filter (RTA_VIA), natively and in JavaScript', async (t) => {
  const ns = makeNetns(t, 'nlr-attrs')
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'link', 'set', 'v1', 'up')
  await waitForCarrier(ns, ['v0', 'v1'])
  ip(ns, 'route', 'add', '198.51.100.0/24', 'via', 'inet6', 'fe80::1', 'dev', 'v0')
  ip(ns, 'route', 'add', '203.0.113.0/24', 'nexthop', 'via', 'inet6', 'fe80::2', 'dev', 'v0', 'nexthop', 'via', 'inet6', 'fe80::3', 'dev', 'v1')
  ip(ns, '-6', 'route', 'add', '2001:db8::/64', 'via', 'fe80::1', 'dev', 'v0')
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const v0 = ipJson(ns, 'link', 'show', 'v0')[0].ifindex

  const found = await ipr.getRoutes({ gateway: 'fe80::1' })
  t.deepEqual(found.map((r) => r.dst).sort(), ['198.51.100.0/24', '2001:db8::/64'])
  t.deepEqual(found.find((r) => r.family === 4).via, { family: 6, address: 'fe80::1' })
  t.is(found.find((r) => r.family === 4).oif, v0)
  t.deepEqual(
    (await ipr.getRoutes({ family: 4, gateway: 'fe80::1' })).map((r) => r.dst),
    ['198.51.100.0/24'],
  )
  t.deepEqual(
    (await ipr.getRoutes({ gateway: 'fe80::3' })).map((r) => r.dst),
    ['203.0.113.0/24'],
    'a via of one next hop',
  )
  t.deepEqual(await ipr.getRoutes({ gateway: 'fe80::4' }), [])
  // The native parser did the selecting: everything else of the dump was dropped before JavaScript.
  t.true(ipr.socket.stats().messagesDroppedByNativeParsers > 0)
  // ip agrees: the one IPv4 route through fe80::1.
  const theirs = ipJson(ns, '-4', 'route', 'show').filter((r) => r.via?.host === 'fe80::1')
  t.deepEqual(
    theirs.map((r) => r.dst),
    ['198.51.100.0/24'],
  )
})
