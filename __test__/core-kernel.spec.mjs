// The whole core stack (native socket, receive thread, engine) against the real kernel, each test
// in its own network namespace.
import test from 'ava'
import { createRequire } from 'node:module'
import { spawnSync } from 'node:child_process'
import { attr } from './helpers/bytes.mjs'
import { makeNetns, ip, ipJson, ipBatch, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { NetlinkSocket, NetlinkError, NetlinkTimeoutError, SocketClosedError } = require('../dist/index.js')

const RTM_NEWLINK = 16
const RTM_GETLINK = 18
const RTM_NEWROUTE = 24
const RTM_DELROUTE = 25
const RTM_GETROUTE = 26
const RTNLGRP_IPV4_ROUTE = 7
const F_ACK = 0x4
const F_DUMP = 0x300
const F_CREATE_EXCL = 0x600

const ifinfomsg = (index = 0) => {
  const b = Buffer.alloc(16)
  b.writeInt32LE(index, 4)
  return b
}
/** rtmsg for an IPv4 route: 10.a.b.0/24 of the given type (6 = blackhole) in table 254. */
function routePayload(a, b, { type = 6, family = 2 } = {}) {
  const head = Buffer.from([family, 24, 0, 0, 254, 4, 0, type, 0, 0, 0, 0])
  return Buffer.concat([head, attr(1, Buffer.from([10, a, b, 0]))])
}
const rtmsgDump = (family = 0) => Buffer.from([family, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])

/** Link index and name from an RTM_NEWLINK message, read by hand (no family decoder in the core). */
function linkOf(m) {
  const p = m.payload
  let name = null
  for (let at = 16; at + 4 <= p.length;) {
    const len = p.readUInt16LE(at)
    if (p.readUInt16LE(at + 2) === 3) name = p.toString('utf8', at + 4, at + len - 1)
    at += (len + 3) & ~3
  }
  return { index: p.readInt32LE(4), name }
}
/** RTA_DST of an RTM_NEWROUTE message as dotted text, or null for a default route. */
function dstOf(m) {
  const p = m.payload
  for (let at = 12; at + 4 <= p.length;) {
    const len = p.readUInt16LE(at)
    if (p.readUInt16LE(at + 2) === 1) return [...p.subarray(at + 4, at + len)].join('.')
    at += (len + 3) & ~3
  }
  return null
}

for (const bufferThread of [false, true]) {
  const mode = bufferThread ? 'buffer-thread mode' : 'direct mode'

  nsTest(test, `${mode}: a link dump matches ip -j link`, async (t) => {
    const ns = makeNetns(t)
    ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
    ip(ns, 'link', 'add', 'br0', 'type', 'bridge')
    const socket = await NetlinkSocket.open({ netns: ns, bufferThread })
    t.teardown(() => socket.close())
    t.true(socket.portId > 0)
    const links = (await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: F_DUMP })).map(linkOf)
    const expected = ipJson(ns, 'link', 'show').map((l) => ({ index: l.ifindex, name: l.ifname }))
    t.deepEqual(links, expected)
  })

  nsTest(test, `${mode}: breaking out of a large dump and dumping again at once`, async (t) => {
    const ns = makeNetns(t)
    const lines = []
    for (let i = 0; i < 10000; i++) lines.push(`route add blackhole 10.${i >> 8}.${i & 255}.0/24`)
    ipBatch(ns, lines)
    const socket = await NetlinkSocket.open({ netns: ns, bufferThread })
    t.teardown(() => socket.close())
    for (let round = 0; round < 3; round++) {
      let seen = 0
      for await (const _ of socket.request(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP })) {
        if (++seen === 10 + round) break
      }
      t.is(seen, 10 + round)
    }
    const all = await socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP })
    const main = all.filter((m) => m.payload[4] === 254)
    t.is(main.length, 10000, 'the full dump after early exits, no EBUSY, no leftovers')
    t.true(main.every((m) => m.header.type === RTM_NEWROUTE))
  })

  nsTest(test, `${mode}: broadcasts and callbacks on route changes made with ip`, async (t) => {
    const ns = makeNetns(t)
    const socket = await NetlinkSocket.open({ netns: ns, bufferThread, groups: [RTNLGRP_IPV4_ROUTE] })
    t.teardown(() => socket.close())
    const called = []
    socket.registerCallback(
      (m) => m.header.type === RTM_NEWROUTE,
      (m, tag) => called.push([tag, dstOf(m)]),
      'cb',
    )
    const events = socket.events()
    ip(ns, 'route', 'add', 'blackhole', '10.20.30.0/24')
    const { value } = await events.next()
    t.is(value.header.type, RTM_NEWROUTE)
    t.is(dstOf(value), '10.20.30.0')
    t.not(value.header.sequenceNumber, 0, "the notification echoes ip's sequence number and is still a broadcast")
    t.deepEqual(called, [['cb', '10.20.30.0']])
    ip(ns, 'route', 'del', 'blackhole', '10.20.30.0/24')
    const del = (await events.next()).value
    t.is(del.header.type, RTM_DELROUTE)
  })

  nsTest(test, `${mode}: adding a route while joined to the route group: the ack answers, the notification is a broadcast`, async (t) => {
    const ns = makeNetns(t)
    const socket = await NetlinkSocket.open({ netns: ns, bufferThread, groups: [RTNLGRP_IPV4_ROUTE] })
    t.teardown(() => socket.close())
    const request = socket.request(routePayload(7, 7), { type: RTM_NEWROUTE, flags: F_ACK | F_CREATE_EXCL })
    const answer = []
    for await (const m of request) answer.push(m)
    t.deepEqual(answer, [], 'only the ack, which ends the answer')
    const { value } = await socket.events().next()
    t.is(value.header.type, RTM_NEWROUTE)
    t.is(value.header.sequenceNumber, request.sequenceNumber, 'our own sequence number, routed as a broadcast')
    t.is(value.header.pid, socket.portId)
  })
}

