// DiagSocket against the fake kernel: the Marshal keyed on the family byte (an answer of AF_INET,
// NLMSG_ERROR's number, is a socket; a real NLMSG_ERROR a NetlinkError), decoders on bytes laid out
// per linux/inet_diag.h and unix_diag.h, the requests and bytecode sent, and bad arguments refused
// before anything is sent.
import test from 'ava'
import { DiagSocket, NetlinkError } from '../dist/index.js'
import { FakeKernel, attr, done, dumpAnswer, errorFor, nlmsg, seqOf, NLM_F_MULTI } from './helpers/fake-kernel.mjs'

const SOCK_DIAG_BY_FAMILY = 20

/** struct inet_diag_msg (72 bytes) for an IPv4 socket, then its attributes. */
function inetMsg(
  {
    family = 2,
    state = 1,
    sport = 22,
    dport = 40000,
    src = [10, 0, 0, 1],
    dst = [10, 0, 0, 2],
    timer = 0,
    expires = 0,
    retrans = 0,
    rq = 0,
    wq = 0,
    uid = 1000,
    inode = 4242,
    cookie = [0x10, 0x1],
    ifindex = 0,
  } = {},
  ...attrs
) {
  const b = Buffer.alloc(72)
  b[0] = family
  b[1] = state
  b[2] = timer
  b[3] = retrans
  b.writeUInt16BE(sport, 4)
  b.writeUInt16BE(dport, 6)
  Buffer.from(src).copy(b, 8)
  Buffer.from(dst).copy(b, 24)
  b.writeUInt32LE(ifindex, 40)
  b.writeUInt32LE(cookie[0], 44)
  b.writeUInt32LE(cookie[1], 48)
  b.writeUInt32LE(expires, 52)
  b.writeUInt32LE(rq, 56)
  b.writeUInt32LE(wq, 60)
  b.writeUInt32LE(uid, 64)
  b.writeUInt32LE(inode, 68)
  return Buffer.concat([b, ...attrs])
}

/** struct unix_diag_msg (16 bytes), then its attributes. */
function unixMsg({ type = 1, state = 10, ino = 777 } = {}, ...attrs) {
  const b = Buffer.alloc(16)
  b[0] = 1
  b[1] = type
  b[2] = state
  b.writeUInt32LE(ino, 4)
  return Buffer.concat([b, ...attrs])
}

const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}

async function open(t, respond) {
  const kernel = new FakeKernel()
  kernel.respond = respond
  const diag = await DiagSocket.open({}, kernel.opener)
  t.teardown(() => diag.close())
  return { kernel, diag }
}

test('an answer whose family byte is 2 (AF_INET = NLMSG_ERROR) is decoded as a socket', async (t) => {
  const tcpInfo = Buffer.alloc(248)
  tcpInfo[6] = 0x7a // snd_wscale 10, rcv_wscale 7
  tcpInfo.writeUInt32LE(65483, 84) // advmss
  const { kernel, diag } = await open(t, (req) => [
    dumpAnswer(req, SOCK_DIAG_BY_FAMILY, [
      inetMsg(
        { timer: 2, expires: 7000, retrans: 1, rq: 5, wq: 9 },
        attr(2, tcpInfo),
        attr(4, Buffer.from('cubic\0')),
        attr(21, Buffer.from([1, 0, 0, 0, 0, 0, 0, 0])),
        attr(99, Buffer.from([1, 2])),
      ),
    ]),
  ])
  const [s] = await diag.getSockets({ family: 4 })
  t.is(kernel.sent.length, 1)
  t.is(kernel.sent[0].readUInt16LE(4), SOCK_DIAG_BY_FAMILY)
  t.like(s, {
    family: 4,
    protocol: 'tcp',
    state: 'established',
    localAddress: '10.0.0.1',
    localPort: 22,
    remoteAddress: '10.0.0.2',
    remotePort: 40000,
    uid: 1000,
    inode: 4242,
    cookie: '100000010',
    timer: { name: 'keepalive', expires: 7000, retransmits: 1 },
    receiveQueue: 5,
    sendQueue: 9,
    congestion: 'cubic',
    cgroupId: 1,
  })
  t.is(s.tcpInfo.sndWscale, 10)
  t.is(s.tcpInfo.rcvWscale, 7)
  t.is(s.tcpInfo.advmss, 65483)
  t.deepEqual(s.unknown, [{ type: 99, data: Buffer.from([1, 2]) }])
})

