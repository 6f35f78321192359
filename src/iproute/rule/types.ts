/** Rule shapes: what decodeRule returns (Rule) and what encodeRuleRequest accepts (RuleSpec). */
import type { RouteProtocolName } from '../common/rtnl'
import type { ExtraAttrs, IpFamily, TableRef, UnknownAttr } from '../common/types'
import type { RuleActionName } from './constants'

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
  /** FRA_SPORT_MASK: the source port is compared under this mask (`sport 0x100/0xff00`); null when absent. */
  sportMask: number | null
  /** FRA_DPORT_MASK: the destination port is compared under this mask; null when absent. */
  dportMask: number | null
  /** FRA_DSCP: matches this DSCP (IPv4 and IPv6, the six upper bits of the traffic class), 0..63; null when absent. */
  dscp: number | null
  /** FRA_DSCP_MASK: the DSCP is compared under this mask, 0..63; null when absent. */
  dscpMask: number | null
  /** FRA_FLOWLABEL: matches this IPv6 flow label (20 bits); null when absent. */
  flowlabel: number | null
  /** FRA_FLOWLABEL_MASK: the flow label is compared under this mask; null when absent. */
  flowlabelMask: number | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
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
  /** Compare the source port under this mask (FRA_SPORT_MASK; with a single-port sportRange). */
  sportMask?: number
  /** Compare the destination port under this mask (FRA_DPORT_MASK; with a single-port dportRange). */
  dportMask?: number
  /** Match this DSCP, 0..63 (FRA_DSCP). */
  dscp?: number
  /** Compare the DSCP under this mask, 0..63 (FRA_DSCP_MASK; with dscp). */
  dscpMask?: number
  /** Match this IPv6 flow label (FRA_FLOWLABEL). */
  flowlabel?: number
  /** Compare the flow label under this mask (FRA_FLOWLABEL_MASK; with flowlabel). */
  flowlabelMask?: number
}
