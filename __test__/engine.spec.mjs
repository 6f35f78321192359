// The Marshal and request engine against a fake kernel fed recorded and hand-made datagrams.
import test from 'ava'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { FakeKernel, nlmsg, done, errorFor, seqOf, readRecording, withSeq, until, attr, NLM_F_MULTI, NLM_F_DUMP_INTR } from './helpers/fake-kernel.mjs'

const require = createRequire(import.meta.url)
const {
  NetlinkSocket,
  NetlinkError,
  NetlinkTimeoutError,
  DumpInterruptedError,
  ParseError,
  SocketClosedError,
  ReceiveError,
  isOverflow,
} = require('../dist/index.js')

const fixture = (name) => fileURLToPath(new URL(`./fixtures/core/${name}`, import.meta.url))
const RTM_NEWLINK = 16
const RTM_GETLINK = 18
const RTM_NEWROUTE = 24
const RTM_GETROUTE = 26
const DUMP = 0x300
const ACK = 0x4
const ifinfomsg = () => Buffer.alloc(16)

/** Lets the engine flush the requests of this tick (they go out together at the next microtask). */
const flushed = () => new Promise((resolve) => setImmediate(resolve))

async function open(options = {}) {
  const kernel = new FakeKernel()
  const socket = await NetlinkSocket.open(options, kernel.opener)
  return { kernel, socket }
}

/** An opener for `kernel` whose handle records the maxDatagrams of every readWaiting() call in `asked`. */
function readWaitingRecorded(kernel, asked) {
  return (options, onBatch) => {
    const handle = kernel.opener(options, onBatch)
    const readWaiting = handle.readWaiting
    handle.readWaiting = (maxDatagrams) => {
      asked.push(maxDatagrams)
      return readWaiting(maxDatagrams)
    }
    return handle
  }
}

/** Answers dumps with a recording (sequence numbers patched to the request's). */
function replay(kernel, recording) {
  kernel.respond = (frame) => recording.map((d) => withSeq(d, seqOf(frame)))
}

/** Index and name of each link in a recorded RTM_NEWLINK dump, decoded by hand. */
function linkNames(messages) {
  return messages.map((m) => {
    const p = m.payload
    const index = p.readInt32LE(4)
    let name = null
    for (let at = 16; at + 4 <= p.length;) {
      const len = p.readUInt16LE(at)
      if (p.readUInt16LE(at + 2) === 3) name = p.toString('utf8', at + 4, at + len - 1)
      at += (len + 3) & ~3
    }
    return { index, name }
  })
}

test('a recorded link dump arrives whole, with the mandatory header fields, and matches ip -j', async (t) => {
  const { kernel, socket } = await open()
  replay(kernel, readRecording(fixture('link-dump.bin')))
  const messages = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  const expected = require(fixture('link-dump.ip.json')).map((l) => ({ index: l.ifindex, name: l.ifname }))
  t.deepEqual(linkNames(messages), expected)
  const sent = kernel.sent[0]
  t.is(sent.readUInt16LE(4), RTM_GETLINK)
  t.is(sent.readUInt16LE(6), DUMP | 1, 'NLM_F_REQUEST is always set')
  t.is(sent.readUInt32LE(12), 4242, 'the port id goes into the header')
  for (const m of messages) {
    t.deepEqual(Object.keys(m.header), ['length', 'type', 'flags', 'sequenceNumber', 'pid', 'error'])
    t.is(m.header.type, RTM_NEWLINK)
    t.is(m.header.sequenceNumber, seqOf(sent))
    t.is(m.header.error, null)
  }
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a per-request parser that returns null for all but one message neither stalls nor ends the dump early', async (t) => {
  const { kernel, socket } = await open()
  const recording = readRecording(fixture('link-dump.bin'))
  replay(kernel, recording)
  let calls = 0
  const parser = (data, offset, length) => {
    calls++
    return data.readInt32LE(offset + 20) === 1 ? { lo: true, length } : null
  }
  const got = []
  for await (const m of socket.request(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, parser })) got.push(m)
  t.deepEqual(
    got.map((m) => m.lo),
    [true],
  )
  t.is(
    calls,
    linkNames(await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })).length,
    'the parser saw every data message and no control message',
  )
  socket.close()
})

test("a datagram's side text (what a native parser wrote) reaches the request's parser with each of its messages, and only those", async (t) => {
  const kernel = new FakeKernel()
  // The binding's batches carry `texts` only when a datagram has one; here every other datagram does.
  let numbered = 0
  const textOf = new Map()
  const opener = (options, onBatch) =>
    kernel.opener(options, (batch) => {
      const texts = batch.datagrams.map(() => (numbered++ % 2 === 0 ? `text of datagram ${numbered}` : null))
      batch.datagrams.forEach((datagram, i) => textOf.set(datagram, texts[i] ?? undefined))
      onBatch({ ...batch, texts })
    })
  const socket = await NetlinkSocket.open({}, opener)
  const recording = readRecording(fixture('link-dump.bin'))
  t.true(recording.length >= 2, 'the recording spans several datagrams')
  replay(kernel, recording)
  const seen = []
  const parser = (data, offset, length, text) => {
    seen.push([data, text])
    return { offset }
  }
  const got = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, parser })
  t.is(seen.length, got.length)
  t.true(seen.some(([, text]) => text !== undefined) && seen.some(([, text]) => text === undefined), 'both kinds of datagram were parsed')
  for (const [data, text] of seen) t.is(text, textOf.get(data))
  socket.close()
})

