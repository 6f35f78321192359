// NetlinkSocket.batch against the fake kernel: one datagram, consecutive sequence numbers, each
// message's answer mapped back to it (in either order), both modes, the in-flight window, timeout,
// abort, close and bad input.
import test from 'ava'
import { createRequire } from 'node:module'
import { FakeKernel, ack, errorFor, nlmsg, seqOf, until } from './helpers/fake-kernel.mjs'

const require = createRequire(import.meta.url)
const { NetlinkSocket, NetlinkError, BatchError, NetlinkTimeoutError, SocketClosedError, constants } = require('../dist/index.js')

const RTM_NEWROUTE = 24
const { NLM_F_REQUEST, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_DUMP } = constants
const payloads = (count) => Array.from({ length: count }, (_, i) => Buffer.alloc(12, i + 1))
const messages = (count) => payloads(count).map((payload) => ({ type: RTM_NEWROUTE, flags: NLM_F_CREATE | NLM_F_EXCL, payload }))
const flushed = () => new Promise((resolve) => setImmediate(resolve))

/** A socket on a fake kernel that answers nothing by itself: the test delivers what it likes. */
async function open(options = {}) {
  const kernel = new FakeKernel()
  const socket = await NetlinkSocket.open(options, kernel.opener)
  return { kernel, socket }
}

/** The next broadcast, or 'none' after a short while: nothing of a batch may come out here. */
async function nextEvent(events) {
  const timer = new Promise((resolve) => setTimeout(() => resolve('none'), 50))
  return Promise.race([events.next().then((r) => r.value), timer])
}

test('a batch of 3 goes out as one datagram of 3 messages with consecutive sequence numbers, NLM_F_ACK on each', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (request) => [ack(request)]
  const results = await socket.batch(messages(3))
  t.is(kernel.datagramsSent, 1)
  t.is(kernel.sent.length, 3)
  const first = seqOf(kernel.sent[0])
  kernel.sent.forEach((sent, i) => {
    t.is(seqOf(sent), first + i)
    t.is(sent.readUInt16LE(4), RTM_NEWROUTE)
    t.is(sent.readUInt16LE(6), NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
    t.deepEqual(sent.subarray(16), payloads(3)[i])
  })
  t.deepEqual(results, [
    { ok: true, messages: [], error: null },
    { ok: true, messages: [], error: null },
    { ok: true, messages: [], error: null },
  ])
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a payload whose length is not a multiple of 4 is padded, so the next message starts where the kernel looks', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (request) => [ack(request)]
  await socket.batch([
    { type: RTM_NEWROUTE, payload: Buffer.from([1, 2, 3]) },
    { type: RTM_NEWROUTE, payload: Buffer.from([4, 5, 6, 7]) },
  ])
  t.is(kernel.datagramsSent, 1)
  t.is(kernel.sent[0].readUInt32LE(0), 19, 'nlmsg_len is the unpadded length')
  t.deepEqual([...kernel.sent[1].subarray(16)], [4, 5, 6, 7])
  socket.close()
})

test('answers arriving in another order reach their own messages; raise mode rejects naming index 1, drains the rest, and the socket goes on', async (t) => {
  const { kernel, socket } = await open()
  const events = socket.events()
  const sent = []
  kernel.respond = (request) => void sent.push(request)
  const pending = socket.batch(messages(3))
  await until(() => sent.length === 3)
  // The error first, then the others' acks, last to first, each in its own datagram.
  kernel.deliver(errorFor(sent[1], 'EEXIST', { message: 'File exists' }))
  kernel.deliver(ack(sent[2]))
  kernel.deliver(ack(sent[0]))
  const error = await t.throwsAsync(pending, { instanceOf: BatchError })
  t.true(error instanceof NetlinkError)
  t.is(error.index, 1)
  t.is(error.code, 'EEXIST')
  t.is(error.extAckMessage, 'File exists')
  t.is(error.requestType, RTM_NEWROUTE)
  t.regex(error.message, /^messages\[1\] of a batch of 3 refused: EEXIST/)
  t.deepEqual(
    error.results.map((r) => [r.ok, r.error?.code ?? null]),
    [
      [true, null],
      [false, 'EEXIST'],
      [true, null],
    ],
  )
  t.is(socket.stats().pending, 0)
  t.is(socket.stats().discardedLate, 0)
  // Nothing of the batch reached events(): the first broadcast there is this one.
  kernel.broadcast(nlmsg({ type: RTM_NEWROUTE, payload: Buffer.alloc(12) }), 11)
  const event = await nextEvent(events)
  t.is(event.header.type, RTM_NEWROUTE)
  t.is(event.header.sequenceNumber, 0)
  kernel.respond = (request) => [ack(request)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: NLM_F_ACK }), [])
  socket.close()
})

