/**
 * `nlroute monitor [route|link|addr|neigh|rule|all]...`: kernel notifications printed as
 * `ip monitor` prints them (one JSON object per line with -j, since the stream has no end).
 * Ctrl-C (SIGINT) or SIGTERM closes the monitor and the command exits 0. Lost notifications
 * (the kernel's ENOBUFS, or this process falling behind) are reported on stderr.
 */
import type { MonitorEvent, MonitorGroup } from '../iproute/monitor'
import { Args, garbage, pick } from './args'
import type { Context } from './context'

const OBJECTS = ['link', 'address', 'route', 'neigh', 'rule', 'all'] as const

/** The rtnetlink groups of each object, per family (ip's -4/-6 narrow route, addr and rule). */
function groupsOf(object: (typeof OBJECTS)[number], family: 4 | 6 | null): MonitorGroup[] {
  const both = (v4: MonitorGroup, v6: MonitorGroup): MonitorGroup[] => (family === 4 ? [v4] : family === 6 ? [v6] : [v4, v6])
  switch (object) {
    case 'link':
      return ['link']
    case 'address':
      return both('ipv4_ifaddr', 'ipv6_ifaddr')
    case 'route':
      return both('ipv4_route', 'ipv6_route')
    case 'neigh':
      return ['neigh']
    case 'rule':
      return both('ipv4_rule', 'ipv6_rule')
    case 'all':
      return ['link', ...both('ipv4_ifaddr', 'ipv6_ifaddr'), ...both('ipv4_route', 'ipv6_route'), 'neigh', ...both('ipv4_rule', 'ipv6_rule')]
  }
}

/** The monitor's message when notifications were lost, as ip words the receive error, then what it means. */
export const OVERFLOW_MESSAGE = 'netlink receive error No buffer space available (105): notifications were lost; re-read the tables to resynchronise'

export async function monitorCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const groups = new Set<MonitorGroup>()
  while (!args.done) {
    const arg = args.next()
    const object = arg === 'neighbour' || arg === 'neighbor' ? 'neigh' : pick(arg, OBJECTS)
    if (object === null) throw garbage(arg)
    for (const g of groupsOf(object, ctx.options.family)) groups.add(g)
  }
  if (groups.size === 0) for (const g of groupsOf('all', ctx.options.family)) groups.add(g)
  const ipr = await ctx.ipr()
  const monitor = ipr.monitor([...groups])
  const stop = (): void => monitor.close()
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  const json = ctx.options.json
  const format = json ? null : (require('./format') as typeof import('./format'))
  if (!json) await ctx.links()
  let flushScheduled = false
  const scheduleFlush = (): void => {
    // One write per burst, not per event: the flush runs once the delivered batch is printed.
    if (flushScheduled) return
    flushScheduled = true
    setImmediate(() => {
      flushScheduled = false
      void ctx.out.flush()
    })
  }
  try {
    for await (const event of monitor) {
      if (event.type === 'overflow') {
        process.stderr.write(OVERFLOW_MESSAGE + '\n')
        continue
      }
      if (json) ctx.out.jsonLine(event)
      else {
        const text = await describeEvent(ctx, event, format!)
        if (text !== null) ctx.out.line(text)
      }
      scheduleFlush()
    }
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    monitor.close()
  }
  await ctx.out.flush()
}

async function describeEvent(ctx: Context, event: MonitorEvent, f: typeof import('./format')): Promise<string | null> {
  // A name ip would look up: refresh the cache once when an event names an index not seen yet.
  const indexes: number[] = []
  if (event.type === 'newroute' || event.type === 'delroute') {
    const r = event.route
    if (r.oif !== null) indexes.push(r.oif)
    if (r.iif !== null) indexes.push(r.iif)
    for (const hop of r.multipath ?? []) indexes.push(hop.oif)
  } else if (event.type === 'newaddr' || event.type === 'deladdr') indexes.push(event.address.index)
  else if (event.type === 'newneigh' || event.type === 'delneigh') indexes.push(event.neighbour.ifindex)
  else if (event.type === 'newlink' || event.type === 'dellink') {
    ctx.rememberLink(event.link, event.type === 'dellink')
    if (event.link.master !== null) indexes.push(event.link.master)
    if (event.link.link !== null && event.link.linkNetnsId === null) indexes.push(event.link.link)
  }
  const links = await ctx.links()
  if (indexes.some((i) => i !== 0 && !links.has(i))) await ctx.refreshLinks().catch(() => {})
  const name = await ctx.names()
  const isUp = await ctx.upness()
  switch (event.type) {
    case 'newroute':
    case 'delroute':
      return f.formatRoute(event.route, name, { showTable: true, deleted: event.type === 'delroute' })
    case 'newlink':
    case 'dellink':
      return f.formatLink(event.link, name, 'monitor', event.type === 'dellink', isUp)
    case 'newaddr':
    case 'deladdr':
      return f.formatAddressEvent(event.address, name, event.type === 'deladdr')
    case 'newneigh':
    case 'delneigh':
      return f.formatNeighbour(event.neighbour, name, { deleted: event.type === 'delneigh' })
    case 'newrule':
    case 'delrule':
      return f.formatRule(event.rule, event.type === 'delrule')
    default:
      return null
  }
}
