/**
 * rtnetlink message layouts, declared once with the schema mechanism (src/schema) and used by both
 * the decoders (./decode.ts, ./route-decode.ts) and the encoders (./encode.ts): the fixed headers
 * (rtmsg, ifinfomsg, ifaddrmsg, ndmsg, fib_rule_hdr), struct-valued attributes, and the attribute
 * maps per message, including link kinds (IFLA_INFO_DATA of veth, bridge, vxlan, macvlan, vlan, bond)
 * and route extras (metrics, multipath, via, encap). Attribute types and payload types follow the
 * kernel UAPI headers and the kernel's fill functions (e.g. bond_fill_info, vxlan_fill_info).
 * Property names are camelCase versions of the kernel names.
 */
import { AttrMap, CustomCodec, defineAttrs } from '../schema/attrs'
import { decodeAttrs } from '../schema/decode'
import { encodeAttrs } from '../schema/encode'
import { ParseError } from '../schema/errors'
import { checkScalar, describe } from '../schema/scalar'
import { defineStruct, StructCodec } from '../schema/struct'
import { formatIP, parseIP } from '../util/address'
import {
  BOND_MODES,
  ENCAP_TYPES,
  FRA,
  IFA,
  IFLA,
  IFLA_BOND,
  IFLA_BOND_AD_INFO,
  IFLA_BOND_SLAVE,
  IFLA_BR,
  IFLA_BRPORT,
  IFLA_INET6,
  IFLA_INFO,
  IFLA_MACVLAN,
  IFLA_VLAN,
  IFLA_VLAN_QOS,
  IFLA_VXLAN,
  IFLA_XDP,
  LINK_MODES,
  LWTUNNEL_IP,
  MACVLAN_MODES,
  MPLS_IPTUNNEL,
  NDA,
  OPER_STATES,
  ROUTE_PREFS,
  ROUTE_PROTOCOLS,
  RTA,
  RTAX,
  AF_INET,
  AF_INET6,
  VETH_INFO,
  familyFromAf,
  afFromFamily,
} from './constants'
import type { NextHop, NextHopSpec, RouteEncap, RouteVia } from './types'

// ---------------------------------------------------------------------------------------------
// Fixed headers

export interface RtMsg {
  family: number
  dstLen: number
  srcLen: number
  tos: number
  table: number
  protocol: number
  scope: number
  type: number
  flags: number
}

export const RTMSG = defineStruct<RtMsg>({
  name: 'rtmsg',
  size: 12,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'dstLen', type: 'u8', offset: 1 },
    { name: 'srcLen', type: 'u8', offset: 2 },
    { name: 'tos', type: 'u8', offset: 3 },
    { name: 'table', type: 'u8', offset: 4 },
    { name: 'protocol', type: 'u8', offset: 5 },
    { name: 'scope', type: 'u8', offset: 6 },
    { name: 'type', type: 'u8', offset: 7 },
    { name: 'flags', type: 'u32', offset: 8 },
  ],
})

/** Byte offsets of rtmsg fields, for the hand-tuned route decoder (derived from RTMSG). */
export const RTMSG_OFFSET = Object.fromEntries(RTMSG.fields.map((f) => [f.name, f.offset])) as Record<keyof RtMsg, number>

export interface IfInfoMsg {
  family: number
  type: number
  index: number
  flags: number
  change: number
}

export const IFINFOMSG = defineStruct<IfInfoMsg>({
  name: 'ifinfomsg',
  size: 16,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'type', type: 'u16', offset: 2 },
    { name: 'index', type: 's32', offset: 4 },
    { name: 'flags', type: 'u32', offset: 8 },
    { name: 'change', type: 'u32', offset: 12 },
  ],
})

export interface IfAddrMsg {
  family: number
  prefixlen: number
  flags: number
  scope: number
  index: number
}

export const IFADDRMSG = defineStruct<IfAddrMsg>({
  name: 'ifaddrmsg',
  size: 8,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'prefixlen', type: 'u8', offset: 1 },
    { name: 'flags', type: 'u8', offset: 2 },
    { name: 'scope', type: 'u8', offset: 3 },
    { name: 'index', type: 'u32', offset: 4 },
  ],
})

export interface NdMsg {
  family: number
  ifindex: number
  state: number
  flags: number
  type: number
}

export const NDMSG = defineStruct<NdMsg>({
  name: 'ndmsg',
  size: 12,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'ifindex', type: 's32', offset: 4 },
    { name: 'state', type: 'u16', offset: 8 },
    { name: 'flags', type: 'u8', offset: 10 },
    { name: 'type', type: 'u8', offset: 11 },
  ],
})

export interface FibRuleHdr {
  family: number
  dstLen: number
  srcLen: number
  tos: number
  table: number
  action: number
  flags: number
}

export const FIB_RULE_HDR = defineStruct<FibRuleHdr>({
  name: 'fib_rule_hdr',
  size: 12,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'dstLen', type: 'u8', offset: 1 },
    { name: 'srcLen', type: 'u8', offset: 2 },
    { name: 'tos', type: 'u8', offset: 3 },
    { name: 'table', type: 'u8', offset: 4 },
    { name: 'action', type: 'u8', offset: 7 },
    { name: 'flags', type: 'u32', offset: 8 },
  ],
})

/** struct rtnexthop (one path of RTA_MULTIPATH). */
export const RTNEXTHOP = defineStruct<{ len: number; flags: number; hops: number; ifindex: number }>({
  name: 'rtnexthop',
  size: 8,
  fields: [
    { name: 'len', type: 'u16', offset: 0 },
    { name: 'flags', type: 'u8', offset: 2 },
    { name: 'hops', type: 'u8', offset: 3 },
    { name: 'ifindex', type: 's32', offset: 4 },
  ],
})

// ---------------------------------------------------------------------------------------------
// Struct-valued attributes

/** Declares a struct of consecutive fields of one integer type. */
function packed(name: string, type: 'u32' | 'u64' | 's32', names: readonly string[], minCount = names.length): StructCodec<object> {
  const size = type === 'u64' ? 8 : 4
  return defineStruct({
    name,
    size: names.length * size,
    minSize: minCount * size,
    fields: names.map((n, i) => ({ name: n, type, offset: i * size })),
  })
}

const LINK_STATS_FIELDS = [
  'rxPackets', 'txPackets', 'rxBytes', 'txBytes', 'rxErrors', 'txErrors', 'rxDropped', 'txDropped',
  'multicast', 'collisions', 'rxLengthErrors', 'rxOverErrors', 'rxCrcErrors', 'rxFrameErrors',
  'rxFifoErrors', 'rxMissedErrors', 'txAbortedErrors', 'txCarrierErrors', 'txFifoErrors',
  'txHeartbeatErrors', 'txWindowErrors', 'rxCompressed', 'txCompressed', 'rxNohandler',
  'rxOtherhostDropped',
] as const

