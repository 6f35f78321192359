/**
 * `nlroute link`: show (all links, one by name, up ones, of one kind), set (up/down, mtu, name,
 * master/nomaster, address, txqlen, alias), add (veth with its peer, bridge, any kind without
 * options) and del.
 */
import type { IPRouteLinkSpec } from '../iproute/ipr'
import type { Link } from '../iproute/types'
import { Args, garbage, pick, uintArg, unknownCommand } from './args'
import type { Context } from './context'
import { EXIT, UsageError, invalidArgument } from './errors'

export const LINK_USAGE = `Usage: nlroute link add [ name ] NAME type TYPE [ peer name NAME ] [ mtu MTU ] [ address LLADDR ]
       nlroute link delete { DEVICE | dev DEVICE }
       nlroute link set { DEVICE | dev DEVICE } [ { up | down } ] [ mtu MTU ] [ name NEWNAME ]
                        [ master DEVICE | nomaster ] [ address LLADDR ] [ txqueuelen PACKETS ] [ alias NAME ]
       nlroute link show [ [ dev ] DEVICE ] [ up ] [ type TYPE ] [ master DEVICE ]
TYPE := { veth | bridge | macvlan | vxlan | ... }`

const COMMANDS = ['add', 'set', 'change', 'delete', 'show', 'list', 'lst', 'help'] as const

export async function linkCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const word = args.done ? 'show' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('link', word)
  if (cmd === 'help') throw new UsageError(LINK_USAGE)
  if (cmd === 'show' || cmd === 'list' || cmd === 'lst') return show(ctx, args)
  const ipr = await ctx.ipr()
  if (cmd === 'delete') {
    let dev = args.next()
    if (dev === 'dev') dev = args.next()
    if (!args.done) throw garbage(args.next())
    await ipr.link('del', { index: await ctx.indexOf(dev) })
    return
  }
  if (cmd === 'add') return ipr.link('add', await parseSpec(ctx, args, 'add'))
  return ipr.link('set', await parseSpec(ctx, args, 'set'))
}

/** Links as `ip link show` selects them, in the kernel's order. */
export async function selectLinks(ctx: Context, args: Args): Promise<{ links: Link[]; byIndex: Map<number, Link> }> {
  let dev: string | null = null
  let up = false
  let kind: string | null = null
  let master: string | null = null
  while (!args.done) {
    const arg = args.next()
    if (arg === 'dev') dev = args.value()
    else if (arg === 'up') up = true
    else if (arg === 'type') kind = args.value()
    else if (arg === 'master') master = args.value()
    else if (dev === null) dev = arg
    else throw garbage(arg)
  }
  const byIndex = await ctx.links()
  let links = [...byIndex.values()]
  if (dev !== null) {
    links = links.filter((l) => l.ifname === dev)
    if (links.length === 0) throw new UsageError(`Device "${dev}" does not exist.`, EXIT.ERROR)
  }
  if (up) links = links.filter((l) => l.up)
  if (kind !== null) links = links.filter((l) => l.kind === kind)
  if (master !== null) {
    const index = await ctx.indexOf(master)
    links = links.filter((l) => l.master === index)
  }
  return { links, byIndex }
}

async function show(ctx: Context, args: Args): Promise<void> {
  const { links } = await selectLinks(ctx, args)
  if (ctx.options.json) {
    ctx.out.beginJson(ctx.options.pretty)
    for (const link of links) ctx.out.jsonItem(link)
    ctx.out.endJson()
    return
  }
  const { formatLink } = require('./format') as typeof import('./format')
  const name = await ctx.names()
  const isUp = await ctx.upness()
  for (const link of links) ctx.out.line(formatLink(link, name, 'link', false, isUp))
}

async function parseSpec(ctx: Context, args: Args, cmd: 'add' | 'set'): Promise<IPRouteLinkSpec> {
  const spec: Record<string, unknown> = {}
  let dev: string | null = null
  while (!args.done) {
    const arg = args.next()
    if (arg === 'up') spec.up = true
    else if (arg === 'down') spec.up = false
    else if (arg === 'mtu') spec.mtu = uintArg(args.value(), 'mtu')
    else if (arg === 'name') {
      const value = args.value()
      if (cmd === 'add' && dev === null) dev = value
      else spec.ifname = value
    } else if (arg === 'master') spec.master = await ctx.indexOf(args.value())
    else if (arg === 'nomaster') spec.master = 0
    else if (arg === 'address') spec.address = macArg(args.value())
    else if (arg === 'broadcast' || arg === 'brd') spec.broadcast = macArg(args.value())
    else if (arg === 'txqueuelen' || arg === 'txqlen' || arg === 'qlen') spec.txqlen = uintArg(args.value(), 'txqueuelen')
    else if (arg === 'alias') spec.ifalias = args.value()
    else if (arg === 'group') spec.group = uintArg(args.value(), 'group')
    else if (arg === 'netns') {
      const ns = args.value()
      spec.netns = /^\d+$/.test(ns) ? Number(ns) : ns
    } else if (arg === 'type' && cmd === 'add') {
      spec.kind = args.value()
      // Kind options: `peer name P` for veth; the rest of the line otherwise is not understood.
      while (!args.done) {
        const opt = args.next()
        if (opt === 'peer' && spec.kind === 'veth') {
          if (args.next() !== 'name') throw new UsageError(LINK_USAGE)
          spec.linkinfo = { peer: { ifname: args.value() } }
        } else throw garbage(opt)
      }
    } else if (arg === 'dev') dev = args.value()
    else if (dev === null) dev = arg
    else throw garbage(arg)
  }
  if (dev === null) throw new UsageError('Not enough information: "dev" argument is required.', EXIT.ERROR)
  if (cmd === 'add') {
    if (spec.kind === undefined) throw new UsageError('Not enough information: "type" argument is required', EXIT.ERROR)
    return { ...spec, ifname: dev } as IPRouteLinkSpec
  }
  return { ...spec, index: await ctx.indexOf(dev) } as IPRouteLinkSpec
}

function macArg(value: string): string {
  if (!/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})*$/i.test(value)) throw invalidArgument(value, '"address" value is invalid')
  return value
    .split(':')
    .map((b) => b.padStart(2, '0'))
    .join(':')
    .toLowerCase()
}