test('a real NLMSG_ERROR still ends the request as a NetlinkError', async (t) => {
  const { diag } = await open(t, (req) => [errorFor(req, 'EINVAL', { message: 'bad bytecode' })])
  const error = await t.throwsAsync(diag.getSockets({ family: 4 }), { instanceOf: NetlinkError })
  t.is(error.code, 'EINVAL')
  t.regex(error.message, /bad bytecode/)
})

test('without a family, IPv4 then IPv6 are dumped, one request each', async (t) => {
  const v6 = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]
  const { kernel, diag } = await open(t, (req) => [
    dumpAnswer(req, SOCK_DIAG_BY_FAMILY, [req[16] === 2 ? inetMsg() : inetMsg({ family: 10, src: v6, dst: v6 })]),
  ])
  const sockets = []
  for await (const s of diag.sockets({ protocol: 'udp' })) sockets.push(s)
  t.deepEqual(
    kernel.sent.map((f) => [f[16], f[17]]),
    [
      [2, 17],
      [10, 17],
    ],
  )
  t.deepEqual(
    sockets.map((s) => [s.family, s.protocol, s.localAddress]),
    [
      [4, 'udp', '10.0.0.1'],
      [6, 'udp', '2001:db8::1'],
    ],
  )
})

test('states and extensions become the kernel masks; ports and addresses its bytecode', async (t) => {
  const { kernel, diag } = await open(t, (req) => [done(seqOf(req))])
  await diag.getSockets({ family: 4, states: ['listen', 'time-wait'], extensions: ['info', 'cong'], ports: { local: 22 }, addresses: { remote: '10.0.0.0/8' } })
  const req = kernel.sent[0].subarray(16)
  t.is(req[2], 0b1010, 'idiag_ext: INFO and CONG')
  t.is(req.readUInt32LE(4), (1 << 10) | (1 << 6), 'idiag_states')
  t.is(req.readUInt16LE(58), 1, 'INET_DIAG_REQ_BYTECODE')
  const bc = req.subarray(60, req.readUInt16LE(56) + 56)
  // ss's program for `sport = :22 and dst 10.0.0.0/8`: S_EQ's no exit patched past the D_COND.
  const expected = Buffer.from([11, 8, 28, 0, 0, 0, 22, 0, 8, 16, 20, 0, 2, 8, 0, 0, 0xff, 0xff, 0xff, 0xff, 10, 0, 0, 0])
  t.deepEqual(bc, expected)
})

test('bytecode: OR and ranges as ss builds them', async (t) => {
  const { kernel, diag } = await open(t, (req) => [done(seqOf(req))])
  await diag.getSockets({ family: 4, ports: { local: [22, { min: 1000, max: 2000 }] } })
  const req = kernel.sent[0].subarray(16)
  const bc = req.subarray(60, req.readUInt16LE(56) + 56)
  // S_EQ 22 | JMP over the range | S_GE 1000 (no → past the end) S_LE 2000
  const expected = Buffer.from([11, 8, 12, 0, 0, 0, 22, 0, 1, 4, 20, 0, 2, 8, 20, 0, 0, 0, 0xe8, 3, 3, 8, 12, 0, 0, 0, 0xd0, 7])
  t.deepEqual(bc, expected)
})

test('UNIX answers (family byte 1) decode with abstract names as ss shows them', async (t) => {
  const name = Buffer.from('\0abs\0x')
  const { kernel, diag } = await open(t, (req) => [
    dumpAnswer(req, SOCK_DIAG_BY_FAMILY, [
      unixMsg({}, attr(0, name), attr(4, Buffer.concat([u32(1), u32(4)])), attr(3, Buffer.concat([u32(900), u32(901)])), attr(7, u32(1000))),
      unixMsg({ type: 2, state: 7, ino: 778 }, attr(0, Buffer.from('/run/x.sock\0')), attr(2, u32(779))),
    ]),
  ])
  const [a, b] = await diag.getUnixSockets({ extensions: ['icons'] })
  const req = kernel.sent[0].subarray(16)
  t.is(req[0], 1, 'AF_UNIX')
  t.is(req.readUInt32LE(12), 0x01 | 0x04 | 0x10 | 0x40 | 0x08, 'udiag_show')
  t.like(a, {
    type: 'stream',
    state: 'listen',
    path: '@abs@x',
    inode: 777,
    peerInode: null,
    receiveQueue: 1,
    sendQueue: 4,
    uid: 1000,
    pendingConnections: [900, 901],
  })
  t.like(b, { type: 'dgram', state: 'close', path: '/run/x.sock', peerInode: 779, uid: null })
})

