// What a change waiting for its ack costs on the heap. Programs issue route changes by the
// hundred thousand and await them together (Promise.allSettled); each waiting one holds its
// payload, options and promise (a request too once it is in the in-flight window), and must hold nothing more: an async frame per layer (a
// promise, a generator and a context each) or a Promise.all per name lookup doubled it before.
// Counted with forced GC, on a fake kernel that holds every ack until the test releases them.
import test from 'ava'
import { createRequire } from 'node:module'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { FakeKernel, ack } from './helpers/fake-kernel.mjs'

const require = createRequire(import.meta.url)
const { IPRoute } = require('../dist/index.js')

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc')
const heap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const CHANGES = 20_000
/**
 * Bytes of heap a waiting change may hold: about 0.42 KB (0.5 KB by name) here, now that a change
 * behind the in-flight window waits unbuilt (its payload, options and promise, not a request with
 * its frame); 0.75 KB (0.8 KB) before that, 0.95 KB (1 KB) before a change waited on completed()
 * instead of collect().then() and a request made its queue of next() calls only when iterated;
 * 1.7 KB (2 KB) before that.
 */
const PER_CHANGE_BOUND = 600
/**
 * What a change naming an interface holds while the one lookup they all share is outstanding: about
 * 0.45 KB here (its payload built once and its unbuilt request in the lookup's list, the name's
 * path made only for an error), 0.55 KB with a promise chain of its own on the lookup, 0.7 KB
 * before its payload was built once, and about 1.3 KB when each waited through an async #indexOf
 * and two more promises.
 */
const PER_WAITER_BOUND = 550

/** An IPRoute on a fake kernel that answers nothing: every request it sends is kept in `held`. */
async function silentKernel() {
  const kernel = new FakeKernel()
  const held = []
  kernel.respond = (request) => {
    held.push(request)
    return []
  }
  return { kernel, held, ipr: await IPRoute.open({}, kernel.opener) }
}

/** The `i`-th route change of the tests, through `oif`. */
const change = (ipr, i, oif) => ipr.route('add', { dst: `10.${(i >> 8) & 255}.${i & 255}.0/24`, gateway: '10.255.0.2', oif, table: 100 })

async function waitingChanges(t, oif) {
  const { kernel, held, ipr } = await silentKernel()
  if (typeof oif !== 'number') {
    // The interface lookup of the named variant is answered at once, as the kernel does.
    kernel.respond = (request) => {
      if (request.readUInt16LE(4) === 18) return [linkAnswer(request)]
      held.push(request)
      return []
    }
  }
  const before = heap()
  const changes = []
  for (let i = 0; i < CHANGES; i++) changes.push(change(ipr, i, oif))
  // Until the first window went out (by name: once the one lookup is answered, every change is built).
  for (let turn = 0; turn < 1000 && held.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve))
  t.true(held.length > 0, 'changes went out')
  // What the fake itself records of each message sent is not the library's.
  kernel.sent.length = 0
  const perChange = (heap() - before) / CHANGES
  t.log(`${typeof oif === 'number' ? 'by index' : 'by name'}: ${perChange.toFixed(0)} bytes of heap per waiting change`)
  t.true(perChange < PER_CHANGE_BOUND, `${perChange.toFixed(0)} bytes per waiting change`)
  // Released, every change resolves and nothing of them stays.
  let settled = false
  const all = Promise.allSettled(changes).then((results) => {
    settled = true
    return results
  })
  for (let turn = 0; turn < 100_000 && !settled; turn++) {
    const batch = held.splice(0)
    for (const request of batch) kernel.deliver(ack(request))
    await new Promise((resolve) => setImmediate(resolve))
  }
  const results = await all
  t.is(results.filter((r) => r.status === 'fulfilled' && r.value === undefined).length, CHANGES)
  changes.length = 0
  results.length = 0
  kernel.sent.length = 0
  const after = heap()
  t.true((after - before) / CHANGES < 100, `${((after - before) / CHANGES).toFixed(0)} bytes per change kept after they all resolved`)
  await ipr.close()
}

/** RTM_NEWLINK for ifindex 3, name 'v0', as the answer to an RTM_GETLINK. */
function linkAnswer(request) {
  const name = Buffer.from('v0\0')
  const attrLen = 4 + name.length
  const length = 16 + 16 + ((attrLen + 3) & ~3)
  const m = Buffer.alloc(length)
  m.writeUInt32LE(length, 0)
  m.writeUInt16LE(16, 4)
  m.writeUInt32LE(request.readUInt32LE(8), 8)
  m.writeInt32LE(3, 16 + 4)
  m.writeUInt16LE(attrLen, 32)
  m.writeUInt16LE(3, 34)
  name.copy(m, 36)
  return m
}

test.serial('a route change waiting for its ack holds less than 600 bytes of heap, given by index', (t) => waitingChanges(t, 3))
test.serial('a route change waiting for its ack holds less than 600 bytes of heap, given by name', (t) => waitingChanges(t, 'v0'))

test.serial('route changes naming an interface share one lookup and hold little while it is outstanding', async (t) => {
  const { kernel, held, ipr } = await silentKernel()
  const before = heap()
  const changes = []
  for (let i = 0; i < CHANGES; i++) changes.push(change(ipr, i, 'v0'))
  for (let turn = 0; turn < 1000 && held.length === 0; turn++) await new Promise((resolve) => setImmediate(resolve))
  t.deepEqual(
    held.map((request) => request.readUInt16LE(4)),
    [18],
    'one RTM_GETLINK went out, and no change',
  )
  kernel.sent.length = 0
  const perWaiter = (heap() - before) / CHANGES
  t.log(`${perWaiter.toFixed(0)} bytes of heap per change waiting for the lookup`)
  t.true(perWaiter < PER_WAITER_BOUND, `${perWaiter.toFixed(0)} bytes per change waiting for the lookup`)
  // Answered, every change goes out; acknowledged, every one resolves with nothing.
  kernel.respond = (request) => [ack(request)]
  kernel.deliver(linkAnswer(held.pop()))
  const results = await Promise.allSettled(changes)
  t.is(results.filter((r) => r.status === 'fulfilled' && r.value === undefined).length, CHANGES)
  await ipr.close()
})

test.serial('a process that names ever new interfaces keeps only the recent lookup answers', async (t) => {
  const kernel = new FakeKernel()
  kernel.respond = (request) => [request.readUInt16LE(4) === 18 ? linkAnswer(request) : ack(request)]
  const ipr = await IPRoute.open({}, kernel.opener)
  const NAMES = 10_000
  const add = (i, name) => ipr.route('add', { dst: `10.${(i >> 8) & 255}.${i & 255}.0/24`, oif: name })
  // What the engine keeps of every request is bounded (its retired sequence numbers, compiled
  // code): filled first, by changes naming one interface, so that the names are what is measured.
  for (let i = 0; i < 2 * NAMES; i++) await add(i, 'veth-first')
  kernel.sent.length = 0
  const before = heap()
  for (let i = 0; i < NAMES; i++) await add(i, `veth${i}`)
  // Over a second later the answers above are too old to serve: the next ones drop them.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  for (let i = 0; i < 100; i++) await add(i, `vnew${i}`)
  kernel.sent.length = 0
  const perName = (heap() - before) / NAMES
  t.log(`${perName.toFixed(1)} bytes of heap kept per name looked up`)
  t.true(perName < 20, `${perName.toFixed(1)} bytes kept per name`)
  await ipr.close()
})
