// Interface-name lookups of IPRoute over the fake kernel: calls naming one interface while its
// RTM.GETLINK is out share that request, every waiter gets the outcome, and a lookup made after it
// settled asks the kernel again (nothing is answered from memory, so a rename is seen). The last
// test does the same against the real kernel, in a namespace of its own.
import test from 'ava'
import fc from 'fast-check'
import { createRequire } from 'node:module'
import { FakeKernel, nlmsg, errorFor, seqOf, typeOf, until } from './helpers/fake-kernel.mjs'
import { ip, ipJson, makeNetns, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, rtnl } = require('../dist/index.js')

const { RTM } = rtnl
const CHANGES = 1000

/** The RTM_NEWLINK answer to `request`: link `index`, named 'v0'. */
const linkAnswer = (request, index) => nlmsg({ type: RTM.NEWLINK, seq: seqOf(request), payload: rtnl.encodeLinkRequest({ index, ifname: 'v0' }) })

/** The output interface index a route request carries. */
const oifOf = (frame) => rtnl.decodeRoute(frame, 0, frame.length).oif

/**
 * An IPRoute on a fake kernel whose link lookups are answered by `link(request)` (an index, or null
 * for ENODEV) only when the test calls `answer()`, so the lookup stays in flight meanwhile; every
 * other request is acknowledged.
 */
async function fakeIPRoute(t, link) {
  const kernel = new FakeKernel()
  const held = []
  kernel.respond = (frame) => {
    if (typeOf(frame) !== RTM.GETLINK) return [errorFor(frame, 0)]
    held.push(frame)
    return null
  }
  const answer = () => {
    for (const frame of held.splice(0)) {
      const index = link(frame)
      kernel.deliver(index === null ? errorFor(frame, 'ENODEV') : linkAnswer(frame, index))
    }
  }
  const ipr = await IPRoute.open({}, kernel.opener)
  t.teardown(() => ipr.close())
  const lookups = () => kernel.sent.filter((f) => typeOf(f) === RTM.GETLINK).length
  return { kernel, ipr, answer, lookups }
}

const spec = (i) => ({ dst: `10.${(i >> 8) & 255}.${i & 255}.0/24`, oif: 'v0' })

test(`${CHANGES} concurrent changes naming one interface send one RTM.GETLINK, then each its change with the index`, async (t) => {
  const { kernel, ipr, answer, lookups } = await fakeIPRoute(t, () => 7)
  const adds = Array.from({ length: CHANGES }, (_, i) => ipr.route('add', spec(i)))
  await new Promise((resolve) => setImmediate(resolve))
  t.is(lookups(), 1, 'one lookup in flight for every change')
  answer()
  const outcomes = await Promise.allSettled(adds)
  t.deepEqual(
    outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason.message),
    [],
  )
  const routes = kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE)
  t.is(routes.length, CHANGES)
  t.true(
    routes.every((f) => oifOf(f) === 7),
    'each change carries the index the lookup found',
  )
  t.is(lookups(), 1)
})

test('a missing interface (ENODEV) reaches every waiter as the same TypeError naming the argument, and nothing is changed', async (t) => {
  const { kernel, ipr, answer, lookups } = await fakeIPRoute(t, () => null)
  const adds = Array.from({ length: CHANGES }, (_, i) => ipr.route('add', spec(i)))
  await new Promise((resolve) => setImmediate(resolve))
  answer()
  const outcomes = await Promise.allSettled(adds)
  t.is(lookups(), 1)
  t.true(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof TypeError))
  t.deepEqual([...new Set(outcomes.map((o) => o.reason.message))], ["route spec.oif: no interface named 'v0'"])
  t.is(kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).length, 0)
})

test('a lookup after the first settled asks the kernel again (a renamed interface is seen)', async (t) => {
  let index = 7
  const { kernel, ipr, answer, lookups } = await fakeIPRoute(t, () => index)
  const first = ipr.route('add', spec(0))
  await new Promise((resolve) => setImmediate(resolve))
  answer()
  await first
  index = 9 // 'v0' is another interface now
  const second = ipr.route('add', spec(1))
  await new Promise((resolve) => setImmediate(resolve))
  t.is(lookups(), 2)
  answer()
  await second
  t.deepEqual(kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).map(oifOf), [7, 9])
})

