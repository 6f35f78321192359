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
export type IpFamily = 4 | 6

/** Attributes known to the schema without a dedicated field, by schema name. */
export type ExtraAttrs = Record<string, unknown>

/** RTA_METRICS (route metrics). Only metrics the kernel sent are present. */
export interface RouteMetrics {
  /** Bitmask of locked metrics: bit (1 << RTAX_x) locks metric x ('mtu lock 1400' sets 1 << 2). */
  lock?: number
  mtu?: number
  window?: number
  rtt?: number
  rttvar?: number
  ssthresh?: number
  cwnd?: number
  advmss?: number
  reordering?: number
  hoplimit?: number
  initcwnd?: number
  features?: number
  rtoMin?: number
  initrwnd?: number
  quickack?: number
  ccAlgo?: string
  fastopenNoCookie?: number
  unknown?: UnknownAttr[]
}

/** RTA_VIA: a gateway of another family (IPv6 next hop of an IPv4 route). */
export interface RouteVia {
  family: number
  address: string
}

/** RTA_ENCAP_TYPE + RTA_ENCAP. `data` is decoded for ip/ip6/mpls, a raw Buffer for other types. */
export interface RouteEncap {
  type: string | number
  data: Record<string, unknown> | Buffer
}

/** One path of a multipath route (struct rtnexthop plus its attributes). */
export interface NextHop {
  gateway: string | null
  via: RouteVia | null
  oif: number
  /** rtnh_hops + 1, as iproute2 shows it (1..256). */
  weight: number
  /** RTNH_F_* flags. */
  flags: number
  encap: RouteEncap | null
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

export interface Route {
  family: IpFamily | number
  type: RouteTypeName | number
  /** Full 32-bit table id: RTA_TABLE when sent, else rtm_table. */
  table: number
  protocol: RouteProtocolName | number
  scope: ScopeName | number
  /** Destination prefix as CIDR text; '0.0.0.0/0' / '::/0' for default routes. */
  dst: string
  dstLen: number
  /** Source prefix as CIDR text (IPv6 source routing); null when the route has none. */
  src: string | null
  srcLen: number
  tos: number
  /** rtm_flags (RTM_F_* | RTNH_F_*). */
  flags: number
  /** RTA_PRIORITY (the metric). */
  priority: number | null
  gateway: string | null
  via: RouteVia | null
  oif: number | null
  iif: number | null
  prefsrc: string | null
  /** RTA_PREF (IPv6 router preference). */
  pref: RoutePrefName | number | null
  /** RTA_NH_ID: the route uses a nexthop object. */
  nhId: number | null
  metrics: RouteMetrics | null
  multipath: NextHop[] | null
  encap: RouteEncap | null
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

/** rtnl_link_stats64 fields (camelCase); counters the kernel did not send read 0. */
export interface LinkStats {
  rxPackets: number
  txPackets: number
  rxBytes: number
  txBytes: number
  rxErrors: number
  txErrors: number
  rxDropped: number
  txDropped: number
  multicast: number
  collisions: number
  rxLengthErrors: number
  rxOverErrors: number
  rxCrcErrors: number
  rxFrameErrors: number
  rxFifoErrors: number
  rxMissedErrors: number
  txAbortedErrors: number
  txCarrierErrors: number
  txFifoErrors: number
  txHeartbeatErrors: number
  txWindowErrors: number
  rxCompressed: number
  txCompressed: number
  rxNohandler: number
  rxOtherhostDropped: number
}

export interface Link {
  index: number
  ifname: string | null
  /** ARPHRD_* type: name for the common ones ('ether', 'loopback', 'none'), else the number. */
  type: string | number
  /** IFF_* flags. */
  flags: number
  /** IFF_UP is set (administratively up). */
  up: boolean
  mtu: number | null
  minMtu: number | null
  maxMtu: number | null
  address: string | null
  broadcast: string | null
  permAddress: string | null
  /** Index of the master device (bridge, bond, VRF). */
  master: number | null
  /** Index of the lower device (IFLA_LINK: veth peer, macvlan/vlan parent). */
  link: number | null
  /** IFLA_LINK_NETNSID: `link` is in another namespace with this id. */
  linkNetnsId: number | null
  operstate: OperStateName | number | null
  linkmode: string | number | null
  txqlen: number | null
  group: number | null
  promiscuity: number | null
  numTxQueues: number | null
  numRxQueues: number | null
  carrier: number | null
  carrierChanges: number | null
  qdisc: string | null
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
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

export interface AddressCacheInfo {
  preferred: number
  valid: number
  /** Created / updated timestamps, hundredths of seconds since boot. */
  cstamp: number
  tstamp: number
}

export interface Address {
  family: IpFamily | number
  prefixlen: number
  /** IFA_F_* flags (IFA_FLAGS when sent, else the 8-bit header field). */
  flags: number
  scope: ScopeName | number
  /** Interface index. */
  index: number
  /** IFA_ADDRESS (the peer on point-to-point links). */
  address: string | null
  /** IFA_LOCAL (the local address; equals `address` except on point-to-point links). */
  local: string | null
  label: string | null
  broadcast: string | null
  anycast: string | null
  cacheinfo: AddressCacheInfo | null
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  priority: number | null
  /** IFA_PROTO (who added the address). */
  proto: number | null
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

export interface NeighbourCacheInfo {
  confirmed: number
  used: number
  updated: number
  refcnt: number
}

export interface Neighbour {
  family: IpFamily | number
  ifindex: number
  /** NUD state: a name for a single state bit (or 'none'), the number for combinations. */
  state: NeighbourStateName | number
  /** NTF_* flags. */
  flags: number
  /** NTF_ROUTER is set. */
  router: boolean
  /** ndm_type (route type of the address, e.g. 'unicast'). */
  type: RouteTypeName | number
  dst: string | null
  lladdr: string | null
  probes: number | null
  vlan: number | null
  vni: number | null
  port: number | null
  master: number | null
  linkNetnsId: number | null
  protocol: RouteProtocolName | number | null
  cacheinfo: NeighbourCacheInfo | null
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

export interface RuleRange {
  start: number
  end: number
}

export interface Rule {
  family: IpFamily | number
  /** FRA_PRIORITY; 0 when absent (the kernel omits priority 0). */
  priority: number
  /** Full 32-bit table id: FRA_TABLE when sent, else the header's table. */
  table: number
  action: RuleActionName | number
  /** Source prefix as CIDR text; null for 'from all'. */
  src: string | null
  srcLen: number
  /** Destination prefix as CIDR text; null for 'to all'. */
  dst: string | null
  dstLen: number
  tos: number
  /** FIB_RULE_* flags (FIB_RULE_INVERT = 'not'). */
  flags: number
  iifname: string | null
  oifname: string | null
  fwmark: number | null
  fwmask: number | null
  /** FRA_GOTO target priority. */
  goto: number | null
  /** null when not set (the kernel reports -1). */
  suppressPrefixlen: number | null
  suppressIfgroup: number | null
  l3mdev: number | null
  uidRange: RuleRange | null
  protocol: RouteProtocolName | number | null
  ipProto: number | null
  sportRange: RuleRange | null
  dportRange: RuleRange | null
  extra: ExtraAttrs | null
  unknown: UnknownAttr[] | null
}

// ---------------------------------------------------------------------------------------------
// Change specs (encoder input). Interfaces are indexes: the IPRoute layer resolves names first.

export type TableRef = number | TableName

export interface NextHopSpec {
  gateway?: string
  oif?: number
  /** 1..256 (default 1). */
  weight?: number
  /** RTNH_F_* flags (e.g. RTNH_F.ONLINK). */
  flags?: number
}

export interface RouteSpec {
  /** 'default', CIDR text, or an address (a host route). */
  dst: string
  /** Needed only when nothing else tells the family ('default' without a gateway); default 4. */
  family?: IpFamily
  /** Source prefix (RTA_SRC). */
  src?: string
  gateway?: string
  oif?: number
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
  metric?: number
  prefsrc?: string
  tos?: number
  /** rtm_flags, e.g. RTNH_F.ONLINK. */
  flags?: number
  metrics?: Omit<RouteMetrics, 'unknown'>
  multipath?: NextHopSpec[]
  pref?: RoutePrefName | number
  nhId?: number
  mark?: number
}

export interface LinkSpec {
  /** Interface index (to change or delete a link); 0 / absent for a new link. */
  index?: number
  ifname?: string
  /** IFLA_INFO_KIND, for new links: 'veth', 'bridge', 'vxlan', 'macvlan', ... */
  kind?: string
  /** IFLA_INFO_DATA of `kind` (names as in Link.linkinfo; veth: `{ peer: { ifname, ... } }`). */
  linkinfo?: Record<string, unknown>
  /** Set (true) or clear (false) IFF_UP; absent leaves it unchanged. */
  up?: boolean
  mtu?: number
  address?: string
  broadcast?: string
  /** Master index; 0 detaches from the master. */
  master?: number
  /** Lower device index (macvlan/vxlan/vlan parent). */
  link?: number
  txqlen?: number
  group?: number
  ifalias?: string
  /** Move into the namespace of this pid / of this namespace fd. */
  netnsPid?: number
  netnsFd?: number
}

export interface AddressSpec {
  /** 'addr/len' (a bare address means /32 or /128). */
  address: string
  /** Interface index. */
  index: number
  /** Peer address (point-to-point); sent as IFA_ADDRESS while `address` goes in IFA_LOCAL. */
  peer?: string
  /** IPv4 broadcast address. */
  broadcast?: string
  label?: string
  /** Default 'universe' ('host' for 127.0.0.0/8 and ::1 as iproute2 does). */
  scope?: ScopeName | 'global' | number
  /** IFA_F_* flags. */
  flags?: number
  /** Lifetimes in seconds (0xffffffff = forever). */
  preferredLifetime?: number
  validLifetime?: number
  /** IFA_RT_PRIORITY (metric of the prefix route). */
  priority?: number
  proto?: number
}

export interface NeighbourSpec {
  dst: string
  ifindex: number
  lladdr?: string
  /** Default 'permanent'. */
  state?: NeighbourStateName | number
  /** NTF_* flags (NTF.ROUTER marks an IPv6 router, NTF.PROXY a proxy entry). */
  flags?: number
  /** Overrides `family` derived from `dst` (e.g. 7 for bridge fdb entries). */
  family?: number
  vlan?: number
  master?: number
  protocol?: RouteProtocolName | number
}

export interface RuleSpec {
  /** Needed when neither src nor dst tells it; default 4. */
  family?: IpFamily
  priority?: number
  /** Table (any 32-bit id or reserved name) for action 'to_tbl' (the default action). */
  table?: TableRef
  action?: RuleActionName | number
  /** CIDR text; absent = all. */
  src?: string
  dst?: string
  tos?: number
  /** FIB_RULE_* flags (FIB_RULE.INVERT = 'not'). */
  flags?: number
  iifname?: string
  oifname?: string
  fwmark?: number
  fwmask?: number
  goto?: number
  suppressPrefixlen?: number
  suppressIfgroup?: number
  uidRange?: RuleRange
  protocol?: RouteProtocolName | number
  ipProto?: number
  sportRange?: RuleRange
  dportRange?: RuleRange
}

/**
 * Route selection. `encodeRouteDumpRequest` sends the kernel-side part (family, table, protocol,
 * type, oif — applied by the kernel with NETLINK_GET_STRICT_CHK); `routeMatches` applies every
 * field in JavaScript (the kernel cannot filter on the others, and older kernels ignore filters).
 */
export interface RouteFilter {
  family?: IpFamily
  table?: TableRef
  protocol?: RouteProtocolName | number
  type?: RouteTypeName | number
  scope?: ScopeName | 'global' | number
  oif?: number
  iif?: number
  priority?: number
  /** Exact destination: CIDR text or 'default'. */
  dst?: string
  /** Routes whose destination prefix contains this address (`ip route show match`). */
  contains?: string
  /** Routes whose destination lies inside this prefix, itself included (`ip route show root`). */
  within?: string
  gateway?: string
}
