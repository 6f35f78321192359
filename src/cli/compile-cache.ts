/**
 * Loading the command's bundle (dist/cli-main.js: the command and the library) through V8's code
 * cache, kept on disk between runs of the command, on every Node version (Node 20 has no compile
 * cache of its own; Node 22's `module.enableCompileCache` would cache only what is compiled when
 * the module loads). The cache is written when the command exits, after it ran, so it holds the
 * bytecode of every function the run compiled (the decoders, the engine) and not only the
 * bundle's top level: a later run compiles almost nothing. V8 rejects a cache made by another V8
 * or with other flags (a rejected or missing cache is written anew); that it belongs to this very
 * source, which V8 checks only by length, the file's name says (a hash of the source).
 *
 * The library itself never does this: in a user's process it would change how the user's own
 * code is loaded. The cache lives in the user's cache directory ($XDG_CACHE_HOME/nlroute or
 * ~/.cache/nlroute, created private to the user, and used only when owned by the user and not
 * writable by others, since its contents become code). NODE_DISABLE_COMPILE_CACHE=1 turns it off,
 * as it does Node's own; a cache that cannot be read or written only costs speed.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { createRequire, wrap } from 'node:module'
import { homedir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'

/** Loads the CommonJS file `file` as `require` would, through the code cache; returns its exports. */
export function requireWithCodeCache(file: string): unknown {
  const source = readFileSync(file, 'utf8')
  const cacheFile = cacheFileFor(file, source)
  const cachedData = cacheFile === null ? undefined : readCache(cacheFile)
  // A shebang line, which Node's own loader skips, becomes a comment (line numbers stay).
  const body = source.startsWith('#!') ? `//${source.slice(2)}` : source
  const script = new Script(wrap(body), { filename: file, cachedData })
  const module = { exports: {} as unknown, filename: file, id: file, loaded: false }
  const compiled = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void
  compiled.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  module.loaded = true
  if (cacheFile !== null && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => writeCache(cacheFile, script))
  }
  return module.exports
}

/** Where the cache of this source goes, or null when there is no private place for it. */
function cacheFileFor(file: string, source: string): string | null {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') return null
  try {
    const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache')
    const dir = join(base, 'nlroute')
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const stat = statSync(dir)
    // Its contents become code in this process: only a directory of ours that nobody else may write.
    if ((process.getuid !== undefined && stat.uid !== process.getuid()) || (stat.mode & 0o022) !== 0) return null
    // V8 checks a cache against the source's length, not its text: the name carries a hash of it.
    const digest = createHash('sha1').update(source).digest('base64url')
    return join(dir, `${basename(file, '.js')}-${process.versions.v8}-${process.arch}-${digest}.v8cache`)
  } catch {
    return null
  }
}

function readCache(cacheFile: string): Buffer | undefined {
  try {
    return readFileSync(cacheFile)
  } catch {
    return undefined
  }
}

function writeCache(cacheFile: string, script: Script): void {
  try {
    // Written aside and renamed: a command run meanwhile reads the old cache or the new, never half.
    const partial = `${cacheFile}.${process.pid}`
    writeFileSync(partial, script.createCachedData(), { mode: 0o600 })
    renameSync(partial, cacheFile)
  } catch {
    // Only speed is lost.
  }
}