/** struct rtnl_link_stats64; accepted from 23 fields (kernels before rx_nohandler). */
export const RTNL_LINK_STATS64 = packed('rtnl_link_stats64', 'u64', LINK_STATS_FIELDS, 23)
/** struct rtnl_link_stats (32-bit counters, IFLA_STATS). */
export const RTNL_LINK_STATS = packed('rtnl_link_stats', 'u32', LINK_STATS_FIELDS.slice(0, 24), 23)
export const RTA_CACHEINFO = defineStruct({
  name: 'rta_cacheinfo',
  size: 32,
  fields: [
    { name: 'clntref', type: 'u32', offset: 0 },
    { name: 'lastuse', type: 'u32', offset: 4 },
    { name: 'expires', type: 's32', offset: 8 },
    { name: 'error', type: 'u32', offset: 12 },
    { name: 'used', type: 'u32', offset: 16 },
    { name: 'id', type: 'u32', offset: 20 },
    { name: 'ts', type: 'u32', offset: 24 },
    { name: 'tsage', type: 'u32', offset: 28 },
  ],
})
export const RTA_MFC_STATS = packed('rta_mfc_stats', 'u64', ['packets', 'bytes', 'wrongIf'])
export const IFA_CACHEINFO = packed('ifa_cacheinfo', 'u32', ['preferred', 'valid', 'cstamp', 'tstamp'])
export const NDA_CACHEINFO = packed('nda_cacheinfo', 'u32', ['confirmed', 'used', 'updated', 'refcnt'])
export const IFLA_INET6_CACHEINFO = packed('ifla_cacheinfo', 'u32', ['maxReasmLen', 'tstamp', 'reachableTime', 'retransTime'])
export const IFLA_VLAN_FLAGS = packed('ifla_vlan_flags', 'u32', ['flags', 'mask'])
export const IFLA_VLAN_QOS_MAPPING = packed('ifla_vlan_qos_mapping', 'u32', ['from', 'to'])
export const BR_BOOLOPT_MULTI = packed('br_boolopt_multi', 'u32', ['optval', 'optmask'])
export const FIB_RULE_UID_RANGE = packed('fib_rule_uid_range', 'u32', ['start', 'end'])
export const FIB_RULE_PORT_RANGE = defineStruct({
  name: 'fib_rule_port_range',
  size: 4,
  fields: [
    { name: 'start', type: 'u16', offset: 0 },
    { name: 'end', type: 'u16', offset: 2 },
  ],
})
export const IFLA_VXLAN_PORT_RANGE = defineStruct({
  name: 'ifla_vxlan_port_range',
  size: 4,
  fields: [
    { name: 'low', type: 'be16', offset: 0 },
    { name: 'high', type: 'be16', offset: 2 },
  ],
})
/** struct ifla_bridge_id: 2-byte priority (network order) and the bridge MAC. */
export const IFLA_BRIDGE_ID = defineStruct({
  name: 'ifla_bridge_id',
  size: 8,
  fields: [
    { name: 'priority', type: 'be16', offset: 0 },
    { name: 'address', type: 'lladdr', offset: 2, size: 6 },
  ],
})
/** struct rtnl_link_ifmap (IFLA_MAP). */
export const RTNL_LINK_IFMAP = defineStruct({
  name: 'rtnl_link_ifmap',
  size: 32,
  minSize: 28,
  fields: [
    { name: 'memStart', type: 'u64', offset: 0 },
    { name: 'memEnd', type: 'u64', offset: 8 },
    { name: 'baseAddr', type: 'u64', offset: 16 },
    { name: 'irq', type: 'u16', offset: 24 },
    { name: 'dma', type: 'u8', offset: 26 },
    { name: 'port', type: 'u8', offset: 27 },
  ],
})

// ---------------------------------------------------------------------------------------------
// Routes

export const METRICS_ATTRS = defineAttrs('RTA_METRICS', {
  [RTAX.LOCK]: { name: 'lock', kind: 'u32' },
  [RTAX.MTU]: { name: 'mtu', kind: 'u32' },
  [RTAX.WINDOW]: { name: 'window', kind: 'u32' },
  [RTAX.RTT]: { name: 'rtt', kind: 'u32' },
  [RTAX.RTTVAR]: { name: 'rttvar', kind: 'u32' },
  [RTAX.SSTHRESH]: { name: 'ssthresh', kind: 'u32' },
  [RTAX.CWND]: { name: 'cwnd', kind: 'u32' },
  [RTAX.ADVMSS]: { name: 'advmss', kind: 'u32' },
  [RTAX.REORDERING]: { name: 'reordering', kind: 'u32' },
  [RTAX.HOPLIMIT]: { name: 'hoplimit', kind: 'u32' },
  [RTAX.INITCWND]: { name: 'initcwnd', kind: 'u32' },
  [RTAX.FEATURES]: { name: 'features', kind: 'u32' },
  [RTAX.RTO_MIN]: { name: 'rtoMin', kind: 'u32' },
  [RTAX.INITRWND]: { name: 'initrwnd', kind: 'u32' },
  [RTAX.QUICKACK]: { name: 'quickack', kind: 'u32' },
  [RTAX.CC_ALGO]: { name: 'ccAlgo', kind: 'string' },
  [RTAX.FASTOPEN_NO_COOKIE]: { name: 'fastopenNoCookie', kind: 'u32' },
})

/** LWTUNNEL_IP_* and LWTUNNEL_IP6_* (same numbers; ipaddr takes 4 or 16 bytes). */
export const IP_ENCAP_ATTRS = defineAttrs('LWTUNNEL_IP', {
  [LWTUNNEL_IP.ID]: { name: 'id', kind: 'be64' },
  [LWTUNNEL_IP.DST]: { name: 'dst', kind: 'ipaddr' },
  [LWTUNNEL_IP.SRC]: { name: 'src', kind: 'ipaddr' },
  [LWTUNNEL_IP.TTL]: { name: 'ttl', kind: 'u8' },
  [LWTUNNEL_IP.TOS]: { name: 'tos', kind: 'u8' },
  [LWTUNNEL_IP.FLAGS]: { name: 'flags', kind: 'be16' },
  [LWTUNNEL_IP.PAD]: { name: 'pad', kind: 'pad' },
  [LWTUNNEL_IP.OPTS]: { name: 'opts', kind: 'binary' },
})

export const MPLS_ENCAP_ATTRS = defineAttrs('MPLS_IPTUNNEL', {
  [MPLS_IPTUNNEL.DST]: { name: 'dst', kind: 'binary' },
  [MPLS_IPTUNNEL.TTL]: { name: 'ttl', kind: 'u8' },
})

/** RTA_VIA: struct rtvia { __kernel_sa_family_t family (u16); u8 addr[] }. */
export const VIA_CODEC: CustomCodec<RouteVia> = {
  decode(buf, start, end) {
    if (end - start < 2) return undefined
    const address = formatIP(buf, start + 2, end - start - 2)
    if (address === null) return undefined
    return { family: familyFromAf(buf[start]! | (buf[start + 1]! << 8)), address }
  },
  encode(value, writer, path) {
    const ip = typeof value?.address === 'string' ? parseIP(value.address) : null
    if (ip === null) throw new TypeError(`${path}.address: ${describe(value?.address)} is not an IPv4 or IPv6 address`)
    writer.scalar('u16', afFromFamily(ip.family))
    writer.bytes(ip.bytes)
  },
}

