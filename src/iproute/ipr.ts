/**
 * IPRoute: typed rtnetlink over one NetlinkSocket, built on the family toolkit (src/toolkit/). It
 * turns specs and filters into requests (encoders in *-encode.ts), answers into typed objects
 * (decoders), resolves interface names, and puts each route filter where it is cheapest: the
 * kernel (strict check), the native routeFilter in Rust, then a JavaScript predicate. Each object
 * kind is described once, as a toolkit change kind (ROUTE_CHANGES, LINK_CHANGES, ...) or dump kind
 * (ADDRESS_DUMP, NEIGHBOUR_DUMP); dumps go through `dumpRequest` or `#routeDump`, changes through
 * `#change`.
 *
 * Every argument is checked whole before anything is sent, in every method alike: filters, specs,
 * queries and options must be objects with known keys (null is not "none"), interface names follow
 * the kernel's rule (toolkit/ifname.ts), and a request whose interface names must be looked up is
 * first built once with a placeholder index, so no lookup goes out for a call that would fail.
 */
import { openSync, closeSync } from 'node:fs'
import { MAX_IN_FLIGHT, NLM_F_ACK, NLM_F_DUMP } from '../constants'
import { DumpInterruptedError, NetlinkError } from '../errors'
import type { NativeParserSpec } from '../native'
import { deferredIterator, type CollectOptions, type RequestOptions } from '../request'
import { align4, forEachAttr } from '../schema/decode'
import { describe } from '../schema/scalar'
import { retryInterrupted } from '../protocol/retry'
import { UnbuiltRequest, unbuiltPromise } from '../protocol/unbuilt'
import { NetlinkSocket, SUBMIT_UNBUILT, type NativeOpener, type NetlinkSocketOptions, type ResponseStream } from '../socket'
import { checkSpecObject, intArg, namedArg, objectArg } from '../toolkit/args'
import { NO_CALL_OPTIONS, callOptions, dumpOptions, type CallOptions, type DumpOptions } from '../toolkit/call-options'
import { changeHeader, changePayload, checkCommand, type ChangeKind } from '../toolkit/change-kind'
import { dumpRequest, type DumpKind } from '../toolkit/dump-kind'
import { AF_UNSPEC, afFromFamily } from '../toolkit/family'
import { filteringParser, parserFor } from '../toolkit/filtering'
import { ifnameArg, isPlainIfname } from '../toolkit/ifname'
import { parseIP, parsePrefix } from '../util/address'
import { dumpFamilyArg, specKeys, tableArg } from './common/args'
import { ROUTE_PROTOCOLS, type RouteProtocolName } from './common/rtnl'
import { NTF, RTA, RTM, SCOPES } from './constants'
// Decoders, encoders, filter, monitor and route get are loaded on first use (./lazy.ts: start-up).
import {
  decodeAddress,
  decodeLink,
  decodeNeighbour,
  decodeRoute,
  decodeRule,
  encodeAddressDumpRequest,
  encodeLinkDumpRequest,
  encodeLinkGetRequest,
  encodeNeighbourDumpRequest,
  encodeNexthopBucketDumpRequest,
  encodeNexthopDumpRequest,
  encodeNexthopGetRequest,
  encodeNexthopRequest,
  decodeNexthop,
  decodeNexthopBucket,
  encodeRouteDumpRequest,
  encodeRuleDumpRequest,
  encodeAddressRequest,
  encodeLinkRequest,
  encodeNeighbourRequest,
  encodeRouteRequest,
  encodeRuleRequest,
  compileRouteFilter,
  Monitor,
  encodeRouteGetRequest,
  RTMSG,
  desiredRoutes,
  desiredRoute,
  planRouteSync,
  duplicateKey,
  deleteSpec,
} from './lazy'
import type { LinkDumpFilter, LinkQuery } from './link/encode'
import type { MonitorGroup } from './monitor'
import type { RouteQuery } from './route/get'
import { RouteTable, RouteTableBuilder } from './route/table'
import type { DesiredRoute } from './route/sync'
import type {
  Address,
  AddressSpec,
  IpFamily,
  Link,
  LinkSpec,
  Neighbour,
  NeighbourSpec,
  Nexthop,
  NexthopBucket,
  NexthopBucketFilter,
  NexthopFilter,
  NexthopQuery,
  NexthopSpec,
  Route,
  RouteFilter,
  RouteSpec,
  Rule,
  RuleSpec,
  TableRef,
} from './types'

export type { CallOptions, DumpOptions } from '../toolkit/call-options'

/** Options of IPRoute.open: those of NetlinkSocket, for the route protocol. strictCheck defaults to true. */
export type IPRouteOptions = Omit<NetlinkSocketOptions, 'protocol' | 'groups'>

/** An interface given by index or by name. */
export type InterfaceRef = number | string

/** A route filter as IPRoute takes it: interfaces by index or name, plus a JS predicate. */
export interface RouteQueryFilter extends Omit<RouteFilter, 'oif' | 'iif'> {
  /** Output interface, by index or name (kernel-side; also matched against multipath paths). */
  oif?: InterfaceRef
  /** Input interface, by index or name. */
  iif?: InterfaceRef
  /** Runs last, in JavaScript, on each decoded route that passed the other fields. */
  match?: (route: Route) => boolean
}

/** What `IPRoute.route` does: `ip route add|del|replace|change|append|get`. 'delete' is an alias of 'del'. */
export type RouteCommand = 'add' | 'del' | 'delete' | 'replace' | 'change' | 'append' | 'get'
/**
 * What `IPRoute.link` does: `ip link add|set|del`, or 'get' to read one link. 'delete' is an alias of
 * 'del'.
 */
export type LinkCommand = 'add' | 'set' | 'del' | 'delete' | 'get'
/** What `IPRoute.addr` does: `ip addr add|replace|del`. 'delete' is an alias of 'del'. */
export type AddressCommand = 'add' | 'replace' | 'del' | 'delete'
/** What `IPRoute.neigh` does: `ip neigh add|replace|change|append|del`. 'delete' is an alias of 'del'. */
export type NeighbourCommand = 'add' | 'replace' | 'change' | 'append' | 'del' | 'delete'
/** What `IPRoute.rule` does: `ip rule add|del`. 'delete' is an alias of 'del'. */
export type RuleCommand = 'add' | 'del' | 'delete'
/** What `IPRoute.nexthop` does: `ip nexthop add|replace|del`, or 'get' to read one. 'delete' is an alias of 'del'. */
export type NexthopCommand = 'add' | 'replace' | 'del' | 'delete' | 'get'

/** Specs as IPRoute takes them: interface indexes may be names. */
export type IPRouteRouteSpec = Omit<RouteSpec, 'oif' | 'iif' | 'multipath'> & {
  /** Output interface, by index or name. */
  oif?: InterfaceRef
  /** Input interface, by index or name. */
  iif?: InterfaceRef
  /** The paths of an ECMP route; each path's `oif` may be a name. */
  multipath?: Array<
    Omit<NonNullable<RouteSpec['multipath']>[number], 'oif'> & {
      /** Output interface of this path, by index or name. */
      oif?: InterfaceRef
    }
  >
}
/** A link spec as IPRoute takes it: `master` and `link` may be names, `netns` moves the link. */
export type IPRouteLinkSpec = Omit<LinkSpec, 'master' | 'link' | 'netnsFd' | 'netnsPid'> & {
  /** Master device (bridge, bond) by index or name; 0 detaches from the master. */
  master?: InterfaceRef
  /** Lower device (macvlan/vxlan parent) by index or name. */
  link?: InterfaceRef
  /** Move the link into this namespace: a name under /run/netns, a path, or a pid. */
  netns?: string | number
}
/** An address spec as IPRoute takes it: the interface by index or name. */
export type IPRouteAddressSpec = Omit<AddressSpec, 'index'> & {
  /** The interface, by index or name. */
  index: InterfaceRef
}
/** A neighbour spec as IPRoute takes it: the interface and master by index or name. */
export type IPRouteNeighbourSpec = Omit<NeighbourSpec, 'ifindex' | 'master'> & {
  /** The interface, by index or name. */
  ifindex: InterfaceRef
  /** The master (bridge) device, by index or name. */
  master?: InterfaceRef
}

/** A nexthop spec as IPRoute takes it: the interface by index or name. */
export type IPRouteNexthopSpec = Omit<NexthopSpec, 'oif'> & {
  /** The output interface, by index or name. */
  oif?: InterfaceRef
}

