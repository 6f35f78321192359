// Stress and scenario tests against the real kernel: load (many requests in flight while another
// process changes the same namespace), overflow of a small receive buffer, interrupted dumps, and
// namespaces. Each scenario makes its own namespaces, is bounded in count, and stops by itself;
// the safety bounds (AbortSignal.timeout) only turn a hang into a failure, they assert no timing.
import test from 'ava'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import { readlinkSync, statSync } from 'node:fs'
import { makeNetns, ip, ipJson, ipBatch, nsTest } from './helpers/netns.mjs'
import { startFlapper, ipBatchAsync } from './helpers/flapper.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, Monitor, NetlinkSocket, NetlinkError, NetlinkOverflowError, DumpInterruptedError, isOverflow, rtnl, constants } = require('../dist/index.js')

const { RTM, RTNLGRP, AF_INET } = rtnl
const { NLM_F_DUMP, NLMSG_HDRLEN } = constants
/** Long enough for any of these scenarios on a loaded 2-core machine; reaching it is a hang, not slowness. */
const HANG_BOUND_MS = 45_000

/** `${type} ${dst}` → how many times it was seen. */
function tally(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1)
}

/** Differences between what was expected exactly once and what was seen (empty lists when they agree). */
function onceEach(expectedKeys, seen) {
  const expected = new Set(expectedKeys)
  return {
    missing: [...expected].filter((k) => !seen.has(k)),
    duplicated: [...seen].filter(([k, n]) => expected.has(k) && n !== 1).map(([k, n]) => `${k} ×${n}`),
    unexpected: [...seen.keys()].filter((k) => !expected.has(k)),
  }
}

