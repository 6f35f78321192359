// The compact form of route messages (crates/nlroute-core/src/parsers/route_compact.rs, read by
// src/iproute/route/decode.ts): the native route parsers rewrite the routes they keep when asked
// (`compact: true`), and decodeRoute must make of each rewritten message exactly the Route it
// makes of the kernel's. Both sides run here on the same bytes: generated messages (every slot
// kind at right and wrong sizes, repeats, unknown and nested kinds, other families), the shared
// route table of the filter tests, and a real kernel's dump of many kinds of route.
import test from 'ava'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { attr, nlmsg } from './helpers/bytes.mjs'
import { ipBatch, makeNetns, nsTest, waitForCarrier, ip } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { runNativeParser } = require('../nlroute.linux-x64-gnu.node')
const { decodeRoute } = require('../dist/iproute/route/decode.js')
const { RTM_NEWROUTE_COMPACT, COMPACT_SLOT } = require('../dist/iproute/route/compact.js')
const { IPRoute, rtnl, constants } = require('../dist/index.js')

const RTM_NEWROUTE = rtnl.RTM.NEWROUTE
const SEQ = 7
const AF = { inet: 2, inet6: 10 }
/** The attributes the compact form moves, then some it never does (cacheinfo, metrics, multipath, unknown). */
const KINDS = [
  rtnl.RTA.TABLE,
  rtnl.RTA.OIF,
  rtnl.RTA.IIF,
  rtnl.RTA.PRIORITY,
  rtnl.RTA.NH_ID,
  rtnl.RTA.PREF,
  rtnl.RTA.DST,
  rtnl.RTA.SRC,
  rtnl.RTA.GATEWAY,
  rtnl.RTA.PREFSRC,
]
const OTHER_KINDS = [rtnl.RTA.CACHEINFO, rtnl.RTA.METRICS, rtnl.RTA.MULTIPATH, rtnl.RTA.MARK, rtnl.RTA.EXPIRES, 31, 40, 200]

/**
 * Each message of a datagram, decoded (given the datagram's side text, if any); a ParseError as
 * { error } (both sides must agree on it too).
 */
function decodeAll(datagram, text) {
  const out = []
  for (let at = 0; at + 16 <= datagram.length; at += (datagram.readUInt32LE(at) + 3) & ~3) {
    const length = datagram.readUInt32LE(at)
    const type = datagram.readUInt16LE(at + 4)
    if (type !== RTM_NEWROUTE && type !== RTM_NEWROUTE_COMPACT) continue
    try {
      out.push(decodeRoute(datagram, at, length, text))
    } catch (error) {
      out.push({ error: error.name })
    }
  }
  return out
}

/** What the receive thread hands over for `datagram`: { datagram, text } (no text when none was written). */
function compacted(datagram, spec = { name: 'routeFilter', compact: true }) {
  return runNativeParser(spec, SEQ, datagram)
}

/** Compacted messages of a datagram that point into its side text (the dstText slot). */
function countWithText(datagram) {
  let n = 0
  for (let at = 0; at + 16 <= datagram.length; at += (datagram.readUInt32LE(at) + 3) & ~3) {
    if (datagram.readUInt16LE(at + 4) === RTM_NEWROUTE_COMPACT && datagram.readUInt16LE(at + 28) & COMPACT_SLOT.DST_TEXT) n++
  }
  return n
}

function countCompact(datagram) {
  let n = 0
  for (let at = 0; at + 16 <= datagram.length; at += (datagram.readUInt32LE(at) + 3) & ~3) if (datagram.readUInt16LE(at + 4) === RTM_NEWROUTE_COMPACT) n++
  return n
}

function routeMessage({ family, header, attrs }) {
  const rtmsg = Buffer.alloc(12)
  rtmsg[0] = family
  header.copy(rtmsg, 1, 0, 7)
  rtmsg.writeUInt32LE(header.readUInt32LE(7), 8)
  return nlmsg({ type: RTM_NEWROUTE, flags: 2, seq: SEQ, payload: Buffer.concat([rtmsg, ...attrs]) })
}

const done = () => nlmsg({ type: constants.NLMSG_DONE, flags: 2, seq: SEQ, payload: Buffer.alloc(4) })

