// Nesting limits: well-formed but deeply nested attributes (a veth peer inside a veth peer..., a next
// hop whose attributes carry RTA_MULTIPATH again...) and self-referencing specs. Before the limit
// these overflowed the JS stack (RangeError: Maximum call stack size exceeded); now decoding throws
// ParseError with the offset of the set that is too deep, and encoding a RangeError naming the path.
import test from 'ava'
import { createRequire } from 'node:module'
import { attr, nlmsg } from './helpers/bytes.mjs'

const require = createRequire(import.meta.url)
const { ParseError } = require('../dist/errors.js')
const schema = require('../dist/schema/index.js')
const ipr = require('../dist/iproute/index.js')
const { MULTIPATH_CODEC } = require('../dist/iproute/route/schema.js')

const { MAX_NESTING_DEPTH } = schema
const RTM_NEWLINK = 16
const RTM_NEWROUTE = 24
const RTM_NEWRULE = 32
const NLA_F_NESTED = 0x8000
const IFINFOMSG_SIZE = 16
const RTMSG_SIZE = 12
const ATTRS_START = 16 + RTMSG_SIZE // nlmsghdr + rtmsg: where a route's attributes begin
const RTNEXTHOP_SIZE = 8
const { IFLA, IFLA_INFO, VETH_INFO, RTA, AF_INET } = ipr

/** A link whose IFLA_LINKINFO holds a veth peer whose linkinfo holds a veth peer... `peers` deep. */
function vethChain(peers) {
  let linkinfo = null
  for (let i = 0; i < peers; i++) {
    const peerBody = Buffer.concat([Buffer.alloc(IFINFOMSG_SIZE), attr(IFLA.IFNAME, Buffer.from(`p${i}\0`)), linkinfo ?? Buffer.alloc(0)])
    linkinfo = attr(IFLA.LINKINFO, Buffer.concat([attr(IFLA_INFO.KIND, Buffer.from('veth\0')), attr(IFLA_INFO.DATA, attr(VETH_INFO.PEER, peerBody))]))
  }
  return nlmsg({ type: RTM_NEWLINK, payload: Buffer.concat([Buffer.alloc(IFINFOMSG_SIZE), linkinfo]) })
}

/** The most veth levels that fit in one attribute (nla_len is 16 bits): about 1,700. */
function deepestVethChain() {
  let peers = 64
  for (;;) {
    try {
      vethChain(peers * 2)
      peers *= 2
    } catch {
      return vethChain(peers)
    }
  }
}

/** An IPv4 route whose RTA_MULTIPATH holds one next hop whose attributes hold RTA_MULTIPATH... */
function multipathChain(levels) {
  let inner = Buffer.alloc(0)
  for (let i = 0; i < levels; i++) {
    const hop = Buffer.concat([Buffer.alloc(RTNEXTHOP_SIZE), inner])
    hop.writeUInt16LE(hop.length, 0) // rtnh_len: the rtnexthop and its attributes
    hop.writeInt32LE(i + 1, 4) // rtnh_ifindex, to find the levels again
    inner = attr(RTA.MULTIPATH, hop)
  }
  const rtmsg = Buffer.alloc(RTMSG_SIZE)
  rtmsg[0] = AF_INET
  return nlmsg({ type: RTM_NEWROUTE, payload: Buffer.concat([rtmsg, inner]) })
}

/** Where the attributes at nesting `depth` of multipathChain start (each level: nla header + rtnexthop). */
const multipathLevelStart = (depth) => ATTRS_START + depth * (4 + RTNEXTHOP_SIZE)

test('the limit is a documented, generous constant', (t) => {
  t.is(MAX_NESTING_DEPTH, 32)
})

