// The async-iterator contract of request() and events(), a malformed message in the middle of an
// answer, and ENOBUFS with requests in flight, against the fake kernel.
import test from 'ava'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { FakeKernel, nlmsg, done, errorFor, seqOf, readRecording, withSeq, until, NLM_F_MULTI } from './helpers/fake-kernel.mjs'

const require = createRequire(import.meta.url)
const { NetlinkSocket, NetlinkOverflowError, NetlinkTimeoutError, ParseError, isOverflow } = require('../dist/index.js')

const recording = readRecording(fileURLToPath(new URL('./fixtures/core/link-dump.bin', import.meta.url)))
const RTM_NEWLINK = 16
const RTM_GETLINK = 18
const RTM_NEWROUTE = 24
const DUMP = 0x300
const ACK = 0x4
const DONE_RESULT = { value: undefined, done: true }
const ifinfomsg = () => Buffer.alloc(16)
const dumpOf = (socket, options = {}) => socket.request(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, ...options })
const collectDump = (socket, options = {}) => socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, ...options })
const dumpFrames = (kernel) => kernel.sent.filter((f) => f.readUInt16LE(4) === RTM_GETLINK)
const linkCount = recording.reduce((n, d) => n + countMessages(d), 0) - 1 // the last datagram holds DONE
const route = (seq, flags = NLM_F_MULTI) => nlmsg({ type: RTM_NEWROUTE, flags, seq, payload: Buffer.alloc(12) })
const flushed = () => new Promise((resolve) => setImmediate(resolve))

function countMessages(datagram) {
  let n = 0
  for (let at = 0; at + 16 <= datagram.length; at += (datagram.readUInt32LE(at) + 3) & ~3) n++
  return n
}

async function open(options = {}) {
  const kernel = new FakeKernel()
  const socket = await NetlinkSocket.open(options, kernel.opener)
  return { kernel, socket }
}

/** Answers the dump sent as `frame` with the whole recording. */
function answerDump(kernel, frame) {
  for (const d of recording) kernel.deliver(withSeq(d, seqOf(frame)))
}

/** Nothing reached the broadcast stream: an events() iterator opened now gets nothing before `signal` fires. */
async function nothingStray(t, socket) {
  const controller = new AbortController()
  const events = socket.events({ signal: controller.signal })
  // A plain timer, not AbortSignal.timeout(): that one is unref'd, and the fake kernel holds nothing open.
  setTimeout(() => controller.abort(new Error('quiet')), 50)
  t.is(
    await events.next().then(
      (r) => (r.done ? 'done' : 'a message'),
      (e) => e.message,
    ),
    'quiet',
    'no leftover in the broadcast stream',
  )
}

/** Keeps the event loop alive while `promise` settles (the fake kernel's ref() holds nothing, the sweep timer is unref'd). */
async function held(promise) {
  const timer = setInterval(() => {}, 1000)
  try {
    return await promise
  } finally {
    clearInterval(timer)
  }
}

// --- request(): the async-iterator contract ---------------------------------------------------

test('request(): next() calls made before the previous settled are queued and settle in order', async (t) => {
  const { kernel, socket } = await open()
  const stream = dumpOf(socket)
  const calls = Array.from({ length: linkCount + 2 }, () => stream.next())
  answerDump(kernel, kernel.sent[0])
  const results = await Promise.all(calls)
  const values = results.slice(0, linkCount)
  t.true(values.every((r) => r.done === false))
  socketAnswering(kernel, socket)
  const expected = (await collectDump(socket)).map((m) => m.payload.readInt32LE(4))
  t.deepEqual(
    values.map((r) => r.value.payload.readInt32LE(4)),
    expected,
  )
  t.deepEqual(results.slice(linkCount), [DONE_RESULT, DONE_RESULT])
  t.deepEqual(await stream.next(), DONE_RESULT, 'next() after the end')
  socket.close()
})

/** Makes the kernel answer every later dump with the recording; returns the socket. */
function socketAnswering(kernel, socket) {
  kernel.respond = (frame) => recording.map((d) => withSeq(d, seqOf(frame)))
  return socket
}

