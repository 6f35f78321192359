/**
 * `nlroute neigh`: show (ARP and NDP entries, as `ip neigh`), add/replace/change and del.
 */
import type { IPRouteNeighbourSpec, NeighbourFilter } from '../iproute/ipr'
import type { Neighbour } from '../iproute/types'
import { Args, addressArg, garbage, pick, unknownCommand } from './args'
import type { Context } from './context'
import { EXIT, UsageError, invalidArgument } from './errors'

export const NEIGH_USAGE = `Usage: nlroute neigh { add | del | change | replace } ADDR [ lladdr LLADDR ] [ nud STATE ] [ router ] [ proxy ] dev DEV
       nlroute neigh [ show ] [ dev DEV ] [ nud STATE ]
STATE := { permanent | noarp | stale | reachable | none | incomplete | delay | probe | failed }`

/** ip's stand-in bit for `nud none` (state 0), above the eight NUD bits. */
const NUD_NONE_BIT = 0x100

const COMMANDS = ['add', 'change', 'chg', 'replace', 'delete', 'show', 'list', 'lst', 'help'] as const

export async function neighCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const word = args.done ? 'show' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('neigh', word)
  if (cmd === 'help') throw new UsageError(NEIGH_USAGE)
  if (cmd === 'show' || cmd === 'list' || cmd === 'lst') return show(ctx, args)
  const spec = await parseSpec(ctx, args)
  const ipr = await ctx.ipr()
  await ipr.neigh(cmd === 'delete' ? 'del' : cmd === 'chg' ? 'change' : cmd, spec)
}

async function show(ctx: Context, args: Args): Promise<void> {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const filter: NeighbourFilter = {}
  if (ctx.options.family !== null) filter.family = ctx.options.family
  let states: number | null = null
  let hideDev = false
  while (!args.done) {
    const arg = args.next()
    if (arg === 'dev') {
      filter.ifindex = await ctx.indexOf(args.value())
      hideDev = true
    } else if (arg === 'nud') {
      const value = args.value()
      // As ip: `all` is every state, `none` (state 0) is selected by a bit of its own.
      const bit = value === 'all' ? ~0 : value === 'none' ? NUD_NONE_BIT : c.NEIGHBOUR_STATES.valueOf(value)
      if (bit === undefined) throw invalidArgument(value, 'nud state is bad')
      states = (states ?? 0) | bit
    } else throw garbage(arg)
  }
  const ipr = await ctx.ipr()
  const { neighbourStateBits, formatNeighbour } = require('./format') as typeof import('./format')
  // ip's default selection: every state but NOARP and none; proxy and externally learned entries always.
  const wanted = states ?? 0xff & ~c.NUD.NOARP
  const keep = (n: Neighbour): boolean => {
    const state = neighbourStateBits(n)
    return (state & wanted) !== 0 || (n.flags & (c.NTF.PROXY | c.NTF.EXT_LEARNED)) !== 0 || (state === 0 && (wanted & NUD_NONE_BIT) !== 0)
  }
  const neighbours = (await ipr.getNeighbours(filter)).filter(keep)
  if (ctx.options.json) {
    ctx.out.beginJson(ctx.options.pretty)
    for (const n of neighbours) ctx.out.jsonItem(n)
    ctx.out.endJson()
    return
  }
  const name = await ctx.names()
  for (const n of neighbours) ctx.out.line(formatNeighbour(n, name, { hideDev }))
}

async function parseSpec(ctx: Context, args: Args): Promise<IPRouteNeighbourSpec> {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const spec: Record<string, unknown> = {}
  let dev: string | null = null
  let flags = 0
  while (!args.done) {
    const arg = args.next()
    if (arg === 'dev') dev = args.value()
    else if (arg === 'lladdr') spec.lladdr = args.value().toLowerCase()
    else if (arg === 'nud') {
      const value = args.value()
      const state = c.NEIGHBOUR_STATES.valueOf(value)
      if (state === undefined) throw invalidArgument(value, 'nud state is bad')
      spec.state = state
    } else if (arg === 'router') flags |= c.NTF.ROUTER
    else if (arg === 'proxy') flags |= c.NTF.PROXY
    else if (arg === 'extern_learn') flags |= c.NTF.EXT_LEARNED
    else if (arg === 'to') spec.dst = addressArg(args.value())
    else if (spec.dst === undefined) spec.dst = addressArg(arg)
    else throw garbage(arg)
  }
  if (dev === null || spec.dst === undefined) throw new UsageError('Device and destination are required arguments.', EXIT.ERROR)
  if (flags !== 0) spec.flags = flags
  return { ...spec, ifindex: await ctx.indexOf(dev) } as IPRouteNeighbourSpec
}
