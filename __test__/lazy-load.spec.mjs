// Start-up: what importing nlroute loads, the deferred names of src/iproute/lazy.ts and
// src/genl/lazy.ts, and the split of the library's bundle into dist/nlroute.js and its parts
// (scripts/bundle.mjs). Loading is checked in fresh child processes (require.cache after the
// import); no timing here: the start-up figures are measured by the benchmark
// (`npm run bench -- --workloads startup`).
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { dirname, join } from 'node:path'
import { readdirSync, readFileSync } from 'node:fs'

const require = createRequire(import.meta.url)
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')

/**
 * The dist modules (paths relative to dist/) a fresh process has loaded after running `code`, plus
 * `.node` for every native addon it loaded.
 */
function loadedAfter(code, { esm = false } = {}) {
  const report = `process.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache).flatMap((k) => k.endsWith('.node') ? ['.node'] : k.startsWith(${JSON.stringify(dist + '/')}) ? [k.slice(${dist.length + 1})] : []))))`
  const script = esm ? `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${report}; ${code}` : `${report}; ${code}`
  const args = esm ? ['--input-type=module', '-e', script] : ['-e', script]
  const out = execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 30_000 })
  return JSON.parse(out.trim().split('\n').pop())
}

// The modules whose cost a call pays, not the import: layouts, decoders, encoders, the engine and its parts (protocol/), the addon.
const KINDS = ['route', 'link', 'address', 'neighbour', 'rule', 'nexthop']
const DEFERRED_MODULES = [
  ...KINDS.flatMap((k) => ['schema', 'decode', 'encode'].map((m) => `iproute/${k}/${m}.js`)),
  'iproute/link/linkinfo.js',
  'iproute/link/ifinfomsg.js',
  'iproute/route/filter.js',
  'iproute/route/get.js',
  'diag/schema.js',
  'diag/decode.js',
  'diag/encode.js',
  'diag/bytecode.js',
  'genl/family.js',
  ...['nlctrl', 'ethtool', 'wireguard', 'nl80211'].map((f) => `genl/${f}/schema.js`),
  'genl/nlctrl/family.js',
  ...['ethtool', 'wireguard', 'nl80211'].map((f) => `genl/${f}/decode.js`),
  'genl/wireguard/encode.js',
  ...['nlctrl', 'ethtool', 'wireguard', 'nl80211'].map((f) => `genl/${f}/public.js`),
  'engine.js',
  'protocol/intake.js',
  'protocol/sequence.js',
  'protocol/control.js',
  'protocol/outbox.js',
  'protocol/timeouts.js',
  'protocol/clock.js',
  'protocol/callbacks.js',
]
// tsc's modules, which scripts/bundle.mjs bundles into the package's one file: the bundle keeps
// each deferred require where it is, so what they defer, it defers.
const UNBUNDLED = join(dist, 'index.js')

test('the unbundled entry loads no layout, decoder, encoder or engine module, and no native addon', (t) => {
  const loaded = loadedAfter(`require(${JSON.stringify(UNBUNDLED)})`)
  t.true(loaded.includes('index.js') && loaded.includes('iproute/ipr.js'), `the entry loads: ${loaded.join(', ')}`)
  for (const m of DEFERRED_MODULES) t.false(loaded.includes(m), `${m} loaded at import`)
  t.false(loaded.includes('.node'), 'the native addon loaded at import')
})

test('the first read of a deferred name loads its module, and only then', (t) => {
  const loaded = loadedAfter(`const { rtnl } = require(${JSON.stringify(UNBUNDLED)}); void rtnl.ROUTE_ATTRS`)
  t.true(loaded.includes('iproute/route/schema.js'))
  t.false(loaded.includes('iproute/route/decode.js'), 'reading a layout does not load the decoders')
  t.false(loaded.includes('iproute/link/schema.js'), "reading a route layout does not load another kind's")
})

