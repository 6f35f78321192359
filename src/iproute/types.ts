/**
 * Public object shapes of rtnetlink: what the decoders return (Route, Link, Address, Neighbour, Rule)
 * and what the encoders accept (the *Spec types, RouteFilter).
 *
 * Shape rule for decoded objects: every object of a type has the same keys in the same order.
 * A value the kernel did not send is `null` (never `undefined`, never a missing key), so V8 keeps one
 * hidden class per type and `JSON.stringify` / spread show every field. Two bags keep the rest:
 * - `extra`: attributes the schema knows that have no field of their own, decoded by name
 *   (e.g. Route `extra.cacheinfo`, Link `extra.gsoMaxSize`); null when there are none.
 * - `unknown`: attributes the schema does not know, raw as `{ type, data }`; null when there are none.
 *
 * Names vs numbers: enumerations show a name when the number is known and the number otherwise
 * (`type: 'unicast'`, `protocol: 186 → 'bgp'`, an unnamed protocol 77 stays 77). Tables and
 * interfaces are numbers (resolving interface names is the IPRoute layer's job).
 * Families are 4 and 6 for IP; any other family is reported as its AF_* number (AF_BRIDGE = 7).
 */
import type { UnknownAttr } from '../schema/attrs'
import type {
  NeighbourStateName,
  OperStateName,
  RouteProtocolName,
  RoutePrefName,
  RouteTypeName,
  RuleActionName,
  ScopeName,
  TableName,
} from './constants'

export type { UnknownAttr }
/** An IP family as the public API writes it: 4 (AF_INET) or 6 (AF_INET6). */
export type IpFamily = 4 | 6

/** Attributes known to the schema without a dedicated field, by schema name. */
export type ExtraAttrs = Record<string, unknown>

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

/** rtnl_link_stats64 fields (camelCase); counters the kernel did not send read 0. */
export interface LinkStats {
  /** Packets received. */
  rxPackets: number
  /** Packets sent. */
  txPackets: number
  /** Bytes received. */
  rxBytes: number
  /** Bytes sent. */
  txBytes: number
  /** Bad packets received. */
  rxErrors: number
  /** Packet transmit problems. */
  txErrors: number
  /** Received packets dropped (no buffer space, unknown protocol, ...). */
  rxDropped: number
  /** Packets dropped before transmission. */
  txDropped: number
  /** Multicast packets received. */
  multicast: number
  /** Collisions (half-duplex media). */
  collisions: number
  /** Received frames with a bad length. */
  rxLengthErrors: number
  /** Receiver ring buffer overflows. */
  rxOverErrors: number
  /** Received frames with a CRC error. */
  rxCrcErrors: number
  /** Received frames with an alignment error. */
  rxFrameErrors: number
  /** Receiver FIFO overruns. */
  rxFifoErrors: number
  /** Frames the host missed (no room in the receive ring). */
  rxMissedErrors: number
  /** Transmissions aborted. */
  txAbortedErrors: number
  /** Transmissions that lost the carrier. */
  txCarrierErrors: number
  /** Transmitter FIFO underruns. */
  txFifoErrors: number
  /** SQE heartbeat errors. */
  txHeartbeatErrors: number
  /** Late collisions. */
  txWindowErrors: number
  /** Compressed packets received (CSLIP, PPP). */
  rxCompressed: number
  /** Compressed packets sent. */
  txCompressed: number
  /** Packets dropped for lack of a protocol handler. */
  rxNohandler: number
  /** Packets dropped because they were addressed to another host. */
  rxOtherhostDropped: number
}