/**
 * Options of {@link IPRoute.syncRoutes}: the table to reconcile, which of its routes the sync
 * manages, and the call options (`signal`, `timeout`) of its requests.
 */
export interface SyncRoutesOptions extends CallOptions {
  /** The table that must hold the desired routes (required). Desired routes without `table` go in it; one naming another table is a RangeError. */
  table: TableRef
  /**
   * Manage only the routes of this protocol: others in the table are left alone, and desired routes
   * without `protocol` get this one (one naming another is a RangeError). Without it every route
   * but the kernel's own is managed and desired routes default to 'boot', as `ip route`.
   */
  protocol?: RouteProtocolName | number
  /** Only this family: the table's routes of the other are left alone. Without it, both. */
  family?: IpFamily
  /** Plan only: the result says what a sync would do, and nothing is sent but the dump. Default false. */
  dryRun?: boolean
}

/**
 * What {@link IPRoute.syncRoutes} did (or, with `dryRun`, would do). Desired routes are the
 * caller's own spec objects; deleted ones are the routes as the dump reported them.
 */
export interface SyncRoutesResult {
  /** Desired routes the table did not hold, now added. */
  added: IPRouteRouteSpec[]
  /** Desired routes the table held differently, now replaced (never absent meanwhile). */
  replaced: IPRouteRouteSpec[]
  /** Managed routes no desired route keys, now deleted. */
  deleted: Route[]
  /** Desired routes the table already held as they are: nothing was sent for them. */
  unchanged: IPRouteRouteSpec[]
  /**
   * What did not happen, each with why: a change the kernel refused (a NetlinkError), or a desired
   * route whose key a route this sync does not manage holds (kernel-owned, or of another protocol;
   * not sent).
   */
  failed: SyncRoutesFailure[]
}

/** A change of {@link IPRoute.syncRoutes} that did not happen. */
export interface SyncRoutesFailure {
  /** The desired spec (an add or replace) or the dumped route (a delete). */
  route: IPRouteRouteSpec | Route
  /** Why: the kernel's NetlinkError, or the conflict with a route the sync does not manage. */
  error: Error
}

const SYNC_OPTION_KEYS = specKeys<SyncRoutesOptions>()('table', 'protocol', 'family', 'dryRun', 'signal', 'timeout')
/** Re-dumps of the table when a concurrent change interrupts the dump (NLM_F_DUMP_INTR). */
const SYNC_DUMP_RETRIES = 10

const MONITOR_OPTION_KEYS: ReadonlySet<string> = new Set(['signal', 'rcvbuf', 'queueCapacity'])
const DEFAULT_ROUTE_QUERY_KEYS: ReadonlySet<string> = new Set(['family', 'table'])
const LINK_LOOKUP_KEYS: ReadonlySet<string> = new Set(['ifname', 'address'])
/** Link-layer address text as decoders print it: hex bytes joined by ':'. */
const LINK_ADDRESS = /^[0-9a-f]{2}(:[0-9a-f]{2})*$/i

/** Where interface names may stand for indexes. */
const ROUTE_NAME_FIELDS = ['oif', 'iif']
const HOP_NAME_FIELDS = ['oif']
const LINK_NAME_FIELDS = ['master', 'link']

/**
 * Stands in for every interface name while a spec or filter is checked, so that everything else in
 * it is checked before a name lookup (a request of its own) goes out. An unlikely number (the bytes
 * "nlrt"), so that the one place a change's payload holds it can be found and given the index
 * (see indexSlot).
 */
const PLACEHOLDER_INDEX = 0x74726c6e
/** The longest a lookup's answer serves later calls, while the socket is busy (IPRoute's #recentIndex). */
const LOOKUP_REUSE_MS = 1000
/** Answers kept before the stale ones are dropped (IPRoute's #remember). */
const KEPT_ANSWERS = 64
/** The payload a shared lookup's options are checked with (their check does not read it). */
const NO_PAYLOAD = Buffer.alloc(0)
/** The engine's request checks, loaded with the engine on first use (as socket.ts loads it: start-up). */
let intake: typeof import('../protocol/intake') | undefined
/** The engine's clock, loaded with it (a lookup is answered, or reused, only once a socket is open). */
let clock: typeof import('../protocol/clock') | undefined
const monotonicMs = (): number => (clock ??= require('../protocol/clock') as typeof import('../protocol/clock')).monotonicMs()

const ROUTE_CHANGES: ChangeKind<RouteSpec> = {
  what: 'route',
  newType: RTM.NEWROUTE,
  delType: RTM.DELROUTE,
  commands: new Set(['add', 'del', 'delete', 'replace', 'change', 'append']),
  otherCommands: ['get'],
  // Wrapped, not referenced: reading the name now would load the encoders at import (./lazy.ts).
  encode: (spec, op) => encodeRouteRequest(spec, op),
}
/** What a sync sends: a replace creates or replaces (a route is never absent while it changes), a delete removes. */
const ROUTE_REPLACE = changeHeader(ROUTE_CHANGES, 'replace')
const ROUTE_DELETE = changeHeader(ROUTE_CHANGES, 'del')
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
const NEXTHOP_CHANGES: ChangeKind<NexthopSpec | NexthopQuery> = {
  what: 'nexthop',
  newType: RTM.NEWNEXTHOP,
  delType: RTM.DELNEXTHOP,
  commands: new Set(['add', 'replace', 'del', 'delete']),
  otherCommands: ['get'],
  encode: (spec, op) => encodeNexthopRequest(spec, op),
}
const RULE_CHANGES: ChangeKind<RuleSpec> = {
  what: 'rule',
  newType: RTM.NEWRULE,
  delType: RTM.DELRULE,
  commands: new Set(['add', 'del', 'delete']),
  encode: (spec, op) => encodeRuleRequest(spec, op),
}

/** Which addresses `IPRoute.addresses` / `getAddr` return; every field optional. */
export interface AddressFilter {
  /** 4 or 6. */
  family?: IpFamily
  /** Only the addresses of this interface, by index or name. */
  index?: InterfaceRef
}
/** Which neighbour entries `IPRoute.neighbours` / `getNeighbours` return; every field optional. */
export interface NeighbourFilter {
  /** 4 or 6 (7, AF_BRIDGE, for bridge fdb entries). */
  family?: IpFamily
  /** Only the entries of this interface, by index or name. */
  ifindex?: InterfaceRef
  /** Only the entries of ports of this master (bridge), by index or name (kernel-side). */
  master?: InterfaceRef
  /** Proxy entries (NTF_PROXY, `ip neigh show proxy`) instead of the neighbour cache. */
  proxy?: boolean
}
/**
 * Which nexthops `IPRoute.nexthops` / `getNexthops` return (`ip nexthop show`); every field optional,
 * each applied by the kernel.
 */
export interface NexthopQueryFilter extends Omit<NexthopFilter, 'oif' | 'master'> {
  /** Only this nexthop (`ip nexthop show id N`: a get, not a dump, so no other field with it). */
  id?: number
  /** Only nexthops using this interface, by index or name (no groups). */
  oif?: InterfaceRef
  /** Only nexthops whose interface is a port of this master, by index or name. */
  master?: InterfaceRef
}
/** Which buckets `IPRoute.getNexthopBuckets` returns (`ip nexthop bucket show`); every field optional. */
export interface NexthopBucketQueryFilter extends Omit<NexthopBucketFilter, 'oif' | 'master'> {
  /** Only buckets whose nexthop uses this interface, by index or name. */
  oif?: InterfaceRef
  /** Only buckets whose nexthop's interface is a port of this master, by index or name. */
  master?: InterfaceRef
}

const ADDRESS_DUMP: DumpKind<AddressFilter, Address> = {
  type: RTM.GETADDR,
  interfaceFields: ['index'],
  encode: (f, what) => encodeAddressDumpRequest(f as { family?: IpFamily; index?: number }, what),
  // Wrapped, not referenced: reading the name now would load the decoders at import (./lazy.ts).
  decode: (d, o, l) => decodeAddress(d, o, l),
  keep: (a, f) => (f.index === undefined || a.index === f.index) && (f.family === undefined || a.family === f.family),
}

