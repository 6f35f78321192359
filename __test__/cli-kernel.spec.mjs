// The `nlroute` command against the kernel, in test namespaces, compared with `ip` itself:
// - human output line for line with ip's for the same namespace (routes of every kind and table,
//   links, addresses, neighbours, rules, filters, route get);
// - changes made with nlroute leave the same state as the same commands given to ip;
// - `-j` parses and agrees with `ip -j` on the key fields;
// - errors: ip's messages and exit codes (File exists → 2, unknown device → 1, ...), and a
//   missing permission (run as nobody) says `Operation not permitted`;
// - monitor prints ip's line for a route added with ip, and ends with exit 0 on SIGINT;
// - progress on a terminal (a pseudo-terminal from `script`), nothing on stderr when piped.
// Normalised: only the MAC addresses of veth links (`link/ether`, random per namespace) when two
// namespaces are compared; nothing when nlroute and ip read the same namespace.
import test from 'ava'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ip, ipBatch, ipJson, makeNetns, nsTest, waitForCarrier } from './helpers/netns.mjs'

const MAIN = new URL('../dist/cli/main.js', import.meta.url).pathname

/** Runs `nlroute -n NS ...args`: { stdout, stderr, status }. */
const nl = (ns, ...args) => spawnSync(process.execPath, [MAIN, '-n', ns, ...args], { encoding: 'utf8', timeout: 30000, maxBuffer: 1 << 28 })
/** Runs `ip -n NS ...args` whatever its exit code: { stdout, stderr, status }. */
const ipRun = (ns, ...args) => spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', timeout: 30000, maxBuffer: 1 << 28 })

/** The change commands both tools are given, one process each (ip's syntax, which nlroute takes as it is). */
const SETUP = [
  'link add v0 type veth peer name v1',
  'link add br0 type bridge',
  'link set v1 master br0',
  'link set v0 up mtu 1400',
  'link set dev v1 up',
  'link set br0 up',
  'link set br0 address 02:00:00:00:00:aa',
  'link set v1 nomaster',
  'link set v1 master br0',
  'addr add 192.0.2.1/24 dev v0',
  'addr add 198.51.100.1/24 brd + dev br0 label br0:x',
  'addr add 2001:db8::1/64 dev v0 nodad',
  'addr add 10.55.0.1 peer 10.55.0.2/32 dev v0',
  'addr add 10.9.9.9/32 dev br0',
  'addr del 10.9.9.9/32 dev br0',
  'route add 10.0.0.0/8 via 192.0.2.254',
  'route add blackhole 10.1.0.0/16',
  'route add unreachable 10.2.0.0/16 metric 5',
  'route add 10.3.0.0/16 nexthop via 192.0.2.2 weight 2 nexthop via 192.0.2.3',
  'route add 10.4.0.0/16 dev v0 table 100 proto static',
  'route add prohibit 10.5.0.0/16',
  'route add default via 192.0.2.254 dev v0 onlink metric 10 src 192.0.2.1 mtu lock 1400 advmss 1300',
  'route replace 10.0.0.0/8 via 192.0.2.253',
  'route add 10.6.0.0/16 dev v0 scope link metric 7',
  'route del 10.6.0.0/16 dev v0 metric 7',
  'route append 10.7.0.0/16 via 192.0.2.9',
  'route change 10.7.0.0/16 via 192.0.2.8',
  'route add 10.8.0.0/16 via 192.0.2.1 table 200 proto bgp',
  'route add 2001:db8:1::/48 via 2001:db8::2',
  '-6 route add unreachable 2001:db8:8::/48',
  'route add blackhole 2001:db8:9::/48',
  'route add 2001:db8:7::/48 nexthop via 2001:db8::2 dev v0 nexthop via 2001:db8::3 dev v0 weight 3',
  'neigh add 192.0.2.7 lladdr 02:00:00:00:00:07 dev v0',
  'neigh add 2001:db8::7 lladdr 02:00:00:00:00:08 dev v0 router',
  'neigh replace 192.0.2.8 lladdr 02:00:00:00:00:09 dev v0 nud stale',
  'neigh add 192.0.2.10 lladdr 02:00:00:00:00:0a dev v0',
  'neigh del 192.0.2.10 dev v0',
  'rule add from 10.9.0.0/16 table 100 pref 100',
  'rule add to 10.8.0.0/16 iif v0 lookup main pref 200',
  'rule add fwmark 0x10/0xff blackhole pref 300',
  'rule add not from 10.10.0.0/16 oif v0 goto 32766 pref 310',
  '-6 rule add from 2001:db8::/32 table 100 pref 50',
  'rule add pref 400 table 100',
  'rule del pref 400',
  'link add v8 type veth peer name v9',
  'link set v8 name v7',
  'link del v7',
]

