/**
 * Route reconciliation, the planning half of `IPRoute.syncRoutes`: desired routes and the routes a
 * table holds → what to add, replace, delete and leave alone. Pure (no I/O), so every rule below is
 * tested on plain objects; the method in ../ipr.ts dumps, plans and applies.
 *
 * Both sides are compared in the form the kernel reports: a desired RouteSpec is checked and resolved
 * by the encoder (`routeRequest`, with its defaults: protocol boot, type unicast, the scope iproute2
 * picks), so a default is written once, in the encoder, and the two sides differ only where the
 * kernel adds something of its own. A plain route (one path, no metrics, nexthop object, RTA_VIA or
 * mark) is compared field by field on those resolved fields (`form`), formatted as decodeRoute
 * formats them; every other route is encoded and decoded back, and compared as Routes (`sameRoute`). Only the routes a sync sends are encoded (`payload`,
 * made on first use), so a table that mostly holds what is desired costs a check and a string per
 * route. `__test__/route-sync.spec.mjs` holds the two comparisons to the same answers.
 *
 * The key (`routeKey`) is how the kernel's FIB keys a route within a table: family, table,
 * destination prefix, source prefix (IPv6 source routing; always none for IPv4), TOS (IPv4) and
 * metric. A metric left out is the kernel's default: 0 for IPv4, 1024 for IPv6 (IP6_RT_PRIO_USER).
 *
 * The equality (`sameRoute`) compares, on top of the key: type, protocol, the nexthop object
 * (nhId; when set, the paths are the object's and not compared), the set of paths — each its
 * gateway (or RTA_VIA), output interface, onlink flag, encapsulation and, when there are several,
 * weight; in any order, so a one-path multipath route equals the plain route the kernel turns it
 * into — route metrics (a metric of 0 is no metric, as the kernel reports them), encapsulation,
 * preferred source and, for IPv6, the router preference. What the kernel fills in never causes a
 * replace: a desired path without an interface matches any (the kernel resolves the gateway's),
 * an IPv6 route without `pref` matches 'medium', and the scope, flags other than onlink, cache
 * info and expiry are not compared.
 *
 * Kernel-owned routes (protocol 'kernel', and 'local'/'broadcast' routes in table local) are never
 * deleted or replaced unless `protocol` names their protocol; with `protocol`, routes of other
 * protocols are left alone. A desired route whose key such a route holds is a conflict: replacing
 * it would take the other owner's route, so it is reported as failed and not sent.
 *
 * IPv6 multipath routes come back from some kernels (and in notifications) as one route per path;
 * routes of one IPv6 key are merged into one multipath route before comparing, so they round-trip.
 * IPv4 allows several routes per key (`ip route append`): the one equal to the desired route (or
 * the first) is compared, the others are deleted.
 */
import { NLMSG_HDRLEN } from '../../constants'
import { formatIPv4PrefixValue, formatIPv6, formatIPv6Prefix, internIPv4, readIPv4 } from '../../util/address'
import { AF_INET, ROUTE_PROTOCOLS, ROUTE_TYPES, RT_TABLE, RTM } from '../common/rtnl'
import { ROUTE_PREFS, RTNH_F } from './constants'
import { decodeRoute } from './decode'
import { encodeRouteRequest, routeRequest, writeRouteRequest, type RouteRequest } from './encode'
import type { NextHop, Route, RouteSpec } from './types'

/** The kernel's metric for an IPv6 route added without one (IP6_RT_PRIO_USER, include/net/ip6_route.h). */
export const IPV6_DEFAULT_METRIC = 1024
/** RTA_PREF the kernel reports for an IPv6 route added without one (ICMPV6_ROUTER_PREF_MEDIUM). */
const IPV6_DEFAULT_PREF = 'medium'
/** The path flags a route's owner sets; the others (dead, linkdown, offload, ...) are the kernel's state. */
const PATH_FLAGS = RTNH_F.ONLINK

