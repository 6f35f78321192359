/** decodeRule: RTM_NEWRULE / RTM_DELRULE → Rule, over the schema of ./schema.ts (contract: ../common/decode.ts). */
import { decodeMessage, extraOf, opt, pickedAttrs, prefix, unknownOf } from '../common/decode'
import { familyFromAf } from '../common/rtnl'
import { RULE_ACTIONS } from './constants'
import { FIB_RULE_HDR, RULE_ATTRS, RULE_ATTR_FIELDS } from './schema'
import type { Rule, RuleRange } from './types'

/** FRA attributes with a Rule field of their own; the other fields come from struct fib_rule_hdr. */
const RULE_PICKED = pickedAttrs<Rule, 'family' | 'action' | 'srcLen' | 'dstLen' | 'tos' | 'flags' | 'extra' | 'unknown'>()([...RULE_ATTR_FIELDS, 'l3mdev'])

/** Decodes RTM_NEWRULE / RTM_DELRULE. */
export function decodeRule(data: Buffer, offset: number, length: number): Rule {
  const { head, attrs: a } = decodeMessage('rule', FIB_RULE_HDR, RULE_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    priority: (a.priority as number | undefined) ?? 0,
    table: (a.table as number | undefined) ?? head.table,
    action: RULE_ACTIONS.decode(head.action),
    src: prefix(a.src, head.srcLen),
    srcLen: head.srcLen,
    dst: prefix(a.dst, head.dstLen),
    dstLen: head.dstLen,
    tos: head.tos,
    flags: head.flags,
    iifname: opt(a.iifname),
    oifname: opt(a.oifname),
    fwmark: opt(a.fwmark),
    fwmask: opt(a.fwmask),
    goto: opt(a.goto),
    suppressPrefixlen: a.suppressPrefixlen === -1 ? null : opt(a.suppressPrefixlen), // -1: not set
    suppressIfgroup: opt(a.suppressIfgroup),
    l3mdev: opt(a.l3mdev),
    uidRange: opt<RuleRange>(a.uidRange),
    protocol: opt(a.protocol),
    ipProto: opt(a.ipProto),
    sportRange: opt<RuleRange>(a.sportRange),
    dportRange: opt<RuleRange>(a.dportRange),
    sportMask: opt(a.sportMask),
    dportMask: opt(a.dportMask),
    dscp: opt(a.dscp),
    dscpMask: opt(a.dscpMask),
    flowlabel: opt(a.flowlabel),
    flowlabelMask: opt(a.flowlabelMask),
    extra: extraOf(a, RULE_PICKED),
    unknown: unknownOf(a),
  }
}