test('request(): return() with next() calls pending settles them done; the socket dumps again in full, nothing stray', async (t) => {
  const { kernel, socket } = await open()
  const stream = dumpOf(socket)
  const pending = [stream.next(), stream.next(), stream.next()]
  t.deepEqual(await stream.return(), DONE_RESULT)
  t.deepEqual(await Promise.all(pending), [DONE_RESULT, DONE_RESULT, DONE_RESULT])
  t.deepEqual(await stream.next(), DONE_RESULT, 'next() after return()')
  const second = collectDump(socket)
  t.is(dumpFrames(kernel).length, 1, 'the abandoned dump is drained before the next is sent')
  answerDump(kernel, kernel.sent[0])
  await until(() => dumpFrames(kernel).length === 2)
  answerDump(kernel, kernel.sent[1])
  t.is((await second).length, linkCount)
  t.is(socket.stats().discardedLate, linkCount + 1, 'every message of the abandoned dump, DONE included, was discarded')
  await nothingStray(t, socket)
  socket.close()
})

test('request(): return() after the answer arrived drops what is queued; an error is handed out once, then done', async (t) => {
  const { kernel, socket } = await open()
  socketAnswering(kernel, socket)
  const stream = dumpOf(socket)
  t.false((await stream.next()).done)
  await until(() => socket.stats().pending === 0) // the rest is queued in JS
  await stream.return()
  t.deepEqual(await stream.next(), DONE_RESULT, 'queued messages are not handed out after return()')

  kernel.respond = null
  const timed = socket.request(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK, timeout: 30 })
  await t.throwsAsync(held(timed.next()), { instanceOf: NetlinkTimeoutError })
  t.deepEqual(await timed.next(), DONE_RESULT, 'after the error, plain done')
  socket.close()
})

test('request(): an already-aborted signal rejects at once with its AbortError and nothing is sent', async (t) => {
  const { kernel, socket } = await open()
  const stream = dumpOf(socket, { signal: AbortSignal.abort() })
  const error = await stream.next().catch((e) => e)
  t.is(error.name, 'AbortError')
  t.deepEqual(await stream.next(), DONE_RESULT)
  const reason = new Error('my reason')
  const controller = new AbortController()
  controller.abort(reason)
  t.is(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK, signal: controller.signal }).catch((e) => e), reason)
  await flushed()
  t.is(kernel.sent.length, 0)
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('request(): aborting one of two dumps queued on a socket never touches the other', async (t) => {
  const { kernel, socket } = await open()
  // The second dump is aborted while it waits for the first: the first goes on untouched.
  const queuedAbort = new AbortController()
  const first = collectDump(socket)
  const second = collectDump(socket, { signal: queuedAbort.signal })
  const third = collectDump(socket)
  queuedAbort.abort(new Error('not this one'))
  await t.throwsAsync(second, { message: 'not this one' })
  answerDump(kernel, kernel.sent[0])
  t.is((await first).length, linkCount)
  await until(() => dumpFrames(kernel).length === 2)
  answerDump(kernel, kernel.sent[1])
  t.is((await third).length, linkCount, 'the aborted dump was never sent; the next one is')
  t.is(dumpFrames(kernel).length, 2)

  // The running dump is aborted: the one queued behind it runs once the first is drained.
  const activeAbort = new AbortController()
  const running = dumpOf(socket, { signal: activeAbort.signal })
  const behind = collectDump(socket)
  kernel.deliver(withSeq(recording[0], seqOf(kernel.sent[2])))
  for (let i = 0; i < countMessages(recording[0]); i++) t.false((await running.next()).done)
  const waiting = running.next()
  activeAbort.abort(new Error('stop the first'))
  await t.throwsAsync(waiting, { message: 'stop the first' })
  t.deepEqual(await running.next(), DONE_RESULT)
  for (const d of recording.slice(1)) kernel.deliver(withSeq(d, seqOf(kernel.sent[2])))
  await until(() => dumpFrames(kernel).length === 4)
  answerDump(kernel, kernel.sent[3])
  t.is((await behind).length, linkCount)
  await nothingStray(t, socket)
  socket.close()
})

test('request(): throw() settles pending calls done, rejects with its error, and drains like return()', async (t) => {
  const { kernel, socket } = await open()
  const stream = dumpOf(socket)
  const pending = stream.next()
  const boom = new Error('caller failed')
  t.is(await stream.throw(boom).catch((e) => e), boom)
  t.deepEqual(await pending, DONE_RESULT)
  t.deepEqual(await stream.next(), DONE_RESULT)
  const next = collectDump(socket)
  answerDump(kernel, kernel.sent[0])
  await until(() => dumpFrames(kernel).length === 2)
  answerDump(kernel, kernel.sent[1])
  t.is((await next).length, linkCount)
  socket.close()
})

