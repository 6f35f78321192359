// Runs one scenario of resource-child.mjs in a child process (node --expose-gc) and returns its
// JSON result: fd, thread and RSS counts that belong to the scenario alone.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const CHILD = fileURLToPath(new URL('./resource-child.mjs', import.meta.url))

export async function scenario(name, count, netns, variant, { timeout = 110_000 } = {}) {
  // The young generation pinned to Node 20's and 22's default size: Node 24 sizes it up to four
  // times larger by default, which moves RSS peaks (not floors) and would make the memory bounds
  // mean something else on each version.
  const args = ['--expose-gc', '--max-semi-space-size=16', CHILD, name, String(count), netns ?? '-', ...(variant === undefined ? [] : [variant])]
  const { stdout } = await run(process.execPath, args, { timeout, maxBuffer: 1 << 20 })
  return JSON.parse(stdout.trim().split('\n').pop())
}