test('keyFormat, keyOffset and keyMask select the parser; control types are never keyed', async (t) => {
  const { kernel, socket } = await open({ protocol: 'sock_diag' })
  socket.marshal.keyFormat = 'B'
  socket.marshal.keyOffset = 16 // first payload byte, as sock_diag keys on the family
  socket.marshal.keyMask = 0x0f
  socket.marshal.register(2, (data, offset) => ({ family: 'inet', byte: data[offset + 16] }))
  socket.marshal.register(10, (data, offset) => ({ family: 'inet6', byte: data[offset + 16] }))
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    return [
      Buffer.concat([
        nlmsg({ type: 20, flags: NLM_F_MULTI, seq, payload: Buffer.from([0x12, 0, 0, 0]) }),
        nlmsg({ type: 20, flags: NLM_F_MULTI, seq, payload: Buffer.from([0x0a, 0, 0, 0]) }),
        done(seq),
      ]),
    ]
  }
  const got = await socket.requestAll(Buffer.alloc(4), { type: 20, flags: DUMP })
  t.deepEqual(got, [
    { family: 'inet', byte: 0x12 },
    { family: 'inet6', byte: 0x0a },
  ])
  // An NLMSG_ERROR whose first payload byte is also 2 is still an error, not an AF_INET message.
  kernel.respond = (frame) => [errorFor(frame, 2)]
  const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(4), { type: 20, flags: DUMP }), { instanceOf: NetlinkError })
  t.is(error.code, 'ENOENT')
  t.throws(
    () => {
      socket.marshal.keyFormat = 'Q'
    },
    { instanceOf: TypeError, message: /keyFormat/ },
  )
  socket.close()
})

test('getParser can be overridden and sees key, flags and sequence number', async (t) => {
  const { kernel, socket } = await open()
  replay(kernel, readRecording(fixture('link-dump.bin')))
  const seen = []
  socket.marshal.getParser = (key, flags, seq) => {
    seen.push([key, flags & NLM_F_MULTI, seq])
    return () => ({ mine: true })
  }
  const got = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  t.true(got.length > 1 && got.every((m) => m.mine))
  t.true(seen.every(([key, multi, seq]) => key === RTM_NEWLINK && multi === NLM_F_MULTI && seq === seqOf(kernel.sent[0])))
  socket.close()
})

test('terminate() ends the answer at the message it accepts, and the rest of the dump is drained', async (t) => {
  const { kernel, socket } = await open()
  const recording = readRecording(fixture('link-dump.bin'))
  replay(kernel, recording)
  const got = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, terminate: (m) => m.payload.readInt32LE(4) === 2 })
  t.deepEqual(
    got.map((m) => m.payload.readInt32LE(4)),
    [1, 2],
  )
  const events = []
  socket.registerCallback(
    () => true,
    (m) => events.push(m),
  )
  const again = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  t.true(again.length > 2)
  t.is(events.length, again.length, 'no leftover of the first dump reached callbacks or broadcasts')
  socket.close()
})

test('NLMSG_ERROR becomes NetlinkError with errno, code, extended-ack text and offset', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (frame) => [errorFor(frame, 17, { message: 'File exists', offset: 36 })]
  const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK | 0x600 }), { instanceOf: NetlinkError })
  t.is(error.errno, 17)
  t.is(error.code, 'EEXIST')
  t.is(error.extAckMessage, 'File exists')
  t.is(error.extAckOffset, 36)
  t.is(error.requestType, RTM_NEWROUTE)
  t.regex(error.message, /EEXIST.*File exists/)
  // An uncapped error (the whole request echoed) is read past the echo too.
  kernel.respond = (frame) => {
    const head = Buffer.alloc(4)
    head.writeInt32LE(-3)
    return [nlmsg({ type: 2, flags: 0x200, seq: seqOf(frame), payload: Buffer.concat([head, frame, attr(1, Buffer.from('No such process\0'))]) })]
  }
  const esrch = await t.throwsAsync(socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK }), { instanceOf: NetlinkError })
  t.is(esrch.code, 'ESRCH')
  t.is(esrch.extAckMessage, 'No such process')
  // An ack (errno 0) ends a request with an empty answer.
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK }), [])
  // completed(): the same end, with nothing to resolve with; the same NetlinkError for a failure.
  t.is(await socket.request(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK }).completed(), undefined)
  kernel.respond = (frame) => [errorFor(frame, 17)]
  const eexist = await t.throwsAsync(socket.request(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK }).completed(), { instanceOf: NetlinkError })
  t.is(eexist.code, 'EEXIST')
  // Called after the answer already ended (read at once on the sending thread), it settles the same way.
  kernel.respond = (frame) => [errorFor(frame, 0)]
  const late = socket.request(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK })
  await new Promise((resolve) => setTimeout(resolve, 20))
  t.is(await late.completed(), undefined)
  socket.close()
})

