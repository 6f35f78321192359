/**
 * Route reconciliation, the planning half of `IPRoute.syncRoutes`: desired routes and the routes a
 * table holds → what to add, replace, delete and leave alone. Pure (no I/O), so every rule below is
 * tested on plain objects; the method in ../ipr.ts dumps, plans and applies.
 *
 * Both sides are compared as Routes, the form the kernel reports: a desired RouteSpec is encoded as
 * the request that would create it (with the encoder's defaults: protocol boot, type unicast, the
 * scope iproute2 picks) and decoded back (`desiredRoutes`), so a default is written once, in the
 * encoder, and the two sides differ only where the kernel adds something of its own.
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
import { RT_TABLE, RTM } from '../common/rtnl'
import { RTNH_F } from './constants'
import { decodeRoute } from './decode'
import { encodeRouteRequest } from './encode'
import type { NextHop, Route, RouteSpec } from './types'

/** The kernel's metric for an IPv6 route added without one (IP6_RT_PRIO_USER, include/net/ip6_route.h). */
export const IPV6_DEFAULT_METRIC = 1024
/** RTA_PREF the kernel reports for an IPv6 route added without one (ICMPV6_ROUTER_PREF_MEDIUM). */
const IPV6_DEFAULT_PREF = 'medium'
/** The path flags a route's owner sets; the others (dead, linkdown, offload, ...) are the kernel's state. */
const PATH_FLAGS = RTNH_F.ONLINK

/** A desired route: the caller's spec, its place in the caller's array, the request creating it, and that request read back as a Route. */
export interface DesiredRoute<S = unknown> {
  /** The spec as the caller gave it (interface names and all). */
  spec: S
  /** Its index in the caller's array. */
  index: number
  /** The RTM_NEWROUTE payload that creates or replaces it. */
  payload: Buffer
  /** `payload` decoded: the route as the kernel is asked to hold it. */
  route: Route
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
 * Encodes every spec (TypeError/RangeError naming `${what}[i].field`) with `defaults` for the fields
 * it leaves out, and reads each request back as the Route it asks for. Nothing is sent.
 */
export function desiredRoutes<S extends RouteSpec>(
  specs: readonly S[],
  defaults: Pick<RouteSpec, 'table' | 'protocol' | 'family'>,
  what: string,
): DesiredRoute<S>[] {
  return specs.map((spec, index) => {
    const at = `${what}[${index}]`
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new TypeError(`${at}: expected a route spec object`)
    const filled: Record<string, unknown> = { ...(spec as object) }
    for (const key of ['table', 'protocol', 'family'] as const) if (filled[key] === undefined && defaults[key] !== undefined) filled[key] = defaults[key]
    const payload = encodeRouteRequest(filled as unknown as RouteSpec, 'new', at)
    return { spec, index, payload, route: readBack(payload) }
  })
}

/** A request payload as the Route it describes (decodeRoute reads a message, so a header goes first). */
function readBack(payload: Buffer): Route {
  const message = Buffer.alloc(NLMSG_HDRLEN + payload.length)
  message.writeUInt32LE(message.length, 0)
  message.writeUInt16LE(RTM.NEWROUTE, 4)
  payload.copy(message, NLMSG_HDRLEN)
  return decodeRoute(message, 0, message.length)
}

/** The metric of a route as the kernel keys it (its default when absent). */
export function routeMetric(route: Pick<Route, 'family' | 'priority'>): number {
  return route.priority ?? (route.family === 6 ? IPV6_DEFAULT_METRIC : 0)
}

/** The kernel's key of a route within its table: family, table, dst, src, tos, metric. */
export function routeKey(route: Route): string {
  return `${route.family} ${route.table} ${route.dst} ${route.srcLen === 0 ? '' : route.src} ${route.tos} ${routeMetric(route)}`
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
 * IPv6 routes of one key reported one per path, merged into the multipath route they are; other
 * routes as they are. Keyed by routeKey, in the order first seen.
 */
export function routesByKey(current: readonly Route[]): Map<string, Route[]> {
  const byKey = new Map<string, Route[]>()
  for (const route of current) {
    const key = routeKey(route)
    const list = byKey.get(key)
    if (list === undefined) byKey.set(key, [route])
    else if (route.family === 6) list[0] = mergePaths(list[0]!, route)
    else list.push(route)
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
 * managed is `scope`'s; the others are never in the plan, nor are routes of other families than IPv4 and IPv6.
 */
export function planRouteSync<S>(desired: readonly DesiredRoute<S>[], current: readonly Route[], scope: RouteSyncScope = {}): RouteSyncPlan<S> {
  const managed = (route: Route): boolean => (scope.protocol === undefined ? !isKernelOwned(route) : route.protocol === scope.protocol)
  const plan: RouteSyncPlan<S> = { add: [], replace: [], delete: [], unchanged: [], conflicts: [] }
  // A dump of every family holds multicast (ipmr) and MPLS routes too: not routes a RouteSpec makes.
  const byKey = routesByKey(current.filter((route) => route.family === 4 || route.family === 6))
  for (const want of desired) {
    const key = routeKey(want.route)
    const held = byKey.get(key)
    if (held === undefined) {
      plan.add.push(want)
      continue
    }
    byKey.delete(key)
    const mine = held.filter(managed)
    if (mine.length === 0) {
      plan.conflicts.push({ desired: want, current: held[0]! })
      continue
    }
    const equal = mine.findIndex((route) => sameRoute(want.route, route))
    if (equal >= 0) plan.unchanged.push(want)
    else plan.replace.push({ desired: want, current: mine[0]! })
    // Extra IPv4 routes of the key: the kept one is the equal one, or the one the replace takes.
    const kept = equal >= 0 ? equal : 0
    mine.forEach((route, i) => i !== kept && plan.delete.push(route))
  }
  for (const held of byKey.values()) for (const route of held) if (managed(route)) plan.delete.push(route)
  return plan
}

/** The index of the first desired route whose key an earlier one has, with that earlier index; null when keys are unique. */
export function duplicateKey(desired: readonly DesiredRoute[]): { index: number; first: number } | null {
  const seen = new Map<string, number>()
  for (const want of desired) {
    const key = routeKey(want.route)
    const first = seen.get(key)
    if (first !== undefined) return { index: want.index, first }
    seen.set(key, want.index)
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
