// Smoke tests of the napi binding (index.js) against the real kernel, each in a fresh namespace.
import test from 'ava'
import { createRequire } from 'node:module'
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { FULL_SPECS } from './types/native-parser-specs.mjs'

const require = createRequire(import.meta.url)
const { NativeSocket, nativeParserFields } = require('../index.js')

const NETLINK_ROUTE = 0
const RTM_NEWLINK = 16
const RTM_GETLINK = 18
const RTM_NEWROUTE = 24
const RTM_GETROUTE = 26
const NLMSG_ERROR = 2
const NLMSG_DONE = 3
const IFLA_IFNAME = 3
const RTA_DST = 1
const RTNLGRP_LINK = 1
const DUMP_REQUEST = 0x301 // NLM_F_REQUEST | NLM_F_DUMP

function makeNamespace(t) {
  const name = `nlr-${randomBytes(4).toString('hex')}`
  execFileSync('ip', ['netns', 'add', name])
  t.teardown(() => execFileSync('ip', ['netns', 'del', name]))
  execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up'])
  return name
}

/** 16-byte nlmsghdr followed by `body`. */
function request(type, seq, body) {
  const header = Buffer.alloc(16)
  header.writeUInt32LE(16 + body.length, 0)
  header.writeUInt16LE(type, 4)
  header.writeUInt16LE(DUMP_REQUEST, 6)
  header.writeUInt32LE(seq, 8)
  return Buffer.concat([header, body])
}
const linkDump = (seq) => request(RTM_GETLINK, seq, Buffer.alloc(16)) // ifinfomsg
const routeDump = (seq, family = 2) => {
  const rtmsg = Buffer.alloc(12)
  rtmsg[0] = family
  return request(RTM_GETROUTE, seq, rtmsg)
}

function* messages(datagram) {
  for (let offset = 0; offset + 16 <= datagram.length;) {
    const len = datagram.readUInt32LE(offset)
    if (len < 16) throw new Error(`bad nlmsg_len ${len} at ${offset}`)
    yield {
      type: datagram.readUInt16LE(offset + 4),
      flags: datagram.readUInt16LE(offset + 6),
      seq: datagram.readUInt32LE(offset + 8),
      bytes: datagram.subarray(offset, offset + len),
    }
    offset += (len + 3) & ~3
  }
}

function* attributes(bytes, start) {
  for (let offset = start; offset + 4 <= bytes.length;) {
    const len = bytes.readUInt16LE(offset)
    if (len < 4) return
    yield { type: bytes.readUInt16LE(offset + 2) & 0x3fff, value: bytes.subarray(offset + 4, offset + len) }
    offset += (len + 3) & ~3
  }
}

/**
 * Opens a socket, sends `payload`, demands until NLMSG_DONE/ERROR of `seq`; resolves with the
 * messages of that sequence number, the batches and the socket (already closed).
 */
function dump(options, payload, seq, prepare = () => {}) {
  return new Promise((resolve, reject) => {
    const collected = []
    const batches = []
    const socket = NativeSocket.open(options, (batch) => {
      try {
        batches.push(batch)
        if (batch.error) throw new Error(`receive failed: ${batch.error.code} ${batch.error.message}`)
        for (const [index, datagram] of batch.datagrams.entries()) {
          if (batch.groups[index] !== 0) continue
          for (const message of messages(datagram)) {
            if (message.seq !== seq) continue
            collected.push(message)
            if (message.type === NLMSG_DONE || message.type === NLMSG_ERROR) {
              const stats = socket.stats()
              socket.close()
              resolve({ messages: collected, batches, stats })
              return
            }
          }
        }
        socket.demand()
      } catch (error) {
        socket.close()
        reject(error)
      }
    })
    prepare(socket)
    socket.ref() // keep the test process alive while waiting
    socket.send(payload)
    socket.demand()
  })
}

for (const bufferThread of [false, true]) {
  test(`link dump in a namespace finds lo (bufferThread ${bufferThread})`, async (t) => {
    const netns = makeNamespace(t)
    execFileSync('ip', ['-n', netns, 'link', 'add', 'nlr0', 'type', 'veth', 'peer', 'name', 'nlr1'])
    const { messages: replies, stats } = await dump({ protocol: NETLINK_ROUTE, netns, bufferThread }, linkDump(1), 1)
    const names = replies
      .filter((message) => message.type === RTM_NEWLINK)
      .flatMap((message) => [...attributes(message.bytes, 32)])
      .filter((attribute) => attribute.type === IFLA_IFNAME)
      .map((attribute) => attribute.value.toString('latin1').replace(/\0+$/, ''))
    t.deepEqual(names.sort(), ['lo', 'nlr0', 'nlr1'])
    t.is(replies.at(-1).type, NLMSG_DONE)
    t.true(stats.datagrams >= 1)
    t.true(stats.bytes > 0)
  })
}

