// Resource scenarios run in a child process of their own (node --expose-gc), so that fd, thread
// and RSS counts belong to the scenario alone. Prints one JSON line with the counts; the tests in
// __test__/lifetime-kernel.spec.mjs and __test__/memory-kernel.spec.mjs assert on them, and
// docs/reliability.md quotes them (run a scenario by hand: node --expose-gc THIS SCENARIO N [NETNS]).
import { readdirSync, readFileSync } from 'node:fs'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkSocket } = require('../../dist/index.js')
const { RTM } = require('../../dist/iproute/constants.js')

export const fds = () => readdirSync('/proc/self/fd').length
export const threads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1])

/**
 * Threads once those already joined are gone: pthread_join returns when the thread's task wakes
 * its joiner on the way out, a moment before the kernel stops counting it in /proc/self/status
 * (seen on a loaded machine: one more thread right after the last close()). A leaked thread never
 * goes, so waiting up to a second for the count to come back to `expected` hides nothing.
 */
export async function settledThreads(expected) {
  const deadline = performance.now() + 1000
  let now = threads()
  while (now > expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
    now = threads()
  }
  return now
}
export const rssMiB = () => process.memoryUsage().rss / 1048576

/** Socket kinds, each opened and closed the way a user would. */
const KINDS = {
  direct: async () => (await NetlinkSocket.open()).close(),
  bufferThread: async () => (await NetlinkSocket.open({ bufferThread: true })).close(),
  netns: async (netns) => (await NetlinkSocket.open({ netns })).close(),
  iproute: async (netns) => {
    const ipr = await IPRoute.open({ netns })
    await ipr.link('get', { index: 1 })
    ipr.close()
  },
  monitor: async (netns) => {
    const ipr = await IPRoute.open({ netns })
    const monitor = ipr.monitor(['ipv4_route', 'link'])
    monitor.close()
    ipr.close()
  },
}

/** Sockets opened and used the way a user would, then dropped without close(). */
const DROPS = {
  direct: () => NetlinkSocket.open(),
  bufferThread: () => NetlinkSocket.open({ bufferThread: true }),
  iproute: async (netns) => {
    const ipr = await IPRoute.open({ netns })
    await ipr.link('get', { index: 1 })
    return ipr
  },
  monitor: async (netns) => {
    const ipr = await IPRoute.open({ netns })
    return [ipr, ipr.monitor(['ipv4_route'])]
  },
}

async function collect() {
  // The timeout sweep of a socket that just answered runs once more (at most 250 ms later) before
  // it stops and lets go; finalizers of collected native objects run on a later event-loop turn.
  await sleep(300)
  for (let i = 0; i < 4; i++) {
    globalThis.gc()
    await nextTurn()
  }
}