test('an error code inside NLMSG_DONE counts as an error, after the messages before it', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    return [
      Buffer.concat([
        nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) }),
        done(seq, { errno: 22, flags: NLM_F_MULTI | 0x200, tlvs: attr(1, Buffer.from('bad filter\0')) }),
      ]),
    ]
  }
  const got = []
  const error = await t.throwsAsync(
    async () => {
      for await (const m of socket.request(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP })) got.push(m)
    },
    { instanceOf: NetlinkError },
  )
  t.is(got.length, 1)
  t.is(error.code, 'EINVAL')
  t.is(error.extAckMessage, 'bad filter')
  socket.close()
})

test('a request the kernel never answers times out, the socket still works and the late answer is discarded', async (t) => {
  const { kernel, socket } = await open()
  const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, timeout: 50 }), { instanceOf: NetlinkTimeoutError })
  t.is(error.timeout, 50)
  const late = kernel.sent[0]
  const broadcasts = []
  socket.registerCallback(
    () => true,
    (m) => broadcasts.push(m),
  )
  kernel.deliver(errorFor(late, 0)) // arrives after the caller gave up
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK }), [])
  await until(() => kernel.queued === 0)
  await new Promise((r) => setImmediate(r))
  t.is(broadcasts.length, 0)
  t.is(socket.stats().discardedLate, 1)
  t.throws(() => socket.request(Buffer.alloc(0), { type: 1, timeout: -1 }), { instanceOf: RangeError, message: /timeout/ })
  socket.close()
})

test.serial('a timeout counts from the last progress, not from the start of a long dump', async (t) => {
  const { kernel, socket } = await open()
  // Fifteen gaps of 100 ms take longer than the 1 s timeout in all, but each is a tenth of it.
  // Serial: another test of this file busy on the same thread for a second would be a real
  // second without progress, and the timeout would rightly fire.
  const answer = socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP, timeout: 1000 })
  const seq = seqOf(kernel.sent[0])
  const started = Date.now()
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 100))
    kernel.deliver(nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) }))
  }
  kernel.deliver(done(seq))
  t.is((await answer).length, 15)
  t.true(Date.now() - started > 1000)
  socket.close()
})

test('multicast datagrams are broadcasts whatever sequence number they echo; seq 0 and unknown numbers too', async (t) => {
  const { kernel, socket } = await open({ groups: [7] })
  t.deepEqual(kernel.memberships, [7])
  let frame
  kernel.respond = (f) => {
    frame = f
    // The notification of our own change echoes our seq and port id, and may come before the ack.
    return [[nlmsg({ type: RTM_NEWROUTE, seq: seqOf(f), pid: 4242, payload: Buffer.alloc(12) }), 7], errorFor(f, 0)]
  }
  const answer = await socket.requestAll(Buffer.alloc(12), { type: RTM_NEWROUTE, flags: ACK })
  t.deepEqual(answer, [], 'the ack is the answer')
  kernel.deliver(nlmsg({ type: RTM_NEWROUTE, seq: 0, payload: Buffer.alloc(12) }))
  kernel.deliver(nlmsg({ type: RTM_NEWROUTE, seq: 999, pid: 77, payload: Buffer.alloc(12) }))
  const events = socket.events()
  const seen = []
  for (let i = 0; i < 3; i++) seen.push((await events.next()).value)
  t.deepEqual(
    seen.map((m) => m.header.sequenceNumber),
    [seqOf(frame), 0, 999],
  )
  t.true(seen.every((m) => m.header.type === RTM_NEWROUTE))
  socket.close()
  t.deepEqual(await events.next(), { value: undefined, done: true }, 'events() ends on close')
})

test('callbacks run for answers and broadcasts; one that throws is reported and the flow goes on', async (t) => {
  const { kernel, socket } = await open()
  replay(kernel, readRecording(fixture('link-dump.bin')))
  const reported = []
  socket.on('callbackError', (e) => reported.push(e.message))
  const seen = []
  const handler = (m, tag) => seen.push([tag, m.header.type])
  socket.registerCallback((m) => m.header.type === RTM_NEWLINK, handler, 'x')
  socket.registerCallback(
    () => true,
    () => {
      throw new Error('boom')
    },
  )
  const links = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  kernel.deliver(nlmsg({ type: RTM_NEWLINK, payload: Buffer.alloc(16) }), 1)
  await until(() => seen.length === links.length + 1)
  t.true(seen.every(([tag, type]) => tag === 'x' && type === RTM_NEWLINK))
  t.is(reported.length, links.length + 1)
  t.true(socket.unregisterCallback(handler))
  t.false(socket.unregisterCallback(handler))
  t.throws(() => socket.registerCallback('x', handler), { instanceOf: TypeError, message: /predicate/ })
  socket.close()
})

