// Packaging: what `npm install nlroute` gives a user. Packs the main package and the host's platform
// package (the built .node copied into a copy of npm/<platform>/, as `napi artifacts` does), installs both
// offline into a new project under os.tmpdir() with no Rust toolchain on PATH and nothing pointing back
// at the repository, and uses the library there with import, require, TypeScript and the `nlroute`
// command. Also: platform packages in step with package.json (and a version bump moving them all), the
// tarballs' file lists, nothing compiled or run at install, and the one error of a platform with no binary.
// Needs `npm run build` first (npm test does it); the namespace tests need root.
import test from 'ava'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ip, makeNetns, nsTest } from './helpers/netns.mjs'

const require = createRequire(import.meta.url)
const repo = fileURLToPath(new URL('..', import.meta.url))
const main = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
const { hostPlatform, platformName, targetNames } = require('../dist/native.js')
const host = platformName(hostPlatform())
const platformDir = join(repo, 'npm', host)
const binary = `${main.napi.binaryName}.${host}.node`
// A route only this test adds, to find in every listing.
const MARK = '10.77.0.0/16'

const work = mkdtempSync(join(tmpdir(), 'nlroute-packaging-'))
const project = join(work, 'project')
test.after.always(() => rmSync(work, { recursive: true, force: true }))

// Compilers a build would call: stand-ins on PATH that leave a mark if anything runs them.
const SENTINELS = ['cc', 'gcc', 'c++', 'g++', 'make', 'node-gyp', 'cargo-build', 'rustup']
const sentinelDir = join(work, 'sentinel-bin')
const sentinelMark = join(work, 'compiled')

/** PATH for the user's side: node and npm, system tools (ip), the sentinels; no directory with cargo or rustc. */
function userPath() {
  const npmDir = (process.env.PATH ?? '').split(delimiter).find((d) => d && existsSync(join(d, 'npm')))
  const dirs = [sentinelDir, dirname(process.execPath), npmDir, '/usr/bin', '/bin', '/usr/sbin', '/sbin']
  return [...new Set(dirs.filter(Boolean))].filter((d) => d === sentinelDir || !['cargo', 'rustc'].some((t) => existsSync(join(d, t)))).join(delimiter)
}

/** A clean environment: no NODE_PATH, no npm_* variables of the repo's own npm run, a home of its own. */
const userEnv = () => ({
  PATH: userPath(),
  HOME: join(work, 'home'),
  LANG: 'C.UTF-8',
  npm_config_cache: join(work, 'npm-cache'),
  npm_config_update_notifier: 'false',
})

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: project, env: userEnv(), encoding: 'utf8', timeout: 60_000, ...options })
  return { ...result, output: `${result.stdout ?? ''}${result.stderr ?? ''}` }
}

const setup = {}