/** RTA_MULTIPATH: an array of struct rtnexthop, each followed by its own route attributes. */
export const MULTIPATH_CODEC: CustomCodec<NextHop[]> = {
  decode(buf, start, end, depth) {
    const out: NextHop[] = []
    let pos = start
    while (pos + RTNEXTHOP.size <= end) {
      const len = buf[pos]! | (buf[pos + 1]! << 8)
      if (len < RTNEXTHOP.size || pos + len > end) {
        throw new ParseError(`rtnexthop length ${len} is invalid`, pos)
      }
      // Route attributes again, which may hold RTA_MULTIPATH again: `depth` bounds that recursion.
      const attrs = decodeAttrs(ROUTE_ATTRS, buf, pos + RTNEXTHOP.size, pos + len, depth)
      out.push(nextHopFrom(buf[pos + 2]!, buf[pos + 3]!, buf.readInt32LE(pos + 4), attrs))
      pos += (len + 3) & ~3
    }
    return out
  },
  encode(value, writer, path, depth) {
    if (!Array.isArray(value) || value.length === 0) {
      throw new TypeError(`${path}: expected a non-empty array of next hops`)
    }
    ;(value as NextHopSpec[]).forEach((hop, i) => {
      const p = `${path}[${i}]`
      if (typeof hop !== 'object' || hop === null) throw new TypeError(`${p}: expected an object, got ${describe(hop)}`)
      for (const key of Object.keys(hop)) {
        if (!NEXT_HOP_SPEC_KEYS.has(key)) throw new TypeError(`${p}.${key}: unknown field`)
      }
      const weight = hop.weight ?? 1
      checkScalar('u8', weight - 1, `${p}.weight (1..256)`)
      if (hop.oif !== undefined) checkScalar('s32', hop.oif, `${p}.oif`)
      if (hop.flags !== undefined) checkScalar('u8', hop.flags, `${p}.flags`)
      const at = writer.length
      writer.struct(RTNEXTHOP, { flags: hop.flags ?? 0, hops: weight - 1, ifindex: hop.oif ?? 0 }, p)
      if (hop.gateway !== undefined) encodeAttrs(ROUTE_ATTRS, { gateway: hop.gateway }, writer, p, depth)
      writer.patchU16(at, writer.length - at)
    })
  },
}

const NEXT_HOP_SPEC_KEYS = new Set(['gateway', 'oif', 'weight', 'flags'])

/** Fields of NextHop/Route that come from attributes; everything else goes to `extra`. */
const NEXT_HOP_ATTR_FIELDS = new Set(['gateway', 'via', 'encapType', 'encap'])

function nextHopFrom(flags: number, hops: number, ifindex: number, attrs: Record<string, unknown>): NextHop {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(attrs)) {
    if (key === 'unknown' || NEXT_HOP_ATTR_FIELDS.has(key)) continue
    ;(extra ??= {})[key] = attrs[key]
  }
  return {
    gateway: (attrs.gateway as string | undefined) ?? null,
    via: (attrs.via as RouteVia | undefined) ?? null,
    oif: ifindex,
    weight: hops + 1,
    flags,
    encap: encapFrom(attrs.encapType, attrs.encap),
    extra,
    unknown: (attrs.unknown as NextHop['unknown'] | undefined) ?? null,
  }
}

/** RouteEncap from decoded RTA_ENCAP_TYPE / RTA_ENCAP values (null when the route has none). */
export function encapFrom(type: unknown, data: unknown): RouteEncap | null {
  if (data === undefined) return null
  return { type: (type as string | number | undefined) ?? 0, data: data as RouteEncap['data'] }
}