test('noraise: every outcome is a value, in order, the refused one carrying its NetlinkError', async (t) => {
  const { kernel, socket } = await open()
  let n = 0
  kernel.respond = (request) => [n++ === 1 ? errorFor(request, 'EEXIST', { message: 'File exists' }) : ack(request)]
  const results = await socket.batch(messages(3), { noraise: true })
  t.deepEqual(
    results.map((r) => r.ok),
    [true, false, true],
  )
  t.true(results[1].error instanceof NetlinkError)
  t.false(results[1].error instanceof BatchError)
  t.is(results[1].error.errno, 17)
  t.is(results[1].error.extAckMessage, 'File exists')
  t.is(results[0].error, null)
  socket.close()
})

test('data answering a message before its ack is that message’s result', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (request) => [Buffer.concat([nlmsg({ type: RTM_NEWROUTE, seq: seqOf(request), pid: 4242, payload: request.subarray(16) }), ack(request)])]
  const results = await socket.batch(messages(2), { noraise: true })
  t.deepEqual(
    results.map((r) => r.messages.map((m) => m.header.type)),
    [[RTM_NEWROUTE], [RTM_NEWROUTE]],
  )
  socket.close()
})

test('with the in-flight window full, a batch waits and then goes out whole; a batch larger than the window goes whole once nothing else is out', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 2 })
  const held = []
  kernel.respond = (request) => (request.readUInt16LE(4) === 18 ? void held.push(request) : [ack(request)])
  const first = socket.requestAll(Buffer.alloc(16), { type: 18, flags: NLM_F_ACK })
  const second = socket.requestAll(Buffer.alloc(16), { type: 18, flags: NLM_F_ACK })
  await flushed()
  t.is(kernel.datagramsSent, 1)
  const batch = socket.batch(messages(3))
  await flushed()
  t.is(kernel.sent.length, 2, 'nothing of the batch went out past the window')
  kernel.deliver(ack(held[0]))
  await first
  await flushed()
  t.is(kernel.sent.length, 2, 'one free slot is not enough for three: the batch is never split')
  kernel.deliver(ack(held[1]))
  await second
  t.is((await batch).length, 3)
  t.is(kernel.datagramsSent, 2)
  t.deepEqual(
    kernel.sent.slice(2).map((m) => seqOf(m) - seqOf(kernel.sent[2])),
    [0, 1, 2],
  )
  socket.close()
})

test('a request made after a waiting batch goes out after it, never before', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 2 })
  const held = []
  kernel.respond = (request) => (request.readUInt16LE(4) === 18 ? void held.push(request) : [ack(request)])
  const first = socket.requestAll(Buffer.alloc(16), { type: 18, flags: NLM_F_ACK })
  await flushed()
  const batch = socket.batch(messages(2))
  const after = socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: NLM_F_ACK })
  await flushed()
  t.is(kernel.sent.length, 1)
  kernel.deliver(ack(held[0]))
  await Promise.all([first, batch, after])
  t.deepEqual(
    kernel.sent.map((m) => m.readUInt16LE(4)),
    [18, RTM_NEWROUTE, RTM_NEWROUTE, RTM_NEWROUTE],
  )
  t.true(seqOf(kernel.sent[3]) > seqOf(kernel.sent[2]))
  socket.close()
})

