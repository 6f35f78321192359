// The command's code cache (src/cli/compile-cache.ts): dist/cli.js loads the command's bundle
// through a V8 code cache kept in the user's cache directory, written when the command exits. These
// run the real executable with XDG_CACHE_HOME pointed at a fresh directory.
import test from 'ava'
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const BIN = new URL('../dist/cli.js', import.meta.url).pathname

function run(cacheHome, env = {}) {
  const r = spawnSync(process.execPath, [BIN, '-V'], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: cacheHome, NODE_DISABLE_COMPILE_CACHE: '', ...env },
  })
  return r
}

function freshHome(t) {
  const home = mkdtempSync(join(tmpdir(), 'nlroute-cache-'))
  t.teardown(() => rmSync(home, { recursive: true, force: true }))
  return home
}

const cacheFiles = (home) => readdirSync(join(home, 'nlroute')).filter((name) => name.endsWith('.v8cache'))

test('the first run writes a private cache, later runs use it without writing it again', (t) => {
  const home = freshHome(t)
  const first = run(home)
  t.is(first.status, 0, first.stderr)
  t.regex(first.stdout, /^nlroute utility, nlroute-/)
  const [file] = cacheFiles(home)
  t.truthy(file, 'a cache file')
  t.is(statSync(join(home, 'nlroute')).mode & 0o777, 0o700)
  t.is(statSync(join(home, 'nlroute', file)).mode & 0o777, 0o600)
  const written = statSync(join(home, 'nlroute', file)).mtimeMs
  const second = run(home)
  t.is(second.status, 0, second.stderr)
  t.is(second.stdout, first.stdout)
  t.is(statSync(join(home, 'nlroute', file)).mtimeMs, written, 'a cache V8 accepted is not rewritten')
  t.deepEqual(cacheFiles(home), [file])
})

test('a cache V8 rejects (garbage) costs nothing but speed and is written anew', (t) => {
  const home = freshHome(t)
  t.is(run(home).status, 0)
  const [file] = cacheFiles(home)
  writeFileSync(join(home, 'nlroute', file), Buffer.alloc(4096, 7))
  const r = run(home)
  t.is(r.status, 0, r.stderr)
  t.regex(r.stdout, /^nlroute utility/)
  t.not(statSync(join(home, 'nlroute', file)).size, 4096, 'replaced by a real cache')
})

test('no cache in a directory others may write, nor with NODE_DISABLE_COMPILE_CACHE=1', (t) => {
  const shared = freshHome(t)
  mkdirSync(join(shared, 'nlroute'))
  chmodSync(join(shared, 'nlroute'), 0o777)
  t.is(run(shared).status, 0)
  t.deepEqual(cacheFiles(shared), [])
  const off = freshHome(t)
  t.is(run(off, { NODE_DISABLE_COMPILE_CACHE: '1' }).status, 0)
  t.throws(() => readdirSync(join(off, 'nlroute')), { code: 'ENOENT' })
})
