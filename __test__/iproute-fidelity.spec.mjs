// LIVE fidelity: in a test namespace holding a variety of objects, getRoutes, getLinks, getAddr,
// getNeighbours and getRules agree with `ip -j ... show` of the same namespace: the same set of
// objects on both sides (nothing missing, nothing extra), then field for field.
//
// Method. Our objects are converted INTO ip's vocabulary (helpers/ip-json.mjs re-implements, per
// field, what iproute2 6.1's JSON printer prints for the message the object was decoded from), and
// the result is deep-compared with ip's object as a whole: every key ip prints must be produced
// from one of our fields with the same value, and we must produce no key ip does not print.
// Interface names are resolved through `ip -j link show` (not through our own decoder).
// Both sides are dumped until ip's view is the same before and after ours (links come up, IPv6
// joins multicast groups and creates neighbour entries for a moment after the setup).
//
// Normalisation (ours → ip):
//
// ROUTES vs `ip -j -d -4 route show table all` / `ip -j -d -6 route show table all`
//   family            → not printed; v4 and v6 are compared as two separate sets
//   type              → type; same names, except RTN_UNSPEC 'unspec' → 'none' (rtnl_rtntype_n2a)
//   dst, dstLen       → dst; dstLen 0 → 'default'; dstLen = host length → bare address
//   src, srcLen       → from (RTA_SRC; bare address for host length)
//   tos               → tos; rt_dsfield name (0x28 → 'AF11') or '0x%02x'
//   gateway           → gateway
//   via               → via {family: 'inet'|'inet6', host}
//   oif               → dev (name)
//   table             → table; rt_tables name (254 → 'main') or the number as text
//   protocol          → protocol; our name as is, an unnamed number → ip's rt_protos name or text
//   scope             → scope; 'universe' → 'global'
//   prefsrc           → prefsrc
//   priority          → metric
//   flags             → flags list (print_rt_flags: dead, onlink, pervasive, offload, trap, notify,
//                       linkdown, unresolved, rt_offload, rt_trap, rt_offload_failed)
//   metrics.*         → metrics[0]: same names except rtoMin → rto_min, fastopenNoCookie →
//                       fastopen_no_cookie, ccAlgo → congestion; rtt / 8 and rttvar / 4 (the
//                       kernel keeps them scaled); features bit ECN → ecn: null; a locked metric
//                       without a value prints 0
//   metrics.lock      → not in JSON; checked against the text output ("mtu lock 1300")
//   iif               → iif (name);  pref → pref;  nhId → nhid
//   multipath[]       → nexthops[] {gateway, via, dev (name of oif), weight, flags list}
//   extra.cacheinfo   → expires (/ USER_HZ), error, ipid, ts/tsage when non-zero
//   extra.mark / uid / ttlPropagate → mark / uid / 'ttl-propogate'
//
// LINKS vs `ip -j -d link show`
//   index → ifindex; ifname → ifname; mtu → mtu; qdisc → qdisc; address → address
//   flags (+ up)      → flags list: print_link_flags order, RUNNING dropped, 'NO-CARRIER' first
//                       when UP without RUNNING, 'M-DOWN' last when the IFLA_LINK device is down;
//                       `up` must equal IFF_UP (checked separately)
//   link              → link (name); 0 → null; with linkNetnsId → link_index (number)
//   master            → master (name)
//   operstate         → operstate, uppercase;  linkmode → linkmode, uppercase
//   group             → group; 0 → 'default' (iproute2 'group' file) or the number as text
//   txqlen            → txqlen (when non-zero);  type → link_type (ARPHRD name)
//   broadcast         → broadcast (+ link_pointtopoint: true on IFF_POINTOPOINT links)
//   permAddress       → permaddr (only when it differs from address);  linkNetnsId → link_netnsid
//   promiscuity, minMtu, maxMtu, numTxQueues, numRxQueues → promiscuity, min_mtu, max_mtu,
//                       num_tx_queues, num_rx_queues
//   extra.allmulti, gsoMaxSize, gsoMaxSegs, tsoMaxSize, tsoMaxSegs, groMaxSize → allmulti,
//                       gso_max_size, ...;  extra.protoDown → proto_down: true when set
//   extra.afSpec.inet6.addrGenMode → inet6_addr_gen_mode (0 eui64, 1 none, 2 stable_secret, 3 random)
//   ifalias → ifalias;  altNames → altnames
//   kind / slaveKind  → linkinfo.info_kind / info_slave_kind
//   linkinfo (bridge) → info_data: camelCase → snake_case; bridgeId/rootId → '8000.<mac>' with
//                       the MAC bytes not zero-padded (glibc ether_ntoa: '76:ad:d1:b8:14:3');
//                       groupFwdMask → '%#x' text; timers (centiseconds) → seconds;
//                       multiBoolopt → no_linklocal_learn / mcast_vlan_snooping
//   linkinfo (vxlan)  → info_data: link → name; learning / udpCsum / udpZeroCsum6* → booleans;
//                       group/group6 → group|remote / group6|remote6 (multicast or not);
//                       proxy/rsc/l2miss/l3miss/remcsum* → true when set; ttl (absent when
//                       ttlInherit); df 0/1/2 → 'unset'/'set'/'inherit'; tos/label → '%#x'
//   linkinfo (macvlan)→ info_data: mode; bcQueueLen → bcqueuelen; bcQueueLenUsed → usedbcqueuelen;
//                       flags → nopromisc / nodst
//   linkinfo (veth)   → no info_data (iproute2 has no veth printer)
//   slaveInfo (bridge port) → info_slave_data: state 0..4 → 'disabled'..'blocking'; on/off u8 →
//                       booleans (mode → hairpin, protect → root_block, unicastFlood → flood,
//                       proxyarp → proxy_arp, ...); id / no / groupFwdMask → '%#x' (+ _str)
//   Timers (bridge gc/hello/tcn/topology_change, port hold/message_age/forward_delay) run while
//   we dump: compared within 2 s; gc_timer (restarts periodically) only within [0, ageing_time].
//   Not printed by iproute2 6.1 (not compared): stats, carrier, carrierChanges, linkmode testing,
//   numbers in `unknown`, extra.map, extra.xdp when nothing is attached.
//
// ADDRESSES vs `ip -j addr show` (addr_info entries of every link, with that link's ifindex)
//   index → (ifindex of the enclosing link);  family 4/6 → 'inet'/'inet6';  prefixlen → prefixlen
//   local ?? address  → local (ip falls back to IFA_ADDRESS, which IPv6 addresses only send)
//   address           → address, only when it differs from local (the peer)
//   broadcast, anycast, label → same;  priority → metric;  scope → scope ('universe' → 'global')
//   flags             → booleans: secondary (temporary on IPv6), nodad, optimistic, dadfailed, home,
//                       deprecated, tentative, mngtmpaddr, noprefixroute, autojoin, stable-privacy;
//                       PERMANENT is printed inverted as dynamic: true; other bits → ifa_flags hex
//   cacheinfo.valid / preferred → valid_life_time / preferred_life_time (finite ones count down
//                       while we dump: compared within 2 s)
//   proto             → not printed by iproute2 6.1 (compared only if ip prints 'protocol')
//
// NEIGHBOURS vs `ip -j -4 neigh show nud all` / `ip -j -6 neigh show nud all`
//   (`nud all` so that the NOARP/NONE entries ip hides by default are compared as well; the default
//   view is checked to be our entries without NOARP and NONE)
//   dst → dst;  ifindex → dev (name);  lladdr → lladdr;  protocol → protocol (name; absent when 0)
//   state             → state list of NUD_* names, uppercase (ours: lowercase name of one bit)
//   flags             → router / proxy / extern_learn / offload: null when set (ours: `router` too)
//   probes, cacheinfo → printed only with -s (times): not compared
//
// RULES vs `ip -j -d rule show` / `ip -j -d -6 rule show`, and for the multicast-routing families
// (128 RTNL_FAMILY_IPMR, 129 RTNL_FAMILY_IP6MR, which getRules returns too) `ip -j -d mrule show` /
// `ip -j -d -6 mrule show`
//   priority → priority;  flags INVERT → not: null
//   src/srcLen        → src (bare) + srclen unless host length; null → 'all';  dst/dstLen → dst, dstlen
//   tos → tos (rt_dsfield name or '0x%02x')
//   fwmark/fwmask     → fwmark '%#x'; fwmask '%#x' only when not 0xffffffff
//   iifname/oifname   → iif/oif (+ iif_detached / oif_detached)
//   uidRange          → uid_start, uid_end;  ipProto → ipproto (/etc/protocols name)
//   sportRange/dportRange → sport/dport when start = end, else *_start/*_end
//   table             → table (name or text) when non-zero, with suppress_prefixlen (null ↔ -1) and
//                       suppress_ifgroup
//   action            → to_tbl: nothing; goto → goto (target priority); nop → nop: null;
//                       blackhole/unreachable/prohibit → action
//   protocol          → protocol (name)
import test from 'ava'
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { makeNetns, ip, ipJson, ipBatch, nsTest } from './helpers/netns.mjs'
import { addressToIp, canonical, isFiniteLifetime, linkToIp, neighbourToIp, nudBits, routeToIp, ruleToIp, tableName } from './helpers/ip-json.mjs'

