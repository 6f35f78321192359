// Argument checks, the same in every method: bad input from the caller is a TypeError or RangeError
// whose message starts with the argument's path, thrown before anything is sent. IPRoute runs over
// the fake kernel, which records every frame sent, so "nothing sent" is counted, not guessed. Also:
// the codes of NetlinkErrors with errno fields no kernel should send, and (in a namespace) that our
// interface-name rule is the kernel's.
import test from 'ava'
import { createRequire } from 'node:module'
import { attr } from './helpers/bytes.mjs'
import { FakeKernel, done, errorFor, seqOf } from './helpers/fake-kernel.mjs'
import { makeNetns, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const { IPRoute, NetlinkSocket, NetlinkError, constants } = require('../dist/index.js')

const NLM_F_DUMP = 0x300
const RTM_NEWLINK = 16
const NLM_F_ACK = 0x4
const NLM_F_CREATE_EXCL = 0x600

/** 16 bytes: one too many, in ASCII and in UTF-8 (8 characters). */
const LONG = 'x'.repeat(16)
const LONG_UTF8 = 'é'.repeat(8)
const NON_OBJECTS = [5, 'v0', [], null]

/** Lets the engine send what it queued this tick (it sends at the next microtask). */
const flushed = () => new Promise((resolve) => setImmediate(() => setImmediate(resolve)))

/** An IPRoute over a fake kernel that acks every request and ends every dump at once. */
async function fakeIPRoute(t) {
  const kernel = new FakeKernel()
  kernel.respond = (frame) => [(frame.readUInt16LE(6) & NLM_F_DUMP) === NLM_F_DUMP ? done(seqOf(frame)) : errorFor(frame, 0)]
  const ipr = await IPRoute.open({}, kernel.opener)
  t.teardown(() => ipr.close())
  // Every call below must reach the fake, never the kernel of the machine running the tests.
  if (kernel.options === undefined) throw new Error('IPRoute.open did not use the fake opener')
  return { kernel, ipr }
}

/** Runs a call to its end: awaits a promise, or the first step of an iterator. */
async function run(result) {
  if (result && typeof result.next === 'function') {
    const first = await result.next()
    await result.return?.()
    return first
  }
  return result
}

/** Asserts that `call` throws `instanceOf` with a message starting with `prefix`, and sent nothing. */
async function refused(t, kernel, label, call, instanceOf, prefix) {
  const before = kernel.sent.length
  const error = await t.throwsAsync(async () => run(call()), { instanceOf }, label)
  if (error) t.true(error.message.startsWith(prefix), `${label}: message names the argument: ${error.message}`)
  await flushed()
  t.is(kernel.sent.length, before, `${label}: nothing sent`)
}

/**
 * Every public IPRoute method that takes a filter, spec or query: how to call it, the path its
 * argument and options have in messages, a valid argument, whether it collects a dump (and so takes
 * retryInterrupted), and the fields that take interface names.
 */
const METHODS = [
  { label: 'routes', call: (r, a, o) => r.routes(a, o), what: 'routes filter', ok: {}, names: ['oif', 'iif'] },
  { label: 'getRoutes', call: (r, a, o) => r.getRoutes(a, o), what: 'getRoutes filter', ok: {}, dump: true, names: ['oif', 'iif'] },
  { label: 'getDefaultRoutes', call: (r, a, o) => r.getDefaultRoutes(a, o), what: 'getDefaultRoutes query', ok: {}, dump: true, names: [] },
  { label: "route('get')", call: (r, a, o) => r.route('get', a, o), what: 'route query', ok: { dst: '10.0.0.1' }, names: ['oif', 'iif'] },
  ...['add', 'del', 'replace', 'change', 'append'].map((cmd) => ({
    label: `route('${cmd}')`,
    call: (r, a, o) => r.route(cmd, a, o),
    what: 'route spec',
    options: 'route options',
    ok: { dst: '10.0.0.0/24', type: 'blackhole' },
    names: ['oif', 'iif'],
  })),
  { label: 'links', call: (r, a, o) => r.links(a, o), what: 'links filter', ok: {}, names: [] },
  { label: 'getLinks', call: (r, a, o) => r.getLinks(a, o), what: 'getLinks filter', ok: {}, dump: true, names: [] },
  { label: 'linkLookup', call: (r, a, o) => r.linkLookup(a, o), what: 'linkLookup query', ok: { ifname: 'v0' }, names: ['ifname'] },
  { label: "link('get')", call: (r, a, o) => r.link('get', a, o), what: 'link query', ok: { index: 1 }, names: ['ifname'] },
  {
    label: "link('add')",
    call: (r, a, o) => r.link('add', a, o),
    what: 'link spec',
    options: 'link options',
    ok: { ifname: 'v9', kind: 'bridge' },
    names: ['ifname', 'master', 'link'],
  },
  {
    label: "link('set')",
    call: (r, a, o) => r.link('set', a, o),
    what: 'link spec',
    options: 'link options',
    ok: { index: 1, up: true },
    names: ['ifname', 'master', 'link'],
  },
  { label: "link('del')", call: (r, a, o) => r.link('del', a, o), what: 'link spec', options: 'link options', ok: { index: 1 }, names: ['ifname'] },
  { label: 'addresses', call: (r, a, o) => r.addresses(a, o), what: 'addresses filter', ok: {}, names: ['index'] },
  { label: 'getAddr', call: (r, a, o) => r.getAddr(a, o), what: 'getAddr filter', ok: {}, dump: true, names: ['index'] },
  {
    label: "addr('add')",
    call: (r, a, o) => r.addr('add', a, o),
    what: 'address spec',
    options: 'addr options',
    ok: { address: '10.0.0.1/24', index: 1, label: 'v0:x' },
    names: ['index'],
  },
  {
    label: "addr('del')",
    call: (r, a, o) => r.addr('del', a, o),
    what: 'address spec',
    options: 'addr options',
    ok: { address: '10.0.0.1/24', index: 1 },
    names: ['index'],
  },
  { label: 'neighbours', call: (r, a, o) => r.neighbours(a, o), what: 'neighbours filter', ok: {}, names: ['ifindex', 'master'] },
  { label: 'getNeighbours', call: (r, a, o) => r.getNeighbours(a, o), what: 'getNeighbours filter', ok: {}, dump: true, names: ['ifindex', 'master'] },
  {
    label: "neigh('add')",
    call: (r, a, o) => r.neigh('add', a, o),
    what: 'neighbour spec',
    options: 'neigh options',
    ok: { dst: '10.0.0.9', ifindex: 1, lladdr: '02:00:00:00:00:01' },
    names: ['ifindex', 'master'],
  },
  { label: 'rules', call: (r, a, o) => r.rules(a, o), what: 'rules filter', ok: {}, names: [] },
  { label: 'getRules', call: (r, a, o) => r.getRules(a, o), what: 'getRules filter', ok: {}, dump: true, names: [] },
  {
    label: "rule('add')",
    call: (r, a, o) => r.rule('add', a, o),
    what: 'rule spec',
    options: 'rule options',
    ok: { src: '10.0.0.0/8', table: 100 },
    names: ['iifname', 'oifname'],
  },
]
const optionsPath = (m) => m.options ?? `${m.label} options`

test('valid calls of every method reach the kernel (so that "nothing sent" below means something)', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    const before = kernel.sent.length
    await t.notThrowsAsync(async () => run(m.call(ipr, m.ok, {})), m.label)
    t.true(kernel.sent.length > before, `${m.label}: sent`)
  }
})