/** An attribute of a moved kind, at its right size for the family or at any size; or one of another kind. */
const attribute = (family) =>
  fc.oneof(
    fc
      .record({ kind: fc.constantFrom(...KINDS), right: fc.boolean(), nested: fc.boolean(), bytes: fc.uint8Array({ minLength: 0, maxLength: 20 }) })
      .map(({ kind, right, nested, bytes }) => {
        const size =
          kind === rtnl.RTA.PREF ? 1 : [rtnl.RTA.DST, rtnl.RTA.SRC, rtnl.RTA.GATEWAY, rtnl.RTA.PREFSRC].includes(kind) ? (family === AF.inet6 ? 16 : 4) : 4
        const payload = Buffer.alloc(right ? size : bytes.length)
        Buffer.from(bytes).copy(payload)
        if (right && bytes.length < size) payload.fill(bytes.length, bytes.length)
        return attr(kind | (nested ? 0x8000 : 0), payload)
      }),
    fc
      .record({ kind: fc.constantFrom(...OTHER_KINDS), bytes: fc.uint8Array({ minLength: 0, maxLength: 40 }) })
      .map(({ kind, bytes }) => attr(kind, Buffer.from(bytes))),
  )

const message = fc
  .constantFrom(AF.inet, AF.inet6, 7)
  .chain((family) =>
    fc.record({
      family: fc.constant(family),
      header: fc.uint8Array({ minLength: 11, maxLength: 11 }).map((b) => Buffer.from(b)),
      attrs: fc.array(attribute(family), { maxLength: 12 }),
    }),
  )
  .map(routeMessage)

test('generated routes: decodeRoute makes the same Route of the compact message as of the original, with or without its text', (t) => {
  let rewritten = 0
  let withText = 0
  fc.assert(
    fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), (messages) => {
      const original = Buffer.concat([...messages, done()])
      const { datagram: compact, text } = compacted(original)
      t.is(compact.length, original.length, 'rewritten in place: no message grows or moves')
      rewritten += countCompact(compact)
      withText += countWithText(compact)
      t.is(text !== undefined, countWithText(compact) > 0, 'a text exactly when a message points into one')
      const expected = decodeAll(original)
      t.deepEqual(decodeAll(compact, text), expected)
      // Decoded without the datagram's text (a message re-read on its own), the dst is formatted from the slot.
      t.deepEqual(decodeAll(compact), expected)
    }),
    { numRuns: 3000 },
  )
  t.true(rewritten > 1000, `most generated routes are compacted (${rewritten})`)
  t.true(withText > 500, `many carry their dst as text (${withText})`)
})

test('generated routes: a filter that drops some compacts the ones it keeps, and defaultRoutes does too', (t) => {
  fc.assert(
    fc.property(fc.array(message, { minLength: 1, maxLength: 6 }), (messages) => {
      const original = Buffer.concat([...messages, done()])
      for (const spec of [{ name: 'defaultRoutes' }, { name: 'routeFilter', family: AF.inet }]) {
        const plain = runNativeParser(spec, SEQ, original)
        const { datagram, text } = compacted(original, { ...spec, compact: true })
        t.deepEqual(decodeAll(datagram, text), decodeAll(plain.datagram))
      }
    }),
    { numRuns: 500 },
  )
})

test('the route table of the shared filter vectors: every route compacts to the same Route', (t) => {
  const table = JSON.parse(readFileSync(new URL('./fixtures/route-filter-cases.json', import.meta.url), 'utf8'))
  for (const [name, { hex }] of Object.entries(table.routes)) {
    const original = Buffer.from(hex, 'hex')
    original.writeUInt32LE(SEQ, 8)
    const { datagram: compact, text } = compacted(Buffer.concat([original, done()]))
    t.is(countCompact(compact), 1, `${name} is compacted`)
    t.deepEqual(decodeAll(compact, text), decodeAll(original), name)
  }
})

test('without compact: true the native parsers leave the kernel bytes as they are', (t) => {
  const original = Buffer.concat([routeMessage({ family: AF.inet, header: Buffer.alloc(11), attrs: [attr(rtnl.RTA.OIF, Buffer.from([1, 0, 0, 0]))] }), done()])
  t.deepEqual(runNativeParser({ name: 'routeFilter' }, SEQ, original), { datagram: original })
  t.is(countCompact(compacted(original).datagram), 1)
})

