/**
 * IPRoute: typed rtnetlink over one NetlinkSocket. It turns specs and filters into requests
 * (encoders in *-encode.ts), answers into typed objects (decoders), resolves interface names, and
 * puts each route filter where it is cheapest: the kernel (strict check), the native routeFilter
 * in Rust, then a JavaScript predicate. Every object kind goes through the same two mechanisms,
 * `#dump` and `#change`, described once in OBJECT_KINDS.
 */
import { openSync, closeSync } from 'node:fs'
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE } from '../constants'
import { NetlinkError } from '../errors'
import type { Parser } from '../marshal'
import type { NativeParserSpec } from '../native'
import type { CollectOptions } from '../request'
import { NetlinkSocket, type NetlinkSocketOptions } from '../socket'
import { parseIP, parsePrefix } from '../util/address'
import { afFromFamily, RTM, SCOPES } from './constants'
import { namedArg } from './validate'
import { decodeAddress, decodeLink, decodeNeighbour, decodeRoute, decodeRule } from './decode'
import {
  encodeAddressDumpRequest,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  encodeNeighbourDumpRequest,
  encodeRouteDumpRequest,
  encodeRuleDumpRequest,
  type LinkDumpFilter,
} from './dump-encode'
import { encodeAddressRequest, encodeLinkRequest, encodeNeighbourRequest, encodeRouteRequest, encodeRuleRequest } from './encode'
import { compileRouteFilter } from './filter'
import { Monitor, type MonitorGroup } from './monitor'
import { encodeRouteGetRequest, type RouteQuery } from './route-get'
import type { Address, AddressSpec, IpFamily, Link, LinkSpec, Neighbour, NeighbourSpec, Route, RouteFilter, RouteSpec, Rule, RuleSpec, TableRef } from './types'

/** Options of IPRoute.open: those of NetlinkSocket, for the route protocol. strictCheck defaults to true. */
export type IPRouteOptions = Omit<NetlinkSocketOptions, 'protocol' | 'groups'>

/** Per-call options: an AbortSignal and a timeout in ms, with the core's semantics. */
export interface CallOptions {
  signal?: AbortSignal
  timeout?: number
}

/** Dumps collected into arrays may retry when a concurrent change interrupted them. */
export interface DumpOptions extends CallOptions {
  retryInterrupted?: number
}

/** An interface given by index or by name. */
export type InterfaceRef = number | string

/** A route filter as IPRoute takes it: interfaces by index or name, plus a JS predicate. */
export interface RouteQueryFilter extends Omit<RouteFilter, 'oif' | 'iif'> {
  oif?: InterfaceRef
  iif?: InterfaceRef
  /** Runs last, in JavaScript, on each decoded route that passed the other fields. */
  match?: (route: Route) => boolean
}

export type RouteCommand = 'add' | 'del' | 'delete' | 'replace' | 'change' | 'append' | 'get'
export type LinkCommand = 'add' | 'set' | 'del' | 'delete' | 'get'
export type AddressCommand = 'add' | 'replace' | 'del' | 'delete'
export type NeighbourCommand = 'add' | 'replace' | 'change' | 'append' | 'del' | 'delete'
export type RuleCommand = 'add' | 'del' | 'delete'

/** Specs as IPRoute takes them: interface indexes may be names. */
export type IPRouteRouteSpec = Omit<RouteSpec, 'oif' | 'iif' | 'multipath'> & {
  oif?: InterfaceRef
  iif?: InterfaceRef
  multipath?: Array<Omit<NonNullable<RouteSpec['multipath']>[number], 'oif'> & { oif?: InterfaceRef }>
}
export type IPRouteLinkSpec = Omit<LinkSpec, 'master' | 'link' | 'netnsFd' | 'netnsPid'> & {
  master?: InterfaceRef
  link?: InterfaceRef
  /** Move the link into this namespace: a name under /run/netns, a path, or a pid. */
  netns?: string | number
}
export type IPRouteAddressSpec = Omit<AddressSpec, 'index'> & { index: InterfaceRef }
export type IPRouteNeighbourSpec = Omit<NeighbourSpec, 'ifindex' | 'master'> & { ifindex: InterfaceRef; master?: InterfaceRef }