// By name, as a user loads it (package.json `exports`, resolved from the repo as a self-reference).
test("require('nlroute') and import('nlroute') read one file, the bundle, and load no native addon", (t) => {
  const required = loadedAfter(`require('nlroute')`)
  t.deepEqual(required, ['nlroute.js'])
  const imported = loadedAfter(`const ns = await import('nlroute'); for (const k of Object.keys(ns)) void ns[k]; void Object.keys(ns.rtnl)`, { esm: true })
  t.deepEqual(imported, ['nlroute.js'], 'the ESM entry loads the same bundle through require')
})

test("require('nlroute/testing') and its import read its bundle and the library's, and load no native addon", (t) => {
  t.deepEqual(loadedAfter(`require('nlroute/testing')`).sort(), ['nlroute.js', 'testing.js'])
  const opened = `const { openFakeIPRoute } = await import('nlroute/testing'); const { ipr } = await openFakeIPRoute(); ipr.close()`
  // The first socket loads the request engine's part of the library, and no addon.
  t.deepEqual(loadedAfter(opened, { esm: true }).sort(), ['nlroute-engine.js', 'nlroute.js', 'testing.js'], 'a socket opened on the fake loads no addon either')
})

for (const entry of ['nlroute', 'nlroute/testing']) {
  test(`the ESM entry of ${entry} exports every name of its bundle, the same values, and the module as default`, async (t) => {
    const cjs = require(entry)
    const esm = await import(entry)
    const names = Object.keys(cjs).sort()
    t.deepEqual(
      Object.keys(esm)
        .filter((k) => k !== 'default')
        .sort(),
      names,
    )
    for (const name of names) t.is(esm[name], cjs[name], name)
    t.is(esm.default, cjs)
  })
}

