// The send side's order and limits (src/protocol/outbox.ts) with a recording host and stand-in
// requests: coalescing, the in-flight window, the dump queue and the congestion hold.
import test from 'ava'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { Outbox, inFlightWindow } = require('../dist/protocol/outbox.js')

let nextId = 0
const req = ({ isDump = false, size = 20 } = {}) => ({ id: ++nextId, isDump, state: 'queued', frame: Buffer.alloc(size) })
const microtask = () => new Promise((resolve) => queueMicrotask(resolve))

/** An outbox whose host records each datagram (the ids of its requests) and what was retired. */
function setup(maxInFlight = 2, { refuse = new Set() } = {}) {
  const sent = []
  const retired = []
  let flushes = 0
  const outbox = new Outbox(
    {
      start: (request) => {
        if (!refuse.has(request)) return true
        request.state = 'retired'
        return false
      },
      transmit: (batch) => sent.push(batch.map((r) => r.id)),
      retire: (request) => {
        request.state = 'retired'
        retired.push(request.id)
      },
      flushed: () => flushes++,
    },
    maxInFlight,
  )
  return { outbox, sent, retired, flushes: () => flushes }
}

test('inFlightWindow: one request per 8 KiB of receive buffer, 8 .. 1024, or the given positive integer', (t) => {
  t.is(inFlightWindow(undefined, 1 << 20), 128)
  t.is(inFlightWindow(undefined, 1024), 8)
  t.is(inFlightWindow(undefined, 1 << 30), 1024)
  t.is(inFlightWindow(3, 1 << 20), 3)
  t.throws(() => inFlightWindow(0, 1 << 20), { instanceOf: RangeError, message: /maxInFlight must be a positive integer, got 0/ })
  t.throws(() => inFlightWindow(1.5, 1 << 20), { instanceOf: RangeError })
})

test("a tick's requests go out as one datagram at the next microtask", async (t) => {
  const { outbox, sent, flushes } = setup(8)
  const a = req()
  const b = req()
  t.false(outbox.submit(a))
  t.false(outbox.submit(b))
  t.is(a.state, 'active')
  t.true(outbox.hasUnflushed)
  t.deepEqual([...outbox.unflushed()], [a, b])
  t.deepEqual(sent, [])
  await microtask()
  t.deepEqual(sent, [[a.id, b.id]])
  t.is(flushes(), 1)
  t.false(outbox.hasUnflushed)
  t.is(outbox.unflushed(), null)
  t.is(outbox.inFlight, 2)
})

test('64 KiB of requests flush at once, without waiting for the microtask', (t) => {
  const { outbox, sent } = setup(8)
  const big = [req({ size: 40000 }), req({ size: 30000 })]
  for (const r of big) outbox.submit(r)
  t.deepEqual(sent, [big.map((r) => r.id)])
})

test('beyond the window requests wait in order; each retirement lets the next one out', async (t) => {
  const { outbox, sent } = setup(2)
  const r = [req(), req(), req(), req()]
  for (const x of r) outbox.submit(x)
  await microtask()
  t.deepEqual(sent, [[r[0].id, r[1].id]])
  t.is(r[2].state, 'queued')
  r[0].state = 'retired'
  outbox.released(r[0], true)
  await microtask()
  t.deepEqual(sent[1], [r[2].id])
  t.is(outbox.inFlight, 2)
})

test('a place freed before the flush is taken by the next waiting request, in the same datagram', async (t) => {
  const { outbox, sent } = setup(1)
  const [a, b, c] = [req(), req(), req()]
  for (const x of [a, b, c]) outbox.submit(x)
  a.state = 'retired'
  outbox.released(a, true) // answered on the sending thread, before the flush
  await microtask()
  t.deepEqual(sent, [[b.id]], 'a was retired before it went out; b took its place, c waits')
  t.is(c.state, 'queued')
})

test('a waiting request abandoned before its turn is skipped', async (t) => {
  const { outbox, sent } = setup(1)
  const [a, b, c] = [req(), req(), req()]
  for (const x of [a, b, c]) outbox.submit(x)
  await microtask()
  b.state = 'retired'
  outbox.withdraw(b)
  outbox.released(a, true)
  await microtask()
  t.deepEqual(sent, [[a.id], [c.id]])
})

test('dumps go one at a time, each alone after the requests made before it', async (t) => {
  const { outbox, sent } = setup(8)
  const a = req()
  const d1 = req({ isDump: true })
  const d2 = req({ isDump: true })
  outbox.submit(a)
  outbox.submit(d1)
  outbox.submit(d2)
  t.deepEqual(sent, [[a.id], [d1.id]], 'the pending flush first, then the dump')
  t.is(outbox.activeDump, d1)
  t.is(d2.state, 'queued')
  outbox.released(d1, true)
  t.deepEqual(sent[2], [d2.id])
  t.is(outbox.activeDump, d2)
  t.is(outbox.inFlight, 1, 'dumps do not count against the window')
})

