/**
 * rtnetlink numbers and their names: message types, attribute types, and the name tables used to
 * show route types, protocols, scopes, states etc. Values are from the kernel UAPI headers
 * (linux/rtnetlink.h, if_link.h, if_addr.h, neighbour.h, fib_rules.h, if.h, lwtunnel.h); names follow
 * iproute2 (/etc/iproute2/rt_protos etc.) except where noted. Attribute maps in ./messages.ts use
 * these numbers; nothing else declares them.
 */
import { defineBits, defineNames } from '../schema/names'

// ---------------------------------------------------------------------------------------------
// Address families

/** AF_UNSPEC: no family (rules and dumps of every family). */
export const AF_UNSPEC = 0
/** AF_INET: IPv4 (public family 4). */
export const AF_INET = 2
/** AF_BRIDGE: bridge fdb entries and bridge port settings. */
export const AF_BRIDGE = 7
/** AF_INET6: IPv6 (public family 6). */
export const AF_INET6 = 10
/** AF_MPLS: MPLS routes. */
export const AF_MPLS = 28

/** Public family of an AF_* number: 4 for AF_INET, 6 for AF_INET6, any other AF_* number as is. */
export function familyFromAf(af: number): number {
  return af === AF_INET ? 4 : af === AF_INET6 ? 6 : af
}

/** AF_* number of a public family (4 / 6); other numbers are taken as AF_* numbers already. */
export function afFromFamily(family: number): number {
  return family === 4 ? AF_INET : family === 6 ? AF_INET6 : family
}

// ---------------------------------------------------------------------------------------------
// Message types and flags

/**
 * rtnetlink message types (RTM_NEWLINK → `RTM.NEWLINK`); NEW/DEL/GET of each object kind.
 * @enum
 */
export const RTM = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  SETLINK: 19,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
  NEWROUTE: 24,
  DELROUTE: 25,
  GETROUTE: 26,
  NEWNEIGH: 28,
  DELNEIGH: 29,
  GETNEIGH: 30,
  NEWRULE: 32,
  DELRULE: 33,
  GETRULE: 34,
  NEWQDISC: 36,
  DELQDISC: 37,
  GETQDISC: 38,
  NEWNSID: 88,
  DELNSID: 89,
  GETNSID: 90,
  NEWNEXTHOP: 104,
  DELNEXTHOP: 105,
  GETNEXTHOP: 106,
} as const

/**
 * rtm_flags.
 * @enum
 */
export const RTM_F = {
  NOTIFY: 0x100,
  CLONED: 0x200,
  EQUALIZE: 0x400,
  PREFIX: 0x800,
  LOOKUP_TABLE: 0x1000,
  FIB_MATCH: 0x2000,
  OFFLOAD: 0x4000,
  TRAP: 0x8000,
  OFFLOAD_FAILED: 0x20000000,
} as const

/**
 * rtnetlink multicast groups (numbers for NETLINK_ADD_MEMBERSHIP; bind() mask bit is 1 << (n - 1)).
 * @enum
 */
export const RTNLGRP = {
  NONE: 0,
  LINK: 1,
  NOTIFY: 2,
  NEIGH: 3,
  TC: 4,
  IPV4_IFADDR: 5,
  IPV4_MROUTE: 6,
  IPV4_ROUTE: 7,
  IPV4_RULE: 8,
  IPV6_IFADDR: 9,
  IPV6_MROUTE: 10,
  IPV6_ROUTE: 11,
  IPV6_IFINFO: 12,
  IPV6_PREFIX: 18,
  IPV6_RULE: 19,
  ND_USEROPT: 20,
  IPV4_NETCONF: 24,
  IPV6_NETCONF: 25,
  MDB: 26,
  MPLS_ROUTE: 27,
  NSID: 28,
  NEXTHOP: 32,
  BRVLAN: 33,
} as const

/**
 * IFLA_EXT_MASK bits (RTEXT_FILTER_*).
 * @enum
 */