const CREATE_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  add: NLM_F_CREATE | NLM_F_EXCL,
  replace: NLM_F_CREATE | NLM_F_REPLACE,
  change: NLM_F_REPLACE,
  append: NLM_F_CREATE | NLM_F_APPEND,
  set: 0,
})

/** How one object kind is changed: message types and which commands exist. */
interface ChangeKind<Spec> {
  what: string
  newType: number
  delType: number
  commands: ReadonlySet<string>
  encode(spec: Spec, op: 'new' | 'delete'): Buffer
}

const ROUTE_CHANGES: ChangeKind<RouteSpec> = {
  what: 'route',
  newType: RTM.NEWROUTE,
  delType: RTM.DELROUTE,
  commands: new Set(['add', 'del', 'delete', 'replace', 'change', 'append']),
  encode: encodeRouteRequest,
}
const LINK_CHANGES: ChangeKind<LinkSpec> = {
  what: 'link',
  newType: RTM.NEWLINK,
  delType: RTM.DELLINK,
  commands: new Set(['add', 'set', 'del', 'delete']),
  encode: (spec) => encodeLinkRequest(spec),
}
const ADDRESS_CHANGES: ChangeKind<AddressSpec> = {
  what: 'address',
  newType: RTM.NEWADDR,
  delType: RTM.DELADDR,
  commands: new Set(['add', 'replace', 'del', 'delete']),
  encode: (spec) => encodeAddressRequest(spec),
}
const NEIGHBOUR_CHANGES: ChangeKind<NeighbourSpec> = {
  what: 'neighbour',
  newType: RTM.NEWNEIGH,
  delType: RTM.DELNEIGH,
  commands: new Set(['add', 'replace', 'change', 'append', 'del', 'delete']),
  encode: (spec) => encodeNeighbourRequest(spec),
}
const RULE_CHANGES: ChangeKind<RuleSpec> = {
  what: 'rule',
  newType: RTM.NEWRULE,
  delType: RTM.DELRULE,
  commands: new Set(['add', 'del', 'delete']),
  encode: encodeRuleRequest,
}

export interface AddressFilter {
  family?: IpFamily
  index?: InterfaceRef
}
export interface NeighbourFilter {
  family?: IpFamily
  ifindex?: InterfaceRef
  master?: InterfaceRef
}

/** How one object kind is dumped with a filter the kernel may or may not apply. */
interface DumpKind<F, T> {
  what: string
  type: number
  interfaceFields: string[]
  encode(filter: F): Buffer
  decode: Parser<T>
  /** Re-checks in JS what the kernel may have ignored (kernels without strict checking). */
  keep(item: T, filter: F): boolean
}

const ADDRESS_DUMP: DumpKind<AddressFilter, Address> = {
  what: 'address filter',
  type: RTM.GETADDR,
  interfaceFields: ['index'],
  encode: (f) => encodeAddressDumpRequest(f as { family?: IpFamily; index?: number }),
  decode: decodeAddress,
  keep: (a, f) => (f.index === undefined || a.index === f.index) && (f.family === undefined || a.family === f.family),
}

const NEIGHBOUR_DUMP: DumpKind<NeighbourFilter, Neighbour> = {
  what: 'neighbour filter',
  type: RTM.GETNEIGH,
  interfaceFields: ['ifindex', 'master'],
  encode: (f) => encodeNeighbourDumpRequest(f as { family?: IpFamily; ifindex?: number; master?: number }),
  decode: decodeNeighbour,
  keep: (n, f) => (f.ifindex === undefined || n.ifindex === f.ifindex) && (f.family === undefined || n.family === f.family),
}

function dumpRequest<F, T>(kind: DumpKind<F, T>, filter: F, options: CallOptions): [Buffer, CollectOptions<T>] {
  return [kind.encode(filter), { type: kind.type, flags: NLM_F_DUMP, parser: filteringParser(kind.decode, (item) => kind.keep(item, filter)), ...callOptions(options) }]
}

export class IPRoute {
  /** The underlying socket, for requests this class has no method for. */
  readonly socket: NetlinkSocket
  readonly #options: IPRouteOptions