const require = createRequire(import.meta.url)
const { IPRoute } = require('../dist/index.js')

// ---------------------------------------------------------------------------------------------
// The namespace

const SETUP = [
  // links: two veth pairs, a third one with a down peer, a bridge with a port, two vxlans, two macvlans
  'link add veth0 type veth peer name veth1',
  'link add veth2 type veth peer name veth3',
  'link add veth4 type veth peer name veth5',
  'link add br0 type bridge',
  'link set veth2 master br0',
  'link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 dev veth0',
  'link add vx1 type vxlan id 43 remote 10.0.0.9 dstport 4790 srcport 1000 2000 ttl inherit nolearning',
  'link add mv0 link veth1 type macvlan mode bridge',
  'link add mv1 link veth1 type macvlan mode private',
  'link set veth1 alias uplink',
  'link property add dev veth0 altname veth-zero-alt',
  'link set veth3 group 5 txqlen 500 mtu 1400 promisc on',
  ...['veth0', 'veth1', 'veth2', 'veth3', 'br0', 'vx0', 'vx1', 'mv0', 'veth4'].map((l) => `link set ${l} up`),
  // addresses: labels, a secondary, a broadcast, a peer, a metric, nodad, finite lifetimes
  'addr add 10.0.0.1/24 dev veth0 label veth0:a',
  'addr add 10.0.0.3/24 dev veth0',
  'addr add 10.0.0.2/24 dev veth1',
  'addr add 2001:db8::1/64 dev veth0 nodad',
  'addr add 2001:db8:5::1/64 dev veth1 noprefixroute valid_lft 3000 preferred_lft 2000',
  'addr add 10.0.1.1/24 brd + dev br0 label br0:one metric 55',
  'addr add 10.0.2.1 peer 10.0.2.2/32 dev veth3',
  // IPv4 routes: several tables (one > 65535), metrics, multipath, types, protocols, flags, tos, via
  'route add 10.1.0.0/24 via 10.0.0.2',
  'route add 10.2.0.0/24 via 10.0.0.2 table 100 proto static metric 50',
  'route add 10.3.0.0/24 dev veth0 mtu 1400 advmss 1360 table 1000',
  'route add 10.4.0.0/24 via 10.0.0.2 mtu lock 1300 rtt 100ms rttvar 50ms rto_min 200ms hoplimit 10 initcwnd 20 ' +
    'initrwnd 30 quickack 1 congctl reno window 1000 features ecn fastopen_no_cookie 1 reordering 5 table 100000',
  'route add 10.5.0.0/24 table 1000 nexthop via 10.0.0.2 dev veth0 weight 1 nexthop via 10.0.1.2 dev br0 weight 3',
  'route add blackhole 10.6.0.0/24',
  'route add unreachable 10.7.0.0/24',
  'route add prohibit 10.8.0.0/24 table 100',
  'route add throw 10.9.0.0/24 table 100',
  'route add default via 10.0.0.2 proto bgp src 10.0.0.1',
  'route add 10.12.0.0/24 via inet6 2001:db8::2 dev veth0',
  'route add 10.15.0.0/24 nexthop via inet6 2001:db8::3 dev veth0 nexthop via 10.0.0.2 dev veth0 weight 2',
  'route add 10.13.0.0/24 via 192.168.77.1 dev veth0 onlink proto 77',
  'route add 10.14.0.0/24 dev veth0 tos 0x28',
  // IPv6 routes: default with metric and pref, blackhole/unreachable/prohibit, metrics, multipath, source routing
  'route add 2001:db8:1::/48 via 2001:db8::2 metric 300',
  'route add default via 2001:db8::2 metric 1024 pref high',
  'route add blackhole 2001:db8:dead::/48',
  'route add unreachable 2001:db8:beef::/48 table 1000',
  'route add prohibit 2001:db8:cafe::/48 metric 77',
  'route add 2001:db8:2::/64 dev veth0 mtu 1280 table 1000',
  'route add 2001:db8:3::/64 table 1000 nexthop via 2001:db8::2 dev veth0 weight 2 nexthop via 2001:db8::3 dev veth0 weight 5',
  'route add 2001:db8:4::/64 from 2001:db8:aaaa::/48 via 2001:db8::2',
  // neighbours: permanent v4 + v6, stale, noarp, router, protocol
  'neigh add 10.0.0.99 lladdr 02:00:00:00:00:99 dev veth0',
  'neigh add 10.0.0.98 lladdr 02:00:00:00:00:97 dev veth0 nud stale',
  'neigh add 10.0.1.99 lladdr 02:00:00:00:00:96 dev br0 nud noarp',
  'neigh add 2001:db8::99 lladdr 02:00:00:00:00:98 dev veth0 router',
  'neigh add 2001:db8::98 lladdr 02:00:00:00:00:95 dev veth0 protocol static',
  // IPv4 rules: table, fwmark/mask, iif, blackhole, not + uidrange + ipproto + ports + suppress,
  // oif + tos + unreachable, goto, nop, table > 65535 with a protocol
  'rule add from 10.9.0.0/16 table 100 prio 100',
  'rule add to 10.8.0.0/16 fwmark 0x10/0xff table 1000 prio 200',
  'rule add iif veth0 blackhole prio 300',
  'rule add not from 10.99.0.0/16 uidrange 1000-2000 ipproto tcp dport 80-90 sport 1234 lookup main suppress_prefixlength 0 prio 400',
  'rule add oif veth1 tos 0x10 unreachable prio 410',
  'rule add fwmark 7 goto 32766 prio 420',
  'rule add from 10.77.0.1 nop prio 430',
  'rule add from 10.78.0.0/16 table 100000 proto 77 prio 440',
]
// `ip -batch` takes no -6 per line; rules need it (their family is not guessed from 'to').
const SETUP_V6_RULES = [
  'from 2001:db8::/32 table 100 prio 500',
  'to 2001:db8:1::/48 fwmark 0x20 iif veth0 table 1000 prio 510',
  'from 2001:db8:9::/48 prohibit prio 520',
]

