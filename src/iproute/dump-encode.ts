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
import { tableArg } from './route-encode'
import type { IpFamily, RouteFilter } from './types'
import { intArg, namedArg } from './validate'

function familyArg(family: unknown, path: string): number {
  if (family === undefined) return 0
  if (family !== 4 && family !== 6) throw new TypeError(`${path}.family: expected 4 or 6, got ${String(family)}`)
  return afFromFamily(family)
}

export function encodeRouteDumpRequest(filter: RouteFilter = {}): Buffer {
  const what = 'route filter'
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

export interface LinkDumpFilter {
  /** Only links enslaved to this master index. */
  master?: number
  /** Only links of this kind ('veth', 'bridge', ...). */
  kind?: string
  /** IFLA_EXT_MASK (RTEXT_FILTER_* bits), e.g. RTEXT_FILTER.SKIP_STATS. */
  extMask?: number
}

export function encodeLinkDumpRequest(filter: LinkDumpFilter = {}): Buffer {
  const w = new AttrWriter(48)
  w.struct(IFINFOMSG, {}, 'link filter')
  encodeAttrs(
    LINK_ATTRS,
    { extMask: filter.extMask, master: filter.master, linkinfo: filter.kind === undefined ? undefined : { kind: filter.kind } },
    w,
    'link filter',
  )
  return w.finish()
}

/** RTM_GETLINK for one link, by index or by name. */
export function encodeLinkGetRequest(query: { index?: number; ifname?: string; extMask?: number }): Buffer {
  if (query.index === undefined && query.ifname === undefined) throw new TypeError('link query: index or ifname required')
  const w = new AttrWriter(48)
  w.struct(IFINFOMSG, { index: query.index === undefined ? 0 : intArg('s32', query.index, 'link query.index') }, 'link query')
  encodeAttrs(LINK_ATTRS, { ifname: query.ifname, extMask: query.extMask }, w, 'link query')
  return w.finish()
}

export function encodeAddressDumpRequest(filter: { family?: IpFamily; index?: number } = {}): Buffer {
  const w = new AttrWriter(16)
  w.struct(
    IFADDRMSG,
    { family: familyArg(filter.family, 'address filter'), index: filter.index === undefined ? 0 : intArg('u32', filter.index, 'address filter.index') },
    'address filter',
  )
  return w.finish()
}

export function encodeNeighbourDumpRequest(filter: { family?: IpFamily; ifindex?: number; master?: number } = {}): Buffer {
  const w = new AttrWriter(32)
  w.struct(NDMSG, { family: familyArg(filter.family, 'neighbour filter') }, 'neighbour filter')
  encodeAttrs(NEIGHBOUR_ATTRS, { ifindex: filter.ifindex, master: filter.master }, w, 'neighbour filter')
  return w.finish()
}

export function encodeRuleDumpRequest(filter: { family?: IpFamily } = {}): Buffer {
  const w = new AttrWriter(16)
  w.struct(FIB_RULE_HDR, { family: familyArg(filter.family, 'rule filter') }, 'rule filter')
  return w.finish()
}