test.before(() => {
  if (!existsSync(join(repo, binary))) throw new Error(`${binary} is not built: run npm run build first`)
  mkdirSync(sentinelDir, { recursive: true })
  for (const name of SENTINELS) {
    const path = join(sentinelDir, name)
    writeFileSync(path, `#!/bin/sh\necho "${name} $*" >> '${sentinelMark}'\nexit 1\n`)
    chmodSync(path, 0o755)
  }

  // The tarballs. --ignore-scripts: `npm test` has built already; prepare would only rebuild.
  const pack = (cwd) => JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd, encoding: 'utf8' }))[0]
  const platformCopy = join(work, 'platform-package')
  cpSync(platformDir, platformCopy, { recursive: true })
  cpSync(join(repo, binary), join(platformCopy, binary))
  setup.main = pack(repo)
  setup.platform = pack(platformCopy)

  // The user's project: a package.json and the two tarballs, installed offline from a cache of its own.
  mkdirSync(project, { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'nlroute-user', version: '1.0.0', private: true }))
  setup.install = run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      '--foreground-scripts',
      '--loglevel=info',
      join('..', setup.main.filename),
      join('..', setup.platform.filename),
    ],
    { timeout: 120_000 },
  )

  writeFileSync(
    join(project, 'use.mjs'),
    `
    import { IPRoute, NetlinkError } from 'nlroute'
    import * as esm from 'nlroute'
    import { createRequire } from 'node:module'
    const cjs = createRequire(import.meta.url)('nlroute')
    const ipr = await IPRoute.open({ netns: process.argv[2] })
    const links = await ipr.getLinks()
    const routes = await ipr.getRoutes()
    const refused = await ipr.route('add', { dst: '${MARK}', type: 'blackhole' }).catch((e) => e instanceof NetlinkError && e.code)
    ipr.close()
    console.log(JSON.stringify({
      resolved: import.meta.resolve('nlroute'), links: links.map((l) => l.ifname), routes: routes.map((r) => r.type + ' ' + r.dst), refused,
      notNamedInEsm: Object.keys(cjs).filter((name) => !(name in esm)), sameClasses: esm.IPRoute === cjs.IPRoute && esm.default === cjs,
    }))
  `,
  )
  writeFileSync(
    join(project, 'use.cjs'),
    `
    const { IPRoute } = require('nlroute')
    IPRoute.open({ netns: process.argv[2] }).then(async (ipr) => {
      const links = await ipr.getLinks()
      const routes = await ipr.getRoutes()
      ipr.close()
      console.log(JSON.stringify({ resolved: require.resolve('nlroute'), links: links.map((l) => l.ifname), routes: routes.map((r) => r.type + ' ' + r.dst) }))
    })
  `,
  )
})

test('platform packages, optionalDependencies and the lockfile are in step with package.json', (t) => {
  const check = spawnSync(process.execPath, [join(repo, 'scripts', 'version.mjs'), '--check'], { encoding: 'utf8' })
  t.is(check.status, 0, check.stderr)
  const names = targetNames(main.napi.targets)
  t.true(names.includes(host), `${host} is one of napi.targets`)
  // Our loader names targets as napi-rs does (its packages and .node files must be where it looks).
  return import('@napi-rs/cli').then(({ parseTriple }) => {
    t.deepEqual(
      names,
      main.napi.targets.map((triple) => parseTriple(triple).platformArchABI),
    )
    for (const name of names) {
      const manifest = JSON.parse(readFileSync(join(repo, 'npm', name, 'package.json'), 'utf8'))
      t.is(manifest.name, `${main.name}-${name}`)
      t.is(main.optionalDependencies[manifest.name], main.version, `${manifest.name} at exactly ${main.version}`)
      t.is(manifest.version, main.version)
      t.is(manifest.main, `${main.napi.binaryName}.${name}.node`)
      t.deepEqual(manifest.files, [manifest.main])
      t.deepEqual([manifest.license, manifest.engines], [main.license, main.engines])
      t.true(Array.isArray(manifest.os) && Array.isArray(manifest.cpu) && Array.isArray(manifest.libc), `${name}: os, cpu and libc`)
    }
  })
})

test('a version bump (npm version) moves every platform package and optionalDependency together', (t) => {
  const copy = join(work, 'version-copy')
  for (const part of ['package.json', 'package-lock.json', 'npm', 'scripts']) cpSync(join(repo, part), join(copy, part), { recursive: true })
  symlinkSync(join(repo, 'node_modules'), join(copy, 'node_modules'))
  const bumped = spawnSync('npm', ['version', '9.8.7-test.1', '--no-git-tag-version'], { cwd: copy, encoding: 'utf8', timeout: 60_000 })
  t.is(bumped.status, 0, bumped.stderr)
  const read = (path) => JSON.parse(readFileSync(join(copy, path), 'utf8'))
  const after = read('package.json')
  t.is(after.version, '9.8.7-test.1')
  for (const dir of readdirSync(join(copy, 'npm'))) t.is(read(join('npm', dir, 'package.json')).version, '9.8.7-test.1', `npm/${dir}`)
  t.deepEqual(
    Object.values(after.optionalDependencies),
    targetNames(main.napi.targets).map(() => '9.8.7-test.1'),
  )
  t.deepEqual(Object.values(read('package-lock.json').packages[''].optionalDependencies), Object.values(after.optionalDependencies))
  t.is(spawnSync(process.execPath, ['scripts/version.mjs', '--check'], { cwd: copy }).status, 0, 'in step after the bump')
  // Everything but the versions is unchanged.
  t.deepEqual({ ...after, version: main.version, optionalDependencies: main.optionalDependencies }, main)
})