  private constructor(socket: NetlinkSocket, options: IPRouteOptions) {
    this.socket = socket
    this.#options = options
  }

  static async open(options: IPRouteOptions = {}): Promise<IPRoute> {
    if (options === null || typeof options !== 'object') throw new TypeError('IPRoute.open: options must be an object')
    for (const key of ['protocol', 'groups'] as const) {
      if (key in options) throw new TypeError(`IPRoute.open: options.${key} is not an IPRoute option (use monitor() for groups)`)
    }
    const socket = await NetlinkSocket.open({ ...options, protocol: 'route', strictCheck: options.strictCheck ?? true })
    return new IPRoute(socket, options)
  }

  // --- routes -------------------------------------------------------------------------------

  /** Routes as the kernel streams them; every table unless `filter.table` says otherwise. */
  routes(filter: RouteQueryFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Route> {
    const names = this.#namesIn(filter, ['oif', 'iif'])
    if (!names) return this.socket.request(...this.#routeDump(filter as RouteFilter & { match?: RouteQueryFilter['match'] }, options))
    return this.#afterNames(async () => this.socket.request(...this.#routeDump(await this.#resolveRouteFilter(filter), options)))
  }

  /** All routes matching `filter`, as an array. */
  async getRoutes(filter: RouteQueryFilter = {}, options: DumpOptions = {}): Promise<Route[]> {
    const resolved = await this.#resolveRouteFilter(filter)
    const [payload, requestOptions] = this.#routeDump(resolved, options)
    return this.socket.requestAll(payload, { ...requestOptions, retryInterrupted: options.retryInterrupted })
  }

  /**
   * Default routes, found by the native defaultRoutes parser in Rust: other routes never reach
   * JavaScript. Every table unless `table` is given (which the kernel applies too).
   */
  async getDefaultRoutes(query: { family?: IpFamily; table?: TableRef } = {}, options: DumpOptions = {}): Promise<Route[]> {
    if (query === null || typeof query !== 'object') throw new TypeError('getDefaultRoutes: query must be an object { family?, table? }')
    const filter: RouteFilter = {}
    if (query.family !== undefined) filter.family = query.family
    if (query.table !== undefined) filter.table = query.table
    const predicate = compileRouteFilter(filter)
    const payload = encodeRouteDumpRequest(filter)
    const nativeParser: NativeParserSpec = { name: 'defaultRoutes' }
    const family = payload[0]!
    if (family !== 0) nativeParser.family = family
    if (filter.table !== undefined) nativeParser.table = tableOf(payload)
    return this.socket.requestAll(payload, {
      type: RTM.GETROUTE,
      flags: NLM_F_DUMP,
      nativeParser,
      parser: filteringParser(decodeRoute, predicate),
      ...callOptions(options),
      retryInterrupted: options.retryInterrupted,
    })
  }

  /** Adds, deletes, replaces, changes or appends a route; 'get' asks the kernel which route it would use. */
  async route(cmd: Exclude<RouteCommand, 'get'>, spec: IPRouteRouteSpec, options?: CallOptions): Promise<void>
  async route(cmd: 'get', spec: RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }, options?: CallOptions): Promise<Route>
  async route(cmd: RouteCommand, spec: IPRouteRouteSpec | (RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }), options: CallOptions = {}): Promise<void | Route> {
    if (cmd === 'get') {
      const query = await this.#resolveNames(spec as Record<string, unknown>, ['oif', 'iif'], 'route query')
      const answer = await this.socket.requestAll(encodeRouteGetRequest(query as unknown as RouteQuery), { type: RTM.GETROUTE, flags: NLM_F_ACK, parser: decodeRoute, ...callOptions(options) })
      return answer[0]!
    }
    checkCommand(ROUTE_CHANGES, cmd)
    const hops = (spec as IPRouteRouteSpec)?.multipath
    if (!this.#namesIn(spec, ['oif', 'iif']) && !(Array.isArray(hops) && hops.some((hop) => this.#namesIn(hop, ['oif'])))) {
      // Nothing to look up: no extra round of promises on the path of pipelined adds.
      return this.#change(ROUTE_CHANGES, cmd, spec as unknown as RouteSpec, options)
    }
    let resolved = await this.#resolveNames(spec as Record<string, unknown>, ['oif', 'iif'], 'route spec')
    if (Array.isArray(resolved.multipath)) {
      const hops = await Promise.all(
        (resolved.multipath as Record<string, unknown>[]).map((hop, i) => this.#resolveNames(hop, ['oif'], `route spec.multipath[${i}]`)),
      )
      resolved = { ...resolved, multipath: hops }
    }
    await this.#change(ROUTE_CHANGES, cmd, resolved as unknown as RouteSpec, options)
  }

  // --- links --------------------------------------------------------------------------------

  links(filter: LinkDumpFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Link> {
    return this.socket.request(encodeLinkDumpRequest(filter), { type: RTM.GETLINK, flags: NLM_F_DUMP, parser: decodeLink, ...callOptions(options) })
  }

  getLinks(filter: LinkDumpFilter = {}, options: DumpOptions = {}): Promise<Link[]> {
    return this.socket.requestAll(encodeLinkDumpRequest(filter), { type: RTM.GETLINK, flags: NLM_F_DUMP, parser: decodeLink, ...callOptions(options), retryInterrupted: options.retryInterrupted })
  }

  /** Indexes of the links with this name (or address): [] when there is none. As pyroute2's link_lookup. */
  async linkLookup(query: { ifname?: string; address?: string }, options: CallOptions = {}): Promise<number[]> {
    if (query === null || typeof query !== 'object' || (query.ifname === undefined && query.address === undefined)) {
      throw new TypeError('linkLookup: query must be { ifname } or { address }')
    }
    if (query.ifname !== undefined) {
      const link = await this.#getLink({ ifname: query.ifname }, options)
      return link === null ? [] : [link.index]
    }
    const address = String(query.address).toLowerCase()
    return (await this.getLinks({}, options)).filter((l) => l.address === address).map((l) => l.index)
  }

  /** Creates ('add'), changes ('set'), deletes ('del') or reads ('get') a link. */
  async link(cmd: 'get', spec: { index?: number; ifname?: string }, options?: CallOptions): Promise<Link | null>
  async link(cmd: Exclude<LinkCommand, 'get'>, spec: IPRouteLinkSpec, options?: CallOptions): Promise<void>
  async link(cmd: LinkCommand, spec: IPRouteLinkSpec | { index?: number; ifname?: string }, options: CallOptions = {}): Promise<void | Link | null> {
    if (cmd === 'get') return this.#getLink(spec as { index?: number; ifname?: string }, options)
    checkCommand(LINK_CHANGES, cmd)
    const resolved = await this.#resolveNames(spec as Record<string, unknown>, ['master', 'link'], 'link spec')
    const { netns, ...rest } = resolved as IPRouteLinkSpec & Record<string, unknown>
    const linkSpec = rest as LinkSpec
    if ((cmd === 'set' || cmd === 'del' || cmd === 'delete') && linkSpec.index === undefined) {
      if (typeof linkSpec.ifname !== 'string') throw new TypeError(`link spec: '${cmd}' needs index or ifname`)
      linkSpec.index = await this.#indexOf(linkSpec.ifname, 'link spec.ifname', options)
      if (cmd === 'set') delete linkSpec.ifname
    }
    if (netns === undefined) return this.#change(LINK_CHANGES, cmd, linkSpec, options)
    if (typeof netns === 'number') return this.#change(LINK_CHANGES, cmd, { ...linkSpec, netnsPid: netns }, options)
    if (typeof netns !== 'string' || netns === '') throw new TypeError('link spec.netns: expected a namespace name, a path, or a pid')
    let fd: number
    try {
      fd = openSync(netns.includes('/') ? netns : `/run/netns/${netns}`, 'r')
    } catch (error) {
      throw new TypeError(`link spec.netns: cannot open namespace '${netns}': ${(error as Error).message}`)
    }
    try {
      await this.#change(LINK_CHANGES, cmd, { ...linkSpec, netnsFd: fd }, options)
    } finally {
      closeSync(fd)
    }
  }

  // --- addresses, neighbours, rules ---------------------------------------------------------

  addresses(filter: AddressFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Address> {
    return this.#streamDump(ADDRESS_DUMP, filter, options)
  }

  async getAddr(filter: AddressFilter = {}, options: DumpOptions = {}): Promise<Address[]> {
    return this.#collectDump(ADDRESS_DUMP, filter, options)
  }

  async addr(cmd: AddressCommand, spec: IPRouteAddressSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(ADDRESS_CHANGES, cmd)
    const resolved = await this.#resolveNames(spec as unknown as Record<string, unknown>, ['index'], 'address spec')
    await this.#change(ADDRESS_CHANGES, cmd, resolved as unknown as AddressSpec, options)
  }

  neighbours(filter: NeighbourFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Neighbour> {
    return this.#streamDump(NEIGHBOUR_DUMP, filter, options)
  }

  async getNeighbours(filter: NeighbourFilter = {}, options: DumpOptions = {}): Promise<Neighbour[]> {
    return this.#collectDump(NEIGHBOUR_DUMP, filter, options)
  }

  async neigh(cmd: NeighbourCommand, spec: IPRouteNeighbourSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(NEIGHBOUR_CHANGES, cmd)
    const resolved = await this.#resolveNames(spec as unknown as Record<string, unknown>, ['ifindex', 'master'], 'neighbour spec')
    await this.#change(NEIGHBOUR_CHANGES, cmd, resolved as unknown as NeighbourSpec, options)
  }

  rules(filter: { family?: IpFamily } = {}, options: CallOptions = {}): AsyncIterableIterator<Rule> {
    return this.socket.request(encodeRuleDumpRequest(filter), { type: RTM.GETRULE, flags: NLM_F_DUMP, parser: decodeRule, ...callOptions(options) })
  }

  getRules(filter: { family?: IpFamily } = {}, options: DumpOptions = {}): Promise<Rule[]> {
    return this.socket.requestAll(encodeRuleDumpRequest(filter), { type: RTM.GETRULE, flags: NLM_F_DUMP, parser: decodeRule, ...callOptions(options), retryInterrupted: options.retryInterrupted })
  }

  async rule(cmd: RuleCommand, spec: RuleSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(RULE_CHANGES, cmd)
    await this.#change(RULE_CHANGES, cmd, spec, options)
  }

  // --- events -------------------------------------------------------------------------------

  /**
   * Typed new/del events for links, addresses, routes, neighbours and rules, on a socket of its
   * own in buffer-thread mode. Listening starts before this returns. An `{ type: 'overflow' }`
   * event says the kernel dropped notifications: re-dump.
   */
  monitor(groups?: MonitorGroup[], options: { signal?: AbortSignal; rcvbuf?: number; queueCapacity?: number } = {}): Monitor {
    const { netns } = this.#options
    return Monitor.open(groups, { ...options, ...(netns === undefined ? {} : { netns }) })
  }

  close(): void {
    this.socket.close()
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  // --- shared mechanisms ------------------------------------------------------------------

  /** The request for a route dump: kernel filter in the payload, native routeFilter, JS predicate. */
  #routeDump(filter: RouteFilter & { match?: RouteQueryFilter['match'] }, options: CallOptions): [Buffer, CollectOptions<Route>] {
    if (filter === null || typeof filter !== 'object') throw new TypeError('route filter must be an object')
    const { match, ...fields } = filter
    if (match !== undefined && typeof match !== 'function') throw new TypeError('route filter.match must be a function (route) => boolean')
    const predicate = Object.keys(fields).length === 0 ? null : compileRouteFilter(fields)
    const payload = encodeRouteDumpRequest(fields)
    const nativeParser = nativeRouteFilter(fields, payload)
    const test = predicate === null ? match ?? null : match === undefined ? predicate : (r: Route) => predicate(r) && match(r)
    return [payload, {
      type: RTM.GETROUTE,
      flags: NLM_F_DUMP,
      parser: test === null ? decodeRoute : filteringParser(decodeRoute, test),
      ...(nativeParser === null ? {} : { nativeParser }),
      ...callOptions(options),
    }]
  }

  async #resolveRouteFilter(filter: RouteQueryFilter): Promise<RouteFilter & { match?: RouteQueryFilter['match'] }> {
    return (await this.#resolveNames(filter as Record<string, unknown>, ['oif', 'iif'], 'route filter')) as RouteFilter & { match?: RouteQueryFilter['match'] }
  }

  /** Streams a dump whose filter may name interfaces (resolved first when it does). */
  #streamDump<F extends object, T>(kind: DumpKind<F, T>, filter: F, options: CallOptions): AsyncIterableIterator<T> {
    if (filter === null || typeof filter !== 'object') throw new TypeError(`${kind.what} must be an object`)
    if (!this.#namesIn(filter, kind.interfaceFields)) return this.socket.request(...dumpRequest(kind, filter, options))
    return this.#afterNames(async () => this.socket.request(...dumpRequest(kind, await this.#resolveDumpFilter(kind, filter), options)))
  }

  async #collectDump<F extends object, T>(kind: DumpKind<F, T>, filter: F, options: DumpOptions): Promise<T[]> {
    if (filter === null || typeof filter !== 'object') throw new TypeError(`${kind.what} must be an object`)
    const [payload, requestOptions] = dumpRequest(kind, await this.#resolveDumpFilter(kind, filter), options)
    return this.socket.requestAll(payload, { ...requestOptions, retryInterrupted: options.retryInterrupted })
  }

  async #resolveDumpFilter<F extends object, T>(kind: DumpKind<F, T>, filter: F): Promise<F> {
    return (await this.#resolveNames(filter as Record<string, unknown>, kind.interfaceFields, kind.what)) as F
  }

  async #change<Spec>(kind: ChangeKind<Spec>, cmd: string, spec: Spec, options: CallOptions): Promise<void> {
    const isDelete = cmd === 'del' || cmd === 'delete'
    const payload = kind.encode(spec, isDelete ? 'delete' : 'new')
    await this.socket.request(payload, {
      type: isDelete ? kind.delType : kind.newType,
      flags: NLM_F_ACK | (isDelete ? 0 : CREATE_FLAGS[cmd]!),
      ...callOptions(options),
    }).collect()
  }

  async #getLink(query: { index?: number; ifname?: string }, options: CallOptions): Promise<Link | null> {
    if (query === null || typeof query !== 'object' || (query.index === undefined && query.ifname === undefined)) {
      throw new TypeError("link('get'): spec must be { index } or { ifname }")
    }
    try {
      const [link] = await this.socket.requestAll(encodeLinkGetRequest(query), { type: RTM.GETLINK, parser: decodeLink, ...callOptions(options) })
      return link ?? null
    } catch (error) {
      if (error instanceof NetlinkError && error.code === 'ENODEV') return null
      throw error
    }
  }

  async #indexOf(ifname: string, path: string, options: CallOptions = {}): Promise<number> {
    const link = await this.#getLink({ ifname: checkIfname(ifname, path) }, options)
    if (link === null) throw new TypeError(`${path}: no interface named '${ifname}'`)
    return link.index
  }

  #namesIn(object: unknown, fields: string[]): boolean {
    return object !== null && typeof object === 'object' && fields.some((f) => typeof (object as Record<string, unknown>)[f] === 'string')
  }

