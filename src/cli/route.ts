/**
 * `nlroute route`: show (a filtered scan: the filter goes to the library, which puts each field
 * where it is cheapest), get, and add/del/replace/change/append, with ip's keywords.
 */
import type { IPRouteRouteSpec, RouteQueryFilter } from '../iproute/ipr'
import type { Route, RouteMetrics } from '../iproute/types'
import { Args, addressArg, garbage, matches, namedArg, pick, prefixArg, uintArg, unknownCommand } from './args'
import type { Context } from './context'
import { invalidArgument, UsageError } from './errors'

export const ROUTE_USAGE = `Usage: nlroute route { list | show } [ SELECTOR ]
       nlroute route get ADDRESS [ from ADDRESS ] [ iif STRING ] [ oif STRING ] [ mark NUMBER ] [ fibmatch ]
       nlroute route { add | del | change | append | replace } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ] [ PREFIX | default ]
            [ table TABLE_ID ] [ proto RTPROTO ] [ type TYPE ] [ scope SCOPE ]
            [ dev STRING ] [ via ADDRESS ] [ metric NUMBER ]
ROUTE := [ TYPE ] PREFIX [ via ADDRESS ] [ dev STRING ] [ table TABLE_ID ] [ metric NUMBER ]
         [ proto RTPROTO ] [ scope SCOPE ] [ src ADDRESS ] [ from PREFIX ] [ onlink ]
         [ pref PREF ] [ mtu [ lock ] NUMBER ] [ advmss NUMBER ] [ hoplimit NUMBER ] ...
         [ nexthop [ via ADDRESS ] [ dev STRING ] [ weight NUMBER ] [ onlink ] ]...
TYPE := { unicast | local | broadcast | multicast | throw | unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]`

const COMMANDS = ['add', 'change', 'chg', 'replace', 'append', 'delete', 'list', 'show', 'lst', 'get', 'help'] as const

/** Metric keywords → RouteMetrics keys (and RTAX numbers for `lock`), loaded with the tables. */
const METRIC_KEYWORDS = [
  'mtu',
  'advmss',
  'hoplimit',
  'initcwnd',
  'initrwnd',
  'window',
  'cwnd',
  'ssthresh',
  'reordering',
  'quickack',
  'rto_min',
  'fastopen_no_cookie',
] as const
const METRIC_FIELDS: Readonly<Record<string, keyof RouteMetrics>> = { rto_min: 'rtoMin', fastopen_no_cookie: 'fastopenNoCookie' }

export async function routeCommand(ctx: Context, argv: string[]): Promise<void> {
  const args = new Args(argv)
  const word = args.done ? 'show' : args.next()
  const cmd = pick(word, COMMANDS)
  if (cmd === null) throw unknownCommand('route', word)
  if (cmd === 'help') throw new UsageError(ROUTE_USAGE)
  if (cmd === 'list' || cmd === 'show' || cmd === 'lst') return show(ctx, args)
  if (cmd === 'get') return get(ctx, args)
  const op = cmd === 'chg' ? 'change' : cmd === 'delete' ? 'del' : cmd
  return modify(ctx, op, args)
}