/** A network interface as a dump or a notification returns it (`ip link` shows the same fields). */
export interface Link {
  /** Interface index (ifi_index). */
  index: number
  /** IFLA_IFNAME ('eth0'); null only if the kernel omitted it. */
  ifname: string | null
  /** ARPHRD_* type: name for the common ones ('ether', 'loopback', 'none'), else the number. */
  type: string | number
  /** IFF_* flags. */
  flags: number
  /** IFF_UP is set (administratively up). */
  up: boolean
  /** IFLA_MTU. */
  mtu: number | null
  /** IFLA_MIN_MTU: smallest MTU the device accepts. */
  minMtu: number | null
  /** IFLA_MAX_MTU: largest MTU the device accepts. */
  maxMtu: number | null
  /** IFLA_ADDRESS: the link-layer address ('02:00:00:00:00:01' for Ethernet). */
  address: string | null
  /** IFLA_BROADCAST: the link-layer broadcast address. */
  broadcast: string | null
  /** IFLA_PERM_ADDRESS: the hardware's own address, when it differs from `address`. */
  permAddress: string | null
  /** Index of the master device (bridge, bond, VRF). */
  master: number | null
  /** Index of the lower device (IFLA_LINK: veth peer, macvlan/vlan parent). */
  link: number | null
  /** IFLA_LINK_NETNSID: `link` is in another namespace with this id. */
  linkNetnsId: number | null
  /** IFLA_OPERSTATE (RFC 2863): 'up', 'down', 'lowerlayerdown', 'unknown', ... or the number. */
  operstate: OperStateName | number | null
  /** IFLA_LINKMODE: 'default' or 'dormant', or the number. */
  linkmode: string | number | null
  /** IFLA_TXQLEN: transmit queue length, packets. */
  txqlen: number | null
  /** IFLA_GROUP: the device group. */
  group: number | null
  /** IFLA_PROMISCUITY: how many users put the device in promiscuous mode. */
  promiscuity: number | null
  /** IFLA_NUM_TX_QUEUES. */
  numTxQueues: number | null
  /** IFLA_NUM_RX_QUEUES. */
  numRxQueues: number | null
  /** IFLA_CARRIER: 1 when the device has a carrier. */
  carrier: number | null
  /** IFLA_CARRIER_CHANGES: carrier transitions since the device was created. */
  carrierChanges: number | null
  /** IFLA_QDISC: the root queueing discipline ('noqueue', 'fq_codel', ...). */
  qdisc: string | null
  /** IFLA_IFALIAS: the free-text alias (`ip link set NAME alias TEXT`). */
  ifalias: string | null
  /** Alternative names (IFLA_PROP_LIST / IFLA_ALT_IFNAME). */
  altNames: string[] | null
  /** IFLA_INFO_KIND ('veth', 'bridge', 'vxlan', ...). */
  kind: string | null
  /** IFLA_INFO_DATA decoded per kind (camelCase names); a Buffer for kinds without a layout. */
  linkinfo: Record<string, unknown> | Buffer | null
  /** IFLA_INFO_SLAVE_KIND ('bridge' for a bridge port, 'bond' for a bond slave). */
  slaveKind: string | null
  /** IFLA_INFO_SLAVE_DATA decoded per slave kind. */
  slaveInfo: Record<string, unknown> | Buffer | null
  /** IFLA_STATS64. */
  stats: LinkStats | null
  /**
   * Known attributes without a field of their own (e.g. `gsoMaxSize`), by schema name; null when there
   * are none.
   */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** IFA_CACHEINFO: lifetimes and timestamps of an address. */
export interface AddressCacheInfo {
  /** Preferred lifetime left, seconds (0xffffffff = forever). */
  preferred: number
  /** Valid lifetime left, seconds (0xffffffff = forever). */
  valid: number
  /** Created / updated timestamps, hundredths of seconds since boot. */
  cstamp: number
  /** Last-updated timestamp, hundredths of seconds since boot. */
  tstamp: number
}

/** An interface address as a dump or a notification returns it (`ip addr` shows the same fields). */
export interface Address {
  /** 4 or 6; other AF_* numbers as they are. */
  family: IpFamily | number
  /** Prefix length of the address (ifa_prefixlen). */
  prefixlen: number
  /** IFA_F_* flags (IFA_FLAGS when sent, else the 8-bit header field). */
  flags: number
  /** ifa_scope: 'universe', 'link', 'host', ... or the number. */
  scope: ScopeName | number
  /** Interface index. */
  index: number
  /** IFA_ADDRESS (the peer on point-to-point links). */
  address: string | null
  /** IFA_LOCAL (the local address; equals `address` except on point-to-point links). */
  local: string | null
  /** IFA_LABEL (IPv4 only: 'eth0:1'); null when absent. */
  label: string | null
  /** IFA_BROADCAST (IPv4); null when absent. */
  broadcast: string | null
  /** IFA_ANYCAST (IPv6); null when absent. */
  anycast: string | null
  /** IFA_CACHEINFO: lifetimes and timestamps; null when absent. */
  cacheinfo: AddressCacheInfo | null
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  priority: number | null
  /** IFA_PROTO (who added the address). */
  proto: number | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** NDA_CACHEINFO: ages of a neighbour entry. */
export interface NeighbourCacheInfo {
  /** Time since the entry was last confirmed reachable (clock ticks as the kernel reports them). */
  confirmed: number
  /** Time since the entry was last used. */
  used: number
  /** Time since the entry was last updated. */
  updated: number
  /** References the kernel holds on the entry. */
  refcnt: number
}

/** A neighbour (ARP / NDP / bridge fdb) entry as a dump or a notification returns it (`ip neigh`). */
export interface Neighbour {
  /** 4 or 6; 7 (AF_BRIDGE) for bridge fdb entries. */
  family: IpFamily | number
  /** Interface index (ndm_ifindex). */
  ifindex: number
  /** NUD state: a name for a single state bit (or 'none'), the number for combinations. */
  state: NeighbourStateName | number
  /** NTF_* flags. */
  flags: number
  /** NTF_ROUTER is set. */
  router: boolean
  /** ndm_type (route type of the address, e.g. 'unicast'). */
  type: RouteTypeName | number
  /** NDA_DST: the neighbour's network address; null when absent (some fdb entries). */
  dst: string | null
  /** NDA_LLADDR: its link-layer address; null when unresolved. */
  lladdr: string | null
  /** NDA_PROBES: probes sent since the last confirmation. */
  probes: number | null
  /** NDA_VLAN (bridge fdb). */
  vlan: number | null
  /** NDA_VNI (vxlan fdb). */
  vni: number | null
  /** NDA_PORT: UDP port (vxlan fdb). */
  port: number | null
  /** NDA_MASTER: index of the master (bridge) device. */
  master: number | null
  /** NDA_LINK_NETNSID: the entry's device is in the namespace with this id. */
  linkNetnsId: number | null
  /** NDA_PROTOCOL: who added the entry; null when absent. */
  protocol: RouteProtocolName | number | null
  /** NDA_CACHEINFO; null when absent. */
  cacheinfo: NeighbourCacheInfo | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** An inclusive range of numbers (uid range, port range) of a rule. */
export interface RuleRange {
  /** First number of the range. */
  start: number
  /** Last number of the range (inclusive). */
  end: number
}

/** A policy-routing rule as a dump or a notification returns it (`ip rule` shows the same fields). */
export interface Rule {
  /** 4 or 6; other AF_* numbers as they are. */
  family: IpFamily | number
  /** FRA_PRIORITY; 0 when absent (the kernel omits priority 0). */
  priority: number
  /** Full 32-bit table id: FRA_TABLE when sent, else the header's table. */
  table: number
  /**
   * What a match does: 'to_tbl' (lookup), 'goto', 'blackhole', 'unreachable', 'prohibit', ... or the
   * number.
   */
  action: RuleActionName | number
  /** Source prefix as CIDR text; null for 'from all'. */
  src: string | null
  /** Source prefix length (0 for 'from all'). */
  srcLen: number
  /** Destination prefix as CIDR text; null for 'to all'. */
  dst: string | null
  /** Destination prefix length (0 for 'to all'). */
  dstLen: number
  /** TOS selector (0 matches any). */
  tos: number
  /** FIB_RULE_* flags (FIB_RULE_INVERT = 'not'). */
  flags: number
  /** FRA_IIFNAME: matches packets arriving on this interface; null for any. */
  iifname: string | null
  /** FRA_OIFNAME: matches packets leaving through this interface (VRF); null for any. */
  oifname: string | null
  /** FRA_FWMARK: matches this firewall mark; null when absent. */
  fwmark: number | null
  /** FRA_FWMASK: mask applied to the mark before comparing; null when absent. */
  fwmask: number | null
  /** FRA_GOTO target priority. */
  goto: number | null
  /** null when not set (the kernel reports -1). */
  suppressPrefixlen: number | null
  /** FRA_SUPPRESS_IFGROUP: reject lookup results through this interface group; null when not set. */
  suppressIfgroup: number | null
  /** FRA_L3MDEV: 1 when the table comes from the L3 master device (VRF). */
  l3mdev: number | null
  /** FRA_UID_RANGE: matches sockets of these uids; null when absent. */
  uidRange: RuleRange | null
  /** FRA_PROTOCOL: who added the rule; null when absent. */
  protocol: RouteProtocolName | number | null
  /** FRA_IP_PROTO: matches this IP protocol number; null when absent. */
  ipProto: number | null
  /** FRA_SPORT_RANGE: matches these source ports; null when absent. */
  sportRange: RuleRange | null
  /** FRA_DPORT_RANGE: matches these destination ports; null when absent. */
  dportRange: RuleRange | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

// ---------------------------------------------------------------------------------------------
// Change specs (encoder input). Interfaces are indexes: the IPRoute layer resolves names first.

/** A routing table: any 32-bit id, or a reserved name ('main', 'local', 'default', 'unspec'). */
export type TableRef = number | TableName

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

/** A link to add, change or delete (encoder input; interfaces are indexes). */
export interface LinkSpec {
  /** Interface index (to change or delete a link); 0 / absent for a new link. */
  index?: number
  /** IFLA_IFNAME: the name of a new link, or a new name for an existing one (at most 15 bytes). */
  ifname?: string
  /** IFLA_INFO_KIND, for new links: 'veth', 'bridge', 'vxlan', 'macvlan', ... */
  kind?: string
  /** IFLA_INFO_DATA of `kind` (names as in Link.linkinfo; veth: `{ peer: { ifname, ... } }`). */
  linkinfo?: Record<string, unknown>
  /** Set (true) or clear (false) IFF_UP; absent leaves it unchanged. */
  up?: boolean
  /** IFLA_MTU. */
  mtu?: number
  /** IFLA_ADDRESS: a link-layer address ('02:00:00:00:00:01'). */
  address?: string
  /** IFLA_BROADCAST: a link-layer broadcast address. */
  broadcast?: string
  /** Master index; 0 detaches from the master. */
  master?: number
  /** Lower device index (macvlan/vxlan/vlan parent). */
  link?: number
  /** IFLA_TXQLEN: transmit queue length, packets. */
  txqlen?: number
  /** IFLA_GROUP: the device group. */
  group?: number
  /** IFLA_IFALIAS: a free-text alias. */
  ifalias?: string
  /** Move into the namespace of this pid / of this namespace fd. */
  netnsPid?: number
  /** Move into the namespace of this open namespace file descriptor (IFLA_NET_NS_FD). */
  netnsFd?: number
}

/** An address to add or delete (encoder input; interfaces are indexes). */
export interface AddressSpec {
  /** 'addr/len' (a bare address means /32 or /128). */
  address: string
  /** Interface index. */
  index: number
  /** Peer address (point-to-point); sent as IFA_ADDRESS while `address` goes in IFA_LOCAL. */
  peer?: string
  /** IPv4 broadcast address. */
  broadcast?: string
  /** IFA_LABEL (IPv4), by convention the interface name and a suffix ('eth0:1'). */
  label?: string
  /** Default 'universe' ('host' for 127.0.0.0/8 and ::1 as iproute2 does). */
  scope?: ScopeName | 'global' | number
  /** IFA_F_* flags. */
  flags?: number
  /** Lifetimes in seconds (0xffffffff = forever). */
  preferredLifetime?: number
  /** Valid lifetime, seconds (0xffffffff = forever); at least `preferredLifetime`. */
  validLifetime?: number
  /** IFA_RT_PRIORITY (metric of the prefix route). */
  priority?: number
  /** IFA_PROTO: who adds the address (a number; 0 = unspecified). */
  proto?: number
}

/** A neighbour entry to add, change or delete (encoder input; interfaces are indexes). */
export interface NeighbourSpec {
  /** The neighbour's network address (NDA_DST). */
  dst: string
  /** Interface index (ndm_ifindex). */
  ifindex: number
  /** Its link-layer address (NDA_LLADDR). */
  lladdr?: string
  /** Default 'permanent'. */
  state?: NeighbourStateName | number
  /** NTF_* flags (NTF.ROUTER marks an IPv6 router, NTF.PROXY a proxy entry). */
  flags?: number
  /** Overrides `family` derived from `dst` (e.g. 7 for bridge fdb entries). */
  family?: number
  /** NDA_VLAN (bridge fdb). */
  vlan?: number
  /** NDA_MASTER: index of the master (bridge) device. */
  master?: number
  /** NDA_PROTOCOL: who adds the entry. */
  protocol?: RouteProtocolName | number
}

/** A policy-routing rule to add or delete (encoder input). */
export interface RuleSpec {
  /** Needed when neither src nor dst tells it; default 4. */
  family?: IpFamily
  /** FRA_PRIORITY: the rule's position (lower first); the kernel picks one when absent. */
  priority?: number
  /** Table (any 32-bit id or reserved name) for action 'to_tbl' (the default action). */
  table?: TableRef
  /** What a match does; default 'to_tbl' (lookup in `table`). */
  action?: RuleActionName | number
  /** CIDR text; absent = all. */
  src?: string
  /** Destination prefix as CIDR text; absent = all. */
  dst?: string
  /** TOS selector. */
  tos?: number
  /** FIB_RULE_* flags (FIB_RULE.INVERT = 'not'). */
  flags?: number
  /** Match packets arriving on this interface (FRA_IIFNAME). */
  iifname?: string
  /** Match packets leaving through this interface (FRA_OIFNAME). */
  oifname?: string
  /** Match this firewall mark (FRA_FWMARK). */
  fwmark?: number
  /** Mask applied to the mark before comparing (FRA_FWMASK). */
  fwmask?: number
  /** FRA_GOTO: the priority of the rule to continue at (action 'goto'). */
  goto?: number
  /** FRA_SUPPRESS_PREFIXLEN: reject lookup results with a prefix this short or shorter. */
  suppressPrefixlen?: number
  /** FRA_SUPPRESS_IFGROUP: reject lookup results through this interface group. */
  suppressIfgroup?: number
  /** Match sockets of these uids (FRA_UID_RANGE). */
  uidRange?: RuleRange
  /** FRA_PROTOCOL: who adds the rule. */
  protocol?: RouteProtocolName | number
  /** Match this IP protocol number (FRA_IP_PROTO). */
  ipProto?: number
  /** Match these source ports (FRA_SPORT_RANGE). */
  sportRange?: RuleRange
  /** Match these destination ports (FRA_DPORT_RANGE). */
  dportRange?: RuleRange
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
  /** Next-hop address: the route's gateway, its RTA_VIA address, or any multipath path's gateway. */
  gateway?: string
}