test("a waiter's abort ends its own call only: the shared lookup serves the others", async (t) => {
  const { kernel, ipr, answer, lookups } = await fakeIPRoute(t, () => 7)
  const controller = new AbortController()
  const aborted = ipr.route('add', spec(0), { signal: controller.signal })
  const others = [1, 2, 3].map((i) => ipr.route('add', spec(i)))
  await new Promise((resolve) => setImmediate(resolve))
  t.is(lookups(), 1)
  controller.abort(new Error('stop'))
  await t.throwsAsync(aborted, { message: 'stop' })
  answer()
  await Promise.all(others)
  t.deepEqual(kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).map(oifOf), [7, 7, 7])
  // Already aborted: refused at once, nothing sent.
  const before = kernel.sent.length
  await t.throwsAsync(ipr.route('add', spec(4), { signal: controller.signal }), { message: 'stop' })
  t.is(kernel.sent.length, before)
})

test('lookups with different timeouts do not share a request', async (t) => {
  const { ipr, answer, lookups } = await fakeIPRoute(t, () => 7)
  const adds = [ipr.route('add', spec(0)), ipr.route('add', spec(1), { timeout: 5000 }), ipr.route('add', spec(2), { timeout: 5000 })]
  await new Promise((resolve) => setImmediate(resolve))
  t.is(lookups(), 2)
  answer()
  await Promise.all(adds)
})

nsTest(test, '10,000 concurrent route adds naming their interface, in a namespace: one RTM_GETLINK, every route added', async (t) => {
  const ns = makeNetns(t, 'nlrnames', { linkLocal: false })
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ip(ns, 'link', 'set', 'v0', 'up')
  ip(ns, 'link', 'set', 'v1', 'up')
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  // Every lookup goes through the socket's requestAll; counted there, on this instance only.
  let getlinks = 0
  const requestAll = ipr.socket.requestAll.bind(ipr.socket)
  ipr.socket.requestAll = (payload, options) => {
    if (options?.type === RTM.GETLINK) getlinks++
    return requestAll(payload, options)
  }
  const count = 10_000
  const outcomes = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => ipr.route('add', { dst: `20.${i >> 8}.${i & 255}.0/24`, oif: 'v0', table: 100 })),
  )
  t.deepEqual(
    outcomes.filter((o) => o.status === 'rejected').map((o) => o.reason.message),
    [],
  )
  t.is(getlinks, 1)
  const index = ipJson(ns, 'link', 'show', 'v0')[0].ifindex
  const routes = ipJson(ns, 'route', 'show', 'table', '100')
  t.is(routes.length, count)
  t.true(
    routes.every((r) => r.dev === 'v0'),
    `every route is over v0 (index ${index})`,
  )
})

/**
 * An IPRoute on a fake kernel that answers every link lookup with interface 7 at once and
 * acknowledges everything else; `changeFrames()` are the payloads of the changes sent, without the
 * sequence number and port (which differ from call to call).
 */
async function answeringIPRoute(t) {
  const kernel = new FakeKernel()
  kernel.respond = (frame) => [typeOf(frame) === RTM.GETLINK ? linkAnswer(frame, 7) : errorFor(frame, 0)]
  const ipr = await IPRoute.open({}, kernel.opener)
  t.teardown(() => ipr.close())
  const changeFrames = () => kernel.sent.filter((f) => typeOf(f) !== RTM.GETLINK).map((f) => Buffer.concat([f.subarray(0, 8), f.subarray(16)]).toString('hex'))
  return { kernel, ipr, changeFrames }
}