export const RTEXT_FILTER = {
  VF: 1 << 0,
  BRVLAN: 1 << 1,
  BRVLAN_COMPRESSED: 1 << 2,
  SKIP_STATS: 1 << 3,
  MRP: 1 << 4,
  CFM_CONFIG: 1 << 5,
  CFM_STATUS: 1 << 6,
  MST: 1 << 7,
} as const

// ---------------------------------------------------------------------------------------------
// Routes

/**
 * Route attributes (RTA_DST → `RTA.DST`), carried after struct rtmsg; RTA_METRICS nests RTAX, RTA_MULTIPATH nests rtnexthop records.
 * @enum
 */
export const RTA = {
  DST: 1,
  SRC: 2,
  IIF: 3,
  OIF: 4,
  GATEWAY: 5,
  PRIORITY: 6,
  PREFSRC: 7,
  METRICS: 8,
  MULTIPATH: 9,
  PROTOINFO: 10,
  FLOW: 11,
  CACHEINFO: 12,
  SESSION: 13,
  MP_ALGO: 14,
  TABLE: 15,
  MARK: 16,
  MFC_STATS: 17,
  VIA: 18,
  NEWDST: 19,
  PREF: 20,
  ENCAP_TYPE: 21,
  ENCAP: 22,
  EXPIRES: 23,
  PAD: 24,
  UID: 25,
  TTL_PROPAGATE: 26,
  IP_PROTO: 27,
  SPORT: 28,
  DPORT: 29,
  NH_ID: 30,
} as const

/**
 * RTA_METRICS members.
 * @enum
 */
export const RTAX = {
  LOCK: 1,
  MTU: 2,
  WINDOW: 3,
  RTT: 4,
  RTTVAR: 5,
  SSTHRESH: 6,
  CWND: 7,
  ADVMSS: 8,
  REORDERING: 9,
  HOPLIMIT: 10,
  INITCWND: 11,
  FEATURES: 12,
  RTO_MIN: 13,
  INITRWND: 14,
  QUICKACK: 15,
  CC_ALGO: 16,
  FASTOPEN_NO_COOKIE: 17,
} as const

/**
 * rtnh_flags of multipath next hops (also rtm_flags low byte).
 * @enum
 */
export const RTNH_F = {
  DEAD: 1,
  PERVASIVE: 2,
  ONLINK: 4,
  OFFLOAD: 8,
  LINKDOWN: 16,
  UNRESOLVED: 32,
  TRAP: 64,
} as const

/**
 * Reserved routing table ids (RT_TABLE_MAIN → `RT_TABLE.MAIN`); ids above 255 travel in RTA_TABLE only.
 * @enum
 */
export const RT_TABLE = {
  UNSPEC: 0,
  COMPAT: 252,
  DEFAULT: 253,
  MAIN: 254,
  LOCAL: 255,
} as const

/**
 * Route types, rtm_type (RTN_UNICAST → `RTN.UNICAST`): what the kernel does with a matching packet.
 * @enum
 */
export const RTN = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
  XRESOLVE: 11,
} as const

/**
 * Route origin, rtm_protocol (RTPROT_KERNEL → `RTPROT.KERNEL`); routing daemons use numbers above these (see ROUTE_PROTOCOLS).
 * @enum
 */
export const RTPROT = {
  UNSPEC: 0,
  REDIRECT: 1,
  KERNEL: 2,
  BOOT: 3,
  STATIC: 4,
} as const

/**
 * Route and address scopes, rtm_scope / ifa_scope (RT_SCOPE_LINK → `RT_SCOPE.LINK`): how far the destination is.
 * @enum
 */
export const RT_SCOPE = {
  UNIVERSE: 0,
  SITE: 200,
  LINK: 253,
  HOST: 254,
  NOWHERE: 255,
} as const

/** Names of route types (rtm_type), as `ip route` prints them. */
export type RouteTypeName =
  | 'unspec'
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'anycast'
  | 'multicast'
  | 'blackhole'
  | 'unreachable'
  | 'prohibit'
  | 'throw'
  | 'nat'
  | 'xresolve'