async function namespace(t) {
  const ns = makeNetns(t, 'nlr-fid')
  // No DAD (addresses are final at once) and no router solicitations: fewer moving parts.
  execFileSync('ip', [
    'netns',
    'exec',
    ns,
    'sysctl',
    '-qw',
    'net.ipv6.conf.all.accept_dad=0',
    'net.ipv6.conf.default.accept_dad=0',
    'net.ipv6.conf.default.router_solicitations=0',
  ])
  ipBatch(ns, SETUP)
  for (const rule of SETUP_V6_RULES) ip(ns, '-6', 'rule', 'add', ...rule.split(' '))
  const ipr = await IPRoute.open({ netns: ns })
  t.teardown(() => ipr.close())
  return { ns, ipr }
}

/** Interface names and up-state as ip sees them (ll_index_to_name / ll_index_to_flags). */
function ipContext(ns) {
  const links = ipJson(ns, 'link', 'show')
  const names = new Map(links.map((l) => [l.ifindex, l.ifname]))
  const up = new Map(links.map((l) => [l.ifindex, l.flags.includes('UP')]))
  return { name: (i) => names.get(i) ?? `if${i}`, flags: (i) => (up.get(i) ? 1 : 0) }
}

const TIMERS = ['gc_timer', 'hello_timer', 'tcn_timer', 'topology_change_timer', 'hold_timer', 'message_age_timer', 'forward_delay_timer']
const LIFETIMES = ['valid_life_time', 'preferred_life_time']

