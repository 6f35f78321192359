// Normalisation between nlroute's decoded objects and iproute2's `ip -j` output.
//
// Two directions live here:
// - ip → ours (normaliseIpRoute, table, scope): used by iproute-codec-fixtures.spec.mjs on recorded
//   `ip -j` files, which only check the fields those files carry;
// - ours → ip (routeToIp, linkToIp, addressToIp, neighbourToIp, ruleToIp): used by the live
//   iproute-fidelity.spec.mjs. Each converter re-implements what iproute2's printer (iproute2 6.1
//   print_route / print_linkinfo / print_addrinfo / print_neigh / print_rule and the link kinds'
//   print_opt) would print in JSON for the message our object was decoded from, so that
//   `deepEqual(toIp(ours), ipsObject)` compares every field ip prints. The table of conversions is
//   at the top of iproute-fidelity.spec.mjs.
//
// Bit values below are UAPI constants written out here on purpose (not imported from the library),
// so that a wrong constant in the library cannot hide in the normalisation.
import { readFileSync, readdirSync } from 'node:fs'

// ---------------------------------------------------------------------------------------------
// ip → ours (recorded fixtures)

export const TABLE_IDS = { local: 255, main: 254, default: 253 }
/** ip's table text → id: absent → main; local/main/default names; numbers as text. */
export const table = (t) => (t === undefined ? 254 : (TABLE_IDS[t] ?? Number(t)))
/** ip's scope text → ours: absent or 'global' → 'universe'. */
export const scope = (s) => (s === undefined || s === 'global' ? 'universe' : s)
export const hostLen = (family) => (family === 4 ? 32 : family === 6 ? 128 : 0)

/** One `ip -j route` entry in our vocabulary (the fields the fixture test compares). */
export function normaliseIpRoute(r, family, indexOf) {
  let dst = r.dst
  if (dst === 'default') dst = family === 4 ? '0.0.0.0/0' : '::/0'
  else if (!dst.includes('/')) dst = `${dst}/${hostLen(family)}`
  return {
    family,
    type: r.type ?? 'unicast',
    table: table(r.table),
    protocol: r.protocol ?? 'boot',
    dst,
    gateway: r.gateway ?? null,
    oif: r.dev === undefined ? null : indexOf[r.dev],
    priority: r.metric ?? null,
    prefsrc: r.prefsrc ?? null,
    pref: r.pref ?? null,
  }
}

// ---------------------------------------------------------------------------------------------
// iproute2's name files (rt_tables, rt_protos, rt_scopes, rt_dsfield, group) and /etc/protocols

function readNameFile(path, map) {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return
  }
  for (const line of text.split('\n')) {
    const m = line
      .replace(/#.*/, '')
      .trim()
      .match(/^(0x[0-9a-f]+|\d+)\s+(\S+)/i)
    if (m) map.set(Number(m[1]), m[2])
  }
}

/** id → name as iproute2 resolves it: its built-in names, then the files (and their .d dirs). */
export function iproute2Names(file, builtin = {}) {
  const map = new Map(Object.entries(builtin).map(([k, v]) => [Number(k), v]))
  for (const dir of ['/usr/share/iproute2', '/usr/lib/iproute2', '/etc/iproute2']) {
    readNameFile(`${dir}/${file}`, map)
    let extra = []
    try {
      extra = readdirSync(`${dir}/${file}.d`)
        .filter((f) => f.endsWith('.conf'))
        .sort()
    } catch {
      // no .d directory
    }
    for (const f of extra) readNameFile(`${dir}/${file}.d/${f}`, map)
  }
  return map
}