/** Route type numbers ↔ names (RTN_*; 'unicast', 'blackhole', ...). */
export const ROUTE_TYPES = defineNames<RouteTypeName>('route type', {
  0: 'unspec',
  1: 'unicast',
  2: 'local',
  3: 'broadcast',
  4: 'anycast',
  5: 'multicast',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
  9: 'throw',
  10: 'nat',
  11: 'xresolve',
})

/** Route protocol names as in iproute2's rt_protos. */
export type RouteProtocolName =
  | 'unspec'
  | 'redirect'
  | 'kernel'
  | 'boot'
  | 'static'
  | 'gated'
  | 'ra'
  | 'mrt'
  | 'zebra'
  | 'bird'
  | 'dnrouted'
  | 'xorp'
  | 'ntk'
  | 'dhcp'
  | 'keepalived'
  | 'babel'
  | 'openr'
  | 'bgp'
  | 'isis'
  | 'ospf'
  | 'rip'
  | 'eigrp'

/**
 * Route protocol numbers ↔ names (RTPROT_* and iproute2's rt_protos: 'kernel', 'boot', 'static', 'bgp',
 * ...).
 */
export const ROUTE_PROTOCOLS = defineNames<RouteProtocolName>('route protocol', {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  99: 'openr',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
})

/**
 * Scope names. The kernel calls 0 RT_SCOPE_UNIVERSE and this library shows 'universe'; iproute2
 * prints it as 'global', which encoders accept as an alias.
 */
export type ScopeName = 'universe' | 'site' | 'link' | 'host' | 'nowhere'

