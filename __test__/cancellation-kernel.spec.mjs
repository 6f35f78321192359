// Cancellation and the async-iterator contract against the real kernel, in namespaces: timeouts,
// aborts, early exits and return() on large dumps leave the socket complete and quiet; queued
// next() calls, fan-out of events(), monitors, aborted signals; ENOBUFS with requests in flight.
import test from 'ava'
import { createRequire } from 'node:module'
import { makeNetns, ip, ipBatch, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkSocket, NetlinkOverflowError, NetlinkTimeoutError } = require('../dist/index.js')

const DONE_RESULT = { value: undefined, done: true }
const RTNLGRP_IPV4_ROUTE = 7
const RTM_NEWROUTE = 24
const BIG = 100_000
const SMALL = 3000
const blackholes = (count, second = 0) =>
  Array.from({ length: count }, (_, i) => `route add blackhole 10.${second + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`)
/** RTA_DST of an RTM_NEWROUTE message as dotted text, read by hand. */
function dstOf(m) {
  const p = m.payload
  for (let at = 12; at + 4 <= p.length; at += (p.readUInt16LE(at) + 3) & ~3) {
    if (p.readUInt16LE(at + 2) === 1) return [...p.subarray(at + 4, at + p.readUInt16LE(at))].join('.')
  }
  return null
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/** One namespace with BIG blackhole routes in main, shared by the read-only tests of this file. */
const shared = { ns: null, teardowns: [] }
test.before(() => {
  if (process.getuid?.() !== 0) return
  shared.ns = makeNetns({ teardown: (fn) => shared.teardowns.push(fn) }, 'nlr-cancel')
  ipBatch(shared.ns, blackholes(BIG))
})
test.after.always(() => {
  for (const fn of shared.teardowns) fn()
})

async function openShared(t, options = {}) {
  const ipr = await IPRoute.open({ netns: shared.ns, ...options })
  t.teardown(() => ipr.close())
  return ipr
}

/**
 * Opens an events() reader on the socket now; the returned check asserts that nothing reached it
 * (no leftover of an abandoned answer) and that nothing was lost to the broadcast queue either.
 */
function watchStrays(socket) {
  const controller = new AbortController()
  const first = socket.events({ signal: controller.signal }).next()
  return async (t) => {
    setTimeout(() => controller.abort(new Error('quiet')), 50)
    t.is(
      await first.then(
        () => 'a stray message',
        (e) => e.message,
      ),
      'quiet',
      'nothing stray in the event stream',
    )
    t.is(socket.stats().droppedBroadcasts, 0)
  }
}

/** The next dump on the socket is complete. */
async function dumpsInFull(t, ipr) {
  const routes = await ipr.getRoutes({ table: 'main' })
  t.is(routes.length, BIG, 'the next dump on the socket is complete')
}

// --- cancellation of a 100k-route dump ------------------------------------------------------

nsTest(test, 'a tiny timeout on a big dump: NetlinkTimeoutError, then the next dump is complete and nothing strays', async (t) => {
  const ipr = await openShared(t)
  const strays = watchStrays(ipr.socket)
  const stream = ipr.routes({ table: 'main' }, { timeout: 50 })
  let seen = 0
  const error = await (async () => {
    if (!(await stream.next()).done) seen++
    // Not pulling: reading pauses once the stream's queue is full, and the timeout counts from there.
    await sleep(1000)
    while (!(await stream.next()).done) seen++
  })().catch((e) => e)
  t.true(error instanceof NetlinkTimeoutError, String(error))
  t.true(seen < BIG)
  t.deepEqual(await stream.next(), DONE_RESULT)
  await dumpsInFull(t, ipr)
  t.true(ipr.socket.stats().discardedLate > 0, 'the rest of the timed-out dump was drained')
  await strays(t)
})

nsTest(test, 'abort in the middle of a big dump: the reason, then the next dump is complete and nothing strays', async (t) => {
  const ipr = await openShared(t)
  const strays = watchStrays(ipr.socket)
  const controller = new AbortController()
  let seen = 0
  const error = await (async () => {
    for await (const _ of ipr.routes({ table: 'main' }, { signal: controller.signal })) {
      if (++seen === 5000) controller.abort(new Error('enough'))
    }
  })().catch((e) => e)
  t.is(error.message, 'enough')
  t.is(seen, 5000, 'nothing after the abort')
  await dumpsInFull(t, ipr)
  await strays(t)
})

nsTest(test, 'break after 10 routes of a 100k dump: the next dump is complete and nothing strays', async (t) => {
  const ipr = await openShared(t)
  const strays = watchStrays(ipr.socket)
  let seen = 0
  for await (const _ of ipr.routes({ table: 'main' })) if (++seen === 10) break
  t.is(seen, 10)
  await dumpsInFull(t, ipr)
  t.true(ipr.socket.stats().discardedLate > 0)
  await strays(t)
})

nsTest(test, 'return() with next() calls pending on a big dump: they settle in order, then done; the next dump is complete', async (t) => {
  const ipr = await openShared(t)
  const strays = watchStrays(ipr.socket)
  const stream = ipr.routes({ table: 'main' })
  const calls = Array.from({ length: 20_000 }, () => stream.next())
  t.deepEqual(await stream.return(), DONE_RESULT)
  const results = await Promise.all(calls)
  const firstDone = results.findIndex((r) => r.done)
  t.true(firstDone >= 0 && firstDone < calls.length, 'some calls were still pending at return()')
  t.true(results.slice(0, firstDone).every((r) => !r.done && r.value.type === 'blackhole'))
  t.true(results.slice(firstDone).every((r) => r.done && r.value === undefined))
  t.deepEqual(await stream.next(), DONE_RESULT)
  await dumpsInFull(t, ipr)
  await strays(t)
})

nsTest(test, 'two dumps queued on one socket: aborting either never touches the other', async (t) => {
  const ipr = await openShared(t)
  const strays = watchStrays(ipr.socket)
  const running = new AbortController()
  let seen = 0
  const first = (async () => {
    for await (const _ of ipr.routes({ table: 'main' }, { signal: running.signal })) if (++seen === 1000) running.abort(new Error('first off'))
  })()
  const queued = new AbortController()
  const second = ipr.getRoutes({ table: 'main' })
  const third = ipr.getRoutes({ table: 'main' }, { signal: queued.signal })
  await new Promise((resolve) => setImmediate(resolve))
  queued.abort(new Error('third off'))
  await t.throwsAsync(first, { message: 'first off' })
  await t.throwsAsync(third, { message: 'third off' })
  t.is((await second).length, BIG, 'the dump queued between them is complete')
  await strays(t)
})

nsTest(test, 'aborting a monitor never touches a dump running at the same time', async (t) => {
  const ipr = await openShared(t)
  const controller = new AbortController()
  const monitor = ipr.monitor(['ipv4_route'], { signal: controller.signal })
  t.teardown(() => monitor.close())
  const waiting = monitor.next()
  const dump = ipr.getRoutes({ table: 'main' })
  controller.abort(new Error('monitor off'))
  await t.throwsAsync(waiting, { message: 'monitor off' })
  t.deepEqual(await monitor.next(), DONE_RESULT)
  t.true(monitor.socket.closed, 'an aborted monitor closes its socket')
  t.is((await dump).length, BIG)
})

// --- the iterator contract on real dumps and events ------------------------------------------

/** A namespace with SMALL blackhole routes and an IPRoute in it. */
async function small(t) {
  const ns = makeNetns(t)
  ipBatch(ns, blackholes(SMALL))
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  return { ns, ipr }
}

nsTest(test, 'ipr.routes(): next() calls made at once on a 100k dump are served in order, then done; next() after the end is done', async (t) => {
  const ipr = await openShared(t)
  const expected = (await ipr.getRoutes({ table: 'main' })).map((r) => r.dst)
  t.is(expected.length, BIG)
  const stream = ipr.routes({ table: 'main' })
  // Far more calls than the first datagrams answer: most wait, and must settle in order.
  const results = await Promise.all(Array.from({ length: BIG + 2 }, () => stream.next()))
  const outOfOrder = results.slice(0, BIG).findIndex((r, i) => r.done || r.value.dst !== expected[i])
  t.is(outOfOrder, -1, 'every route, in the order of the kernel')
  t.deepEqual(results.slice(BIG), [DONE_RESULT, DONE_RESULT])
  t.deepEqual(await stream.next(), DONE_RESULT)
  // The same through a filter that names an interface (looked up first): blackholes have no oif.
  const byName = ipr.routes({ table: 'main', oif: 'lo' })
  t.deepEqual(await Promise.all([byName.next(), byName.next()]), [DONE_RESULT, DONE_RESULT])
  t.is(ipr.socket.stats().pending, 0)
})

nsTest(test, 'an already-aborted signal rejects every dump method at once with an AbortError, and nothing is sent', async (t) => {
  const { ipr } = await small(t)
  const signal = AbortSignal.abort()
  const streams = {
    routes: ipr.routes({}, { signal }),
    'routes by interface name': ipr.routes({ oif: 'lo' }, { signal }),
    links: ipr.links({}, { signal }),
    addresses: ipr.addresses({}, { signal }),
    'addresses by interface name': ipr.addresses({ index: 'lo' }, { signal }),
    neighbours: ipr.neighbours({}, { signal }),
    rules: ipr.rules({}, { signal }),
    'socket.request': ipr.socket.request(Buffer.alloc(12), { type: 26, flags: 0x300, signal }),
  }
  t.is(ipr.socket.stats().pending, 0, 'nothing was registered or sent')
  for (const [name, stream] of Object.entries(streams)) {
    const error = await stream.next().catch((e) => e)
    t.is(error?.name, 'AbortError', name)
    t.deepEqual(await stream.next(), DONE_RESULT, `${name}: after the error, done`)
  }
  for (const collect of [
    ipr.getRoutes({}, { signal }),
    ipr.getLinks({}, { signal }),
    ipr.getAddr({}, { signal }),
    ipr.getNeighbours({}, { signal }),
    ipr.getRules({}, { signal }),
  ]) {
    t.is((await collect.catch((e) => e))?.name, 'AbortError')
  }
  const events = ipr.socket.events({ signal })
  t.is((await events.next().catch((e) => e))?.name, 'AbortError')
  const monitor = ipr.monitor(['ipv4_route'], { signal })
  t.is((await monitor.next().catch((e) => e))?.name, 'AbortError')
  t.true(monitor.socket.closed)
  t.deepEqual(await monitor.next(), DONE_RESULT)
  t.is((await ipr.getRoutes({ table: 'main' })).length, SMALL, 'the socket is untouched')
})

nsTest(test, 'return() on a dump whose filter names an interface: before the start nothing is sent, during it the answer is drained', async (t) => {
  const { ipr } = await small(t)
  const unstarted = ipr.routes({ oif: 'lo' })
  t.deepEqual(await unstarted.return(), DONE_RESULT)
  t.deepEqual(await unstarted.next(), DONE_RESULT, 'next() after return() starts nothing')
  const starting = ipr.routes({ table: 'main', iif: 'lo', match: () => true })
  const pending = [starting.next(), starting.next()]
  t.deepEqual(await starting.return(), DONE_RESULT)
  t.deepEqual(await Promise.all(pending), [DONE_RESULT, DONE_RESULT])
  const failing = ipr.routes({ oif: 'nosuchif0' })
  const both = [failing.next(), failing.next()]
  t.regex((await both[0].catch((e) => e)).message, /no interface named 'nosuchif0'/)
  t.deepEqual(await both[1], DONE_RESULT, 'a failed start is handed out once')
  t.deepEqual(await failing.next(), DONE_RESULT)
  t.is((await ipr.getRoutes({ table: 'main' })).length, SMALL)
  t.is(ipr.socket.stats().pending, 0)
})

nsTest(test, 'events(): several iterators each get every route event; queued next() calls, return() and abort affect only their own', async (t) => {
  const ns = makeNetns(t)
  const socket = await NetlinkSocket.open({ netns: ns, groups: [RTNLGRP_IPV4_ROUTE] })
  t.teardown(() => socket.close())
  const a = socket.events()
  const b = socket.events()
  const controller = new AbortController()
  const c = socket.events({ signal: controller.signal })
  const aCalls = [a.next(), a.next()]
  const cWaiting = [c.next(), c.next()]
  ip(ns, 'route', 'add', 'blackhole', '10.77.0.1/32')
  ip(ns, 'route', 'add', 'blackhole', '10.77.0.2/32')
  t.deepEqual(
    (await Promise.all(aCalls)).map((r) => dstOf(r.value)),
    ['10.77.0.1', '10.77.0.2'],
  )
  t.deepEqual([dstOf((await b.next()).value), dstOf((await b.next()).value)], ['10.77.0.1', '10.77.0.2'])
  t.deepEqual(
    (await Promise.all(cWaiting)).map((r) => dstOf(r.value)),
    ['10.77.0.1', '10.77.0.2'],
  )
  const cPending = c.next()
  controller.abort(new Error('c off'))
  t.is((await cPending.catch((e) => e)).message, 'c off')
  t.deepEqual(await c.next(), DONE_RESULT)
  const bPending = b.next()
  t.deepEqual(await b.return(), DONE_RESULT)
  t.deepEqual(await bPending, DONE_RESULT)
  ip(ns, 'route', 'add', 'blackhole', '10.77.0.3/32')
  const { value } = await a.next()
  t.is(value.header.type, RTM_NEWROUTE)
  t.is(dstOf(value), '10.77.0.3', 'the remaining iterator goes on')
  t.deepEqual(await b.next(), DONE_RESULT)
  t.is(socket.stats().droppedBroadcasts, 0)
})

nsTest(test, 'monitor: next() calls made at once settle in order; return() with one pending settles it done and closes the socket', async (t) => {
  const ns = makeNetns(t)
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const monitor = ipr.monitor(['ipv4_route'])
  t.teardown(() => monitor.close())
  const calls = [monitor.next(), monitor.next()]
  ip(ns, 'route', 'add', 'blackhole', '10.88.0.1/32')
  ip(ns, 'route', 'add', 'blackhole', '10.88.0.2/32')
  t.deepEqual(
    (await Promise.all(calls)).map((r) => r.value.route.dst),
    ['10.88.0.1/32', '10.88.0.2/32'],
  )
  const pending = monitor.next()
  t.deepEqual(await monitor.return(), DONE_RESULT)
  t.deepEqual(await pending, DONE_RESULT)
  t.true(monitor.socket.closed)
  t.deepEqual(await monitor.next(), DONE_RESULT)
  const thrown = ipr.monitor(['ipv4_route'])
  const boom = new Error('consumer failed')
  t.is(await thrown.throw(boom).catch((e) => e), boom)
  t.true(thrown.socket.closed)
})

// --- ENOBUFS with requests in flight ---------------------------------------------------------

// After ENOBUFS the kernel drops every answer that does not fit, without another error, until a
// read finds its queue empty: a request sent in that window used to wait out its whole timeout
// (the engine now holds new requests until the receive side reports the queue empty). Each mode,
// several rounds: the burst, then requests right after it.
for (const bufferThread of [false, true]) {
  nsTest(
    test,
    `a tiny receive buffer and hundreds of pipelined gets (${bufferThread ? 'buffer thread' : 'direct'}): each succeeds or fails at once with NetlinkOverflowError; a request right after never hangs; then the socket works`,
    async (t) => {
      const ns = makeNetns(t)
      // A lost answer shows as NetlinkTimeoutError after 10 s (ava's own timeout catches a hang).
      const options = { timeout: 10_000 }
      let overflowed = 0
      for (let round = 0; round < 5; round++) {
        const ipr = await IPRoute.open({ netns: ns, rcvbuf: 4096, maxInFlight: 1000, bufferThread })
        try {
          const calls = []
          for (let i = 0; i < 300; i++) {
            calls.push(ipr.link('get', { index: 1 }, options))
            calls.push(ipr.route('get', { dst: '127.0.0.1' }, options))
          }
          const results = await Promise.allSettled(calls)
          const rejected = results.filter((r) => r.status === 'rejected')
          overflowed += ipr.socket.stats().overflows > 0 ? 1 : 0
          for (const r of rejected) t.true(r.reason instanceof NetlinkOverflowError, String(r.reason))
          for (const [i, r] of results.entries()) {
            if (r.status !== 'fulfilled') continue
            if (i % 2 === 0) t.is(r.value.index, 1)
            else t.is(r.value.dst, '127.0.0.1/32')
          }
          // The burst's last answers may still be coming (the sender thread can still be inside
          // sendmsg with it): a request then meets a new overflow and fails the same way, at once.
          // Within a second of tries one is answered.
          const deadline = performance.now() + 1000
          let attempts = 0
          let link = null
          while (link === null && performance.now() < deadline) {
            attempts++
            link = await ipr.link('get', { index: 1 }, options).catch((error) => {
              t.true(error instanceof NetlinkOverflowError, String(error))
              return null
            })
          }
          t.is(link?.ifname, 'lo', `a request after the overflow succeeds (${attempts} attempts)`)
          t.is(ipr.socket.stats().pending, 0)
        } finally {
          ipr.close()
        }
      }
      t.true(overflowed > 0, 'the answers overflowed the receive buffer')
      t.log(`${overflowed} of 5 rounds overflowed`)
    },
  )
}