test('unknown filter, spec and query keys: a TypeError naming the key, in every method, before anything is sent', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    await refused(t, kernel, `${m.label} bogus key`, () => m.call(ipr, { ...m.ok, bogus: 1 }, {}), TypeError, `${m.what}.bogus: unknown field`)
  }
})

test('unknown option keys: a TypeError naming the key, in every method, before anything is sent', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    await refused(t, kernel, `${m.label} options.bogus`, () => m.call(ipr, m.ok, { bogus: 1 }), TypeError, `${optionsPath(m)}.bogus: unknown option`)
    // retryInterrupted belongs to collected dumps only.
    if (!m.dump)
      await refused(
        t,
        kernel,
        `${m.label} options.retryInterrupted`,
        () => m.call(ipr, m.ok, { retryInterrupted: 1 }),
        TypeError,
        `${optionsPath(m)}.retryInterrupted: unknown option`,
      )
  }
})

test('a filter, spec, query or options that is not an object (number, string, array, null) is a TypeError', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    for (const bad of NON_OBJECTS) {
      await refused(t, kernel, `${m.label}(${JSON.stringify(bad)})`, () => m.call(ipr, bad, {}), TypeError, `${m.what}: expected an object`)
      await refused(t, kernel, `${m.label}(ok, ${JSON.stringify(bad)})`, () => m.call(ipr, m.ok, bad), TypeError, `${optionsPath(m)}: expected an object`)
    }
  }
})

