/**
 * Route requests (payloads after the 16-byte nlmsghdr, which the engine writes).
 *
 * encodeRouteRequest: RouteSpec → rtmsg + attributes (RTM_NEWROUTE / RTM_DELROUTE). Defaults follow iproute2's `ip route`:
 * - new routes: protocol 'boot', type 'unicast', table 'main'; scope 'host' for local/nat,
 *   'link' for broadcast/multicast/anycast and for unicast routes with no gateway and no multipath,
 *   'universe' otherwise;
 * - deletes: protocol 0, type 0 and scope 'nowhere' (the kernel then matches any), table 'main';
 * - tables above 255 go in RTA_TABLE with rtm_table = RT_TABLE_UNSPEC.
 * An IPv6 gateway on an IPv4 route is sent as RTA_VIA (`ip route add ... via inet6 ...`).
 * All validation happens before any byte is written.
 *
 * encodeRouteDumpRequest: the RTM_GETROUTE dump with the filters the kernel applies itself under
 * NETLINK_GET_STRICT_CHK (family, table, protocol, type, RTA_OIF); strict checking rejects non-zero
 * header fields it cannot filter on, so only these are set, and the rest of a RouteFilter is left
 * to ./filter.ts.
 */
import { encodeAttrs } from '../../schema/encode'
import { AttrWriter } from '../../schema/writer'
import { ParsedIP } from '../../util/address'
import { ChangeOp, dumpFamilyArg, specFamily, specKeys, tableArg } from '../common/args'
import { afFromFamily, ROUTE_PROTOCOLS, ROUTE_TYPES, RT_SCOPE, RT_TABLE, RTN, RTPROT, SCOPES } from '../common/rtnl'
import { checkSpecObject, intArg, ipArg, namedArg, prefixArg } from '../validate'
import { ROUTE_PREFS, RTA } from './constants'
import { ROUTE_FILTER_KEYS } from './filter'
import { ROUTE_ATTRS, RTMSG, RTMSG_OFFSET } from './schema'
import type { RouteFilter, RouteSpec } from './types'

const WHAT = 'route spec'
const ROUTE_SPEC_KEYS = specKeys<RouteSpec>()(
  'dst',
  'family',
  'src',
  'gateway',
  'oif',
  'iif',
  'table',
  'type',
  'protocol',
  'scope',
  'priority',
  'metric',
  'prefsrc',
  'tos',
  'flags',
  'metrics',
  'multipath',
  'pref',
  'nhId',
  'mark',
)

/**
 * The RTM_NEWROUTE / RTM_DELROUTE payload (rtmsg and attributes) for `spec`, with iproute2's defaults;
 * TypeError/RangeError naming the field, prefixed by `what`, for bad input.
 */
export function encodeRouteRequest(spec: RouteSpec, op: ChangeOp = 'new', what = WHAT): Buffer {
  return writeRouteRequest(routeRequest(spec, op, what), what)
}

/** A route request checked and with its defaults, before it is written: the rtmsg fields and the attributes by schema name. */
export type RouteRequest = ReturnType<typeof routeRequest>

/**
 * `spec` checked (TypeError/RangeError naming the field, prefixed by `what`) and resolved into the
 * request's fields, iproute2's defaults filled in. Metrics, multipath hops, mark and nhId are
 * checked only when written (writeRouteRequest), by the schema.
 */
