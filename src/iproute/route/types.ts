/**
 * Route shapes: what decodeRoute returns (Route, its next hops, metrics, via and encapsulation)
 * and what the route encoders and filters accept (RouteSpec, NextHopSpec, RouteFilter). The shape
 * rules of every decoded object are in ../common/types.ts.
 */
import type { ExtraAttrs, IpFamily, TableRef, UnknownAttr } from '../common/types'
import type { RouteProtocolName, RouteTypeName, ScopeName } from '../common/rtnl'
import type { RoutePrefName } from './constants'

/** RTA_METRICS (route metrics). Only metrics the kernel sent are present. */
export interface RouteMetrics {
  /** Bitmask of locked metrics: bit (1 << RTAX_x) locks metric x ('mtu lock 1400' sets 1 << 2). */
  lock?: number
  /** RTAX_MTU: path MTU ('mtu 1400'). */
  mtu?: number
  /** RTAX_WINDOW: maximal TCP window advertised to these destinations. */
  window?: number
  /** RTAX_RTT: initial round-trip time estimate, as the kernel stores it (milliseconds × 8). */
  rtt?: number
  /** RTAX_RTTVAR: initial RTT variance, as the kernel stores it (milliseconds × 4). */
  rttvar?: number
  /** RTAX_SSTHRESH: initial TCP slow-start threshold. */
  ssthresh?: number
  /** RTAX_CWND: clamp of the TCP congestion window. */
  cwnd?: number
  /** RTAX_ADVMSS: MSS advertised to these destinations. */
  advmss?: number
  /** RTAX_REORDERING: maximal reordering assumed on the path. */
  reordering?: number
  /** RTAX_HOPLIMIT: TTL / hop limit of packets sent over the route. */
  hoplimit?: number
  /** RTAX_INITCWND: initial TCP congestion window. */
  initcwnd?: number
  /** RTAX_FEATURES: RTAX_FEATURE_* bits (e.g. ECN). */
  features?: number
  /** RTAX_RTO_MIN: minimal TCP retransmission timeout, milliseconds. */
  rtoMin?: number
  /** RTAX_INITRWND: initial TCP receive window. */
  initrwnd?: number
  /** RTAX_QUICKACK: 1 disables delayed acks. */
  quickack?: number
  /** RTAX_CC_ALGO: TCP congestion control algorithm name ('bbr'). */
  ccAlgo?: string
  /** RTAX_FASTOPEN_NO_COOKIE: 1 allows TCP Fast Open without a cookie. */
  fastopenNoCookie?: number
  /** Metrics the library does not know, raw. */
  unknown?: UnknownAttr[]
}

/** RTA_VIA: a gateway of another family (IPv6 next hop of an IPv4 route). */
export interface RouteVia {
  /** Family of `address`: 4, 6, or an AF_* number. */
  family: number
  /** The gateway address as text. */
  address: string
}

/** RTA_ENCAP_TYPE + RTA_ENCAP. `data` is decoded for ip/ip6/mpls, a raw Buffer for other types. */
export interface RouteEncap {
  /** LWTUNNEL_ENCAP_* name ('mpls', 'ip', 'ip6', ...) or the number for unnamed types. */
  type: string | number
  /** The encapsulation attributes: decoded for ip/ip6/mpls, raw otherwise. */
  data: Record<string, unknown> | Buffer
}