const NEIGHBOUR_DUMP: DumpKind<NeighbourFilter, Neighbour> = {
  type: RTM.GETNEIGH,
  interfaceFields: ['ifindex', 'master'],
  encode: (f, what) => encodeNeighbourDumpRequest(f as { family?: IpFamily; ifindex?: number; master?: number; proxy?: boolean }, what),
  decode: (d, o, l) => decodeNeighbour(d, o, l),
  keep: (n, f) =>
    (f.ifindex === undefined || n.ifindex === f.ifindex) &&
    (f.family === undefined || n.family === f.family) &&
    (f.proxy !== true || (n.flags & NTF.PROXY) !== 0),
}

const NEXTHOP_DUMP: DumpKind<NexthopFilter, Nexthop> = {
  type: RTM.GETNEXTHOP,
  interfaceFields: ['oif', 'master'],
  encode: (f, what) => encodeNexthopDumpRequest(f, what),
  decode: (d, o, l) => decodeNexthop(d, o, l),
  // `master` needs the interfaces' masters, which a nexthop does not carry: left to the kernel.
  keep: (n, f) => (f.oif === undefined || n.oif === f.oif) && (f.groups !== true || n.group !== null) && (f.fdb !== true || n.fdb),
}

const NEXTHOP_BUCKET_DUMP: DumpKind<NexthopBucketFilter, NexthopBucket> = {
  type: RTM.GETNEXTHOPBUCKET,
  interfaceFields: ['oif', 'master'],
  encode: (f, what) => encodeNexthopBucketDumpRequest(f, what),
  decode: (d, o, l) => decodeNexthopBucket(d, o, l),
  keep: (b, f) => (f.id === undefined || b.id === f.id) && (f.nhId === undefined || b.nhId === f.nhId),
}

const NEXTHOP_QUERY_FILTER_KEYS = specKeys<NexthopQueryFilter>()('id', 'oif', 'master', 'groups', 'fdb')

/** The id of a nexthops filter that asks for one nexthop (a get), or undefined for a dump. */
function nexthopFilterId(filter: unknown, what: string): number | undefined {
  const f = checkSpecObject(filter, NEXTHOP_QUERY_FILTER_KEYS, what)
  if (f.id === undefined) return undefined
  const other = Object.keys(f).find((k) => k !== 'id' && f[k] !== undefined)
  if (other !== undefined) throw new TypeError(`${what}.${other}: not with id (one nexthop is read by id alone, as \`ip nexthop show id N\`)`)
  return intArg('u32', f.id, `${what}.id`)
}

/**
 * An interface name in a spec or filter: where it is, and where its index goes. The argument's
 * path for errors ("route spec.multipath[1].oif") is made only when one is thrown (refPath): a
 * program may have 100k changes naming an interface waiting at once.
 */
interface NameRef {
  name: string
  /** The argument's name, for errors: "route spec". */
  what: string
  field: string
  /** Index into `multipath` when the name is a hop's. */
  hop?: number
  /** The index goes into this field instead, and `field` is dropped (a link named by ifname). */
  into?: string
}

/**
 * The interface names among `fields` of `object` (and `hopFields` of its multipath hops), each
 * checked by the kernel's rule. Numbers are left to the encoders.
 */
function interfaceNames(object: unknown, fields: readonly string[], what: string, hopFields: readonly string[] = []): NameRef[] {
  objectArg(object, what)
  let refs: NameRef[] | null = null
  for (const field of fields) {
    const value = object[field]
    if (typeof value !== 'string') continue
    // A literal of one, not a push onto []: V8 gives a pushed-to array room for 17.
    const ref: NameRef = { name: isPlainIfname(value) ? value : ifnameArg(value, `${what}.${field}`), what, field }
    if (refs === null) refs = [ref]
    else refs.push(ref)
  }
  const hops = object.multipath
  if (hopFields.length > 0 && Array.isArray(hops)) {
    hops.forEach((hop: unknown, i) => {
      if (hop === null || typeof hop !== 'object') return // the encoder says what is wrong with it
      for (const field of hopFields) {
        const value = (hop as Record<string, unknown>)[field]
        if (typeof value === 'string') (refs ??= []).push({ name: ifnameArg(value, `${what}.multipath[${i}].${field}`), what, field, hop: i })
      }
    })
  }
  return refs ?? []
}

/**
 * The offset of the interface index in `payload`, a change built with PLACEHOLDER_INDEX for its one
 * name: the one 4-byte-aligned little-endian u32 equal to it, or -1 when there is not exactly one
 * (another field holds the same number, or the index went elsewhere). Every encoder writes an
 * interface index this way (a u32 attribute, or the ifindex of ifinfomsg, ifaddrmsg, ndmsg or
 * rtnexthop, all at aligned offsets) and nothing else depends on its value, so writing the index
 * found there makes the payload a second build would make (iproute-name-lookups.spec checks both
 * ways agree for every kind of change).
 */
function indexSlot(payload: Buffer): number {
  let slot = -1
  for (let at = 0; at + 4 <= payload.length; at += 4) {
    if (payload.readUInt32LE(at) !== PLACEHOLDER_INDEX) continue
    if (slot !== -1) return -1
    slot = at
  }
  return slot
}

/** Where `ref` is in the caller's argument, for errors: "route spec.multipath[1].oif". */
function refPath(ref: NameRef): string {
  return ref.hop === undefined ? `${ref.what}.${ref.field}` : `${ref.what}.multipath[${ref.hop}].${ref.field}`
}

/** A copy of `object` with the names at `refs` replaced by `indexes` (one for all, or one each). */
function withIndexes(object: Record<string, unknown>, refs: readonly NameRef[], indexes: number | readonly number[]): Record<string, unknown> {
  const copy = { ...object }
  if (refs.some((r) => r.hop !== undefined))
    copy.multipath = (object.multipath as unknown[]).map((hop) => (hop !== null && typeof hop === 'object' ? { ...hop } : hop))
  refs.forEach((ref, i) => {
    const target = ref.hop === undefined ? copy : ((copy.multipath as Record<string, unknown>[])[ref.hop] as Record<string, unknown>)
    const index = typeof indexes === 'number' ? indexes : indexes[i]!
    if (ref.into === undefined) {
      target[ref.field] = index
    } else {
      delete target[ref.field]
      target[ref.into] = index
    }
  })
  return copy
}

/**
 * Typed rtnetlink: links, addresses, routes, neighbours, rules, nexthop objects and their events, in the style of `ip`
 * and of pyroute2's IPRoute. One IPRoute owns one NetlinkSocket (the `route` protocol, strict checking
 * on); open it with {@link IPRoute.open} and `close()` it when done. Interfaces may be given by index
 * or by name; names are resolved before anything is changed.
 */
export class IPRoute {
  /** The underlying socket, for requests this class has no method for. */
  readonly socket: NetlinkSocket
  readonly #options: IPRouteOptions
  /**
   * Name lookups in flight, by timeout and name: calls naming one interface while its RTM_GETLINK is
   * out share that request (100k adds naming 'v0' send one). Once settled, its answer serves only
   * calls made while the socket is still busy (see #recentIndex): a call made once everything is
   * answered asks the kernel again, so a program that waits for its changes sees a rename or delete.
   */
  readonly #lookups = new Map<string, Promise<number | null>>()
  /** The last index each name's lookup answered, and when (see #recentIndex). */
  #answers = new Map<string, { index: number; at: number }>()
  /** When #remember last dropped the stale answers. */
  #prunedAt = 0
  /**
   * Changes naming an interface, by name, built with the placeholder index and waiting for its
   * lookup (one list per lookup in flight): what each keeps is its unbuilt request and no promise
   * chain of its own (see #changeAfterLookup).
   */
  readonly #namedChanges = new Map<string, NamedChange[]>()

  private constructor(socket: NetlinkSocket, options: IPRouteOptions) {
    this.socket = socket
    this.#options = options
  }

  /** Opens the socket. `opener` replaces the native socket, as for NetlinkSocket.open (tests use a fake kernel). */
  static async open(options: IPRouteOptions = {}, opener?: NativeOpener): Promise<IPRoute> {
    objectArg(options, 'IPRoute.open options')
    for (const key of ['protocol', 'groups'] as const) {
      if (key in options) throw new TypeError(`IPRoute.open options.${key}: not an IPRoute option (use monitor() for groups)`)
    }
    // Every other key is NetlinkSocket's to accept or refuse, so both refuse the same unknown keys.
    const socket = await NetlinkSocket.open({ ...options, protocol: 'route', strictCheck: options.strictCheck ?? true }, opener)
    return new IPRoute(socket, options)
  }

