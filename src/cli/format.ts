/**
 * Human output, line for line as `ip` (iproute2 6.x) prints the same objects: `ip route`,
 * `ip link`, `ip addr`, `ip neigh`, `ip rule` and `ip monitor`. Each function takes one of the
 * library's typed objects and a function naming interfaces by index, and returns the text without
 * the final newline (multipath routes and links span several lines). Spacing is ip's, trailing
 * spaces included, so the outputs can be compared byte for byte.
 *
 * Numbers and names come from the library's tables (src/iproute/constants.ts); what is here are
 * only ip's display words where they differ from the kernel's names (scope 0 reads "global",
 * states upper case) and the order ip prints things in.
 */
import { FIB_RULE, IFA_F, IFF, NUD, NTF, RTAX, RTM_F, RTNH_F, TABLES } from '../iproute/constants'
import type { Address, Link, Neighbour, NextHop, Route, RouteMetrics, Rule } from '../iproute/types'

export type Names = (index: number) => string

/** Which fields a filter made redundant (ip leaves out what every printed line would repeat). */
export interface RouteShow {
  /** `table all` (and monitor): name the table of routes outside main. */
  showTable?: boolean
  hideDev?: boolean
  hideProto?: boolean
  hideScope?: boolean
  /** `via ADDRESS` selected the routes. */
  hideGateway?: boolean
  deleted?: boolean
}

const hostLen = (family: number): number => (family === 6 ? 128 : 32)

/** A prefix as ip prints it: the bare address when it is a host route. */
function prefix(cidr: string, len: number, family: number): string {
  if (len !== hostLen(family)) return cidr
  const slash = cidr.indexOf('/')
  return slash === -1 ? cidr : cidr.slice(0, slash)
}

/** ip's scope words: the kernel's RT_SCOPE_UNIVERSE reads "global". */
export function scopeWord(scope: string | number): string {
  return scope === 'universe' ? 'global' : String(scope)
}

export function tableWord(table: number): string {
  const name = TABLES.decode(table)
  return typeof name === 'string' && table !== 0 ? name : String(table)
}

const familyWord = (family: number): string => (family === 6 || family === 10 ? 'inet6' : family === 4 || family === 2 ? 'inet' : String(family))

/** print_rt_flags: next-hop and route flags, in ip's order and words. */
const RT_FLAG_WORDS: ReadonlyArray<readonly [number, string]> = [
  [RTNH_F.DEAD, 'dead'],
  [RTNH_F.ONLINK, 'onlink'],
  [RTNH_F.PERVASIVE, 'pervasive'],
  [RTNH_F.OFFLOAD, 'offload'],
  [RTM_F.NOTIFY, 'notify'],
  [RTNH_F.LINKDOWN, 'linkdown'],
  [RTNH_F.UNRESOLVED, 'unresolved'],
  [RTM_F.OFFLOAD, 'rt_offload'],
  [RTM_F.TRAP, 'rt_trap'],
]

function rtFlags(flags: number): string {
  let s = ''
  for (const [bit, word] of RT_FLAG_WORDS) if (bit !== undefined && (flags & bit) !== 0) s += `${word} `
  return s
}

/**
 * RTCF_* cache flags of a resolved route (`ip route get`), as ip's print_cache_flags names them.
 * Kernel-internal route-cache bits with no name table in the library: only ip's display needs them.
 */
const CACHE_FLAG_WORDS: ReadonlyArray<readonly [number, string]> = [
  [0x80000000, 'local'],
  [0x40000000, 'reject'],
  [0x20000000, 'mc'],
  [0x10000000, 'brd'],
  [0x08000000, 'dst-nat'],
  [0x00800000, 'snat'],
  [0x00400000, 'masq'],
  [0x04000000, 'dst-direct'],
  [0x00040000, 'redirected'],
  [0x01000000, 'redirect'],
  [0x00200000, 'fastroute'],
  [0x00010000, 'notify'],
  [0x00080000, 'proxy'],
]

function cacheFlags(flags: number): string {
  let rest = flags & ~0xffff
  let s = '\n    cache '
  if (rest === 0) return s
  const words: string[] = []
  for (const [bit, word] of CACHE_FLAG_WORDS) {
    if ((rest & bit) !== 0) {
      rest &= ~bit
      words.push(word)
    }
  }
  if (rest !== 0) words.push(`0x${(rest >>> 0).toString(16)}`)
  return `${s}<${words.join(',')}> `
}

