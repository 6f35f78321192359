// The `nlroute` command without the kernel: global options and abbreviations as ip takes them,
// ip's messages and exit codes for usage errors, the text of kernel refusals, the progress
// decision and drawing, ip's line format for synthetic objects, and that --help and usage errors
// load nothing of the library (start-up). The kernel side is in cli-kernel.spec.mjs.
import test from 'ava'
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const MAIN = new URL('../dist/cli/main.js', import.meta.url).pathname
const { parseGlobalOptions, pick, prefixArg, uintArg } = require('../dist/cli/args.js')
const { describeFailure, UsageError, EXIT } = require('../dist/cli/errors.js')
const { wantsProgress, Progress } = require('../dist/cli/progress.js')
const { formatRoute, formatRule, formatNeighbour, formatAddress } = require('../dist/cli/format.js')
const { NetlinkError } = require('../dist/errors.js')
const { errnoMessage, ERRNO_MESSAGES, ERRNO_CODES } = require('../dist/constants.js')

const run = (...args) => spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', timeout: 20000 })

test('global options: before the object as ip takes them, and the same spellings after the command', (t) => {
  const { options, rest } = parseGlobalOptions(['-4', '-n', 'blue', '-j', '-p', 'route', 'show'])
  t.deepEqual(options, { family: 4, netns: 'blue', json: true, pretty: true, help: false, version: false })
  t.deepEqual(rest, ['route', 'show'])
  const late = parseGlobalOptions(['--netns', 'red', 'route', 'show', 'table', 'all', '--json', '-6'])
  t.is(late.options.netns, 'red')
  t.true(late.options.json)
  t.is(late.options.family, 6)
  t.deepEqual(late.rest, ['route', 'show', 'table', 'all'])
  t.true(parseGlobalOptions(['-json', 'link']).options.json)
  t.true(parseGlobalOptions(['-pretty', '-V']).options.version)
  t.true(parseGlobalOptions(['--help']).options.help)
  const unknown = t.throws(() => parseGlobalOptions(['-x', 'route']), { instanceOf: UsageError })
  t.is(unknown.message, 'Option "-x" is unknown, try "nlroute -help".')
  t.is(unknown.exitCode, 255)
  t.throws(() => parseGlobalOptions(['-n']), { message: 'Command line is not complete. Try option "help"' })
})

test("objects and commands abbreviate as in ip: the first word in ip's order wins", (t) => {
  const objects = ['address', 'route', 'rule', 'neighbour', 'neighbor', 'link', 'monitor', 'help']
  t.is(pick('r', objects), 'route')
  t.is(pick('ro', objects), 'route')
  t.is(pick('ru', objects), 'rule')
  t.is(pick('a', objects), 'address')
  t.is(pick('n', objects), 'neighbour')
  t.is(pick('l', objects), 'link')
  t.is(pick('mo', objects), 'monitor')
  t.is(pick('routes', objects), null)
  t.is(pick('', objects), null)
})

test("argument errors carry ip's wording and exit codes", (t) => {
  const prefix = t.throws(() => prefixArg('foo', null), { instanceOf: UsageError })
  t.is(prefix.message, 'Error: any valid prefix is expected rather than "foo".')
  t.is(prefix.exitCode, 1)
  t.throws(() => prefixArg('10.0.0.0/33', null))
  t.throws(() => prefixArg('2001:db8::/64', 4))
  t.is(prefixArg('default', 6), 'default')
  t.is(prefixArg('10.0.0.0/8', 4), '10.0.0.0/8')
  const metric = t.throws(() => uintArg('x', 'metric'), { instanceOf: UsageError })
  t.is(metric.message, 'Error: argument "x" is wrong: "metric" value is invalid\n')
  t.is(metric.exitCode, 255)
  t.is(uintArg('0x10', 'mark'), 16)
})