  /** A copy of `object` with interface names in `fields` replaced by indexes (TypeError for unknown names). */
  async #resolveNames(object: Record<string, unknown>, fields: string[], what: string): Promise<Record<string, unknown>> {
    if (object === null || typeof object !== 'object') throw new TypeError(`${what} must be an object`)
    if (!this.#namesIn(object, fields)) return object
    const copy = { ...object }
    for (const field of fields) {
      const value = copy[field]
      if (typeof value === 'string') copy[field] = await this.#indexOf(value, `${what}.${field}`)
    }
    return copy
  }

  /** An iterator that first awaits `start` (name resolution), then yields its answer. */
  #afterNames<T>(start: () => Promise<AsyncIterableIterator<T>>): AsyncIterableIterator<T> {
    let inner: AsyncIterableIterator<T> | null = null
    let starting: Promise<AsyncIterableIterator<T>> | null = null
    const iterator: AsyncIterableIterator<T> = {
      async next() {
        inner ??= await (starting ??= start())
        return inner.next()
      },
      async return() {
        if (inner === null && starting !== null) inner = await starting.catch(() => null)
        return inner?.return ? inner.return() : { value: undefined, done: true }
      },
      [Symbol.asyncIterator]() {
        return iterator
      },
    }
    return iterator
  }
}