for (const bufferThread of [false, true]) {
  test(`defaultRoutes native parser drops the other routes (bufferThread ${bufferThread})`, async (t) => {
    const netns = makeNamespace(t)
    execFileSync('ip', ['-n', netns, 'link', 'add', 'nlr0', 'type', 'veth', 'peer', 'name', 'nlr1'])
    execFileSync('ip', ['-n', netns, 'link', 'set', 'nlr0', 'up'])
    execFileSync('ip', ['-n', netns, 'addr', 'add', '192.0.2.1/24', 'dev', 'nlr0'])
    execFileSync('ip', ['-n', netns, 'route', 'add', 'default', 'via', '192.0.2.254'])
    const blackholes = Array.from({ length: 300 }, (_, i) => `route add blackhole 10.${i >> 8}.${i & 255}.0/24`)
    execFileSync('ip', ['-n', netns, '-batch', '-'], { input: blackholes.join('\n') + '\n' })

    const seq = 77
    const result = await dump({ protocol: NETLINK_ROUTE, netns, bufferThread }, routeDump(seq), seq, (socket) =>
      socket.setNativeParser(seq, { name: 'defaultRoutes', family: 2, table: 254 }),
    )
    const routes = result.messages.filter((message) => message.type === RTM_NEWROUTE)
    t.is(routes.length, 1)
    t.false([...attributes(routes[0].bytes, 28)].some((attribute) => attribute.type === RTA_DST))
    t.is(result.messages.at(-1).type, NLMSG_DONE)
    // 300 blackholes + the connected 192.0.2.0/24 route (+ local-table routes) were dropped in Rust.
    t.true(result.stats.messagesDroppedByNativeParsers >= 301, `${result.stats.messagesDroppedByNativeParsers}`)
    for (const batch of result.batches) t.is(batch.datagrams.length, batch.groups.length)
  })
}

test('clearNativeParser restores the full dump', async (t) => {
  const netns = makeNamespace(t)
  execFileSync('ip', ['-n', netns, 'route', 'add', 'blackhole', '10.9.0.0/16'])
  const result = await dump({ protocol: NETLINK_ROUTE, netns }, routeDump(5), 5, (socket) => {
    socket.setNativeParser(5, { name: 'defaultRoutes' })
    socket.clearNativeParser(5)
  })
  t.true(result.messages.some((message) => message.type === RTM_NEWROUTE))
  t.is(result.stats.messagesDroppedByNativeParsers, 0)
})

test('membership: a link notification arrives with its group', async (t) => {
  const netns = makeNamespace(t)
  const batch = await new Promise((resolve) => {
    const socket = NativeSocket.open({ protocol: NETLINK_ROUTE, netns, bufferThread: true }, (received) => {
      socket.close()
      resolve(received)
    })
    socket.addMembership(RTNLGRP_LINK)
    socket.ref()
    socket.demand()
    execFileSync('ip', ['-n', netns, 'link', 'add', 'nlr0', 'type', 'veth', 'peer', 'name', 'nlr1'])
  })
  t.true(batch.groups.length >= 1)
  t.is(batch.groups[0], RTNLGRP_LINK)
  t.is([...messages(batch.datagrams[0])][0].type, RTM_NEWLINK)
})

test('close is idempotent and stops everything', (t) => {
  const netns = makeNamespace(t)
  let deliveries = 0
  const socket = NativeSocket.open({ protocol: NETLINK_ROUTE, netns, bufferThread: true }, () => deliveries++)
  t.true(socket.portId > 0)
  t.is(socket.protocol, NETLINK_ROUTE)
  socket.send(linkDump(1))
  socket.demand()
  socket.close()
  socket.close()
  socket.demand() // no-op once closed
  socket.ref()
  socket.unref()
  const error = t.throws(() => socket.send(linkDump(2)))
  t.is(error.code, 'EBADF')
  t.is(error.errno, 9)
  t.throws(() => socket.addMembership(1), { code: 'EBADF' })
  return new Promise((resolve) =>
    setTimeout(() => {
      t.is(deliveries, 0, 'no delivery after close()')
      resolve()
    }, 100),
  )
})

test('opening in a missing namespace throws ENOENT', (t) => {
  const error = t.throws(() => NativeSocket.open({ protocol: NETLINK_ROUTE, netns: 'nlr-missing-namespace' }, () => {}))
  t.is(error.code, 'ENOENT')
  t.is(error.errno, 2)
  t.regex(error.message, /^ENOENT: .*\/run\/netns\/nlr-missing-namespace/)
})