  // --- routes -------------------------------------------------------------------------------

  /** Routes as the kernel streams them; every table unless `filter.table` says otherwise. */
  routes(filter: RouteQueryFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Route> {
    const what = 'routes filter'
    const call = callOptions(options, 'routes')
    const refs = interfaceNames(filter, ROUTE_NAME_FIELDS, what)
    return this.#stream(this.#withNames(filter, refs, call, (f) => this.#routeDump(f, call, what)))
  }

  /** All routes matching `filter`, as an array. */
  async getRoutes(filter: RouteQueryFilter = {}, options: DumpOptions = {}): Promise<Route[]> {
    const what = 'getRoutes filter'
    const [call, retryInterrupted] = dumpOptions(options, 'getRoutes')
    const refs = interfaceNames(filter, ROUTE_NAME_FIELDS, what)
    const [payload, requestOptions] = await this.#withNames(filter, refs, call, (f) => this.#routeDump(f, call, what))
    return this.socket.requestAll(payload, { ...requestOptions, retryInterrupted })
  }

  /**
   * All routes matching `filter`, as a {@link RouteTable}: the messages as received, each decoded
   * into a Route when it is read, instead of an array of objects made during the dump. For large
   * tables: a million routes take their message bytes (outside the V8 heap) and 8 bytes of index
   * each, and the dump costs about what reading it costs. Filters as getRoutes; fields the kernel
   * or the native route filter cannot apply (and `match`) decode each route once to test it.
   * An interrupted dump (DumpInterruptedError, after `retryInterrupted` retries) has `results` null.
   */
  async getRouteTable(filter: RouteQueryFilter = {}, options: DumpOptions = {}): Promise<RouteTable> {
    const what = 'getRouteTable filter'
    const [call, retries] = dumpOptions(options, 'getRouteTable')
    const refs = interfaceNames(filter, ROUTE_NAME_FIELDS, what)
    const [payload, test, requestOptions] = await this.#withNames(filter, refs, call, (f) => this.#routeDumpParts(f, call, what))
    return retryInterrupted(retries ?? 0, async () => {
      // Each attempt collects into a builder of its own: a retried dump starts over.
      const builder = new RouteTableBuilder(test)
      try {
        await this.socket.request(payload, { ...requestOptions, parser: builder.parser }).collect()
      } catch (error) {
        // Its `results` would be the engine's array, which a table leaves empty.
        throw error instanceof DumpInterruptedError ? new DumpInterruptedError(null, error.received, error.attempts) : error
      }
      return builder.finish()
    })
  }

  /**
   * Default routes, found by the native defaultRoutes parser in Rust: other routes never reach
   * JavaScript. Every table unless `table` is given (which the kernel applies too).
   */
  async getDefaultRoutes(query: { family?: IpFamily; table?: TableRef } = {}, options: DumpOptions = {}): Promise<Route[]> {
    const what = 'getDefaultRoutes query'
    const [call, retryInterrupted] = dumpOptions(options, 'getDefaultRoutes')
    const q = checkSpecObject(query, DEFAULT_ROUTE_QUERY_KEYS, what)
    const filter: RouteFilter = {}
    if (q.family !== undefined) filter.family = q.family as IpFamily
    if (q.table !== undefined) filter.table = q.table as TableRef
    const predicate = compileRouteFilter(filter, what)
    const payload = encodeRouteDumpRequest(filter, what)
    const nativeParser: NativeParserSpec = { name: 'defaultRoutes', compact: true }
    const { family } = RTMSG.decode(payload, 0)
    if (family !== AF_UNSPEC) nativeParser.family = family
    if (filter.table !== undefined) nativeParser.table = tableOf(payload)
    return this.socket.requestAll(payload, {
      type: RTM.GETROUTE,
      flags: NLM_F_DUMP,
      nativeParser,
      parser: filteringParser(decodeRoute, predicate),
      ...call,
      retryInterrupted,
    })
  }

  /** Adds, deletes, replaces, changes or appends a route; 'get' asks the kernel which route it would use. */
  async route(cmd: Exclude<RouteCommand, 'get'>, spec: IPRouteRouteSpec, options?: CallOptions): Promise<void>
  async route(cmd: 'get', spec: RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }, options?: CallOptions): Promise<Route>
  route(
    cmd: RouteCommand,
    spec: IPRouteRouteSpec | (RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }),
    options: CallOptions = {},
  ): Promise<void | Route> {
    if (cmd === 'get') return this.#routeGet(spec as RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }, options)
    // Not an async function: a program may have 100k changes waiting at once, and each async
    // frame is a promise, a generator and a context more on the heap. Bad arguments still reject.
    try {
      checkCommand(ROUTE_CHANGES, cmd)
      const call = callOptions(options, 'route')
      const refs = interfaceNames(spec, ROUTE_NAME_FIELDS, 'route spec', HOP_NAME_FIELDS)
      return this.#change(ROUTE_CHANGES, cmd, spec as Record<string, unknown>, refs, call)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  async #routeGet(spec: RouteQuery & { oif?: InterfaceRef; iif?: InterfaceRef }, options: CallOptions): Promise<Route> {
    const call = callOptions(options, "route('get')")
    const refs = interfaceNames(spec, ROUTE_NAME_FIELDS, 'route query')
    const payload = await this.#withNames(spec, refs, call, (q) => encodeRouteGetRequest(q as unknown as RouteQuery))
    const answer = await this.socket.requestAll(payload, { type: RTM.GETROUTE, flags: NLM_F_ACK, parser: decodeRoute, ...call })
    return answer[0]!
  }

  /**
   * Makes table `options.table` hold exactly `desired` (RouteSpecs, as `route('add')` takes them):
   * dumps the table (kernel-filtered by table and family), compares, and applies the difference
   * with pipelined `replace`s (so a changed route is never absent) and `delete`s. Every spec is
   * checked first (TypeError/RangeError naming `desired[i].field`; two of one key are a RangeError),
   * interface names are looked up once for the whole sync, and nothing is changed before all of
   * that passed.
   *
   * Routes are keyed as the kernel keys them (family, table, dst, src, tos, metric) and compared on
   * type, protocol, gateway/via, interface, the set of multipath paths with their weights, metrics,
   * nhId, encapsulation, prefsrc and IPv6 pref, as the kernel reports them back, so what it fills
   * in (an interface for a gateway, an IPv6 metric or pref) never causes a replace and a second sync
   * changes nothing; the full rules are in src/iproute/route/sync.ts. Kernel-owned routes (protocol
   * kernel; local and broadcast routes of table local) are left alone unless `options.protocol`
   * names their protocol, and with `protocol` so are the routes of every other protocol.
   *
   * One failed change does not stop the others: it is in `failed` with the kernel's error. An
   * interrupted dump is retried. `signal` cancels the changes not yet sent, and the call rejects
   * with its reason.
   */
  async syncRoutes(desired: readonly IPRouteRouteSpec[], options: SyncRoutesOptions): Promise<SyncRoutesResult> {
    const what = 'syncRoutes desired'
    const o = checkSpecObject(options, SYNC_OPTION_KEYS, 'syncRoutes options', 'option')
    if (o.table === undefined) throw new TypeError('syncRoutes options.table: required (the table to reconcile)')
    const table = tableArg(o.table, 'syncRoutes options.table')
    const protocol = o.protocol === undefined ? undefined : namedArg(ROUTE_PROTOCOLS, 'u8', o.protocol, 'syncRoutes options.protocol')
    dumpFamilyArg(o.family, 'syncRoutes options')
    const family = o.family as IpFamily | undefined
    if (o.dryRun !== undefined && typeof o.dryRun !== 'boolean') throw new TypeError(`syncRoutes options.dryRun: expected a boolean, got ${describe(o.dryRun)}`)
    const call = callOptions({ signal: o.signal, timeout: o.timeout }, 'syncRoutes')
    if (!Array.isArray(desired)) throw new TypeError(`${what}: expected an array of route specs, got ${describe(desired)}`)

    // Checked whole before any lookup: names by the kernel's rule, the rest with a placeholder index.
    const specs = desired as readonly Record<string, unknown>[]
    const refs = specs.map((spec, i) => interfaceNames(spec, ROUTE_NAME_FIELDS, `${what}[${i}]`, HOP_NAME_FIELDS))
    const defaults = { table, protocol, family }
    const wanted = desiredRoutes(
      specs.map((spec, i) => (refs[i]!.length === 0 ? spec : withIndexes(spec, refs[i]!, PLACEHOLDER_INDEX))) as unknown as RouteSpec[],
      defaults,
      what,
    )
    for (const want of wanted) {
      const at = `${what}[${want.index}]`
      if (want.table !== table) throw new RangeError(`${at}.table: ${want.table} is not the table synced (options.table ${table})`)
      if (protocol !== undefined && want.protocol !== ROUTE_PROTOCOLS.decode(protocol))
        throw new RangeError(`${at}.protocol: ${String(want.protocol)} is not the protocol synced (options.protocol ${String(o.protocol)})`)
      if (family !== undefined && want.family !== family) throw new RangeError(`${at}: an IPv${want.family} route, but options.family is ${family}`)
    }
    const duplicate = duplicateKey(wanted)
    if (duplicate !== null)
      throw new RangeError(
        `${what}[${duplicate.index}]: same key (table, dst, src, tos, metric) as ${what}[${duplicate.first}]; a table holds one route per key`,
      )

    const named = refs.flat()
    if (named.length > 0) {
      const byName = new Map(named.map((ref) => [ref.name, ref]))
      const indexes = new Map(await Promise.all([...byName.values()].map(async (ref) => [ref.name, await this.#indexOf(ref, call)] as const)))
      wanted.forEach((want, i) => {
        const own = refs[i]!
        if (own.length === 0) return
        const resolved = withIndexes(
          specs[i]!,
          own,
          own.map((ref) => indexes.get(ref.name)!),
        ) as unknown as RouteSpec
        wanted[i] = desiredRoute(resolved, i, defaults, what)
      })
    }
    // The results show the caller's own specs (the ones checked had names replaced by indexes).
    for (const want of wanted) (want as DesiredRoute<unknown>).spec = desired[want.index]

    const current = await this.getRoutes(family === undefined ? { table } : { table, family }, { ...call, retryInterrupted: SYNC_DUMP_RETRIES })
    const plan = planRouteSync(wanted as DesiredRoute<IPRouteRouteSpec>[], current, {
      protocol: protocol === undefined ? undefined : ROUTE_PROTOCOLS.decode(protocol),
    })
    const failed: SyncRoutesResult['failed'] = plan.conflicts.map(({ desired: want, current: held }) => ({
      route: want.spec,
      error: new Error(
        `${what}[${want.index}]: its key is held by a route this sync does not manage (${held.dst} protocol ${String(held.protocol)}); ` +
          'not replaced (options.protocol selects the routes a sync manages)',
      ),
    }))
    const result: SyncRoutesResult = { added: [], replaced: [], deleted: [], unchanged: plan.unchanged.map((want) => want.spec), failed }
    const changes: { payload: Buffer; header: { type: number; flags: number }; route: IPRouteRouteSpec | Route; done: unknown[] }[] = [
      ...plan.add.map((want) => ({ payload: want.payload, header: ROUTE_REPLACE, route: want.spec, done: result.added })),
      ...plan.replace.map(({ desired: want }) => ({ payload: want.payload, header: ROUTE_REPLACE, route: want.spec, done: result.replaced })),
      ...plan.delete.map((route) => ({ payload: changePayload(ROUTE_CHANGES, 'del', deleteSpec(route)), header: ROUTE_DELETE, route, done: result.deleted })),
    ]
    if (o.dryRun === true) {
      for (const change of changes) change.done.push(change.route)
      return result
    }
    const outcomes = await this.#pipelined(changes, call)
    changes.forEach((change, i) => {
      const error = outcomes[i]
      if (error === undefined) change.done.push(change.route)
      else failed.push({ route: change.route, error })
    })
    return result
  }

  // --- links --------------------------------------------------------------------------------

  /** Links as the kernel streams them (`ip link show`); `filter` narrows the dump in the kernel. */
  links(filter: LinkDumpFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Link> {
    const call = callOptions(options, 'links')
    return this.socket.request(encodeLinkDumpRequest(filter, 'links filter'), { type: RTM.GETLINK, flags: NLM_F_DUMP, parser: decodeLink, ...call })
  }

  /** All links matching `filter`, as an array. */
  async getLinks(filter: LinkDumpFilter = {}, options: DumpOptions = {}): Promise<Link[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'getLinks')
    return this.#linkDump(encodeLinkDumpRequest(filter, 'getLinks filter'), call, retryInterrupted)
  }

  /** Indexes of the links with this name (or address): [] when there is none. As pyroute2's link_lookup. */
  async linkLookup(query: { ifname?: string; address?: string }, options: CallOptions = {}): Promise<number[]> {
    const what = 'linkLookup query'
    const call = callOptions(options, 'linkLookup')
    const q = checkSpecObject(query, LINK_LOOKUP_KEYS, what)
    if (q.ifname === undefined && q.address === undefined) throw new TypeError(`${what}: expected { ifname } or { address }`)
    if (q.ifname !== undefined) {
      const link = await this.#getLink(encodeLinkGetRequest({ ifname: q.ifname as string }, what), call)
      return link === null ? [] : [link.index]
    }
    if (typeof q.address !== 'string' || !LINK_ADDRESS.test(q.address)) {
      throw new TypeError(`${what}.address: ${describe(q.address)} is not a link-layer address (aa:bb:cc:dd:ee:ff)`)
    }
    const address = q.address.toLowerCase()
    return (await this.#linkDump(encodeLinkDumpRequest({}), call)).filter((l) => l.address === address).map((l) => l.index)
  }

  /** Creates ('add'), changes ('set'), deletes ('del') or reads ('get') a link. */
  async link(cmd: 'get', spec: LinkQuery, options?: CallOptions): Promise<Link | null>
  async link(cmd: Exclude<LinkCommand, 'get'>, spec: IPRouteLinkSpec, options?: CallOptions): Promise<void>
  async link(cmd: LinkCommand, spec: IPRouteLinkSpec | LinkQuery, options: CallOptions = {}): Promise<void | Link | null> {
    if (cmd === 'get') {
      const call = callOptions(options, "link('get')")
      return this.#getLink(encodeLinkGetRequest(spec as LinkQuery, 'link query'), call)
    }
    checkCommand(LINK_CHANGES, cmd)
    const call = callOptions(options, 'link')
    // A link changed through this IPRoute may be a rename or delete: no name is answered from memory after it.
    this.#answers.clear()
    const what = 'link spec'
    const refs = interfaceNames(spec, LINK_NAME_FIELDS, what)
    const linkSpec = spec as Record<string, unknown>
    if ((cmd === 'set' || cmd === 'del' || cmd === 'delete') && linkSpec.index === undefined) {
      if (linkSpec.ifname === undefined) throw new TypeError(`${what}: '${cmd}' needs index or ifname`)
      // Changed and deleted by index: a name in the request would read as a rename.
      refs.push({ name: ifnameArg(linkSpec.ifname, `${what}.ifname`), what, field: 'ifname', into: 'index' })
    }
    const { netns } = linkSpec
    if (netns === undefined) return this.#change(LINK_CHANGES, cmd, linkSpec, refs, call)
    const { netns: _, ...rest } = linkSpec
    if (typeof netns === 'number') return this.#change(LINK_CHANGES, cmd, { ...rest, netnsPid: netns }, refs, call)
    if (typeof netns !== 'string' || netns === '' || netns.includes('\0'))
      throw new TypeError(`${what}.netns: expected a namespace name, a path, or a pid, got ${describe(netns)}`)
    // The namespace is opened after the spec was checked and before anything is sent.
    encodeLinkRequest(withIndexes({ ...rest, netnsFd: 0 }, refs, PLACEHOLDER_INDEX) as LinkSpec)
    let fd: number
    try {
      fd = openSync(netns.includes('/') ? netns : `/run/netns/${netns}`, 'r')
    } catch (error) {
      throw new TypeError(`${what}.netns: cannot open namespace '${netns}': ${(error as Error).message}`)
    }
    try {
      await this.#change(LINK_CHANGES, cmd, { ...rest, netnsFd: fd }, refs, call)
    } finally {
      closeSync(fd)
    }
  }

  // --- addresses, neighbours, rules ---------------------------------------------------------

  /** Addresses as the kernel streams them (`ip addr show`). */
  addresses(filter: AddressFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Address> {
    return this.#streamDump(ADDRESS_DUMP, filter, options, 'addresses')
  }

  /** All addresses matching `filter`, as an array. */
  async getAddr(filter: AddressFilter = {}, options: DumpOptions = {}): Promise<Address[]> {
    return this.#collectDump(ADDRESS_DUMP, filter, options, 'getAddr')
  }

  /** Adds, replaces or deletes an address (`ip addr add 192.0.2.1/24 dev eth0`). */
  async addr(cmd: AddressCommand, spec: IPRouteAddressSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(ADDRESS_CHANGES, cmd)
    const call = callOptions(options, 'addr')
    // `label` is not an interface name: it may hold ':' (the encoder checks it).
    const refs = interfaceNames(spec, ['index'], 'address spec')
    return this.#change(ADDRESS_CHANGES, cmd, spec as unknown as Record<string, unknown>, refs, call)
  }

  /** Neighbour entries as the kernel streams them (`ip neigh show`). */
  neighbours(filter: NeighbourFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Neighbour> {
    return this.#streamDump(NEIGHBOUR_DUMP, filter, options, 'neighbours')
  }

  /** All neighbour entries matching `filter`, as an array. */
  async getNeighbours(filter: NeighbourFilter = {}, options: DumpOptions = {}): Promise<Neighbour[]> {
    return this.#collectDump(NEIGHBOUR_DUMP, filter, options, 'getNeighbours')
  }

  /**
   * Adds, replaces, changes, appends or deletes a neighbour entry (`ip neigh add ... lladdr ... dev
   * ...`).
   */
  async neigh(cmd: NeighbourCommand, spec: IPRouteNeighbourSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(NEIGHBOUR_CHANGES, cmd)
    const call = callOptions(options, 'neigh')
    const refs = interfaceNames(spec, ['ifindex', 'master'], 'neighbour spec')
    return this.#change(NEIGHBOUR_CHANGES, cmd, spec as unknown as Record<string, unknown>, refs, call)
  }

  /**
   * Policy-routing rules as the kernel streams them (`ip rule show`); `filter.family` picks IPv4 or
   * IPv6 (both by default).
   */
  rules(filter: { family?: IpFamily } = {}, options: CallOptions = {}): AsyncIterableIterator<Rule> {
    const call = callOptions(options, 'rules')
    return this.socket.request(encodeRuleDumpRequest(filter, 'rules filter'), { type: RTM.GETRULE, flags: NLM_F_DUMP, parser: decodeRule, ...call })
  }

  /** All rules of `filter.family` (both families by default), as an array. */
  async getRules(filter: { family?: IpFamily } = {}, options: DumpOptions = {}): Promise<Rule[]> {
    const [call, retryInterrupted] = dumpOptions(options, 'getRules')
    return this.socket.requestAll(encodeRuleDumpRequest(filter, 'getRules filter'), {
      type: RTM.GETRULE,
      flags: NLM_F_DUMP,
      parser: decodeRule,
      ...call,
      retryInterrupted,
    })
  }

  /** Rules name interfaces (iifname, oifname) by name only, as the kernel matches them: no lookups. */
  async rule(cmd: RuleCommand, spec: RuleSpec, options: CallOptions = {}): Promise<void> {
    checkCommand(RULE_CHANGES, cmd)
    const call = callOptions(options, 'rule')
    return this.#change(RULE_CHANGES, cmd, spec as unknown as Record<string, unknown>, [], call)
  }

  // --- nexthop objects ---------------------------------------------------------------------

  /**
   * Nexthop objects as the kernel streams them (`ip nexthop show`); `filter` narrows the dump in the
   * kernel, or names one nexthop by `id`.
   */
  nexthops(filter: NexthopQueryFilter = {}, options: CallOptions = {}): AsyncIterableIterator<Nexthop> {
    const id = nexthopFilterId(filter, 'nexthops filter')
    if (id === undefined) return this.#streamDump(NEXTHOP_DUMP, filter as NexthopFilter, options, 'nexthops')
    const call = callOptions(options, 'nexthops')
    const payload = encodeNexthopGetRequest({ id }, 'nexthops filter')
    return this.#afterNames(async () => each(await this.#getNexthop(payload, call)))
  }

  /** All nexthop objects matching `filter`, as an array. */
  async getNexthops(filter: NexthopQueryFilter = {}, options: DumpOptions = {}): Promise<Nexthop[]> {
    const id = nexthopFilterId(filter, 'getNexthops filter')
    if (id === undefined) return this.#collectDump(NEXTHOP_DUMP, filter as NexthopFilter, options, 'getNexthops')
    const [call] = dumpOptions(options, 'getNexthops')
    const nexthop = await this.#getNexthop(encodeNexthopGetRequest({ id }, 'getNexthops filter'), call)
    return nexthop === null ? [] : [nexthop]
  }

  /** Adds or replaces a nexthop object or group, deletes one by id, or reads one ('get': null when there is none). */
  async nexthop(cmd: 'get', spec: NexthopQuery, options?: CallOptions): Promise<Nexthop | null>
  async nexthop(cmd: 'del' | 'delete', spec: NexthopQuery, options?: CallOptions): Promise<void>
  async nexthop(cmd: 'add' | 'replace', spec: IPRouteNexthopSpec, options?: CallOptions): Promise<void>
  async nexthop(cmd: NexthopCommand, spec: IPRouteNexthopSpec | NexthopQuery, options: CallOptions = {}): Promise<void | Nexthop | null> {
    if (cmd === 'get') {
      const call = callOptions(options, "nexthop('get')")
      return this.#getNexthop(encodeNexthopGetRequest(spec as NexthopQuery), call)
    }
    checkCommand(NEXTHOP_CHANGES, cmd)
    const call = callOptions(options, 'nexthop')
    const refs = interfaceNames(spec, ['oif'], 'nexthop spec')
    return this.#change(NEXTHOP_CHANGES, cmd, spec as Record<string, unknown>, refs, call)
  }

  /** The buckets of resilient nexthop groups (`ip nexthop bucket show`), as an array. */
  async getNexthopBuckets(filter: NexthopBucketQueryFilter = {}, options: DumpOptions = {}): Promise<NexthopBucket[]> {
    return this.#collectDump(NEXTHOP_BUCKET_DUMP, filter as NexthopBucketFilter, options, 'getNexthopBuckets')
  }

  // --- events -------------------------------------------------------------------------------

  /**
   * Typed new/del events for links, addresses, routes, neighbours, rules and nexthop objects, on a socket
   * of its own in buffer-thread mode. Listening starts before this returns. An `{ type: 'overflow' }`
   * event says the kernel dropped notifications: re-dump.
   */
  monitor(groups?: MonitorGroup[], options: { signal?: AbortSignal; rcvbuf?: number; queueCapacity?: number } = {}): Monitor {
    checkSpecObject(options, MONITOR_OPTION_KEYS, 'monitor options', 'option')
    const { netns } = this.#options
    return Monitor.open(groups, { ...options, ...(netns === undefined ? {} : { netns }) })
  }

  /**
   * Closes the socket: pending calls reject with SocketClosedError; monitors have sockets of their own
   * and are closed separately.
   */
  close(): void {
    this.socket.close()
  }

  /** `await using` support: closes the socket. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close()
  }

  // --- shared mechanisms ------------------------------------------------------------------

  /**
   * `build(object)` once the interface names at `refs` are replaced by their indexes: at once when
   * there are none, else a promise. Bad input throws before anything is sent: the names were
   * checked by interfaceNames, and the rest is checked here by building once with a placeholder
   * index before the lookups go out.
   */
  #withNames<T>(object: unknown, refs: readonly NameRef[], call: CallOptions, build: (resolved: Record<string, unknown>) => T): T | Promise<T> {
    const spec = object as Record<string, unknown>
    if (refs.length === 0) return build(spec)
    build(withIndexes(spec, refs, PLACEHOLDER_INDEX))
    // One name (the usual case) waits on the shared lookup with one promise of its own: #indexOf's
    // or Promise.all's would add promises, arrays and closures to each of what may be 100k changes
    // waiting for the same lookup.
    if (refs.length === 1) {
      const ref = refs[0]!
      return this.#sharedLookup(ref, call).then((index) => build(withIndexes(spec, refs, [knownIndex(ref, index)])))
    }
    return Promise.all(refs.map((ref) => this.#indexOf(ref, call))).then((indexes) => build(withIndexes(spec, refs, indexes)))
  }

  /** The answer of a request that may first wait for name lookups. */
  #stream<T>(request: [Buffer, CollectOptions<T>] | Promise<[Buffer, CollectOptions<T>]>): AsyncIterableIterator<T> {
    if (!(request instanceof Promise)) return this.socket.request(...request)
    // A failed lookup reaches the caller through next(); until then it is not an unhandled rejection.
    request.catch(() => {})
    return this.#afterNames(async () => this.socket.request(...(await request)))
  }

  /** The request for a route dump: kernel filter in the payload, native routeFilter, JS predicate. */
  #routeDump(filter: RouteFilter & { match?: RouteQueryFilter['match'] }, call: CallOptions, what: string): [Buffer, CollectOptions<Route>] {
    const [payload, test, requestOptions] = this.#routeDumpParts(filter, call, what)
    return [payload, { ...requestOptions, parser: parserFor(decodeRoute, test) }]
  }

  /** A route dump's request, the JavaScript test of its routes (null: none) and its other request options. */
  #routeDumpParts(
    filter: RouteFilter & { match?: RouteQueryFilter['match'] },
    call: CallOptions,
    what: string,
  ): [Buffer, ((route: Route) => boolean) | null, Omit<CollectOptions<Route>, 'parser'>] {
    const { match, ...fields } = filter
    if (match !== undefined && typeof match !== 'function') throw new TypeError(`${what}.match: expected a function (route) => boolean, got ${describe(match)}`)
    const predicate = Object.keys(fields).length === 0 ? null : compileRouteFilter(fields, what)
    const payload = encodeRouteDumpRequest(fields, what)
    const nativeParser = nativeRouteFilter(fields, payload)
    const test = predicate === null ? (match ?? null) : match === undefined ? predicate : (r: Route) => predicate(r) && match(r)
    return [payload, test, { type: RTM.GETROUTE, flags: NLM_F_DUMP, nativeParser, ...call }]
  }

  /** Streams a dump whose filter may name interfaces (resolved first when it does). */
  #streamDump<F extends object, T>(kind: DumpKind<F, T>, filter: F, options: CallOptions, method: string): AsyncIterableIterator<T> {
    const what = `${method} filter`
    const call = callOptions(options, method)
    const refs = interfaceNames(filter, kind.interfaceFields, what)
    return this.#stream(this.#withNames(filter, refs, call, (f) => dumpRequest(kind, f as F, call, what)))
  }

  async #collectDump<F extends object, T>(kind: DumpKind<F, T>, filter: F, options: DumpOptions, method: string): Promise<T[]> {
    const what = `${method} filter`
    const [call, retryInterrupted] = dumpOptions(options, method)
    const refs = interfaceNames(filter, kind.interfaceFields, what)
    const [payload, requestOptions] = await this.#withNames(filter, refs, call, (f) => dumpRequest(kind, f as F, call, what))
    return this.socket.requestAll(payload, { ...requestOptions, retryInterrupted })
  }

  /** A change request (names resolved first when it has any); resolves to nothing on its ack. Throws for bad arguments. */
  #change<Spec>(kind: ChangeKind<Spec>, cmd: string, spec: Record<string, unknown>, refs: readonly NameRef[], call: CallOptions): Promise<void> {
    // Without names nothing is awaited before the send: pipelined adds of one tick share a datagram.
    if (refs.length === 0) return this.#sendChange(kind, cmd, changePayload(kind, cmd, spec as Spec), call)
    if (refs.length > 1) {
      const built = this.#withNames(spec, refs, call, (s) => changePayload(kind, cmd, s as Spec)) as Promise<Buffer>
      return built.then((payload) => this.#sendChange(kind, cmd, payload, call))
    }
    // One name (the usual case): built with a placeholder index, which checks the rest, then one
    // promise and one closure wait on the shared lookup (what 100k changes issued at once keep until
    // it resolves), and the index goes into the payload built: no second copy and build of each.
    const payload = changePayload(kind, cmd, withIndexes(spec, refs, PLACEHOLDER_INDEX) as Spec)
    const slot = indexSlot(payload)
    const ref = refs[0]!
    if (slot !== -1 && call.signal === undefined && call.timeout === undefined) return this.#changeAfterLookup(changeHeader(kind, cmd), payload, slot, ref)
    return this.#sharedLookup(ref, call).then((index) => {
      const known = knownIndex(ref, index)
      if (slot === -1) return this.#sendChange(kind, cmd, changePayload(kind, cmd, withIndexes(spec, refs, [known]) as Spec), call)
      payload.writeUInt32LE(known, slot)
      return this.#sendChange(kind, cmd, payload, call)
    })
  }

  /**
   * A change naming one interface, without call options: `payload` (built with the placeholder
   * index at `slot`) waits as an unbuilt request in the list of its name's lookup; when the lookup
   * answers, each gets the index written in and goes to the socket, or fails as #indexOf would
   * make it fail. The caller's promise is the unbuilt request's own: no closure, promise and
   * reaction of its own on the lookup, and none adopted, for each of what may be 100k changes.
   */
  #changeAfterLookup(header: { type: number; flags: number }, payload: Buffer, slot: number, ref: NameRef): Promise<void> {
    const change = new NamedChange(payload, header, slot, ref)
    const promise = unbuiltPromise(change)
    const name = ref.name
    let waiting = this.#namedChanges.get(name)
    if (waiting === undefined) {
      const recent = this.#recentIndex(name)
      if (recent !== undefined) {
        payload.writeUInt32LE(recent, slot)
        this.socket[SUBMIT_UNBUILT](change)
        return promise
      }
      this.#namedChanges.set(name, (waiting = []))
      const release = (index: number | null, error: unknown): void => {
        const changes = this.#namedChanges.get(name)!
        this.#namedChanges.delete(name)
        for (const named of changes) {
          if (error !== null) named.reject(error)
          else if (index === null) named.reject(new TypeError(`${refPath(named.ref)}: no interface named '${name}'`))
          else {
            named.payload.writeUInt32LE(index, named.slot)
            this.socket[SUBMIT_UNBUILT](named)
          }
        }
      }
      this.#sharedLookup(ref, NO_CALL_OPTIONS).then(
        (index) => release(index, null),
        (error: unknown) => release(null, error),
      )
    }
    waiting.push(change)
    return promise
  }

  #sendChange<Spec>(kind: ChangeKind<Spec>, cmd: string, payload: Buffer, call: CallOptions): Promise<void> {
    const header = changeHeader(kind, cmd)
    const options = call.signal === undefined && call.timeout === undefined ? header : { ...header, ...call }
    return this.socket.requestAck(payload, options)
  }

  /**
   * Sends every change, keeping the in-flight window full (the outbox coalesces and paces them), and
   * returns each one's error (undefined when acknowledged) by index. One failure does not stop the
   * others. `call.signal` keeps the changes not yet sent from going out and drains the answers of
   * those sent; the call then rejects with its reason.
   */
  #pipelined(changes: readonly { payload: Buffer; header: { type: number; flags: number } }[], call: CallOptions): Promise<(Error | undefined)[]> {
    const { signal, ...rest } = call
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    const outcomes: (Error | undefined)[] = new Array<Error | undefined>(changes.length)
    // One options object per kind of change, and no signal on each request: one listener here
    // (an AbortSignal checks every listener it holds when one is added, so MAX_IN_FLIGHT of them cost
    // more than the changes).
    const optionsOf = new Map<object, RequestOptions<unknown>>()
    const sent = new Set<ResponseStream<unknown>>()
    return new Promise((resolve, reject) => {
      let next = 0
      let stopped = false
      const finish = (): void => {
        stopped = true
        signal?.removeEventListener('abort', onAbort)
      }
      const onAbort = (): void => {
        finish()
        for (const request of sent) void request.return?.()
        reject(signal!.reason as Error)
      }
      const send = (): void => {
        while (!stopped && sent.size < MAX_IN_FLIGHT && next < changes.length) {
          const i = next++
          const { payload, header } = changes[i]!
          let options = optionsOf.get(header)
          if (options === undefined) optionsOf.set(header, (options = { ...header, ...rest }))
          const request = this.socket.request(payload, options)
          sent.add(request)
          request.collect().then(
            () => settled(request),
            (error: unknown) => settled(request, i, error),
          )
        }
        if (!stopped && sent.size === 0) {
          finish()
          resolve(outcomes)
        }
      }
      const settled = (request: ResponseStream<unknown>, i?: number, error?: unknown): void => {
        if (!sent.delete(request) || stopped) return
        if (i !== undefined) outcomes[i] = error instanceof Error ? error : new Error(String(error))
        send()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      send()
    })
  }

  #linkDump(payload: Buffer, call: CallOptions, retryInterrupted?: number): Promise<Link[]> {
    return this.socket.requestAll(payload, { type: RTM.GETLINK, flags: NLM_F_DUMP, parser: decodeLink, ...call, retryInterrupted })
  }

  /** One link by the RTM_GETLINK `payload`; null when the kernel has none (ENODEV). */
  #getLink(payload: Buffer, call: CallOptions): Promise<Link | null> {
    return this.#getOne(payload, RTM.GETLINK, decodeLink, 'ENODEV', call)
  }

  /** One nexthop by the RTM_GETNEXTHOP `payload`; null when the kernel has none (ENOENT). */
  #getNexthop(payload: Buffer, call: CallOptions): Promise<Nexthop | null> {
    return this.#getOne(payload, RTM.GETNEXTHOP, decodeNexthop, 'ENOENT', call)
  }

  /** The one object a get request answers with; null when the kernel refuses it with `missing` (it has none). */
  async #getOne<T>(payload: Buffer, type: number, parser: (d: Buffer, o: number, l: number) => T, missing: string, call: CallOptions): Promise<T | null> {
    try {
      const [item] = await this.socket.requestAll(payload, { type, parser, ...call })
      return item ?? null
    } catch (error) {
      if (error instanceof NetlinkError && error.code === missing) return null
      throw error
    }
  }

  /**
   * The index of the interface `ref` names, from the kernel. Concurrent lookups with the same timeout
   * share one request; the caller's signal applies to its own wait only (another caller's abort does
   * not end a shared lookup), and an already-aborted one sends nothing.
   */
  #indexOf(ref: NameRef, call: CallOptions): Promise<number> {
    return this.#sharedLookup(ref, call).then((index) => knownIndex(ref, index))
  }

  /**
   * The caller's wait on the shared lookup of the interface `ref` names: its index, or null when the
   * kernel has no such interface; rejected for bad call options or an aborted signal (nothing is
   * sent then). Not an async function, and no per-call key unless a timeout is set: 100k changes
   * may wait on one lookup, and what each keeps until it resolves is garbage the collector copies
   * (issue 12: adds naming an interface cost twice those by index).
   */
  #sharedLookup(ref: NameRef, call: CallOptions): Promise<number | null> {
    const { signal, timeout } = call
    try {
      // The engine's checks of the options, which a call joining a lookup would otherwise skip.
      ;(intake ??= require('../protocol/intake') as typeof import('../protocol/intake')).validateRequest(NO_PAYLOAD, { type: RTM.GETLINK, ...call })
    } catch (error) {
      return Promise.reject(error)
    }
    if (signal?.aborted) return Promise.reject(signal.reason as Error)
    // Interface names hold no whitespace (toolkit/ifname.ts), so the space separates the two parts.
    const key = timeout === undefined ? ref.name : `${timeout} ${ref.name}`
    let lookup = this.#lookups.get(key)
    if (lookup === undefined) {
      const recent = this.#recentIndex(ref.name)
      if (recent !== undefined) return Promise.resolve(recent)
      const shared: CallOptions = timeout === undefined ? {} : { timeout }
      const name = ref.name
      const started = this.#getLink(encodeLinkGetRequest({ ifname: name }, refPath(ref)), shared).then((link) => {
        const index = link?.index ?? null
        if (index === null) this.#answers.delete(name)
        else this.#remember(name, index)
        return index
      })
      const forget = (): void => {
        this.#lookups.delete(key)
      }
      started.then(forget, forget)
      this.#lookups.set(key, (lookup = started))
    }
    return untilAborted(lookup, signal)
  }

  /**
   * The index the last lookup of `name` answered, while it may serve a call made now as if the call
   * had been made while that lookup was in flight: the socket still has requests to answer (a
   * stream of changes, through a window or issued at once, the ones that used it among them), the
   * answer is at most LOOKUP_REUSE_MS old, and no link was changed through this IPRoute since. As
   * iproute2's batch mode does, a stream naming one interface then resolves it once, not once per
   * window. Undefined otherwise: once everything is answered, the kernel is asked again.
   */
  /**
   * Keeps `index` as `name`'s answer. Once there are more than a few, the answers too old to serve
   * are dropped, at most once per LOOKUP_REUSE_MS, so a process that looks up ever new names (a
   * veth per container) keeps only those of the last two periods or so.
   */
  #remember(name: string, index: number): void {
    const now = monotonicMs()
    if (this.#answers.size >= KEPT_ANSWERS && now - this.#prunedAt > LOOKUP_REUSE_MS) {
      this.#prunedAt = now
      // A new map: one emptied by deletes keeps the room it grew to.
      const fresh = new Map<string, { index: number; at: number }>()
      for (const [kept, answer] of this.#answers) if (now - answer.at <= LOOKUP_REUSE_MS) fresh.set(kept, answer)
      this.#answers = fresh
    }
    this.#answers.set(name, { index, at: now })
  }

  #recentIndex(name: string): number | undefined {
    const answer = this.#answers.get(name)
    if (answer === undefined) return undefined
    if (this.socket.pending > 0 && monotonicMs() - answer.at <= LOOKUP_REUSE_MS) return answer.index
    this.#answers.delete(name)
    return undefined
  }

  /**
   * An iterator that first awaits `start` (name resolution), then yields its answer, with the
   * iterator contract of a request (see deferredIterator in request.ts).
   */
  #afterNames<T>(start: () => Promise<AsyncIterableIterator<T>>): AsyncIterableIterator<T> {
    return deferredIterator(start)
  }
}