// --- events(): the same contract, and fan-out -------------------------------------------------

const broadcast = (i) => {
  const payload = Buffer.alloc(16)
  payload.writeInt32LE(i, 4)
  return nlmsg({ type: RTM_NEWLINK, payload })
}
const indexOf = (m) => m.payload.readInt32LE(4)

test('events(): queued next() calls settle in order; return() settles pending ones done, later ones too', async (t) => {
  const { kernel, socket } = await open()
  const events = socket.events()
  const calls = [events.next(), events.next(), events.next()]
  for (let i = 1; i <= 3; i++) kernel.deliver(broadcast(i), 1)
  t.deepEqual(
    (await Promise.all(calls)).map((r) => indexOf(r.value)),
    [1, 2, 3],
  )
  const pending = [events.next(), events.next()]
  t.deepEqual(await events.return(), DONE_RESULT)
  t.deepEqual(await Promise.all(pending), [DONE_RESULT, DONE_RESULT])
  kernel.deliver(broadcast(4), 1)
  t.deepEqual(await events.next(), DONE_RESULT, 'next() after return()')
  const later = socket.events()
  t.is(indexOf((await later.next()).value), 4, 'a later iterator still reads the stream')
  socket.close()
  t.deepEqual(await later.next(), DONE_RESULT, 'next() after the end')
})

test('events(): several iterators each get every broadcast; each has its own bounded queue and overflow marker', async (t) => {
  const { kernel, socket } = await open({ eventQueueLimit: 4 })
  const fast = socket.events()
  const slow = socket.events()
  const seenFast = []
  const reading = (async () => {
    for await (const m of fast) {
      seenFast.push(isOverflow(m) ? 'overflow' : indexOf(m))
      if (seenFast.length === 10) break
    }
  })()
  for (let i = 1; i <= 10; i++) {
    kernel.deliver(broadcast(i), 1)
    await until(() => seenFast.length === i)
  }
  await reading
  t.deepEqual(seenFast, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'the fast reader lost nothing')
  const seenSlow = []
  for (let i = 0; i < 5; i++) {
    const { value } = await slow.next()
    seenSlow.push(isOverflow(value) ? 'overflow' : indexOf(value))
  }
  t.deepEqual(seenSlow, [1, 2, 3, 4, 'overflow'], 'the slow reader got its first four, then its own marker')
  t.is(socket.stats().droppedBroadcasts, 6)
  socket.close()
})

test('events(): an aborted signal rejects at once with its AbortError; aborting one iterator leaves the others reading', async (t) => {
  const { kernel, socket } = await open()
  kernel.deliver(broadcast(1), 1)
  const pendingRequest = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }) // keeps reading going
  await until(() => kernel.queued === 0)
  await flushed()
  const already = socket.events({ signal: AbortSignal.abort() })
  t.is((await already.next().catch((e) => e)).name, 'AbortError')
  t.deepEqual(await already.next(), DONE_RESULT, 'after the error, plain done')

  const controller = new AbortController()
  const aborted = socket.events({ signal: controller.signal })
  const other = socket.events()
  t.is(indexOf((await aborted.next()).value), 1, 'the backlog went to the first iterator that really opened')
  const waiting = [aborted.next(), aborted.next()]
  controller.abort(new Error('only this one'))
  t.is((await waiting[0].catch((e) => e)).message, 'only this one')
  t.deepEqual(await waiting[1], DONE_RESULT)
  t.deepEqual(await aborted.next(), DONE_RESULT)
  kernel.deliver(broadcast(2), 1)
  t.is(indexOf((await other.next()).value), 2)
  kernel.deliver(errorFor(kernel.sent[0], 0))
  await pendingRequest
  socket.close()
})

test('events(): throw() ends only that iterator and rejects with its error', async (t) => {
  const { kernel, socket } = await open()
  const a = socket.events()
  const b = socket.events()
  const pending = a.next()
  const boom = new Error('consumer failed')
  t.is(await a.throw(boom).catch((e) => e), boom)
  t.deepEqual(await pending, DONE_RESULT)
  kernel.deliver(broadcast(7), 1)
  t.is(indexOf((await b.next()).value), 7)
  t.deepEqual(await a.next(), DONE_RESULT)
  socket.close()
})