const TABLE_NAMES = iproute2Names('rt_tables', { 0: 'unspec', 253: 'default', 254: 'main', 255: 'local' })
const PROTO_NAMES = iproute2Names('rt_protos', { 0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static' })
const SCOPE_NAMES = iproute2Names('rt_scopes', { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' })
const DSFIELD_NAMES = iproute2Names('rt_dsfield')
const GROUP_NAMES = iproute2Names('group', { 0: 'default' })
const IP_PROTOCOLS = new Map()
try {
  for (const line of readFileSync('/etc/protocols', 'utf8').split('\n')) {
    const m = line
      .replace(/#.*/, '')
      .trim()
      .match(/^(\S+)\s+(\d+)/)
    if (m && !IP_PROTOCOLS.has(Number(m[2]))) IP_PROTOCOLS.set(Number(m[2]), m[1])
  }
} catch {
  // no /etc/protocols: ip prints ipproto-N
}

/** Our name (kept: it is what we claim iproute2 calls it) or number (named through ip's files). */
const named = (names) => (v) => (typeof v === 'number' ? (names.get(v) ?? String(v)) : v)
export const tableName = (id) => TABLE_NAMES.get(id) ?? String(id)
export const protoName = named(PROTO_NAMES)
/** Ours says 'universe' where iproute2 says 'global'. */
export const scopeName = (s) => (s === 'universe' ? 'global' : named(SCOPE_NAMES)(s))
export const dsfieldName = (tos) => DSFIELD_NAMES.get(tos) ?? `0x${tos.toString(16).padStart(2, '0')}`
export const groupName = (g) => GROUP_NAMES.get(g) ?? String(g)
export const ipProtoName = (p) => IP_PROTOCOLS.get(p) ?? `ipproto-${p}`
/** iproute2's rtnl_rtntype_n2a: RTN_UNSPEC is 'none'. */
export const rtnTypeName = (t) => (t === 'unspec' || t === 0 ? 'none' : typeof t === 'number' ? String(t) : t)
export const familyName = (f) => ({ 4: 'inet', 6: 'inet6', 7: 'bridge', 17: 'link', 28: 'mpls' })[f] ?? '???'
/** print_0xhex in JSON: "%#llx" (0 prints as "0"). */
export const hex0x = (n) => (n === 0 ? '0' : `0x${n.toString(16)}`)
const addrOf = (cidr) => cidr.split('/')[0]

// ---------------------------------------------------------------------------------------------
// ours → ip: routes (print_route, print_rt_flags, print_rta_metrics, print_rta_multipath)

const RTM_F_NOTIFY = 0x100
const RTM_F_CLONED = 0x200
const RTM_F_OFFLOAD = 0x4000
const RTM_F_TRAP = 0x8000
const RTM_F_OFFLOAD_FAILED = 0x20000000
const RT_FLAG_NAMES = [
  [1, 'dead'],
  [4, 'onlink'],
  [2, 'pervasive'],
  [8, 'offload'],
  [64, 'trap'],
  [RTM_F_NOTIFY, 'notify'],
  [16, 'linkdown'],
  [32, 'unresolved'],
  [RTM_F_OFFLOAD, 'rt_offload'],
  [RTM_F_TRAP, 'rt_trap'],
  [RTM_F_OFFLOAD_FAILED, 'rt_offload_failed'],
]
export const rtFlags = (flags) => RT_FLAG_NAMES.filter(([bit]) => flags & bit).map(([, name]) => name)

/** RTAX number → [our RouteMetrics key, ip's JSON key]. */
const METRICS = {
  2: ['mtu', 'mtu'],
  3: ['window', 'window'],
  4: ['rtt', 'rtt'],
  5: ['rttvar', 'rttvar'],
  6: ['ssthresh', 'ssthresh'],
  7: ['cwnd', 'cwnd'],
  8: ['advmss', 'advmss'],
  9: ['reordering', 'reordering'],
  10: ['hoplimit', 'hoplimit'],
  11: ['initcwnd', 'initcwnd'],
  12: ['features', 'features'],
  13: ['rtoMin', 'rto_min'],
  14: ['initrwnd', 'initrwnd'],
  15: ['quickack', 'quickack'],
  16: ['ccAlgo', 'congestion'],
  17: ['fastopenNoCookie', 'fastopen_no_cookie'],
}

export function metricsToIp(m) {
  const out = {}
  const lock = m.lock ?? 0
  for (let i = 2; i <= 17; i++) {
    const [ours, theirs] = METRICS[i]
    const present = m[ours] !== undefined
    if (!present && !(lock & (1 << i))) continue // ip prints a locked metric even without a value (as 0)
    const val = present && i !== 16 ? m[ours] : 0
    if (i === 10 && val === 0xffffffff) continue // hoplimit -1: "not set"
    if (i === 12) {
      if (val & 1) out.ecn = null // RTAX_FEATURE_ECN
      if (val & ~1) out.features = hex0x(val)
    } else if (i === 4)
      out.rtt = Math.floor(val / 8) // kernel keeps rtt << 3, rttvar << 2 (ms)
    else if (i === 5) out.rttvar = Math.floor(val / 4)
    else if (i === 16) out.congestion = m.ccAlgo
    else out[theirs] = val
  }
  return out
}

/** Route → what `ip -j -d route show` prints for it. ctx.name(index) → interface name. */
export function routeToIp(r, ctx) {
  const host = hostLen(r.family)
  const o = {}
  o.type = rtnTypeName(r.type) // -d: always printed
  o.dst = r.dstLen === 0 ? 'default' : r.dstLen === host ? addrOf(r.dst) : r.dst
  if (r.src !== null) o.from = r.srcLen === host ? addrOf(r.src) : r.src
  if (r.nhId !== null) o.nhid = r.nhId
  if (r.tos) o.tos = dsfieldName(r.tos)
  if (r.gateway !== null) o.gateway = r.gateway
  if (r.via !== null) o.via = { family: familyName(r.via.family), host: r.via.address }
  if (r.oif !== null) o.dev = ctx.name(r.oif)
  if (r.table) o.table = tableName(r.table)
  if (!(r.flags & RTM_F_CLONED)) {
    o.protocol = protoName(r.protocol)
    o.scope = scopeName(r.scope)
  }
  if (r.prefsrc !== null) o.prefsrc = r.prefsrc
  if (r.priority !== null) o.metric = r.priority
  o.flags = rtFlags(r.flags)
  const x = r.extra ?? {}
  if (x.mark) o.mark = x.mark
  if (x.uid !== undefined) o.uid = x.uid
  if (x.cacheinfo && (r.family === 4 || r.family === 6)) {
    const ci = x.cacheinfo
    if (ci.expires !== 0) o.expires = Math.trunc(ci.expires / 100) // USER_HZ
    if (ci.error !== 0) o.error = ci.error
    if (ci.id) o.ipid = hex0x(ci.id)
    if (ci.ts || ci.tsage) Object.assign(o, { ts: hex0x(ci.ts), tsage: ci.tsage })
  }
  if (r.metrics !== null) o.metrics = [metricsToIp(r.metrics)]
  if (r.iif !== null) o.iif = ctx.name(r.iif)
  if (r.pref !== null) o.pref = r.pref
  if (x.ttlPropagate !== undefined) o['ttl-propogate'] = Boolean(x.ttlPropagate)
  if (r.multipath !== null) {
    o.nexthops = r.multipath.map((h) => {
      const n = {}
      if (h.gateway !== null) n.gateway = h.gateway
      if (h.via !== null) n.via = { family: familyName(h.via.family), host: h.via.address }
      n.dev = ctx.name(h.oif)
      n.weight = h.weight
      n.flags = rtFlags(h.flags)
      return n
    })
  }
  return o
}

// ---------------------------------------------------------------------------------------------
// ours → ip: links (print_linkinfo, print_link_flags, print_linktype and the kinds' print_opt)

const IFF_UP = 0x1
const IFF_POINTOPOINT = 0x10
const IFF_RUNNING = 0x40
/** print_link_flags order. */
const IFF_ORDER = [
  ['LOOPBACK', 0x8],
  ['BROADCAST', 0x2],
  ['POINTOPOINT', 0x10],
  ['MULTICAST', 0x1000],
  ['NOARP', 0x80],
  ['ALLMULTI', 0x200],
  ['PROMISC', 0x100],
  ['MASTER', 0x400],
  ['SLAVE', 0x800],
  ['DEBUG', 0x4],
  ['DYNAMIC', 0x8000],
  ['AUTOMEDIA', 0x4000],
  ['PORTSEL', 0x2000],
  ['NOTRAILERS', 0x20],
  ['UP', 0x1],
  ['LOWER_UP', 0x10000],
  ['DORMANT', 0x20000],
  ['ECHO', 0x40000],
]

/** ifi_flags → ip's list: NO-CARRIER for UP without RUNNING, RUNNING dropped, M-DOWN for a down lower link. */
export function linkFlags(flags, mdown) {
  const out = []
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push('NO-CARRIER')
  let rest = flags & ~IFF_RUNNING
  for (const [name, bit] of IFF_ORDER) {
    if (rest & bit) {
      out.push(name)
      rest &= ~bit
    }
  }
  if (rest) out.push(rest.toString(16))
  if (mdown) out.push('M-DOWN')
  return out
}

/**
 * LinkStats (bigints) and IFLA_CARRIER_CHANGES → what `ip -j -s -s link` prints as "stats64"
 * (iproute2 6.1 print_link_stats64 at show_stats 2): a compressed count only when non-zero, rx
 * nohandler / otherhost only when non-zero, carrier_changes only when the kernel sent it.
 */
export function statsToIp(s, carrierChanges) {
  const n = Number
  const rx = {
    bytes: n(s.rxBytes),
    packets: n(s.rxPackets),
    errors: n(s.rxErrors),
    dropped: n(s.rxDropped),
    over_errors: n(s.rxOverErrors),
    multicast: n(s.multicast),
  }
  if (s.rxCompressed) rx.compressed = n(s.rxCompressed)
  Object.assign(rx, {
    length_errors: n(s.rxLengthErrors),
    crc_errors: n(s.rxCrcErrors),
    frame_errors: n(s.rxFrameErrors),
    fifo_errors: n(s.rxFifoErrors),
    missed_errors: n(s.rxMissedErrors),
  })
  if (s.rxNohandler) rx.nohandler = n(s.rxNohandler)
  if (s.rxOtherhostDropped) rx.otherhost = n(s.rxOtherhostDropped)
  const tx = {
    bytes: n(s.txBytes),
    packets: n(s.txPackets),
    errors: n(s.txErrors),
    dropped: n(s.txDropped),
    carrier_errors: n(s.txCarrierErrors),
    collisions: n(s.collisions),
  }
  if (s.txCompressed) tx.compressed = n(s.txCompressed)
  Object.assign(tx, {
    aborted_errors: n(s.txAbortedErrors),
    fifo_errors: n(s.txFifoErrors),
    window_errors: n(s.txWindowErrors),
    heartbeat_errors: n(s.txHeartbeatErrors),
  })
  if (carrierChanges !== null) tx.carrier_changes = carrierChanges
  return { rx, tx }
}

const OPER_STATES = ['unknown', 'notpresent', 'down', 'lowerlayerdown', 'testing', 'dormant', 'up']
const LINK_MODES = ['default', 'dormant']
const ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random']

/**
 * struct ifla_bridge_id as br_dump_bridge_id prints it: "%.2x%.2x" priority, '.', then the MAC by
 * glibc's ether_ntoa_r, which does not zero-pad the bytes ("8000.76:ad:d1:b8:14:3").
 */
export const bridgeId = (id) =>
  `${id.priority.toString(16).padStart(4, '0')}.${id.address
    .split(':')
    .map((b) => parseInt(b, 16).toString(16))
    .join(':')}`
/** Bridge timers: the kernel sends centiseconds (clock_t, ours a bigint); ip prints seconds with 2 decimals. */
export const timer = (cs) => Number(cs) / 100

function bridgeToIp(d, _ctx) {
  const o = {}
  const copy = (ours, theirs, f = (v) => v) => {
    if (d[ours] !== undefined) o[theirs] = f(d[ours])
  }
  copy('forwardDelay', 'forward_delay')
  copy('helloTime', 'hello_time')
  copy('maxAge', 'max_age')
  copy('ageingTime', 'ageing_time')
  copy('stpState', 'stp_state')
  copy('priority', 'priority')
  copy('vlanFiltering', 'vlan_filtering')
  copy('vlanProtocol', 'vlan_protocol', (p) => ({ 0x8100: '802.1Q', 0x88a8: '802.1ad' })[p] ?? String(p))
  copy('bridgeId', 'bridge_id', bridgeId)
  copy('rootId', 'root_id', bridgeId)
  copy('rootPort', 'root_port')
  copy('rootPathCost', 'root_path_cost')
  copy('topologyChange', 'topology_change')
  copy('topologyChangeDetected', 'topology_change_detected')
  copy('helloTimer', 'hello_timer', timer)
  copy('tcnTimer', 'tcn_timer', timer)
  copy('topologyChangeTimer', 'topology_change_timer', timer)
  copy('gcTimer', 'gc_timer', timer)
  copy('vlanDefaultPvid', 'vlan_default_pvid')
  copy('vlanStatsEnabled', 'vlan_stats_enabled')
  copy('vlanStatsPerPort', 'vlan_stats_per_port')
  copy('groupFwdMask', 'group_fwd_mask', hex0x)
  copy('groupAddr', 'group_addr')
  copy('mcastSnooping', 'mcast_snooping')
  if (d.multiBoolopt !== undefined) {
    const { optval, optmask } = d.multiBoolopt
    if (optmask & 1) o.no_linklocal_learn = optval & 1 ? 1 : 0 // BR_BOOLOPT_NO_LL_LEARN
    if (optmask & 2) o.mcast_vlan_snooping = optval & 2 ? 1 : 0 // BR_BOOLOPT_MCAST_VLAN_SNOOPING
  }
  for (const [ours, theirs] of [
    ['mcastRouter', 'mcast_router'],
    ['mcastQueryUseIfaddr', 'mcast_query_use_ifaddr'],
    ['mcastQuerier', 'mcast_querier'],
    ['mcastHashElasticity', 'mcast_hash_elasticity'],
    ['mcastHashMax', 'mcast_hash_max'],
    ['mcastLastMemberCnt', 'mcast_last_member_cnt'],
    ['mcastStartupQueryCnt', 'mcast_startup_query_cnt'],
    ['mcastLastMemberIntvl', 'mcast_last_member_intvl'],
    ['mcastMembershipIntvl', 'mcast_membership_intvl'],
    ['mcastQuerierIntvl', 'mcast_querier_intvl'],
    ['mcastQueryIntvl', 'mcast_query_intvl'],
    ['mcastQueryResponseIntvl', 'mcast_query_response_intvl'],
    ['mcastStartupQueryIntvl', 'mcast_startup_query_intvl'],
    ['mcastStatsEnabled', 'mcast_stats_enabled'],
    ['mcastIgmpVersion', 'mcast_igmp_version'],
    ['mcastMldVersion', 'mcast_mld_version'],
    ['nfCallIptables', 'nf_call_iptables'],
    ['nfCallIp6tables', 'nf_call_ip6tables'],
    ['nfCallArptables', 'nf_call_arptables'],
  ]) {
    copy(ours, theirs, (v) => (typeof v === 'bigint' ? Number(v) : v)) // ip prints the u64 intervals as JSON numbers
  }
  return o
}

const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking']
const FWD_MASK_NAMES = { 0: 'stp', 2: 'lacp', 14: 'lldp' }

function bridgePortToIp(d, ctx) {
  const o = {}
  const copy = (ours, theirs, f = (v) => v) => {
    if (d[ours] !== undefined) o[theirs] = f(d[ours])
  }
  const on = (v) => Boolean(v)
  if (d.state !== undefined) {
    if (d.state < PORT_STATES.length) o.state = PORT_STATES[d.state]
    else o.state_index = d.state
  }
  copy('priority', 'priority')
  copy('cost', 'cost')
  copy('mode', 'hairpin', on)
  copy('guard', 'guard', on)
  copy('protect', 'root_block', on)
  copy('fastLeave', 'fastleave', on)
  copy('learning', 'learning', on)
  copy('unicastFlood', 'flood', on)
  copy('id', 'id', hex0x)
  copy('no', 'no', hex0x)
  copy('designatedPort', 'designated_port')
  copy('designatedCost', 'designated_cost')
  copy('bridgeId', 'bridge_id', bridgeId)
  copy('rootId', 'root_id', bridgeId)
  copy('holdTimer', 'hold_timer', timer)
  copy('messageAgeTimer', 'message_age_timer', timer)
  copy('forwardDelayTimer', 'forward_delay_timer', timer)
  copy('topologyChangeAck', 'topology_change_ack')
  copy('configPending', 'config_pending')
  copy('proxyarp', 'proxy_arp', on)
  copy('proxyarpWifi', 'proxy_arp_wifi', on)
  copy('multicastRouter', 'multicast_router')
  copy('mcastFlood', 'mcast_flood', on)
  copy('bcastFlood', 'bcast_flood', on)
  copy('mcastToUcast', 'mcast_to_unicast', on)
  copy('neighSuppress', 'neigh_suppress', on)
  if (d.groupFwdMask !== undefined) {
    o.group_fwd_mask = hex0x(d.groupFwdMask)
    const names = []
    for (let i = 0; i < 16; i++) if (d.groupFwdMask & (1 << i)) names.push(FWD_MASK_NAMES[i] ?? `0x${(1 << i).toString(16)}`)
    o.group_fwd_mask_str = names.length ? names.join(',') : '0x0'
  }
  copy('vlanTunnel', 'vlan_tunnel', on)
  copy('isolated', 'isolated', on)
  copy('locked', 'locked', on)
  copy('backupPort', 'backup_port', (i) => ctx.name(i))
  return o
}

const isV4Multicast = (a) => {
  const first = Number(a.split('.')[0])
  return first >= 224 && first <= 239
}

function vxlanToIp(d, ctx) {
  const o = {}
  if (d.collectMetadata) o.external = true
  if (d.vnifilter) o.vnifilter = true
  if (d.id !== undefined) o.id = d.id
  if (d.group !== undefined) {
    if (d.group !== '0.0.0.0') o[isV4Multicast(d.group) ? 'group' : 'remote'] = d.group
  } else if (d.group6 !== undefined && d.group6 !== '::') {
    o[d.group6.toLowerCase().startsWith('ff') ? 'group6' : 'remote6'] = d.group6
  }
  if (d.local !== undefined) {
    if (d.local !== '0.0.0.0') o.local = d.local
  } else if (d.local6 !== undefined && d.local6 !== '::') o.local6 = d.local6
  if (d.link) o.link = ctx.name(d.link)
  if (d.portRange !== undefined) o.port_range = { low: d.portRange.low, high: d.portRange.high }
  if (d.port !== undefined) o.port = d.port
  if (d.learning !== undefined) o.learning = Boolean(d.learning)
  for (const k of ['proxy', 'rsc', 'l2miss', 'l3miss']) if (d[k]) o[k] = true
  if (d.tos) o.tos = hex0x(d.tos)
  if (d.ttlInherit) {
    // "ttl inherit" is printed in text mode only
  } else if (d.ttl !== undefined) o.ttl = d.ttl
  if (d.df !== undefined && d.df <= 2) o.df = ['unset', 'set', 'inherit'][d.df]
  if (d.label) o.label = hex0x(d.label)
  if (d.ageing !== undefined) o.ageing = d.ageing
  if (d.limit) o.limit = d.limit
  if (d.udpCsum !== undefined) o.udp_csum = Boolean(d.udpCsum)
  if (d.udpZeroCsum6Tx !== undefined) o.udp_zero_csum6_tx = Boolean(d.udpZeroCsum6Tx)
  if (d.udpZeroCsum6Rx !== undefined) o.udp_zero_csum6_rx = Boolean(d.udpZeroCsum6Rx)
  if (d.remcsumTx) o.remcsum_tx = true
  if (d.remcsumRx) o.remcsum_rx = true
  if (d.gbp !== undefined) o.gbp = true
  if (d.gpe !== undefined) o.gpe = true
  return o
}

function macvlanToIp(d) {
  const o = {}
  if (d.mode === undefined) return o
  o.mode = ['private', 'vepa', 'bridge', 'passthru', 'source'].includes(d.mode) ? d.mode : 'unknown'
  const flags = d.flags ?? 0
  if (flags & 1) o.nopromisc = true
  if (flags & 2) o.nodst = true
  if (d.bcQueueLen !== undefined) o.bcqueuelen = d.bcQueueLen
  if (d.bcQueueLenUsed !== undefined) o.usedbcqueuelen = d.bcQueueLenUsed
  if (d.mode !== 'source' || d.macaddrCount === undefined) return o
  o.macaddr_count = d.macaddrCount
  if (d.macaddrData !== undefined) o.macaddr_data = d.macaddrData.macaddr ?? []
  return o
}

/** Link kinds whose IFLA_INFO_DATA iproute2 prints (its link_util has print_opt) and that we convert. */
export const KIND_TO_IP = { bridge: bridgeToIp, vxlan: vxlanToIp, macvlan: macvlanToIp }
export const SLAVE_KIND_TO_IP = { bridge: bridgePortToIp }
/** Kinds iproute2 6.1 prints no info_data for (no print_opt). */
export const KINDS_WITHOUT_DATA = new Set(['veth'])

/**
 * Link → what `ip -j -d link show` prints for it. ctx.name(index) → name, ctx.flags(index) →
 * ifi_flags of that link (0 for an unknown index, as ll_index_to_flags).
 */
export function linkToIp(l, ctx) {
  const o = {}
  const x = l.extra ?? {}
  o.ifindex = l.index
  let mdown = false
  if (l.link !== null) {
    if (l.link === 0) o.link = null
    else if (l.linkNetnsId !== null) o.link_index = l.link
    else {
      o.link = ctx.name(l.link)
      mdown = !(ctx.flags(l.link) & IFF_UP)
    }
  }
  o.ifname = l.ifname
  o.flags = linkFlags(l.flags, mdown)
  if (l.mtu !== null) o.mtu = l.mtu
  if (l.qdisc !== null) o.qdisc = l.qdisc
  if (l.master !== null) o.master = ctx.name(l.master)
  if (l.operstate !== null) {
    const i = typeof l.operstate === 'number' ? l.operstate : OPER_STATES.indexOf(l.operstate)
    if (i >= 0 && i < OPER_STATES.length) o.operstate = OPER_STATES[i].toUpperCase()
    else o.operstate_index = l.operstate
  }
  if (l.linkmode !== null) {
    const i = typeof l.linkmode === 'number' ? l.linkmode : ['default', 'dormant', 'testing'].indexOf(l.linkmode)
    if (i >= 0 && i < LINK_MODES.length) o.linkmode = LINK_MODES[i].toUpperCase()
    else o.linkmode_index = i
  }
  if (l.group !== null) o.group = groupName(l.group)
  if (l.txqlen) o.txqlen = l.txqlen
  o.link_type = typeof l.type === 'number' ? `[${l.type}]` : l.type
  if (l.address !== null) o.address = l.address
  if (l.broadcast !== null) {
    if (l.flags & IFF_POINTOPOINT) o.link_pointtopoint = true
    o.broadcast = l.broadcast
  }
  if (l.permAddress !== null && l.permAddress !== l.address) o.permaddr = l.permAddress
  if (l.linkNetnsId !== null) o.link_netnsid = l.linkNetnsId
  if (x.protoDown) o.proto_down = true
  if (l.promiscuity !== null) o.promiscuity = l.promiscuity
  if (x.allmulti !== undefined) o.allmulti = x.allmulti
  if (l.minMtu !== null) o.min_mtu = l.minMtu
  if (l.maxMtu !== null) o.max_mtu = l.maxMtu
  if (l.kind !== null || l.slaveKind !== null) {
    const info = {}
    if (l.kind !== null) {
      info.info_kind = l.kind
      if (!KINDS_WITHOUT_DATA.has(l.kind)) {
        const f = KIND_TO_IP[l.kind]
        info.info_data = f && l.linkinfo && !Buffer.isBuffer(l.linkinfo) ? f(l.linkinfo, ctx) : { unconverted: l.kind }
      }
    }
    if (l.slaveKind !== null) {
      info.info_slave_kind = l.slaveKind
      const f = SLAVE_KIND_TO_IP[l.slaveKind]
      info.info_slave_data = f && l.slaveInfo && !Buffer.isBuffer(l.slaveInfo) ? f(l.slaveInfo, ctx) : { unconverted: l.slaveKind }
    }
    o.linkinfo = info
  }
  const genMode = x.afSpec?.inet6?.addrGenMode
  if (genMode !== undefined) o.inet6_addr_gen_mode = ADDR_GEN_MODES[genMode] ?? `0x${genMode.toString(16).padStart(2, '0')}`
  if (l.numTxQueues !== null) o.num_tx_queues = l.numTxQueues
  if (l.numRxQueues !== null) o.num_rx_queues = l.numRxQueues
  for (const [ours, theirs] of [
    ['gsoMaxSize', 'gso_max_size'],
    ['gsoMaxSegs', 'gso_max_segs'],
    ['tsoMaxSize', 'tso_max_size'],
    ['tsoMaxSegs', 'tso_max_segs'],
    ['groMaxSize', 'gro_max_size'],
    ['physPortName', 'phys_port_name'],
    ['parentDevBusName', 'parentbus'],
    ['parentDevName', 'parentdev'],
  ]) {
    if (x[ours] !== undefined) o[theirs] = x[ours]
  }
  for (const [ours, theirs] of [
    ['physPortId', 'phys_port_id'],
    ['physSwitchId', 'phys_switch_id'],
  ]) {
    if (x[ours] !== undefined) o[theirs] = Buffer.from(x[ours]).toString('hex')
  }
  if (l.ifalias !== null) o.ifalias = l.ifalias
  if (l.altNames !== null) o.altnames = l.altNames
  return o
}

// ---------------------------------------------------------------------------------------------
// ours → ip: addresses (print_addrinfo, print_ifa_flags)

const IFA_FLAG_NAMES = [
  [0x01, 'secondary'], // 'temporary' for IPv6
  [0x02, 'nodad'],
  [0x04, 'optimistic'],
  [0x08, 'dadfailed'],
  [0x10, 'home'],
  [0x20, 'deprecated'],
  [0x40, 'tentative'],
  [0x80, 'permanent'], // printed inverted, as "dynamic"
  [0x100, 'mngtmpaddr'],
  [0x200, 'noprefixroute'],
  [0x400, 'autojoin'],
  [0x800, 'stable-privacy'],
]
export const IFA_PROTO_NAMES = { 0: 'unspec', 1: 'kernel_lo', 2: 'kernel_ra', 3: 'kernel_ll' }
const INFINITY_LIFE_TIME = 0xffffffff

/** Address → one `addr_info` entry of `ip -j addr show`, plus `ifindex` of its link. */
export function addressToIp(a) {
  const o = { ifindex: a.index }
  const fname = familyName(a.family)
  if (fname !== '???') o.family = fname
  else o.family_index = a.family
  const local = a.local ?? a.address // ip: IFA_LOCAL defaults to IFA_ADDRESS and vice versa
  const peer = a.address ?? a.local
  if (local !== null) {
    o.local = local
    if (peer !== local) o.address = peer
    o.prefixlen = a.prefixlen
    if (a.priority !== null) o.metric = a.priority
  }
  if (a.broadcast !== null) o.broadcast = a.broadcast
  if (a.anycast !== null) o.anycast = a.anycast
  o.scope = scopeName(a.scope)
  let flags = a.flags
  for (const [bit, name] of IFA_FLAG_NAMES) {
    if (bit === 0x80) {
      if (!(flags & bit)) o.dynamic = true
    } else if (flags & bit) o[bit === 0x01 && a.family === 6 ? 'temporary' : name] = true
    flags &= ~bit
  }
  if (flags) o.ifa_flags = flags.toString(16).padStart(2, '0')
  if (a.label !== null) o.label = a.label
  if (a.cacheinfo !== null) {
    o.valid_life_time = a.cacheinfo.valid
    o.preferred_life_time = a.cacheinfo.preferred
  }
  return o
}

export const isFiniteLifetime = (v) => v !== INFINITY_LIFE_TIME

// ---------------------------------------------------------------------------------------------
// ours → ip: neighbours (print_neigh, print_neigh_state)

const NUD_ORDER = [
  ['INCOMPLETE', 0x01],
  ['REACHABLE', 0x02],
  ['STALE', 0x04],
  ['DELAY', 0x08],
  ['PROBE', 0x10],
  ['FAILED', 0x20],
  ['NOARP', 0x40],
  ['PERMANENT', 0x80],
]
const NUD_BITS = Object.fromEntries(NUD_ORDER.map(([name, bit]) => [name.toLowerCase(), bit]))
/** Our state (a name for one bit, 'none', or a number) → its NUD_* bits. */
export const nudBits = (state) => (typeof state === 'number' ? state : state === 'none' ? 0 : NUD_BITS[state])

/** Neighbour → what `ip -j neigh show nud all` prints for it. */
export function neighbourToIp(n, ctx) {
  const o = {}
  if (n.dst !== null) o.dst = n.dst
  if (n.ifindex) o.dev = ctx.name(n.ifindex)
  if (n.lladdr !== null) o.lladdr = n.lladdr
  if (n.flags & 0x80) o.router = null // NTF_ROUTER
  if (n.flags & 0x08) o.proxy = null // NTF_PROXY
  if ((n.extra?.flagsExt ?? 0) & 0x1) o.managed = null // NTF_EXT_MANAGED
  if (n.flags & 0x10) o.extern_learn = null // NTF_EXT_LEARNED
  if (n.flags & 0x20) o.offload = null // NTF_OFFLOADED
  const bits = nudBits(n.state)
  if (bits) {
    o.state = NUD_ORDER.filter(([, bit]) => bits & bit).map(([name]) => name)
  }
  if (n.protocol !== null && n.protocol !== 'unspec' && n.protocol !== 0) o.protocol = protoName(n.protocol)
  return o
}

// ---------------------------------------------------------------------------------------------
// ours → ip: rules (print_rule)

const FIB_RULE_INVERT = 0x2
const FIB_RULE_UNRESOLVED = 0x4
const FIB_RULE_IIF_DETACHED = 0x8
const FIB_RULE_OIF_DETACHED = 0x10

/** Rule → what `ip -j -d rule show` (or `ip -j -d mrule show`) prints for it. */
export function ruleToIp(r) {
  const host = hostLen(r.family)
  const o = { priority: r.priority }
  if (r.flags & FIB_RULE_INVERT) o.not = null
  if (r.src !== null) {
    o.src = addrOf(r.src)
    if (r.srcLen !== host) o.srclen = r.srcLen
  } else if (r.srcLen) Object.assign(o, { src: '0', srclen: r.srcLen })
  else o.src = 'all'
  if (r.dst !== null) {
    o.dst = addrOf(r.dst)
    if (r.dstLen !== host) o.dstlen = r.dstLen
  } else if (r.dstLen) Object.assign(o, { dst: '0', dstlen: r.dstLen })
  if (r.tos) o.tos = dsfieldName(r.tos)
  if (r.fwmark !== null || r.fwmask !== null) {
    o.fwmark = hex0x(r.fwmark ?? 0)
    if (r.fwmask !== null && r.fwmask !== 0xffffffff) o.fwmask = hex0x(r.fwmask)
  }
  if (r.iifname !== null) {
    o.iif = r.iifname
    if (r.flags & FIB_RULE_IIF_DETACHED) o.iif_detached = null
  }
  if (r.oifname !== null) {
    o.oif = r.oifname
    if (r.flags & FIB_RULE_OIF_DETACHED) o.oif_detached = null
  }
  if (r.l3mdev) o.l3mdev = null
  if (r.uidRange !== null) Object.assign(o, { uid_start: r.uidRange.start, uid_end: r.uidRange.end })
  if (r.ipProto !== null) o.ipproto = ipProtoName(r.ipProto)
  for (const [range, key] of [
    [r.sportRange, 'sport'],
    [r.dportRange, 'dport'],
  ]) {
    if (range === null) continue
    if (range.start === range.end) o[key] = range.start
    else Object.assign(o, { [`${key}_start`]: range.start, [`${key}_end`]: range.end })
  }
  if (r.extra?.tunId !== undefined) o.tun_id = Number(r.extra.tunId)
  if (r.table) {
    o.table = tableName(r.table)
    if (r.suppressPrefixlen !== null) o.suppress_prefixlen = r.suppressPrefixlen
    if (r.suppressIfgroup !== null && r.suppressIfgroup !== 0xffffffff && r.suppressIfgroup !== -1) {
      o.suppress_ifgroup = groupName(r.suppressIfgroup)
    }
  }
  if (r.action === 'goto') {
    o.goto = r.goto ?? 'none'
    if (r.flags & FIB_RULE_UNRESOLVED) o.unresolved = null
  } else if (r.action === 'nop') o.nop = null
  else if (r.action !== 'to_tbl') o.action = rtnTypeName(r.action)
  if (r.protocol !== null) o.protocol = protoName(r.protocol) // -d: printed whenever FRA_PROTOCOL is sent
  return o
}

// ---------------------------------------------------------------------------------------------

/** Deep copy with object keys sorted, so that comparisons and messages do not depend on key order. */
export function canonical(v) {
  if (Array.isArray(v)) return v.map(canonical)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical(v[k])]),
    )
  }
  return v
}

// ---------------------------------------------------------------------------------------------
// ours → ip: nexthop objects and buckets (iproute2 6.1 ipnexthop.c print_nexthop, print_nexthop_bucket)

/** Nexthop → what `ip -j nexthop show` prints for it (no -d: scope only when not global, protocol when set). */
export function nexthopToIp(n, ctx) {
  const o = { id: n.id }
  if (n.group !== null) {
    // print_nh_group: the weight only when it is not 1.
    o.group = n.group.map((m) => (m.weight === 1 ? { id: m.id } : { id: m.id, weight: m.weight }))
    if (n.groupType !== 'mpath') o.type = n.groupType // print_nh_group_type prints nothing for mpath
    if (n.resilient !== null) {
      const r = n.resilient
      o.resilient_args = { buckets: r.buckets, idle_timer: r.idleTimer, unbalanced_timer: r.unbalancedTimer, unbalanced_time: r.unbalancedTime }
    }
  }
  if (n.blackhole) o.blackhole = null
  if (n.gateway !== null) o.gateway = n.gateway
  if (n.oif !== null) o.dev = ctx.name(n.oif)
  if (n.scope !== 'universe') o.scope = scopeName(n.scope)
  if (n.protocol !== 'unspec') o.protocol = protoName(n.protocol)
  o.flags = rtFlags(n.flags)
  if (n.fdb) o.fdb = null
  return o
}

/** NexthopBucket → what `ip -j nexthop bucket show` prints for it. */
export function nexthopBucketToIp(b) {
  return { id: b.id, bucket: { index: b.index, idle_time: b.idleTime, nhid: b.nhId }, flags: rtFlags(b.flags) }
}