test('the tarballs hold everything the package needs, no binary in the main one, nothing that builds', (t) => {
  const files = new Set(setup.main.files.map((f) => f.path))
  const needed = ['package.json', 'README.md', main.main, main.types, ...Object.values(main.bin ?? {})]
  if (existsSync(join(repo, 'LICENSE'))) needed.push('LICENSE')
  // Every file the exports map points at (its leaves; the keys, './testing' say, are subpaths).
  const targets = (entry) => (typeof entry === 'string' ? [entry] : Object.values(entry).flatMap(targets))
  for (const target of targets(main.exports)) needed.push(target.slice(2))
  // Every file a bundle requires beside it (the parts of the library's bundle, which it loads on
  // first use), and the files those require.
  for (let i = 0; i < needed.length; i++) {
    if (!needed[i].endsWith('.js') || !existsSync(join(repo, needed[i]))) continue
    for (const [, path] of readFileSync(join(repo, needed[i]), 'utf8').matchAll(/require\(["'](\.\/[^"']*\.js)["']\)/g)) {
      const beside = join(dirname(needed[i]), path)
      if (!needed.includes(beside)) needed.push(beside)
    }
  }
  // The declarations of every module compiled from src/ (index.d.ts refers to them) and of every
  // declaration file there (the generated binding.d.ts, which native.d.ts imports); the code itself
  // is in the bundles (scripts/bundle.mjs).
  const walk = (dir) =>
    readdirSync(join(repo, 'src', dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name.replace(/(\.d)?\.ts$/, ''))] : [],
    )
  for (const module of walk('')) needed.push(join('dist', `${module}.d.ts`))
  const missing = [...new Set(needed)].filter((path) => !files.has(path))
  t.deepEqual(missing, [], `missing from ${setup.main.filename}`)
  const unwanted = [...files].filter((f) => (/\.(node|ts|map|gyp|rs)$/.test(f) && !f.endsWith('.d.ts')) || f.startsWith('src/') || f.startsWith('crates/'))
  t.deepEqual(unwanted, [], 'no binary, sources, maps or build files in the main tarball')
  t.deepEqual(setup.platform.files.map((f) => f.path).sort(), ['README.md', binary, 'package.json'].sort())
  // No install-time scripts in what is published (prepare does not run for tarball or registry installs).
  for (const manifest of [main, JSON.parse(readFileSync(join(platformDir, 'package.json'), 'utf8'))]) {
    t.deepEqual(
      ['preinstall', 'install', 'postinstall'].filter((s) => manifest.scripts?.[s]),
      [],
      `${manifest.name}: no install scripts`,
    )
  }
})