test('a veth peer chain 1,700 levels deep is a ParseError, not a stack overflow', (t) => {
  const msg = deepestVethChain()
  const error = t.throws(() => ipr.decodeLink(msg, 0, msg.length), { instanceOf: ParseError, message: /nested 33 levels deep, beyond the limit of 32/ })
  t.true(error.offset > 0 && error.offset < msg.length, 'the offset points into the message')
  t.throws(() => schema.decodeAttrs(ipr.LINK_ATTRS, msg, 16 + IFINFOMSG_SIZE, msg.length), { instanceOf: ParseError })
})

test('veth peers nested up to the limit decode completely, one level more is refused', (t) => {
  // Each peer is three levels: IFLA_LINKINFO → IFLA_INFO_DATA → VETH_INFO_PEER's attributes.
  const fitting = Math.floor(MAX_NESTING_DEPTH / 3)
  const ok = vethChain(fitting)
  const link = ipr.decodeLink(ok, 0, ok.length)
  let peer = link.linkinfo.peer
  const names = []
  while (peer !== undefined) {
    names.push(peer.ifname)
    peer = peer.linkinfo?.data?.peer
  }
  t.deepEqual(
    names,
    Array.from({ length: fitting }, (_, i) => `p${fitting - 1 - i}`),
  )
  const tooDeep = vethChain(fitting + 1)
  t.throws(() => ipr.decodeLink(tooDeep, 0, tooDeep.length), { instanceOf: ParseError })
})

test('a multipath chain 5,000 levels deep is a ParseError from decodeRoute and from the schema decoder', (t) => {
  const msg = multipathChain(5000)
  const error = t.throws(() => ipr.decodeRoute(msg, 0, msg.length), { instanceOf: ParseError, message: /RTA attributes nested 33 levels deep/ })
  t.is(error.offset, multipathLevelStart(MAX_NESTING_DEPTH + 1))
  t.throws(() => schema.decodeAttrs(ipr.ROUTE_ATTRS, msg, ATTRS_START, msg.length), { instanceOf: ParseError })
  // The codec on its own: the payload of the first RTA_MULTIPATH holds attributes at depth 1.
  t.throws(() => MULTIPATH_CODEC.decode(msg, ATTRS_START + 4, msg.length, 1), { instanceOf: ParseError })
})

test('multipath nested exactly to the limit decodes, and each level is there', (t) => {
  const ok = multipathChain(MAX_NESTING_DEPTH)
  const route = ipr.decodeRoute(ok, 0, ok.length)
  const ifindexes = []
  for (let hops = route.multipath; hops !== undefined; hops = hops[0].extra?.multipath) ifindexes.push(hops[0].oif)
  t.deepEqual(
    ifindexes,
    Array.from({ length: MAX_NESTING_DEPTH }, (_, i) => MAX_NESTING_DEPTH - i),
  )
  const tooDeep = multipathChain(MAX_NESTING_DEPTH + 1)
  const error = t.throws(() => ipr.decodeRoute(tooDeep, 0, tooDeep.length), { instanceOf: ParseError })
  t.is(error.offset, multipathLevelStart(MAX_NESTING_DEPTH + 1))
})

test('nests the schema does not descend into (unknown types, rules) are kept raw at any depth', (t) => {
  // 16,000 levels of NLA_F_NESTED attributes: the most that fit in one nla_len.
  let chain = Buffer.alloc(0)
  for (let i = 0; i < 16000; i++) chain = attr(NLA_F_NESTED | 99, chain)
  const rule = nlmsg({ type: RTM_NEWRULE, payload: Buffer.concat([Buffer.alloc(12), chain]) })
  const decoded = ipr.decodeRule(rule, 0, rule.length)
  t.is(decoded.unknown.length, 1)
  t.is(decoded.unknown[0].type, 99)
  t.is(decoded.unknown[0].data.length, chain.length - 4)
  // Inside IFLA_AF_SPEC → AF_INET6 the same chain is an unknown IFLA_INET6 attribute, kept raw.
  const afSpec = attr(IFLA.AF_SPEC, attr(10, chain))
  const link = nlmsg({ type: RTM_NEWLINK, payload: Buffer.concat([Buffer.alloc(IFINFOMSG_SIZE), afSpec]) })
  const decodedLink = ipr.decodeLink(link, 0, link.length)
  t.is(decodedLink.extra.afSpec.inet6.unknown[0].type, 99)
})