test('option values are checked before anything is sent, name lookups included', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    // A name in the argument would be looked up first: the options must be refused before that too.
    const withName = m.names.length > 0 && m.label !== "link('add')" ? { ...m.ok, [m.names[0]]: 'v0' } : m.ok
    for (const arg of [m.ok, withName]) {
      await refused(t, kernel, `${m.label} signal`, () => m.call(ipr, arg, { signal: 'stop' }), TypeError, 'options.signal')
      await refused(t, kernel, `${m.label} timeout`, () => m.call(ipr, arg, { timeout: -1 }), RangeError, 'options.timeout')
      if (m.dump)
        await refused(
          t,
          kernel,
          `${m.label} retryInterrupted`,
          () => m.call(ipr, arg, { retryInterrupted: -1 }),
          RangeError,
          `${optionsPath(m)}.retryInterrupted`,
        )
    }
  }
})

test('interface names: over 15 bytes (UTF-8) is a RangeError, a name the kernel refuses a TypeError, wherever a name is taken', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  for (const m of METHODS) {
    for (const field of m.names) {
      const path = `${m.what}.${field}`
      for (const long of [LONG, LONG_UTF8]) {
        await refused(
          t,
          kernel,
          `${m.label} ${field}: ${long}`,
          () => m.call(ipr, { ...m.ok, [field]: long }, {}),
          RangeError,
          `${path}: '${long}' is 16 bytes`,
        )
      }
      for (const bad of ['a:b', 'a/b', 'a b', '..']) {
        await refused(
          t,
          kernel,
          `${m.label} ${field}: ${bad}`,
          () => m.call(ipr, { ...m.ok, [field]: bad }, {}),
          TypeError,
          `${path}: '${bad}' is not a valid interface name`,
        )
      }
    }
  }
  // Names inside nested parts of a spec, and a set/del that names its link.
  const nested = [
    [
      'multipath oif',
      () => ipr.route('add', { dst: '10.0.0.0/24', multipath: [{ gateway: '10.0.0.1' }, { gateway: '10.0.0.2', oif: LONG }] }),
      'route spec.multipath[1].oif',
    ],
    ['veth peer', () => ipr.link('add', { ifname: 'v0', kind: 'veth', linkinfo: { peer: { ifname: LONG } } }), 'link spec.linkinfo.peer.ifname'],
    ["link('set') by name", () => ipr.link('set', { ifname: LONG, up: true }), 'link spec.ifname'],
    ["link('del') by name", () => ipr.link('del', { ifname: LONG_UTF8 }), 'link spec.ifname'],
  ]
  for (const [label, call, path] of nested) await refused(t, kernel, label, call, RangeError, `${path}: `)
  // An address label is not an interface name: ':' is fine there.
  await t.notThrowsAsync(ipr.addr('add', { address: '10.0.0.1/24', index: 1, label: 'v0:a' }))
})