/** RTA_METRICS in RTAX order with ip's names (`congctl` for the congestion control algorithm). */
const METRIC_WORDS: ReadonlyArray<readonly [keyof RouteMetrics, number, string]> = [
  ['mtu', RTAX.MTU, 'mtu'],
  ['window', RTAX.WINDOW, 'window'],
  ['rtt', RTAX.RTT, 'rtt'],
  ['rttvar', RTAX.RTTVAR, 'rttvar'],
  ['ssthresh', RTAX.SSTHRESH, 'ssthresh'],
  ['cwnd', RTAX.CWND, 'cwnd'],
  ['advmss', RTAX.ADVMSS, 'advmss'],
  ['reordering', RTAX.REORDERING, 'reordering'],
  ['hoplimit', RTAX.HOPLIMIT, 'hoplimit'],
  ['initcwnd', RTAX.INITCWND, 'initcwnd'],
  ['features', RTAX.FEATURES, 'features'],
  ['rtoMin', RTAX.RTO_MIN, 'rto_min'],
  ['initrwnd', RTAX.INITRWND, 'initrwnd'],
  ['quickack', RTAX.QUICKACK, 'quickack'],
  ['ccAlgo', RTAX.CC_ALGO, 'congctl'],
  ['fastopenNoCookie', RTAX.FASTOPEN_NO_COOKIE, 'fastopen_no_cookie'],
]

function metrics(m: RouteMetrics): string {
  const lock = m.lock ?? 0
  let s = ''
  for (const [key, rtax, word] of METRIC_WORDS) {
    const value = m[key]
    const locked = (lock & (1 << rtax)) !== 0
    if (value === undefined && !locked) continue
    if (key === 'hoplimit' && value === 0xffffffff) continue
    s += `${word} ${locked ? 'lock ' : ''}`
    const n = typeof value === 'number' ? value : 0
    if (key === 'ccAlgo') s += `${String(value ?? '')} `
    else if (key === 'features') s += (n & 1) !== 0 && (n & ~1) === 0 ? 'ecn ' : `0x${n.toString(16)} `
    else if (key === 'rtt' || key === 'rttvar' || key === 'rtoMin') {
      const ms = key === 'rtt' ? Math.floor(n / 8) : key === 'rttvar' ? Math.floor(n / 4) : n
      s += ms >= 1000 ? `${ms / 1000}s ` : `${ms}ms `
    } else s += `${n} `
  }
  return s
}

function gateway(hop: { gateway: string | null; via: { family: number; address: string } | null }): string {
  let s = ''
  if (hop.gateway !== null) s += `via ${hop.gateway} `
  if (hop.via !== null) s += `via ${familyWord(hop.via.family)} ${hop.via.address} `
  return s
}

function nexthop(hop: NextHop, name: Names): string {
  return `\n\tnexthop ${gateway(hop)}dev ${name(hop.oif)} weight ${hop.weight} ${rtFlags(hop.flags)}`
}

/** One route as `ip route show` prints it (`Deleted ` first for a monitor's delroute). */
export function formatRoute(r: Route, name: Names, show: RouteShow = {}): string {
  let s = show.deleted ? 'Deleted ' : ''
  if (r.type !== 'unicast') s += `${r.type} `
  s += r.dstLen === 0 ? 'default ' : `${prefix(r.dst, r.dstLen, r.family)} `
  if (r.src !== null) s += `from ${prefix(r.src, r.srcLen, r.family)} `
  if (r.nhId !== null) s += `nhid ${r.nhId} `
  if (r.tos !== 0) s += `tos 0x${r.tos.toString(16).padStart(2, '0')} `
  if (!show.hideGateway) s += gateway(r)
  if (r.oif !== null && !show.hideDev) s += `dev ${name(r.oif)} `
  if (show.showTable && r.table !== TABLES.valueOf('main')) s += `table ${tableWord(r.table)} `
  const cloned = (r.flags & RTM_F.CLONED) !== 0
  if (!cloned) {
    if (r.protocol !== 'boot' && !show.hideProto) s += `proto ${r.protocol} `
    if (r.scope !== 'universe' && !show.hideScope) s += `scope ${scopeWord(r.scope)} `
  }
  if (r.prefsrc !== null) s += `src ${r.prefsrc} `
  if (r.priority !== null) s += `metric ${r.priority} `
  s += rtFlags(r.flags)
  const extra = r.extra ?? {}
  if (typeof extra.uid === 'number') s += `uid ${extra.uid} `
  if (r.family === 4 && cloned) s += cacheFlags(r.flags)
  const ci = extra.cacheinfo as { expires?: number; error?: number; id?: number } | undefined
  if (ci !== undefined && (r.family === 4 || r.family === 6)) {
    if (ci.expires) s += `expires ${Math.trunc((ci.expires | 0) / 100)}sec `
    if (ci.error) s += `error ${ci.error} `
    if (ci.id) s += `ipid 0x${ci.id.toString(16).padStart(4, '0')} `
  }
  if (r.metrics !== null) s += metrics(r.metrics)
  if (r.iif !== null) s += `iif ${name(r.iif)} `
  if (r.pref !== null) s += `pref ${r.pref}`
  if (r.multipath !== null) for (const hop of r.multipath) s += nexthop(hop, name)
  return s
}