/** The relative paths a bundle requires at run time (files beside it). */
const requiredBeside = (file) => [...readFileSync(join(root, file), 'utf8').matchAll(/require\((["'`])(\.{1,2}\/[^"'`]*)\1\)/g)].map((m) => m[2])

// The parts of the library's bundle: the files dist/nlroute.js requires when a deferred name is first read.
const PARTS = readdirSync(dist)
  .filter((file) => /^nlroute-.+\.js$/.test(file))
  .sort()
const partsOf = (loaded) => loaded.filter((file) => PARTS.includes(file))

/** The modules (paths relative to dist/) a bundle file holds, by the comment esbuild heads each one's code with. */
const modulesIn = (file) => [...readFileSync(join(dist, file), 'utf8').matchAll(/^\/\/ dist\/(\S+)$/gm)].map((m) => m[1])

test('the bundles require no file of their own at run time but the parts of the library: only Node built-ins, package.json and the addon', (t) => {
  const manifest = require('../package.json')
  t.deepEqual(requiredBeside(manifest.bin.nlroute), [], `${manifest.bin.nlroute} requires files beside it`)
  t.true(PARTS.length >= 4, `the parts: ${PARTS.join(', ')}`)
  // The library's bundle requires its parts, and a part the bundle or another part; every part is required by some file.
  const required = new Set()
  for (const file of [manifest.main, ...PARTS.map((part) => `dist/${part}`)]) {
    for (const path of requiredBeside(file)) {
      t.true(path === './nlroute.js' || PARTS.includes(path.slice(2)), `${file} requires ${path}`)
      required.add(path.slice(2))
    }
  }
  t.deepEqual(
    PARTS.filter((part) => !required.has(part)),
    [],
    'parts nothing requires',
  )
})

test('each module of the library is in exactly one file of its bundle, and importing reads none of the parts', (t) => {
  const where = new Map()
  for (const file of ['nlroute.js', ...PARTS]) for (const module of modulesIn(file)) where.set(module, [...(where.get(module) ?? []), file])
  t.true(where.has('errors.js') && where.has('engine.js') && where.has('iproute/route/schema.js'), 'the pattern finds modules')
  t.deepEqual(
    [...where].filter(([, files]) => files.length > 1),
    [],
    'modules in two files (two ParseError classes, two states)',
  )
  // What importing runs is in the main bundle; a part holds only modules that import does not run.
  const atImport = loadedAfter(`require(${JSON.stringify(UNBUNDLED)})`).filter((file) => file.endsWith('.js'))
  t.deepEqual(
    atImport.filter((module) => where.get(module)?.[0] !== 'nlroute.js'),
    [],
    'modules run at import but not in dist/nlroute.js',
  )
  t.deepEqual(partsOf(loadedAfter(`require('nlroute')`)), [])
  t.deepEqual(partsOf(loadedAfter(`const ns = await import('nlroute'); for (const k of Object.keys(ns)) void ns[k]`, { esm: true })), [])
  // The bundle exports what tsc's entry does, in its order (the parts' registry is not among them).
  t.deepEqual(Object.keys(require('nlroute')), Object.keys(require(UNBUNDLED)))
})

test('the first read of a deferred name loads the part its module is in, and no other', (t) => {
  const read = (expression) => partsOf(loadedAfter(`const { rtnl, genl, IPRoute } = require('nlroute'); void ${expression}`)).sort()
  t.deepEqual(read('rtnl.ROUTE_ATTRS'), ['nlroute-route.js'])
  t.deepEqual(read('rtnl.decodeLink'), ['nlroute-link.js'])
  t.deepEqual(read('rtnl.encodeAddressDumpRequest'), ['nlroute-address.js'])
  // A nexthop's layout holds the route's RTNEXTHOP: its part requires the route part.
  t.deepEqual(read('rtnl.NEXTHOP_ATTRS'), ['nlroute-nexthop.js', 'nlroute-route.js'])
  t.deepEqual(read('genl.ethtool'), ['nlroute-ethtool.js'])
  // WireGuard's layout takes a helper from the generic netlink core's part.
  t.deepEqual(read('genl.wireguard.WIREGUARD'), ['nlroute-genl.js', 'nlroute-wireguard.js'])
  t.deepEqual(read('genl.encodeGenlRequest'), ['nlroute-genl.js'])
  t.deepEqual(read('IPRoute'), [], 'a class is in the main bundle')
  // For each module of rtnetlink's table that `rtnl` shows a name of: the first read loads its part.
  const partOf = new Map(PARTS.flatMap((part) => modulesIn(part).map((module) => [module, part])))
  const shown = new Set(Object.keys(require(UNBUNDLED).rtnl))
  let modules = 0
  for (const [path, names] of Object.entries(require('../dist/iproute/lazy.js').DEFERRED)) {
    const name = names.find((n) => shown.has(n))
    if (name === undefined) continue
    const part = partOf.get(join('iproute', `${path}.js`))
    t.true(read(`rtnl.${name}`).includes(part), `rtnl.${name} (${path}) loads ${part}`)
    modules++
  }
  t.true(modules > 15)
})
test('what a part makes passes instanceof against the classes of the main bundle: one copy of each', async (t) => {
  const lib = require('nlroute')
  // decodeRoute is in the route part; ParseError in the main bundle.
  const error = t.throws(() => lib.rtnl.decodeRoute(Buffer.alloc(20), 0, 20))
  t.true(error instanceof lib.ParseError, `${error?.constructor?.name}: ${error?.message}`)
  // The request engine is in a part of its own; the timeout it raises is the main bundle's class.
  const { openFakeSocket } = require('nlroute/testing')
  const { socket } = await openFakeSocket()
  try {
    await t.throwsAsync(socket.requestAll(Buffer.alloc(0), { type: 18, timeout: 20 }), { instanceOf: lib.NetlinkTimeoutError })
  } finally {
    socket.close()
  }
  t.true(
    Object.keys(require.cache).some((path) => path.endsWith('/dist/nlroute-engine.js')),
    'the engine came from its part',
  )
})

test('the testing bundle holds no copy of the library: it requires the main bundle beside it, and nothing else', (t) => {
  const manifest = require('../package.json')
  const file = manifest.exports['./testing'].require
  t.deepEqual([...new Set(requiredBeside(file))], ['./nlroute.js'])
  // No export of the library is defined in it (a second copy of a class would break instanceof);
  // esbuild writes each module-level definition as `var Name = ...`.
  const source = readFileSync(join(root, file), 'utf8')
  t.true(/\bvar FakeKernel = /.test(source), 'the pattern finds definitions')
  const defined = Object.keys(require('nlroute')).filter((name) => new RegExp(`\\bvar ${name} = `).test(source))
  t.deepEqual(defined, [], `${file} defines names of the library`)
})

test('every deferred name is the very value its module exports, and the map lists real exports only', (t) => {
  const lazy = require('../dist/iproute/lazy.js')
  let names = 0
  for (const [path, list] of Object.entries(lazy.DEFERRED)) {
    const mod = require(join(dist, 'iproute', `${path}.js`))
    for (const name of list) {
      t.not(mod[name], undefined, `${path} exports ${name}`)
      t.is(lazy[name], mod[name], `lazy.${name} is ${path}'s`)
      names++
    }
  }
  t.true(names > 30)
  // Generic netlink's table (src/genl/lazy.ts), and the genl namespace hands out its values.
  const genlLazy = require('../dist/genl/lazy.js')
  let genlNames = 0
  for (const [path, list] of Object.entries(genlLazy.DEFERRED)) {
    const mod = require(join(dist, 'genl', `${path}.js`))
    for (const name of list) {
      t.not(mod[name], undefined, `genl ${path} exports ${name}`)
      t.is(genlLazy[name], mod[name], `genl lazy.${name} is ${path}'s`)
      genlNames++
    }
  }
  t.true(genlNames > 30)
  // Each family's namespace is its public module itself.
  for (const family of ['nlctrl', 'ethtool', 'wireguard', 'nl80211']) {
    const namespace = require(join(dist, 'genl', family, 'public.js'))
    t.is(genlLazy[family], namespace, `genl lazy.${family}`)
    t.is(require('../dist/index.js').genl[family], namespace, `genl.${family}`)
  }
  t.is(require('../dist/index.js').genl.ethtool.ETHTOOL, require('../dist/genl/ethtool/schema.js').ETHTOOL)
  // The rtnl namespace hands out the same values.
  const { rtnl } = require('../dist/index.js')
  t.is(rtnl.decodeRoute, require('../dist/iproute/route/decode.js').decodeRoute)
  t.is(rtnl.ROUTE_ATTRS, require('../dist/iproute/route/schema.js').ROUTE_ATTRS)
})

test("a process's requests, timeouts included, do not load Node's perf_hooks (its first use costs about 1 ms)", (t) => {
  const script = `
    const { NetlinkSocket } = require('nlroute')
    const { FakeKernel, errorFor } = require('nlroute/testing')
    ;(async () => {
      const kernel = new FakeKernel()
      kernel.respond = (frame) => [errorFor(frame, 0)]
      const socket = await NetlinkSocket.open({}, kernel.opener)
      await socket.request(Buffer.alloc(4), { type: 30, flags: 5, timeout: 1000 }).completed()
      // One the kernel never answers, so that the timeout sweep runs.
      kernel.respond = () => []
      await socket.request(Buffer.alloc(4), { type: 30, flags: 5, timeout: 20 }).completed().catch((error) => error.name)
      socket.close()
      // internal/perf/utils is Node's own, loaded at start-up; these come with the performance global.
      console.log(JSON.stringify(process.moduleLoadList.filter((name) => /perf_hooks|internal\\/perf\\/performance$/.test(name))))
    })()`
  const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 })
  t.deepEqual(JSON.parse(out.trim().split('\n').pop()), [])
})