test('bad input beside interface names is refused before any name lookup goes out', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  const cases = [
    ['getRoutes dst', () => ipr.getRoutes({ oif: 'v0', dst: 'nonsense' }), TypeError, 'getRoutes filter.dst'],
    ['routes key', () => ipr.routes({ iif: 'v0', colour: 'red' }), TypeError, 'routes filter.colour'],
    ['routes match', () => ipr.routes({ oif: 'v0', match: 'yes' }), TypeError, 'routes filter.match'],
    ['route add table', () => ipr.route('add', { dst: '10.0.0.0/24', oif: 'v0', table: -1 }), RangeError, 'route spec.table'],
    ['route add second name', () => ipr.route('add', { dst: '10.0.0.0/24', oif: 'v0', iif: 'a:b' }), TypeError, 'route spec.iif'],
    [
      'route add hop',
      () => ipr.route('add', { dst: '10.0.0.0/24', multipath: [{ gateway: '10.0.0.1', oif: 'v0', weight: 0 }] }),
      RangeError,
      'route spec.multipath[0].weight',
    ],
    ['route get dst', () => ipr.route('get', { dst: '10.0.0.0/24', oif: 'v0' }), TypeError, 'route query.dst'],
    ['link set mtu', () => ipr.link('set', { ifname: 'v0', mtu: -3 }), RangeError, 'link spec.mtu'],
    ['link add master', () => ipr.link('add', { ifname: 'v9', kind: 'bridge', master: 'br0', bogus: 1 }), TypeError, 'link spec.bogus'],
    ['link set netns', () => ipr.link('set', { ifname: 'v0', netns: 'nlr-no-such-namespace' }), TypeError, 'link spec.netns'],
    ['link set netns type', () => ipr.link('set', { ifname: 'v0', netns: {} }), TypeError, 'link spec.netns'],
    ['addr add address', () => ipr.addr('add', { address: '198.51.100.300/24', index: 'v0' }), TypeError, 'address spec.address'],
    ['addr add label', () => ipr.addr('add', { address: '198.51.100.1/24', index: 'v0', label: 'x'.repeat(16) }), RangeError, 'address spec.label'],
    ['neigh add dst', () => ipr.neigh('add', { dst: 'host', ifindex: 'v0' }), TypeError, 'neighbour spec.dst'],
    ['getAddr family', () => ipr.getAddr({ index: 'v0', family: 5 }), TypeError, 'getAddr filter.family'],
    ['neighbours key', () => ipr.neighbours({ ifindex: 'v0', bogus: 1 }), TypeError, 'neighbours filter.bogus'],
    ['linkLookup address', () => ipr.linkLookup({ address: 'not-a-mac' }), TypeError, 'linkLookup query.address'],
    ['linkLookup empty', () => ipr.linkLookup({}), TypeError, 'linkLookup query'],
    ["link('get') empty", () => ipr.link('get', {}), TypeError, 'link query'],
  ]
  for (const [label, call, type, prefix] of cases) await refused(t, kernel, label, call, type, prefix)
})

test('link(get) and linkLookup check the name instead of asking the kernel', async (t) => {
  const { kernel, ipr } = await fakeIPRoute(t)
  await refused(t, kernel, "link('get')", () => ipr.link('get', { ifname: LONG }), RangeError, "link query.ifname: 'xxxxxxxxxxxxxxxx' is 16 bytes")
  await refused(t, kernel, 'linkLookup', () => ipr.linkLookup({ ifname: LONG_UTF8 }), RangeError, `linkLookup query.ifname: '${LONG_UTF8}' is 16 bytes`)
  await refused(t, kernel, 'linkLookup empty name', () => ipr.linkLookup({ ifname: '' }), RangeError, "linkLookup query.ifname: '' is 0 bytes")
  // 15 bytes is a name: it is asked for (and the fake has no such link).
  t.deepEqual(await ipr.linkLookup({ ifname: 'é'.repeat(7) + 'x' }), [])
  t.is(kernel.sent.length, 1)
})