const split = (line) => line.split(' ')

/** A namespace with the objects of SETUP, made by ip; carriers up so nothing changes under the test. */
async function populated(t) {
  const ns = makeNetns(t, 'nlcli', { linkLocal: false })
  // One ip per line, not -batch: a batch keeps the family of one `ip rule` for the next lines.
  for (const command of SETUP) ip(ns, ...split(command))
  await waitForCarrier(ns, ['v0', 'v1', 'br0'])
  return ns
}

/** Every read both tools are compared on. */
const READS = [
  'route show table all',
  'route',
  '-6 route',
  'route show table 100',
  'route show table local',
  'route show dev v0',
  'route show table all dev v0',
  'route show proto kernel',
  'route show table all type blackhole',
  'route show root 10.0.0.0/8',
  'route show match 10.1.2.3',
  'route show default',
  'route show 10.0.0.0/8',
  'route show via 192.0.2.254',
  'route show scope link',
  '-6 route show table all',
  '-6 route show via 2001:db8::2',
  'route show via 192.0.2.2',
  '-6 route show root 2001:db8::/32',
  'route get 10.0.0.1',
  'route get 2001:db8:1::1',
  'link',
  'link show v0',
  'link show up',
  'link show type veth',
  'addr',
  'addr show dev br0',
  '-4 addr',
  '-6 addr',
  'neigh',
  'neigh show dev v0',
  '-6 neigh',
  'rule',
  '-6 rule',
]

nsTest(test, "human output is ip's, line for line, for every kind of object and filter", async (t) => {
  const ns = await populated(t)
  for (const read of READS) {
    // Compared once ip's view is the same before and after ours (a neighbour entry may change state
    // under the test); bounded.
    let before
    let ours
    let after = ip(ns, ...split(read))
    for (let attempt = 0; attempt < 5 && (attempt === 0 || before !== after); attempt++) {
      before = after
      ours = nl(ns, ...split(read))
      after = ip(ns, ...split(read))
    }
    t.is(ours.status, 0, `${read}: ${ours.stderr}`)
    t.is(ours.stderr, '', read)
    t.deepEqual(ours.stdout.split('\n'), after.split('\n'), read)
  }
  // Abbreviations as ip takes them.
  t.is(nl(ns, 'r', 's', 't', '100').stdout, ip(ns, 'route', 'show', 'table', '100'))
  t.is(nl(ns, 'a').stdout, ip(ns, 'addr'))
  t.is(nl(ns, 'ru').stdout, ip(ns, 'rule'))
})

nsTest(test, 'changes made with nlroute leave the state the same commands leave when given to ip', async (t) => {
  const byIp = makeNetns(t, 'nlcli', { linkLocal: false })
  const byNl = makeNetns(t, 'nlcli', { linkLocal: false })
  for (const command of SETUP) ip(byIp, ...split(command))
  for (const command of SETUP) {
    const r = nl(byNl, ...split(command))
    t.is(r.status, 0, `${command}: ${r.stderr}`)
    t.is(r.stdout + r.stderr, '', command)
  }
  await waitForCarrier(byIp, ['v0', 'v1', 'br0'])
  await waitForCarrier(byNl, ['v0', 'v1', 'br0'])
  // veth and bridge MACs are random per namespace: the only field normalised.
  const mac = (text) => text.replace(/link\/ether [0-9a-f:]+ /g, 'link/ether MAC ')
  for (const read of ['route show table all', '-6 route show table all', 'link', 'addr', 'rule', '-6 rule']) {
    t.is(mac(ip(byNl, ...split(read))), mac(ip(byIp, ...split(read))), read)
  }
  // Neighbours come in the order of the kernel's hash table, which differs between namespaces.
  const sorted = (text) => text.split('\n').sort()
  t.deepEqual(sorted(ip(byNl, 'neigh')), sorted(ip(byIp, 'neigh')))
})

