/**
 * encodeRouteRequest: RouteSpec → rtmsg + attributes (the payload of RTM_NEWROUTE / RTM_DELROUTE,
 * without the 16-byte nlmsghdr, which the engine writes). Defaults follow iproute2's `ip route`:
 * - new routes: protocol 'boot', type 'unicast', table 'main'; scope 'host' for local/nat,
 *   'link' for broadcast/multicast/anycast and for unicast routes with no gateway and no multipath,
 *   'universe' otherwise;
 * - deletes: protocol 0, type 0 and scope 'nowhere' (the kernel then matches any), table 'main';
 * - tables above 255 go in RTA_TABLE with rtm_table = RT_TABLE_UNSPEC.
 * An IPv6 gateway on an IPv4 route is sent as RTA_VIA (`ip route add ... via inet6 ...`).
 * All validation happens before any byte is written.
 */
import { encodeAttrs } from '../schema/encode'
import { AttrWriter } from '../schema/writer'
import { ParsedIP } from '../util/address'
import {
  afFromFamily,
  ROUTE_PREFS,
  ROUTE_PROTOCOLS,
  ROUTE_TYPES,
  RT_SCOPE,
  RT_TABLE,
  RTN,
  SCOPES,
  TABLES,
} from './constants'
import { ROUTE_ATTRS, RTMSG } from './messages'
import type { RouteSpec } from './types'
import { checkSpecObject, familyName, intArg, ipArg, namedArg, prefixArg } from './validate'

const WHAT = 'route spec'
const ROUTE_SPEC_KEYS: ReadonlySet<string> = new Set([
  'dst', 'family', 'src', 'gateway', 'oif', 'iif', 'table', 'type', 'protocol', 'scope', 'priority',
  'metric', 'prefsrc', 'tos', 'flags', 'metrics', 'multipath', 'pref', 'nhId', 'mark',
])

/** Which message an encoder writes: RTM_NEW* (add, replace, change, append) or RTM_DEL*. */
export type ChangeOp = 'new' | 'delete'

/** Resolves a table reference (number or reserved name) to its 32-bit id. */
export function tableArg(value: unknown, path: string): number {
  return namedArg(TABLES, 'u32', value, path)
}

/** The family a spec is about: from its addresses, else `family`, else 4. Conflicts throw. */
export function specFamily(explicit: unknown, path: string, found: ReadonlyArray<readonly [string, number]>): number {
  if (explicit !== undefined && explicit !== 4 && explicit !== 6) {
    throw new TypeError(`${path}.family: expected 4 or 6, got ${String(explicit)}`)
  }
  const first = found[0]
  if (first === undefined) return (explicit as number | undefined) ?? 4
  const family = (explicit as number | undefined) ?? first[1]
  for (const [field, f] of found) {
    if (f !== family) {
      throw new TypeError(`${path}.${field}: is ${familyName(f)} but the ${explicit !== undefined ? 'family' : first[0]} is ${familyName(family)}`)
    }
  }
  return family
}

/**
 * The RTM_NEWROUTE / RTM_DELROUTE payload (rtmsg and attributes) for `spec`, with iproute2's defaults;
 * TypeError/RangeError naming the field for bad input.
 */
