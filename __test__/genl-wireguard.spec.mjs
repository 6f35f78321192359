// WireGuard's codecs on bytes laid out by hand from linux/wireguard.h (this kernel has no
// wireguard module): the constants against the header itself, a GET_DEVICE dump (peers and
// allowed IPs split across messages, as the UAPI allows) decoded and coalesced, SET_DEVICE
// requests encoded to wg(8)'s bytes, round trips, argument checks that send nothing, and the
// WireGuard class end to end on the fake kernel (family resolution + GET_DEVICE dump scripted).
import test from 'ava'
import { createRequire } from 'node:module'
import { attr, genlFamilyPayload, genlhdr, nest, nlmsg, str, u16, u32, u64, u8 } from './helpers/bytes.mjs'
import { FakeKernel, ack, dumpAnswer, errorFor, seqOf } from './helpers/fake-kernel.mjs'
import { headerConstants } from './helpers/uapi.mjs'

const require = createRequire(import.meta.url)
const { WireGuard, genl, NetlinkError } = require('../dist/index.js')
const wg = genl.wireguard

test('the constants are linux/wireguard.h', (t) => {
  const h = headerConstants('/usr/include/linux/wireguard.h')
  t.is(wg.WG_GENL_NAME, h.WG_GENL_NAME)
  t.is(wg.WG_GENL_VERSION, h.WG_GENL_VERSION)
  t.is(wg.WG_KEY_LEN, h.WG_KEY_LEN)
  const tables = {
    WG_CMD: wg.WG_CMD,
    WGDEVICE_F: wg.WGDEVICE_F,
    WGDEVICE_A: wg.WGDEVICE_A,
    WGPEER_F: wg.WGPEER_F,
    WGPEER_A: wg.WGPEER_A,
    WGALLOWEDIP_A: wg.WGALLOWEDIP_A,
  }
  for (const [prefix, table] of Object.entries(tables)) {
    for (const [name, value] of Object.entries(table)) t.is(value, h[`${prefix}_${name}`], `${prefix}_${name}`)
  }
  t.is(wg.WIREGUARD.name, 'wireguard')
  t.is(wg.WIREGUARD.requests, wg.WIREGUARD.replies, 'one table both ways')
})

// Keys as `wg genkey` / `wg pubkey` would print them: 32 bytes each, base64.
const PRIV = Buffer.alloc(32, 0x11)
const PUB = Buffer.alloc(32, 0x22)
const PEER1 = Buffer.alloc(32, 0x33)
const PEER2 = Buffer.alloc(32, 0x44)
const PEER3 = Buffer.alloc(32, 0x55)
const PSK = Buffer.alloc(32, 0x66)
const b64 = (b) => b.toString('base64')

/** struct sockaddr_in: family (host order), port (network order), address, 8 bytes of zero. */
function sockaddrIn(a, b, c, d, port) {
  const s = Buffer.alloc(16)
  s.writeUInt16LE(2, 0)
  s.writeUInt16BE(port, 2)
  Buffer.from([a, b, c, d]).copy(s, 4)
  return s
}
/** struct sockaddr_in6: family, port, flowinfo, address, scope id. */
function sockaddrIn6(addr16, port, scopeId = 0) {
  const s = Buffer.alloc(28)
  s.writeUInt16LE(10, 0)
  s.writeUInt16BE(port, 2)
  addr16.copy(s, 8)
  s.writeUInt32LE(scopeId, 24)
  return s
}
/** struct __kernel_timespec: s64 seconds, s64 nanoseconds. */
function timespec(sec, nsec) {
  const b = Buffer.alloc(16)
  b.writeBigInt64LE(BigInt(sec), 0)
  b.writeBigInt64LE(BigInt(nsec), 8)
  return b
}
const FD00 = Buffer.from('fd000000000000000000000000000000', 'hex')
const DB8_1 = Buffer.from('20010db8000000000000000000000001', 'hex')
const FE80_1 = Buffer.from('fe800000000000000000000000000001', 'hex')

/** WGALLOWEDIP_A_FAMILY (1) u16, WGALLOWEDIP_A_IPADDR (2), WGALLOWEDIP_A_CIDR_MASK (3) u8, in a nest typed 0. */
const allowedIp = (family, addr, cidr) => nest(0, [attr(1, u16(family)), attr(2, addr), attr(3, u8(cidr))])