nsTest(test, '-j is one array of our typed objects that agrees with ip -j on the key fields; -p indents it', async (t) => {
  const ns = await populated(t)
  const json = (...args) => {
    const r = nl(ns, '-j', ...args)
    t.is(r.status, 0, r.stderr)
    return JSON.parse(r.stdout)
  }
  const linkName = new Map(ipJson(ns, 'link').map((l) => [l.ifindex, l.ifname]))
  const hostLen = (f) => (f === 6 ? 128 : 32)
  const dst = (r) => (r.dstLen === 0 ? 'default' : r.dstLen === hostLen(r.family) ? r.dst.split('/')[0] : r.dst)

  const routes = json('route', 'show', 'table', 'all')
  const ipRoutes = ipJson(ns, 'route', 'show', 'table', 'all')
  t.is(routes.length, ipRoutes.length)
  const routeKey = (type, d, gateway, dev) => `${type ?? 'unicast'} ${d} via ${gateway ?? '-'} dev ${dev ?? '-'}`
  t.deepEqual(
    routes.map((r) => routeKey(r.type, dst(r), r.gateway, r.oif === null ? null : linkName.get(r.oif))).sort(),
    ipRoutes.map((r) => routeKey(r.type, r.dst, r.gateway, r.dev)).sort(),
  )
  const multipath = routes.find((r) => r.dst === '10.3.0.0/16')
  t.deepEqual(
    multipath.multipath.map((h) => [h.gateway, h.weight]),
    [
      ['192.0.2.2', 2],
      ['192.0.2.3', 1],
    ],
  )

  const links = json('link')
  t.deepEqual(
    links.map((l) => [l.index, l.ifname, l.mtu, l.address]),
    ipJson(ns, 'link').map((l) => [l.ifindex, l.ifname, l.mtu, l.address]),
  )
  const addrs = json('addr')
  t.deepEqual(
    addrs.map((a) => `${linkName.get(a.index)} ${a.local ?? a.address}/${a.prefixlen}`).sort(),
    ipJson(ns, 'addr')
      .flatMap((l) => l.addr_info.map((a) => `${l.ifname} ${a.local}/${a.prefixlen}`))
      .sort(),
  )
  // The entries SETUP made (others may come and go while the two tools read).
  const made = new Set(['192.0.2.7', '192.0.2.8', '2001:db8::7'])
  t.deepEqual(
    json('neigh')
      .filter((n) => made.has(n.dst))
      .map((n) => `${n.dst} ${linkName.get(n.ifindex)} ${n.lladdr}`)
      .sort(),
    ipJson(ns, 'neigh')
      .filter((n) => made.has(n.dst))
      .map((n) => `${n.dst} ${n.dev} ${n.lladdr}`)
      .sort(),
  )
  t.deepEqual(
    json('rule').map((r) => r.priority),
    ipJson(ns, 'rule').map((r) => r.priority),
  )
  const pretty = nl(ns, '-j', '-p', 'route', 'show', 'table', '100')
  t.true(pretty.stdout.startsWith('[\n  {\n    "family": 4,'))
  t.deepEqual(
    JSON.parse(pretty.stdout).map((r) => r.dst),
    ['10.4.0.0/16'],
  )
  // Options after the command, as `nlroute route show table all -j`.
  t.deepEqual(JSON.parse(nl(ns, 'route', 'show', 'table', '100', '-j').stdout), JSON.parse(pretty.stdout))
})

nsTest(test, "errors: ip's messages and exit codes, kernel refusals included", async (t) => {
  const ns = await populated(t)
  const cases = [
    'route add 10.0.0.0/8 via 192.0.2.253', // File exists, 2
    'route del 10.99.0.0/16', // No such process, 2
    'route add 10.0.0.0/8 via 10.99.99.99 table 300', // the kernel's extended ack, 2
    'route get 10.1.2.3', // Invalid argument (a blackhole), 2
    'route add 10.7.0.0/16 dev nope', // Cannot find device, 1
    'link set nope up',
    'route show dev nope',
    'link show dev nope', // Device does not exist, 1
    'addr add 192.0.2.1/24 dev v0',
    'addr add 1.2.3.4/24', // dev required, 1
    'neigh add 192.0.2.7 lladdr 02:00:00:00:00:07 dev v0',
    'rule add from 10.9.0.0/16 table 100 pref 100',
    'link add v0 type veth peer name v9',
    'route add 10.7.0.0/16 metric x dev v0', // 255
    'route add 10.5.0.0/16 dev v0 table 100 proto bogus',
  ]
  for (const command of cases) {
    const theirs = ipRun(ns, ...split(command))
    const ours = nl(ns, ...split(command))
    t.not(theirs.status, 0, command)
    t.is(ours.status, theirs.status, command)
    t.is(ours.stderr, theirs.stderr.replaceAll('"ip ', '"nlroute ').replaceAll('"ip"', '"nlroute"'), command)
    t.is(ours.stdout, '', command)
  }
  const exists = nl(ns, 'route', 'add', '10.0.0.0/8', 'via', '192.0.2.253')
  t.is(exists.stderr, 'RTNETLINK answers: File exists\n')
  t.is(exists.status, 2)
  const missing = nl('nlcli-no-such-namespace', 'link')
  t.is(missing.stderr, 'Cannot open network namespace "nlcli-no-such-namespace": No such file or directory\n')
  t.is(missing.status, 255)
})