test('kernel refusals read as ip prints them: strerror text, or the extended ack, exit 2', (t) => {
  t.deepEqual(describeFailure(new NetlinkError(17)), { message: 'RTNETLINK answers: File exists', exitCode: 2 })
  t.deepEqual(describeFailure(new NetlinkError(1)), { message: 'RTNETLINK answers: Operation not permitted', exitCode: 2 })
  t.deepEqual(describeFailure(new NetlinkError(3)), { message: 'RTNETLINK answers: No such process', exitCode: 2 })
  t.deepEqual(describeFailure(new NetlinkError(22, { extAckMessage: 'Nexthop has invalid gateway' })), {
    message: 'Error: Nexthop has invalid gateway.',
    exitCode: 2,
  })
  t.deepEqual(describeFailure(new UsageError('x', 1)), { message: 'x', exitCode: 1 })
  t.is(describeFailure(new TypeError('route spec.dst: bad')).exitCode, EXIT.ERROR)
  t.is(errnoMessage(17), 'File exists')
  t.is(errnoMessage(-2), 'No such file or directory')
  t.is(errnoMessage(524), 'Unknown error 524')
  // Every text belongs to an errno the name table knows: the two tables describe the same numbers.
  for (const n of Object.keys(ERRNO_MESSAGES)) t.truthy(ERRNO_CODES[n], `errno ${n}`)
})

