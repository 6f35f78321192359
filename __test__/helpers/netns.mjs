// Test namespaces: each test that touches network state makes its own and removes it afterwards.
// The host's own interfaces, routes and addresses are never touched.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

export const isRoot = process.getuid?.() === 0
export const skipReason = 'needs root to create network namespaces (ip netns add); run the suite as root'

/** Creates a namespace with lo up; removed by t.teardown. Returns its name. */
export function makeNetns(t, prefix = 'nlr') {
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`
  execFileSync('ip', ['netns', 'add', name])
  t.teardown(() => {
    try {
      execFileSync('ip', ['netns', 'del', name])
    } catch {
      // already gone
    }
  })
  ip(name, 'link', 'set', 'lo', 'up')
  return name
}

/** Runs `ip -n NS ...args` and returns stdout. */
export function ip(ns, ...args) {
  return execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' })
}

/** `ip -n NS -j ...args`, parsed. */
export function ipJson(ns, ...args) {
  const out = execFileSync('ip', ['-n', ns, '-j', ...args], { encoding: 'utf8' })
  return out.trim() ? JSON.parse(out) : []
}

/** Feeds commands to `ip -n NS -batch -`. */
export function ipBatch(ns, lines) {
  execFileSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n', maxBuffer: 1 << 30 })
}

/** A namespace test: skipped with the reason when not root. */
export function nsTest(test, title, fn) {
  if (isRoot) test(title, fn)
  else test.skip(`${title} (skipped: ${skipReason})`, fn)
}
