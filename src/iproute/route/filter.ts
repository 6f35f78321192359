/**
 * JavaScript-side route selection: the part of a RouteFilter the kernel cannot apply (scope, iif,
 * priority, destination, containment, gateway) plus the kernel-side fields, for kernels that ignore
 * dump filters and for notifications. `compileRouteFilter` validates and normalises the filter once
 * (TypeError/RangeError naming the field) and returns a predicate.
 */
import { formatIP, parsePrefix } from '../../util/address'
import { specKeys, tableArg } from '../common/args'
import { ROUTE_PROTOCOLS, ROUTE_TYPES, SCOPES } from '../common/rtnl'
import { checkSpecObject, intArg, ipArg, namedArg, prefixArg } from '../validate'
import type { Route, RouteFilter } from './types'

/** The fields of a RouteFilter, for every check of one. */
export const ROUTE_FILTER_KEYS = specKeys<RouteFilter>()(
  'family',
  'table',
  'protocol',
  'type',
  'scope',
  'oif',
  'iif',
  'priority',
  'dst',
  'contains',
  'within',
  'gateway',
)

function numberOf(table: { valueOf(v: string | number): number | undefined }, v: string | number): number {
  return table.valueOf(v) ?? -1
}

/**
 * Checks `filter` once (TypeError/RangeError naming the field, prefixed by `what`) and returns a
 * predicate that applies every field of it to a decoded route.
 */
export function compileRouteFilter(filter: RouteFilter, what = 'route filter'): (route: Route) => boolean {
  const f = checkSpecObject(filter, ROUTE_FILTER_KEYS, what)
  const family = f.family === undefined ? undefined : f.family
  if (family !== undefined && family !== 4 && family !== 6) throw new TypeError(`${what}.family: expected 4 or 6, got ${String(family)}`)
  const table = f.table === undefined ? undefined : tableArg(f.table, `${what}.table`)
  const protocol = f.protocol === undefined ? undefined : namedArg(ROUTE_PROTOCOLS, 'u8', f.protocol, `${what}.protocol`)
  const type = f.type === undefined ? undefined : namedArg(ROUTE_TYPES, 'u8', f.type, `${what}.type`)
  const scope = f.scope === undefined ? undefined : namedArg(SCOPES, 'u8', f.scope, `${what}.scope`)
  const oif = f.oif === undefined ? undefined : intArg('u32', f.oif, `${what}.oif`)
  const iif = f.iif === undefined ? undefined : intArg('u32', f.iif, `${what}.iif`)
  const priority = f.priority === undefined ? undefined : intArg('u32', f.priority, `${what}.priority`)
  let dst: string | undefined
  let dstDefault = false
  if (f.dst === 'default') dstDefault = true
  else if (f.dst !== undefined) {
    const p = prefixArg(f.dst, `${what}.dst`, true, family as number | undefined, 'the filter')
    dst = `${formatIP(p.bytes, 0, p.bytes.length)}/${p.prefixLen}`
  }
  const contains = f.contains === undefined ? undefined : ipArg(f.contains, `${what}.contains`, family as number | undefined, 'the filter')
  const within = f.within === undefined ? undefined : prefixArg(f.within, `${what}.within`, true, family as number | undefined, 'the filter')
  const gateway = f.gateway === undefined ? undefined : ipArg(f.gateway, `${what}.gateway`)
  const gatewayText = gateway && formatIP(gateway.bytes, 0, gateway.bytes.length)

  return (r: Route): boolean => {
    if (family !== undefined && r.family !== family) return false
    if (table !== undefined && r.table !== table) return false
    if (protocol !== undefined && numberOf(ROUTE_PROTOCOLS, r.protocol) !== protocol) return false
    if (type !== undefined && numberOf(ROUTE_TYPES, r.type) !== type) return false
    if (scope !== undefined && numberOf(SCOPES, r.scope) !== scope) return false
    if (iif !== undefined && r.iif !== iif) return false
    if (priority !== undefined && r.priority !== priority) return false
    if (dstDefault && r.dstLen !== 0) return false
    if (dst !== undefined && r.dst !== dst) return false
    if (oif !== undefined && r.oif !== oif && !(r.multipath?.some((h) => h.oif === oif) ?? false)) return false
    if (gatewayText !== undefined) {
      // RTA_GATEWAY or RTA_VIA (an IPv4 route through an IPv6 gateway), on the route or on any path.
      const through = (h: { gateway: string | null; via: { address: string } | null }): boolean => h.gateway === gatewayText || h.via?.address === gatewayText
      if (!through(r) && !(r.multipath?.some(through) ?? false)) return false
    }
    if (contains !== undefined && !prefixContains(r.dst, contains.bytes)) return false
    if (within !== undefined && !prefixWithin(r.dst, within.bytes, within.prefixLen)) return false
    return true
  }
}

/** true when route destination `cidr` (CIDR text of the same family) contains `address`. */
function prefixContains(cidr: string, address: Uint8Array): boolean {
  const p = parsePrefix(cidr)
  if (p === null || p.bytes.length !== address.length) return false
  const full = p.prefixLen >> 3
  for (let i = 0; i < full; i++) if (p.bytes[i] !== address[i]) return false
  const rest = p.prefixLen & 7
  if (rest === 0) return true
  const mask = (0xff << (8 - rest)) & 0xff
  return (p.bytes[full]! & mask) === (address[full]! & mask)
}

/** true when route destination `cidr` lies inside the prefix `bytes`/`prefixLen` (same family). */
function prefixWithin(cidr: string, bytes: Uint8Array, prefixLen: number): boolean {
  const p = parsePrefix(cidr)
  if (p === null || p.bytes.length !== bytes.length || p.prefixLen < prefixLen) return false
  return prefixContains(`${formatIP(bytes, 0, bytes.length)}/${prefixLen}`, p.bytes)
}

/** One-shot form of compileRouteFilter. */
export function routeMatches(route: Route, filter: RouteFilter): boolean {
  return compileRouteFilter(filter)(route)
}