function callOptions(options: CallOptions): CallOptions {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object { signal?, timeout? }')
  const out: CallOptions = {}
  if (options.signal !== undefined) out.signal = options.signal
  if (options.timeout !== undefined) out.timeout = options.timeout
  return out
}

function checkCommand(kind: ChangeKind<unknown>, cmd: unknown): void {
  if (typeof cmd !== 'string' || !kind.commands.has(cmd)) {
    throw new TypeError(`${kind.what} command: expected one of ${[...kind.commands].join(', ')}${kind === ROUTE_CHANGES ? ', get' : ''}, got ${JSON.stringify(cmd)}`)
  }
}

function checkIfname(ifname: unknown, path: string): string {
  if (typeof ifname !== 'string' || ifname === '' || ifname.includes('/') || /\s/.test(ifname)) {
    throw new TypeError(`${path}: ${JSON.stringify(ifname)} is not a valid interface name (no '/' or spaces)`)
  }
  const bytes = Buffer.byteLength(ifname)
  if (bytes > 15) throw new RangeError(`${path}: '${ifname}' is ${bytes} bytes; interface names are 1..15 bytes`)
  return ifname
}

/** A parser that decodes, then keeps only what `keep` accepts. */
function filteringParser<T>(decode: Parser<T>, keep: (item: T) => boolean): Parser<T> {
  return (data, offset, length) => {
    const item = decode(data, offset, length)
    return item !== null && keep(item) ? item : null
  }
}