// --- links ---------------------------------------------------------------------------------

/** print_link_flags: ip's order, NO-CARRIER for an up link without RUNNING, RUNNING never shown. */
const LINK_FLAG_ORDER: ReadonlyArray<keyof typeof IFF> = [
  'LOOPBACK',
  'BROADCAST',
  'POINTOPOINT',
  'MULTICAST',
  'NOARP',
  'ALLMULTI',
  'PROMISC',
  'MASTER',
  'SLAVE',
  'DEBUG',
  'DYNAMIC',
  'AUTOMEDIA',
  'PORTSEL',
  'NOTRAILERS',
  'UP',
  'LOWER_UP',
  'DORMANT',
  'ECHO',
]

function linkFlags(flags: number, lowerDown: boolean): string {
  const words: string[] = []
  if ((flags & IFF.UP) !== 0 && (flags & IFF.RUNNING) === 0) words.push('NO-CARRIER')
  let rest = flags & ~IFF.RUNNING
  for (const word of LINK_FLAG_ORDER) {
    if ((rest & IFF[word]) !== 0) {
      rest &= ~IFF[word]
      words.push(word)
    }
  }
  if (rest !== 0) words.push(rest.toString(16))
  return `<${words.join(',')}${lowerDown ? ',M-DOWN' : ''}> `
}

/** `ip link` adds the link mode and the queue length; `ip addr` leaves out the mode; monitor both. */
export type LinkView = 'link' | 'addr' | 'monitor'

/** Whether the link with this index is up; null when it is not known. */
export type IsUp = (index: number) => boolean | null

/**
 * The first line of a link: `3: v0@v1: <...> mtu 1500 ...`. `M-DOWN` says the lower device
 * (`@v1`, in this namespace) is down, so `isUp` is asked about it.
 */
export function formatLinkHeader(l: Link, name: Names, view: LinkView, deleted = false, isUp: IsUp = () => null): string {
  let s = `${deleted ? 'Deleted ' : ''}${l.index}: ${l.ifname ?? ''}`
  let lowerDown = false
  if (l.link !== null) {
    s += l.link === 0 ? '@NONE' : l.linkNetnsId !== null ? `@if${l.link}` : `@${name(l.link)}`
    lowerDown = l.link !== 0 && l.linkNetnsId === null && isUp(l.link) === false
  }
  s += ': ' + linkFlags(l.flags, lowerDown)
  if (l.mtu !== null) s += `mtu ${l.mtu} `
  if (l.qdisc !== null) s += `qdisc ${l.qdisc} `
  if (l.master !== null) s += `master ${name(l.master)} `
  if (l.operstate !== null) s += `state ${String(l.operstate).toUpperCase()} `
  if (view === 'link' && l.linkmode !== null) s += `mode ${String(l.linkmode).toUpperCase()} `
  if (l.group !== null) s += `group ${l.group === 0 ? 'default' : l.group} `
  if (view !== 'monitor' && l.txqlen) s += `qlen ${l.txqlen}`
  return s
}

