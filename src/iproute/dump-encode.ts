/**
 * Dump-request payloads (after the nlmsghdr; the engine sends them with NLM_F_DUMP), carrying the
 * filters the kernel applies itself when the socket has NETLINK_GET_STRICT_CHK:
 * - routes: family, table (rtm_table, or RTA_TABLE above 255), protocol, type, RTA_OIF;
 * - links: IFLA_MASTER, IFLA_LINKINFO kind, IFLA_EXT_MASK;
 * - addresses: family, ifa_index;
 * - neighbours: family, NDA_IFINDEX, NDA_MASTER;
 * - rules: family.
 * Strict checking rejects non-zero header fields the kernel cannot filter on, so only these are set.
 * Route filter fields the kernel cannot apply (scope, dst, gateway, ...) are left to `routeMatches`.
 */
import { encodeAttrs } from '../schema/encode'
import { AttrWriter } from '../schema/writer'
import { afFromFamily, ROUTE_PROTOCOLS, ROUTE_TYPES, RT_TABLE } from './constants'
import { FIB_RULE_HDR, IFADDRMSG, IFINFOMSG, LINK_ATTRS, NDMSG, NEIGHBOUR_ATTRS, ROUTE_ATTRS, RTMSG } from './messages'
import { ROUTE_FILTER_KEYS } from './filter'
import { tableArg } from './route-encode'
import type { IpFamily, RouteFilter } from './types'
import { checkSpecObject, ifnameArg, intArg, namedArg } from './validate'

function familyArg(family: unknown, path: string): number {
  if (family === undefined) return 0
  if (family !== 4 && family !== 6) throw new TypeError(`${path}.family: expected 4 or 6, got ${String(family)}`)
  return afFromFamily(family)
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
      family: familyArg(filter.family, what),
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

/** Which links a dump returns (`IPRoute.links` / `getLinks`); the kernel applies these fields. */
export interface LinkDumpFilter {
  /** Only links enslaved to this master index. */
  master?: number
  /** Only links of this kind ('veth', 'bridge', ...). */
  kind?: string
  /** IFLA_EXT_MASK (RTEXT_FILTER_* bits), e.g. RTEXT_FILTER.SKIP_STATS. */
  extMask?: number
}

const LINK_FILTER_KEYS: ReadonlySet<string> = new Set(['master', 'kind', 'extMask'])

/** The RTM_GETLINK dump payload for `filter`; `what` names the argument in errors. */
export function encodeLinkDumpRequest(filter: LinkDumpFilter = {}, what = 'link filter'): Buffer {
  const f = checkSpecObject(filter, LINK_FILTER_KEYS, what)
  const w = new AttrWriter(48)
  w.struct(IFINFOMSG, {}, what)
  encodeAttrs(
    LINK_ATTRS,
    { extMask: f.extMask, master: f.master, linkinfo: f.kind === undefined ? undefined : { kind: f.kind } },
    w,
    what,
  )
  return w.finish()
}

/** One link to read (`IPRoute.link('get', query)`): by index or by name. */
export interface LinkQuery {
  /** Interface index. */
  index?: number
  /** Interface name (when no index is given). */
  ifname?: string
  /** IFLA_EXT_MASK (RTEXT_FILTER_* bits), e.g. RTEXT_FILTER.VF for VF details. */
  extMask?: number
}
const LINK_QUERY_KEYS: ReadonlySet<string> = new Set(['index', 'ifname', 'extMask'])

/** RTM_GETLINK for one link, by index or by name. */
export function encodeLinkGetRequest(query: LinkQuery, what = 'link query'): Buffer {
  const q = checkSpecObject(query, LINK_QUERY_KEYS, what)
  if (q.index === undefined && q.ifname === undefined) throw new TypeError(`${what}: index or ifname required`)
  const index = q.index === undefined ? 0 : intArg('s32', q.index, `${what}.index`)
  if (q.ifname !== undefined) ifnameArg(q.ifname, `${what}.ifname`)
  const w = new AttrWriter(48)
  w.struct(IFINFOMSG, { index }, what)
  encodeAttrs(LINK_ATTRS, { ifname: q.ifname, extMask: q.extMask }, w, what)
  return w.finish()
}

const ADDRESS_FILTER_KEYS: ReadonlySet<string> = new Set(['family', 'index'])

/**
 * The RTM_GETADDR dump payload for `filter` (family and interface index); `what` names the argument in
 * errors.
 */
export function encodeAddressDumpRequest(filter: { family?: IpFamily; index?: number } = {}, what = 'address filter'): Buffer {
  const f = checkSpecObject(filter, ADDRESS_FILTER_KEYS, what)
  const w = new AttrWriter(16)
  w.struct(IFADDRMSG, { family: familyArg(f.family, what), index: f.index === undefined ? 0 : intArg('u32', f.index, `${what}.index`) }, what)
  return w.finish()
}

const NEIGHBOUR_FILTER_KEYS: ReadonlySet<string> = new Set(['family', 'ifindex', 'master'])

/**
 * The RTM_GETNEIGH dump payload for `filter` (family, interface and master index); `what` names the
 * argument in errors.
 */
export function encodeNeighbourDumpRequest(filter: { family?: IpFamily; ifindex?: number; master?: number } = {}, what = 'neighbour filter'): Buffer {
  const f = checkSpecObject(filter, NEIGHBOUR_FILTER_KEYS, what)
  const w = new AttrWriter(32)
  w.struct(NDMSG, { family: familyArg(f.family, what) }, what)
  encodeAttrs(NEIGHBOUR_ATTRS, { ifindex: f.ifindex, master: f.master }, w, what)
  return w.finish()
}

const RULE_FILTER_KEYS: ReadonlySet<string> = new Set(['family'])

/**
 * The RTM_GETRULE dump payload for `filter.family` (both families when absent); `what` names the
 * argument in errors.
 */
export function encodeRuleDumpRequest(filter: { family?: IpFamily } = {}, what = 'rule filter'): Buffer {
  const f = checkSpecObject(filter, RULE_FILTER_KEYS, what)
  const w = new AttrWriter(16)
  w.struct(FIB_RULE_HDR, { family: familyArg(f.family, what) }, what)
  return w.finish()
}
