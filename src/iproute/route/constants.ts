/**
 * Route numbers and their names: rtm_flags, the RTA_* attribute types, metrics, next-hop flags,
 * router preferences and lightweight-tunnel encapsulations (linux/rtnetlink.h, lwtunnel.h). Route
 * types, protocols, scopes and reserved tables, which other kinds carry too, are in ../common/rtnl.ts.
 */
import { defineNames } from '../../schema/names'
import { lowerNames } from '../common/enum'

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
  FLOWLABEL: 31,
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

/** RTA_PREF values (IPv6 router preference, RFC 4191), number → name. */
const PREF_NAMES = { 0: 'medium', 1: 'high', 2: 'invalid', 3: 'low' } as const
/** RTA_PREF (IPv6 router preference, RFC 4191). */
export type RoutePrefName = (typeof PREF_NAMES)[keyof typeof PREF_NAMES]
/** RTA_PREF numbers ↔ names. */
export const ROUTE_PREFS = defineNames<RoutePrefName>('route preference', PREF_NAMES)

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
export const ENCAP_TYPES = defineNames('encap type', lowerNames(LWTUNNEL_ENCAP, { SEG6_LOCAL: 'seg6local' }))

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
