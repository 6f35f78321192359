// nlroute/testing as a user gets it: by name (package.json `exports`, the bundles), with the
// library by name beside it. Sockets on the fake are the library's own, so its errors are the
// main entry's classes; the builders write what a kernel writes; a call awaiting the fake keeps
// the process alive as one awaiting the kernel does.
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const nlroute = require('nlroute')
const testing = require('nlroute/testing')
const { NetlinkError, ReceiveError, IPRoute, NetlinkSocket, constants, rtnl, readHeader } = nlroute
const {
  FakeKernel,
  openFakeIPRoute,
  openFakeSocket,
  attr,
  nlmsg,
  done,
  errorFor,
  ack,
  dumpAnswer,
  seqOf,
  typeOf,
  errnoNumber,
  parseRecording,
  formatRecording,
  withSeq,
} = testing

const links = (...names) => names.map((ifname, i) => rtnl.encodeLinkRequest({ index: i + 1, ifname, up: true }))

test("errors of a socket on the fake are the main entry's classes, by require and by import", async (t) => {
  const { ipr } = await openFakeIPRoute({ respond: (request) => [errorFor(request, 'EPERM', { message: 'not allowed', offset: 20 })] })
  const error = await ipr.link('add', { ifname: 'x0', kind: 'dummy' }).catch((e) => e)
  ipr.close()
  t.true(error instanceof NetlinkError, `${error}`)
  t.true(error instanceof (await import('nlroute')).NetlinkError)
  t.deepEqual([error.errno, error.code, error.extAckMessage, error.extAckOffset], [1, 'EPERM', 'not allowed', 20])
  t.true(ipr instanceof IPRoute)
  const esm = await import('nlroute/testing')
  t.is(esm.FakeKernel, FakeKernel, 'import and require give one instance')
})

test('openFakeIPRoute: the scripted dump reaches the typed API; the kernel saw the request', async (t) => {
  const { ipr, kernel } = await openFakeIPRoute({
    respond: (request) => (typeOf(request) === rtnl.RTM.GETLINK ? [dumpAnswer(request, rtnl.RTM.NEWLINK, links('lo', 'eth0'))] : null),
  })
  t.deepEqual(
    (await ipr.getLinks()).map((l) => [l.index, l.ifname, l.up]),
    [
      [1, 'lo', true],
      [2, 'eth0', true],
    ],
  )
  t.is(kernel.sent.length, 1)
  const header = readHeader(kernel.sent[0], 0)
  t.is(header.type, rtnl.RTM.GETLINK)
  t.is(header.flags & constants.NLM_F_DUMP, constants.NLM_F_DUMP)
  t.is(kernel.options.protocol, constants.NETLINK_ROUTE)
  t.true(kernel.options.strictCheck, 'IPRoute.open options reach the kernel as IPRoute gives them')
  ipr.close()
  t.true(kernel.closed)
})

test('openFakeIPRoute checks the options IPRoute.open checks, and may open on a given kernel', async (t) => {
  await t.throwsAsync(openFakeIPRoute({ groups: [1] }), { instanceOf: TypeError, message: /not an IPRoute option/ })
  await t.throwsAsync(openFakeIPRoute({ nope: 1 }), { instanceOf: TypeError })
  const kernel = new FakeKernel()
  const { ipr, kernel: same } = await openFakeIPRoute({ kernel, respond: (request) => [done(seqOf(request))] })
  t.is(same, kernel)
  t.deepEqual(await ipr.getRoutes(), [])
  ipr.close()
})

test('openFakeSocket: any protocol; acks, errors by name and number, a receive failure', async (t) => {
  const { socket, kernel } = await openFakeSocket({ protocol: 'generic' })
  t.true(socket instanceof NetlinkSocket)
  t.is(kernel.handle.protocol, constants.NETLINK_GENERIC, 'the handle reports the protocol it was opened with')
  kernel.respond = (request) => [ack(request)]
  await socket.requestAll(Buffer.alloc(4), { type: 0x10, flags: constants.NLM_F_ACK })
  kernel.respond = (request) => [errorFor(request, 19)]
  await t.throwsAsync(socket.requestAll(Buffer.alloc(4), { type: 0x10 }), { instanceOf: NetlinkError, message: /ENODEV/ })
  kernel.respond = null
  const pending = socket.requestAll(Buffer.alloc(4), { type: 0x10 })
  await new Promise((resolve) => setImmediate(resolve))
  kernel.fail(105, 'ENOBUFS')
  await t.throwsAsync(pending, { instanceOf: ReceiveError })
  socket.close()
})