/** One path of a multipath route (struct rtnexthop plus its attributes). */
export interface NextHop {
  /** RTA_GATEWAY of this path; null for a device-only path. */
  gateway: string | null
  /** RTA_VIA: a gateway of another family; null when absent. */
  via: RouteVia | null
  /** Output interface index (rtnh_ifindex). */
  oif: number
  /** rtnh_hops + 1, as iproute2 shows it (1..256). */
  weight: number
  /** RTNH_F_* flags. */
  flags: number
  /** Per-path encapsulation; null when absent. */
  encap: RouteEncap | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** A route as a dump or a notification returns it (`ip route` shows the same fields). */
export interface Route {
  /** 4 or 6; other AF_* numbers as they are (e.g. 28 for MPLS). */
  family: IpFamily | number
  /** rtm_type: 'unicast', 'blackhole', 'unreachable', 'local', ... or the number. */
  type: RouteTypeName | number
  /** Full 32-bit table id: RTA_TABLE when sent, else rtm_table. */
  table: number
  /** rtm_protocol: who installed the route ('kernel', 'boot', 'static', 'bgp', ...) or the number. */
  protocol: RouteProtocolName | number
  /** rtm_scope: 'universe', 'link', 'host', ... or the number. */
  scope: ScopeName | number
  /** Destination prefix as CIDR text; '0.0.0.0/0' / '::/0' for default routes. */
  dst: string
  /** Destination prefix length (0 for a default route). */
  dstLen: number
  /** Source prefix as CIDR text (IPv6 source routing); null when the route has none. */
  src: string | null
  /** Source prefix length (0 when the route has none). */
  srcLen: number
  /** rtm_tos (the TOS selector; 0 matches any). */
  tos: number
  /** rtm_flags (RTM_F_* | RTNH_F_*). */
  flags: number
  /** RTA_PRIORITY (the metric). */
  priority: number | null
  /** RTA_GATEWAY: next-hop address of a single-path route; null when absent. */
  gateway: string | null
  /** RTA_VIA: a gateway of another family; null when absent. */
  via: RouteVia | null
  /** RTA_OIF: output interface index; null when absent. */
  oif: number | null
  /** RTA_IIF: input interface index (policy routes, `route get` answers); null when absent. */
  iif: number | null
  /** RTA_PREFSRC: the source address preferred for packets to this destination; null when absent. */
  prefsrc: string | null
  /** RTA_PREF (IPv6 router preference). */
  pref: RoutePrefName | number | null
  /** RTA_NH_ID: the route uses a nexthop object. */
  nhId: number | null
  /** RTA_METRICS; null when the kernel sent none. */
  metrics: RouteMetrics | null
  /** RTA_MULTIPATH: the paths of an ECMP route; null for a single-path route. */
  multipath: NextHop[] | null
  /** RTA_ENCAP_TYPE + RTA_ENCAP (lightweight tunnels); null when absent. */
  encap: RouteEncap | null
  /**
   * Known attributes without a field of their own (e.g. `cacheinfo`), by schema name; null when there
   * are none.
   */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

// ---------------------------------------------------------------------------------------------
// Encoder input. Interfaces are indexes: the IPRoute layer resolves names first.

/** One path of a multipath route to add (`nexthop via GW dev DEV weight N`). */
export interface NextHopSpec {
  /** Next-hop address of this path. */
  gateway?: string
  /** Output interface index of this path. */
  oif?: number
  /** 1..256 (default 1). */
  weight?: number
  /** RTNH_F_* flags (e.g. RTNH_F.ONLINK). */
  flags?: number
}

/** A route to add, change or delete (encoder input; interfaces are indexes). */
export interface RouteSpec {
  /** 'default', CIDR text, or an address (a host route). */
  dst: string
  /** Needed only when nothing else tells the family ('default' without a gateway); default 4. */
  family?: IpFamily
  /** Source prefix (RTA_SRC). */
  src?: string
  /** Next-hop address (RTA_GATEWAY); its family must match `dst`. */
  gateway?: string
  /** Output interface index (RTA_OIF). */
  oif?: number
  /** Input interface index (RTA_IIF). */
  iif?: number
  /** Any 32-bit table id or a reserved name; default 'main'. */
  table?: TableRef
  /** Default 'unicast'. */
  type?: RouteTypeName | number
  /** Default 'boot' (as iproute2) for new routes. */
  protocol?: RouteProtocolName | number
  /** Default as iproute2: 'host' for local/nat, 'link' for broadcast/multicast/anycast and for
   * unicast routes with neither gateway nor multipath, 'universe' otherwise. */
  scope?: ScopeName | 'global' | number
  /** The metric (RTA_PRIORITY). `metric` is an alias. */
  priority?: number
  /** Alias of `priority`. */
  metric?: number
  /** Preferred source address (RTA_PREFSRC). */
  prefsrc?: string
  /** TOS selector (rtm_tos). */
  tos?: number
  /** rtm_flags, e.g. RTNH_F.ONLINK. */
  flags?: number
  /** Route metrics (RTA_METRICS), e.g. `{ mtu: 1400 }`. */
  metrics?: Omit<RouteMetrics, 'unknown'>
  /** The paths of an ECMP route (RTA_MULTIPATH), instead of `gateway`/`oif`. */
  multipath?: NextHopSpec[]
  /** IPv6 router preference (RTA_PREF): 'low', 'medium', 'high'. */
  pref?: RoutePrefName | number
  /** Use this nexthop object (RTA_NH_ID) instead of a gateway. */
  nhId?: number
  /** RTA_MARK: a firewall mark sent with the request. */
  mark?: number
}

/**
 * Route selection. `encodeRouteDumpRequest` sends the kernel-side part (family, table, protocol,
 * type, oif — applied by the kernel with NETLINK_GET_STRICT_CHK); `routeMatches` applies every
 * field in JavaScript (the kernel cannot filter on the others, and older kernels ignore filters).
 */
export interface RouteFilter {
  /** 4 or 6 (kernel-side). */
  family?: IpFamily
  /** One table (kernel-side). */
  table?: TableRef
  /** rtm_protocol (kernel-side). */
  protocol?: RouteProtocolName | number
  /** rtm_type (kernel-side). */
  type?: RouteTypeName | number
  /** rtm_scope. */
  scope?: ScopeName | 'global' | number
  /** Output interface index (kernel-side), also matched against multipath paths. */
  oif?: number
  /** Input interface index. */
  iif?: number
  /** Exact metric (RTA_PRIORITY). */
  priority?: number
  /** Exact destination: CIDR text or 'default'. */
  dst?: string
  /** Routes whose destination prefix contains this address (`ip route show match`). */
  contains?: string
  /** Routes whose destination lies inside this prefix, itself included (`ip route show root`). */
  within?: string
  /** Next-hop address: the route's gateway or RTA_VIA address, or that of any multipath path. */
  gateway?: string
}