test('50 concurrent requests each get exactly their own answer, delivered interleaved', async (t) => {
  const { kernel, socket } = await open()
  const frames = []
  kernel.respond = (frame) => {
    frames.push(frame)
    return []
  }
  const answers = Array.from({ length: 50 }, (_, i) => {
    const payload = Buffer.alloc(4)
    payload.writeUInt32LE(i)
    return socket.requestAll(payload, { type: 30, flags: ACK })
  })
  await flushed()
  t.is(kernel.datagramsSent, 1, 'requests made in one tick go out as one datagram')
  const seqs = new Set(frames.map(seqOf))
  t.is(seqs.size, 50, 'every request has its own sequence number')
  t.false(seqs.has(0))
  // Answer in reverse order, two replies and an ack per request, several requests per datagram.
  const parts = []
  for (const frame of [...frames].reverse()) {
    const seq = seqOf(frame)
    const tag = frame.readUInt32LE(16)
    for (let k = 0; k < 2; k++) {
      const p = Buffer.alloc(8)
      p.writeUInt32LE(tag)
      p.writeUInt32LE(k, 4)
      parts.push(nlmsg({ type: 31, seq, payload: p }))
    }
    parts.push(errorFor(frame, 0))
  }
  for (let i = 0; i < parts.length; i += 7) kernel.deliver(Buffer.concat(parts.slice(i, i + 7)))
  const results = await Promise.all(answers)
  results.forEach((messages, i) => {
    t.deepEqual(
      messages.map((m) => [m.payload.readUInt32LE(0), m.payload.readUInt32LE(4)]),
      [
        [i, 0],
        [i, 1],
      ],
    )
  })
  socket.close()
})

test('dumps on one socket are queued, never sent while another runs', async (t) => {
  const { kernel, socket } = await open()
  const recording = readRecording(fixture('link-dump.bin'))
  const dumps = [0, 1, 2].map(() => socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP }))
  t.is(kernel.sent.length, 1, 'only the first dump is sent')
  const other = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  await flushed()
  t.is(kernel.sent.length, 2, 'a non-dump request is not queued behind dumps')
  kernel.deliver(errorFor(kernel.sent[1], 0))
  await other
  for (let i = 0; i < 3; i++) {
    const frame = kernel.sent.filter((f) => f.readUInt16LE(4) === RTM_GETLINK)[i]
    t.truthy(frame, `dump ${i} was sent`)
    for (const d of recording) kernel.deliver(withSeq(d, seqOf(frame)))
    await until(() => kernel.sent.filter((f) => f.readUInt16LE(4) === RTM_GETLINK).length === Math.min(i + 2, 3))
  }
  const results = await Promise.all(dumps)
  t.true(results.every((r) => r.length === results[0].length && r.length > 1))
  socket.close()
})

test('leaving a for-await early drains the dump: the next dump waits for DONE and nothing leaks to broadcasts', async (t) => {
  const { kernel, socket } = await open()
  const recording = readRecording(fixture('link-dump.bin'))
  const first = socket.request(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  const seq1 = seqOf(kernel.sent[0])
  kernel.deliver(withSeq(recording[0], seq1))
  for await (const m of first) {
    t.is(m.header.sequenceNumber, seq1)
    break
  }
  const second = socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  t.is(kernel.sent.length, 1, 'the second dump waits until the first is drained')
  for (const d of recording.slice(1)) kernel.deliver(withSeq(d, seq1))
  await until(() => kernel.sent.length === 2)
  for (const d of recording) kernel.deliver(withSeq(d, seqOf(kernel.sent[1])))
  t.true((await second).length > 1)
  const events = socket.events({ signal: AbortSignal.timeout(50) })
  t.is(
    await events.next().then(
      () => 'a message',
      (e) => e.name,
    ),
    'TimeoutError',
    'no leftover of the first dump in the broadcast stream',
  )
  socket.close()
})

test('NLM_F_DUMP_INTR: the dump is drained, then DumpInterruptedError carries the partial results; retryInterrupted re-dumps', async (t) => {
  const { kernel, socket } = await open()
  let calls = 0
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    const intr = calls++ === 0 ? NLM_F_DUMP_INTR : 0
    return [
      Buffer.concat([
        nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) }),
        nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI | intr, seq, payload: Buffer.alloc(12) }),
        done(seq, { flags: NLM_F_MULTI | intr }),
      ]),
    ]
  }
  const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP }), { instanceOf: DumpInterruptedError })
  t.is(error.results.length, 2)
  t.is(error.received, 2)
  calls = 0
  const retried = await socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP, retryInterrupted: 2 })
  t.is(retried.length, 2)
  t.is(calls, 2, 'the interrupted dump was sent again')
  socket.close()
})

test('a collected dump: a callback registered while it is read sees every later message, and each message is delivered once', async (t) => {
  // Callbacks see the messages of a collected dump from the one in which they were registered on,
  // and nothing is parsed or delivered twice.
  const { kernel, socket } = await open()
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    const data = (i) => nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.from([i, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) })
    return [Buffer.concat([data(0), data(1), data(2)]), Buffer.concat([data(3), data(4), done(seq, { flags: NLM_F_MULTI })])]
  }
  const seen = []
  const parsed = []
  const got = await socket.requestAll(Buffer.alloc(12), {
    type: RTM_GETROUTE,
    flags: DUMP,
    parser: (data, offset) => {
      const i = data[offset + 16]
      parsed.push(i)
      if (i === 1)
        socket.registerCallback(
          () => true,
          (m) => seen.push(m),
        )
      return i
    },
  })
  t.deepEqual(got, [0, 1, 2, 3, 4])
  t.deepEqual(parsed, [0, 1, 2, 3, 4], 'each message parsed once')
  t.deepEqual(seen, [1, 2, 3, 4], 'the callback saw the message it was registered in and every later one')
  socket.close()
})