export function encodeRouteRequest(spec: RouteSpec, op: ChangeOp = 'new'): Buffer {
  const s = checkSpecObject(spec, ROUTE_SPEC_KEYS, WHAT)
  const isNew = op === 'new'

  // Addresses first: they decide the family.
  if (s.dst === undefined) throw new TypeError(`${WHAT}.dst: required ('default', a prefix or an address)`)
  const dst = s.dst === 'default' ? null : prefixArg(s.dst, `${WHAT}.dst`, true)
  const src = s.src === undefined ? null : prefixArg(s.src, `${WHAT}.src`, true)
  const prefsrc = s.prefsrc === undefined ? null : ipArg(s.prefsrc, `${WHAT}.prefsrc`)
  const gw = s.gateway === undefined ? null : ipArg(s.gateway, `${WHAT}.gateway`)
  const found: [string, number][] = []
  if (dst) found.push(['dst', dst.family])
  if (src) found.push(['src', src.family])
  if (prefsrc) found.push(['prefsrc', prefsrc.family])
  // A gateway decides the family only when nothing else does (an IPv6 gateway may serve an IPv4
  // route through RTA_VIA; the reverse does not exist).
  if (gw && found.length === 0 && s.family === undefined) found.push(['gateway', gw.family])
  const family = specFamily(s.family, WHAT, found)
  if (gw && gw.family !== family && family === 6) {
    throw new TypeError(`${WHAT}.gateway: '${String(s.gateway)}' is IPv4 but the route is IPv6`)
  }

  const multipath = s.multipath
  if (multipath !== undefined) {
    if (!Array.isArray(multipath) || multipath.length === 0) {
      throw new TypeError(`${WHAT}.multipath: expected a non-empty array of next hops`)
    }
    multipath.forEach((hop: { gateway?: unknown }, i) => {
      if (hop && typeof hop === 'object' && hop.gateway !== undefined) {
        ipArg(hop.gateway, `${WHAT}.multipath[${i}].gateway`, family, 'the route')
      }
    })
  }

  const type = s.type === undefined ? (isNew ? RTN.UNICAST : RTN.UNSPEC) : namedArg(ROUTE_TYPES, 'u8', s.type, `${WHAT}.type`)
  const protocol = s.protocol === undefined ? (isNew ? 3 : 0) : namedArg(ROUTE_PROTOCOLS, 'u8', s.protocol, `${WHAT}.protocol`)
  const table = s.table === undefined ? RT_TABLE.MAIN : tableArg(s.table, `${WHAT}.table`)
  if (s.priority !== undefined && s.metric !== undefined && s.priority !== s.metric) {
    throw new TypeError(`${WHAT}.metric: conflicts with priority (they are the same field)`)
  }
  const priority = s.priority ?? s.metric
  const attrs = {
    dst: dst?.bytes,
    src: src?.bytes,
    table: table > 255 ? table : undefined,
    gateway: gw && gw.family === family ? gw.bytes : undefined,
    via: gw && gw.family !== family ? { address: String(s.gateway) } : undefined,
    oif: s.oif === undefined ? undefined : intArg('u32', s.oif, `${WHAT}.oif`),
    iif: s.iif === undefined ? undefined : intArg('u32', s.iif, `${WHAT}.iif`),
    priority: priority === undefined ? undefined : intArg('u32', priority, `${WHAT}.${s.priority !== undefined ? 'priority' : 'metric'}`),
    prefsrc: prefsrc?.bytes,
    metrics: s.metrics,
    multipath,
    pref: s.pref === undefined ? undefined : namedArg(ROUTE_PREFS, 'u8', s.pref, `${WHAT}.pref`),
    mark: s.mark,
    nhId: s.nhId,
  }
  const header = {
    family: afFromFamily(family),
    dstLen: dst ? dst.prefixLen : 0,
    srcLen: src ? src.prefixLen : 0,
    tos: s.tos === undefined ? 0 : intArg('u8', s.tos, `${WHAT}.tos`),
    table: table > 255 ? RT_TABLE.UNSPEC : table,
    protocol,
    scope: s.scope === undefined ? defaultScope(type, isNew, gw, multipath !== undefined, s.nhId !== undefined) : namedArg(SCOPES, 'u8', s.scope, `${WHAT}.scope`),
    type,
    flags: s.flags === undefined ? 0 : intArg('u32', s.flags, `${WHAT}.flags`),
  }

  const w = new AttrWriter(128)
  w.struct(RTMSG, header, WHAT)
  encodeAttrs(ROUTE_ATTRS, attrs, w, WHAT)
  return w.finish()
}

/** iproute2's scope defaults (ip/iproute.c iproute_modify). */
function defaultScope(type: number, isNew: boolean, gw: ParsedIP | null, multipath: boolean, nhId: boolean): number {
  if (type === RTN.LOCAL || type === RTN.NAT) return RT_SCOPE.HOST
  if (type === RTN.BROADCAST || type === RTN.MULTICAST || type === RTN.ANYCAST) return RT_SCOPE.LINK
  if (type === RTN.UNICAST || type === RTN.UNSPEC) {
    if (!isNew) return RT_SCOPE.NOWHERE
    if (gw === null && !multipath && !nhId) return RT_SCOPE.LINK
  }
  return RT_SCOPE.UNIVERSE
}