/** The `    link/ether ADDR brd BRD` line and what follows it (alias, altnames). */
export function formatLinkLayer(l: Link, view: LinkView): string {
  let s = `    link/${typeof l.type === 'number' ? `[${l.type}]` : l.type} `
  if (l.address !== null) s += l.address
  if (l.broadcast !== null) s += `${(l.flags & IFF.POINTOPOINT) !== 0 ? ' peer ' : ' brd '}${l.broadcast}`
  if (l.linkNetnsId !== null) s += ` link-netnsid ${l.linkNetnsId}`
  if (l.permAddress !== null && l.permAddress !== l.address) s += ` permaddr ${l.permAddress}`
  if (view === 'link' && l.ifalias !== null) s += `\n    alias ${l.ifalias}`
  for (const alt of l.altNames ?? []) s += `\n    altname ${alt}`
  return s
}

export function formatLink(l: Link, name: Names, view: LinkView = 'link', deleted = false, isUp: IsUp = () => null): string {
  return `${formatLinkHeader(l, name, view, deleted, isUp)}\n${formatLinkLayer(l, view)}`
}

// --- addresses -----------------------------------------------------------------------------

/** ip's address flag words in its order; `dynamic` is printed for the absence of PERMANENT. */
const ADDRESS_FLAG_WORDS: ReadonlyArray<readonly [number, string]> = [
  [IFA_F.SECONDARY, 'secondary'], // 'temporary' for IPv6
  [IFA_F.NODAD, 'nodad'],
  [IFA_F.OPTIMISTIC, 'optimistic'],
  [IFA_F.DADFAILED, 'dadfailed'],
  [IFA_F.HOMEADDRESS, 'home'],
  [IFA_F.DEPRECATED, 'deprecated'],
  [IFA_F.TENTATIVE, 'tentative'],
  [IFA_F.PERMANENT, 'dynamic'],
  [IFA_F.MANAGETEMPADDR, 'mngtmpaddr'],
  [IFA_F.NOPREFIXROUTE, 'noprefixroute'],
  [IFA_F.MCAUTOJOIN, 'autojoin'],
  [IFA_F.STABLE_PRIVACY, 'stable-privacy'],
]

function addressFlags(a: Address): string {
  let rest = a.flags
  let s = ''
  for (const [bit, word] of ADDRESS_FLAG_WORDS) {
    if (bit === IFA_F.PERMANENT) {
      if ((rest & bit) === 0) s += 'dynamic '
    } else if ((rest & bit) !== 0) {
      s += `${bit === IFA_F.SECONDARY && a.family === 6 ? 'temporary' : word} `
    }
    rest &= ~bit
  }
  if (rest !== 0) s += `flags ${rest.toString(16).padStart(2, '0')} `
  return s
}

const lifetime = (seconds: number): string => (seconds === 0xffffffff ? 'forever' : `${seconds}sec`)

/** One address: `    inet 192.0.2.1/24 brd ... scope global v0` and its lifetimes line. */
export function formatAddress(a: Address): string {
  const local = a.local ?? a.address ?? ''
  let s = `    ${a.family === 6 ? 'inet6' : a.family === 4 ? 'inet' : `link/${a.family}`} ${local}`
  if (a.address !== null && a.address !== local) s += ` peer ${a.address}`
  s += `/${a.prefixlen} `
  if (a.broadcast !== null) s += `brd ${a.broadcast} `
  if (a.anycast !== null) s += `any ${a.anycast} `
  s += `scope ${scopeWord(a.scope)} `
  s += addressFlags(a)
  if (a.label !== null) s += a.label
  if (a.cacheinfo !== null) s += `\n       valid_lft ${lifetime(a.cacheinfo.valid)} preferred_lft ${lifetime(a.cacheinfo.preferred)}`
  return s
}

/** An address event as `ip monitor` prints it: `4: br0    inet ...`. */
export function formatAddressEvent(a: Address, name: Names, deleted: boolean): string {
  return `${deleted ? 'Deleted ' : ''}${a.index}: ${name(a.index)}${formatAddress(a)}`
}

// --- neighbours ----------------------------------------------------------------------------

const NUD_WORDS = Object.entries(NUD).filter(([, bit]) => bit !== 0) as Array<[string, number]>

function neighbourState(state: number): string {
  let rest = state
  let s = ''
  for (const [word, bit] of NUD_WORDS) {
    if ((rest & bit) !== 0) {
      rest &= ~bit
      s += `${word} `
    }
  }
  if (rest !== 0) s += rest.toString(16)
  return s
}

/** The NUD bits of a neighbour (the library gives a name for one bit, the number for several). */
export function neighbourStateBits(n: Neighbour): number {
  if (typeof n.state === 'number') return n.state
  const found = NUD_WORDS.find(([word]) => word.toLowerCase() === n.state)
  return found === undefined ? 0 : found[1]
}