/** Scope numbers ↔ names (RT_SCOPE_*; 'global' is accepted for 'universe'). */
export const SCOPES = defineNames<ScopeName>(
  'scope',
  { 0: 'universe', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' },
  { global: 0 },
)

/** Names of the reserved routing tables. */
export type TableName = 'unspec' | 'compat' | 'default' | 'main' | 'local'

/** Reserved routing table ids. Route objects show tables as numbers; encoders accept these names. */
export const TABLES = defineNames<TableName>('routing table', {
  0: 'unspec',
  252: 'compat',
  253: 'default',
  254: 'main',
  255: 'local',
})

/** RTA_PREF (IPv6 router preference, RFC 4191). */
export type RoutePrefName = 'medium' | 'high' | 'low' | 'invalid'
/** RTA_PREF numbers ↔ names. */
export const ROUTE_PREFS = defineNames<RoutePrefName>('route preference', { 0: 'medium', 1: 'high', 2: 'invalid', 3: 'low' })

/**
 * RTA_ENCAP_TYPE (LWTUNNEL_ENCAP_*).
 * @enum
 */
export const LWTUNNEL_ENCAP = {
  NONE: 0,
  MPLS: 1,
  IP: 2,
  ILA: 3,
  IP6: 4,
  SEG6: 5,
  BPF: 6,
  SEG6_LOCAL: 7,
  RPL: 8,
  IOAM6: 9,
  XFRM: 10,
} as const

/**
 * Lightweight-tunnel encapsulation numbers ↔ names (LWTUNNEL_ENCAP_*: 'mpls', 'ip', 'ip6', 'seg6',
 * 'bpf', ...).
 */
export const ENCAP_TYPES = defineNames('encap type', {
  0: 'none',
  1: 'mpls',
  2: 'ip',
  3: 'ila',
  4: 'ip6',
  5: 'seg6',
  6: 'bpf',
  7: 'seg6local',
  8: 'rpl',
  9: 'ioam6',
  10: 'xfrm',
})

/**
 * LWTUNNEL_IP_* / LWTUNNEL_IP6_* (same numbers; the address size differs).
 * @enum
 */
export const LWTUNNEL_IP = {
  ID: 1,
  DST: 2,
  SRC: 3,
  TTL: 4,
  TOS: 5,
  FLAGS: 6,
  PAD: 7,
  OPTS: 8,
} as const

/**
 * MPLS_IPTUNNEL_* (encap mpls).
 * @enum
 */
export const MPLS_IPTUNNEL = {
  DST: 1,
  TTL: 2,
} as const

// ---------------------------------------------------------------------------------------------
// Links

/**
 * Link attributes (IFLA_IFNAME → `IFLA.IFNAME`), carried after struct ifinfomsg.
 * @enum
 */
export const IFLA = {
  ADDRESS: 1,
  BROADCAST: 2,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  QDISC: 6,
  STATS: 7,
  COST: 8,
  PRIORITY: 9,
  MASTER: 10,
  WIRELESS: 11,
  PROTINFO: 12,
  TXQLEN: 13,
  MAP: 14,
  WEIGHT: 15,
  OPERSTATE: 16,
  LINKMODE: 17,
  LINKINFO: 18,
  NET_NS_PID: 19,
  IFALIAS: 20,
  NUM_VF: 21,
  VFINFO_LIST: 22,
  STATS64: 23,
  VF_PORTS: 24,
  PORT_SELF: 25,
  AF_SPEC: 26,
  GROUP: 27,
  NET_NS_FD: 28,
  EXT_MASK: 29,
  PROMISCUITY: 30,
  NUM_TX_QUEUES: 31,
  NUM_RX_QUEUES: 32,
  CARRIER: 33,
  PHYS_PORT_ID: 34,
  CARRIER_CHANGES: 35,
  PHYS_SWITCH_ID: 36,
  LINK_NETNSID: 37,
  PHYS_PORT_NAME: 38,
  PROTO_DOWN: 39,
  GSO_MAX_SEGS: 40,
  GSO_MAX_SIZE: 41,
  PAD: 42,
  XDP: 43,
  EVENT: 44,
  NEW_NETNSID: 45,
  TARGET_NETNSID: 46,
  CARRIER_UP_COUNT: 47,
  CARRIER_DOWN_COUNT: 48,
  NEW_IFINDEX: 49,
  MIN_MTU: 50,
  MAX_MTU: 51,
  PROP_LIST: 52,
  ALT_IFNAME: 53,
  PERM_ADDRESS: 54,
  PROTO_DOWN_REASON: 55,
  PARENT_DEV_NAME: 56,
  PARENT_DEV_BUS_NAME: 57,
  GRO_MAX_SIZE: 58,
  TSO_MAX_SIZE: 59,
  TSO_MAX_SEGS: 60,
  ALLMULTI: 61,
} as const

/**
 * IFLA_LINKINFO members (IFLA_INFO_KIND → `IFLA_INFO.KIND`): the link kind and its kind-specific data.
 * @enum
 */
export const IFLA_INFO = {
  KIND: 1,
  DATA: 2,
  XSTATS: 3,
  SLAVE_KIND: 4,
  SLAVE_DATA: 5,
} as const

/**
 * IFLA_INFO_DATA members of a veth (VETH_INFO_PEER: the peer's ifinfomsg and attributes).
 * @enum
 */
export const VETH_INFO = {
  PEER: 1,
} as const

/**
 * IFLA_INFO_DATA members of a bridge (IFLA_BR_STP_STATE → `IFLA_BR.STP_STATE`).
 * @enum
 */
export const IFLA_BR = {
  FORWARD_DELAY: 1,
  HELLO_TIME: 2,
  MAX_AGE: 3,
  AGEING_TIME: 4,
  STP_STATE: 5,
  PRIORITY: 6,
  VLAN_FILTERING: 7,
  VLAN_PROTOCOL: 8,
  GROUP_FWD_MASK: 9,
  ROOT_ID: 10,
  BRIDGE_ID: 11,
  ROOT_PORT: 12,
  ROOT_PATH_COST: 13,
  TOPOLOGY_CHANGE: 14,
  TOPOLOGY_CHANGE_DETECTED: 15,
  HELLO_TIMER: 16,
  TCN_TIMER: 17,
  TOPOLOGY_CHANGE_TIMER: 18,
  GC_TIMER: 19,
  GROUP_ADDR: 20,
  FDB_FLUSH: 21,
  MCAST_ROUTER: 22,
  MCAST_SNOOPING: 23,
  MCAST_QUERY_USE_IFADDR: 24,
  MCAST_QUERIER: 25,
  MCAST_HASH_ELASTICITY: 26,
  MCAST_HASH_MAX: 27,
  MCAST_LAST_MEMBER_CNT: 28,
  MCAST_STARTUP_QUERY_CNT: 29,
  MCAST_LAST_MEMBER_INTVL: 30,
  MCAST_MEMBERSHIP_INTVL: 31,
  MCAST_QUERIER_INTVL: 32,
  MCAST_QUERY_INTVL: 33,
  MCAST_QUERY_RESPONSE_INTVL: 34,
  MCAST_STARTUP_QUERY_INTVL: 35,
  NF_CALL_IPTABLES: 36,
  NF_CALL_IP6TABLES: 37,
  NF_CALL_ARPTABLES: 38,
  VLAN_DEFAULT_PVID: 39,
  PAD: 40,
  VLAN_STATS_ENABLED: 41,
  MCAST_STATS_ENABLED: 42,
  MCAST_IGMP_VERSION: 43,
  MCAST_MLD_VERSION: 44,
  VLAN_STATS_PER_PORT: 45,
  MULTI_BOOLOPT: 46,
  MCAST_QUERIER_STATE: 47,
} as const

/**
 * IFLA_INFO_DATA members of a vxlan link (IFLA_VXLAN_ID → `IFLA_VXLAN.ID`).
 * @enum
 */
export const IFLA_VXLAN = {
  ID: 1,
  GROUP: 2,
  LINK: 3,
  LOCAL: 4,
  TTL: 5,
  TOS: 6,
  LEARNING: 7,
  AGEING: 8,
  LIMIT: 9,
  PORT_RANGE: 10,
  PROXY: 11,
  RSC: 12,
  L2MISS: 13,
  L3MISS: 14,
  PORT: 15,
  GROUP6: 16,
  LOCAL6: 17,
  UDP_CSUM: 18,
  UDP_ZERO_CSUM6_TX: 19,
  UDP_ZERO_CSUM6_RX: 20,
  REMCSUM_TX: 21,
  REMCSUM_RX: 22,
  GBP: 23,
  REMCSUM_NOPARTIAL: 24,
  COLLECT_METADATA: 25,
  LABEL: 26,
  GPE: 27,
  TTL_INHERIT: 28,
  DF: 29,
  VNIFILTER: 30,
} as const

/**
 * IFLA_INFO_DATA members of a macvlan link (IFLA_MACVLAN_MODE → `IFLA_MACVLAN.MODE`).
 * @enum
 */
export const IFLA_MACVLAN = {
  MODE: 1,
  FLAGS: 2,
  MACADDR_MODE: 3,
  MACADDR: 4,
  MACADDR_DATA: 5,
  MACADDR_COUNT: 6,
  BC_QUEUE_LEN: 7,
  BC_QUEUE_LEN_USED: 8,
} as const

/** macvlan mode numbers ↔ names (MACVLAN_MODE_*: 'private', 'vepa', 'bridge', 'passthru', 'source'). */
export const MACVLAN_MODES = defineNames('macvlan mode', {
  1: 'private',
  2: 'vepa',
  4: 'bridge',
  8: 'passthru',
  16: 'source',
})

/**
 * IFLA_INFO_DATA members of a vlan link (IFLA_VLAN_ID → `IFLA_VLAN.ID`).
 * @enum
 */
export const IFLA_VLAN = {
  ID: 1,
  FLAGS: 2,
  EGRESS_QOS: 3,
  INGRESS_QOS: 4,
  PROTOCOL: 5,
} as const
/**
 * Members of IFLA_VLAN_EGRESS_QOS / IFLA_VLAN_INGRESS_QOS (struct ifla_vlan_qos_mapping entries).
 * @enum
 */
export const IFLA_VLAN_QOS = {
  MAPPING: 1,
} as const
/**
 * ifla_vlan_flags.flags bits (VLAN_FLAG_REORDER_HDR → `VLAN_FLAG.REORDER_HDR`).
 * @enum
 */
export const VLAN_FLAG = {
  REORDER_HDR: 1,
  GVRP: 2,
  LOOSE_BINDING: 4,
  MVRP: 8,
  BRIDGE_BINDING: 16,
} as const

/**
 * IFLA_INFO_DATA members of a bond (IFLA_BOND_MODE → `IFLA_BOND.MODE`).
 * @enum
 */
export const IFLA_BOND = {
  MODE: 1,
  ACTIVE_SLAVE: 2,
  MIIMON: 3,
  UPDELAY: 4,
  DOWNDELAY: 5,
  USE_CARRIER: 6,
  ARP_INTERVAL: 7,
  ARP_IP_TARGET: 8,
  ARP_VALIDATE: 9,
  ARP_ALL_TARGETS: 10,
  PRIMARY: 11,
  PRIMARY_RESELECT: 12,
  FAIL_OVER_MAC: 13,
  XMIT_HASH_POLICY: 14,
  RESEND_IGMP: 15,
  NUM_PEER_NOTIF: 16,
  ALL_SLAVES_ACTIVE: 17,
  MIN_LINKS: 18,
  LP_INTERVAL: 19,
  PACKETS_PER_SLAVE: 20,
  AD_LACP_RATE: 21,
  AD_SELECT: 22,
  AD_INFO: 23,
  AD_ACTOR_SYS_PRIO: 24,
  AD_USER_PORT_KEY: 25,
  AD_ACTOR_SYSTEM: 26,
  TLB_DYNAMIC_LB: 27,
  PEER_NOTIF_DELAY: 28,
  AD_LACP_ACTIVE: 29,
  MISSED_MAX: 30,
  NS_IP6_TARGET: 31,
  COUPLED_CONTROL: 32,
} as const

/**
 * IFLA_BOND_AD_INFO members: the 802.3ad aggregator state of a bond.
 * @enum
 */
export const IFLA_BOND_AD_INFO = {
  AGGREGATOR: 1,
  NUM_PORTS: 2,
  ACTOR_KEY: 3,
  PARTNER_KEY: 4,
  PARTNER_MAC: 5,
} as const

/**
 * IFLA_INFO_SLAVE_DATA members of a bond port (IFLA_BOND_SLAVE_STATE → `IFLA_BOND_SLAVE.STATE`).
 * @enum
 */
export const IFLA_BOND_SLAVE = {
  STATE: 1,
  MII_STATUS: 2,
  LINK_FAILURE_COUNT: 3,
  PERM_HWADDR: 4,
  QUEUE_ID: 5,
  AD_AGGREGATOR_ID: 6,
  AD_ACTOR_OPER_PORT_STATE: 7,
  AD_PARTNER_OPER_PORT_STATE: 8,
  PRIO: 9,
} as const

/** Bond modes with iproute2's names (BOND_MODE_* in linux/if_bonding.h). */
export const BOND_MODES = defineNames('bond mode', {
  0: 'balance-rr',
  1: 'active-backup',
  2: 'balance-xor',
  3: 'broadcast',
  4: '802.3ad',
  5: 'balance-tlb',
  6: 'balance-alb',
})

/**
 * IFLA_BRPORT_* (bridge port info, IFLA_INFO_SLAVE_DATA of slave kind 'bridge'); the common ones.
 * @enum
 */
export const IFLA_BRPORT = {
  STATE: 1,
  PRIORITY: 2,
  COST: 3,
  MODE: 4,
  GUARD: 5,
  PROTECT: 6,
  FAST_LEAVE: 7,
  LEARNING: 8,
  UNICAST_FLOOD: 9,
  PROXYARP: 10,
  LEARNING_SYNC: 11,
  PROXYARP_WIFI: 12,
  ROOT_ID: 13,
  BRIDGE_ID: 14,
  DESIGNATED_PORT: 15,
  DESIGNATED_COST: 16,
  ID: 17,
  NO: 18,
  TOPOLOGY_CHANGE_ACK: 19,
  CONFIG_PENDING: 20,
  MESSAGE_AGE_TIMER: 21,
  FORWARD_DELAY_TIMER: 22,
  HOLD_TIMER: 23,
  FLUSH: 24,
  MULTICAST_ROUTER: 25,
  PAD: 26,
  MCAST_FLOOD: 27,
  MCAST_TO_UCAST: 28,
  VLAN_TUNNEL: 29,
  BCAST_FLOOD: 30,
  GROUP_FWD_MASK: 31,
  NEIGH_SUPPRESS: 32,
  ISOLATED: 33,
  BACKUP_PORT: 34,
  MRP_RING_OPEN: 35,
  MRP_IN_OPEN: 36,
  MCAST_EHT_HOSTS_LIMIT: 37,
  MCAST_EHT_HOSTS_CNT: 38,
  LOCKED: 39,
} as const

/**
 * IFLA_AF_SPEC members for AF_INET6 (IFLA_INET6_*).
 * @enum
 */
export const IFLA_INET6 = {
  FLAGS: 1,
  CONF: 2,
  STATS: 3,
  MCAST: 4,
  CACHEINFO: 5,
  ICMP6STATS: 6,
  TOKEN: 7,
  ADDR_GEN_MODE: 8,
  RA_MTU: 9,
} as const

/**
 * IFLA_XDP members.
 * @enum
 */
export const IFLA_XDP = {
  FD: 1,
  ATTACHED: 2,
  FLAGS: 3,
  PROG_ID: 4,
  DRV_PROG_ID: 5,
  SKB_PROG_ID: 6,
  HW_PROG_ID: 7,
  EXPECTED_FD: 8,
} as const

/**
 * Interface flags (ifi_flags).
 * @enum
 */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  PORTSEL: 0x2000,
  AUTOMEDIA: 0x4000,
  DYNAMIC: 0x8000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
  ECHO: 0x40000,
} as const