test('malformed lengths end the datagram with a ParseError, never an endless loop', async (t) => {
  for (const bad of [0, 8, 15, 4096]) {
    const { kernel, socket } = await open()
    kernel.respond = (frame) => {
      const seq = seqOf(frame)
      const good = nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) })
      const broken = nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) })
      broken.writeUInt32LE(bad, 0)
      return [Buffer.concat([good, broken, done(seq)])]
    }
    const got = []
    const error = await t.throwsAsync(
      async () => {
        for await (const m of socket.request(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP, timeout: 1000 })) got.push(m)
      },
      { instanceOf: ParseError },
      `nlmsg_len ${bad}`,
    )
    t.is(error.offset, 28)
    t.true(Buffer.isBuffer(error.raw))
    // A broadcast datagram with a bad length reaches events() raw, with the error in header.error.
    kernel.deliver(Buffer.from([1, 2, 3]), 1)
    const event = (await socket.events().next()).value
    t.true(event.header.error instanceof ParseError)
    t.deepEqual([...event.raw], [1, 2, 3])
    socket.close()
  }
})

test('a parser that throws fails its request with ParseError and the socket goes on', async (t) => {
  const { kernel, socket } = await open()
  replay(kernel, readRecording(fixture('link-dump.bin')))
  const error = await t.throwsAsync(
    socket.requestAll(ifinfomsg(), {
      type: RTM_GETLINK,
      flags: DUMP,
      parser: () => {
        throw new Error('bad bytes')
      },
    }),
    { instanceOf: ParseError },
  )
  t.regex(error.message, /bad bytes/)
  t.true((await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })).length > 1)
  socket.close()
})

test('close() rejects every pending request with SocketClosedError and is idempotent', async (t) => {
  const { kernel, socket } = await open()
  const a = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  const b = socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })
  const c = socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP }) // queued behind b
  const events = socket.events()
  const waiting = events.next()
  socket.close()
  socket.close()
  for (const p of [a, b, c]) await t.throwsAsync(p, { instanceOf: SocketClosedError })
  t.deepEqual(await waiting, { value: undefined, done: true })
  t.true(kernel.closed)
  await t.throwsAsync(socket.requestAll(Buffer.alloc(4), { type: 30 }), { instanceOf: SocketClosedError })
})

test('an AbortSignal cancels a request; the socket stays usable', async (t) => {
  const { kernel, socket } = await open()
  const controller = new AbortController()
  const answer = socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, signal: controller.signal })
  controller.abort(new Error('stop'))
  await t.throwsAsync(answer, { message: 'stop' })
  replay(kernel, readRecording(fixture('link-dump.bin')))
  // The aborted dump still blocks the queue until drained: give it its answer.
  for (const d of readRecording(fixture('link-dump.bin'))) kernel.deliver(withSeq(d, seqOf(kernel.sent[0])))
  t.true((await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })).length > 1)
  const aborted = await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, signal: AbortSignal.abort() }).catch((e) => e)
  t.is(aborted.name, 'AbortError')
  socket.close()
})

test('the process is kept alive only while something is awaited', async (t) => {
  const { kernel, socket } = await open()
  t.false(kernel.referenced, 'an idle open socket does not hold the process')
  const answer = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  t.true(kernel.referenced)
  await flushed()
  kernel.deliver(errorFor(kernel.sent[0], 0))
  await answer
  t.false(kernel.referenced)
  const events = socket.events()
  const next = events.next()
  t.true(kernel.referenced, 'an events() consumer waiting holds it')
  kernel.deliver(nlmsg({ type: RTM_NEWLINK, payload: Buffer.alloc(16) }), 1)
  await next
  t.false(kernel.referenced)
  socket.close()
  const kept = await open({ keepAlive: true })
  t.true(kept.kernel.referenced)
  kept.socket.close()
})

test('ENOBUFS overflow markers and a receive failure reach events() and pending requests', async (t) => {
  const { kernel, socket } = await open()
  const events = socket.events()
  kernel.deliver(Buffer.alloc(0), -1)
  const first = (await events.next()).value
  t.true(isOverflow(first))
  const pending = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  kernel.fail(9, 'EBADF')
  const error = await t.throwsAsync(pending, { instanceOf: ReceiveError })
  t.is(error.code, 'EBADF')
  await t.throwsAsync(events.next(), { instanceOf: ReceiveError })
  socket.close()
})

test('a slow events() consumer gets an overflow marker instead of unbounded memory', async (t) => {
  const { kernel, socket } = await open({ eventQueueLimit: 4 })
  const events = socket.events()
  const pending = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }) // keeps reading going
  for (let i = 0; i < 10; i++) kernel.deliver(nlmsg({ type: RTM_NEWLINK, seq: 0, payload: Buffer.alloc(16) }), 1)
  await flushed()
  kernel.deliver(errorFor(kernel.sent[0], 0))
  await pending
  const got = []
  for (let i = 0; i < 5; i++) got.push((await events.next()).value)
  t.deepEqual(
    got.map((m) => (isOverflow(m) ? 'overflow' : 'msg')),
    ['msg', 'msg', 'msg', 'msg', 'overflow'],
  )
  t.is(socket.stats().droppedBroadcasts, 6)
  socket.close()
})

