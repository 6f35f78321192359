/**
 * Link numbers and their names: the IFLA_* attribute types and their nested members, interface
 * flags, operational states, link modes and types (linux/if_link.h, if.h), and the numbers of
 * every link kind whose IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA ./kinds/ lays out (veth, bridge,
 * vxlan, macvlan, vlan, bond, bridge port, bond slave). They are here, not with their kind's
 * attribute map, because the `rtnl` namespace exports them at import while the maps load on
 * first use (../lazy.ts).
 */
import { defineBits, defineNames } from '../../schema/names'

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
  DEVLINK_PORT: 62,
  GSO_IPV4_MAX_SIZE: 63,
  GRO_IPV4_MAX_SIZE: 64,
  DPLL_PIN: 65,
  MAX_PACING_OFFLOAD_HORIZON: 66,
  NETNS_IMMUTABLE: 67,
  HEADROOM: 68,
  TAILROOM: 69,
} as const

/**
 * IFLA_DEVLINK_PORT members: the devlink port handle of the link (linux/devlink.h DEVLINK_ATTR_*).
 * @enum
 */
export const DEVLINK_ATTR = {
  BUS_NAME: 1,
  DEV_NAME: 2,
  PORT_INDEX: 3,
} as const

/**
 * IFLA_DPLL_PIN members: the DPLL pin of the link (linux/dpll.h DPLL_A_PIN_*).
 * @enum
 */
export const DPLL_A_PIN = {
  ID: 1,
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
// IFF inverted on first use: an object keyed by bits up to 1 << 18 is costly to make at import.
export const IFF_NAMES = defineBits(() => Object.fromEntries(Object.entries(IFF).map(([name, bit]) => [bit, name])) as Record<number, keyof typeof IFF>)

/** IFLA_OPERSTATE values (RFC 2863 operational state, lowercase), number → name. */
const OPER_STATE_NAMES = {
  0: 'unknown',
  1: 'notpresent',
  2: 'down',
  3: 'lowerlayerdown',
  4: 'testing',
  5: 'dormant',
  6: 'up',
} as const
/** IFLA_OPERSTATE (RFC 2863 operational state), lowercase. */
export type OperStateName = (typeof OPER_STATE_NAMES)[keyof typeof OPER_STATE_NAMES]
/** IFLA_OPERSTATE numbers ↔ names. */
export const OPER_STATES = defineNames<OperStateName>('operstate', OPER_STATE_NAMES)

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
// Link kinds (./kinds/)

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
  FDB_N_LEARNED: 48,
  FDB_MAX_LEARNED: 49,
  STP_MODE: 50,
} as const

/** IFLA_BR_STP_MODE values (BR_STP_MODE_*) with iproute2's names. */
export const BRIDGE_STP_MODES = defineNames('bridge stp mode', { 0: 'auto', 1: 'user', 2: 'kernel' })

/**
 * IFLA_BR_MCAST_QUERIER_STATE members: the querier the bridge last saw, per IP version (BRIDGE_QUERIER_*).
 * @enum
 */
export const BRIDGE_QUERIER = {
  IP_ADDRESS: 1,
  IP_PORT: 2,
  IP_OTHER_TIMER: 3,
  PAD: 4,
  IPV6_ADDRESS: 5,
  IPV6_PORT: 6,
  IPV6_OTHER_TIMER: 7,
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
  LOCALBYPASS: 31,
  LABEL_POLICY: 32,
  RESERVED_BITS: 33,
  MC_ROUTE: 34,
} as const

/** IFLA_VXLAN_LABEL_POLICY values (VXLAN_LABEL_*) with iproute2's names. */
export const VXLAN_LABEL_POLICIES = defineNames('vxlan label policy', { 0: 'fixed', 1: 'inherit' })

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
  BC_CUTOFF: 9,
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
  BROADCAST_NEIGH: 33,
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
 * IFLA_BRPORT_* (bridge port info, IFLA_INFO_SLAVE_DATA of slave kind 'bridge').
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
  MAB: 40,
  MCAST_N_GROUPS: 41,
  MCAST_MAX_GROUPS: 42,
  NEIGH_VLAN_SUPPRESS: 43,
  BACKUP_NHID: 44,
  NEIGH_FORWARD_GRAT: 45,
} as const

/** 802.3ad churn detection states of a bond port (AD_CHURN_*), lowercase of iproute2's names. */
export const BOND_CHURN_STATES = defineNames('bond churn state', { 0: 'monitor', 1: 'churn', 2: 'no_churn' })

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
  ACTOR_PORT_PRIO: 10,
  AD_CHURN_ACTOR_STATE: 11,
  AD_CHURN_PARTNER_STATE: 12,
} as const