/** Deep copy without the keys in `drop` (values that change while we dump). */
function without(v, drop) {
  if (Array.isArray(v)) return v.map((x) => without(x, drop))
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k]) => !drop.includes(k))
        .map(([k, x]) => [k, without(x, drop)]),
    )
  return v
}

/** Dumps ip, ours, ip again until both ip dumps agree (ignoring `drop`), so ours saw that state too. */
async function agreeing(t, what, ours, theirs, drop = []) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const before = theirs()
    const mine = await ours()
    const after = theirs()
    if (JSON.stringify(without(before, drop)) === JSON.stringify(without(after, drop))) return { ours: mine, theirs: after }
    await sleep(250)
  }
  throw new Error(`${what}: ip's view kept changing`)
}

const byJson = (a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)

/** Same objects on both sides (by key, duplicates allowed), then each group deep-equal. */
function compareSets(t, what, ours, theirs, key) {
  const group = (list) => {
    const m = new Map()
    for (const o of list) {
      const k = key(o)
      if (!m.has(k)) m.set(k, [])
      m.get(k).push(canonical(o))
    }
    for (const l of m.values()) l.sort(byJson)
    return m
  }
  const a = group(ours)
  const b = group(theirs)
  t.deepEqual([...a.keys()].sort(), [...b.keys()].sort(), `${what}: the same objects on both sides`)
  for (const [k, list] of a) if (b.has(k)) t.deepEqual(list, b.get(k), `${what}: ${k}`)
  t.is(ours.length, theirs.length, `${what}: count`)
}