/** A deterministic shuffle: requests of every kind interleaved, the same way in every run. */
function shuffled(items, seed) {
  const out = [...items]
  let x = seed
  for (let i = out.length - 1; i > 0; i--) {
    x = (x * 1103515245 + 12345) & 0x7fffffff
    const j = x % (i + 1)
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

// --- Load ----------------------------------------------------------------------------------

nsTest(
  test,
  'load: 200 mixed requests in flight on one socket while another process flaps routes; every answer is its own, every broadcast arrives once',
  async (t) => {
    const ns = makeNetns(t)
    ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
    ip(ns, 'link', 'set', 'v0', 'up')
    ip(ns, 'link', 'set', 'v1', 'up')
    ip(ns, 'addr', 'add', '192.0.2.1/24', 'dev', 'v0')
    const STABLE = 50
    const ROUNDS = 5
    const stableGateway = (i) => `192.0.2.${10 + i}`
    ipBatch(ns, [
      ...Array.from({ length: STABLE }, (_, i) => `route add 10.1.${i}.0/24 via ${stableGateway(i)}`),
      // Deleted by the test, 20 per round.
      ...Array.from({ length: ROUNDS * 20 }, (_, k) => `route add blackhole 10.3.${Math.floor(k / 20)}.${k % 20}/32`),
    ])
    const [{ ifindex: v0 }] = ipJson(ns, 'link', 'show', 'v0')
    const [{ ifindex: v1 }] = ipJson(ns, 'link', 'show', 'v1')

    const ipr = await IPRoute.open({ netns: ns })
    t.teardown(() => ipr.close())
    const SENTINEL = '10.255.255.0/24'
    // Two listeners must each see every change once: a monitor on a socket of its own, and the
    // request socket itself, joined to the group, where our own changes come back with our own
    // sequence number and port id while their acks may still be on the way.
    const monitor = ipr.monitor(['ipv4_route'], { signal: AbortSignal.timeout(HANG_BOUND_MS) })
    t.teardown(() => monitor.close())
    const onMonitor = collectRouteEvents(monitor, SENTINEL)
    ipr.socket.addMembership(RTNLGRP.IPV4_ROUTE)
    for (const [type, name] of [
      [RTM.NEWROUTE, 'newroute'],
      [RTM.DELROUTE, 'delroute'],
    ]) {
      ipr.socket.marshal.register(type, (data, offset, length) => ({ type: name, route: rtnl.decodeRoute(data, offset, length) }))
    }
    const onRequestSocket = collectRouteEvents(ipr.socket.events({ signal: AbortSignal.timeout(HANG_BOUND_MS) }), SENTINEL)

    // The flapper's changes: cycle c adds and then deletes 10.77.c.0..9/32.
    const FLAP_WIDTH = 10
    const flapDst = (c, j) => `10.77.${c}.${j}/32`
    const flapper = startFlapper(
      t,
      ns,
      (c) => [
        ...Array.from({ length: FLAP_WIDTH }, (_, j) => `route add blackhole ${flapDst(c, j)}`),
        ...Array.from({ length: FLAP_WIDTH }, (_, j) => `route del blackhole ${flapDst(c, j)}`),
      ],
      { maxCycles: 250 },
    )
    await flapper.started

    const expectedEvents = []
    for (let round = 0; round < ROUNDS; round++) {
      /** Each entry: [what, start() → promise, check(settled) → a problem or null]. */
      const requests = []
      const expectCode = (code) => (s) =>
        s.status === 'rejected' && s.reason instanceof NetlinkError && s.reason.code === code ? null : `expected ${code}, got ${describe(s)}`
      const expectResolved = (s) => (s.status === 'fulfilled' ? null : `expected success, got ${describe(s)}`)
      for (let i = 0; i < 40; i++) {
        const [query, want] = [
          [{ index: 1 }, { index: 1, ifname: 'lo' }],
          [{ index: v0 }, { index: v0, ifname: 'v0' }],
          [{ ifname: 'v1' }, { index: v1, ifname: 'v1' }],
          [{ ifname: `nosuch${i}` }, null],
        ][i % 4]
        requests.push([
          `link get ${JSON.stringify(query)}`,
          () => ipr.link('get', query),
          (s) => {
            if (s.status !== 'fulfilled') return `expected a link, got ${describe(s)}`
            if (want === null) return s.value === null ? null : `expected null, got link ${s.value?.ifname}`
            return s.value?.index === want.index && s.value?.ifname === want.ifname ? null : `expected ${want.ifname}, got ${s.value?.ifname}#${s.value?.index}`
          },
        ])
      }
      for (let i = 0; i < 40; i++) {
        const n = (i + round * 7) % STABLE
        const dst = `10.1.${n}.${5 + round}`
        requests.push([
          `route get ${dst}`,
          () => ipr.route('get', { dst }),
          (s) =>
            s.status === 'fulfilled' && s.value.dst === `${dst}/32` && s.value.gateway === stableGateway(n) && s.value.oif === v0
              ? null
              : `expected ${dst}/32 via ${stableGateway(n)}, got ${s.status === 'fulfilled' ? `${s.value.dst} via ${s.value.gateway}` : describe(s)}`,
        ])
      }
      for (let i = 0; i < 30; i++) {
        const dst = `10.2.${round}.${i}/32`
        requests.push([`route add ${dst}`, () => ipr.route('add', { dst, type: 'blackhole' }), expectResolved])
        expectedEvents.push(`newroute ${dst}`)
      }
      for (let i = 0; i < 10; i++) {
        const n = (i * 3 + round) % STABLE
        requests.push([`route add existing 10.1.${n}.0/24`, () => ipr.route('add', { dst: `10.1.${n}.0/24`, gateway: stableGateway(n) }), expectCode('EEXIST')])
      }
      for (let i = 0; i < 20; i++) {
        const dst = `10.3.${round}.${i}/32`
        requests.push([`route del ${dst}`, () => ipr.route('del', { dst, type: 'blackhole' }), expectResolved])
        expectedEvents.push(`delroute ${dst}`)
      }
      for (let i = 0; i < 20; i++) {
        requests.push([
          `route del missing 10.4.${round}.${i}/32`,
          () => ipr.route('del', { dst: `10.4.${round}.${i}/32`, type: 'blackhole' }),
          expectCode('ESRCH'),
        ])
      }
      // Routes this round's dumps must contain (or must not) whatever the flapper and this round's changes do.
      const mustHave = new Map(Array.from({ length: STABLE }, (_, n) => [`10.1.${n}.0/24`, stableGateway(n)]))
      for (let r = 0; r < round; r++) for (let i = 0; i < 30; i++) mustHave.set(`10.2.${r}.${i}/32`, null)
      const mustNotHave = []
      for (let r = 0; r < round; r++) for (let i = 0; i < 20; i++) mustNotHave.push(`10.3.${r}.${i}/32`)
      for (let i = 0; i < 20; i++) mustNotHave.push(`10.4.${round}.${i}/32`)
      for (let i = 0; i < 20; i++) {
        requests.push([
          'getRoutes',
          () => ipr.getRoutes(),
          (s) => {
            if (s.status !== 'fulfilled') return `expected routes, got ${describe(s)}`
            const byDst = new Map(s.value.filter((r) => r.family === 4 && r.table === 254).map((r) => [r.dst, r]))
            for (const [dst, gateway] of mustHave) {
              if (!byDst.has(dst)) return `dump lacks ${dst}`
              if (gateway !== null && byDst.get(dst).gateway !== gateway) return `dump has ${dst} via ${byDst.get(dst).gateway}, not ${gateway}`
            }
            const stale = mustNotHave.find((dst) => byDst.has(dst))
            return stale === undefined ? null : `dump still has ${stale}`
          },
        ])
        requests.push([
          'getLinks',
          () => ipr.getLinks(),
          (s) => {
            if (s.status !== 'fulfilled') return `expected links, got ${describe(s)}`
            const names = s.value
              .map((l) => `${l.ifname}#${l.index}`)
              .sort()
              .join(' ')
            const want = [`lo#1`, `v0#${v0}`, `v1#${v1}`].sort().join(' ')
            return names === want ? null : `links ${names}, expected ${want}`
          },
        ])
      }
      t.is(requests.length, 200)
      // All 200 go out at once, kinds mixed: started in one synchronous loop, in shuffled order.
      const mixed = shuffled(requests, round + 1)
      const settled = await Promise.allSettled(mixed.map(([, start]) => start()))
      const problems = mixed
        .map(([what, , check], i) => [what, check(settled[i])])
        .filter(([, problem]) => problem !== null)
        .map(([what, problem]) => `${what}: ${problem}`)
      t.deepEqual(problems, [], `round ${round}: every request got its own answer`)
    }

    const cycles = await flapper.stop()
    t.true(cycles >= 1, 'the flapper ran while the requests were in flight')
    t.log(`flapper cycles: ${cycles}`)
    for (let c = 0; c < cycles; c++) {
      for (let j = 0; j < FLAP_WIDTH; j++) expectedEvents.push(`newroute ${flapDst(c, j)}`, `delroute ${flapDst(c, j)}`)
    }
    expectedEvents.push(`newroute ${SENTINEL}`)
    // Broadcasts on one socket keep the kernel's order: once the sentinel arrives, everything made
    // before it has arrived too.
    ip(ns, 'route', 'add', 'blackhole', SENTINEL)
    for (const [where, collecting] of [
      ['monitor', onMonitor],
      ['request socket', onRequestSocket],
    ]) {
      const { seen, odd } = await collecting
      t.deepEqual(odd, [], `${where}: no overflow and no undecoded events`)
      t.deepEqual(
        onceEach(expectedEvents, seen),
        { missing: [], duplicated: [], unexpected: [] },
        `${where}: each of ${expectedEvents.length} changes seen exactly once`,
      )
    }
  },
)

/**
 * Reads route events ({ type, route } or overflow markers) until the sentinel route is added;
 * resolves to `${type} ${dst}` → count, and the kinds of anything else that came.
 */
async function collectRouteEvents(events, sentinel) {
  const seen = new Map()
  const odd = []
  for await (const event of events) {
    if (event.type !== 'newroute' && event.type !== 'delroute') {
      odd.push(isOverflow(event) ? 'overflow' : String(event.type))
      continue
    }
    tally(seen, `${event.type} ${event.route.dst}`)
    if (event.type === 'newroute' && event.route.dst === sentinel) break
  }
  return { seen, odd }
}

function describe(settled) {
  if (settled.status === 'fulfilled') return `success (${JSON.stringify(settled.value)?.slice(0, 80)})`
  const e = settled.reason
  return `${e?.name}${e?.code ? ` ${e.code}` : ''}: ${e?.message}`
}

// --- Overflow ------------------------------------------------------------------------------

const BURST = 100_000
const burstDst = (i) => `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`
const burstLines = () => Array.from({ length: BURST }, (_, i) => `route add blackhole ${burstDst(i)}`)
/** Routes in main before the burst, so the re-dump counts what was there too. */
const BEFORE_BURST = ['10.9.0.0/24', '10.9.1.0/24', '10.9.2.0/24']

/** rtmsg of an IPv4 route dump; the kernel answers every table. */
const ipv4RouteDump = () => Buffer.from([AF_INET, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
/** ifinfomsg asking for one link by index. */
function linkGetPayload(index) {
  const ifinfomsg = Buffer.alloc(16)
  ifinfomsg.writeInt32LE(index, 4)
  return ifinfomsg
}
/** Counts the main-table routes of a dump without building an object for each (rtm_table is byte 4 of the rtmsg). */
async function countMainRoutes(socket) {
  let count = 0
  await socket.requestAll(ipv4RouteDump(), {
    type: RTM.GETROUTE,
    flags: NLM_F_DUMP,
    parser: (data, offset) => {
      if (data.readUInt16LE(offset + 4) === RTM.NEWROUTE && data[offset + NLMSG_HDRLEN + 4] === 254) count++
      return null
    },
  })
  return count
}

nsTest(
  test,
  'overflow: a direct-mode socket on a 64 KiB buffer, not read during a 100k-route burst, reports overflow, ends a request at once, keeps working, and re-dumps completely',
  async (t) => {
    const ns = makeNetns(t)
    ipBatch(
      ns,
      BEFORE_BURST.map((dst) => `route add blackhole ${dst}`),
    )
    const socket = await NetlinkSocket.open({ netns: ns, groups: [RTNLGRP.IPV4_ROUTE], rcvbuf: 64 * 1024, bufferThread: false })
    t.teardown(() => socket.close())
    socket.marshal.register(RTM.NEWROUTE, rtnl.decodeRoute)
    // Direct mode reads only what a consumer asks for, and nothing asks yet: the burst meets a full
    // receive buffer for certain, not only when JavaScript happens to fall behind.
    await ipBatchAsync(ns, burstLines())

    // The kernel drops the answer to a request made now (the socket is congested); the ENOBUFS
    // the engine reads next must end it at once rather than leave it to time out.
    const lost = await socket.requestAll(linkGetPayload(1), { type: RTM.GETLINK, timeout: HANG_BOUND_MS }).catch((error) => error)
    t.true(lost instanceof NetlinkOverflowError, `${lost?.name}: ${lost?.message}`)
    t.is(lost.code, 'ENOBUFS')

    // After an overrun the kernel delivers no notification to the socket until its receive queue
    // is empty. The re-dump reads everything queued before its own answer, so once it is complete
    // a new change reaches the socket again.
    t.is(await countMainRoutes(socket), BEFORE_BURST.length + BURST, 'the re-dump on the same socket has every route')
    const AFTER = '10.250.0.0/24'
    ip(ns, 'route', 'add', 'blackhole', AFTER)
    let overflows = 0
    let burstEvents = 0
    for await (const message of socket.events({ signal: AbortSignal.timeout(HANG_BOUND_MS) })) {
      if (isOverflow(message)) overflows++
      else if (message.dst === AFTER) break
      else burstEvents++
    }
    t.is(overflows, 1, 'the stream said notifications were lost, once')
    t.true(socket.stats().overflows >= 1, 'counted as an overflow (ENOBUFS) by the receive side')
    t.true(burstEvents > 0 && burstEvents < BURST, `part of the burst was kept (${burstEvents} of ${BURST}), the rest reported lost`)
  },
)

nsTest(test, 'overflow: a buffer-thread monitor with a 64 MiB buffer reading during a 100k-route burst loses nothing', async (t) => {
  const ns = makeNetns(t)
  ipBatch(
    ns,
    BEFORE_BURST.map((dst) => `route add blackhole ${dst}`),
  )
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const monitor = ipr.monitor(['ipv4_route'], { rcvbuf: 64 << 20, signal: AbortSignal.timeout(HANG_BOUND_MS) })
  t.teardown(() => monitor.close())
  const SENTINEL = '10.250.0.0/24'
  const burst = ipBatchAsync(ns, burstLines()).then(() => ip(ns, 'route', 'add', 'blackhole', SENTINEL))
  const distinct = new Set()
  let newroutes = 0
  const other = []
  for await (const event of monitor) {
    if (event.type === 'newroute' && event.route.dst === SENTINEL) break
    if (event.type === 'newroute') {
      newroutes++
      distinct.add(event.route.dst)
    } else {
      other.push(event.type)
    }
  }
  await burst
  t.deepEqual(other, [], 'no overflow, nothing but the burst')
  t.is(newroutes, BURST)
  t.is(distinct.size, BURST, 'each route once')
  t.true(distinct.has(burstDst(0)) && distinct.has(burstDst(BURST - 1)))
  t.is(monitor.socket.stats().overflows, 0)
  t.is((await ipr.getRoutes({ table: 'main', family: 4 })).length, BEFORE_BURST.length + BURST + 1)
})

// --- Interrupted dumps ---------------------------------------------------------------------

const ADDRESSES = 2000
/** Dumps tried before concluding that NLM_F_DUMP_INTR does not happen (it takes a few on this machine). */
const INTR_ATTEMPTS = 400
/** Addresses each flapper cycle adds and removes: many per `ip` run, so changes are dense while it runs. */
const FLAP_ADDRESSES = 200

/**
 * A namespace whose address dump spans several datagrams (2,000 addresses on v0), and a flapper
 * adding and removing addresses on v1: every cycle leaves the addresses as they were, so the
 * complete answer is known. Returns the number of addresses a complete dump has.
 */
async function flappingAddresses(t) {
  const ns = makeNetns(t)
  ip(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1')
  ipBatch(
    ns,
    Array.from({ length: ADDRESSES }, (_, i) => `addr add 10.9.${i >> 8}.${i & 255}/32 dev v0`),
  )
  const complete = ipJson(ns, 'addr', 'show').reduce((n, link) => n + link.addr_info.length, 0)
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  const flapper = startFlapper(
    t,
    ns,
    [
      ...Array.from({ length: FLAP_ADDRESSES }, (_, j) => `addr add 198.51.${100 + (j >> 8)}.${j & 255}/32 dev v1`),
      ...Array.from({ length: FLAP_ADDRESSES }, (_, j) => `addr del 198.51.${100 + (j >> 8)}.${j & 255}/32 dev v1`),
    ],
    { maxCycles: 4000 },
  )
  await flapper.started
  return { ns, ipr, flapper, complete }
}

/** Runs `attempt` until it returns a value other than undefined, at most INTR_ATTEMPTS times. */
async function untilInterrupted(t, what, attempt) {
  for (let i = 0; i < INTR_ATTEMPTS; i++) {
    const found = await attempt()
    if (found !== undefined) {
      t.log(`${what}: interrupted after ${i + 1} attempts`)
      return found
    }
  }
  t.fail(`${what}: no NLM_F_DUMP_INTR in ${INTR_ATTEMPTS} dumps of ${ADDRESSES} addresses while another process changed addresses`)
  return undefined
}

const isAddressOfTest = (a) => a.address.startsWith('10.9.')
const isFlapperAddress = (a) => a.address.startsWith('198.51.')

nsTest(
  test,
  'interrupted dumps: getAddr rejects with DumpInterruptedError, streaming sees the error after the messages, retryInterrupted returns a complete answer once the flapping stops',
  async (t) => {
    const { ipr, flapper, complete } = await flappingAddresses(t)

    const collected = await untilInterrupted(t, 'getAddr', () =>
      ipr.getAddr().then(
        () => undefined,
        (error) => {
          if (!(error instanceof DumpInterruptedError)) throw error
          return error
        },
      ),
    )
    if (collected === undefined) return
    t.is(collected.code, 'EINTR')
    t.true(collected.received > 0)
    t.regex(collected.message, /interrupted/)

    const streamed = await untilInterrupted(t, 'addresses()', async () => {
      const iterator = ipr.addresses()
      let yielded = 0
      try {
        for await (const address of iterator) {
          if (typeof address.address === 'string') yielded++
        }
        return undefined
      } catch (error) {
        if (!(error instanceof DumpInterruptedError)) throw error
        return { error, yielded, after: await iterator.next() }
      }
    })
    if (streamed === undefined) return
    t.is(streamed.error.results, null, 'streaming: the messages were handed out already')
    t.is(streamed.error.received, streamed.yielded, 'the error came after every message of the dump')
    t.true(streamed.yielded > ADDRESSES / 2, 'most of the dump came before the error')
    t.deepEqual(streamed.after, { value: undefined, done: true }, 'then the stream is done')

    // A retrying dump that was interrupted at least once: the flapper is asked to stop as soon as a
    // second attempt starts (more messages than one complete dump have arrived). The answer is the
    // first uninterrupted dump: every address of the namespace, plus whichever of the flapper's its
    // last cycle had added when the dump was taken.
    let run = null
    for (let tries = 0; tries < INTR_ATTEMPTS && run === null; tries++) {
      let messages = 0
      const counter = () => {
        if (++messages === complete + 1) flapper.stop().catch(() => {})
      }
      ipr.socket.registerCallback((m) => typeof m?.address === 'string' && m.family !== undefined, counter)
      const answer = await ipr.getAddr({}, { retryInterrupted: 1000 })
      ipr.socket.unregisterCallback(counter)
      if (messages > complete) run = { answer, messages, tries }
    }
    t.truthy(run, `no retried getAddr in ${INTR_ATTEMPTS} calls while another process changed addresses`)
    if (run === null) return
    await flapper.stop()
    const flapped = run.answer.filter(isFlapperAddress).length
    t.is(run.answer.length - flapped, complete, 'every address of the namespace')
    t.is(run.answer.filter(isAddressOfTest).length, ADDRESSES)
    t.true(run.messages > complete, 'it took more than one attempt')
    t.is((await ipr.getAddr({}, { retryInterrupted: 3 })).length, complete, 'exactly the complete answer once the flapper is gone')
  },
)

/** The first getAddr({}, options) that rejects with DumpInterruptedError while the addresses flap. */
async function interruptedGetAddr(t, options = {}) {
  const { ipr, flapper } = await flappingAddresses(t)
  const error = await untilInterrupted(t, `getAddr(${JSON.stringify(options)})`, () =>
    ipr.getAddr({}, options).then(
      () => undefined,
      (e) => {
        if (!(e instanceof DumpInterruptedError)) throw e
        return e
      },
    ),
  )
  await flapper.stop()
  return error
}

// Regression: in direct mode the engine may read a whole dump on the sending thread (readWaiting,
// right after the send) before requestAll calls collect(); the error was then made before the
// results existed, and `results` was null for a collected dump.
nsTest(test, 'interrupted dumps: the DumpInterruptedError of a collected dump carries its partial results', async (t) => {
  const error = await interruptedGetAddr(t)
  if (error === undefined) return
  t.true(Array.isArray(error.results), `results is ${error.results === null ? 'null' : typeof error.results}`)
  t.is(error.results?.length, error.received, 'every message received is in the results (no filter)')
  t.true(
    error.results?.every((a) => typeof a.address === 'string' && a.index > 0),
    'decoded addresses, not raw messages',
  )
})

// Regression: the last attempt's DumpInterruptedError was rethrown as it was made, with
// attempts = 1, so the error never said how many dumps were tried.
nsTest(test, 'interrupted dumps: retryInterrupted: 2 under constant flapping rejects after 3 attempts and says so', async (t) => {
  const RETRIES = 2
  const error = await interruptedGetAddr(t, { retryInterrupted: RETRIES })
  if (error === undefined) return
  t.regex(error.message, new RegExp(`${RETRIES + 1} attempts`), 'the error says how many attempts were made')
  t.is(error.attempts, RETRIES + 1)
})

// --- Namespaces ----------------------------------------------------------------------------

/** The test process's own network namespace, as the process and as this thread see it. */
const ownNamespace = () => ({ process: readlinkSync('/proc/self/ns/net'), thread: readlinkSync('/proc/thread-self/ns/net') })

/** Links as `name#index`, sorted: from IPRoute objects or from `ip -j link`. */
const linkSet = (links) => links.map((l) => `${l.ifname}#${l.index ?? l.ifindex}`).sort()
/** IPv4 main-table destinations, sorted, written the same way for IPRoute objects and `ip -j route`. */
const routeSet = (routes) => routes.map((r) => (r.dst === 'default' ? '0.0.0.0/0' : r.dst.includes('/') ? r.dst : `${r.dst}/32`)).sort()

/** `ip -j` for a namespace, or for the test process's own namespace when `ns` is null. */
function ipJsonIn(ns, ...args) {
  return ns === null ? JSON.parse(execFileSync('ip', ['-j', ...args], { encoding: 'utf8' }) || '[]') : ipJson(ns, ...args)
}

nsTest(test, 'namespaces: sockets opened in parallel see only their own namespace; the process stays in its own; a missing namespace is named', async (t) => {
  const nsA = makeNetns(t, 'nlr-a')
  const nsB = makeNetns(t, 'nlr-b')
  ip(nsA, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'a1')
  ip(nsA, 'link', 'set', 'a0', 'up')
  ip(nsA, 'addr', 'add', '192.0.2.1/24', 'dev', 'a0')
  ip(nsA, 'route', 'add', 'blackhole', '10.11.0.0/24')
  ip(nsB, 'link', 'add', 'b0', 'type', 'bridge')
  ip(nsB, 'route', 'add', 'unreachable', '10.22.0.0/24')
  const before = ownNamespace()
  t.not(before.process, `net:[${statSync(`/run/netns/${nsA}`).ino}]`, 'the test does not run in a test namespace')

  // Interleaved opens in A, B and the process's own namespace, all at once, plus monitors.
  const where = Array.from({ length: 12 }, (_, i) => [nsA, nsB, null][i % 3])
  const sockets = await Promise.all(where.map((ns) => IPRoute.open(ns === null ? {} : { netns: ns })))
  t.teardown(() => sockets.forEach((s) => s.close()))
  const monitors = sockets.slice(0, 2).map((s) => s.monitor(['ipv4_route'], { signal: AbortSignal.timeout(HANG_BOUND_MS) }))
  t.teardown(() => monitors.forEach((m) => m.close()))
  t.deepEqual(ownNamespace(), before, 'opening sockets in namespaces left the process and this thread where they were')

  const views = await Promise.all(
    sockets.map(async (s) => ({ links: linkSet(await s.getLinks()), routes: routeSet(await s.getRoutes({ table: 'main', family: 4 })) })),
  )
  const truth = new Map(
    [nsA, nsB, null].map((ns) => [ns, { links: linkSet(ipJsonIn(ns, 'link', 'show')), routes: routeSet(ipJsonIn(ns, 'route', 'show', 'table', 'main')) }]),
  )
  t.notDeepEqual(truth.get(nsA).links, truth.get(nsB).links)
  t.notDeepEqual(truth.get(nsA).routes, truth.get(null).routes)
  views.forEach((view, i) => t.deepEqual(view, truth.get(where[i]), `socket ${i} (${where[i] ?? 'own namespace'}) sees its namespace and only it`))

  // Both namespaces changed at once through their own sockets: the same destinations, a different type in each.
  const [inA, inB] = sockets
  const dsts = Array.from({ length: 50 }, (_, i) => `10.33.${i}.0/24`)
  await Promise.all(dsts.flatMap((dst) => [inA.route('add', { dst, type: 'blackhole' }), inB.route('add', { dst, type: 'unreachable' })]))
  const typesIn = async (s) => (await s.getRoutes({ within: '10.33.0.0/16' })).map((r) => `${r.dst} ${r.type}`).sort()
  t.deepEqual(await typesIn(inA), dsts.map((d) => `${d} blackhole`).sort())
  t.deepEqual(await typesIn(inB), dsts.map((d) => `${d} unreachable`).sort())
  t.is(ipJson(nsA, 'route', 'show', 'type', 'blackhole', 'root', '10.33.0.0/16').length, 50, 'ip agrees for A')
  t.is(ipJson(nsB, 'route', 'show', 'type', 'unreachable', 'root', '10.33.0.0/16').length, 50, 'ip agrees for B')
  // Each monitor hears its own namespace's 50 changes and then its sentinel, nothing of the other's.
  const SENTINEL = '10.44.0.0/24'
  ip(nsA, 'route', 'add', 'blackhole', SENTINEL)
  ip(nsB, 'route', 'add', 'blackhole', SENTINEL)
  const heard = await Promise.all(
    monitors.map(async (monitor) => {
      const events = []
      for await (const event of monitor) {
        if (event.route?.dst === SENTINEL) break
        events.push(`${event.type} ${event.route?.dst} ${event.route?.type}`)
      }
      return events.sort()
    }),
  )
  t.deepEqual(heard[0], dsts.map((d) => `newroute ${d} blackhole`).sort(), 'A hears only A')
  t.deepEqual(heard[1], dsts.map((d) => `newroute ${d} unreachable`).sort(), 'B hears only B')

  // A missing namespace: ENOENT naming it, for a name and for a path, and nothing else changes.
  const missing = `nlr-missing-${process.pid}`
  for (const netns of [missing, `/run/netns/${missing}`]) {
    const error = await t.throwsAsync(IPRoute.open({ netns }))
    t.is(error.code, 'ENOENT')
    t.true(error.message.includes(missing), `the error names the namespace: ${error.message}`)
  }
  const monitorError = t.throws(() => Monitor.open(['link'], { netns: missing }))
  t.is(monitorError.code, 'ENOENT')
  t.true(monitorError.message.includes(missing), `the monitor's error names the namespace: ${monitorError.message}`)
  t.deepEqual(ownNamespace(), before, 'still in its own namespace after everything')
})