// A GET_DEVICE dump as the kernel writes it (get_device_dump_peer): the first message has the
// device; peer 2's allowed IPs did not fit, so the next message repeats peer 2 with only its
// public key and the rest, then goes on with peer 3, under WGDEVICE_A_IFINDEX/IFNAME only.
const DUMP = [
  Buffer.concat([
    genlhdr(0),
    attr(6, u16(51820)), // WGDEVICE_A_LISTEN_PORT
    attr(7, u32(0x42)), // WGDEVICE_A_FWMARK
    attr(1, u32(7)), // WGDEVICE_A_IFINDEX
    attr(2, str('wg0')), // WGDEVICE_A_IFNAME
    attr(3, PRIV), // WGDEVICE_A_PRIVATE_KEY
    attr(4, PUB), // WGDEVICE_A_PUBLIC_KEY
    nest(8, [
      // WGDEVICE_A_PEERS
      nest(0, [
        attr(1, PEER1), // WGPEER_A_PUBLIC_KEY
        attr(2, PSK), // WGPEER_A_PRESHARED_KEY
        attr(6, timespec(1700000000, 250_000_000)), // WGPEER_A_LAST_HANDSHAKE_TIME
        attr(5, u16(25)), // WGPEER_A_PERSISTENT_KEEPALIVE_INTERVAL
        attr(8, u64(2 ** 40 + 5)), // WGPEER_A_TX_BYTES
        attr(7, u64(1234)), // WGPEER_A_RX_BYTES
        attr(10, u32(1)), // WGPEER_A_PROTOCOL_VERSION
        attr(4, sockaddrIn(192, 0, 2, 1, 51820)), // WGPEER_A_ENDPOINT
        nest(9, [allowedIp(2, Buffer.from([10, 0, 0, 0]), 24), allowedIp(10, FD00, 64)]), // WGPEER_A_ALLOWEDIPS
      ]),
      nest(0, [
        attr(1, PEER2),
        attr(2, Buffer.alloc(32)), // no preshared key: zeros
        attr(6, timespec(0, 0)), // never
        attr(5, u16(0)),
        attr(8, u64(0)),
        attr(7, u64(0)),
        attr(10, u32(1)),
        attr(4, sockaddrIn6(DB8_1, 51821)),
        nest(9, [allowedIp(2, Buffer.from([10, 2, 0, 1]), 32)]),
      ]),
    ]),
  ]),
  Buffer.concat([
    genlhdr(0),
    attr(1, u32(7)),
    attr(2, str('wg0')),
    nest(8, [nest(0, [attr(1, PEER2), nest(9, [allowedIp(10, DB8_1, 128)])]), nest(0, [attr(1, PEER3), attr(4, sockaddrIn6(FE80_1, 1, 3)), nest(9, [])])]),
  ]),
]

const EXPECTED = {
  ifindex: 7,
  ifname: 'wg0',
  privateKey: b64(PRIV),
  publicKey: b64(PUB),
  listenPort: 51820,
  fwmark: 0x42,
  unknown: null,
  peers: [
    {
      publicKey: b64(PEER1),
      presharedKey: b64(PSK),
      endpoint: { address: '192.0.2.1', port: 51820 },
      persistentKeepalive: 25,
      lastHandshake: new Date(1700000000_250),
      rxBytes: 1234,
      txBytes: 2 ** 40 + 5,
      allowedIps: ['10.0.0.0/24', 'fd00::/64'],
      protocolVersion: 1,
      unknown: null,
    },
    {
      publicKey: b64(PEER2),
      presharedKey: null,
      endpoint: { address: '2001:db8::1', port: 51821 },
      persistentKeepalive: 0,
      lastHandshake: null,
      rxBytes: 0,
      txBytes: 0,
      allowedIps: ['10.2.0.1/32', '2001:db8::1/128'],
      protocolVersion: 1,
      unknown: null,
    },
    {
      publicKey: b64(PEER3),
      presharedKey: null,
      endpoint: { address: 'fe80::1', port: 1, scopeId: 3 },
      persistentKeepalive: 0,
      lastHandshake: null,
      rxBytes: 0,
      txBytes: 0,
      allowedIps: [],
      protocolVersion: null,
      unknown: null,
    },
  ],
}

const decodeOne = (payload) => {
  const m = nlmsg({ type: 30, flags: 2, payload })
  return genl.decodeGenlMessage(wg.WIREGUARD, m, 0, m.readUInt32LE(0))
}

test('a GET_DEVICE dump laid out per the UAPI decodes and coalesces into one device', (t) => {
  const messages = DUMP.map(decodeOne)
  t.like(messages[0], { family: 'wireguard', cmd: 0, command: 'get_device', version: 1 })
  t.is(messages[0].attrs.peers[0].endpoint.port, 51820)
  t.deepEqual(wg.deviceOf(messages), EXPECTED)
  t.is(wg.deviceOf([]), null)
})

