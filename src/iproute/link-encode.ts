/**
 * encodeLinkRequest: LinkSpec → ifinfomsg + IFLA attributes (payload of RTM_NEWLINK / RTM_SETLINK /
 * RTM_DELLINK without the nlmsghdr). `up` sets or clears IFF_UP through ifi_flags/ifi_change;
 * `kind` + `linkinfo` become IFLA_LINKINFO { IFLA_INFO_KIND, IFLA_INFO_DATA } using the per-kind
 * layouts of ./messages.ts (a veth peer is `linkinfo: { peer: { ifname, ... } }`, whose keys are
 * ifinfomsg fields and IFLA attribute names). Validation happens before any byte is written.
 */
import { encodeAttrs } from '../schema/encode'
import { describe } from '../schema/scalar'
import { AttrWriter } from '../schema/writer'
import { IFF } from './constants'
import { IFINFOMSG, LINK_ATTRS, LINK_KIND_ATTRS } from './messages'
import type { LinkSpec } from './types'
import { checkSpecObject, ifnameArg, intArg, stringArg } from './validate'

const WHAT = 'link spec'
const LINK_SPEC_KEYS: ReadonlySet<string> = new Set([
  'index', 'ifname', 'kind', 'linkinfo', 'up', 'mtu', 'address', 'broadcast', 'master', 'link', 'txqlen',
  'group', 'ifalias', 'netnsPid', 'netnsFd',
])
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