/** Two calls that must send the same bytes: by interface name ('v0', which the fake kernel says is 7) and by index 7. */
const SAME_CHANGE = [
  ['route', 'add', { dst: '10.1.0.0/24', gateway: '192.0.2.1', oif: 'v0', table: 100, priority: 5 }, { oif: 7 }],
  ['route', 'replace', { dst: '2001:db8::/64', iif: 'v0', type: 'unreachable' }, { iif: 7 }],
  // The table holds the placeholder's number too: the payload is built again with the index.
  ['route', 'add', { dst: '10.2.0.0/24', oif: 'v0', table: 0x74726c6e }, { oif: 7 }],
  // Two names: both resolved, then built once.
  [
    'route',
    'add',
    {
      dst: '10.3.0.0/24',
      multipath: [
        { gateway: '192.0.2.1', oif: 'v0' },
        { gateway: '192.0.2.2', oif: 'v0' },
      ],
    },
    null,
  ],
  ['link', 'set', { ifname: 'v0', mtu: 1400 }, { index: 7, ifname: undefined }],
  ['link', 'set', { index: 3, master: 'v0' }, { master: 7 }],
  ['addr', 'add', { address: '198.51.100.7/24', index: 'v0', label: 'v0:x' }, { index: 7 }],
  ['neigh', 'add', { dst: '192.0.2.77', lladdr: '02:00:00:00:00:77', ifindex: 'v0' }, { ifindex: 7 }],
  ['nexthop', 'add', { id: 5, oif: 'v0', gateway: '192.0.2.1' }, { oif: 7 }],
]

test('a change naming an interface sends the bytes the same change by index sends, for every kind of change', async (t) => {
  for (const [method, cmd, byName, indexFields] of SAME_CHANGE) {
    const byIndex = indexFields === null ? { ...byName, multipath: byName.multipath.map((hop) => ({ ...hop, oif: 7 })) } : { ...byName, ...indexFields }
    for (const key of Object.keys(byIndex)) if (byIndex[key] === undefined) delete byIndex[key]
    const named = await answeringIPRoute(t)
    await named.ipr[method](cmd, byName)
    const indexed = await answeringIPRoute(t)
    await indexed.ipr[method](cmd, byIndex)
    const [sent] = indexed.changeFrames()
    t.truthy(sent, `${method} ${cmd}: sent`)
    t.deepEqual(named.changeFrames(), [sent], `${method} ${cmd} ${JSON.stringify(byName)}`)
  }
})

test('property: a route naming its interface sends the bytes of the same route by index, whatever its other numbers', async (t) => {
  const placeholder = 0x74726c6e
  const u32 = fc.oneof(fc.constant(placeholder), fc.constant(7), fc.integer({ min: 1, max: 0xffffffff }))
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 0, max: 0xffffff }), u32, u32, fc.boolean(), async (net, table, priority, iif) => {
      const dst = `10.${(net >> 16) & 255}.${(net >> 8) & 255}.0/24`
      const field = iif ? 'iif' : 'oif'
      const named = await answeringIPRoute(t)
      await named.ipr.route('add', { dst, table, priority, [field]: 'v0' })
      const indexed = await answeringIPRoute(t)
      await indexed.ipr.route('add', { dst, table, priority, [field]: 7 })
      named.ipr.close()
      indexed.ipr.close()
      return JSON.stringify(named.changeFrames()) === JSON.stringify(indexed.changeFrames()) && named.changeFrames().length === 1
    }),
    { numRuns: 200 },
  )
  t.pass()
})