// --- a malformed message inside an answer -----------------------------------------------------

const withBadLength = (message, length) => {
  const copy = Buffer.from(message)
  copy.writeUInt32LE(length, 0)
  return copy
}

test('a malformed message before NLMSG_DONE in the last datagram ends the dump at once; the next dump starts right away', async (t) => {
  for (const bad of [0, 8, 15, 4096]) {
    const { kernel, socket } = await open({ timeout: 60_000 })
    const first = collectDump(socket)
    const second = collectDump(socket)
    const seq = seqOf(kernel.sent[0])
    kernel.deliver(Buffer.concat([route(seq), withBadLength(route(seq), bad), done(seq)]))
    const error = await t.throwsAsync(first, { instanceOf: ParseError })
    t.is(error.offset, 28)
    // Under a 60 s timeout: the queued dump must not wait for one.
    await until(() => dumpFrames(kernel).length === 2)
    answerDump(kernel, kernel.sent[1])
    t.is((await second).length, linkCount, `nlmsg_len ${bad}: the next dump is complete`)
    t.is(socket.stats().pending, 0)
    await nothingStray(t, socket)
    socket.close()
  }
})

test('a malformed message in a middle datagram ends the dump at once; the rest is drained and the next dump follows its DONE', async (t) => {
  const { kernel, socket } = await open({ timeout: 60_000 })
  const first = dumpOf(socket)
  const second = collectDump(socket)
  const seq = seqOf(kernel.sent[0])
  kernel.deliver(Buffer.concat([route(seq), route(seq)]))
  t.false((await first.next()).done)
  t.false((await first.next()).done)
  const before = first.next()
  kernel.deliver(Buffer.concat([route(seq), withBadLength(route(seq), 9), route(seq)]))
  t.false((await before).done, 'the message before the bad one is delivered')
  await t.throwsAsync(first.next(), { instanceOf: ParseError })
  t.deepEqual(await first.next(), DONE_RESULT)
  t.is(dumpFrames(kernel).length, 1, 'the dump goes on in the kernel: the next one waits for its DONE')
  kernel.deliver(Buffer.concat([route(seq), route(seq), done(seq)]))
  await until(() => dumpFrames(kernel).length === 2)
  answerDump(kernel, kernel.sent[1])
  t.is((await second).length, linkCount)
  t.is(socket.stats().discardedLate, 3, 'the tail of the broken dump was discarded')
  await nothingStray(t, socket)
  socket.close()
})

test('a malformed ack among pipelined acks: the requests whose acks were unreadable fail at once, the others are untouched', async (t) => {
  const { kernel, socket } = await open({ timeout: 60_000 })
  const answers = Array.from({ length: 6 }, () => socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }))
  await flushed()
  const frames = kernel.sent.slice()
  // Requests 0..4 are acked in one datagram whose ack for request 1 has a bad length; 5 is answered later.
  kernel.deliver(Buffer.concat([errorFor(frames[0], 0), withBadLength(errorFor(frames[1], 0), 3), ...frames.slice(2, 5).map((f) => errorFor(f, 0))]))
  const settled = await Promise.allSettled(answers.slice(0, 5))
  t.deepEqual(settled[0], { status: 'fulfilled', value: [] })
  for (const result of settled.slice(1)) t.true(result.reason instanceof ParseError, 'owed an ack in the unreadable rest')
  t.is(socket.stats().pending, 1, 'only the request not named in that datagram still waits')
  kernel.deliver(errorFor(frames[5], 0))
  t.deepEqual(await answers[5], [])
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }), [])
  await nothingStray(t, socket)
  socket.close()
})

// --- ENOBUFS with requests in flight ----------------------------------------------------------