async function show(ctx: Context, args: Args): Promise<void> {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const family = ctx.options.family
  const filter: RouteQueryFilter = { table: c.RT_TABLE.MAIN }
  const view = { showTable: false, hideDev: false, hideProto: false, hideScope: false, hideGateway: false }
  let dev: string | null = null
  let matchLen: number | null = null
  while (!args.done) {
    const arg = args.next()
    if (matches(arg, 'table')) {
      const id = args.value()
      if (id === 'all') {
        delete filter.table
        view.showTable = true
      } else filter.table = tableArg(c, id)
    } else if (arg === 'dev' || arg === 'oif') dev = args.value()
    else if (matches(arg, 'protocol')) {
      filter.protocol = namedArg(c.ROUTE_PROTOCOLS, args.value(), 'protocol')
      view.hideProto = true
    } else if (arg === 'type') filter.type = namedArg(c.ROUTE_TYPES, args.value(), 'type')
    else if (arg === 'scope') {
      filter.scope = namedArg(c.SCOPES, args.value(), 'scope')
      view.hideScope = true
    } else if (arg === 'via') {
      filter.gateway = addressArg(args.value())
      view.hideGateway = true
    } else if (arg === 'metric' || arg === 'priority' || arg === 'preference') filter.priority = uintArg(args.value(), 'metric')
    else if (arg === 'root') filter.within = prefixArg(args.value(), family)
    else if (arg === 'match') {
      const p = prefixArg(args.value(), family)
      // ip's `match P`: routes whose prefix covers all of P; the library matches an address.
      const [address, len] = p === 'default' ? [family === 6 ? '::' : '0.0.0.0', '0'] : p.split('/')
      filter.contains = address!
      if (len !== undefined) matchLen = Number(len)
    } else if (arg === 'exact' || arg === 'to') filter.dst = prefixArg(args.value(), family)
    else if (arg === 'default') filter.dst = 'default'
    else filter.dst = prefixArg(arg, family)
  }
  if (filter.dst !== undefined && filter.dst !== 'default' && !filter.dst.includes('/')) filter.dst += filter.dst.includes(':') ? '/128' : '/32'
  // As ip: one table means IPv4 unless -6 says otherwise; `table all` lists both families. Unlike
  // ip (which then prints nothing), an IPv6 prefix or gateway in the selector means IPv6.
  const address = [filter.dst, filter.within, filter.contains, filter.gateway].find((a) => a !== undefined && a !== 'default')
  const fam = family ?? (address !== undefined ? (address.includes(':') ? 6 : 4) : filter.table === undefined ? null : 4)
  if (fam !== null) filter.family = fam
  const checks: Array<(r: Route) => boolean> = []
  if (matchLen !== null) {
    const len = matchLen
    checks.push((r) => r.dstLen <= len)
  }
  if (filter.gateway !== undefined) {
    // ip selects on RTA_GATEWAY alone: a multipath route with a hop through it is not listed.
    const { formatIP, parseIP } = require('../util/address') as typeof import('../util/address')
    const parsed = parseIP(filter.gateway)
    const gateway = parsed === null ? filter.gateway : formatIP(parsed.bytes, 0, parsed.bytes.length)
    checks.push((r) => r.gateway === gateway)
  }
  if (dev !== null) {
    const oif = await ctx.indexOf(dev)
    filter.oif = oif
    // ip selects on RTA_OIF alone: a multipath route through the device is not listed.
    checks.push((r) => r.oif === oif)
    view.hideDev = true
  }
  const ipr = await ctx.ipr()
  const name = ctx.options.json ? null : await ctx.names()
  const format = name === null ? null : (require('./format') as typeof import('./format')).formatRoute
  const progress = startProgress(ctx, 'routes')
  const emit = format === null ? (r: Route) => ctx.out.jsonItem(r) : (r: Route) => ctx.out.line(format(r, name!, view))
  // Printed from the filter itself, as each route is decoded: nothing is queued or collected (a
  // 1M-route table streams in flat memory) and no promise is made per route.
  filter.match = (r) => {
    if (checks.every((check) => check(r))) {
      progress?.tick()
      emit(r)
    }
    return false
  }
  if (name === null) ctx.out.beginJson(ctx.options.pretty)
  try {
    await ipr.getRoutes(filter)
  } catch (error) {
    // As ip: a table that changed during the dump is printed anyway, with a warning.
    if ((error as Error).name !== 'DumpInterruptedError') throw error
    process.stderr.write('Dump was interrupted and may be inconsistent.\n')
  } finally {
    progress?.clear()
  }
  if (name === null) ctx.out.endJson()
}

function startProgress(ctx: Context, what: string): import('./progress').Progress | null {
  const { wantsProgress, Progress } = require('./progress') as typeof import('./progress')
  if (!wantsProgress(process.stderr)) return null
  const progress = new Progress(process.stderr, what)
  ctx.out.progress = progress
  return progress
}

function tableArg(c: typeof import('../iproute/constants'), id: string): number {
  const named = c.TABLES.valueOf(id)
  if (named !== undefined && id !== 'unspec' && id !== 'compat') return named
  if (/^\d+$/.test(id) && Number(id) <= 0xffffffff && Number(id) > 0) return Number(id)
  throw invalidArgument(id, 'table id value is invalid')
}

async function get(ctx: Context, args: Args): Promise<void> {
  const query: { dst?: string; src?: string; iif?: number; oif?: number; mark?: number; fibMatch?: boolean } = {}
  let iif: string | null = null
  let oif: string | null = null
  while (!args.done) {
    const arg = args.next()
    if (arg === 'from') query.src = addressArg(args.value())
    else if (arg === 'iif') iif = args.value()
    else if (arg === 'oif' || arg === 'dev') oif = args.value()
    else if (arg === 'mark') query.mark = uintArg(args.value(), 'mark')
    else if (arg === 'fibmatch') query.fibMatch = true
    else if (arg === 'to') query.dst = addressArg(args.value())
    else if (query.dst === undefined) query.dst = addressArg(arg.split('/')[0]!)
    else throw garbage(arg)
  }
  if (query.dst === undefined) throw new UsageError('need at least a destination address', 1)
  if (iif !== null) query.iif = await ctx.indexOf(iif)
  if (oif !== null) query.oif = await ctx.indexOf(oif)
  const ipr = await ctx.ipr()
  const route = await ipr.route('get', query as { dst: string })
  if (ctx.options.json) {
    ctx.out.beginJson(ctx.options.pretty)
    ctx.out.jsonItem(route)
    ctx.out.endJson()
    return
  }
  const { formatRoute } = require('./format') as typeof import('./format')
  ctx.out.line(formatRoute(route, await ctx.names(), { showTable: true }))
}