export function routeRequest(spec: RouteSpec, op: ChangeOp = 'new', what = WHAT) {
  const s = checkSpecObject(spec, ROUTE_SPEC_KEYS, what)
  const isNew = op === 'new'

  // Addresses first: they decide the family.
  if (s.dst === undefined) throw new TypeError(`${what}.dst: required ('default', a prefix or an address)`)
  const dst = s.dst === 'default' ? null : prefixArg(s.dst, `${what}.dst`, true)
  const src = s.src === undefined ? null : prefixArg(s.src, `${what}.src`, true)
  const prefsrc = s.prefsrc === undefined ? null : ipArg(s.prefsrc, `${what}.prefsrc`)
  const gw = s.gateway === undefined ? null : ipArg(s.gateway, `${what}.gateway`)
  const found: [string, number][] = []
  if (dst) found.push(['dst', dst.family])
  if (src) found.push(['src', src.family])
  if (prefsrc) found.push(['prefsrc', prefsrc.family])
  // A gateway decides the family only when nothing else does (an IPv6 gateway may serve an IPv4
  // route through RTA_VIA; the reverse does not exist).
  if (gw && found.length === 0 && s.family === undefined) found.push(['gateway', gw.family])
  const family = specFamily(s.family, what, found)
  if (gw && gw.family !== family && family === 6) {
    throw new TypeError(`${what}.gateway: '${String(s.gateway)}' is IPv4 but the route is IPv6`)
  }

  const multipath = s.multipath
  if (multipath !== undefined) {
    if (!Array.isArray(multipath) || multipath.length === 0) {
      throw new TypeError(`${what}.multipath: expected a non-empty array of next hops`)
    }
    multipath.forEach((hop: { gateway?: unknown }, i) => {
      if (hop && typeof hop === 'object' && hop.gateway !== undefined) {
        ipArg(hop.gateway, `${what}.multipath[${i}].gateway`, family, 'the route')
      }
    })
  }

  const type = s.type === undefined ? (isNew ? RTN.UNICAST : RTN.UNSPEC) : namedArg(ROUTE_TYPES, 'u8', s.type, `${what}.type`)
  const protocol = s.protocol === undefined ? (isNew ? RTPROT.BOOT : RTPROT.UNSPEC) : namedArg(ROUTE_PROTOCOLS, 'u8', s.protocol, `${what}.protocol`)
  const table = s.table === undefined ? RT_TABLE.MAIN : tableArg(s.table, `${what}.table`)
  if (s.priority !== undefined && s.metric !== undefined && s.priority !== s.metric) {
    throw new TypeError(`${what}.metric: conflicts with priority (they are the same field)`)
  }
  const priority = s.priority ?? s.metric
  const attrs = {
    dst: dst?.bytes,
    src: src?.bytes,
    table: table > 255 ? table : undefined,
    gateway: gw && gw.family === family ? gw.bytes : undefined,
    via: gw && gw.family !== family ? { address: String(s.gateway) } : undefined,
    oif: s.oif === undefined ? undefined : intArg('u32', s.oif, `${what}.oif`),
    iif: s.iif === undefined ? undefined : intArg('u32', s.iif, `${what}.iif`),
    priority: priority === undefined ? undefined : intArg('u32', priority, `${what}.${s.priority !== undefined ? 'priority' : 'metric'}`),
    prefsrc: prefsrc?.bytes,
    metrics: s.metrics,
    multipath,
    pref: s.pref === undefined ? undefined : namedArg(ROUTE_PREFS, 'u8', s.pref, `${what}.pref`),
    mark: s.mark,
    nhId: s.nhId,
  }
  const header = {
    family: afFromFamily(family),
    dstLen: dst ? dst.prefixLen : 0,
    srcLen: src ? src.prefixLen : 0,
    tos: s.tos === undefined ? 0 : intArg('u8', s.tos, `${what}.tos`),
    table: table > 255 ? RT_TABLE.UNSPEC : table,
    protocol,
    scope:
      s.scope === undefined ? defaultScope(type, isNew, gw, multipath !== undefined, s.nhId !== undefined) : namedArg(SCOPES, 'u8', s.scope, `${what}.scope`),
    type,
    flags: s.flags === undefined ? 0 : intArg('u32', s.flags, `${what}.flags`),
  }

  return { header, attrs }
}

/** The payload of a checked request; the schema checks what routeRequest left to it (TypeError/RangeError prefixed by `what`). */
export function writeRouteRequest(request: RouteRequest, what = WHAT): Buffer {
  const a = request.attrs
  for (const key of SCHEMA_ONLY) if (a[key] !== undefined) return writeRouteWithSchema(request, what)
  return writeCommonRoute(request)
}

/** The attributes writeCommonRoute writes; every other one a request has sends it through the schema. */
type CommonAttr = 'dst' | 'src' | 'table' | 'gateway' | 'oif' | 'iif' | 'priority' | 'prefsrc' | 'pref'
/** The attributes only the schema writes. */
const SCHEMA_ONLY = ['via', 'metrics', 'multipath', 'mark', 'nhId'] as const satisfies readonly (keyof RouteRequest['attrs'])[]
/**
 * Fails to compile when routeRequest makes an attribute that is neither common nor in
 * SCHEMA_ONLY, which writeCommonRoute would otherwise leave out without a word.
 */
const EVERY_ATTR_WRITTEN: Record<Exclude<keyof RouteRequest['attrs'], CommonAttr | (typeof SCHEMA_ONLY)[number]>, never> = {}
void EVERY_ATTR_WRITTEN

/** writeRouteRequest through the schema (AttrWriter, encodeAttrs): any request. */
export function writeRouteWithSchema(request: RouteRequest, what = WHAT): Buffer {
  const w = new AttrWriter(128)
  w.struct(RTMSG, request.header, what)
  encodeAttrs(ROUTE_ATTRS, request.attrs, w, what)
  return w.finish()
}