/** The table id the dump payload asks for (rtm_table, or RTA_TABLE above 255). */
function tableOf(payload: Buffer): number {
  for (let at = 12; at + 8 <= payload.length; at += (payload.readUInt16LE(at) + 3) & ~3) {
    if (payload.readUInt16LE(at + 2) === 15) return payload.readUInt32LE(at + 4)
  }
  return payload[4]!
}

/**
 * The native routeFilter spec for the fields of a (validated) filter, or null when there is
 * nothing to filter. The numbers are taken from the encoded dump request so names resolve once.
 */
function nativeRouteFilter(filter: RouteFilter, payload: Buffer): NativeParserSpec | null {
  if (Object.keys(filter).length === 0) return null
  const spec: NativeParserSpec = { name: 'routeFilter' }
  if (payload[0] !== 0) spec.family = payload[0]!
  if (filter.table !== undefined) spec.table = tableOf(payload)
  if (filter.protocol !== undefined) spec.protocol = payload[5]!
  if (filter.type !== undefined) spec.type = payload[7]!
  if (filter.oif !== undefined) spec.oif = filter.oif
  if (filter.iif !== undefined) spec.iif = filter.iif
  if (filter.priority !== undefined) spec.priority = filter.priority
  if (filter.scope !== undefined) spec.scope = namedArg(SCOPES, 'u8', filter.scope, 'route filter.scope')
  if (filter.dst === 'default') {
    spec.dstLen = 0
  } else if (filter.dst !== undefined) {
    const prefix = parsePrefix(filter.dst)!
    spec.dst = prefix.bytes
    spec.dstLen = prefix.prefixLen
  }
  if (filter.contains !== undefined) spec.contains = parseIP(filter.contains)!.bytes
  if (filter.within !== undefined) {
    const prefix = parsePrefix(filter.within)!
    spec.within = prefix.bytes
    spec.withinLen = prefix.prefixLen
  }
  if (filter.gateway !== undefined) spec.gateway = parseIP(filter.gateway)!.bytes
  const address = spec.dst ?? spec.contains ?? spec.within ?? spec.gateway
  if (spec.family === undefined && address !== undefined) spec.family = afFromFamily(address.length === 4 ? 4 : 6)
  return spec
}