test('broadcasts reach events(), through the group given; a group below 1 is refused', async (t) => {
  const { socket, kernel } = await openFakeSocket({ groups: [rtnl.RTNLGRP.LINK] })
  t.deepEqual(kernel.memberships, [rtnl.RTNLGRP.LINK])
  const events = socket.events()
  kernel.broadcast(nlmsg({ type: rtnl.RTM.NEWLINK, seq: 77, payload: links('veth7')[0] }), rtnl.RTNLGRP.LINK)
  const { value } = await events.next()
  t.is(value.header.type, rtnl.RTM.NEWLINK)
  t.is(value.header.sequenceNumber, 77, 'a broadcast whatever sequence number it echoes')
  t.throws(() => kernel.broadcast(Buffer.alloc(16), 0), { instanceOf: RangeError })
  await events.return()
  socket.close()
})

test('the builders write what the kernel writes', (t) => {
  const request = nlmsg({ type: 18, flags: 0x301, seq: 9, pid: 4242, payload: Buffer.alloc(16) })
  t.is(request.length, 32)
  t.deepEqual(readHeader(request, 0), { length: 32, type: 18, flags: 0x301, sequenceNumber: 9, pid: 4242, error: null })
  t.deepEqual(attr(3, Buffer.from('lo\0')), Buffer.from([7, 0, 3, 0, 0x6c, 0x6f, 0, 0]), 'padded to 4 bytes, the length unpadded')

  const error = errorFor(request, 'EEXIST', { message: 'exists' })
  t.deepEqual(readHeader(error, 0), {
    length: error.length,
    type: constants.NLMSG_ERROR,
    flags: constants.NLM_F_CAPPED | constants.NLM_F_ACK_TLVS,
    sequenceNumber: 9,
    pid: 0,
    error: null,
  })
  t.is(error.readInt32LE(16), -17)
  t.deepEqual(error.subarray(20, 36), request.subarray(0, 16), 'the request header echoed')
  t.is(ack(request).readInt32LE(16), 0)
  t.is(ack(request).readUInt16LE(6), constants.NLM_F_CAPPED)
  t.is(done(9, { errno: 'EINTR' }).readInt32LE(16), -4)
  t.is(errnoNumber('ENOBUFS'), 105)
  t.throws(() => errnoNumber('ENOPE'), { instanceOf: TypeError })

  const answer = dumpAnswer(request, 16, [Buffer.alloc(16), Buffer.alloc(20)], { flags: constants.NLM_F_DUMP_INTR })
  const headers = []
  for (let at = 0; at < answer.length; at += readHeader(answer, at).length) headers.push(readHeader(answer, at))
  t.deepEqual(
    headers.map((h) => [h.type, h.flags, h.sequenceNumber]),
    [
      [16, constants.NLM_F_MULTI | constants.NLM_F_DUMP_INTR, 9],
      [16, constants.NLM_F_MULTI | constants.NLM_F_DUMP_INTR, 9],
      [constants.NLMSG_DONE, constants.NLM_F_MULTI, 9],
    ],
  )
})

test('recordings: written and read back; sequence numbers rewritten; a cut recording is refused', (t) => {
  const datagrams = [Buffer.concat([nlmsg({ type: 16, seq: 1 }), done(1)]), done(1)]
  const recording = formatRecording(datagrams)
  t.deepEqual(parseRecording(recording), datagrams)
  t.throws(() => parseRecording(recording.subarray(0, recording.length - 1)), { instanceOf: RangeError })
  const moved = withSeq(datagrams[0], 44)
  t.deepEqual([seqOf(moved), seqOf(moved.subarray(16))], [44, 44])
  t.is(seqOf(datagrams[0]), 1, 'a copy: the recording is left as it was')
})

test('a call awaiting the fake keeps the process alive until its timeout, and nothing keeps it after', (t) => {
  // In a process of its own: with nothing else pending, an await the fake did not keep alive would
  // end the process with the await unsettled (exit 13) instead of reaching the timeout.
  const script = `
    const { openFakeIPRoute } = require('nlroute/testing')
    const { NetlinkTimeoutError } = require('nlroute')
    openFakeIPRoute().then(async ({ ipr, kernel }) => {
      const error = await ipr.getLinks({}, { timeout: 100 }).catch((e) => e)
      console.log(JSON.stringify({ timedOut: error instanceof NetlinkTimeoutError, referenced: kernel.referenced }))
      // not closed: the socket must not keep the process alive once nothing awaits it
    })`
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 }))
  t.deepEqual(out, { timedOut: true, referenced: false })
})

test('kernel.sent splits requests made in one tick, sent as one datagram', async (t) => {
  const { ipr, kernel } = await openFakeIPRoute({ respond: (request) => [ack(request)] })
  await Promise.all([ipr.link('set', { index: 1, up: true }), ipr.link('set', { index: 2, up: true })])
  t.is(kernel.datagramsSent, 1)
  t.is(kernel.sent.length, 2)
  t.not(seqOf(kernel.sent[0]), seqOf(kernel.sent[1]))
  ipr.close()
})