const RTMSG_SIZE = RTMSG.size
const O = RTMSG_OFFSET

/**
 * writeRouteRequest for the common request, whose attributes are addresses, u32s and pref, all
 * checked by routeRequest already (nothing is left for the schema to check): sized exactly and
 * written in one pass, without the generic writer's per-attribute work. This is most of what
 * 100k route adds cost JavaScript (issue 12). The bytes are writeRouteWithSchema's, attribute for
 * attribute in the same order (the attrs object's): __test__/iproute-codec-encode.spec.mjs holds
 * the two to the same bytes.
 */
function writeCommonRoute({ header, attrs }: RouteRequest): Buffer {
  const { dst, src, table, gateway, oif, iif, priority, prefsrc, pref } = attrs
  let size = RTMSG_SIZE
  if (dst !== undefined) size += 4 + dst.length
  if (src !== undefined) size += 4 + src.length
  if (table !== undefined) size += 8
  if (gateway !== undefined) size += 4 + gateway.length
  if (oif !== undefined) size += 8
  if (iif !== undefined) size += 8
  if (priority !== undefined) size += 8
  if (prefsrc !== undefined) size += 4 + prefsrc.length
  if (pref !== undefined) size += 8
  const buf = Buffer.allocUnsafe(size)
  buf[O.family] = header.family
  buf[O.dstLen] = header.dstLen
  buf[O.srcLen] = header.srcLen
  buf[O.tos] = header.tos
  buf[O.table] = header.table
  buf[O.protocol] = header.protocol
  buf[O.scope] = header.scope
  buf[O.type] = header.type
  buf.writeUInt32LE(header.flags, O.flags)
  let at = RTMSG_SIZE
  if (dst !== undefined) at = putAddress(buf, at, RTA.DST, dst)
  if (src !== undefined) at = putAddress(buf, at, RTA.SRC, src)
  if (table !== undefined) at = putU32(buf, at, RTA.TABLE, table)
  if (gateway !== undefined) at = putAddress(buf, at, RTA.GATEWAY, gateway)
  if (oif !== undefined) at = putU32(buf, at, RTA.OIF, oif)
  if (iif !== undefined) at = putU32(buf, at, RTA.IIF, iif)
  if (priority !== undefined) at = putU32(buf, at, RTA.PRIORITY, priority)
  if (prefsrc !== undefined) at = putAddress(buf, at, RTA.PREFSRC, prefsrc)
  if (pref !== undefined) {
    buf.writeUInt32LE(5 | (RTA.PREF << 16), at)
    buf.writeUInt32LE(pref, at + 4) // the u8 and its three bytes of padding
  }
  return buf
}

/** An address attribute (4 or 16 bytes: already aligned) at `at`; returns the end. */
function putAddress(buf: Buffer, at: number, type: number, bytes: Uint8Array): number {
  buf.writeUInt32LE((4 + bytes.length) | (type << 16), at)
  buf.set(bytes, at + 4)
  return at + 4 + bytes.length
}

/** A u32 attribute at `at`; returns the end. */
function putU32(buf: Buffer, at: number, type: number, value: number): number {
  buf.writeUInt32LE(8 | (type << 16), at)
  buf.writeUInt32LE(value, at + 4)
  return at + 8
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

/**
 * The RTM_GETROUTE dump payload for `routeFilter`: family, table, protocol, type and oif in the form
 * the kernel applies with strict checking (the other fields are applied after decoding, see
 * compileRouteFilter). `what` names the argument in errors.
 */
export function encodeRouteDumpRequest(routeFilter: RouteFilter = {}, what = 'route filter'): Buffer {
  const filter = checkSpecObject(routeFilter, ROUTE_FILTER_KEYS, what) as RouteFilter
  const table = filter.table === undefined ? 0 : tableArg(filter.table, `${what}.table`)
  const w = new AttrWriter(48)
  w.struct(
    RTMSG,
    {
      family: dumpFamilyArg(filter.family, what),
      table: table > 255 ? RT_TABLE.UNSPEC : table,
      protocol: filter.protocol === undefined ? 0 : namedArg(ROUTE_PROTOCOLS, 'u8', filter.protocol, `${what}.protocol`),
      type: filter.type === undefined ? 0 : namedArg(ROUTE_TYPES, 'u8', filter.type, `${what}.type`),
    },
    what,
  )
  encodeAttrs(
    ROUTE_ATTRS,
    { table: table > 255 ? table : undefined, oif: filter.oif === undefined ? undefined : intArg('u32', filter.oif, `${what}.oif`) },
    w,
    what,
  )
  return w.finish()
}
