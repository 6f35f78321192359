/**
 * Node's on-disk compile cache for the command's own process (Node 22.1 and later; a no-op on
 * Node 20, which has no such cache). Imported first by main.ts, so every module the command loads
 * after it (its own, the library's) is compiled from V8's cached code instead of from source: most
 * of what loading costs. The library itself never turns this on: in a user's process it would
 * change how the user's own modules are loaded. The cache lives where Node puts it (the system's
 * temporary directory, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off).
 */
import * as nodeModule from 'node:module'

const { enableCompileCache } = nodeModule as { enableCompileCache?: () => unknown }
try {
  enableCompileCache?.()
} catch {
  // A cache that cannot be used (unwritable directory) only costs speed.
}