async function modify(ctx: Context, op: 'add' | 'del' | 'change' | 'replace' | 'append', args: Args): Promise<void> {
  const c = require('../iproute/constants') as typeof import('../iproute/constants')
  const family = ctx.options.family
  const spec: Record<string, unknown> = {}
  const metrics: Record<string, unknown> = {}
  let lock = 0
  const devs: Array<[Record<string, unknown>, string]> = []
  const hops: Array<Record<string, unknown>> = []
  let flags = 0
  while (!args.done) {
    const arg = args.next()
    if (arg === 'nexthop') {
      const hop: Record<string, unknown> = {}
      while (!args.done && args.peek() !== 'nexthop') {
        const h = args.next()
        if (h === 'via') hop.gateway = viaArg(args)
        else if (h === 'dev') devs.push([hop, args.value()])
        else if (h === 'weight') hop.weight = uintArg(args.value(), 'weight', 256)
        else if (h === 'onlink') hop.flags = ((hop.flags as number | undefined) ?? 0) | c.RTNH_F.ONLINK
        else throw garbage(h)
      }
      hops.push(hop)
    } else if (arg === 'via') spec.gateway = viaArg(args)
    else if (arg === 'dev' || arg === 'oif') devs.push([spec, args.value()])
    else if (arg === 'iif') spec.iif = args.value()
    else if (arg === 'table' || arg === 'lookup') spec.table = tableArg(c, args.value())
    else if (arg === 'metric' || arg === 'priority' || arg === 'preference') spec.priority = uintArg(args.value(), 'metric')
    else if (matches(arg, 'protocol') && arg.length > 1) spec.protocol = namedArg(c.ROUTE_PROTOCOLS, args.value(), 'protocol')
    else if (arg === 'type') spec.type = namedArg(c.ROUTE_TYPES, args.value(), 'type')
    else if (arg === 'scope') spec.scope = namedArg(c.SCOPES, args.value(), 'scope')
    else if (arg === 'src') spec.prefsrc = addressArg(args.value())
    else if (arg === 'from') spec.src = prefixArg(args.value(), family)
    else if (arg === 'onlink') flags |= c.RTNH_F.ONLINK
    else if (arg === 'pref') spec.pref = namedArg(c.ROUTE_PREFS, args.value(), 'pref')
    else if (arg === 'tos' || arg === 'dsfield') spec.tos = uintArg(args.value(), 'TOS', 255)
    else if (arg === 'nhid') spec.nhId = uintArg(args.value(), 'nhid')
    else if ((METRIC_KEYWORDS as readonly string[]).includes(arg)) {
      let value = args.value()
      const field = METRIC_FIELDS[arg] ?? arg
      if (value === 'lock') {
        const rtax = (c.RTAX as Record<string, number>)[arg.toUpperCase()]
        if (rtax !== undefined) lock |= 1 << rtax
        value = args.value()
      }
      metrics[field] = uintArg(value, arg)
    } else if (arg === 'congctl') metrics.ccAlgo = args.value()
    else if (arg === 'features') {
      const value = args.value()
      metrics.features = value === 'ecn' ? 1 : uintArg(value, 'features')
    } else if (arg === 'to') spec.dst = prefixArg(args.value(), family)
    else if (spec.dst === undefined && spec.type === undefined && c.ROUTE_TYPES.valueOf(arg) !== undefined && arg !== 'unspec') {
      spec.type = c.ROUTE_TYPES.valueOf(arg)
    } else if (spec.dst === undefined) spec.dst = prefixArg(arg, family)
    else throw garbage(arg)
  }
  if (spec.dst === undefined) throw new UsageError(ROUTE_USAGE)
  if (family !== null) spec.family = family
  if (flags !== 0) spec.flags = flags
  if (lock !== 0) metrics.lock = lock
  if (Object.keys(metrics).length > 0) spec.metrics = metrics
  if (hops.length > 0) spec.multipath = hops
  for (const [target, dev] of devs) target.oif = await ctx.indexOf(dev)
  if (typeof spec.iif === 'string') spec.iif = await ctx.indexOf(spec.iif)
  const ipr = await ctx.ipr()
  await ipr.route(op, spec as unknown as IPRouteRouteSpec)
}

/** `via [inet|inet6] ADDRESS`. */
function viaArg(args: Args): string {
  let value = args.value()
  if (value === 'inet' || value === 'inet6') value = args.value()
  return addressArg(value)
}
