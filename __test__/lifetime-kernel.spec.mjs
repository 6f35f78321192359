// Socket lifetimes against the real kernel, counted rather than guessed: fds in /proc/self/fd and
// threads in /proc/self/status, in a child process of each scenario's own
// (helpers/resource-child.mjs), so that nothing else in the test worker moves the counts.
import test from 'ava'
import { createRequire } from 'node:module'
import { ipBatch, makeNetns, nsTest } from './helpers/netns.mjs'
import { scenario } from './helpers/resources.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkSocket, SocketClosedError } = require('../dist/index.js')

const CYCLES = 10_000
for (const kind of ['direct', 'bufferThread', 'netns', 'iproute', 'monitor']) {
  nsTest(test.serial, `${CYCLES} open/close cycles of ${kind} sockets, no GC forced: fds and threads back where they started`, async (t) => {
    const ns = makeNetns(t, 'nlr-life')
    const result = await scenario('cycles', CYCLES, ns, kind)
    t.is(result.count, CYCLES)
    t.log(
      `${kind}: ${CYCLES} cycles in ${result.ms} ms; fds ${result.before.fds} → ${result.after.fds}, threads ${result.before.threads} → ${result.after.threads}`,
    )
    t.deepEqual(result.after, result.before, `close() left fds or threads behind: ${JSON.stringify(result)}`)
  })
}

const DROPS = 2000
for (const kind of ['direct', 'bufferThread', 'iproute', 'monitor']) {
  nsTest(test.serial, `${DROPS} ${kind} sockets dropped without close(): fds and threads reclaimed after GC`, async (t) => {
    const ns = makeNetns(t, 'nlr-drop')
    const result = await scenario('drops', DROPS, ns, kind)
    // The sockets really were open while referenced, so the check below is not vacuous.
    t.log(
      `${kind}: fds ${result.before.fds} → ${result.dropped.fds} dropped → ${result.after.fds} after GC; threads ${result.before.threads} → ${result.dropped.threads} → ${result.after.threads}`,
    )
    t.true(result.dropped.fds >= result.before.fds + DROPS, `sockets were not open: ${JSON.stringify(result)}`)
    t.deepEqual(result.after, result.before, `dropped sockets were not reclaimed: ${JSON.stringify(result)}`)
  })
}

nsTest(test.serial, 'sockets awaited but no longer referenced are not collected under their callers, with GC forced all along', async (t) => {
  const ns = makeNetns(t, 'nlr-held')
  const lines = []
  for (let i = 0; i < 20_000; i++) lines.push(`route add blackhole 10.${(i >> 8) & 255}.${i & 255}.0/24`)
  ipBatch(ns, lines)
  const result = await scenario('awaitedUnreferenced', 20, ns)
  // 20k routes plus the kernel's local routes for lo, the same in every dump.
  t.is(result.routeCounts.length, 1, JSON.stringify(result))
  t.true(result.routeCounts[0] >= 20_000 && result.routeCounts[0] < 20_010, JSON.stringify(result))
})

nsTest(test, 'a process with sockets left open (idle, dropped, with a callback, an unread monitor) exits by itself', async (t) => {
  const ns = makeNetns(t, 'nlr-exit')
  const result = await scenario('exit', 0, ns, undefined, { timeout: 20_000 })
  t.true(result.exited)
})

nsTest(test, 'close() with requests pending rejects every one of them at once and frees the socket', async (t) => {
  const ns = makeNetns(t, 'nlr-close')
  for (const options of [{}, { bufferThread: true }]) {
    const ipr = await IPRoute.open({ netns: ns, ...options, timeout: 60_000 })
    const gets = Array.from({ length: 100 }, () => ipr.link('get', { index: 1 }))
    const dumps = [ipr.getRoutes(), ipr.getLinks(), ipr.getAddr()]
    const stream = ipr.routes()
    const streamed = stream.next()
    ipr.close()
    const settled = await Promise.allSettled([...gets, ...dumps, streamed])
    for (const outcome of settled) {
      // A request answered before close() (read on the calling thread) may have succeeded.
      if (outcome.status === 'rejected') t.true(outcome.reason instanceof SocketClosedError, String(outcome.reason))
    }
    t.true(settled.filter((o) => o.status === 'rejected').length >= dumps.length, 'queued dumps were rejected')
    await t.throwsAsync(() => ipr.link('get', { index: 1 }), { instanceOf: SocketClosedError })
    t.is((await stream.next()).done, true)
  }
})

test('close() releases a socket whatever JavaScript still holds: the native handle reports closed', async (t) => {
  const socket = await NetlinkSocket.open()
  const held = socket.stats()
  t.true(held.datagrams >= 0)
  socket.close()
  socket.close() // idempotent
  t.true(socket.closed)
  t.is(socket.stats().datagrams, 0)
  t.throws(() => socket.addMembership(1), { code: 'EBADF' })
})