export const ROUTE_ATTRS: AttrMap = defineAttrs('RTA', {
  [RTA.DST]: { name: 'dst', kind: 'ipaddr' },
  [RTA.SRC]: { name: 'src', kind: 'ipaddr' },
  [RTA.IIF]: { name: 'iif', kind: 'u32' },
  [RTA.OIF]: { name: 'oif', kind: 'u32' },
  [RTA.GATEWAY]: { name: 'gateway', kind: 'ipaddr' },
  [RTA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [RTA.PREFSRC]: { name: 'prefsrc', kind: 'ipaddr' },
  [RTA.METRICS]: { name: 'metrics', kind: 'nested', nested: METRICS_ATTRS },
  [RTA.MULTIPATH]: { name: 'multipath', kind: 'custom', codec: MULTIPATH_CODEC },
  [RTA.FLOW]: { name: 'flow', kind: 'u32' },
  [RTA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: RTA_CACHEINFO },
  [RTA.TABLE]: { name: 'table', kind: 'u32' },
  [RTA.MARK]: { name: 'mark', kind: 'u32' },
  [RTA.MFC_STATS]: { name: 'mfcStats', kind: 'struct', struct: RTA_MFC_STATS },
  [RTA.VIA]: { name: 'via', kind: 'custom', codec: VIA_CODEC },
  [RTA.NEWDST]: { name: 'newdst', kind: 'binary' },
  [RTA.PREF]: { name: 'pref', kind: 'u8', names: ROUTE_PREFS },
  [RTA.ENCAP_TYPE]: { name: 'encapType', kind: 'u16', names: ENCAP_TYPES },
  [RTA.ENCAP]: {
    name: 'encap',
    kind: 'variant',
    selector: 'encapType',
    variants: { ip: IP_ENCAP_ATTRS, ip6: IP_ENCAP_ATTRS, mpls: MPLS_ENCAP_ATTRS },
  },
  [RTA.EXPIRES]: { name: 'expires', kind: 'u64' },
  [RTA.PAD]: { name: 'pad', kind: 'pad' },
  [RTA.UID]: { name: 'uid', kind: 'u32' },
  [RTA.TTL_PROPAGATE]: { name: 'ttlPropagate', kind: 'u8' },
  [RTA.IP_PROTO]: { name: 'ipProto', kind: 'u8' },
  [RTA.SPORT]: { name: 'sport', kind: 'be16' },
  [RTA.DPORT]: { name: 'dport', kind: 'be16' },
  [RTA.NH_ID]: { name: 'nhId', kind: 'u32' },
})

// ---------------------------------------------------------------------------------------------
// Links: IFLA_INFO_DATA per kind

/** VETH_INFO_PEER: a whole ifinfomsg + IFLA attributes for the peer (requests only). */
export const VETH_ATTRS = defineAttrs('VETH_INFO', {
  [VETH_INFO.PEER]: { name: 'peer', kind: 'nested', header: IFINFOMSG, nested: () => LINK_ATTRS },
})

const BRIDGE_ID = { kind: 'struct', struct: IFLA_BRIDGE_ID } as const

export const BRIDGE_ATTRS = defineAttrs('IFLA_BR', {
  [IFLA_BR.FORWARD_DELAY]: { name: 'forwardDelay', kind: 'u32' },
  [IFLA_BR.HELLO_TIME]: { name: 'helloTime', kind: 'u32' },
  [IFLA_BR.MAX_AGE]: { name: 'maxAge', kind: 'u32' },
  [IFLA_BR.AGEING_TIME]: { name: 'ageingTime', kind: 'u32' },
  [IFLA_BR.STP_STATE]: { name: 'stpState', kind: 'u32' },
  [IFLA_BR.PRIORITY]: { name: 'priority', kind: 'u16' },
  [IFLA_BR.VLAN_FILTERING]: { name: 'vlanFiltering', kind: 'u8' },
  [IFLA_BR.VLAN_PROTOCOL]: { name: 'vlanProtocol', kind: 'be16' },
  [IFLA_BR.GROUP_FWD_MASK]: { name: 'groupFwdMask', kind: 'u16' },
  [IFLA_BR.ROOT_ID]: { name: 'rootId', ...BRIDGE_ID },
  [IFLA_BR.BRIDGE_ID]: { name: 'bridgeId', ...BRIDGE_ID },
  [IFLA_BR.ROOT_PORT]: { name: 'rootPort', kind: 'u16' },
  [IFLA_BR.ROOT_PATH_COST]: { name: 'rootPathCost', kind: 'u32' },
  [IFLA_BR.TOPOLOGY_CHANGE]: { name: 'topologyChange', kind: 'u8' },
  [IFLA_BR.TOPOLOGY_CHANGE_DETECTED]: { name: 'topologyChangeDetected', kind: 'u8' },
  [IFLA_BR.HELLO_TIMER]: { name: 'helloTimer', kind: 'u64' },
  [IFLA_BR.TCN_TIMER]: { name: 'tcnTimer', kind: 'u64' },
  [IFLA_BR.TOPOLOGY_CHANGE_TIMER]: { name: 'topologyChangeTimer', kind: 'u64' },
  [IFLA_BR.GC_TIMER]: { name: 'gcTimer', kind: 'u64' },
  [IFLA_BR.GROUP_ADDR]: { name: 'groupAddr', kind: 'lladdr' },
  [IFLA_BR.FDB_FLUSH]: { name: 'fdbFlush', kind: 'flag' },
  [IFLA_BR.MCAST_ROUTER]: { name: 'mcastRouter', kind: 'u8' },
  [IFLA_BR.MCAST_SNOOPING]: { name: 'mcastSnooping', kind: 'u8' },
  [IFLA_BR.MCAST_QUERY_USE_IFADDR]: { name: 'mcastQueryUseIfaddr', kind: 'u8' },
  [IFLA_BR.MCAST_QUERIER]: { name: 'mcastQuerier', kind: 'u8' },
  [IFLA_BR.MCAST_HASH_ELASTICITY]: { name: 'mcastHashElasticity', kind: 'u32' },
  [IFLA_BR.MCAST_HASH_MAX]: { name: 'mcastHashMax', kind: 'u32' },
  [IFLA_BR.MCAST_LAST_MEMBER_CNT]: { name: 'mcastLastMemberCnt', kind: 'u32' },
  [IFLA_BR.MCAST_STARTUP_QUERY_CNT]: { name: 'mcastStartupQueryCnt', kind: 'u32' },
  [IFLA_BR.MCAST_LAST_MEMBER_INTVL]: { name: 'mcastLastMemberIntvl', kind: 'u64' },
  [IFLA_BR.MCAST_MEMBERSHIP_INTVL]: { name: 'mcastMembershipIntvl', kind: 'u64' },
  [IFLA_BR.MCAST_QUERIER_INTVL]: { name: 'mcastQuerierIntvl', kind: 'u64' },
  [IFLA_BR.MCAST_QUERY_INTVL]: { name: 'mcastQueryIntvl', kind: 'u64' },
  [IFLA_BR.MCAST_QUERY_RESPONSE_INTVL]: { name: 'mcastQueryResponseIntvl', kind: 'u64' },
  [IFLA_BR.MCAST_STARTUP_QUERY_INTVL]: { name: 'mcastStartupQueryIntvl', kind: 'u64' },
  [IFLA_BR.NF_CALL_IPTABLES]: { name: 'nfCallIptables', kind: 'u8' },
  [IFLA_BR.NF_CALL_IP6TABLES]: { name: 'nfCallIp6tables', kind: 'u8' },
  [IFLA_BR.NF_CALL_ARPTABLES]: { name: 'nfCallArptables', kind: 'u8' },
  [IFLA_BR.VLAN_DEFAULT_PVID]: { name: 'vlanDefaultPvid', kind: 'u16' },
  [IFLA_BR.PAD]: { name: 'pad', kind: 'pad' },
  [IFLA_BR.VLAN_STATS_ENABLED]: { name: 'vlanStatsEnabled', kind: 'u8' },
  [IFLA_BR.MCAST_STATS_ENABLED]: { name: 'mcastStatsEnabled', kind: 'u8' },
  [IFLA_BR.MCAST_IGMP_VERSION]: { name: 'mcastIgmpVersion', kind: 'u8' },
  [IFLA_BR.MCAST_MLD_VERSION]: { name: 'mcastMldVersion', kind: 'u8' },
  [IFLA_BR.VLAN_STATS_PER_PORT]: { name: 'vlanStatsPerPort', kind: 'u8' },
  [IFLA_BR.MULTI_BOOLOPT]: { name: 'multiBoolopt', kind: 'struct', struct: BR_BOOLOPT_MULTI },
  [IFLA_BR.MCAST_QUERIER_STATE]: { name: 'mcastQuerierState', kind: 'binary' },
})

export const VXLAN_ATTRS = defineAttrs('IFLA_VXLAN', {
  [IFLA_VXLAN.ID]: { name: 'id', kind: 'u32' },
  [IFLA_VXLAN.GROUP]: { name: 'group', kind: 'ipaddr' },
  [IFLA_VXLAN.LINK]: { name: 'link', kind: 'u32' },
  [IFLA_VXLAN.LOCAL]: { name: 'local', kind: 'ipaddr' },
  [IFLA_VXLAN.TTL]: { name: 'ttl', kind: 'u8' },
  [IFLA_VXLAN.TOS]: { name: 'tos', kind: 'u8' },
  [IFLA_VXLAN.LEARNING]: { name: 'learning', kind: 'u8' },
  [IFLA_VXLAN.AGEING]: { name: 'ageing', kind: 'u32' },
  [IFLA_VXLAN.LIMIT]: { name: 'limit', kind: 'u32' },
  [IFLA_VXLAN.PORT_RANGE]: { name: 'portRange', kind: 'struct', struct: IFLA_VXLAN_PORT_RANGE },
  [IFLA_VXLAN.PROXY]: { name: 'proxy', kind: 'u8' },
  [IFLA_VXLAN.RSC]: { name: 'rsc', kind: 'u8' },
  [IFLA_VXLAN.L2MISS]: { name: 'l2miss', kind: 'u8' },
  [IFLA_VXLAN.L3MISS]: { name: 'l3miss', kind: 'u8' },
  [IFLA_VXLAN.PORT]: { name: 'port', kind: 'be16' },
  [IFLA_VXLAN.GROUP6]: { name: 'group6', kind: 'ipaddr' },
  [IFLA_VXLAN.LOCAL6]: { name: 'local6', kind: 'ipaddr' },
  [IFLA_VXLAN.UDP_CSUM]: { name: 'udpCsum', kind: 'u8' },
  [IFLA_VXLAN.UDP_ZERO_CSUM6_TX]: { name: 'udpZeroCsum6Tx', kind: 'u8' },
  [IFLA_VXLAN.UDP_ZERO_CSUM6_RX]: { name: 'udpZeroCsum6Rx', kind: 'u8' },
  [IFLA_VXLAN.REMCSUM_TX]: { name: 'remcsumTx', kind: 'u8' },
  [IFLA_VXLAN.REMCSUM_RX]: { name: 'remcsumRx', kind: 'u8' },
  [IFLA_VXLAN.GBP]: { name: 'gbp', kind: 'flag' },
  [IFLA_VXLAN.REMCSUM_NOPARTIAL]: { name: 'remcsumNopartial', kind: 'flag' },
  [IFLA_VXLAN.COLLECT_METADATA]: { name: 'collectMetadata', kind: 'u8' },
  [IFLA_VXLAN.LABEL]: { name: 'label', kind: 'be32' },
  [IFLA_VXLAN.GPE]: { name: 'gpe', kind: 'flag' },
  [IFLA_VXLAN.TTL_INHERIT]: { name: 'ttlInherit', kind: 'flag' },
  [IFLA_VXLAN.DF]: { name: 'df', kind: 'u8' },
  [IFLA_VXLAN.VNIFILTER]: { name: 'vnifilter', kind: 'u8' },
})

export const MACVLAN_ATTRS = defineAttrs('IFLA_MACVLAN', {
  [IFLA_MACVLAN.MODE]: { name: 'mode', kind: 'u32', names: MACVLAN_MODES },
  [IFLA_MACVLAN.FLAGS]: { name: 'flags', kind: 'u16' },
  [IFLA_MACVLAN.MACADDR_MODE]: { name: 'macaddrMode', kind: 'u32' },
  [IFLA_MACVLAN.MACADDR]: { name: 'macaddr', kind: 'lladdr' },
  [IFLA_MACVLAN.MACADDR_DATA]: {
    name: 'macaddrData',
    kind: 'nested',
    nested: defineAttrs('IFLA_MACVLAN_MACADDR_DATA', {
      [IFLA_MACVLAN.MACADDR]: { name: 'macaddr', kind: 'lladdr', multi: true },
    }),
  },
  [IFLA_MACVLAN.MACADDR_COUNT]: { name: 'macaddrCount', kind: 'u32' },
  [IFLA_MACVLAN.BC_QUEUE_LEN]: { name: 'bcQueueLen', kind: 'u32' },
  [IFLA_MACVLAN.BC_QUEUE_LEN_USED]: { name: 'bcQueueLenUsed', kind: 'u32' },
})

const VLAN_QOS_ATTRS = defineAttrs('IFLA_VLAN_QOS', {
  [IFLA_VLAN_QOS.MAPPING]: { name: 'mapping', kind: 'struct', struct: IFLA_VLAN_QOS_MAPPING, multi: true },
})

/** vlan (linux/if_link.h IFLA_VLAN_*; layout per vlan_fill_info). */
export const VLAN_ATTRS = defineAttrs('IFLA_VLAN', {
  [IFLA_VLAN.ID]: { name: 'id', kind: 'u16' },
  [IFLA_VLAN.FLAGS]: { name: 'flags', kind: 'struct', struct: IFLA_VLAN_FLAGS },
  [IFLA_VLAN.EGRESS_QOS]: { name: 'egressQos', kind: 'nested', nested: VLAN_QOS_ATTRS },
  [IFLA_VLAN.INGRESS_QOS]: { name: 'ingressQos', kind: 'nested', nested: VLAN_QOS_ATTRS },
  [IFLA_VLAN.PROTOCOL]: { name: 'protocol', kind: 'be16' },
})

const BOND_AD_INFO_ATTRS = defineAttrs('IFLA_BOND_AD_INFO', {
  [IFLA_BOND_AD_INFO.AGGREGATOR]: { name: 'aggregator', kind: 'u16' },
  [IFLA_BOND_AD_INFO.NUM_PORTS]: { name: 'numPorts', kind: 'u16' },
  [IFLA_BOND_AD_INFO.ACTOR_KEY]: { name: 'actorKey', kind: 'u16' },
  [IFLA_BOND_AD_INFO.PARTNER_KEY]: { name: 'partnerKey', kind: 'u16' },
  [IFLA_BOND_AD_INFO.PARTNER_MAC]: { name: 'partnerMac', kind: 'lladdr' },
})

/** bond (linux/if_link.h IFLA_BOND_*; payload types per bond_fill_info). */
export const BOND_ATTRS = defineAttrs('IFLA_BOND', {
  [IFLA_BOND.MODE]: { name: 'mode', kind: 'u8', names: BOND_MODES },
  [IFLA_BOND.ACTIVE_SLAVE]: { name: 'activeSlave', kind: 'u32' },
  [IFLA_BOND.MIIMON]: { name: 'miimon', kind: 'u32' },
  [IFLA_BOND.UPDELAY]: { name: 'updelay', kind: 'u32' },
  [IFLA_BOND.DOWNDELAY]: { name: 'downdelay', kind: 'u32' },
  [IFLA_BOND.USE_CARRIER]: { name: 'useCarrier', kind: 'u8' },
  [IFLA_BOND.ARP_INTERVAL]: { name: 'arpInterval', kind: 'u32' },
  [IFLA_BOND.ARP_IP_TARGET]: { name: 'arpIpTarget', kind: 'array', item: 'ipaddr', firstIndex: 0 },
  [IFLA_BOND.ARP_VALIDATE]: { name: 'arpValidate', kind: 'u32' },
  [IFLA_BOND.ARP_ALL_TARGETS]: { name: 'arpAllTargets', kind: 'u32' },
  [IFLA_BOND.PRIMARY]: { name: 'primary', kind: 'u32' },
  [IFLA_BOND.PRIMARY_RESELECT]: { name: 'primaryReselect', kind: 'u8' },
  [IFLA_BOND.FAIL_OVER_MAC]: { name: 'failOverMac', kind: 'u8' },
  [IFLA_BOND.XMIT_HASH_POLICY]: { name: 'xmitHashPolicy', kind: 'u8' },
  [IFLA_BOND.RESEND_IGMP]: { name: 'resendIgmp', kind: 'u32' },
  [IFLA_BOND.NUM_PEER_NOTIF]: { name: 'numPeerNotif', kind: 'u8' },
  [IFLA_BOND.ALL_SLAVES_ACTIVE]: { name: 'allSlavesActive', kind: 'u8' },
  [IFLA_BOND.MIN_LINKS]: { name: 'minLinks', kind: 'u32' },
  [IFLA_BOND.LP_INTERVAL]: { name: 'lpInterval', kind: 'u32' },
  [IFLA_BOND.PACKETS_PER_SLAVE]: { name: 'packetsPerSlave', kind: 'u32' },
  [IFLA_BOND.AD_LACP_RATE]: { name: 'adLacpRate', kind: 'u8' },
  [IFLA_BOND.AD_SELECT]: { name: 'adSelect', kind: 'u8' },
  [IFLA_BOND.AD_INFO]: { name: 'adInfo', kind: 'nested', nested: BOND_AD_INFO_ATTRS },
  [IFLA_BOND.AD_ACTOR_SYS_PRIO]: { name: 'adActorSysPrio', kind: 'u16' },
  [IFLA_BOND.AD_USER_PORT_KEY]: { name: 'adUserPortKey', kind: 'u16' },
  [IFLA_BOND.AD_ACTOR_SYSTEM]: { name: 'adActorSystem', kind: 'lladdr' },
  [IFLA_BOND.TLB_DYNAMIC_LB]: { name: 'tlbDynamicLb', kind: 'u8' },
  [IFLA_BOND.PEER_NOTIF_DELAY]: { name: 'peerNotifDelay', kind: 'u32' },
  [IFLA_BOND.AD_LACP_ACTIVE]: { name: 'adLacpActive', kind: 'u8' },
  [IFLA_BOND.MISSED_MAX]: { name: 'missedMax', kind: 'u8' },
  [IFLA_BOND.NS_IP6_TARGET]: { name: 'nsIp6Target', kind: 'array', item: 'ipaddr', firstIndex: 0 },
  [IFLA_BOND.COUPLED_CONTROL]: { name: 'coupledControl', kind: 'u8' },
})

/** Bond slave info (IFLA_INFO_SLAVE_DATA with slave kind 'bond'; bond_fill_slave_info). */
export const BOND_SLAVE_ATTRS = defineAttrs('IFLA_BOND_SLAVE', {
  [IFLA_BOND_SLAVE.STATE]: { name: 'state', kind: 'u8' },
  [IFLA_BOND_SLAVE.MII_STATUS]: { name: 'miiStatus', kind: 'u8' },
  [IFLA_BOND_SLAVE.LINK_FAILURE_COUNT]: { name: 'linkFailureCount', kind: 'u32' },
  [IFLA_BOND_SLAVE.PERM_HWADDR]: { name: 'permHwaddr', kind: 'lladdr' },
  [IFLA_BOND_SLAVE.QUEUE_ID]: { name: 'queueId', kind: 'u16' },
  [IFLA_BOND_SLAVE.AD_AGGREGATOR_ID]: { name: 'adAggregatorId', kind: 'u16' },
  [IFLA_BOND_SLAVE.AD_ACTOR_OPER_PORT_STATE]: { name: 'adActorOperPortState', kind: 'u8' },
  [IFLA_BOND_SLAVE.AD_PARTNER_OPER_PORT_STATE]: { name: 'adPartnerOperPortState', kind: 'u16' },
  [IFLA_BOND_SLAVE.PRIO]: { name: 'prio', kind: 's32' },
})

/** Bridge port info (IFLA_INFO_SLAVE_DATA with slave kind 'bridge'; br_port_fill_attrs). */
export const BRIDGE_PORT_ATTRS = defineAttrs('IFLA_BRPORT', {
  [IFLA_BRPORT.STATE]: { name: 'state', kind: 'u8' },
  [IFLA_BRPORT.PRIORITY]: { name: 'priority', kind: 'u16' },
  [IFLA_BRPORT.COST]: { name: 'cost', kind: 'u32' },
  [IFLA_BRPORT.MODE]: { name: 'mode', kind: 'u8' },
  [IFLA_BRPORT.GUARD]: { name: 'guard', kind: 'u8' },
  [IFLA_BRPORT.PROTECT]: { name: 'protect', kind: 'u8' },
  [IFLA_BRPORT.FAST_LEAVE]: { name: 'fastLeave', kind: 'u8' },
  [IFLA_BRPORT.LEARNING]: { name: 'learning', kind: 'u8' },
  [IFLA_BRPORT.UNICAST_FLOOD]: { name: 'unicastFlood', kind: 'u8' },
  [IFLA_BRPORT.PROXYARP]: { name: 'proxyarp', kind: 'u8' },
  [IFLA_BRPORT.LEARNING_SYNC]: { name: 'learningSync', kind: 'u8' },
  [IFLA_BRPORT.PROXYARP_WIFI]: { name: 'proxyarpWifi', kind: 'u8' },
  [IFLA_BRPORT.ROOT_ID]: { name: 'rootId', ...BRIDGE_ID },
  [IFLA_BRPORT.BRIDGE_ID]: { name: 'bridgeId', ...BRIDGE_ID },
  [IFLA_BRPORT.DESIGNATED_PORT]: { name: 'designatedPort', kind: 'u16' },
  [IFLA_BRPORT.DESIGNATED_COST]: { name: 'designatedCost', kind: 'u16' },
  [IFLA_BRPORT.ID]: { name: 'id', kind: 'u16' },
  [IFLA_BRPORT.NO]: { name: 'no', kind: 'u16' },
  [IFLA_BRPORT.TOPOLOGY_CHANGE_ACK]: { name: 'topologyChangeAck', kind: 'u8' },
  [IFLA_BRPORT.CONFIG_PENDING]: { name: 'configPending', kind: 'u8' },
  [IFLA_BRPORT.MESSAGE_AGE_TIMER]: { name: 'messageAgeTimer', kind: 'u64' },
  [IFLA_BRPORT.FORWARD_DELAY_TIMER]: { name: 'forwardDelayTimer', kind: 'u64' },
  [IFLA_BRPORT.HOLD_TIMER]: { name: 'holdTimer', kind: 'u64' },
  [IFLA_BRPORT.FLUSH]: { name: 'flush', kind: 'flag' },
  [IFLA_BRPORT.MULTICAST_ROUTER]: { name: 'multicastRouter', kind: 'u8' },
  [IFLA_BRPORT.PAD]: { name: 'pad', kind: 'pad' },
  [IFLA_BRPORT.MCAST_FLOOD]: { name: 'mcastFlood', kind: 'u8' },
  [IFLA_BRPORT.MCAST_TO_UCAST]: { name: 'mcastToUcast', kind: 'u8' },
  [IFLA_BRPORT.VLAN_TUNNEL]: { name: 'vlanTunnel', kind: 'u8' },
  [IFLA_BRPORT.BCAST_FLOOD]: { name: 'bcastFlood', kind: 'u8' },
  [IFLA_BRPORT.GROUP_FWD_MASK]: { name: 'groupFwdMask', kind: 'u16' },
  [IFLA_BRPORT.NEIGH_SUPPRESS]: { name: 'neighSuppress', kind: 'u8' },
  [IFLA_BRPORT.ISOLATED]: { name: 'isolated', kind: 'u8' },
  [IFLA_BRPORT.BACKUP_PORT]: { name: 'backupPort', kind: 'u32' },
  [IFLA_BRPORT.MRP_RING_OPEN]: { name: 'mrpRingOpen', kind: 'u8' },
  [IFLA_BRPORT.MRP_IN_OPEN]: { name: 'mrpInOpen', kind: 'u8' },
  [IFLA_BRPORT.MCAST_EHT_HOSTS_LIMIT]: { name: 'mcastEhtHostsLimit', kind: 'u32' },
  [IFLA_BRPORT.MCAST_EHT_HOSTS_CNT]: { name: 'mcastEhtHostsCnt', kind: 'u32' },
  [IFLA_BRPORT.LOCKED]: { name: 'locked', kind: 'u8' },
})

/** IFLA_INFO_DATA layouts by IFLA_INFO_KIND. Kinds not listed decode to a raw Buffer. */
export const LINK_KIND_ATTRS: Readonly<Record<string, AttrMap>> = {
  veth: VETH_ATTRS,
  bridge: BRIDGE_ATTRS,
  vxlan: VXLAN_ATTRS,
  macvlan: MACVLAN_ATTRS,
  macvtap: MACVLAN_ATTRS,
  vlan: VLAN_ATTRS,
  bond: BOND_ATTRS,
}

/** IFLA_INFO_SLAVE_DATA layouts by IFLA_INFO_SLAVE_KIND. */
export const LINK_SLAVE_KIND_ATTRS: Readonly<Record<string, AttrMap>> = {
  bridge: BRIDGE_PORT_ATTRS,
  bond: BOND_SLAVE_ATTRS,
}

export const LINKINFO_ATTRS = defineAttrs('IFLA_INFO', {
  [IFLA_INFO.KIND]: { name: 'kind', kind: 'string' },
  [IFLA_INFO.DATA]: { name: 'data', kind: 'variant', selector: 'kind', variants: LINK_KIND_ATTRS },
  [IFLA_INFO.XSTATS]: { name: 'xstats', kind: 'binary' },
  [IFLA_INFO.SLAVE_KIND]: { name: 'slaveKind', kind: 'string' },
  [IFLA_INFO.SLAVE_DATA]: { name: 'slaveData', kind: 'variant', selector: 'slaveKind', variants: LINK_SLAVE_KIND_ATTRS },
})

const INET6_ATTRS = defineAttrs('IFLA_INET6', {
  [IFLA_INET6.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFLA_INET6.CONF]: { name: 'conf', kind: 'binary' },
  [IFLA_INET6.STATS]: { name: 'stats', kind: 'binary' },
  [IFLA_INET6.MCAST]: { name: 'mcast', kind: 'binary' },
  [IFLA_INET6.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: IFLA_INET6_CACHEINFO },
  [IFLA_INET6.ICMP6STATS]: { name: 'icmp6stats', kind: 'binary' },
  [IFLA_INET6.TOKEN]: { name: 'token', kind: 'ipaddr' },
  [IFLA_INET6.ADDR_GEN_MODE]: { name: 'addrGenMode', kind: 'u8' },
  [IFLA_INET6.RA_MTU]: { name: 'raMtu', kind: 'u32' },
})

/** IFLA_AF_SPEC: one nested attribute per address family (type = AF_* number). */
const AF_SPEC_ATTRS = defineAttrs('IFLA_AF_SPEC', {
  [AF_INET]: { name: 'inet', kind: 'nested', nested: defineAttrs('IFLA_INET', { 1: { name: 'conf', kind: 'binary' } }) },
  [AF_INET6]: { name: 'inet6', kind: 'nested', nested: INET6_ATTRS },
})

const XDP_ATTRS = defineAttrs('IFLA_XDP', {
  [IFLA_XDP.FD]: { name: 'fd', kind: 's32' },
  [IFLA_XDP.ATTACHED]: { name: 'attached', kind: 'u8' },
  [IFLA_XDP.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFLA_XDP.PROG_ID]: { name: 'progId', kind: 'u32' },
  [IFLA_XDP.DRV_PROG_ID]: { name: 'drvProgId', kind: 'u32' },
  [IFLA_XDP.SKB_PROG_ID]: { name: 'skbProgId', kind: 'u32' },
  [IFLA_XDP.HW_PROG_ID]: { name: 'hwProgId', kind: 'u32' },
  [IFLA_XDP.EXPECTED_FD]: { name: 'expectedFd', kind: 's32' },
})

export const LINK_ATTRS: AttrMap = defineAttrs('IFLA', {
  [IFLA.ADDRESS]: { name: 'address', kind: 'lladdr' },
  [IFLA.BROADCAST]: { name: 'broadcast', kind: 'lladdr' },
  [IFLA.IFNAME]: { name: 'ifname', kind: 'string' },
  [IFLA.MTU]: { name: 'mtu', kind: 'u32' },
  [IFLA.LINK]: { name: 'link', kind: 'u32' },
  [IFLA.QDISC]: { name: 'qdisc', kind: 'string' },
  [IFLA.STATS]: { name: 'stats32', kind: 'struct', struct: RTNL_LINK_STATS },
  [IFLA.COST]: { name: 'cost', kind: 'u32' },
  [IFLA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [IFLA.MASTER]: { name: 'master', kind: 'u32' },
  [IFLA.WIRELESS]: { name: 'wireless', kind: 'binary' },
  [IFLA.PROTINFO]: { name: 'protinfo', kind: 'binary' },
  [IFLA.TXQLEN]: { name: 'txqlen', kind: 'u32' },
  [IFLA.MAP]: { name: 'map', kind: 'struct', struct: RTNL_LINK_IFMAP },
  [IFLA.WEIGHT]: { name: 'weight', kind: 'u32' },
  [IFLA.OPERSTATE]: { name: 'operstate', kind: 'u8', names: OPER_STATES },
  [IFLA.LINKMODE]: { name: 'linkmode', kind: 'u8', names: LINK_MODES },
  [IFLA.LINKINFO]: { name: 'linkinfo', kind: 'nested', nested: LINKINFO_ATTRS },
  [IFLA.NET_NS_PID]: { name: 'netnsPid', kind: 'u32' },
  [IFLA.IFALIAS]: { name: 'ifalias', kind: 'string' },
  [IFLA.NUM_VF]: { name: 'numVf', kind: 'u32' },
  [IFLA.VFINFO_LIST]: { name: 'vfinfoList', kind: 'binary' },
  [IFLA.STATS64]: { name: 'stats64', kind: 'struct', struct: RTNL_LINK_STATS64 },
  [IFLA.VF_PORTS]: { name: 'vfPorts', kind: 'binary' },
  [IFLA.PORT_SELF]: { name: 'portSelf', kind: 'binary' },
  [IFLA.AF_SPEC]: { name: 'afSpec', kind: 'nested', nested: AF_SPEC_ATTRS },
  [IFLA.GROUP]: { name: 'group', kind: 'u32' },
  [IFLA.NET_NS_FD]: { name: 'netnsFd', kind: 'u32' },
  [IFLA.EXT_MASK]: { name: 'extMask', kind: 'u32' },
  [IFLA.PROMISCUITY]: { name: 'promiscuity', kind: 'u32' },
  [IFLA.NUM_TX_QUEUES]: { name: 'numTxQueues', kind: 'u32' },
  [IFLA.NUM_RX_QUEUES]: { name: 'numRxQueues', kind: 'u32' },
  [IFLA.CARRIER]: { name: 'carrier', kind: 'u8' },
  [IFLA.PHYS_PORT_ID]: { name: 'physPortId', kind: 'binary' },
  [IFLA.CARRIER_CHANGES]: { name: 'carrierChanges', kind: 'u32' },
  [IFLA.PHYS_SWITCH_ID]: { name: 'physSwitchId', kind: 'binary' },
  [IFLA.LINK_NETNSID]: { name: 'linkNetnsId', kind: 's32' },
  [IFLA.PHYS_PORT_NAME]: { name: 'physPortName', kind: 'string' },
  [IFLA.PROTO_DOWN]: { name: 'protoDown', kind: 'u8' },
  [IFLA.GSO_MAX_SEGS]: { name: 'gsoMaxSegs', kind: 'u32' },
  [IFLA.GSO_MAX_SIZE]: { name: 'gsoMaxSize', kind: 'u32' },
  [IFLA.PAD]: { name: 'pad', kind: 'pad' },
  [IFLA.XDP]: { name: 'xdp', kind: 'nested', nested: XDP_ATTRS },
  [IFLA.EVENT]: { name: 'event', kind: 'u32' },
  [IFLA.NEW_NETNSID]: { name: 'newNetnsId', kind: 's32' },
  [IFLA.TARGET_NETNSID]: { name: 'targetNetnsId', kind: 's32' },
  [IFLA.CARRIER_UP_COUNT]: { name: 'carrierUpCount', kind: 'u32' },
  [IFLA.CARRIER_DOWN_COUNT]: { name: 'carrierDownCount', kind: 'u32' },
  [IFLA.NEW_IFINDEX]: { name: 'newIfindex', kind: 's32' },
  [IFLA.MIN_MTU]: { name: 'minMtu', kind: 'u32' },
  [IFLA.MAX_MTU]: { name: 'maxMtu', kind: 'u32' },
  [IFLA.PROP_LIST]: {
    name: 'propList',
    kind: 'nested',
    nested: defineAttrs('IFLA_PROP_LIST', { [IFLA.ALT_IFNAME]: { name: 'altIfname', kind: 'string', multi: true } }),
  },
  [IFLA.ALT_IFNAME]: { name: 'altIfname', kind: 'string' },
  [IFLA.PERM_ADDRESS]: { name: 'permAddress', kind: 'lladdr' },
  [IFLA.PROTO_DOWN_REASON]: {
    name: 'protoDownReason',
    kind: 'nested',
    nested: defineAttrs('IFLA_PROTO_DOWN_REASON', {
      1: { name: 'mask', kind: 'u32' },
      2: { name: 'value', kind: 'u32' },
    }),
  },
  [IFLA.PARENT_DEV_NAME]: { name: 'parentDevName', kind: 'string' },
  [IFLA.PARENT_DEV_BUS_NAME]: { name: 'parentDevBusName', kind: 'string' },
  [IFLA.GRO_MAX_SIZE]: { name: 'groMaxSize', kind: 'u32' },
  [IFLA.TSO_MAX_SIZE]: { name: 'tsoMaxSize', kind: 'u32' },
  [IFLA.TSO_MAX_SEGS]: { name: 'tsoMaxSegs', kind: 'u32' },
  [IFLA.ALLMULTI]: { name: 'allmulti', kind: 'u32' },
})

// ---------------------------------------------------------------------------------------------
// Addresses, neighbours, rules

export const ADDRESS_ATTRS = defineAttrs('IFA', {
  [IFA.ADDRESS]: { name: 'address', kind: 'ipaddr' },
  [IFA.LOCAL]: { name: 'local', kind: 'ipaddr' },
  [IFA.LABEL]: { name: 'label', kind: 'string' },
  [IFA.BROADCAST]: { name: 'broadcast', kind: 'ipaddr' },
  [IFA.ANYCAST]: { name: 'anycast', kind: 'ipaddr' },
  [IFA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: IFA_CACHEINFO },
  [IFA.MULTICAST]: { name: 'multicast', kind: 'ipaddr' },
  [IFA.FLAGS]: { name: 'flags', kind: 'u32' },
  [IFA.RT_PRIORITY]: { name: 'priority', kind: 'u32' },
  [IFA.TARGET_NETNSID]: { name: 'targetNetnsId', kind: 's32' },
  [IFA.PROTO]: { name: 'proto', kind: 'u8' },
})

export const NEIGHBOUR_ATTRS = defineAttrs('NDA', {
  [NDA.DST]: { name: 'dst', kind: 'ipaddr' },
  [NDA.LLADDR]: { name: 'lladdr', kind: 'lladdr' },
  [NDA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: NDA_CACHEINFO },
  [NDA.PROBES]: { name: 'probes', kind: 'u32' },
  [NDA.VLAN]: { name: 'vlan', kind: 'u16' },
  [NDA.PORT]: { name: 'port', kind: 'be16' },
  [NDA.VNI]: { name: 'vni', kind: 'u32' },
  [NDA.IFINDEX]: { name: 'ifindex', kind: 'u32' },
  [NDA.MASTER]: { name: 'master', kind: 'u32' },
  [NDA.LINK_NETNSID]: { name: 'linkNetnsId', kind: 's32' },
  [NDA.SRC_VNI]: { name: 'srcVni', kind: 'u32' },
  [NDA.PROTOCOL]: { name: 'protocol', kind: 'u8', names: ROUTE_PROTOCOLS },
  [NDA.NH_ID]: { name: 'nhId', kind: 'u32' },
  [NDA.FDB_EXT_ATTRS]: { name: 'fdbExtAttrs', kind: 'binary' },
  [NDA.FLAGS_EXT]: { name: 'flagsExt', kind: 'u32' },
  [NDA.NDM_STATE_MASK]: { name: 'ndmStateMask', kind: 'u16' },
  [NDA.NDM_FLAGS_MASK]: { name: 'ndmFlagsMask', kind: 'u8' },
})

export const RULE_ATTRS = defineAttrs('FRA', {
  [FRA.DST]: { name: 'dst', kind: 'ipaddr' },
  [FRA.SRC]: { name: 'src', kind: 'ipaddr' },
  [FRA.IIFNAME]: { name: 'iifname', kind: 'string' },
  [FRA.GOTO]: { name: 'goto', kind: 'u32' },
  [FRA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [FRA.FWMARK]: { name: 'fwmark', kind: 'u32' },
  [FRA.FLOW]: { name: 'flow', kind: 'u32' },
  [FRA.TUN_ID]: { name: 'tunId', kind: 'be64' },
  [FRA.SUPPRESS_IFGROUP]: { name: 'suppressIfgroup', kind: 'u32' },
  [FRA.SUPPRESS_PREFIXLEN]: { name: 'suppressPrefixlen', kind: 's32' },
  [FRA.TABLE]: { name: 'table', kind: 'u32' },
  [FRA.FWMASK]: { name: 'fwmask', kind: 'u32' },
  [FRA.OIFNAME]: { name: 'oifname', kind: 'string' },
  [FRA.PAD]: { name: 'pad', kind: 'pad' },
  [FRA.L3MDEV]: { name: 'l3mdev', kind: 'u8' },
  [FRA.UID_RANGE]: { name: 'uidRange', kind: 'struct', struct: FIB_RULE_UID_RANGE },
  [FRA.PROTOCOL]: { name: 'protocol', kind: 'u8', names: ROUTE_PROTOCOLS },
  [FRA.IP_PROTO]: { name: 'ipProto', kind: 'u8' },
  [FRA.SPORT_RANGE]: { name: 'sportRange', kind: 'struct', struct: FIB_RULE_PORT_RANGE },
  [FRA.DPORT_RANGE]: { name: 'dportRange', kind: 'struct', struct: FIB_RULE_PORT_RANGE },
})