// ---------------------------------------------------------------------------------------------
// Routes

const routeKey = (o) =>
  `${o.table} ${o.type} ${o.dst}${o.from ? ` from ${o.from}` : ''}${o.tos ? ` tos ${o.tos}` : ''} metric ${o.metric ?? '-'} dev ${o.dev ?? '-'}`

nsTest(test, 'routes: getRoutes agrees with ip -j -d route show table all (IPv4 and IPv6), field for field', async (t) => {
  const { ns, ipr } = await namespace(t)
  const { ours, theirs } = await agreeing(
    t,
    'routes',
    () => ipr.getRoutes(),
    () => ({
      4: ipJson(ns, '-d', '-4', 'route', 'show', 'table', 'all'),
      6: ipJson(ns, '-d', '-6', 'route', 'show', 'table', 'all'),
    }),
  )
  const ctx = ipContext(ns)
  t.deepEqual(
    ours.filter((r) => r.family !== 4 && r.family !== 6),
    [],
    'only IPv4 and IPv6 routes in this namespace',
  )
  for (const family of [4, 6]) {
    const mine = ours.filter((r) => r.family === family)
    t.true(mine.length >= 10, `IPv${family}: routes were dumped`)
    compareSets(
      t,
      `IPv${family} routes`,
      mine.map((r) => routeToIp(r, ctx)),
      theirs[family],
      routeKey,
    )
  }

  // Locked metrics: not in ip's JSON, so against its text output ("mtu lock 1300").
  const text = [...ip(ns, '-d', '-4', 'route', 'show', 'table', 'all').split('\n'), ...ip(ns, '-d', '-6', 'route', 'show', 'table', 'all').split('\n')]
  const MX = {
    2: 'mtu',
    3: 'window',
    4: 'rtt',
    5: 'rttvar',
    6: 'ssthresh',
    7: 'cwnd',
    8: 'advmss',
    9: 'reordering',
    10: 'hoplimit',
    11: 'initcwnd',
    12: 'features',
    13: 'rto_min',
    14: 'initrwnd',
    15: 'quickack',
    16: 'congctl',
    17: 'fastopen_no_cookie',
  }
  for (const r of ours.filter((x) => x.metrics !== null)) {
    const o = routeToIp(r, ctx)
    const line = text.find(
      (l) => l.startsWith(`${o.type} ${o.dst} `) && l.includes(` table ${o.table} `) && (o.dev === undefined || l.includes(` dev ${o.dev} `)),
    )
    t.truthy(line, `ip text line for ${routeKey(o)}`)
    const locked = Object.keys(MX)
      .filter((i) => (r.metrics.lock ?? 0) & (1 << i))
      .map((i) => MX[i])
    t.deepEqual(
      [...line.matchAll(/ (\w+) lock /g)].map((m) => m[1]),
      locked,
      `locked metrics of ${routeKey(o)}`,
    )
  }

  // What the setup created is there, as created.
  const find = (dst, table) => ours.filter((r) => r.dst === dst && r.table === table)
  const [mp4] = find('10.5.0.0/24', 1000)
  t.deepEqual(
    mp4.multipath.map((h) => [h.gateway, ctx.name(h.oif), h.weight]),
    [
      ['10.0.0.2', 'veth0', 1],
      ['10.0.1.2', 'br0', 3],
    ],
  )
  const [mp6] = find('2001:db8:3::/64', 1000)
  t.deepEqual(
    mp6.multipath.map((h) => [h.gateway, h.weight]),
    [
      ['2001:db8::2', 2],
      ['2001:db8::3', 5],
    ],
  )
  t.deepEqual(find('10.3.0.0/24', 1000)[0].metrics, { mtu: 1400, advmss: 1360 })
  const big = find('10.4.0.0/24', 100000)[0]
  t.like(big.metrics, { mtu: 1300, window: 1000, hoplimit: 10, initcwnd: 20, initrwnd: 30, quickack: 1, ccAlgo: 'reno', reordering: 5, fastopenNoCookie: 1 })
  t.is(big.metrics.lock & (1 << 2), 1 << 2, 'mtu lock')
  t.like(find('2001:db8:4::/64', 254)[0], { src: '2001:db8:aaaa::/48', srcLen: 48, gateway: '2001:db8::2' })
  t.deepEqual(find('10.12.0.0/24', 254)[0].via, { family: 6, address: '2001:db8::2' })
  t.like(find('10.13.0.0/24', 254)[0], { protocol: 77, gateway: '192.168.77.1' })
  t.is(find('10.14.0.0/24', 254)[0].tos, 0x28)
  t.like(find('0.0.0.0/0', 254)[0], { protocol: 'bgp', prefsrc: '10.0.0.1' })
  t.like(find('::/0', 254)[0], { priority: 1024, pref: 'high' })
  for (const [dst, type, table] of [
    ['10.6.0.0/24', 'blackhole', 254],
    ['10.7.0.0/24', 'unreachable', 254],
    ['10.8.0.0/24', 'prohibit', 100],
    ['10.9.0.0/24', 'throw', 100],
    ['2001:db8:dead::/48', 'blackhole', 254],
    ['2001:db8:beef::/48', 'unreachable', 1000],
    ['2001:db8:cafe::/48', 'prohibit', 254],
  ]) {
    t.is(find(dst, table)[0]?.type, type, `${type} ${dst} table ${tableName(table)}`)
  }
})