test('a key or endpoint of the wrong size is kept raw, not misread', (t) => {
  const m = decodeOne(Buffer.concat([genlhdr(0), attr(3, Buffer.alloc(31, 1)), nest(8, [nest(0, [attr(1, PEER1), attr(4, Buffer.from([2, 0, 1]))])])]))
  t.deepEqual(m.attrs.unknown, [{ type: 3, data: Buffer.alloc(31, 1) }])
  t.deepEqual(m.attrs.peers[0].unknown, [{ type: 4, data: Buffer.from([2, 0, 1]) }])
  t.is(wg.deviceOf([m]).privateKey, null)
})

// `wg set wg0 private-key K listen-port 51820 fwmark 0 peer P1 preshared-key PSK endpoint
// 192.0.2.1:51820 persistent-keepalive 25 allowed-ips 10.0.0.0/24,fd00::/64 peer P2 remove`, with
// replace-peers (`wg setconf`), laid out in wg(8)'s order (ipc-linux.h kernel_set_device).
const SET_SETTINGS = {
  privateKey: b64(PRIV),
  listenPort: 51820,
  fwmark: 0,
  replacePeers: true,
  peers: [
    {
      publicKey: b64(PEER1),
      presharedKey: b64(PSK),
      endpoint: { address: '192.0.2.1', port: 51820 },
      persistentKeepalive: 25,
      replaceAllowedIps: true,
      allowedIps: ['10.0.0.0/24', 'fd00::/64'],
    },
    { publicKey: b64(PEER2), remove: true },
    { publicKey: b64(PEER3), updateOnly: true, presharedKey: null, endpoint: { address: 'fe80::1', port: 1, scopeId: 3 } },
  ],
}
const SET_BYTES = Buffer.concat([
  genlhdr(1), // WG_CMD_SET_DEVICE
  attr(2, str('wg0')), // WGDEVICE_A_IFNAME
  attr(3, PRIV), // WGDEVICE_A_PRIVATE_KEY
  attr(6, u16(51820)), // WGDEVICE_A_LISTEN_PORT
  attr(7, u32(0)), // WGDEVICE_A_FWMARK
  attr(5, u32(1)), // WGDEVICE_A_FLAGS: WGDEVICE_F_REPLACE_PEERS
  nest(8, [
    nest(0, [
      attr(1, PEER1),
      attr(2, PSK),
      attr(4, sockaddrIn(192, 0, 2, 1, 51820)),
      attr(5, u16(25)),
      attr(3, u32(2)), // WGPEER_F_REPLACE_ALLOWEDIPS
      nest(9, [allowedIp(2, Buffer.from([10, 0, 0, 0]), 24), allowedIp(10, FD00, 64)]),
    ]),
    nest(0, [attr(1, PEER2), attr(3, u32(1))]), // WGPEER_F_REMOVE_ME
    nest(0, [attr(1, PEER3), attr(2, Buffer.alloc(32)), attr(4, sockaddrIn6(FE80_1, 1, 3)), attr(3, u32(4))]), // WGPEER_F_UPDATE_ONLY
  ]),
])

test("SET_DEVICE encodes to wg(8)'s bytes, and decodes back to what was encoded", (t) => {
  const attrs = wg.setDeviceAttrs({ ifname: 'wg0' }, SET_SETTINGS, 'set')
  const payload = genl.encodeGenlRequest(wg.WIREGUARD, wg.WG_CMD.SET_DEVICE, attrs, 'set')
  t.deepEqual(payload.toString('hex'), SET_BYTES.toString('hex'))
  const back = decodeOne(payload)
  t.is(back.command, 'set_device')
  t.deepEqual(back.attrs, attrs)
})

test('a decoded GET_DEVICE message re-encodes to the same attributes (round trip through the schema)', (t) => {
  const m = decodeOne(DUMP[0])
  const again = genl.encodeGenlRequest(wg.WIREGUARD, wg.WG_CMD.GET_DEVICE, m.attrs, 'again')
  t.deepEqual(decodeOne(again).attrs, m.attrs)
})

const WG_ID = 33

/** A kernel with the wireguard family: nlctrl resolves it, GET_DEVICE dumps DUMP, SET_DEVICE acks. */
function wireguardKernel() {
  const kernel = new FakeKernel()
  kernel.respond = (frame) => {
    const type = frame.readUInt16LE(4)
    if (type === 0x10)
      return [
        nlmsg({
          type: 0x10,
          seq: seqOf(frame),
          payload: genlFamilyPayload({
            name: 'wireguard',
            id: WG_ID,
            maxattr: 8,
            ops: [
              [0, 0x0c],
              [1, 0x0b],
            ],
          }),
        }),
      ]
    if (type !== WG_ID) return [errorFor(frame, 22)]
    if (frame[16] === 0) return [dumpAnswer(frame, WG_ID, DUMP)]
    return [ack(frame)]
  }
  return kernel
}

