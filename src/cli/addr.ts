/**
 * `nlroute addr`: show (links with their addresses, as `ip addr`), add and del.
 */
import type { IPRouteAddressSpec } from '../iproute/ipr'
import type { Address, Link } from '../iproute/types'
import { Args, garbage, namedArg, pick, uintArg, unknownCommand } from './args'
import type { Context } from './context'
import { EXIT, UsageError, invalidArgument } from './errors'
import { selectLinks } from './link'

export const ADDR_USAGE = `Usage: nlroute address { add | change | replace | del } IFADDR dev IFNAME [ label IFNAME ]
                        [ broadcast ADDR ] [ scope SCOPE ] [ peer PREFIX ] [ metric NUMBER ] [ noprefixroute ] [ nodad ]
       nlroute address [ show ] [ [ dev ] IFNAME ] [ up ]
IFADDR := PREFIX | ADDR peer PREFIX`

const COMMANDS = ['add', 'change', 'replace', 'delete', 'show', 'list', 'lst', 'help'] as const

export async function addrCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const word = args.done ? 'show' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('address', word)
  if (cmd === 'help') throw new UsageError(ADDR_USAGE)
  if (cmd === 'show' || cmd === 'list' || cmd === 'lst') return show(ctx, args)
  const spec = await parseSpec(ctx, args)
  const ipr = await ctx.ipr()
  await ipr.addr(cmd === 'delete' ? 'del' : cmd === 'change' ? 'replace' : cmd, spec)
}

async function show(ctx: Context, args: Args): Promise<void> {
  const { links } = await selectLinks(ctx, args)
  const ipr = await ctx.ipr()
  const family = ctx.options.family
  const all = await ipr.getAddr(family === null ? {} : { family })
  const wanted = new Set(links.map((l) => l.index))
  const addresses = all.filter((a) => wanted.has(a.index))
  if (ctx.options.json) {
    ctx.out.beginJson(ctx.options.pretty)
    for (const a of addresses) ctx.out.jsonItem(a)
    ctx.out.endJson()
    return
  }
  const { formatAddress, formatLinkHeader, formatLinkLayer } = require('./format') as typeof import('./format')
  const byLink = new Map<number, Address[]>()
  for (const a of addresses) {
    const list = byLink.get(a.index)
    if (list === undefined) byLink.set(a.index, [a])
    else list.push(a)
  }
  const name = await ctx.names()
  const isUp = await ctx.upness()
  for (const link of links) {
    const own = byLink.get(link.index) ?? []
    // With -4/-6 ip shows only links that have such addresses, and no link-layer line.
    if (family !== null && own.length === 0) continue
    ctx.out.line(formatLinkHeader(family === 6 ? inet6View(link) : link, name, 'addr', false, isUp))
    if (family === null) ctx.out.line(formatLinkLayer(link, 'addr'))
    for (const a of own) ctx.out.line(formatAddress(a))
  }
}

/**
 * The link as ip shows it with -6: ip then dumps links with family AF_INET6, which the kernel
 * answers from IPv6's own link info (inet6_fill_ifinfo), without qdisc, master or group.
 */
function inet6View(link: Link): Link {
  return { ...link, qdisc: null, master: null, group: null }
}

async function parseSpec(ctx: Context, args: Args): Promise<IPRouteAddressSpec> {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const spec: Record<string, unknown> = {}
  let dev: string | null = null
  let flags = 0
  let broadcastPlus = false
  while (!args.done) {
    const arg = args.next()
    if (arg === 'dev') dev = args.value()
    else if (arg === 'label') spec.label = args.value()
    else if (arg === 'broadcast' || arg === 'brd') {
      const value = args.value()
      if (value === '+') broadcastPlus = true
      else spec.broadcast = value
    } else if (arg === 'scope') spec.scope = namedArg(c.SCOPES, args.value(), 'scope')
    else if (arg === 'peer') spec.peer = args.value()
    else if (arg === 'metric' || arg === 'priority' || arg === 'preference') spec.priority = uintArg(args.value(), 'metric')
    else if (arg === 'valid_lft') spec.validLifetime = lifetimeArg(args.value(), 'valid_lft')
    else if (arg === 'preferred_lft') spec.preferredLifetime = lifetimeArg(args.value(), 'preferred_lft')
    else if (arg === 'noprefixroute') flags |= c.IFA_F.NOPREFIXROUTE
    else if (arg === 'nodad') flags |= c.IFA_F.NODAD
    else if (arg === 'home') flags |= c.IFA_F.HOMEADDRESS
    else if (arg === 'mngtmpaddr') flags |= c.IFA_F.MANAGETEMPADDR
    else if (arg === 'autojoin') flags |= c.IFA_F.MCAUTOJOIN
    else if (arg === 'local') spec.address = args.value()
    else if (spec.address === undefined) spec.address = arg
    else throw garbage(arg)
  }
  if (dev === null) throw new UsageError('Not enough information: "dev" argument is required.', EXIT.ERROR)
  if (spec.address === undefined) throw new UsageError(ADDR_USAGE)
  if (typeof spec.peer === 'string' && spec.peer.includes('/')) {
    // ip's `ADDR peer PREFIX`: the prefix length is the address's (the library's peer is an address).
    const [peer, len] = spec.peer.split('/')
    spec.peer = peer
    if (!String(spec.address).includes('/')) spec.address = `${String(spec.address)}/${len}`
  }
  const address = String(spec.address)
  if (broadcastPlus) spec.broadcast = broadcastOf(address)
  if (flags !== 0) spec.flags = flags
  return { ...spec, index: await ctx.indexOf(dev) } as IPRouteAddressSpec
}

function lifetimeArg(value: string, what: string): number {
  return value === 'forever' ? 0xffffffff : uintArg(value.replace(/sec$/, ''), what)
}

/** `brd +`: the IPv4 prefix's last address. */
function broadcastOf(cidr: string): string {
  const [address, len] = cidr.split('/')
  const parts = address!.split('.').map(Number)
  if (parts.length !== 4 || len === undefined) throw invalidArgument(cidr, 'broadcast can be set only for IPv4 addresses')
  const n = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0
  const host = Number(len) === 0 ? 0xffffffff : 2 ** (32 - Number(len)) - 1
  const b = (n | host) >>> 0
  return [b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join('.')
}