// ---------------------------------------------------------------------------------------------
// Links

nsTest(test, 'links: getLinks agrees with ip -j -d link show, field for field (veth, bridge + port, vxlan, macvlan)', async (t) => {
  const { ns, ipr } = await namespace(t)
  const { ours, theirs } = await agreeing(
    t,
    'links',
    () => ipr.getLinks(),
    () => ipJson(ns, '-d', 'link', 'show'),
    TIMERS,
  )
  const ctx = ipContext(ns)
  const mine = ours.map((l) => linkToIp(l, ctx))
  const comparable = (o) => without(o, TIMERS)
  compareSets(t, 'links', mine.map(comparable), theirs.map(comparable), (o) => `${o.ifindex} ${o.ifname}`)

  // Timers tick between the two dumps.
  const theirsBy = new Map(theirs.map((o) => [o.ifindex, o]))
  for (const o of mine) {
    const other = theirsBy.get(o.ifindex)
    for (const part of ['info_data', 'info_slave_data']) {
      const a = o.linkinfo?.[part]
      const b = other?.linkinfo?.[part]
      if (!a) continue
      for (const k of TIMERS.filter((k) => k in a || k in b)) {
        t.is(typeof a[k], 'number', `${o.ifname} ${k}`)
        t.is(typeof b[k], 'number', `${o.ifname} ${k} (ip)`)
        if (k === 'gc_timer') t.true(a[k] >= 0 && a[k] <= a.ageing_time / 100 && b[k] <= b.ageing_time / 100, `${o.ifname} gc_timer`)
        else t.true(Math.abs(a[k] - b[k]) <= 2, `${o.ifname} ${k}: ${a[k]} vs ${b[k]}`)
      }
    }
  }
  for (const l of ours) t.is(l.up, (l.flags & 1) !== 0, `${l.ifname}: up is IFF_UP`)

  // What the setup created is there, as created.
  const by = Object.fromEntries(ours.map((l) => [l.ifname, l]))
  const index = (name) => by[name].index
  t.is(by.veth1.ifalias, 'uplink')
  t.deepEqual(by.veth0.altNames, ['veth-zero-alt'])
  t.like(by.veth3, { group: 5, txqlen: 500, mtu: 1400, kind: 'veth', link: index('veth2') })
  t.true((by.veth3.flags & 0x100) !== 0, 'veth3 PROMISC')
  t.like(by.veth4, { up: true, operstate: 'lowerlayerdown', link: index('veth5') })
  t.is(by.veth4.flags & 0x40, 0, 'veth4 not RUNNING (its peer is down)')
  t.like(by.veth5, { up: false, operstate: 'down' })
  t.like(by.veth2, { master: index('br0'), slaveKind: 'bridge' })
  t.is(by.veth2.slaveInfo.state, 3, 'forwarding')
  t.like(by.br0, { kind: 'bridge', master: null })
  t.like(by.vx0.linkinfo, { id: 42, port: 4789, local: '10.0.0.1', link: index('veth0'), learning: 1 })
  t.like(by.vx1.linkinfo, { id: 43, port: 4790, group: '10.0.0.9', learning: 0, ttlInherit: true, portRange: { low: 1000, high: 2000 } })
  t.like(by.mv0, { kind: 'macvlan', link: index('veth1') })
  t.is(by.mv0.linkinfo.mode, 'bridge')
  t.is(by.mv1.linkinfo.mode, 'private')
})

