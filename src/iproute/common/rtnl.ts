/**
 * What every rtnetlink object kind shares: address families, the message type numbers (RTM_*), the
 * multicast groups, and the enumerations more than one kind carries (route types: routes and
 * neighbours; protocols: routes, neighbours and rules; scopes: routes and addresses; reserved
 * tables: routes and rules). Values are from the kernel UAPI headers (linux/rtnetlink.h); names
 * follow iproute2 (/etc/iproute2/rt_protos etc.) except where noted.
 */
import { defineNames } from '../../schema/names'
import { enumNames, LowerNames, lowerNames } from './enum'

// ---------------------------------------------------------------------------------------------
// Address families

// AF_UNSPEC, AF_INET, AF_INET6 and the public-family mapping are every family's (the toolkit's).
export { AF_UNSPEC, AF_INET, AF_INET6, familyFromAf, afFromFamily } from '../../toolkit/family'
/** AF_BRIDGE: bridge fdb entries and bridge port settings. */
export const AF_BRIDGE = 7
/** AF_MPLS: MPLS routes. */
export const AF_MPLS = 28

// ---------------------------------------------------------------------------------------------
// Message types and groups

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
  NEWNEXTHOPBUCKET: 116,
  DELNEXTHOPBUCKET: 117,
  GETNEXTHOPBUCKET: 118,
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

// ---------------------------------------------------------------------------------------------
// Enumerations of several kinds

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

/** Names of the reserved routing tables. */
export type TableName = LowerNames<typeof RT_TABLE>

/** Reserved routing table ids. Route objects show tables as numbers; encoders accept these names. */
export const TABLES = enumNames('routing table', RT_TABLE)

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

/** Names of route types (rtm_type), as `ip route` prints them. */
export type RouteTypeName = LowerNames<typeof RTN>

/** Route type numbers ↔ names (RTN_*; 'unicast', 'blackhole', ...). */
export const ROUTE_TYPES = enumNames('route type', RTN)

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

/** The protocols of iproute2's rt_protos above the kernel's own (RTPROT). */
const DAEMON_PROTOCOLS = {
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
} as const

/** Route protocol names as in iproute2's rt_protos. */
export type RouteProtocolName = LowerNames<typeof RTPROT> | (typeof DAEMON_PROTOCOLS)[keyof typeof DAEMON_PROTOCOLS]

/**
 * Route protocol numbers ↔ names (RTPROT_* and iproute2's rt_protos: 'kernel', 'boot', 'static', 'bgp',
 * ...).
 */
export const ROUTE_PROTOCOLS = defineNames<RouteProtocolName>('route protocol', { ...lowerNames(RTPROT), ...DAEMON_PROTOCOLS })

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

/**
 * Scope names. The kernel calls 0 RT_SCOPE_UNIVERSE and this library shows 'universe'; iproute2
 * prints it as 'global', which encoders accept as an alias.
 */
export type ScopeName = LowerNames<typeof RT_SCOPE>

/** Scope numbers ↔ names (RT_SCOPE_*; 'global' is accepted for 'universe'). */
export const SCOPES = enumNames('scope', RT_SCOPE, { global: RT_SCOPE.UNIVERSE })
