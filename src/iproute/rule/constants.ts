/** Rule numbers and their names: the FRA_* attribute types, flags and actions (linux/fib_rules.h). */
import { enumNames, LowerNames } from '../common/enum'

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
  DSCP: 25,
  FLOWLABEL: 26,
  FLOWLABEL_MASK: 27,
  SPORT_MASK: 28,
  DPORT_MASK: 29,
  DSCP_MASK: 30,
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
export type RuleActionName = LowerNames<typeof FR_ACT>

/** Rule action numbers ↔ names (FR_ACT_*). */
export const RULE_ACTIONS = enumNames('rule action', FR_ACT)