test('installs offline with no Rust toolchain and no path back to the repo; nothing is compiled or run', (t) => {
  const cargo = run('cargo', ['--version'])
  t.is(cargo.error?.code, 'ENOENT', 'cargo is not on the PATH the install gets')
  t.is(setup.install.status, 0, setup.install.output)
  t.false(existsSync(sentinelMark), existsSync(sentinelMark) ? `compiled: ${readFileSync(sentinelMark, 'utf8')}` : '')
  // --foreground-scripts prints every lifecycle script npm runs as "> pkg@version event".
  t.notRegex(setup.install.output, /^> \S+ (preinstall|install|postinstall|prepare)\b|^npm info run /m, 'no lifecycle script ran')
  t.notRegex(setup.install.output, /node-gyp|cargo |napi build|rustc/, 'nothing compiled')
  // npm lists prepare as a script of a file: dependency (it never runs it for a tarball); nothing else.
  const listed = [...setup.install.output.matchAll(/^npm warn install-scripts\s+(\S+) \((\w+):/gm)].map((m) => m[2])
  t.deepEqual(
    listed.filter((s) => s !== 'prepare'),
    [],
    'no install script npm would run',
  )
  for (const name of [main.name, `${main.name}-${host}`]) {
    const installed = realpathSync(join(project, 'node_modules', name))
    t.false(relative(project, installed).startsWith('..'), `${name} is a copy inside the project, not a link`)
  }
  const lock = readFileSync(join(project, 'package-lock.json'), 'utf8')
  t.false(lock.includes(repo.replace(/\/$/, '')), 'the lockfile never names the repository')
  // The other platforms' optional packages were skipped (not fetched: the install was offline).
  t.deepEqual(
    readdirSync(join(project, 'node_modules')).filter((d) => d.startsWith(`${main.name}-`)),
    [`${main.name}-${host}`],
  )
})

function checkListing(t, result, ns) {
  t.is(result.status, 0, result.output)
  const out = JSON.parse(result.stdout)
  t.true(out.resolved.replace(/^file:\/\//, '').startsWith(realpathSync(project)), `resolved inside the project: ${out.resolved}`)
  t.deepEqual(
    out.links,
    JSON.parse(ip(ns, '-j', 'link', 'show')).map((l) => l.ifname),
  )
  t.true(out.routes.includes(`blackhole ${MARK}`), out.routes.join(', '))
  return out
}

nsTest(test, 'import: a real dump of links and routes in a private namespace, named exports as require gives them', (t) => {
  const ns = makeNetns(t, 'nlpkg', { linkLocal: false })
  ip(ns, 'route', 'add', 'blackhole', MARK)
  const out = checkListing(t, run(process.execPath, ['use.mjs', ns]), ns)
  t.is(out.refused, 'EEXIST', 'a kernel refusal is a NetlinkError')
  t.deepEqual(out.notNamedInEsm, [], 'every export of the CommonJS build is a named ESM export')
  t.true(out.sameClasses, 'import and require give the same classes (one copy, instanceof works across)')
})

nsTest(test, 'require: a real dump of links and routes in a private namespace', (t) => {
  const ns = makeNetns(t, 'nlpkg', { linkLocal: false })
  ip(ns, 'route', 'add', 'blackhole', MARK)
  checkListing(t, run(process.execPath, ['use.cjs', ns]), ns)
})

nsTest(test, 'the nlroute command lists links and routes in a private namespace', (t) => {
  const bin = join(project, 'node_modules', '.bin', 'nlroute')
  t.true(existsSync(bin), 'npm linked the nlroute bin')
  t.true(existsSync(join(project, 'node_modules', main.name, main.bin.nlroute)), `${main.bin.nlroute} is in the tarball (has the CLI landed?)`)
  const ns = makeNetns(t, 'nlpkg', { linkLocal: false })
  ip(ns, 'route', 'add', 'blackhole', MARK)
  const links = run('ip', ['netns', 'exec', ns, 'npx', '--offline', 'nlroute', 'link'])
  t.is(links.status, 0, links.output)
  t.regex(links.stdout, /^1: lo: </m, 'ip-style link lines')
  const routes = run(bin, ['-n', ns, 'route', 'show'])
  t.is(routes.status, 0, routes.output)
  t.regex(routes.stdout, new RegExp(`^blackhole ${MARK.replace(/\./g, '\\.')}`, 'm'))
  const json = run(bin, ['-n', ns, '-j', 'route', 'show'])
  t.is(json.status, 0, json.output)
  t.true(
    JSON.parse(json.stdout).some((r) => r.dst === MARK && r.type === 'blackhole'),
    json.stdout,
  )
})

test("nlroute/testing works in the installed project, by require and by import, with the library's own classes", (t) => {
  // No root and no namespace: the fake kernel answers; the native addon is never loaded.
  writeFileSync(
    join(project, 'use-testing.mjs'),
    `
    import { NetlinkError, rtnl } from 'nlroute'
    import * as esm from 'nlroute/testing'
    import { createRequire } from 'node:module'
    const require = createRequire(import.meta.url)
    const cjs = require('nlroute/testing')
    const { ipr, kernel } = await esm.openFakeIPRoute({
      respond: (request) => esm.typeOf(request) === rtnl.RTM.GETLINK
        ? [esm.dumpAnswer(request, rtnl.RTM.NEWLINK, [rtnl.encodeLinkRequest({ index: 1, ifname: 'lo' }), rtnl.encodeLinkRequest({ index: 2, ifname: 'eth9' })])]
        : [esm.errorFor(request, 'EEXIST')],
    })
    const links = (await ipr.getLinks()).map((l) => l.ifname)
    const refused = await ipr.link('add', { ifname: 'x0', kind: 'dummy' }).catch((e) => e)
    ipr.close()
    console.log(JSON.stringify({
      resolved: [import.meta.resolve('nlroute/testing'), require.resolve('nlroute/testing')], links, sent: kernel.sent.length,
      sameError: refused instanceof NetlinkError && refused instanceof require('nlroute').NetlinkError && refused.code === 'EEXIST',
      sameModule: cjs.FakeKernel === esm.FakeKernel && esm.default === cjs,
      addonLoaded: Object.keys(require.cache).some((path) => path.endsWith('.node')),
    }))
  `,
  )
  const result = run(process.execPath, ['use-testing.mjs'])
  t.is(result.status, 0, result.output)
  const out = JSON.parse(result.stdout)
  for (const path of out.resolved) t.true(path.replace(/^file:\/\//, '').startsWith(realpathSync(project)), `resolved inside the project: ${path}`)
  t.deepEqual(
    out.resolved.map((path) => path.split('/').pop()),
    ['testing.mjs', 'testing.js'],
  )
  t.deepEqual(out.links, ['lo', 'eth9'])
  t.is(out.sent, 2)
  t.true(out.sameError, 'a refusal on the fake is the NetlinkError of nlroute, by import and require')
  t.true(out.sameModule, 'import and require give one instance of nlroute/testing')
  t.false(out.addonLoaded)
})

/** Runs `source` in the installed project (CommonJS) and returns what it printed as JSON. */
function inProject(source, cwd = project) {
  const result = run(process.execPath, ['-e', source], { cwd })
  if (result.status !== 0) throw new Error(result.output)
  return JSON.parse(result.stdout)
}

const describeFailure = `(e) => console.log(JSON.stringify({ message: e.message, code: e.code, name: e.constructor.name, aggregate: Array.isArray(e.errors), cause: e.cause === undefined ? null : String(e.cause) }))`

test('a platform with no binary gets one error naming it and saying how to build from source', (t) => {
  // The public path: open a socket on what looks like an arm64 machine (its package is not installed).
  const arm = inProject(`Object.defineProperty(process, 'arch', { value: 'arm64' })
    require('nlroute').IPRoute.open().then(() => console.log('{}'), ${describeFailure})`)
  t.is(arm.code, 'ERR_NLROUTE_NO_BINARY')
  t.regex(arm.message, /no native binary for linux-arm64-gnu/)
  t.regex(arm.message, /nlroute-linux-arm64-gnu@\S+ is not installed/)
  t.regex(arm.message, /npm run build:native/)
  t.notRegex(arm.message, /Cannot find module|\n/, 'one line, not a stack of loader attempts')
  t.false(arm.aggregate)
  t.is(arm.cause, null)

  // A platform with no prebuilt binary at all, and a declared one that cannot be built here (musl:
  // the loader tells it by /usr/bin/ldd, which is a musl one there).
  const looksLike = {
    'freebsd-x64': `Object.defineProperty(process, 'platform', { value: 'freebsd' })`,
    'linux-arm64-musl': `Object.defineProperty(process, 'arch', { value: 'arm64' })
      const fs = require('node:fs'), readFileSync = fs.readFileSync
      fs.readFileSync = (path, ...rest) => (path === '/usr/bin/ldd' ? 'musl libc (x86_64)' : readFileSync(path, ...rest))`,
  }
  for (const [name, why] of [
    ['freebsd-x64', /this platform has no prebuilt binary/],
    ['linux-arm64-musl', /nlroute-linux-arm64-musl@\S+ is not installed/],
  ]) {
    const error = inProject(`${looksLike[name]}
      require('nlroute').IPRoute.open().then(() => console.log('{}'), ${describeFailure})`)
    t.is(error.code, 'ERR_NLROUTE_NO_BINARY', name)
    t.true(error.message.includes(`no native binary for ${name}`), error.message)
    t.regex(error.message, why)
    t.regex(error.message, /Prebuilt binaries are published for linux-x64-gnu, linux-arm64-gnu, linux-x64-musl, linux-arm64-musl/)
    t.regex(error.message, /npm run build:native/)
  }
})

test('the host with its platform package missing or broken gets one error naming it', (t) => {
  const copy = join(work, 'project-without-binary')
  cpSync(project, copy, { recursive: true })
  const platformPackage = join(copy, 'node_modules', `${main.name}-${host}`)
  rmSync(platformPackage, { recursive: true })
  const missing = inProject(`require('nlroute').IPRoute.open().then(() => console.log('{}'), ${describeFailure})`, copy)
  t.is(missing.code, 'ERR_NLROUTE_NO_BINARY')
  t.true(missing.message.includes(`no native binary for ${host}: its package ${main.name}-${host}@${main.version} is not installed`), missing.message)
  t.regex(missing.message, /npm run build:native/)

  cpSync(join(project, 'node_modules', `${main.name}-${host}`), platformPackage, { recursive: true })
  const manifestPath = join(platformPackage, 'package.json')
  const manifest = readFileSync(manifestPath, 'utf8')
  writeFileSync(manifestPath, JSON.stringify({ ...JSON.parse(manifest), version: '0.0.1-other' }))
  const other = inProject(`require('nlroute').IPRoute.open().then(() => console.log('{}'), ${describeFailure})`, copy)
  t.is(other.code, 'ERR_NLROUTE_BINARY_VERSION')
  t.true(other.message.includes(`${main.name}-${host} is version 0.0.1-other, but ${main.name} ${main.version} needs exactly ${main.version}`), other.message)

  writeFileSync(manifestPath, manifest)
  writeFileSync(join(platformPackage, binary), 'not an ELF file')
  const broken = inProject(`require('nlroute').IPRoute.open().then(() => console.log('{}'), ${describeFailure})`, copy)
  t.is(broken.code, 'ERR_NLROUTE_BINARY_LOAD')
  t.true(
    broken.message.includes(`the native binary for ${host} at ${realpathSync(platformPackage)}/${binary} does not load`) ||
      broken.message.includes(`the native binary for ${host} at ${platformPackage}/${binary} does not load`),
    broken.message,
  )
  t.notRegex(broken.message, /\n/, 'one line; the loader failure is the cause')
  t.not(broken.cause, null)
})

test('a TypeScript user (strict, module nodenext, @types/node) compiles against the installed declarations, ESM and CJS', (t) => {
  const types = join(project, 'types')
  cpSync(join(repo, '__test__', 'types'), types, { recursive: true })
  // What such a user has installed next to nlroute (copied in, as npm would have put them there).
  for (const dep of ['@types/node', 'undici-types', 'expect-type'])
    cpSync(join(repo, 'node_modules', dep), join(project, 'node_modules', dep), { recursive: true })
  const tsc = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', types, '--traceResolution'], { timeout: 120_000 })
  t.is(
    tsc.status,
    0,
    tsc.stdout
      .split('\n')
      .filter((l) => /error TS/.test(l))
      .join('\n'),
  )
  const resolved = [...tsc.stdout.matchAll(/Module name 'nlroute' was successfully resolved to '([^']+)'/g)].map((m) => m[1])
  t.true(resolved.length >= 2, 'both files import nlroute')
  for (const path of resolved) t.true(path.startsWith(realpathSync(project)) || path.startsWith(project), `resolved in the project: ${path}`)
})