/** A change naming one interface, waiting for its lookup: built with the placeholder index at `slot`. */
class NamedChange extends UnbuiltRequest {
  constructor(
    override readonly payload: Buffer,
    options: RequestOptions<unknown>,
    readonly slot: number,
    readonly ref: NameRef,
  ) {
    super(payload, options)
  }
}

/** `index` from a shared lookup of `ref`: a TypeError naming the caller's field when the kernel has no such interface. */
function knownIndex(ref: NameRef, index: number | null): number {
  if (index === null) throw new TypeError(`${refPath(ref)}: no interface named '${ref.name}'`)
  return index
}

/** `promise`, or the reason of `signal` if it aborts first (the promise goes on for whoever else awaits it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error as Error)
      },
    )
  })
}

/** An iterator over the one item, or none, of a get (as an async generator, so with its contract). */
async function* each<T>(item: T | null): AsyncGenerator<T> {
  if (item !== null) yield item
}

/** The table id a (well-formed) route dump payload asks for: RTA_TABLE when present (tables above 255), else rtm_table. */
function tableOf(payload: Buffer): number {
  let table = RTMSG.decode(payload, 0).table
  forEachAttr(payload, align4(RTMSG.size), payload.length, (type, start) => {
    if (type === RTA.TABLE) table = payload.readUInt32LE(start)
  })
  return table
}

/**
 * The native routeFilter spec for the fields of a (validated) filter, compacting the routes it keeps
 * (./route/compact.ts). The numbers are taken from the encoded dump request so names resolve once.
 */
function nativeRouteFilter(filter: RouteFilter, payload: Buffer): NativeParserSpec {
  // With no field the filter keeps every route: it is there to compact them (see ./route/compact.ts).
  const spec: NativeParserSpec = { name: 'routeFilter', compact: true }
  if (Object.keys(filter).length === 0) return spec
  const head = RTMSG.decode(payload, 0)
  if (head.family !== AF_UNSPEC) spec.family = head.family
  if (filter.table !== undefined) spec.table = tableOf(payload)
  if (filter.protocol !== undefined) spec.protocol = head.protocol
  if (filter.type !== undefined) spec.type = head.type
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
  // Not the gateway: an IPv6 gateway may serve an IPv4 route (RTA_VIA).
  const address = spec.dst ?? spec.contains ?? spec.within
  if (spec.family === undefined && address !== undefined) spec.family = afFromFamily(address.length === 4 ? 4 : 6)
  return spec
}