test('sequence numbers are never 0, never reused while pending or recently used, and do not leak', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (frame) => [errorFor(frame, 0)]
  const seen = new Set()
  for (let round = 0; round < 20; round++) {
    await Promise.all(Array.from({ length: 500 }, () => socket.requestAll(Buffer.alloc(0), { type: 30, flags: ACK })))
  }
  for (const f of kernel.sent) seen.add(seqOf(f))
  t.is(seen.size, kernel.sent.length)
  t.false(seen.has(0))
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('bad arguments are rejected with TypeError/RangeError naming them, before anything is sent', async (t) => {
  const { kernel, socket } = await open()
  t.throws(() => socket.request('x', { type: 1 }), { instanceOf: TypeError, message: /payload/ })
  t.throws(() => socket.request(Buffer.alloc(0), { type: 70000 }), { instanceOf: RangeError, message: /options.type/ })
  t.throws(() => socket.request(Buffer.alloc(0), { type: 1, flags: -1 }), { instanceOf: RangeError, message: /options.flags/ })
  t.throws(() => socket.request(Buffer.alloc(0), { type: 1, parser: 3 }), { instanceOf: TypeError, message: /options.parser/ })
  t.throws(() => socket.request(Buffer.alloc(0), { type: 1, signal: {} }), { instanceOf: TypeError, message: /options.signal/ })
  t.throws(() => socket.request(Buffer.alloc(0), { type: 1, nativeParser: 'defaultRoutes' }), { instanceOf: TypeError, message: /nativeParser/ })
  t.throws(() => socket.addMembership(0), { instanceOf: RangeError, message: /group/ })
  t.is(kernel.sent.length, 0)
  socket.close()
  await t.throwsAsync(NetlinkSocket.open({ protocol: 'nope' }, new FakeKernel().opener), { instanceOf: TypeError, message: /options.protocol/ })
  await t.throwsAsync(NetlinkSocket.open({ groups: [0] }, new FakeKernel().opener), { instanceOf: RangeError, message: /options.groups\[0\]/ })
  await t.throwsAsync(NetlinkSocket.open({ rcvbuf: -5 }, new FakeKernel().opener), { instanceOf: RangeError, message: /rcvbuf/ })
  await t.throwsAsync(NetlinkSocket.open({ netns: '' }, new FakeKernel().opener), { instanceOf: TypeError, message: /netns/ })
})

test('a native parser spec is registered before the request is sent and cleared when it ends', async (t) => {
  const { kernel, socket } = await open()
  let registeredAtSend = null
  kernel.respond = (frame) => {
    registeredAtSend = kernel.nativeParsers.get(seqOf(frame))
    return [done(seqOf(frame))]
  }
  await socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP, nativeParser: { name: 'defaultRoutes', table: 254 } })
  t.deepEqual(registeredAtSend, { name: 'defaultRoutes', table: 254 })
  t.is(kernel.nativeParsers.size, 0)
  socket.close()
})

test('an abort after the answer arrived but before the caller took it all still stops the loop', async (t) => {
  const { kernel, socket } = await open()
  replay(kernel, readRecording(fixture('link-dump.bin')))
  const controller = new AbortController()
  const stream = socket.request(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP, signal: controller.signal })
  await until(() => socket.stats().pending === 0) // the whole dump is queued in JS
  const first = await stream.next()
  t.false(first.done)
  controller.abort(new Error('stop here'))
  await t.throwsAsync(stream.next(), { message: 'stop here' })
  t.deepEqual(await stream.next(), { value: undefined, done: true })
  socket.close()
})

test('requests of one tick share a datagram; one aborted in that tick is not sent; a failed send fails them all', async (t) => {
  const { kernel, socket } = await open()
  kernel.respond = (frame) => [errorFor(frame, 0)]
  const controller = new AbortController()
  const kept = socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  const dropped = socket.requestAll(Buffer.alloc(4), { type: 31, flags: ACK, signal: controller.signal })
  controller.abort(new Error('never mind'))
  await t.throwsAsync(dropped, { message: 'never mind' })
  t.deepEqual(await kept, [])
  t.deepEqual(
    kernel.sent.map((f) => f.readUInt16LE(4)),
    [30],
    'the aborted request never went out',
  )
  kernel.handle.send = () => {
    const error = new Error('ENOBUFS: no buffer space')
    error.code = 'ENOBUFS'
    throw error
  }
  const failed = await Promise.allSettled([0, 1, 2].map(() => socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })))
  t.deepEqual(
    failed.map((r) => r.reason?.code),
    ['ENOBUFS', 'ENOBUFS', 'ENOBUFS'],
  )
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a pipelined burst goes to the sender thread; its failure reaches each request as its errno', async (t) => {
  const { kernel, socket } = await open()
  const background = []
  const send = kernel.handle.sendInBackground
  kernel.handle.sendInBackground = (datagram) => {
    background.push(datagram.length)
    send(datagram)
  }
  kernel.respond = (frame) => [errorFor(frame, 0)]
  await Promise.all(Array.from({ length: 20 }, () => socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })))
  t.is(background.length, 1, 'twenty requests of one tick: one background datagram')
  await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })
  t.is(background.length, 1, 'a single request is sent inline')
  kernel.handle.send = () => {
    const error = new Error('ENOBUFS')
    error.errno = 105
    throw error
  }
  const results = await Promise.allSettled(Array.from({ length: 10 }, () => socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK })))
  t.deepEqual(
    results.map((r) => r.reason?.code),
    Array(10).fill('ENOBUFS'),
  )
  socket.close()
})