// The kernel reports ENOBUFS once and then drops every answer that does not fit, silently, until
// a read finds its queue empty (netlink_overrun / netlink_rcv_wake): a request sent in between
// lost its answer with nothing to end it, and waited out its whole timeout (seen in CI).
test('after an overflow nothing new is sent until the recovered marker: requests and dumps are held, then go out in order', async (t) => {
  const { kernel, socket } = await open()
  // The first request's answer is lost to the overflow; later ones are acked, dumps answered by hand.
  kernel.respond = (frame) => (frame.readUInt16LE(4) === RTM_GETLINK || frame.readUInt16LE(4) === 30 ? null : [errorFor(frame, 0)])
  const before = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  await flushed()
  kernel.deliver(Buffer.alloc(0), -1)
  await t.throwsAsync(before, { instanceOf: NetlinkOverflowError })
  const later = socket.requestAll(Buffer.alloc(4), { type: 32, flags: ACK })
  const dump = collectDump(socket)
  const after = socket.requestAll(Buffer.alloc(4), { type: 33, flags: ACK })
  await flushed()
  t.deepEqual(
    kernel.sent.map((f) => f.readUInt16LE(4)),
    [30],
    'held while congested',
  )
  t.true(kernel.demands > 0)
  kernel.deliver(Buffer.alloc(0), -2)
  await until(() => kernel.sent.length === 4)
  t.deepEqual(
    kernel.sent.map((f) => f.readUInt16LE(4)),
    [30, 32, 33, RTM_GETLINK],
    'then sent: the requests, then the dump alone',
  )
  t.deepEqual(await later, [])
  t.deepEqual(await after, [])
  answerDump(kernel, kernel.sent[3])
  t.is((await dump).length, linkCount)
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a request held by congestion that never clears ends with NetlinkTimeoutError after its own timeout', async (t) => {
  const { kernel, socket } = await open()
  const listening = new AbortController()
  const events = socket.events({ signal: listening.signal })
  kernel.deliver(Buffer.alloc(0), -1)
  t.true(isOverflow((await events.next()).value))
  listening.abort()
  const started = performance.now()
  const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK, timeout: 60 }), { instanceOf: NetlinkTimeoutError })
  t.true(performance.now() - started >= 55, String(error))
  t.is(kernel.sent.length, 0, 'it was never sent')
  t.is(socket.stats().pending, 0)
  // Once the queue is found empty, requests go out again.
  kernel.deliver(Buffer.alloc(0), -2)
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }), [])
  socket.close()
})

test('an overflow marker ends the requests in flight at once with NetlinkOverflowError; dumps and waiting requests go on', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 3 })
  const listening = new AbortController()
  const events = socket.events({ signal: listening.signal })
  const inFlight = Array.from({ length: 3 }, () => socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK, timeout: 60_000 }))
  const waiting = Array.from({ length: 2 }, () => socket.requestAll(Buffer.alloc(4), { type: 31, flags: ACK }))
  const dump = collectDump(socket)
  await flushed()
  const sentBefore = kernel.sent.slice()
  t.deepEqual(
    sentBefore.map((f) => f.readUInt16LE(4)),
    [30, 30, 30, RTM_GETLINK],
  )
  kernel.deliver(withSeq(recording[0], seqOf(sentBefore[3])))
  kernel.deliver(Buffer.alloc(0), -1)
  for (const result of await Promise.allSettled(inFlight)) {
    t.true(result.reason instanceof NetlinkOverflowError)
    t.is(result.reason.code, 'ENOBUFS')
    t.regex(result.reason.message, /receive buffer was full.*may be lost.*retry/)
  }
  t.true(isOverflow((await events.next()).value), 'the broadcast stream gets its marker too')
  // The window is free again, but the kernel drops answers silently until its queue was read
  // empty: the waiting requests go out only after the receive side says so (recovered marker).
  await flushed()
  t.is(kernel.sent.length, 4, 'nothing is sent while the socket is congested')
  t.true(kernel.demands > 0, 'the receive side is kept reading, which is what ends the congestion')
  kernel.deliver(Buffer.alloc(0), -2)
  await until(() => kernel.sent.length === 6)
  for (const frame of kernel.sent.slice(4)) kernel.deliver(errorFor(frame, 0))
  t.deepEqual(await Promise.all(waiting), [[], []])
  // Late answers of the ended requests are discarded, not broadcast; the dump completes.
  for (const frame of sentBefore.slice(0, 3)) kernel.deliver(errorFor(frame, 0))
  for (const d of recording.slice(1)) kernel.deliver(withSeq(d, seqOf(sentBefore[3])))
  t.is((await dump).length, linkCount)
  await until(() => socket.stats().discardedLate === 3)
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }), [])
  t.is(socket.stats().overflows, 1)
  setTimeout(() => listening.abort(new Error('nothing more')), 50)
  t.is(
    await events.next().then(
      () => 'a message',
      (e) => e.message,
    ),
    'nothing more',
    'no late answer reached the broadcast stream',
  )
  socket.close()
})