test('monitor refuses unknown options and non-objects before opening its socket', (t) => {
  const kernel = new FakeKernel()
  return IPRoute.open({}, kernel.opener).then((ipr) => {
    t.teardown(() => ipr.close())
    if (kernel.options === undefined) throw new Error('IPRoute.open did not use the fake opener')
    t.throws(() => ipr.monitor(['link'], { bogus: 1 }), { instanceOf: TypeError, message: /^monitor options\.bogus: unknown option/ })
    t.throws(() => ipr.monitor(['link'], { netns: 'x' }), { instanceOf: TypeError, message: /^monitor options\.netns: unknown option/ })
    for (const bad of NON_OBJECTS) t.throws(() => ipr.monitor(['link'], bad), { instanceOf: TypeError, message: /^monitor options: expected an object/ })
    t.throws(() => ipr.monitor('link'), { instanceOf: TypeError, message: /groups/ })
    t.throws(() => ipr.monitor(null), { instanceOf: TypeError, message: /groups/ })
  })
})

test('IPRoute.open and NetlinkSocket.open refuse unknown options and non-objects before opening anything', async (t) => {
  const kernel = new FakeKernel()
  await t.throwsAsync(IPRoute.open({ foo: 1 }, kernel.opener), { instanceOf: TypeError, message: /^options\.foo: unknown option/ })
  await t.throwsAsync(IPRoute.open({ strictCheck: true, netnss: 'x' }, kernel.opener), { instanceOf: TypeError, message: /^options\.netnss: unknown option/ })
  await t.throwsAsync(IPRoute.open({ groups: [1] }, kernel.opener), { instanceOf: TypeError, message: /^IPRoute\.open options\.groups/ })
  await t.throwsAsync(NetlinkSocket.open({ foo: 1 }, kernel.opener), { instanceOf: TypeError, message: /^options\.foo: unknown option/ })
  for (const bad of NON_OBJECTS) {
    await t.throwsAsync(IPRoute.open(bad, kernel.opener), { instanceOf: TypeError }, `IPRoute.open(${JSON.stringify(bad)})`)
    await t.throwsAsync(NetlinkSocket.open(bad, kernel.opener), { instanceOf: TypeError }, `NetlinkSocket.open(${JSON.stringify(bad)})`)
  }
  t.is(kernel.options, undefined, 'the opener was never called')
  // Every documented option is still accepted.
  const socket = await NetlinkSocket.open(
    {
      protocol: 'route',
      bufferThread: false,
      queueCapacity: 8,
      rcvbuf: 65536,
      sndbuf: 65536,
      strictCheck: true,
      extAck: true,
      noEnobufs: false,
      timeout: 1000,
      keepAlive: false,
      eventQueueLimit: 10,
      maxInFlight: 8,
      groups: [],
      netns: '/proc/self/ns/net',
    },
    kernel.opener,
  )
  socket.close()
  t.is(kernel.options.protocol, 0)
})

// ---------------------------------------------------------------------------------------------
// Errno codes

test('NLMSG_ERROR with an errno field no kernel should send: a NetlinkError with a sensible code, and the socket goes on', async (t) => {
  const kernel = new FakeKernel()
  const socket = await NetlinkSocket.open({}, kernel.opener)
  t.teardown(() => socket.close())
  const INT_MIN = -(2 ** 31)
  // [error field as sent, errno, code]: NetlinkError.errno is the field negated, as for every error.
  const cases = [
    [5, -5, 'EIO'], // the wrong sign, read by magnitude as libmnl does
    [-99999, 99999, 'EUNKNOWN'],
    [INT_MIN, 2 ** 31, 'EUNKNOWN'],
    [2 ** 31 - 1, -(2 ** 31 - 1), 'EUNKNOWN'],
    [-200, 200, 'EUNKNOWN'], // a gap in the table
    [-524, 524, 'ENOTSUPP'], // kernel-internal, leaks from drivers
    [-17, 17, 'EEXIST'],
  ]
  for (const [field, errno, code] of cases) {
    kernel.respond = (frame) => [errorFor(frame, -field, { message: 'from the fake' })]
    const error = await t.throwsAsync(socket.requestAll(Buffer.alloc(16), { type: 18, flags: NLM_F_ACK }), { instanceOf: NetlinkError }, `field ${field}`)
    t.like(error, { errno, code, extAckMessage: 'from the fake', requestType: 18 }, `field ${field}`)
    t.is(error.message, `${code} (errno ${errno}): from the fake`)
  }
  kernel.respond = (frame) => [errorFor(frame, 0)]
  t.deepEqual(await socket.requestAll(Buffer.alloc(16), { type: 18, flags: NLM_F_ACK }), [], 'an ack after them is an ack')
})

