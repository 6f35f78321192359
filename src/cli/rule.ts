/**
 * `nlroute rule`: show (IPv4 unless -6, as `ip rule`), add and del.
 */
import type { RuleSpec } from '../iproute/types'
import { Args, garbage, namedArg, pick, prefixArg, uintArg, unknownCommand } from './args'
import type { Context } from './context'
import { UsageError } from './errors'

export const RULE_USAGE = `Usage: nlroute rule { add | del } SELECTOR ACTION
       nlroute rule [ show ]
SELECTOR := [ not ] [ from PREFIX ] [ to PREFIX ] [ tos TOS ] [ fwmark FWMARK[/MASK] ]
            [ iif STRING ] [ oif STRING ] [ pref NUMBER ] [ uidrange NUMBER-NUMBER ]
            [ ipproto PROTOCOL ] [ sport [ NUMBER | NUMBER-NUMBER ] ] [ dport [ NUMBER | NUMBER-NUMBER ] ]
ACTION := [ table TABLE_ID ] [ protocol PROTO ] [ suppress_prefixlength NUMBER ] [ goto NUMBER ]
          [ blackhole | unreachable | prohibit | nop ]`

const COMMANDS = ['add', 'delete', 'show', 'list', 'lst', 'help'] as const

export async function ruleCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const word = args.done ? 'show' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('rule', word)
  if (cmd === 'help') throw new UsageError(RULE_USAGE)
  const ipr = await ctx.ipr()
  // ip rule lists IPv4 rules unless told -6; a change takes its family from its prefixes.
  const family = ctx.options.family ?? 4
  if (cmd === 'show' || cmd === 'list' || cmd === 'lst') {
    if (!args.done) throw garbage(args.next())
    const rules = await ipr.getRules({ family })
    if (ctx.options.json) {
      ctx.out.beginJson(ctx.options.pretty)
      for (const r of rules) ctx.out.jsonItem(r)
      ctx.out.endJson()
      return
    }
    const { formatRule } = require('./format') as typeof import('./format')
    for (const r of rules) ctx.out.line(formatRule(r))
    return
  }
  await ipr.rule(cmd === 'delete' ? 'del' : cmd, parseSpec(args, ctx.options.family))
}

function parseSpec(args: Args, given: 4 | 6 | null): RuleSpec {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const spec: Record<string, unknown> = {}
  let family = given
  const portRange = (value: string, what: string): { start: number; end: number } => {
    const [start, end] = value.split('-')
    return { start: uintArg(start!, what, 0xffff), end: uintArg(end ?? start!, what, 0xffff) }
  }
  while (!args.done) {
    const arg = args.next()
    if (arg === 'not') spec.flags = ((spec.flags as number | undefined) ?? 0) | c.FIB_RULE.INVERT
    else if (arg === 'from' || arg === 'to') {
      const p = prefixArg(args.value(), family)
      if (p !== 'default') family ??= p.includes(':') ? 6 : 4
      spec[arg === 'from' ? 'src' : 'dst'] = p === 'default' ? (family === 6 ? '::/0' : '0.0.0.0/0') : p
    } else if (arg === 'pref' || arg === 'priority' || arg === 'order') spec.priority = uintArg(args.value(), 'preference')
    else if (arg === 'table' || arg === 'lookup') {
      const value = args.value()
      spec.table = c.TABLES.valueOf(value) ?? uintArg(value, 'table')
    } else if (arg === 'iif' || arg === 'dev') spec.iifname = args.value()
    else if (arg === 'oif') spec.oifname = args.value()
    else if (arg === 'fwmark') {
      const [mark, mask] = args.value().split('/')
      spec.fwmark = uintArg(mark!, 'fwmark')
      if (mask !== undefined) spec.fwmask = uintArg(mask, 'fwmask')
    } else if (arg === 'tos' || arg === 'dsfield') spec.tos = uintArg(args.value(), 'TOS', 255)
    else if (arg === 'goto') {
      spec.action = c.FR_ACT.GOTO
      spec.goto = uintArg(args.value(), 'goto')
    } else if (arg === 'nop') spec.action = c.FR_ACT.NOP
    else if (arg === 'blackhole' || arg === 'unreachable' || arg === 'prohibit') spec.action = c.RULE_ACTIONS.valueOf(arg)
    else if (arg === 'suppress_prefixlength') spec.suppressPrefixlen = uintArg(args.value(), 'suppress_prefixlength')
    else if (arg === 'suppress_ifgroup') spec.suppressIfgroup = uintArg(args.value(), 'suppress_ifgroup')
    else if (arg === 'uidrange') {
      const [start, end] = args.value().split('-')
      spec.uidRange = { start: uintArg(start!, 'uidrange'), end: uintArg(end ?? start!, 'uidrange') }
    } else if (arg === 'ipproto') {
      const value = args.value()
      const { IP_PROTO_WORDS } = require('./format') as typeof import('./format')
      const named = Object.entries(IP_PROTO_WORDS).find(([, word]) => word === value)
      spec.ipProto = named !== undefined ? Number(named[0]) : uintArg(value, 'ipproto', 255)
    } else if (arg === 'sport') spec.sportRange = portRange(args.value(), 'sport')
    else if (arg === 'dport') spec.dportRange = portRange(args.value(), 'dport')
    else if (arg === 'protocol' || arg === 'proto') spec.protocol = namedArg(c.ROUTE_PROTOCOLS, args.value(), 'protocol')
    else throw garbage(arg)
  }
  return { ...spec, family: family ?? 4 } as RuleSpec
}