nsTest(test, 'kernel errors: EEXIST, ESRCH, and extended-ack text', async (t) => {
  const ns = makeNetns(t)
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  await socket.requestAll(routePayload(1, 1), { type: RTM_NEWROUTE, flags: F_ACK | F_CREATE_EXCL })
  const exists = await t.throwsAsync(socket.requestAll(routePayload(1, 1), { type: RTM_NEWROUTE, flags: F_ACK | F_CREATE_EXCL }), { instanceOf: NetlinkError })
  t.is(exists.code, 'EEXIST')
  t.is(exists.errno, 17)
  const missing = await t.throwsAsync(socket.requestAll(routePayload(1, 2), { type: RTM_DELROUTE, flags: F_ACK }), { instanceOf: NetlinkError })
  t.is(missing.code, 'ESRCH')
  const link = Buffer.concat([ifinfomsg(), attr(3, Buffer.from('x0\0')), attr(18, attr(1, Buffer.from('nosuchkind\0')))])
  const unknownKind = await t.throwsAsync(socket.requestAll(link, { type: RTM_NEWLINK, flags: F_ACK | F_CREATE_EXCL }), { instanceOf: NetlinkError })
  t.is(unknownKind.code, 'EOPNOTSUPP')
  t.is(unknownKind.extAckMessage, 'Unknown device type')
  const noDev = await t.throwsAsync(socket.requestAll(ifinfomsg(9999), { type: RTM_GETLINK }), { instanceOf: NetlinkError })
  t.is(noDev.code, 'ENODEV')
})

nsTest(test, 'a request the kernel never answers ends in NetlinkTimeoutError and the socket still works', async (t) => {
  const ns = makeNetns(t)
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  // RTM_NEWROUTE without NLM_F_ACK: the kernel applies it and says nothing.
  const error = await t.throwsAsync(socket.requestAll(routePayload(3, 3), { type: RTM_NEWROUTE, flags: F_CREATE_EXCL, timeout: 200 }), {
    instanceOf: NetlinkTimeoutError,
  })
  t.is(error.timeout, 200)
  const routes = await socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP })
  t.true(routes.some((m) => dstOf(m) === '10.3.3.0'))
})

nsTest(test, 'a per-request parser that returns null for all but one route, and custom marshal keys', async (t) => {
  const ns = makeNetns(t)
  ipBatch(
    ns,
    Array.from({ length: 300 }, (_, i) => `route add blackhole 10.${1 + (i >> 8)}.${i & 255}.0/24`),
  )
  ip(ns, '-6', 'route', 'add', 'blackhole', '2001:db8::/64')
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  let seen = 0
  const parser = (data, offset, length) => {
    seen++
    const m = { header: { type: data.readUInt16LE(offset + 4) }, payload: data.subarray(offset + 16, offset + length) }
    return dstOf(m) === '10.1.200.0' ? m : null
  }
  const only = await socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP, parser })
  t.deepEqual(only.map(dstOf), ['10.1.200.0'])
  t.true(seen >= 300)
  // Key on rtm_family (first payload byte) instead of the message type.
  socket.marshal.keyFormat = 'B'
  socket.marshal.keyOffset = 16
  socket.marshal.keyMask = 0xff
  socket.marshal.register(2, () => 'inet')
  socket.marshal.register(10, () => 'inet6')
  const families = await socket.requestAll(rtmsgDump(0), { type: RTM_GETROUTE, flags: F_DUMP })
  t.true(families.includes('inet') && families.includes('inet6'))
  t.true(families.every((f) => f === 'inet' || f === 'inet6'))
})

nsTest(test, 'terminate() ends the answer early; the socket dumps again at once', async (t) => {
  const ns = makeNetns(t)
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const first = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: F_DUMP, terminate: (m) => linkOf(m).name === 'lo' })
  t.deepEqual(
    first.map((m) => linkOf(m).name),
    ['lo'],
  )
  const all = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: F_DUMP })
  t.deepEqual(
    all.map((m) => linkOf(m).name),
    ipJson(ns, 'link', 'show').map((l) => l.ifname),
  )
})