test('a silent kernel: the batch rejects with NetlinkTimeoutError, late acks are discarded, not broadcast', async (t) => {
  const { kernel, socket } = await open()
  const events = socket.events()
  const sent = []
  kernel.respond = (request) => void sent.push(request)
  await t.throwsAsync(socket.batch(messages(3), { timeout: 40 }), { instanceOf: NetlinkTimeoutError })
  for (const request of sent) kernel.deliver(ack(request))
  await until(() => socket.stats().pending === 0)
  t.is(socket.stats().discardedLate, 3)
  t.is(await nextEvent(events), 'none')
  socket.close()
})

test('abort: the batch rejects with the reason and what the kernel still answers is drained; an aborted signal sends nothing', async (t) => {
  const { kernel, socket } = await open()
  const events = socket.events()
  const sent = []
  kernel.respond = (request) => void sent.push(request)
  const controller = new AbortController()
  const pending = socket.batch(messages(3), { signal: controller.signal })
  await until(() => sent.length === 3)
  kernel.deliver(ack(sent[0]))
  await until(() => socket.stats().pending === 2)
  const reason = new Error('stop')
  controller.abort(reason)
  t.is(await t.throwsAsync(pending), reason)
  kernel.deliver(ack(sent[1]))
  kernel.deliver(ack(sent[2]))
  await until(() => socket.stats().pending === 0)
  t.is(socket.stats().discardedLate, 2)
  t.is(await nextEvent(events), 'none')
  await t.throwsAsync(socket.batch(messages(2), { signal: AbortSignal.abort(reason) }), { is: reason })
  t.is(kernel.sent.length, 3, 'nothing sent for an already-aborted batch')
  socket.close()
})

test('close() while a batch is pending rejects it with SocketClosedError; a batch on a closed socket too', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = () => {}
  const pending = socket.batch(messages(2))
  await until(() => kernel.sent.length === 2)
  socket.close()
  await t.throwsAsync(pending, { instanceOf: SocketClosedError })
  await t.throwsAsync(socket.batch(messages(1)), { instanceOf: SocketClosedError })
})

test('bad input: TypeError or RangeError naming messages[i] or options, before anything is sent', async (t) => {
  const { kernel, socket } = await open()
  const good = { type: RTM_NEWROUTE, payload: Buffer.alloc(12) }
  const cases = [
    [[], TypeError, /^messages must be a non-empty array/],
    ['nope', TypeError, /^messages must be a non-empty array/],
    [[good, null], TypeError, /^messages\[1\]: expected an object/],
    [[good, { ...good, type: 70000 }], RangeError, /^messages\[1\]\.type must be an integer 0\.\.65535/],
    [[{ ...good, payload: 'abc' }], TypeError, /^messages\[0\]\.payload must be a Buffer or Uint8Array/],
    [[good, good, { ...good, flags: NLM_F_DUMP }], TypeError, /^messages\[2\]\.flags: a dump cannot be part of a batch/],
    [[{ ...good, parser: 1 }], TypeError, /^messages\[0\]\.parser must be a function/],
    [[{ ...good, signal: 1 }], TypeError, /^messages\[0\]\.signal: unknown field/],
    [
      [good, { ...good, payload: Buffer.alloc(500_000) }],
      RangeError,
      /^messages: the batch takes 500044 bytes, more than one datagram of this socket may \(425952/,
    ],
  ]
  for (const [input, type, message] of cases) await t.throwsAsync(socket.batch(input), { instanceOf: type, message })
  await t.throwsAsync(socket.batch([good], { noraise: 'yes' }), { instanceOf: TypeError, message: /^options\.noraise must be a boolean/ })
  await t.throwsAsync(socket.batch([good], { timeout: -1 }), { instanceOf: RangeError, message: /^options\.timeout must be/ })
  await t.throwsAsync(socket.batch([good], { bogus: 1 }), { instanceOf: TypeError, message: /^options\.bogus: unknown option/ })
  await flushed()
  t.is(kernel.sent.length, 0)
  t.is(socket.stats().pending, 0)
  socket.close()
})
