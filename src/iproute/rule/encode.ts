/**
 * Rule requests (payloads after the nlmsghdr, which the engine writes).
 *
 * encodeRuleRequest: RuleSpec → fib_rule_hdr + FRA attributes (RTM_NEWRULE / RTM_DELRULE). As iproute2's `ip rule`: new rules default to action 'to_tbl'
 * and table 'main'; tables above 255 go in FRA_TABLE with the header's table = RT_TABLE_UNSPEC;
 * deletes default to action 0 (match any). Validation happens before any byte is written.
 *
 * encodeRuleDumpRequest: RTM_GETRULE of one family or of both.
 */
import { encodeAttrs } from '../../schema/encode'
import { AttrWriter } from '../../schema/writer'
import { ChangeOp, dumpFamilyArg, specFamily, specKeys, tableArg } from '../common/args'
import { afFromFamily, ROUTE_PROTOCOLS, RT_TABLE } from '../common/rtnl'
import type { IpFamily } from '../common/types'
import { checkSpecObject, ifnameArg, intArg, namedArg, prefixArg } from '../validate'
import { FR_ACT, RULE_ACTIONS } from './constants'
import { FIB_RULE_HDR, RULE_ATTRS, RULE_ATTR_FIELDS } from './schema'
import type { RuleSpec } from './types'

const WHAT = 'rule spec'
const RULE_SPEC_KEYS = specKeys<RuleSpec>()('family', 'action', 'tos', 'flags', ...RULE_ATTR_FIELDS)

/**
 * The RTM_NEWRULE / RTM_DELRULE payload (fib_rule_hdr and attributes) for `spec`; TypeError/RangeError
 * naming the field for bad input.
 */
export function encodeRuleRequest(spec: RuleSpec, op: ChangeOp = 'new'): Buffer {
  const s = checkSpecObject(spec, RULE_SPEC_KEYS, WHAT)
  const isNew = op === 'new'
  const src = s.src === undefined ? null : prefixArg(s.src, `${WHAT}.src`, true)
  const dst = s.dst === undefined ? null : prefixArg(s.dst, `${WHAT}.dst`, true)
  const found: [string, number][] = []
  if (src) found.push(['src', src.family])
  if (dst) found.push(['dst', dst.family])
  const family = specFamily(s.family, WHAT, found)
  if (s.iifname !== undefined) ifnameArg(s.iifname, `${WHAT}.iifname`)
  if (s.oifname !== undefined) ifnameArg(s.oifname, `${WHAT}.oifname`)

  const action = s.action === undefined ? (isNew ? FR_ACT.TO_TBL : FR_ACT.UNSPEC) : namedArg(RULE_ACTIONS, 'u8', s.action, `${WHAT}.action`)
  if (action === FR_ACT.GOTO && s.goto === undefined) throw new TypeError(`${WHAT}.goto: required for action 'goto'`)
  const table = s.table !== undefined ? tableArg(s.table, `${WHAT}.table`) : isNew && action === FR_ACT.TO_TBL ? RT_TABLE.MAIN : 0
  const header = {
    family: afFromFamily(family),
    dstLen: dst ? dst.prefixLen : 0,
    srcLen: src ? src.prefixLen : 0,
    tos: s.tos === undefined ? 0 : intArg('u8', s.tos, `${WHAT}.tos`),
    table: table > 255 ? RT_TABLE.UNSPEC : table,
    action,
    flags: s.flags === undefined ? 0 : intArg('u32', s.flags, `${WHAT}.flags`),
  }
  const w = new AttrWriter(96)
  w.struct(FIB_RULE_HDR, header, WHAT)
  encodeAttrs(
    RULE_ATTRS,
    {
      src: src?.bytes,
      dst: dst?.bytes,
      table: table > 255 ? table : undefined,
      priority: s.priority,
      iifname: s.iifname,
      oifname: s.oifname,
      fwmark: s.fwmark,
      fwmask: s.fwmask,
      goto: s.goto,
      suppressPrefixlen: s.suppressPrefixlen,
      suppressIfgroup: s.suppressIfgroup,
      uidRange: s.uidRange,
      protocol: s.protocol === undefined ? undefined : namedArg(ROUTE_PROTOCOLS, 'u8', s.protocol, `${WHAT}.protocol`),
      ipProto: s.ipProto,
      sportRange: s.sportRange,
      dportRange: s.dportRange,
      sportMask: s.sportMask,
      dportMask: s.dportMask,
      dscp: s.dscp === undefined ? undefined : dscpArg(s.dscp, `${WHAT}.dscp`),
      dscpMask: s.dscpMask === undefined ? undefined : dscpArg(s.dscpMask, `${WHAT}.dscpMask`),
      flowlabel: s.flowlabel,
      flowlabelMask: s.flowlabelMask,
    },
    w,
    WHAT,
  )
  return w.finish()
}

/** A DSCP value or mask: the six upper bits of the TOS byte, 0..63. */
function dscpArg(value: unknown, path: string): number {
  const n = intArg('u8', value, path)
  if (n > 63) throw new RangeError(`${path}: ${n} is out of range for a DSCP (0..63)`)
  return n
}

const RULE_FILTER_KEYS = specKeys<NonNullable<Parameters<typeof encodeRuleDumpRequest>[0]>>()('family')

/**
 * The RTM_GETRULE dump payload for `filter.family` (both families when absent); `what` names the
 * argument in errors.
 */
export function encodeRuleDumpRequest(filter: { family?: IpFamily } = {}, what = 'rule filter'): Buffer {
  const f = checkSpecObject(filter, RULE_FILTER_KEYS, what)
  const w = new AttrWriter(16)
  w.struct(FIB_RULE_HDR, { family: dumpFamilyArg(f.family, what) }, what)
  return w.finish()
}
