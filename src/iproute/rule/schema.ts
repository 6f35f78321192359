/** Rule message layouts (../../schema): struct fib_rule_hdr, the uid and port range structs and the FRA_* attribute map. */
import { defineAttrs } from '../../schema/attrs'
import { defineStruct } from '../../schema/struct'
import { packed } from '../common/packed'
import { ROUTE_PROTOCOLS } from '../common/rtnl'
import { FRA } from './constants'
import type { Rule, RuleSpec } from './types'

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

export const FIB_RULE_UID_RANGE = packed('fib_rule_uid_range', 'u32', ['start', 'end'])

export const FIB_RULE_PORT_RANGE = defineStruct({
  name: 'fib_rule_port_range',
  size: 4,
  fields: [
    { name: 'start', type: 'u16', offset: 0 },
    { name: 'end', type: 'u16', offset: 2 },
  ],
})

export const RULE_ATTRS = defineAttrs('FRA', {
  [FRA.DST]: { name: 'dst', kind: 'ipaddr' },
  [FRA.SRC]: { name: 'src', kind: 'ipaddr' },
  [FRA.IIFNAME]: { name: 'iifname', kind: 'string' },
  [FRA.GOTO]: { name: 'goto', kind: 'u32' },
  [FRA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [FRA.FWMARK]: { name: 'fwmark', kind: 'u32' },
  [FRA.FLOW]: { name: 'flow', kind: 'u32' },
  [FRA.TUN_ID]: { name: 'tunId', kind: 'be64n' },
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
  [FRA.DSCP]: { name: 'dscp', kind: 'u8' },
  [FRA.FLOWLABEL]: { name: 'flowlabel', kind: 'be32' },
  [FRA.FLOWLABEL_MASK]: { name: 'flowlabelMask', kind: 'be32' },
  [FRA.SPORT_MASK]: { name: 'sportMask', kind: 'u16' },
  [FRA.DPORT_MASK]: { name: 'dportMask', kind: 'u16' },
  [FRA.DSCP_MASK]: { name: 'dscpMask', kind: 'u8' },
})

/**
 * The fields of a rule that FRA attributes of the same name carry, both ways: what decodeRule picks
 * into a Rule (with the read-only l3mdev) and what a RuleSpec takes besides the fib_rule_hdr fields.
 */
export const RULE_ATTR_FIELDS = [
  'priority',
  'table',
  'src',
  'dst',
  'iifname',
  'oifname',
  'fwmark',
  'fwmask',
  'goto',
  'suppressPrefixlen',
  'suppressIfgroup',
  'uidRange',
  'protocol',
  'ipProto',
  'sportRange',
  'dportRange',
  'sportMask',
  'dportMask',
  'dscp',
  'dscpMask',
  'flowlabel',
  'flowlabelMask',
] as const satisfies readonly (keyof Rule & keyof RuleSpec)[]