test('errnoCode: table names, negatives by magnitude, EUNKNOWN for everything else', (t) => {
  const { errnoCode, UNKNOWN_ERRNO_CODE } = constants
  t.is(UNKNOWN_ERRNO_CODE, 'EUNKNOWN')
  t.is(errnoCode(17), 'EEXIST')
  t.is(errnoCode(-17), 'EEXIST')
  t.is(errnoCode(133), 'EHWPOISON')
  t.is(errnoCode(517), 'EPROBE_DEFER')
  for (const n of [0, -0, 41, 520, 4096, 2 ** 31, -(2 ** 40), 1.5, NaN, Infinity, -Infinity]) t.is(errnoCode(n), 'EUNKNOWN', String(n))
})

// ---------------------------------------------------------------------------------------------
// The interface-name rule against the kernel

nsTest(test, "the interface-name rule is the kernel's: a name we accept the kernel accepts, a name we refuse it refuses", async (t) => {
  const ns = makeNetns(t, 'nlr', { linkLocal: false })
  const socket = await NetlinkSocket.open({ netns: ns })
  t.teardown(() => socket.close())
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  // The kernel's verdict on creating a bridge of this name, from a request that bypasses our checks.
  const kernelAccepts = async (name) => {
    const payload = Buffer.concat([Buffer.alloc(16), attr(3, Buffer.from(`${name}\0`)), attr(18, attr(1, Buffer.from('bridge\0')))])
    try {
      await socket.requestAll(payload, { type: RTM_NEWLINK, flags: NLM_F_ACK | NLM_F_CREATE_EXCL })
      return true
    } catch (error) {
      if (!(error instanceof NetlinkError)) throw error
      return false
    }
  }
  const weAccept = async (name) => {
    try {
      await ipr.link('add', { ifname: name, kind: 'bridge' })
      return true
    } catch (error) {
      if (error instanceof NetlinkError) return true // we let it through; the kernel refused it
      t.true(error instanceof TypeError || error instanceof RangeError, `${JSON.stringify(name)}: ${error}`)
      return false
    }
  }
  // Pairs: the first goes to the kernel raw, the second (a different name of the same shape) to us,
  // so neither side finds the other's link in the way.
  const names = [
    ['k0', 'w0'],
    ['k.b', 'w.b'],
    ['k@b', 'w@b'],
    ['k-_+', 'w-_+'],
    ['k'.repeat(15), 'w'.repeat(15)],
    ['é'.repeat(7), 'è'.repeat(7)],
    ['k:b', 'w:b'],
    ['k/b', 'w/b'],
    ['k b', 'w b'],
    ['k\tb', 'w\tb'],
    ['k\nb', 'w\nb'],
    ['kà', 'wà'],
    ['k\u00a0b', 'w\u00a0b'],
    ['.', '.'],
    ['..', '..'],
    ['k'.repeat(16), 'w'.repeat(16)],
    ['é'.repeat(8), 'è'.repeat(8)],
  ]
  for (const [theirs, ours] of names) {
    t.is(await weAccept(ours), await kernelAccepts(theirs), `${JSON.stringify(ours)} vs ${JSON.stringify(theirs)}`)
  }
})