test('a queued dump withdrawn never goes out', (t) => {
  const { outbox, sent } = setup(8)
  const d1 = req({ isDump: true })
  const d2 = req({ isDump: true })
  outbox.submit(d1)
  outbox.submit(d2)
  outbox.withdraw(d2)
  outbox.released(d1, true)
  t.deepEqual(sent, [[d1.id]])
  t.is(outbox.activeDump, null)
})

test('a request abandoned in its own tick is retired at the flush, not sent', async (t) => {
  const { outbox, sent, retired } = setup(8)
  const [a, b] = [req(), req()]
  outbox.submit(a)
  outbox.submit(b)
  a.state = 'draining'
  await microtask()
  t.deepEqual(sent, [[b.id]])
  t.deepEqual(retired, [a.id])
})

test('a request the host cannot start stays out of the window', async (t) => {
  const refused = req()
  const { outbox, sent } = setup(8, { refuse: new Set([refused]) })
  outbox.submit(refused)
  await microtask()
  t.deepEqual(sent, [])
  t.is(outbox.inFlight, 0)
})

test('the congestion hold keeps new requests, the unflushed ones and freed places until release', async (t) => {
  const { outbox, sent } = setup(2)
  const [a, b] = [req(), req()]
  outbox.submit(a)
  outbox.hold()
  t.true(outbox.congested)
  t.true(outbox.submit(b), 'held: its timeout runs from now')
  const dump = req({ isDump: true })
  t.true(outbox.submit(dump))
  await microtask()
  t.deepEqual(sent, [], 'the flush waits for the release')
  outbox.released(a, true)
  t.deepEqual(sent, [], 'a freed place is not used while congested')
  outbox.release()
  t.false(outbox.congested)
  t.deepEqual(sent, [[a.id], [b.id], [dump.id]], 'the held flush, then the waiting request, then the dump')
})

test('after stop nothing more goes out and the queues are empty', async (t) => {
  const { outbox, sent } = setup(1)
  const [a, b] = [req(), req()]
  const [d1, d2] = [req({ isDump: true }), req({ isDump: true })]
  for (const x of [a, b, d1, d2]) outbox.submit(x)
  outbox.stop()
  outbox.released(a, true)
  outbox.released(d1, true)
  await microtask()
  t.deepEqual(sent, [[a.id], [d1.id]])
  t.is(b.state, 'queued')
  t.is(d2.state, 'queued')
})

test('a batch goes out at once, alone, after what this tick made before it, whatever MAX_COALESCED_BYTES says', async (t) => {
  const { outbox, sent } = setup(8)
  const before = req()
  outbox.submit(before)
  const batch = [req({ size: 40_000 }), req({ size: 40_000 })]
  t.false(outbox.submitBatch(batch))
  t.deepEqual(sent, [[before.id], batch.map((r) => r.id)])
  t.true(batch.every((r) => r.state === 'active'))
  t.is(outbox.inFlight, 3)
  const after = req()
  outbox.submit(after)
  await microtask()
  t.deepEqual(sent.at(-1), [after.id], 'a later request is never coalesced into the batch')
})

test('a batch waits until the window has room for all of it; one larger than the window goes once nothing is in flight', (t) => {
  const { outbox, sent } = setup(2)
  const a = req()
  outbox.submit(a)
  const small = [req(), req()]
  outbox.submitBatch(small)
  t.is(sent.length, 0)
  const later = req()
  outbox.submit(later)
  a.state = 'retired'
  outbox.released(a, true)
  t.is(outbox.inFlight, 2)
  t.deepEqual(
    sent.at(-1),
    small.map((r) => r.id),
  )
  const big = [req(), req(), req()]
  outbox.submitBatch(big)
  for (const r of small) {
    r.state = 'retired'
    outbox.released(r, true)
  }
  // `later` was first in line: it goes, and the batch of three waits for the window to empty.
  t.is(later.state, 'active')
  t.true(big.every((r) => r.state === 'queued'))
  later.state = 'retired'
  outbox.released(later, true)
  t.true(big.every((r) => r.state === 'active'))
  t.is(outbox.inFlight, 3)
})

test('a batch abandoned while it waited is skipped; one held by congestion goes out at release', (t) => {
  const { outbox, sent } = setup(1)
  const a = req()
  outbox.submit(a)
  const abandoned = [req(), req()]
  outbox.submitBatch(abandoned)
  for (const r of abandoned) r.state = 'retired'
  outbox.hold()
  const held = [req(), req()]
  t.true(outbox.submitBatch(held))
  a.state = 'retired'
  outbox.released(a, true)
  t.true(held.every((r) => r.state === 'queued'))
  outbox.release()
  t.deepEqual(
    sent.at(-1),
    held.map((r) => r.id),
  )
  t.false(sent.some((ids) => ids.includes(abandoned[0].id)))
})