test('at most maxInFlight requests are out at a time; the rest wait their turn, in order', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 10 })
  const answers = Array.from({ length: 35 }, (_, i) => {
    const payload = Buffer.alloc(4)
    payload.writeUInt32LE(i)
    return socket.requestAll(payload, { type: 30, flags: ACK })
  })
  const controller = new AbortController()
  const cancelled = socket.requestAll(Buffer.alloc(4), { type: 31, flags: ACK, signal: controller.signal })
  controller.abort(new Error('not needed'))
  await t.throwsAsync(cancelled, { message: 'not needed' })
  let answered = 0
  while (answered < 35) {
    await flushed()
    const out = kernel.sent.length - answered
    t.true(out <= 10, `${out} requests out at once`)
    for (const frame of kernel.sent.slice(answered)) kernel.deliver(errorFor(frame, 0))
    answered = kernel.sent.length
    await until(() => socket.stats().pending === 35 - answered || answered === 35)
  }
  await Promise.all(answers)
  t.deepEqual(
    kernel.sent.map((f) => f.readUInt32LE(16)),
    Array.from({ length: 35 }, (_, i) => i),
    'in order; the aborted one never went out',
  )
  await t.throwsAsync(NetlinkSocket.open({ maxInFlight: 0 }, new FakeKernel().opener), { instanceOf: RangeError, message: /maxInFlight/ })
  socket.close()
})

test('an answer read at once on the sending thread reaches requestAll, for await and later requests alike', async (t) => {
  const { kernel, socket } = await open()
  kernel.readsAtOnce = true
  const recording = readRecording(fixture('link-dump.bin'))
  replay(kernel, recording)
  const expected = (await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })).length
  t.true(expected > 1)
  const streamed = []
  for await (const m of socket.request(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })) streamed.push(m)
  t.is(streamed.length, expected)
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }), [])
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('after a send, the sending thread reads no more datagrams than the requests can be answered with (no read that finds the socket empty)', async (t) => {
  const kernel = new FakeKernel()
  const asked = []
  const socket = await NetlinkSocket.open({}, readWaitingRecorded(kernel, asked))
  kernel.readsAtOnce = true
  // A get without an ack: its message, one datagram.
  kernel.respond = (frame) => [nlmsg({ type: RTM_NEWLINK, seq: seqOf(frame), payload: Buffer.alloc(16) })]
  t.is((await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK })).length, 1)
  t.deepEqual(asked.splice(0), [1])
  // A change asks for its ack: at most its message and the ack; three in one tick share a datagram.
  kernel.respond = (frame) => [errorFor(frame, 0)]
  await socket.request(Buffer.alloc(4), { type: 30, flags: ACK }).completed()
  t.deepEqual(asked.splice(0), [2])
  await Promise.all([1, 2, 3].map(() => socket.request(Buffer.alloc(4), { type: 30, flags: ACK }).completed()))
  t.deepEqual(asked.splice(0), [6])
  // A dump: its first datagram only (the rest comes through the receive side).
  replay(kernel, readRecording(fixture('link-dump.bin')))
  t.true((await socket.requestAll(ifinfomsg(), { type: RTM_GETLINK, flags: DUMP })).length > 1)
  t.is(asked[0], 1)
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a request collected in the tick it is made is answered on the sending thread: the receive side is never woken for it', async (t) => {
  // Asked for before the flush, a delivery would take the answer on the receive thread and hand
  // it over through the event loop: a single round trip about 2.5x slower (bench link_get).
  const kernel = new FakeKernel()
  let demands = 0
  const socket = await NetlinkSocket.open({}, (options, onBatch) => {
    const handle = kernel.opener(options, onBatch)
    const demand = handle.demand
    handle.demand = () => {
      demands++
      demand()
    }
    return handle
  })
  kernel.readsAtOnce = true
  kernel.respond = (frame) => [errorFor(frame, 0)]
  for (let i = 0; i < 10; i++) t.deepEqual(await socket.request(Buffer.alloc(4), { type: 30, flags: ACK }).collect(), [])
  for (let i = 0; i < 10; i++) t.deepEqual(await socket.requestAll(Buffer.alloc(4), { type: 30, flags: ACK }), [])
  t.is(demands, 0)
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('a dump read at once past the streaming high-water mark is collected in full with no timeout running', async (t) => {
  // Regression: the messages read on the sending thread waited in the streaming queue, reading
  // paused at its high-water mark, and collect() never resumed it; only the timeout sweep did,
  // so with no timeout the dump hung for ever (and with one it stalled for up to 250 ms).
  const { kernel, socket } = await open({ timeout: 0 })
  kernel.readsAtOnce = true
  const perDatagram = 9000 // its first datagram, read at once, is past STREAM_HIGH_WATER (8192)
  const datagrams = 3
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    const answer = []
    for (let d = 0; d < datagrams; d++) {
      answer.push(Buffer.concat(Array.from({ length: perDatagram }, () => nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) }))))
    }
    answer.push(done(seq))
    return answer
  }
  const all = await socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP })
  t.is(all.length, perDatagram * datagrams)
  socket.close()
})