// IFLA_VXLAN_TTL_INHERIT is a flag in requests but a u8 (0/1, always present) in dumps: only
// "ttl inherit" may decode as true.
nsTest(test, 'links: vxlan ttlInherit is false unless "ttl inherit" was given (kernel sends a u8, not a flag)', async (t) => {
  const { ns, ipr } = await namespace(t)
  const by = Object.fromEntries((await ipr.getLinks()).map((l) => [l.ifname, l]))
  const ipVx0 = ipJson(ns, '-d', 'link', 'show', 'vx0')[0].linkinfo.info_data
  t.is(ipVx0.ttl, 0, 'ip: vx0 has ttl 0 ("ttl auto"), not inherit')
  t.falsy(by.vx0.linkinfo.ttlInherit, 'ours: vx0 ttlInherit')
  t.truthy(by.vx1.linkinfo.ttlInherit, 'ours: vx1 ttlInherit')
})

// ---------------------------------------------------------------------------------------------
// Addresses

nsTest(test, 'addresses: getAddr agrees with ip -j addr show, field for field (IPv4 + IPv6, labels, flags, lifetimes)', async (t) => {
  const { ns, ipr } = await namespace(t)
  const { ours, theirs } = await agreeing(
    t,
    'addresses',
    () => ipr.getAddr(),
    () => ipJson(ns, 'addr', 'show'),
    LIFETIMES,
  )
  const flat = theirs.flatMap((l) => l.addr_info.map((a) => ({ ifindex: l.ifindex, ...a })))
  const mine = ours.map(addressToIp)
  // ip 6.1 does not print IFA_PROTO; newer ones print 'protocol'.
  for (const [i, o] of mine.entries()) {
    const other = flat.find((x) => x.ifindex === o.ifindex && x.local === o.local)
    if (other && 'protocol' in other) o.protocol = { 0: 'unspec', 1: 'kernel_lo', 2: 'kernel_ra', 3: 'kernel_ll' }[ours[i].proto] ?? String(ours[i].proto)
  }
  const key = (o) => `${o.ifindex} ${o.family} ${o.local}/${o.prefixlen}`
  compareSets(
    t,
    'addresses',
    mine.map((o) => without(o, LIFETIMES)),
    flat.map((o) => without(o, LIFETIMES)),
    key,
  )
  for (const o of mine) {
    const other = flat.find((x) => key(x) === key(o))
    for (const k of LIFETIMES) {
      if (isFiniteLifetime(o[k])) t.true(Math.abs(o[k] - other[k]) <= 2, `${key(o)} ${k}: ${o[k]} vs ${other[k]}`)
      else t.is(o[k], other[k], `${key(o)} ${k}`)
    }
  }

  // What the setup created is there, as created.
  const links = Object.fromEntries((await ipr.getLinks()).map((l) => [l.ifname, l.index]))
  const find = (ifname, local) => ours.find((a) => a.index === links[ifname] && (a.local ?? a.address) === local)
  t.like(find('veth0', '10.0.0.1'), { family: 4, prefixlen: 24, label: 'veth0:a', scope: 'universe' })
  t.is(find('veth0', '10.0.0.3').flags & 0x01, 0x01, '10.0.0.3 is secondary')
  t.like(find('br0', '10.0.1.1'), { label: 'br0:one', broadcast: '10.0.1.255', priority: 55 })
  t.like(find('veth3', '10.0.2.1'), { local: '10.0.2.1', address: '10.0.2.2', prefixlen: 32 })
  t.is(find('veth0', '2001:db8::1').flags & 0x02, 0x02, 'nodad')
  const finite = find('veth1', '2001:db8:5::1')
  t.is(finite.flags & 0x80, 0, 'finite lifetime: not permanent (ip: dynamic)')
  t.is(finite.flags & 0x200, 0x200, 'noprefixroute')
  t.true(finite.cacheinfo.valid <= 3000 && finite.cacheinfo.valid > 2900)
  t.true(finite.cacheinfo.preferred <= 2000 && finite.cacheinfo.preferred > 1900)
})

// ---------------------------------------------------------------------------------------------
// Neighbours

