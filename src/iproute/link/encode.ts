/**
 * Link requests (payloads after the nlmsghdr, which the engine writes).
 *
 * encodeLinkRequest: LinkSpec → ifinfomsg + IFLA attributes (RTM_NEWLINK / RTM_SETLINK /
 * RTM_DELLINK). `up` sets or clears IFF_UP through ifi_flags/ifi_change;
 * `kind` + `linkinfo` become IFLA_LINKINFO { IFLA_INFO_KIND, IFLA_INFO_DATA } using the per-kind
 * layouts of ./kinds/ (a veth peer is `linkinfo: { peer: { ifname, ... } }`, whose keys are
 * ifinfomsg fields and IFLA attribute names). Validation happens before any byte is written.
 *
 * encodeLinkDumpRequest / encodeLinkGetRequest: RTM_GETLINK for every link (with the filters the
 * kernel applies itself: IFLA_MASTER, the IFLA_LINKINFO kind, IFLA_EXT_MASK) or for one.
 */
import { encodeAttrs } from '../../schema/encode'
import { describe } from '../../schema/scalar'
import { AttrWriter } from '../../schema/writer'
import { specKeys } from '../common/args'
import { checkSpecObject, ifnameArg, intArg, stringArg } from '../validate'
import { IFF } from './constants'
import { IFINFOMSG } from './ifinfomsg'
import { LINK_KIND_ATTRS } from './linkinfo'
import { LINK_ATTRS } from './schema'
import type { LinkSpec } from './types'

const WHAT = 'link spec'
const LINK_SPEC_KEYS = specKeys<LinkSpec>()(
  'index',
  'ifname',
  'kind',
  'linkinfo',
  'up',
  'mtu',
  'address',
  'broadcast',
  'master',
  'link',
  'txqlen',
  'group',
  'ifalias',
  'netnsPid',
  'netnsFd',
)
/** IFALIASZ - 1. */
const IFALIAS_MAX = 255

/**
 * The RTM_NEWLINK / RTM_SETLINK / RTM_DELLINK payload (ifinfomsg and attributes) for `spec`;
 * TypeError/RangeError naming the field for bad input.
 */
export function encodeLinkRequest(spec: LinkSpec): Buffer {
  const s = checkSpecObject(spec, LINK_SPEC_KEYS, WHAT)
  const index = s.index === undefined ? 0 : intArg('s32', s.index, `${WHAT}.index`)
  if (s.ifname !== undefined) ifnameArg(s.ifname, `${WHAT}.ifname`)
  if (s.ifalias !== undefined) stringArg(s.ifalias, `${WHAT}.ifalias`, IFALIAS_MAX)
  if (s.up !== undefined && typeof s.up !== 'boolean') throw new TypeError(`${WHAT}.up: expected true or false, got ${describe(s.up)}`)

  let linkinfo: Record<string, unknown> | undefined
  if (s.kind !== undefined || s.linkinfo !== undefined) {
    if (typeof s.kind !== 'string' || s.kind.length === 0) {
      throw new TypeError(`${WHAT}.kind: required with linkinfo (a link kind such as 'veth' or 'vxlan'), got ${describe(s.kind)}`)
    }
    if (s.linkinfo !== undefined && LINK_KIND_ATTRS[s.kind] === undefined && !Buffer.isBuffer(s.linkinfo)) {
      throw new TypeError(`${WHAT}.linkinfo: no layout for kind '${s.kind}'; pass a Buffer with the raw IFLA_INFO_DATA`)
    }
    const peer = (s.linkinfo as { peer?: { ifname?: unknown } } | undefined)?.peer
    if (s.kind === 'veth' && peer?.ifname !== undefined) ifnameArg(peer.ifname, `${WHAT}.linkinfo.peer.ifname`)
    linkinfo = { kind: s.kind, data: s.linkinfo }
  }

  const attrs = {
    ifname: s.ifname,
    mtu: s.mtu,
    address: s.address,
    broadcast: s.broadcast,
    master: s.master,
    link: s.link,
    txqlen: s.txqlen,
    group: s.group,
    ifalias: s.ifalias,
    netnsPid: s.netnsPid,
    netnsFd: s.netnsFd,
    linkinfo,
  }
  const header = {
    family: 0,
    type: 0,
    index,
    flags: s.up === true ? IFF.UP : 0,
    change: s.up === undefined ? 0 : IFF.UP,
  }
  const w = new AttrWriter(128)
  w.struct(IFINFOMSG, header, WHAT)
  // Named after the spec, so errors read "link spec.linkinfo.data.port"; rename data → linkinfo.
  try {
    encodeAttrs(LINK_ATTRS, attrs, w, WHAT)
  } catch (err) {
    if (err instanceof Error) err.message = err.message.replace(`${WHAT}.linkinfo.data`, `${WHAT}.linkinfo`)
    throw err
  }
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

const LINK_FILTER_KEYS = specKeys<LinkDumpFilter>()('master', 'kind', 'extMask')

/** The RTM_GETLINK dump payload for `filter`; `what` names the argument in errors. */
export function encodeLinkDumpRequest(filter: LinkDumpFilter = {}, what = 'link filter'): Buffer {
  const f = checkSpecObject(filter, LINK_FILTER_KEYS, what)
  const w = new AttrWriter(48)
  w.struct(IFINFOMSG, {}, what)
  encodeAttrs(LINK_ATTRS, { extMask: f.extMask, master: f.master, linkinfo: f.kind === undefined ? undefined : { kind: f.kind } }, w, what)
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
const LINK_QUERY_KEYS = specKeys<LinkQuery>()('index', 'ifname', 'extMask')

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