/** What a sync fills in for the fields a desired spec leaves out. */
export type RouteSyncDefaults = Pick<RouteSpec, 'table' | 'protocol' | 'family'>

/**
 * A desired route: the caller's spec, its place in the caller's array, its key, and the request
 * creating it (made when first asked for: most desired routes of a sync are never sent).
 */
export class DesiredRoute<S = unknown> {
  /** The spec as the caller gave it (interface names and all). */
  spec: S
  /** Its index in the caller's array. */
  readonly index: number
  /** The kernel's key of the route it asks for (routeKey). */
  readonly key: string
  /** The family of that route: 4 or 6. */
  readonly family: 4 | 6
  /** The table of that route. */
  readonly table: number
  /** The protocol of that route, as decodeRoute shows it. */
  readonly protocol: Route['protocol']
  /** A plain route's compared fields but its interface (see plainRoute); null for a route compared as a Route. */
  readonly form: PlainForm | null
  /** A plain route's interface; null when any matches (none given, or 0). */
  readonly oif: number | null
  /** What is encoded: the spec checked (with `#defaults`), and the `what` of the paths its errors name. */
  readonly #source: RouteSpec
  readonly #defaults: RouteSyncDefaults
  readonly #what: string
  #payload: Buffer | null = null
  #route: Route | null = null