test('WireGuard.getDevice resolves the family, sends a GET_DEVICE dump naming the device, and coalesces the answer', async (t) => {
  const kernel = wireguardKernel()
  const w = await WireGuard.open({}, kernel.opener)
  t.teardown(() => w.close())
  t.deepEqual(await w.getDevice('wg0'), EXPECTED)
  const get = kernel.sent[1]
  t.is(get.readUInt16LE(4), WG_ID)
  t.is(get.readUInt16LE(6) & 0x300, 0x300, 'NLM_F_DUMP')
  t.deepEqual(get.subarray(16).toString('hex'), Buffer.concat([genlhdr(0), attr(2, str('wg0'))]).toString('hex'))
  await w.getDevice(7)
  t.deepEqual(kernel.sent[2].subarray(16).toString('hex'), Buffer.concat([genlhdr(0), attr(1, u32(7))]).toString('hex'))
  t.is(kernel.sent.length, 3, 'the family was resolved once')
})

test('WireGuard.setDevice sends the SET_DEVICE bytes with an ack asked for', async (t) => {
  const kernel = wireguardKernel()
  const w = await WireGuard.open({}, kernel.opener)
  t.teardown(() => w.close())
  await w.setDevice('wg0', SET_SETTINGS)
  const set = kernel.sent[1]
  t.is(set.readUInt16LE(6), 0x5, 'NLM_F_REQUEST | NLM_F_ACK')
  t.deepEqual(set.subarray(16).toString('hex'), SET_BYTES.toString('hex'))
})

test('without the wireguard module the family does not resolve: NetlinkError ENOENT', async (t) => {
  const kernel = new FakeKernel((frame) => [errorFor(frame, 2)])
  const w = await WireGuard.open({}, kernel.opener)
  t.teardown(() => w.close())
  const error = await t.throwsAsync(w.getDevice('wg0'), { instanceOf: NetlinkError })
  t.is(error.code, 'ENOENT')
})

test('bad arguments are refused, naming them, before anything is sent', async (t) => {
  const kernel = wireguardKernel()
  const w = await WireGuard.open({}, kernel.opener)
  t.teardown(() => w.close())
  const key = b64(PEER1)
  const cases = [
    [() => w.getDevice(0), RangeError, /^getDevice dev: 0 is not an interface index/],
    [() => w.getDevice('a-name-far-too-long'), RangeError, /^getDevice dev: /],
    [() => w.getDevice('wg0', { bogus: 1 }), TypeError, /^getDevice options\.bogus: unknown option/],
    [() => w.setDevice('wg0', { privateKey: 'short' }), TypeError, /^setDevice settings\.privateKey: 'short' is not the base64 text of a 32-byte key/],
    [() => w.setDevice('wg0', { listenPort: 70000 }), RangeError, /^setDevice settings\.listenPort: /],
    [() => w.setDevice('wg0', { bogus: 1 }), TypeError, /^setDevice settings\.bogus: unknown field/],
    [() => w.setDevice('wg0', { peers: {} }), TypeError, /^setDevice settings\.peers: expected an array/],
    [() => w.setDevice('wg0', { peers: [{}] }), TypeError, /^setDevice settings\.peers\[0\]\.publicKey: expected a base64 key/],
    [
      () => w.setDevice('wg0', { peers: [{ publicKey: key, remove: true, persistentKeepalive: 5 }] }),
      TypeError,
      /^setDevice settings\.peers\[0\]\.persistentKeepalive: a peer being removed/,
    ],
    [
      () => w.setDevice('wg0', { peers: [{ publicKey: key, allowedIps: ['10.0.0.1/24'] }] }),
      TypeError,
      /^setDevice settings\.peers\[0\]\.allowedIps\[0\]: '10\.0\.0\.1\/24' has host bits/,
    ],
    [
      () => w.setDevice('wg0', { peers: [{ publicKey: key, endpoint: { address: 'nope', port: 1 } }] }),
      TypeError,
      /^setDevice settings\.peers\[0\]\.endpoint\.address: /,
    ],
    [
      () => w.setDevice('wg0', { peers: [{ publicKey: key, endpoint: { address: '192.0.2.1', port: 1, scopeId: 2 } }] }),
      TypeError,
      /endpoint\.scopeId: only an IPv6 endpoint/,
    ],
    [() => w.setDevice('wg0', { replacePeers: 'yes' }), TypeError, /^setDevice settings\.replacePeers: expected a boolean/],
  ]
  for (const [call, instanceOf, message] of cases) await t.throwsAsync(async () => call(), { instanceOf, message })
  t.throws(() => new WireGuard({}), { instanceOf: TypeError, message: /^WireGuard genl: / })
  t.is(kernel.sent.length, 0)
})