/** Interface flag names as iproute2 prints them (`ip -j link` "flags"). */
export const IFF_NAMES = defineBits(
  Object.fromEntries(Object.entries(IFF).map(([name, bit]) => [bit, name])) as Record<number, keyof typeof IFF>,
)

/** IFLA_OPERSTATE (RFC 2863 operational state), lowercase. */
export type OperStateName = 'unknown' | 'notpresent' | 'down' | 'lowerlayerdown' | 'testing' | 'dormant' | 'up'
/** IFLA_OPERSTATE numbers ↔ names. */
export const OPER_STATES = defineNames<OperStateName>('operstate', {
  0: 'unknown',
  1: 'notpresent',
  2: 'down',
  3: 'lowerlayerdown',
  4: 'testing',
  5: 'dormant',
  6: 'up',
})

/** IFLA_LINKMODE numbers ↔ names. */
export const LINK_MODES = defineNames('link mode', { 0: 'default', 1: 'dormant', 2: 'testing' })

/** ARPHRD_* link types with iproute2's names (the common ones). */
export const LINK_TYPES = defineNames('link type', {
  0: 'netrom',
  1: 'ether',
  24: 'ieee1394',
  32: 'infiniband',
  256: 'slip',
  512: 'ppp',
  519: 'rawip',
  768: 'ipip',
  769: 'tunnel6',
  772: 'loopback',
  776: 'sit',
  778: 'gre',
  801: 'ieee802.11',
  803: 'ieee802.11/radiotap',
  823: 'ip6gre',
  824: 'netlink',
  65534: 'none',
  65535: 'void',
})