test('a malformed answer is a ParseError, never a socket', async (t) => {
  const { diag } = await open(t, (req) => [
    nlmsg({ type: SOCK_DIAG_BY_FAMILY, flags: NLM_F_MULTI, seq: seqOf(req), payload: Buffer.from([2, 1, 0, 0]) }),
    done(seqOf(req)),
  ])
  await t.throwsAsync(diag.getSockets({ family: 4 }), { name: 'ParseError' })
})

for (const [call, message] of [
  [(d) => d.getSockets({ family: 5 }), /^getSockets filter\.family: /],
  [(d) => d.getSockets({ protocol: 'icmp' }), /^getSockets filter\.protocol: expected one of tcp, udp, sctp, raw/],
  [(d) => d.getSockets({ states: ['listening', 'bogus'] }), /^getSockets filter\.states\[1\]: 'bogus' is not a known socket state/],
  [(d) => d.getSockets({ ports: { local: 70000 } }), /^getSockets filter\.ports\.local: /],
  [(d) => d.getSockets({ ports: { local: [{ min: 9, max: 2 }] } }), /^getSockets filter\.ports\.local\[0\]: range 9\.\.2 is empty/],
  [(d) => d.getSockets({ ports: { sport: 1 } }), /^getSockets filter\.ports\.sport: unknown field/],
  [(d) => d.getSockets({ family: 4, addresses: { local: '::1' } }), /^getSockets filter\.addresses\.local: '::1' is IPv6 but the filter is IPv4/],
  [(d) => d.getSockets({ extensions: ['tcpinfo'] }), /^getSockets filter\.extensions\[0\]: /],
  [(d) => d.getSockets({ uid: -1 }), /^getSockets filter\.uid: /],
  [(d) => d.getUnixSockets({ ports: {} }), /^getUnixSockets filter\.ports: unknown field/],
  [(d) => d.socket({ family: 4, localAddress: 'x', localPort: 1, remoteAddress: '1.1.1.1', remotePort: 1 }), /^socket id\.localAddress: /],
  [(d) => d.destroy({ family: 4, localAddress: '1.1.1.1', localPort: 1, remoteAddress: '1.1.1.1', remotePort: 1, cookie: 'zz' }), /^destroy id\.cookie: /],
]) {
  test(`refused before anything is sent: ${message.source}`, async (t) => {
    const { kernel, diag } = await open(t, () => null)
    const error = await t.throwsAsync(async () => call(diag), { message })
    t.true(error instanceof TypeError || error instanceof RangeError)
    t.is(kernel.sent.length, 0)
  })
}

test('destroy sends SOCK_DESTROY with the exact id and an ack request; EOPNOTSUPP says why', async (t) => {
  const { kernel, diag } = await open(t, (req) => [errorFor(req, 'EOPNOTSUPP')])
  const id = { family: 4, localAddress: '10.0.0.1', localPort: 22, remoteAddress: '10.0.0.2', remotePort: 40000, cookie: '100000010' }
  const error = await t.throwsAsync(diag.destroy(id), { instanceOf: NetlinkError })
  t.is(error.code, 'EOPNOTSUPP')
  t.regex(error.message, /CONFIG_INET_DIAG_DESTROY/)
  const f = kernel.sent[0]
  t.is(f.readUInt16LE(4), 21)
  t.is(f.readUInt16LE(6) & 0x4, 0x4, 'NLM_F_ACK')
  const req = f.subarray(16)
  t.deepEqual(
    [req.readUInt16BE(8), req.readUInt16BE(10), [...req.subarray(12, 16)], req.readUInt32LE(48), req.readUInt32LE(52)],
    [22, 40000, [10, 0, 0, 1], 0x10, 0x1],
  )
})
