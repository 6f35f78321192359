// Test namespaces: each test that touches network state makes its own and removes it afterwards.
// The host's own interfaces, routes and addresses are never touched.
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

export const isRoot = process.getuid?.() === 0
export const skipReason = 'needs root to create network namespaces (ip netns add); run the suite as root'

/**
 * Creates a namespace with lo up; removed by t.teardown. Returns its name.
 *
 * `linkLocal: false` keeps the kernel from configuring IPv6 on its own: with addr_gen_mode 1
 * ("none") no link that comes up gets a link-local address, so there is no DAD, no `fe80::/64` or
 * `local fe80::…` route and no router solicitation arriving a second or so later. Tests that
 * compare tables before and after, or count what they find, ask for it.
 */
export function makeNetns(t, prefix = 'nlr', { linkLocal = true } = {}) {
  const name = `${prefix}-${process.pid}-${randomBytes(3).toString('hex')}`
  execFileSync('ip', ['netns', 'add', name])
  t.teardown(() => {
    try {
      execFileSync('ip', ['netns', 'del', name])
    } catch {
      // already gone
    }
  })
  if (!linkLocal) {
    // `default` for links created from now on, `all` for those that exist.
    execFileSync('ip', ['netns', 'exec', name, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.addr_gen_mode=1', 'net.ipv6.conf.default.addr_gen_mode=1'])
  }
  ip(name, 'link', 'set', 'lo', 'up')
  return name
}

/**
 * Waits until each named link has its carrier (LOWER_UP). The kernel reports a carrier change
 * through linkwatch, up to a second after `ip link set … up`, and only then marks the routes over
 * the link as no longer `linkdown` and starts IPv6 on it; a test that reads state after this sees
 * none of that happen under it. Bounded: throws after `ms`.
 */
export async function waitForCarrier(ns, names, ms = 5000) {
  const end = Date.now() + ms
  for (;;) {
    const links = ipJson(ns, 'link', 'show')
    const missing = names.filter((n) => !links.find((l) => l.ifname === n)?.flags?.includes('LOWER_UP'))
    if (missing.length === 0) return
    if (Date.now() > end) throw new Error(`${ns}: no carrier on ${missing.join(', ')} after ${ms} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
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