export function formatNeighbour(n: Neighbour, name: Names, show: { hideDev?: boolean; deleted?: boolean } = {}): string {
  let s = show.deleted ? 'Deleted ' : ''
  if (n.dst !== null) s += `${n.dst} `
  if (!show.hideDev && n.ifindex !== 0) s += `dev ${name(n.ifindex)} `
  if (n.lladdr !== null) s += `lladdr ${n.lladdr} `
  if ((n.flags & NTF.ROUTER) !== 0) s += 'router '
  if ((n.flags & NTF.PROXY) !== 0) s += 'proxy '
  if ((n.flags & NTF.EXT_LEARNED) !== 0) s += 'extern_learn '
  if ((n.flags & NTF.OFFLOADED) !== 0) s += 'offload '
  const state = neighbourStateBits(n)
  if (state !== 0) s += neighbourState(state)
  if (n.protocol !== null) s += `proto ${n.protocol} `
  return s
}

// --- rules ---------------------------------------------------------------------------------

/** IP protocol names ip prints for `ipproto` (its inet_proto_n2a knows these and shows others as numbers). */
export const IP_PROTO_WORDS: Readonly<Record<number, string>> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'ipv6-icmp', 132: 'sctp' }

const range = (r: { start: number; end: number }): string => (r.start === r.end ? `${r.start}` : `${r.start}-${r.end}`)

/** One rule as `ip rule show` prints it: `100:\tfrom 10.9.0.0/16 lookup 100`. */
export function formatRule(r: Rule, deleted = false): string {
  const parts: string[] = []
  if ((r.flags & FIB_RULE.INVERT) !== 0) parts.push('not')
  parts.push(`from ${r.src !== null ? prefix(r.src, r.srcLen, r.family) : r.srcLen ? `0/${r.srcLen}` : 'all'}`)
  if (r.dst !== null) parts.push(`to ${prefix(r.dst, r.dstLen, r.family)}`)
  else if (r.dstLen) parts.push(`to 0/${r.dstLen}`)
  if (r.tos !== 0) parts.push(`tos 0x${r.tos.toString(16).padStart(2, '0')}`)
  if (r.fwmark !== null || r.fwmask !== null) {
    const mark = r.fwmark ?? 0
    parts.push(r.fwmask !== null && r.fwmask !== 0xffffffff ? `fwmark 0x${mark.toString(16)}/0x${r.fwmask.toString(16)}` : `fwmark 0x${mark.toString(16)}`)
  }
  if (r.iifname !== null) parts.push(`iif ${r.iifname}${(r.flags & FIB_RULE.IIF_DETACHED) !== 0 ? ' [detached]' : ''}`)
  if (r.oifname !== null) parts.push(`oif ${r.oifname}${(r.flags & FIB_RULE.OIF_DETACHED) !== 0 ? ' [detached]' : ''}`)
  if (r.l3mdev) parts.push('lookup [l3mdev-table]')
  if (r.uidRange !== null) parts.push(`uidrange ${r.uidRange.start}-${r.uidRange.end}`)
  if (r.ipProto !== null) parts.push(`ipproto ${IP_PROTO_WORDS[r.ipProto] ?? r.ipProto}`)
  if (r.sportRange !== null) parts.push(`sport ${range(r.sportRange)}`)
  if (r.dportRange !== null) parts.push(`dport ${range(r.dportRange)}`)
  if (r.table !== 0) {
    parts.push(`lookup ${tableWord(r.table)}`)
    if (r.suppressPrefixlen !== null) parts.push(`suppress_prefixlength ${r.suppressPrefixlen}`)
    if (r.suppressIfgroup !== null) parts.push(`suppress_ifgroup ${r.suppressIfgroup}`)
  }
  if (r.action === 'goto') parts.push(r.goto !== null ? `goto ${r.goto}` : 'goto none', ...((r.flags & FIB_RULE.UNRESOLVED) !== 0 ? ['[unresolved]'] : []))
  else if (r.action === 'nop') parts.push('nop')
  else if (r.action !== 'to_tbl') parts.push(String(r.action))
  if (r.protocol !== null && r.protocol !== 'unspec' && r.protocol !== 'kernel') parts.push(`proto ${r.protocol}`)
  return `${deleted ? 'Deleted ' : ''}${r.priority}:\t${parts.join(' ')}`
}