// ---------------------------------------------------------------------------------------------
// Addresses

/**
 * Address attributes (IFA_ADDRESS → `IFA.ADDRESS`), carried after struct ifaddrmsg.
 * @enum
 */
export const IFA = {
  ADDRESS: 1,
  LOCAL: 2,
  LABEL: 3,
  BROADCAST: 4,
  ANYCAST: 5,
  CACHEINFO: 6,
  MULTICAST: 7,
  FLAGS: 8,
  RT_PRIORITY: 9,
  TARGET_NETNSID: 10,
  PROTO: 11,
} as const

/**
 * Address flags, ifa_flags and IFA_FLAGS (IFA_F_PERMANENT → `IFA_F.PERMANENT`).
 * @enum
 */
export const IFA_F = {
  SECONDARY: 0x01,
  NODAD: 0x02,
  OPTIMISTIC: 0x04,
  DADFAILED: 0x08,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
  MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const

// ---------------------------------------------------------------------------------------------
// Neighbours

/**
 * Neighbour attributes (NDA_LLADDR → `NDA.LLADDR`), carried after struct ndmsg.
 * @enum
 */
export const NDA = {
  DST: 1,
  LLADDR: 2,
  CACHEINFO: 3,
  PROBES: 4,
  VLAN: 5,
  PORT: 6,
  VNI: 7,
  IFINDEX: 8,
  MASTER: 9,
  LINK_NETNSID: 10,
  SRC_VNI: 11,
  PROTOCOL: 12,
  NH_ID: 13,
  FDB_EXT_ATTRS: 14,
  FLAGS_EXT: 15,
  NDM_STATE_MASK: 16,
  NDM_FLAGS_MASK: 17,
} as const

/**
 * Neighbour flags, ndm_flags (NTF_PROXY → `NTF.PROXY`).
 * @enum
 */
export const NTF = {
  USE: 0x01,
  SELF: 0x02,
  MASTER: 0x04,
  PROXY: 0x08,
  EXT_LEARNED: 0x10,
  OFFLOADED: 0x20,
  STICKY: 0x40,
  ROUTER: 0x80,
} as const

/**
 * Neighbour states, ndm_state bits (NUD_REACHABLE → `NUD.REACHABLE`).
 * @enum
 */
export const NUD = {
  NONE: 0x00,
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
} as const

/** Names of the single neighbour states (NUD_*), lowercase. */
export type NeighbourStateName =
  | 'none'
  | 'incomplete'
  | 'reachable'
  | 'stale'
  | 'delay'
  | 'probe'
  | 'failed'
  | 'noarp'
  | 'permanent'

/** Neighbour states (lowercase; iproute2 prints them uppercase). A state word is normally one bit. */
export const NEIGHBOUR_STATES = defineNames<NeighbourStateName>('neighbour state', {
  0x00: 'none',
  0x01: 'incomplete',
  0x02: 'reachable',
  0x04: 'stale',
  0x08: 'delay',
  0x10: 'probe',
  0x20: 'failed',
  0x40: 'noarp',
  0x80: 'permanent',
})

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * Rule attributes (FRA_PRIORITY → `FRA.PRIORITY`), carried after struct fib_rule_hdr.
 * @enum
 */
export const FRA = {
  DST: 1,
  SRC: 2,
  IIFNAME: 3,
  GOTO: 4,
  PRIORITY: 6,
  FWMARK: 10,
  FLOW: 11,
  TUN_ID: 12,
  SUPPRESS_IFGROUP: 13,
  SUPPRESS_PREFIXLEN: 14,
  TABLE: 15,
  FWMASK: 16,
  OIFNAME: 17,
  PAD: 18,
  L3MDEV: 19,
  UID_RANGE: 20,
  PROTOCOL: 21,
  IP_PROTO: 22,
  SPORT_RANGE: 23,
  DPORT_RANGE: 24,
} as const

/**
 * fib_rule_hdr.flags.
 * @enum
 */
export const FIB_RULE = {
  PERMANENT: 0x1,
  INVERT: 0x2,
  UNRESOLVED: 0x4,
  IIF_DETACHED: 0x8,
  OIF_DETACHED: 0x10,
  FIND_SADDR: 0x10000,
} as const

/**
 * Rule actions, the fib_rule_hdr action byte (FR_ACT_TO_TBL → `FR_ACT.TO_TBL`).
 * @enum
 */
export const FR_ACT = {
  UNSPEC: 0,
  TO_TBL: 1,
  GOTO: 2,
  NOP: 3,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
} as const

/** Names of rule actions (FR_ACT_*), as `ip rule` prints them. */
export type RuleActionName = 'unspec' | 'to_tbl' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit'

/** Rule action numbers ↔ names (FR_ACT_*). */
export const RULE_ACTIONS = defineNames<RuleActionName>('rule action', {
  0: 'unspec',
  1: 'to_tbl',
  2: 'goto',
  3: 'nop',
  6: 'blackhole',
  7: 'unreachable',
  8: 'prohibit',
})