const scenarios = {
  /** N open/close cycles of one kind with no GC forced: close() alone must free everything. */
  async cycles(count, netns, kind) {
    const open = KINDS[kind]
    await open(netns) // warm-up: the addon's own one-time allocations
    const before = { fds: fds(), threads: threads() }
    for (let i = 0; i < count; i++) await open(netns)
    return { kind, count, before, after: { fds: fds(), threads: await settledThreads(before.threads) } }
  },

  /** N sockets dropped without close(), then GC. */
  async drops(count, netns, kind) {
    const drop = DROPS[kind]
    await (KINDS[kind] ?? KINDS.direct)(netns)
    await collect()
    const before = { fds: fds(), threads: threads() }
    // Held until all are open, so that the count below shows them open at once (GC may run at
    // any time and would otherwise reclaim early ones already), then let go of together.
    let held = []
    for (let i = 0; i < count; i++) held.push(await drop(netns))
    const dropped = { fds: fds(), threads: threads() }
    held = null
    await collect()
    return { kind, count, before, dropped, after: { fds: fds(), threads: await settledThreads(before.threads) } }
  },

  /**
   * The process exits by itself with sockets left open and never closed: idle, dropped, with a
   * registered callback, with a monitor nobody reads. (A pending next() or request does keep it
   * alive, by design: somebody awaits it.)
   */
  async exit(_count, netns) {
    const ipr = await IPRoute.open({ netns })
    await ipr.getLinks()
    ipr.monitor(['link'])
    const listening = await NetlinkSocket.open({ bufferThread: true, groups: [1] })
    listening.registerCallback(
      () => true,
      () => {},
    )
    await NetlinkSocket.open({ bufferThread: true })
    return { exited: true }
  },

  /**
   * Sockets nobody references any more while their answers are awaited, with GC forced all along:
   * they must not be collected under the callers (each dump must come back complete).
   */
  async awaitedUnreferenced(count, netns) {
    const collector = setInterval(() => globalThis.gc(), 1)
    try {
      const dumps = Array.from({ length: count }, async (_, i) => {
        // Nothing keeps the socket after this line but the request in flight (and, with a timeout,
        // the timeout sweep's timer: half of them have none).
        const options = { netns, bufferThread: i % 2 === 1, timeout: i % 4 < 2 ? 0 : 30_000 }
        const routes = await (await IPRoute.open(options)).getRoutes({ family: 4 })
        return routes.length
      })
      const counts = await Promise.all(dumps)
      return { count, routeCounts: [...new Set(counts)] }
    } finally {
      clearInterval(collector)
    }
  },

  /** N sequential small requests awaited one after another, never yielding to the event loop. */
  async requests(count, netns, mode) {
    const ipr = await IPRoute.open({ netns })
    const samples = []
    const retained = []
    if (mode === 'gc') globalThis.gc()
    const start = rssMiB()
    let peak = start
    const every = Math.max(1, Math.floor(count / 20))
    // RTM_GETLINK for ifindex 1 through the generic socket: the native read path of every small
    // answer, without the cost of decoding a whole link in JavaScript each time.
    const payload = Buffer.alloc(16)
    payload.writeInt32LE(1, 4)
    const options = { type: RTM.GETLINK, flags: 0, parser: (data, offset, length) => length }
    for (let i = 1; i <= count; i++) {
      const [length] = await ipr.socket.requestAll(payload, options)
      if (!(length > 16)) throw new Error(`RTM_GETLINK answered with ${length} bytes`)
      if (i % every === 0) {
        if (mode === 'gc') {
          globalThis.gc()
          // Right after a full GC these are exact: what JS and V8-tracked native memory still hold.
          const { heapUsed, external } = process.memoryUsage()
          retained.push(Math.round(((heapUsed + external) / 1048576) * 10) / 10)
        }
        const now = rssMiB()
        samples.push(Math.round(now))
        if (now > peak) peak = now
      }
    }
    ipr.close()
    return { count, mode, startMiB: start, peakMiB: peak, samples, retained }
  },

  /**
   * N full dumps of the namespace's route table, each streamed and counted ('stream') or collected
   * into an array ('collect'). A collected array of 100k routes is garbage the moment it is counted,
   * but V8 collects it when it likes, so RSS alone says little about what is kept: in 'collect'
   * mode a full GC is also forced every few dumps, after the array is dropped, and the heap and
   * external memory then still in use are recorded (exact, unlike RSS).
   */
  async dumps(count, netns, mode) {
    const ipr = await IPRoute.open({ netns })
    const counts = new Set()
    const samples = []
    const retained = []
    const every = Math.max(1, Math.floor(count / 20))
    let start = 0
    let peak = 0
    for (let i = 0; i < count; i++) {
      let n = 0
      if (mode === 'collect') n = (await ipr.getRoutes({ family: 4 })).length
      else for await (const _ of ipr.routes({ family: 4 })) n++
      counts.add(n)
      if (i === 0) start = peak = rssMiB()
      const now = rssMiB()
      if (now > peak) peak = now
      if (i % every === 0) samples.push(Math.round(now))
      if (mode === 'collect' && i % every === every - 1) {
        globalThis.gc()
        const { heapUsed, external } = process.memoryUsage()
        retained.push(Math.round(((heapUsed + external) / 1048576) * 10) / 10)
      }
    }
    ipr.close()
    return { count, mode, routeCounts: [...counts], startMiB: start, peakMiB: peak, samples, retained }
  },
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, count, netns, variant] = process.argv.slice(2)
  const ns = netns === '-' || netns === undefined ? undefined : netns
  const started = performance.now()
  const result = await scenarios[name](Number(count), ns, variant)
  result.ms = Math.round(performance.now() - started)
  process.stdout.write(JSON.stringify(result) + '\n')
}