test('progress: only on a terminal, drawn at most about ten times a second, erased at the end', (t) => {
  t.true(wantsProgress({ isTTY: true }, {}))
  t.false(wantsProgress({ isTTY: false }, {}))
  t.false(wantsProgress({}, {}))
  t.false(wantsProgress({ isTTY: true }, { NLROUTE_PROGRESS: '0' }))
  const writes = []
  const stream = { write: (s) => writes.push(s) }
  const started = Date.now()
  const progress = new Progress(stream, 'routes')
  for (let i = 0; i < 200000; i++) progress.tick()
  const elapsed = Date.now() - started
  t.true(writes.length >= 1)
  t.true(writes.length <= 1 + Math.ceil(elapsed / 100), `${writes.length} drawings in ${elapsed} ms`)
  t.regex(writes[0], /^\r\x1b\[K1 routes/)
  progress.clear()
  t.is(writes.at(-1), '\r\x1b[K')
  const count = writes.length
  progress.clear() // nothing shown: nothing to erase
  t.is(writes.length, count)
})

const route = (fields) => ({
  family: 4,
  type: 'unicast',
  table: 254,
  protocol: 'boot',
  scope: 'universe',
  dst: '0.0.0.0/0',
  dstLen: 0,
  src: null,
  srcLen: 0,
  tos: 0,
  flags: 0,
  priority: null,
  gateway: null,
  via: null,
  oif: null,
  iif: null,
  prefsrc: null,
  pref: null,
  nhId: null,
  metrics: null,
  multipath: null,
  encap: null,
  extra: null,
  unknown: null,
  ...fields,
})
const names = (i) => ({ 1: 'lo', 3: 'v0' })[i] ?? `if${i}`

test('routes print as ip prints them (lines from ip 6.1 for the same objects)', (t) => {
  t.is(
    formatRoute(route({ gateway: '192.0.2.254', oif: 3, prefsrc: '192.0.2.1', priority: 10, flags: 4, metrics: { mtu: 1400 } }), names),
    'default via 192.0.2.254 dev v0 src 192.0.2.1 metric 10 onlink mtu 1400 ',
  )
  t.is(formatRoute(route({ type: 'blackhole', dst: '10.1.0.0/16', dstLen: 16 }), names), 'blackhole 10.1.0.0/16 ')
  t.is(
    formatRoute(route({ dst: '10.4.0.0/16', dstLen: 16, oif: 3, table: 100, protocol: 'static', scope: 'link' }), names, { showTable: true }),
    '10.4.0.0/16 dev v0 table 100 proto static scope link ',
  )
  t.is(
    formatRoute(
      route({
        dst: '10.3.0.0/16',
        dstLen: 16,
        multipath: [
          { gateway: '192.0.2.2', via: null, oif: 3, weight: 2, flags: 0 },
          { gateway: '192.0.2.3', via: null, oif: 3, weight: 1, flags: 0 },
        ],
      }),
      names,
    ),
    '10.3.0.0/16 \n\tnexthop via 192.0.2.2 dev v0 weight 2 \n\tnexthop via 192.0.2.3 dev v0 weight 1 ',
  )
  t.is(
    formatRoute(route({ family: 6, type: 'unreachable', dst: '2001:db8:8::/48', dstLen: 48, oif: 1, priority: 1024, pref: 'medium' }), names),
    'unreachable 2001:db8:8::/48 dev lo metric 1024 pref medium',
  )
  t.is(
    formatRoute(
      route({
        family: 4,
        dst: '10.0.0.1/32',
        dstLen: 32,
        gateway: '192.0.2.254',
        oif: 3,
        prefsrc: '192.0.2.1',
        flags: 0x200,
        protocol: 'unspec',
        extra: { uid: 0 },
      }),
      names,
      { showTable: true },
    ),
    '10.0.0.1 via 192.0.2.254 dev v0 src 192.0.2.1 uid 0 \n    cache ',
  )
})

test('rules, neighbours and addresses print as ip prints them', (t) => {
  const rule = {
    family: 4,
    priority: 200,
    table: 254,
    action: 'to_tbl',
    src: null,
    srcLen: 0,
    dst: '10.8.0.0/16',
    dstLen: 16,
    tos: 0,
    flags: 0,
    iifname: 'v0',
    oifname: null,
    fwmark: null,
    fwmask: null,
    goto: null,
    suppressPrefixlen: null,
    suppressIfgroup: null,
    l3mdev: null,
    uidRange: null,
    protocol: 'unspec',
    ipProto: null,
    sportRange: null,
    dportRange: null,
  }
  t.is(formatRule(rule), '200:\tfrom all to 10.8.0.0/16 iif v0 lookup main')
  t.is(
    formatRule({ ...rule, priority: 300, table: 0, action: 'blackhole', dst: null, dstLen: 0, iifname: null, fwmark: 16, fwmask: 255 }),
    '300:\tfrom all fwmark 0x10/0xff blackhole',
  )
  const neigh = {
    family: 6,
    ifindex: 3,
    state: 'permanent',
    flags: 0x80,
    router: true,
    type: 'unicast',
    dst: '2001:db8::7',
    lladdr: '02:00:00:00:00:08',
    protocol: null,
  }
  t.is(formatNeighbour(neigh, names), '2001:db8::7 dev v0 lladdr 02:00:00:00:00:08 router PERMANENT ')
  t.is(formatNeighbour(neigh, names, { hideDev: true, deleted: true }), 'Deleted 2001:db8::7 lladdr 02:00:00:00:00:08 router PERMANENT ')
  const addr = {
    family: 4,
    prefixlen: 24,
    flags: 0x80,
    scope: 'universe',
    index: 4,
    address: '198.51.100.1',
    local: '198.51.100.1',
    label: 'br0:x',
    broadcast: '198.51.100.255',
    anycast: null,
    cacheinfo: { preferred: 0xffffffff, valid: 0xffffffff },
  }
  t.is(formatAddress(addr), '    inet 198.51.100.1/24 brd 198.51.100.255 scope global br0:x\n       valid_lft forever preferred_lft forever')
  t.is(
    formatAddress({
      ...addr,
      family: 6,
      prefixlen: 64,
      flags: 0x82,
      address: '2001:db8::1',
      local: null,
      label: null,
      broadcast: null,
      cacheinfo: { preferred: 100, valid: 200 },
    }),
    '    inet6 2001:db8::1/64 scope global nodad \n       valid_lft 200sec preferred_lft 100sec',
  )
})

test('the command: usage errors and their exit codes as ip gives them, help and version', (t) => {
  const help = run('--help')
  t.is(help.status, 0)
  t.regex(help.stdout, /^Usage: nlroute /)
  const version = run('-V')
  t.is(version.status, 0)
  t.is(version.stdout, `nlroute utility, nlroute-${JSON.parse(readFileSync(new URL('../package.json', import.meta.url))).version}\n`)
  const cases = [
    [['route', 'foo'], 255, 'Command "foo" is unknown, try "nlroute route help".\n'],
    [['foo'], 1, 'Object "foo" is unknown, try "nlroute help".\n'],
    [['route', 'add', 'foo'], 1, 'Error: any valid prefix is expected rather than "foo".\n'],
    [['route', 'show', 'table', 'bogus'], 255, 'Error: argument "bogus" is wrong: table id value is invalid\n\n'],
    [['route', 'add', '10.7.0.0/16', 'via'], 255, 'Command line is not complete. Try option "help"\n'],
    [['-x', 'link'], 255, 'Option "-x" is unknown, try "nlroute -help".\n'],
  ]
  for (const [args, status, stderr] of cases) {
    const r = run(...args)
    t.is(r.status, status, args.join(' '))
    t.is(r.stderr, stderr, args.join(' '))
    t.is(r.stdout, '', args.join(' '))
  }
  const routeHelp = run('route', 'help')
  t.is(routeHelp.status, 255)
  t.regex(routeHelp.stderr, /^Usage: nlroute route/)
})

test('the entry keeps its shebang, and --help or a usage error load nothing of the library', (t) => {
  t.true(readFileSync(MAIN, 'utf8').startsWith('#!/usr/bin/env node\n'))
  const probe = `const { main } = require(${JSON.stringify(MAIN)});
    main(process.argv.slice(1)).then((code) => {
      const loaded = Object.keys(require.cache).filter((k) => k.includes('/dist/') && !k.includes('/dist/cli/') || k.endsWith('.node'));
      process.stdout.write('\\nLOADED ' + JSON.stringify({ code, loaded }));
    })`
  for (const args of [['--help'], ['route', 'foo'], ['route', 'add', 'foo']]) {
    const r = spawnSync(process.execPath, ['-e', probe, '--', ...args], { encoding: 'utf8', timeout: 20000 })
    const { loaded } = JSON.parse(r.stdout.slice(r.stdout.indexOf('\nLOADED ') + 8))
    // Only the name tables may be loaded (the parser reads names); never the socket, the engine or the addon.
    // (The tables are iproute/constants.js and the modules it gathers: common/rtnl, common/enum, <kind>/constants,
    // and the address families common/rtnl takes from toolkit/family, which re-exports generated/netlink.)
    t.deepEqual(
      loaded.filter(
        (k) => !/\/dist\/(iproute\/(constants|common\/(rtnl|enum)|[a-z]+\/constants)|schema\/names|toolkit\/family|generated\/netlink)\.js$/.test(k),
      ),
      [],
      args.join(' '),
    )
  }
})

test('monitor: events print as ip monitor prints them, lost notifications are reported on stderr', async (t) => {
  const { Context } = require('../dist/cli/context.js')
  const { Output } = require('../dist/cli/output.js')
  const { monitorCommand, OVERFLOW_MESSAGE } = require('../dist/cli/monitor.js')
  const rule = {
    family: 4,
    priority: 400,
    table: 100,
    action: 'to_tbl',
    src: null,
    srcLen: 0,
    dst: null,
    dstLen: 0,
    tos: 0,
    flags: 0,
    iifname: null,
    oifname: null,
    fwmark: null,
    fwmask: null,
    goto: null,
    suppressPrefixlen: null,
    suppressIfgroup: null,
    l3mdev: null,
    uidRange: null,
    protocol: null,
    ipProto: null,
    sportRange: null,
    dportRange: null,
  }
  const events = [{ type: 'newrule', rule }, { type: 'overflow' }, { type: 'delrule', rule }]
  let groups = null
  let closed = false
  const fakeIpr = {
    getLinks: async () => [],
    monitor(g) {
      groups = g
      return {
        async *[Symbol.asyncIterator]() {
          yield* events
        },
        close() {
          closed = true
        },
      }
    },
    close() {},
  }
  class FakeContext extends Context {
    ipr() {
      return Promise.resolve(fakeIpr)
    }
  }
  let stdout = ''
  const ctx = new FakeContext(
    parseGlobalOptions(['-4']).options,
    new Output({
      write: (s, cb) => {
        stdout += s
        cb?.()
      },
    }),
  )
  const stderr = []
  const sigintListeners = process.listenerCount('SIGINT')
  const write = process.stderr.write
  process.stderr.write = (s) => stderr.push(String(s))
  try {
    await monitorCommand(ctx, ['rule', 'route'])
  } finally {
    process.stderr.write = write
  }
  t.deepEqual(groups, ['ipv4_rule', 'ipv4_route'])
  t.is(stdout, '400:\tfrom all lookup 100\nDeleted 400:\tfrom all lookup 100\n')
  t.deepEqual(stderr, [OVERFLOW_MESSAGE + '\n'])
  t.regex(OVERFLOW_MESSAGE, /notifications were lost/)
  t.true(closed)
  t.is(process.listenerCount('SIGINT'), sigintListeners, 'the SIGINT handler is gone with the monitor')
})