test('a self-recursive map is decoded and encoded up to the limit; one more level is an error', (t) => {
  const NODE = schema.defineAttrs('node', {
    1: { name: 'child', kind: 'nested', nested: () => NODE },
    2: { name: 'level', kind: 'u8' },
  })
  const nest = (levels) => {
    let value = { level: levels }
    for (let i = levels - 1; i >= 0; i--) value = { level: i, child: value }
    return value
  }
  const encode = (value) => {
    const w = new schema.AttrWriter()
    schema.encodeAttrs(NODE, value, w, 'spec')
    return w.finish()
  }
  const deepest = nest(MAX_NESTING_DEPTH)
  const bytes = encode(deepest)
  t.deepEqual(schema.decodeAttrs(NODE, bytes, 0, bytes.length), deepest)
  const error = t.throws(() => encode(nest(MAX_NESTING_DEPTH + 1)), { instanceOf: RangeError })
  t.regex(error.message, /^spec(\.child){33}: node attributes nested 33 levels deep, beyond the limit of 32$/)
  // The same bytes one level deeper, built by hand: a ParseError at the innermost set.
  const tooDeep = attr(NLA_F_NESTED | 1, bytes)
  const parseError = t.throws(() => schema.decodeAttrs(NODE, tooDeep, 0, tooDeep.length), { instanceOf: ParseError })
  t.true(parseError.offset > 0 && parseError.offset <= tooDeep.length)
})

test('encoding a veth peer chain or a peer that contains itself is a RangeError naming the path', (t) => {
  let peer = { ifname: 'p' }
  for (let i = 0; i < 3000; i++) peer = { ifname: 'p', linkinfo: { kind: 'veth', data: { peer } } }
  const error = t.throws(() => ipr.encodeLinkRequest({ ifname: 'a', kind: 'veth', linkinfo: { peer } }), { instanceOf: RangeError })
  t.regex(error.message, /^link spec\.linkinfo\.peer\.linkinfo\.data\.peer.*: .* nested \d+ levels deep, beyond the limit of 32$/)

  const cyclic = { ifname: 'p' }
  cyclic.linkinfo = { kind: 'veth', data: { peer: cyclic } }
  t.throws(() => ipr.encodeLinkRequest({ ifname: 'a', kind: 'veth', linkinfo: { peer: cyclic } }), {
    instanceOf: RangeError,
    message: /beyond the limit of 32/,
  })

  // A veth pair as people create it still encodes.
  const pair = ipr.encodeLinkRequest({ ifname: 'a', kind: 'veth', linkinfo: { peer: { ifname: 'b' } } })
  t.true(pair.includes(Buffer.from('b\0')))
})

test('an attribute longer than nla_len can say is a RangeError naming the path, not a wrapped length', (t) => {
  t.throws(() => ipr.encodeLinkRequest({ ifname: 'a', kind: 'bridge', linkinfo: Buffer.alloc(70_000) }), {
    instanceOf: RangeError,
    message: /^link spec\.linkinfo: 70000 bytes do not fit in one netlink attribute \(at most 65531\)$/,
  })
  // Small parts that only overflow together: the container that grows too long is named.
  const unknown = Array.from({ length: 20 }, () => ({ type: 99, data: Buffer.alloc(4000) }))
  t.throws(() => ipr.encodeLinkRequest({ ifname: 'a', kind: 'veth', linkinfo: { peer: { ifname: 'b', unknown } } }), {
    instanceOf: RangeError,
    message: /^link spec\.linkinfo\.peer: \d+ bytes do not fit in one netlink attribute/,
  })
})