test('changes waiting for one lookup through different fields each fail naming their own field; a failed lookup fails each with its error', async (t) => {
  const missing = await fakeIPRoute(t, () => null)
  const adds = [missing.ipr.route('add', { dst: '10.9.0.0/24', oif: 'v0' }), missing.ipr.route('add', { dst: '10.9.1.0/24', iif: 'v0', type: 'unreachable' })]
  await new Promise((resolve) => setImmediate(resolve))
  t.is(missing.lookups(), 1, 'one lookup for both')
  missing.answer()
  t.deepEqual(
    (await Promise.allSettled(adds)).map((o) => o.reason.message),
    ["route spec.oif: no interface named 'v0'", "route spec.iif: no interface named 'v0'"],
  )
  const refused = await fakeIPRoute(t, () => 7)
  refused.kernel.respond = (frame) => [errorFor(frame, 'EPERM')]
  const changes = Array.from({ length: 5 }, (_, i) => refused.ipr.route('add', spec(i)))
  const outcomes = await Promise.allSettled(changes)
  t.true(outcomes.every((o) => o.status === 'rejected' && o.reason.code === 'EPERM'))
  t.is(refused.kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).length, 0, 'nothing changed')
})

test('close() while changes wait for their lookup rejects each with SocketClosedError and sends none of them', async (t) => {
  const { kernel, ipr, lookups } = await fakeIPRoute(t, () => 7)
  const adds = Array.from({ length: CHANGES }, (_, i) => ipr.route('add', spec(i)))
  await new Promise((resolve) => setImmediate(resolve))
  t.is(lookups(), 1)
  ipr.close()
  const outcomes = await Promise.allSettled(adds)
  t.true(outcomes.every((o) => o.status === 'rejected' && o.reason.name === 'SocketClosedError'))
  t.is(kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).length, 0)
})

/**
 * An IPRoute on a fake kernel that answers link lookups with interface 7 at once and keeps every
 * other request unanswered until `ackAll()`.
 */
async function holdingIPRoute(t) {
  const kernel = new FakeKernel()
  const held = []
  kernel.respond = (frame) => {
    if (typeOf(frame) === RTM.GETLINK) return [linkAnswer(frame, 7)]
    held.push(frame)
    return []
  }
  const ipr = await IPRoute.open({}, kernel.opener)
  t.teardown(() => ipr.close())
  const lookups = () => kernel.sent.filter((f) => typeOf(f) === RTM.GETLINK).length
  const ackAll = () => {
    for (const frame of held.splice(0)) kernel.deliver(errorFor(frame, 0))
  }
  const sentOnce = () => until(() => held.length > 0)
  return { kernel, ipr, lookups, ackAll, held, sentOnce }
}

test('a lookup answered while changes are still in flight serves the next calls naming that interface (one lookup for a stream, as ip -batch)', async (t) => {
  const { kernel, ipr, lookups, ackAll, held } = await holdingIPRoute(t)
  const first = ipr.route('add', spec(0))
  await until(() => held.length === 1)
  // Through a window: each next change is made while earlier ones wait for their acks.
  const more = Array.from({ length: 5 }, (_, i) => ipr.route('add', spec(i + 1)))
  const byOptions = ipr.route('add', spec(6), { timeout: 5000 })
  await until(() => held.length === 7)
  t.is(lookups(), 1, 'one lookup for all of them')
  t.deepEqual(kernel.sent.filter((f) => typeOf(f) === RTM.NEWROUTE).map(oifOf), Array(7).fill(7))
  ackAll()
  await Promise.all([first, ...more, byOptions])
  // Everything answered: the next call asks the kernel again.
  const later = ipr.route('add', spec(7))
  await until(() => held.length === 1)
  t.is(lookups(), 2)
  ackAll()
  await later
})

test('a link changed through the IPRoute, or an answer over a second old, makes the next call naming an interface ask the kernel again', async (t) => {
  const { ipr, lookups, ackAll, held } = await holdingIPRoute(t)
  const first = ipr.route('add', spec(0))
  await until(() => held.length === 1)
  const linkChange = ipr.link('set', { index: 7, mtu: 1400 })
  await until(() => held.length === 2)
  const afterLinkChange = ipr.route('add', spec(1))
  await until(() => held.length === 3)
  t.is(lookups(), 2, 'a rename may have happened: asked again')
  // Still busy, but the answer is old.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const afterASecond = ipr.route('add', spec(2))
  await until(() => held.length === 4)
  t.is(lookups(), 3)
  ackAll()
  await Promise.all([first, linkChange, afterLinkChange, afterASecond])
})