nsTest(test, '50 concurrent requests and several queued dumps on one socket each get exactly their own messages', async (t) => {
  const ns = makeNetns(t)
  for (let i = 0; i < 5; i++) ip(ns, 'link', 'add', `a${i}`, 'type', 'veth', 'peer', 'name', `b${i}`)
  ipBatch(
    ns,
    Array.from({ length: 2000 }, (_, i) => `route add blackhole 10.${i >> 8}.${i & 255}.0/24`),
  )
  const expected = ipJson(ns, 'link', 'show').map((l) => ({ index: l.ifindex, name: l.ifname }))
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const gets = Array.from({ length: 50 }, (_, i) => {
    const link = expected[i % expected.length]
    return socket.requestAll(ifinfomsg(link.index), { type: RTM_GETLINK }).then((ms) => ({ want: link, got: ms.map(linkOf) }))
  })
  const dumps = Array.from({ length: 4 }, () => socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP }))
  const linkDumps = Array.from({ length: 3 }, () => socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: F_DUMP }))
  for (const { want, got } of await Promise.all(gets)) t.deepEqual(got, [want])
  for (const routes of await Promise.all(dumps)) {
    t.is(routes.filter((m) => m.payload[4] === 254).length, 2000)
    t.true(routes.every((m) => m.header.type === RTM_NEWROUTE))
  }
  for (const links of await Promise.all(linkDumps)) t.deepEqual(links.map(linkOf), expected)
})

nsTest(test, 'close with requests pending rejects them with SocketClosedError', async (t) => {
  const ns = makeNetns(t)
  const socket = await NetlinkSocket.open({ netns: ns })
  const never = socket.requestAll(routePayload(4, 4), { type: RTM_NEWROUTE, flags: F_CREATE_EXCL, timeout: 0 })
  const dump = socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP })
  socket.close()
  await t.throwsAsync(never, { instanceOf: SocketClosedError })
  await t.throwsAsync(dump, { instanceOf: SocketClosedError })
  socket.close()
})

nsTest(test, 'the native defaultRoutes parser passes only default routes, per table', async (t) => {
  const ns = makeNetns(t)
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
  ip(ns, 'route', 'add', 'default', 'via', '192.0.2.254')
  ip(ns, 'route', 'add', 'default', 'via', '192.0.2.253', 'table', '100')
  ipBatch(
    ns,
    Array.from({ length: 500 }, (_, i) => `route add blackhole 10.9.${i & 255}.0/24 table ${i < 256 ? 254 : 100}`),
  )
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const all = await socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP, nativeParser: { name: 'defaultRoutes' } })
  t.is(all.length, 2)
  t.true(all.every((m) => dstOf(m) === null))
  const main = await socket.requestAll(rtmsgDump(2), { type: RTM_GETROUTE, flags: F_DUMP, nativeParser: { name: 'defaultRoutes', table: 254 } })
  t.is(main.length, 1)
  t.is(main[0].payload[4], 254)
  t.true(socket.stats().messagesDroppedByNativeParsers > 500)
})

nsTest(test, 'a native parser spec with a field its parser does not read rejects the request before it is sent', async (t) => {
  const ns = makeNetns(t)
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  // The request would add a route: that it is absent afterwards shows nothing went to the kernel.
  const add = socket.requestAll(routePayload(7, 7), { type: RTM_NEWROUTE, flags: F_CREATE_EXCL | F_ACK, nativeParser: { name: 'routeFilter', tabel: 254 } })
  await t.throwsAsync(add, { instanceOf: TypeError, message: /^spec\.tabel: not an option of routeFilter/ })
  t.deepEqual(ipJson(ns, 'route', 'show', 'table', 'all', '10.7.7.0/24'), [])
  // The socket goes on: the same request without the typo is sent and answered.
  await socket.requestAll(routePayload(7, 7), { type: RTM_NEWROUTE, flags: F_CREATE_EXCL | F_ACK })
  t.is(ipJson(ns, 'route', 'show', 'table', 'all', '10.7.7.0/24').length, 1)
})

nsTest(test, 'opening in a missing namespace fails with ENOENT; an idle socket does not keep node alive', async (t) => {
  const error = await t.throwsAsync(NetlinkSocket.open({ netns: 'nlr-no-such-namespace' }))
  t.is(error.code, 'ENOENT')
  const ns = makeNetns(t)
  const script = `require(${JSON.stringify(require.resolve('../dist/index.js'))}).NetlinkSocket.open({ netns: ${JSON.stringify(ns)}, groups: [7], bufferThread: true }).then((s) => { globalThis.keep = s; console.log('open') })`
  const child = spawnSync(process.execPath, ['-e', script], { timeout: 10000, encoding: 'utf8' })
  t.is(child.status, 0, child.stderr)
  t.is(child.stdout.trim(), 'open')
  t.is(child.signal, null, 'exited by itself, not killed by the timeout')
})