test('arguments are validated', (t) => {
  t.throws(() => NativeSocket.open({ protocol: 32 }, () => {}), { instanceOf: RangeError, message: /options\.protocol/ })
  t.throws(() => NativeSocket.open({ protocol: 1.5 }, () => {}), { instanceOf: TypeError, message: /options\.protocol/ })
  t.throws(() => NativeSocket.open({ protocol: 0, bufferThread: true, queueCapacity: 0 }, () => {}), {
    instanceOf: RangeError,
    message: /queueCapacity/,
  })
  const socket = NativeSocket.open({ protocol: NETLINK_ROUTE }, () => {})
  t.teardown(() => socket.close())
  t.throws(() => socket.addMembership(0), { instanceOf: RangeError, message: /group/ })
  t.throws(() => socket.dropMembership(-1), { instanceOf: RangeError, message: /group/ })
  t.throws(() => socket.setNativeParser(-1, { name: 'defaultRoutes' }), { instanceOf: RangeError, message: /sequenceNumber/ })
  t.throws(() => socket.setNativeParser(1, { name: 'noSuchParser' }), { instanceOf: TypeError, message: /noSuchParser/ })
  t.throws(() => socket.setNativeParser(1, { name: 'routeFilter', dst: Buffer.alloc(3) }), {
    instanceOf: RangeError,
    message: /dst/,
  })
  t.throws(() => socket.setNativeParser(1, { name: 'routeFilter', family: 300 }), { instanceOf: RangeError, message: /family/ })
  // Wrong kinds of value: TypeError naming the field, whichever parser reads it.
  t.throws(() => socket.setNativeParser(1, { name: 'routeFilter', table: '254' }), {
    instanceOf: TypeError,
    code: 'ERR_INVALID_ARG_TYPE',
    message: /spec\.table/,
  })
  t.throws(() => socket.setNativeParser(1, { name: 'defaultRoutes', family: null }), { instanceOf: TypeError, message: /spec\.family/ })
  t.throws(() => socket.setNativeParser(1, { name: 'routeFilter', gateway: [192, 0, 2, 1] }), { instanceOf: TypeError, message: /spec\.gateway/ })
  t.throws(() => socket.setNativeParser(1, {}), { instanceOf: TypeError, message: /spec\.name/ })
  t.notThrows(() => socket.setNativeParser(1, { name: 'routeFilter', gateway: new Uint8Array([192, 0, 2, 1]), table: undefined }))
  t.notThrows(() => socket.setNativeParser(1, { name: 'routeFilter', dst: Buffer.from([10, 0, 0, 0]), dstLen: 8 }))
  // A field the parser does not read (a typo, or another parser's): TypeError naming it and the parser.
  t.throws(() => socket.setNativeParser(1, { name: 'routeFilter', tabel: 254 }), {
    instanceOf: TypeError,
    code: 'ERR_INVALID_ARG_TYPE',
    message: /^spec\.tabel: not an option of routeFilter \(family, table, /,
  })
  t.throws(() => socket.setNativeParser(1, { name: 'defaultRoutes', oif: 1 }), {
    instanceOf: TypeError,
    message: 'spec.oif: not an option of defaultRoutes (family, table, compact)',
  })
  t.notThrows(() => socket.setNativeParser(1, { name: 'defaultRoutes', oif: undefined }), 'undefined is absent')
})

// NativeParserSpec (src/native.ts) and the Rust parsers' FIELDS list the same parsers and fields:
// tsc holds FULL_SPECS to exactly the TypeScript fields (types.spec.mjs), this test holds the same
// keys to the Rust ones, and the native parsers must accept the values as TypeScript types them.
test('every native parser takes exactly the fields NativeParserSpec gives it', (t) => {
  const rust = nativeParserFields()
  t.deepEqual(Object.keys(FULL_SPECS).sort(), Object.keys(rust).sort(), 'the same parsers')
  const socket = NativeSocket.open({ protocol: NETLINK_ROUTE }, () => {})
  t.teardown(() => socket.close())
  for (const [name, spec] of Object.entries(FULL_SPECS)) {
    t.is(spec.name, name)
    const fields = Object.keys(spec).filter((key) => key !== 'name')
    t.deepEqual(fields.sort(), [...rust[name]].sort(), `${name}: the same fields`)
    t.notThrows(() => socket.setNativeParser(1, spec), `${name}: every field accepted`)
  }
})

function runChild(source) {
  const started = Date.now()
  const child = spawnSync(process.execPath, ['--input-type=commonjs', '-e', source], {
    cwd: new URL('..', import.meta.url),
    timeout: 10_000,
    encoding: 'utf8',
  })
  return { ...child, elapsed: Date.now() - started }
}

test('an unref’d socket with a pending demand does not keep node alive', (t) => {
  const child = runChild(`
    const { NativeSocket } = require('./index.js')
    const socket = NativeSocket.open({ protocol: 0, bufferThread: true }, () => {})
    socket.addMembership(1)
    socket.demand()
    console.log('opened', socket.portId)
  `)
  t.is(child.error, undefined, 'child exited on its own')
  t.is(child.status, 0, child.stderr)
  t.regex(child.stdout, /opened \d+/)
  t.true(child.elapsed < 5000, `took ${child.elapsed} ms`)
})

test('a ref’d socket keeps node alive until close()', (t) => {
  const child = runChild(`
    const { NativeSocket } = require('./index.js')
    const socket = NativeSocket.open({ protocol: 0 }, () => {})
    socket.ref()
    socket.demand()
    const opened = Date.now()
    setTimeout(() => { socket.close(); console.log('closed') }, 300).unref()
    process.on('exit', () => console.log('alive for', Date.now() - opened))
  `)
  t.is(child.error, undefined, 'child exited after close()')
  t.is(child.status, 0, child.stderr)
  t.regex(child.stdout, /closed/)
  const alive = Number(/alive for (\d+)/.exec(child.stdout)?.[1])
  t.true(alive >= 250, `exited after ${alive} ms`)
})