test('a compact message whose block claims more than the message holds is a ParseError', (t) => {
  const { datagram: compact } = compacted(
    Buffer.concat([routeMessage({ family: AF.inet, header: Buffer.alloc(11), attrs: [attr(rtnl.RTA.OIF, Buffer.from([1, 0, 0, 0]))] }), done()]),
  )
  compact.writeUInt16LE(0xfff0, 16 + 12 + 2)
  t.throws(() => decodeRoute(compact, 0, compact.readUInt32LE(0)), { name: 'ParseError', message: /outside the message/ })
})

nsTest(test, 'a real kernel: getRoutes (compacted by the receive thread) equals the plain dump decoded in JavaScript', async (t) => {
  const ns = makeNetns(t, 'nlr-compact')
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'link', 'set', 'v1', 'up')
  await waitForCarrier(ns, ['v0', 'v1'])
  ipBatch(ns, [
    'addr add 10.9.0.1/24 dev v0',
    'addr add fd00:9::1/64 dev v0 nodad',
    'route add 10.9.1.0/24 via 10.9.0.2 dev v0 proto static metric 50',
    'route add 10.9.2.0/24 dev v0 src 10.9.0.1 table 1000',
    'route add blackhole 10.9.3.0/24',
    'route add unreachable 10.9.4.0/24 table 7',
    'route add prohibit 10.9.5.0/24',
    'route add 10.9.6.0/24 via 10.9.0.2 mtu 1400 advmss 1300',
    'route add 10.9.7.0/24 nexthop via 10.9.0.2 dev v0 weight 2 nexthop via 10.9.0.3 dev v0',
    'route add fd00:9:1::/48 via fd00:9::2 dev v0 pref high',
    'route add fd00:9:2::/48 from fd00:9::/64 via fd00:9::2 dev v0',
    'route add blackhole fd00:9:3::/48 table 1000',
    'route add 0.0.0.0/0 via 10.9.0.2 table 1000',
  ])
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const plainDump = () => ipr.socket.requestAll(rtnl.encodeRouteDumpRequest({}), { type: rtnl.RTM.GETROUTE, flags: constants.NLM_F_DUMP, parser: decodeRoute })
  // The kernel may still add a route of a link that just came up (IPv6 multicast, link-local):
  // compared only across a window in which two plain dumps agree, i.e. the table held still.
  let compact, plain, after
  for (let attempt = 0; attempt < 20; attempt++) {
    plain = await plainDump()
    compact = await ipr.getRoutes()
    after = await plainDump()
    if (JSON.stringify(after) === JSON.stringify(plain)) break
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  t.deepEqual(after, plain, 'the table held still for one window')
  t.true(compact.length >= 20, `${compact.length} routes`)
  t.deepEqual(compact, plain)
  const defaults = plain.filter((route) => route.dstLen === 0)
  t.true(defaults.length >= 1)
  t.deepEqual(await ipr.getDefaultRoutes(), defaults)
})

test('generated IPv6 destinations: the receive thread writes the text the JavaScript formatter does (RFC 5952)', (t) => {
  // Groups drawn mostly from zero and a few values, so runs of zeros of every length and place
  // (ties included) occur, plus IPv4-mapped addresses.
  const group = fc.oneof(fc.constant(0), fc.constant(0), fc.constantFrom(1, 0xff, 0x100, 0xffff), fc.integer({ min: 0, max: 0xffff }))
  const address = fc.oneof(
    fc.array(group, { minLength: 8, maxLength: 8 }),
    fc.tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 0xffff })).map(([a, b]) => [0, 0, 0, 0, 0, 0xffff, a, b]),
  )
  let checked = 0
  fc.assert(
    fc.property(address, fc.integer({ min: 0, max: 128 }), (groups, dstLen) => {
      const bytes = Buffer.alloc(16)
      groups.forEach((g, i) => bytes.writeUInt16BE(g, 2 * i))
      const header = Buffer.alloc(11)
      header[0] = dstLen
      const table = Buffer.alloc(4)
      table.writeUInt32LE(254)
      const original = Buffer.concat([routeMessage({ family: AF.inet6, header, attrs: [attr(rtnl.RTA.TABLE, table), attr(rtnl.RTA.DST, bytes)] }), done()])
      const { datagram, text } = compacted(original)
      t.is(countWithText(datagram), 1)
      const [fromText] = decodeAll(datagram, text)
      const [plain] = decodeAll(original)
      t.is(fromText.dst, plain.dst)
      checked++
    }),
    { numRuns: 2000 },
  )
  t.is(checked, 2000)
})