nsTest(test, 'neighbours: getNeighbours agrees with ip -j neigh show nud all (IPv4 and IPv6), field for field', async (t) => {
  const { ns, ipr } = await namespace(t)
  const { ours, theirs } = await agreeing(
    t,
    'neighbours',
    () => ipr.getNeighbours(),
    () => ({
      4: ipJson(ns, '-4', 'neigh', 'show', 'nud', 'all'),
      6: ipJson(ns, '-6', 'neigh', 'show', 'nud', 'all'),
      default: ipJson(ns, 'neigh', 'show'),
    }),
  )
  const ctx = ipContext(ns)
  const key = (o) => `${o.dst} dev ${o.dev}`
  t.deepEqual(
    ours.filter((n) => n.family !== 4 && n.family !== 6),
    [],
    'only IPv4 and IPv6 neighbours in this namespace',
  )
  for (const family of [4, 6]) {
    compareSets(
      t,
      `IPv${family} neighbours`,
      ours.filter((n) => n.family === family).map((n) => neighbourToIp(n, ctx)),
      theirs[family],
      key,
    )
  }
  // ip's default view hides NOARP and NONE entries.
  const visible = ours.filter((n) => nudBits(n.state) & ~0x40 && nudBits(n.state) !== 0)
  compareSets(
    t,
    'neighbours (default view)',
    visible.map((n) => neighbourToIp(n, ctx)),
    theirs.default,
    key,
  )
  for (const n of ours) t.is(n.router, (n.flags & 0x80) !== 0, `${n.dst}: router is NTF_ROUTER`)

  // What the setup created is there, as created.
  const find = (dst) => ours.find((n) => n.dst === dst)
  t.like(find('10.0.0.99'), { family: 4, state: 'permanent', lladdr: '02:00:00:00:00:99' })
  t.is(ctx.name(find('10.0.0.99').ifindex), 'veth0')
  t.like(find('10.0.0.98'), { state: 'stale', lladdr: '02:00:00:00:00:97' })
  t.like(find('10.0.1.99'), { state: 'noarp', lladdr: '02:00:00:00:00:96' })
  t.like(find('2001:db8::99'), { family: 6, state: 'permanent', router: true, lladdr: '02:00:00:00:00:98' })
  t.like(find('2001:db8::98'), { family: 6, protocol: 'static' })
})

// ---------------------------------------------------------------------------------------------
// Rules

nsTest(test, 'rules: getRules agrees with ip -j -d rule show (IPv4, IPv6) and ip -j -d mrule show (IPMR, IP6MR), field for field', async (t) => {
  const { ns, ipr } = await namespace(t)
  const { ours, theirs } = await agreeing(
    t,
    'rules',
    () => ipr.getRules(),
    () => ({
      4: ipJson(ns, '-d', 'rule', 'show'),
      6: ipJson(ns, '-d', '-6', 'rule', 'show'),
      128: ipJson(ns, '-d', 'mrule', 'show'),
      129: ipJson(ns, '-d', '-6', 'mrule', 'show'),
    }),
  )
  t.deepEqual(
    [...new Set(ours.map((r) => r.family))].sort((a, b) => a - b),
    [4, 6, 128, 129],
    'families',
  )
  const key = (o) => `${o.priority} ${o.src}/${o.srclen ?? ''} ${o.dst ?? ''}`
  for (const family of [4, 6, 128, 129]) {
    compareSets(t, `family ${family} rules`, ours.filter((r) => r.family === family).map(ruleToIp), theirs[family], key)
  }

  // What the setup created is there, as created.
  const find = (family, priority) => ours.find((r) => r.family === family && r.priority === priority)
  t.like(find(4, 100), { src: '10.9.0.0/16', table: 100, action: 'to_tbl' })
  t.like(find(4, 200), { dst: '10.8.0.0/16', fwmark: 0x10, fwmask: 0xff, table: 1000 })
  t.like(find(4, 300), { iifname: 'veth0', action: 'blackhole' })
  t.like(find(4, 400), {
    src: '10.99.0.0/16',
    uidRange: { start: 1000, end: 2000 },
    ipProto: 6,
    dportRange: { start: 80, end: 90 },
    sportRange: { start: 1234, end: 1234 },
    suppressPrefixlen: 0,
    table: 254,
  })
  t.is(find(4, 400).flags & 0x2, 0x2, 'not')
  t.like(find(4, 410), { oifname: 'veth1', tos: 0x10, action: 'unreachable' })
  t.like(find(4, 420), { fwmark: 7, action: 'goto', goto: 32766 })
  t.like(find(4, 430), { src: '10.77.0.1/32', action: 'nop' })
  t.like(find(4, 440), { table: 100000, protocol: 77 })
  t.like(find(6, 500), { src: '2001:db8::/32', table: 100 })
  t.like(find(6, 510), { dst: '2001:db8:1::/48', fwmark: 0x20, iifname: 'veth0', table: 1000 })
  t.like(find(6, 520), { src: '2001:db8:9::/48', action: 'prohibit' })
})