const setpriv = ['/usr/bin/setpriv', '/bin/setpriv'].find((p) => existsSync(p))

nsTest(test, 'a change without the permission says so, as ip does (run as nobody inside the namespace)', async (t) => {
  if (setpriv === undefined) return t.pass('setpriv (util-linux) is not installed: nothing to run as nobody with')
  const ns = await populated(t)
  const asNobody = (...command) =>
    spawnSync('ip', ['netns', 'exec', ns, setpriv, '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...command], { encoding: 'utf8', timeout: 30000 })
  const theirs = asNobody('ip', 'route', 'add', '10.111.0.0/16', 'dev', 'v0')
  const ours = asNobody(process.execPath, MAIN, 'route', 'add', '10.111.0.0/16', 'dev', 'v0')
  t.is(ours.stderr, 'RTNETLINK answers: Operation not permitted\n')
  t.is(ours.status, 2)
  t.is(ours.stderr, theirs.stderr)
  t.is(ours.status, theirs.status)
  t.is(ip(ns, 'route', 'show', '10.111.0.0/16'), '', 'nothing was added')
  // Reading needs no privilege.
  const read = asNobody(process.execPath, MAIN, 'route', 'show', 'table', '100')
  t.is(read.status, 0, read.stderr)
  t.is(read.stdout, ip(ns, 'route', 'show', 'table', '100'))
})

nsTest(test, "monitor prints ip's line for a route added with ip, and exits 0 on SIGINT without a trace", async (t) => {
  const ns = await populated(t)
  const child = spawn(process.execPath, [MAIN, '-n', ns, 'monitor', 'route'], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })))
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d) => {
    stdout += d
  })
  child.stderr.on('data', (d) => {
    stderr += d
  })
  t.teardown(() => child.kill('SIGKILL'))
  const waitFor = async (pattern, ms = 15000) => {
    const end = Date.now() + ms
    while (!pattern.test(stdout)) {
      if (Date.now() > end) throw new Error(`no ${pattern} in monitor output after ${ms} ms: ${JSON.stringify(stdout)} ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  // The monitor is listening once a probe route shows up (the process takes a moment to start).
  for (let metric = 1; !/10\.250\.0\.0\/16/.test(stdout); metric++) {
    if (metric > 300) throw new Error(`monitor never printed a probe route: ${stderr}`)
    ip(ns, 'route', 'replace', '10.250.0.0/16', 'dev', 'v0', 'metric', String(metric))
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  ip(ns, 'route', 'add', '10.200.0.0/16', 'via', '192.0.2.254', 'table', '100')
  ip(ns, 'route', 'del', '10.200.0.0/16', 'via', '192.0.2.254', 'table', '100')
  await waitFor(/^Deleted 10\.200\.0\.0\/16/m)
  const lines = stdout.split('\n')
  t.true(lines.includes('10.200.0.0/16 via 192.0.2.254 dev v0 table 100 '), stdout)
  t.true(lines.includes('Deleted 10.200.0.0/16 via 192.0.2.254 dev v0 table 100 '), stdout)
  child.kill('SIGINT')
  t.deepEqual(await exited, { code: 0, signal: null })
  t.is(stderr, '')
})

const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))

nsTest(test, 'a scan shows progress on a terminal and nothing on stderr when piped; stdout is the same', async (t) => {
  const ns = makeNetns(t, 'nlcli', { linkLocal: false })
  ipBatch(
    ns,
    Array.from({ length: 3000 }, (_, i) => `route add blackhole 10.${i >> 8}.${i & 255}.0/24`),
  )
  const expected = ip(ns, 'route', 'show', 'table', 'all')
  const piped = nl(ns, 'route', 'show', 'table', 'all')
  t.is(piped.stdout, expected)
  t.is(piped.stderr, '')
  if (script === undefined) return t.pass('script (util-linux) is not installed: the decision is tested in cli-args.spec.mjs')
  const dir = mkdtempSync(join(tmpdir(), 'nlcli-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const out = join(dir, 'out.txt')
  // stderr is the pseudo-terminal script made; stdout goes to a file.
  const shown = execFileSync(script, ['-qec', `${process.execPath} ${MAIN} -n ${ns} route show table all > ${out}`, '/dev/null'], {
    encoding: 'utf8',
    timeout: 30000,
  })
  t.regex(shown, /\r\x1b\[K\d+ routes/)
  t.true(shown.endsWith('\r\x1b[K'), JSON.stringify(shown.slice(-40)))
  t.is(readFileSync(out, 'utf8'), expected)
})