  /** `source`, the spec that `request` is (checked, with `defaults`), as the desired route `spec`. */
  constructor(spec: S, index: number, source: RouteSpec, defaults: RouteSyncDefaults, what: string, request: RouteRequest) {
    this.spec = spec
    this.index = index
    this.#source = source
    this.#defaults = defaults
    this.#what = what
    const plain = plainForm(request)
    if (plain === null) {
      // Checked whole now (the schema checks metrics and hops as it writes), compared as a Route.
      this.#payload = writeRouteRequest(request, `${what}[${index}]`)
      const route = (this.#route = readBack(this.#payload))
      this.key = routeKey(route)
      this.family = route.family as 4 | 6
      this.table = route.table
      this.protocol = route.protocol
      this.form = null
      this.oif = null
    } else {
      this.key = plain.key
      this.family = plain.family
      this.table = plain.table
      this.protocol = plain.protocol
      this.form = plain.form
      this.oif = plain.oif
    }
  }

  /** The RTM_NEWROUTE payload that creates or replaces it. */
  get payload(): Buffer {
    return (this.#payload ??= encodeRouteRequest(withDefaults(this.#source, this.#defaults), 'new', `${this.#what}[${this.index}]`))
  }

  /** `payload` decoded: the route as the kernel is asked to hold it. */
  get route(): Route {
    return (this.#route ??= readBack(this.payload))
  }
}

/** What a sync does (see {@link planRouteSync}). */
export interface RouteSyncPlan<S = unknown> {
  /** Desired routes whose key no route holds. */
  add: DesiredRoute<S>[]
  /** Desired routes whose key a managed route holds, differently; `current` is that route. */
  replace: { desired: DesiredRoute<S>; current: Route }[]
  /** Managed routes no desired route keys, and extra IPv4 routes of a key that is kept. */
  delete: Route[]
  /** Desired routes the table already holds as they are. */
  unchanged: DesiredRoute<S>[]
  /** Desired routes whose key a route not managed by this sync holds (kernel-owned, another protocol): not sent. */
  conflicts: { desired: DesiredRoute<S>; current: Route }[]
}

/** Which routes of the table a sync manages: those of `protocol` when given, else all but the kernel's own. */
export interface RouteSyncScope {
  /** The protocol as decodeRoute shows it ('static', 'bgp', or a number), or undefined for every protocol. */
  protocol?: Route['protocol']
}

/**
 * Checks every spec (TypeError/RangeError naming `${what}[i].field`) with `defaults` for the fields
 * it leaves out, as the desired routes they are (see {@link desiredRoute}). Nothing is sent.
 */
export function desiredRoutes<S extends RouteSpec>(specs: readonly S[], defaults: RouteSyncDefaults, what: string): DesiredRoute<S>[] {
  return specs.map((spec, index) => desiredRoute(spec, index, defaults, what))
}

/** `spec`, the `index`-th of `what`, checked (errors naming `${what}[index].field`) as the desired route it is. */
export function desiredRoute<S extends RouteSpec>(spec: S, index: number, defaults: RouteSyncDefaults, what: string): DesiredRoute<S> {
  const at = `${what}[${index}]`
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new TypeError(`${at}: expected a route spec object`)
  return new DesiredRoute(spec, index, spec, defaults, what, routeRequest(withDefaults(spec, defaults), 'new', at))
}

const DEFAULTED = ['table', 'protocol', 'family'] as const

/** `spec` with `defaults` for the fields it leaves out (itself when it leaves out none of them). */
function withDefaults(spec: RouteSpec, defaults: RouteSyncDefaults): RouteSpec {
  if (!DEFAULTED.some((key) => spec[key] === undefined && defaults[key] !== undefined)) return spec
  // The defaults first, then the spec: V8 reads the fields of a copy that has properties added
  // after a spread many times slower (about 5 µs a spec in the encoder's checks).
  const filled: RouteSpec = { table: defaults.table, protocol: defaults.protocol, family: defaults.family, ...spec }
  for (const key of DEFAULTED) if (filled[key] === undefined) (filled as unknown as Record<string, unknown>)[key] = defaults[key]
  return filled
}

/** A request payload as the Route it describes (decodeRoute reads a message, so a header goes first). */
function readBack(payload: Buffer): Route {
  const message = Buffer.alloc(NLMSG_HDRLEN + payload.length)
  message.writeUInt32LE(message.length, 0)
  message.writeUInt16LE(RTM.NEWROUTE, 4)
  payload.copy(message, NLMSG_HDRLEN)
  return decodeRoute(message, 0, message.length)
}

/**
 * A plain request (one path, no metrics, nexthop object, RTA_VIA or mark) as its key and form,
 * its fields formatted as decodeRoute formats them; null for any other.
 */
function plainForm(request: RouteRequest) {
  const { header: h, attrs: a } = request
  if (a.via !== undefined || a.metrics !== undefined || a.multipath !== undefined || a.nhId !== undefined || a.mark !== undefined) return null
  const family = h.family === AF_INET ? 4 : 6
  const table = a.table ?? h.table
  const dst = prefixText(family, a.dst, h.dstLen)
  const src = h.srcLen === 0 ? '' : prefixText(family, a.src, h.srcLen)
  const protocol = ROUTE_PROTOCOLS.decode(h.protocol)
  return {
    key: keyText(family, table, dst, src, h.tos, a.priority ?? null),
    family: family as 4 | 6,
    table,
    protocol,
    form: shared({
      type: ROUTE_TYPES.decode(h.type),
      protocol,
      prefsrc: a.prefsrc === undefined ? null : hostText(family, a.prefsrc),
      pref: family === 6 ? (a.pref === undefined ? IPV6_DEFAULT_PREF : ROUTE_PREFS.decode(a.pref)) : null,
      gateway: a.gateway === undefined ? null : hostText(family, a.gateway),
      flags: h.flags & PATH_FLAGS,
    }),
    oif: a.oif === undefined || a.oif === 0 ? null : a.oif,
  }
}

const ZERO16 = Buffer.alloc(16)

/**
 * What sameRoute compares of a plain route but its interface: `pref` for IPv6 only (null for IPv4),
 * its default filled in; `flags` the path flags the owner sets.
 */
export interface PlainForm {
  readonly type: Route['type']
  readonly protocol: Route['protocol']
  readonly prefsrc: string | null
  readonly pref: Route['pref']
  readonly gateway: string | null
  readonly flags: number
}

/** Forms made, by their fields as text, so desired routes of one form share one object (a table has few gateways); cleared when full. */
const FORMS = new Map<string, PlainForm>()
const FORMS_KEPT = 4096
let lastForm: PlainForm | null = null

/** The one object of `form`'s fields (the last one, most often: neighbours in a table share their gateway). */
function shared(form: PlainForm): PlainForm {
  const last = lastForm
  if (
    last !== null &&
    last.type === form.type &&
    last.protocol === form.protocol &&
    last.prefsrc === form.prefsrc &&
    last.pref === form.pref &&
    last.gateway === form.gateway &&
    last.flags === form.flags
  )
    return last
  const text = `${form.type} ${form.protocol} ${form.prefsrc} ${form.pref} ${form.gateway} ${form.flags}`
  let seen = FORMS.get(text)
  if (seen === undefined) {
    if (FORMS.size >= FORMS_KEPT) FORMS.clear()
    FORMS.set(text, (seen = form))
  }
  return (lastForm = seen)
}

/** A prefix of `family` as decodeRoute formats it (`bytes` absent: the zero address). */
function prefixText(family: number, bytes: Buffer | undefined, length: number): string {
  if (family === 4) return formatIPv4PrefixValue(bytes === undefined ? 0 : readIPv4(bytes, 0), length)
  return bytes === undefined && length === 0 ? '::/0' : formatIPv6Prefix(bytes ?? ZERO16, 0, length)
}

/** An address of `family` as decodeRoute formats it. */
function hostText(family: number, bytes: Buffer): string {
  return family === 4 ? internIPv4(readIPv4(bytes, 0)) : formatIPv6(bytes, 0)
}

/** The key text of routeKey (`metric` null: the family's default). */
function keyText(family: number, table: number, dst: string, src: string, tos: number, metric: number | null): string {
  // Joined, not a template: one flat string, where a template makes a tree of pieces (about 4x the memory, kept per route).
  return [family, table, dst, src, tos, metric ?? (family === 6 ? IPV6_DEFAULT_METRIC : 0)].join(' ')
}

/**
 * Whether a current route is plain (compared on its PlainForm): one path without RTA_VIA or
 * encapsulation, no nexthop object, no metrics but zeros.
 */
export function plainRoute(route: Route): boolean {
  if (route.multipath !== null || route.via !== null || route.encap !== null || route.nhId !== null) return false
  return route.metrics === null || canonicalMetrics(route.metrics) === ''
}

/**
 * Whether `current` is `want`, by the equality at the top of this file: field by field when both
 * are plain, else as Routes (sameRoute).
 */
export function sameAsDesired(want: DesiredRoute, current: Route): boolean {
  const form = want.form
  if (form === null || !plainRoute(current)) return sameRoute(want.route, current)
  return (
    form.type === current.type &&
    form.protocol === current.protocol &&
    form.prefsrc === current.prefsrc &&
    form.gateway === current.gateway &&
    form.flags === (current.flags & PATH_FLAGS) &&
    (current.family !== 6 || form.pref === (current.pref ?? IPV6_DEFAULT_PREF)) &&
    (want.oif === null || want.oif === current.oif)
  )
}

/** The kernel's key of a route within its table: family, table, dst, src, tos, metric (its default when absent). */
export function routeKey(route: Route): string {
  return keyText(route.family, route.table, route.dst, route.srcLen === 0 ? '' : `${route.src}`, route.tos, route.priority)
}

/** Whether the kernel owns `route`: it made it (protocol kernel), or it is a local or broadcast route of table local. */
export function isKernelOwned(route: Route): boolean {
  return route.protocol === 'kernel' || (route.table === RT_TABLE.LOCAL && (route.type === 'local' || route.type === 'broadcast'))
}

/** A path of a route as it is compared; `oif` null matches any interface. */
interface Path {
  gateway: string | null
  oif: number | null
  weight: number
  flags: number
  encap: string
}

/** The paths of a route: its multipath hops, else the one path its gateway/oif make (weights count only among several). */
function pathsOf(route: Route): Path[] {
  const hops: Pick<NextHop, 'gateway' | 'via' | 'oif' | 'weight' | 'flags' | 'encap'>[] = route.multipath ?? [
    { gateway: route.gateway, via: route.via, oif: route.oif ?? 0, weight: 1, flags: route.flags, encap: null },
  ]
  return hops.map((hop) => ({
    gateway: hop.via === null ? hop.gateway : `via ${hop.via.family} ${hop.via.address}`,
    oif: hop.oif === 0 ? null : hop.oif,
    weight: hops.length === 1 ? 1 : hop.weight,
    flags: hop.flags & PATH_FLAGS,
    encap: canonical(hop.encap),
  }))
}

/** Whether `current` holds every path of `desired` and nothing else (any order; a desired path without oif matches any). */
function samePaths(desired: Path[], current: Path[]): boolean {
  if (desired.length !== current.length) return false
  const left = [...current]
  for (const want of desired) {
    const at = left.findIndex(
      (have) =>
        have.gateway === want.gateway &&
        (want.oif === null || have.oif === want.oif) &&
        have.weight === want.weight &&
        have.flags === want.flags &&
        have.encap === want.encap,
    )
    if (at < 0) return false
    left.splice(at, 1)
  }
  return true
}

/**
 * Whether `current` (as the kernel reports it) is `desired` (as read back from its request), by the
 * equality described at the top of this file. Both are assumed to have the same key.
 */
export function sameRoute(desired: Route, current: Route): boolean {
  if (desired.type !== current.type || desired.protocol !== current.protocol || desired.nhId !== current.nhId) return false
  if (desired.prefsrc !== current.prefsrc) return false
  if (desired.family === 6 && (desired.pref ?? IPV6_DEFAULT_PREF) !== (current.pref ?? IPV6_DEFAULT_PREF)) return false
  if (canonicalMetrics(desired.metrics) !== canonicalMetrics(current.metrics)) return false
  if (canonical(desired.encap) !== canonical(current.encap)) return false
  // With a nexthop object the kernel reports the object's paths too: they are the object's business.
  return desired.nhId !== null || samePaths(pathsOf(desired), pathsOf(current))
}

/** Route metrics as compared: the non-zero ones (the kernel reports no others), in a fixed order. */
function canonicalMetrics(metrics: Route['metrics']): string {
  if (metrics === null) return ''
  const kept = Object.entries(metrics).filter(([, value]) => value !== 0 && value !== undefined && !(Array.isArray(value) && value.length === 0))
  return kept.length === 0 ? '' : canonical(Object.fromEntries(kept))
}

/** A value as text that is equal for equal values whatever the order of object keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v) && !isBufferJson(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  )
}

/** What JSON.stringify made of a Buffer (its toJSON runs before the replacer). */
function isBufferJson(v: object): boolean {
  return (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)
}

/**
 * The IPv4 and IPv6 routes of `current` by routeKey, in the order first seen: IPv6 routes of one key
 * reported one per path merged into the multipath route they are, the IPv4 routes of one key
 * (`ip route append`) in an array; a key's only route as it is.
 */
function routesByKey(current: readonly Route[]): Map<string, Route | Route[]> {
  const byKey = new Map<string, Route | Route[]>()
  for (const route of current) {
    // A dump of every family holds multicast (ipmr) and MPLS routes too: not routes a RouteSpec makes.
    if (route.family !== 4 && route.family !== 6) continue
    const key = routeKey(route)
    const held = byKey.get(key)
    if (held === undefined) byKey.set(key, route)
    else if (Array.isArray(held)) held.push(route)
    else byKey.set(key, route.family === 6 ? mergePaths(held, route) : [held, route])
  }
  return byKey
}

/** Two IPv6 routes of one key as the one multipath route the kernel holds. */
function mergePaths(a: Route, b: Route): Route {
  return { ...a, gateway: null, via: null, oif: null, multipath: [...hopsOf(a), ...hopsOf(b)] }
}

function hopsOf(route: Route): NextHop[] {
  return (
    route.multipath ?? [
      {
        gateway: route.gateway,
        via: route.via,
        oif: route.oif ?? 0,
        weight: 1,
        flags: route.flags & PATH_FLAGS,
        encap: route.encap,
        extra: null,
        unknown: null,
      },
    ]
  )
}

/**
 * The plan that makes the table hold `desired` (keys checked unique by the caller: see
 * {@link duplicateKey}) given `current`, everything the table holds now. Which current routes are
 * managed is `scope`'s; the others are never in the plan, nor are routes of other families than IPv4
 * and IPv6. `same` is the equality (the tests plan with sameRoute alone too).
 */
export function planRouteSync<S>(
  desired: readonly DesiredRoute<S>[],
  current: readonly Route[],
  scope: RouteSyncScope = {},
  same: (want: DesiredRoute<S>, current: Route) => boolean = sameAsDesired,
): RouteSyncPlan<S> {
  const plan: RouteSyncPlan<S> = { add: [], replace: [], delete: [], unchanged: [], conflicts: [] }
  const byKey = routesByKey(current)
  for (const want of desired) {
    const held = byKey.get(want.key)
    if (held === undefined || held === TAKEN) {
      plan.add.push(want)
      continue
    }
    // Marked, not deleted: deleting most keys of a large Map makes it shrink and rehash, again and again.
    byKey.set(want.key, TAKEN)
    if (!Array.isArray(held)) {
      if (!managed(held, scope)) plan.conflicts.push({ desired: want, current: held })
      else if (same(want, held)) plan.unchanged.push(want)
      else plan.replace.push({ desired: want, current: held })
      continue
    }
    const mine = held.filter((route) => managed(route, scope))
    if (mine.length === 0) {
      plan.conflicts.push({ desired: want, current: held[0]! })
      continue
    }
    const equal = mine.findIndex((route) => same(want, route))
    if (equal >= 0) plan.unchanged.push(want)
    else plan.replace.push({ desired: want, current: mine[0]! })
    // Extra IPv4 routes of the key: the kept one is the equal one, or the one the replace takes.
    const kept = equal >= 0 ? equal : 0
    mine.forEach((route, i) => i !== kept && plan.delete.push(route))
  }
  for (const held of byKey.values()) {
    if (held === TAKEN) continue
    if (!Array.isArray(held)) {
      if (managed(held, scope)) plan.delete.push(held)
    } else for (const route of held) if (managed(route, scope)) plan.delete.push(route)
  }
  return plan
}

/** A key of routesByKey a desired route took. */
const TAKEN: Route[] = []

/** Whether a sync of `scope` manages `route`. */
function managed(route: Route, scope: RouteSyncScope): boolean {
  return scope.protocol === undefined ? !isKernelOwned(route) : route.protocol === scope.protocol
}

/** The index of the first desired route whose key an earlier one has, with that earlier index; null when keys are unique. */
export function duplicateKey(desired: readonly DesiredRoute[]): { index: number; first: number } | null {
  const seen = new Map<string, number>()
  for (const want of desired) {
    const first = seen.get(want.key)
    if (first !== undefined) return { index: want.index, first }
    seen.set(want.key, want.index)
  }
  return null
}

/**
 * The spec that deletes exactly `route` (as a dump reported it): its key, type and protocol, and for
 * an IPv4 route also its paths, so that of several routes of one key (`ip route append`) only this
 * one goes.
 */
export function deleteSpec(route: Route): RouteSpec {
  const spec: RouteSpec = { dst: route.dst, family: route.family as 4 | 6, table: route.table, tos: route.tos, type: route.type, protocol: route.protocol }
  if (route.srcLen !== 0 && route.src !== null) spec.src = route.src
  if (route.priority !== null) spec.priority = route.priority
  if (route.family === 4 && route.nhId === null) {
    if (route.multipath !== null) spec.multipath = route.multipath.map((hop) => ({ ...(hop.gateway === null ? {} : { gateway: hop.gateway }), oif: hop.oif }))
    else {
      if (route.gateway !== null) spec.gateway = route.gateway
      if (route.oif !== null) spec.oif = route.oif
    }
  }
  return spec
}