test('a dump reads only its first datagram on the sending thread', async (t) => {
  // Each read of a dump in progress makes the kernel fill its next datagram inside that read: read
  // on the sending thread, all of the kernel's work would be done there instead of overlapping
  // JavaScript's on the receive thread.
  const kernel = new FakeKernel()
  kernel.readsAtOnce = true
  const asked = []
  const socket = await NetlinkSocket.open({}, readWaitingRecorded(kernel, asked))
  kernel.respond = (frame) => {
    const seq = seqOf(frame)
    if (frame.readUInt16LE(4) !== RTM_GETROUTE) return [errorFor(frame, 0)]
    return [...Array.from({ length: 5 }, () => nlmsg({ type: RTM_NEWROUTE, flags: NLM_F_MULTI, seq, payload: Buffer.alloc(12) })), done(seq)]
  }
  t.is((await socket.requestAll(Buffer.alloc(12), { type: RTM_GETROUTE, flags: DUMP })).length, 5)
  t.deepEqual(asked, [1], 'a dump: its first datagram')
  socket.close()
})

/** `count` acked requests of type 30 whose payload is their index. */
const numberedChanges = (socket, count, options = {}) =>
  Array.from({ length: count }, (_, i) => {
    const payload = Buffer.alloc(4)
    payload.writeUInt32LE(i)
    return socket.requestAck(payload, { type: 30, flags: ACK, ...options })
  })

test('requestAck: changes behind a full window wait unbuilt, go out in order as room comes, and each settles with its own answer', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 4 })
  const changes = numberedChanges(socket, 20)
  // A request made meanwhile waits behind them, as any request behind the window does.
  const get = socket.requestAll(Buffer.alloc(4, 0xff), { type: 31, flags: ACK })
  await flushed()
  t.is(kernel.sent.length, 4, 'the window: four out, the rest not built')
  t.is(socket.stats().pending, 21, 'the unbuilt ones count as pending')
  let answered = 0
  while (answered < 21) {
    for (const frame of kernel.sent.slice(answered)) {
      // The change numbered 7 is refused.
      kernel.deliver(errorFor(frame, frame.readUInt16LE(4) === 30 && frame.readUInt32LE(16) === 7 ? 'EEXIST' : 0))
    }
    answered = kernel.sent.length
    await flushed()
    t.true(kernel.sent.length - answered <= 4)
  }
  const outcomes = await Promise.allSettled(changes)
  t.deepEqual(
    outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason.code)),
    Array.from({ length: 20 }, (_, i) => (i === 7 ? 'EEXIST' : undefined)),
  )
  t.deepEqual(await get, [])
  t.deepEqual(
    kernel.sent.map((f) => (f.readUInt16LE(4) === 31 ? 'get' : f.readUInt32LE(16))),
    [...Array.from({ length: 20 }, (_, i) => i), 'get'],
    'in the order they were made',
  )
  t.is(socket.stats().pending, 0)
  socket.close()
})

test('requestAck: bad options throw before anything is sent, also when the change would wait unbuilt', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 1 })
  const first = socket.requestAck(Buffer.alloc(4), { type: 30, flags: ACK })
  t.throws(() => socket.requestAck(Buffer.alloc(4), { type: 70000, flags: ACK }), { instanceOf: RangeError, message: /type/ })
  t.throws(() => socket.requestAck('x', { type: 30, flags: ACK }), { instanceOf: TypeError, message: /Buffer/ })
  await flushed()
  t.is(kernel.sent.length, 1)
  kernel.deliver(errorFor(kernel.sent[0], 0))
  await first
  socket.close()
})

test('close() and a receive failure end the changes waiting unbuilt, with the error the pending requests get', async (t) => {
  for (const end of ['close', 'fail']) {
    const { kernel, socket } = await open({ maxInFlight: 2 })
    const changes = numberedChanges(socket, 10)
    await flushed()
    t.is(kernel.sent.length, 2)
    if (end === 'close') socket.close()
    else kernel.fail(9, 'EBADF')
    const outcomes = await Promise.allSettled(changes)
    const Expected = end === 'close' ? SocketClosedError : ReceiveError
    t.true(
      outcomes.every((o) => o.status === 'rejected' && o.reason instanceof Expected),
      end,
    )
    t.is(kernel.sent.length, 2, `${end}: nothing more went out`)
    socket.close()
  }
})

test('an overflow builds the changes waiting unbuilt, so that their timeouts run while it holds them', async (t) => {
  const { kernel, socket } = await open({ maxInFlight: 2 })
  const changes = numberedChanges(socket, 6, { timeout: 100 })
  await flushed()
  t.is(kernel.sent.length, 2)
  // ENOBUFS, and no recovered marker: the hold stays on, the two sent end with the overflow.
  kernel.deliver(Buffer.alloc(0), -1)
  const outcomes = await Promise.allSettled(changes)
  t.deepEqual(
    outcomes.map((o) => o.reason?.constructor.name),
    ['NetlinkOverflowError', 'NetlinkOverflowError', 'NetlinkTimeoutError', 'NetlinkTimeoutError', 'NetlinkTimeoutError', 'NetlinkTimeoutError'],
  )
  t.is(kernel.sent.length, 2, 'nothing was sent while held')
  socket.close()
})
