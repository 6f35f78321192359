/**
 * Decoders of rtnetlink messages into the typed objects of ./types.ts.
 *
 * Contract (the engine's parser contract): `decodeX(data, offset, length)` where `offset` points at
 * the 16-byte nlmsghdr of one message and `length` is its nlmsg_len. Each throws ParseError for a
 * message shorter than its fixed header or with malformed attributes.
 *
 * decodeRoute is hand-tuned (./route-decode.ts). The others run the generic schema decoder over
 * the declarations in ./messages.ts and pick fields from its output: attributes with a field of
 * their own land there, other known attributes in `extra` (by schema name), unknown ones in `unknown`.
 */
import { decodeAttrs, DecodedAttrs } from '../schema/decode'
import { ParseError } from '../schema/errors'
import { StructCodec } from '../schema/struct'
import {
  familyFromAf,
  LINK_TYPES,
  NEIGHBOUR_STATES,
  NTF,
  IFF,
  ROUTE_TYPES,
  RULE_ACTIONS,
  SCOPES,
} from './constants'
import { ADDRESS_ATTRS, FIB_RULE_HDR, IFADDRMSG, IFINFOMSG, LINK_ATTRS, NDMSG, NEIGHBOUR_ATTRS, RULE_ATTRS } from './messages'
import { AttrMap } from '../schema/attrs'
import type { Address, Link, Neighbour, Rule, RuleRange, UnknownAttr } from './types'

export { decodeRoute } from './route-decode'

const NLMSG_HDRLEN = 16

/** Decodes the fixed header and attributes of one message. */
function decodeMessage<H extends object>(
  what: string,
  header: StructCodec<H>,
  map: AttrMap,
  data: Buffer,
  offset: number,
  length: number,
): { head: H; attrs: DecodedAttrs } {
  const end = offset + length
  if (length < NLMSG_HDRLEN + header.size || end > data.length) {
    throw new ParseError(`${what} message of length ${length} is shorter than nlmsghdr + ${header.name} or exceeds the buffer`, offset)
  }
  const h = offset + NLMSG_HDRLEN
  return {
    head: header.decode(data, h),
    attrs: decodeAttrs(map, data, h + ((header.size + 3) & ~3), end),
  }
}

/** Attributes of `attrs` not in `picked` (and not `unknown`), or null when there are none. */
function extraOf(attrs: DecodedAttrs, picked: ReadonlySet<string>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(attrs)) {
    if (key === 'unknown' || picked.has(key)) continue
    ;(extra ??= {})[key] = attrs[key]
  }
  return extra
}

function unknownOf(attrs: DecodedAttrs): UnknownAttr[] | null {
  return attrs.unknown ?? null
}

function opt<T>(v: unknown): T | null {
  return v === undefined ? null : (v as T)
}

function prefix(address: unknown, len: number): string | null {
  return typeof address === 'string' ? `${address}/${len}` : null
}

// ---------------------------------------------------------------------------------------------

const LINK_PICKED: ReadonlySet<string> = new Set([
  'ifname', 'mtu', 'minMtu', 'maxMtu', 'address', 'broadcast', 'permAddress', 'master', 'link',
  'linkNetnsId', 'operstate', 'linkmode', 'txqlen', 'group', 'promiscuity', 'numTxQueues',
  'numRxQueues', 'carrier', 'carrierChanges', 'qdisc', 'ifalias', 'propList', 'altIfname', 'linkinfo',
  'stats64',
])
const LINKINFO_PICKED: ReadonlySet<string> = new Set(['kind', 'data', 'slaveKind', 'slaveData'])

/** Decodes RTM_NEWLINK / RTM_DELLINK. */
export function decodeLink(data: Buffer, offset: number, length: number): Link {
  const { head, attrs: a } = decodeMessage('link', IFINFOMSG, LINK_ATTRS, data, offset, length)
  const info = (a.linkinfo as DecodedAttrs | undefined) ?? null
  let extra = extraOf(a, LINK_PICKED)
  if (info !== null) {
    const infoRest = extraOf(info, LINKINFO_PICKED)
    if (infoRest !== null || info.unknown) (extra ??= {}).linkinfo = { ...infoRest, ...(info.unknown ? { unknown: info.unknown } : {}) }
  }
  const listed = (a.propList as { altIfname?: string[] } | undefined)?.altIfname ?? []
  const altNames = typeof a.altIfname === 'string' ? [...listed, a.altIfname] : listed.length > 0 ? listed : null
  return {
    index: head.index,
    ifname: opt(a.ifname),
    type: LINK_TYPES.decode(head.type),
    flags: head.flags,
    up: (head.flags & IFF.UP) !== 0,
    mtu: opt(a.mtu),
    minMtu: opt(a.minMtu),
    maxMtu: opt(a.maxMtu),
    address: opt(a.address),
    broadcast: opt(a.broadcast),
    permAddress: opt(a.permAddress),
    master: opt(a.master),
    link: opt(a.link),
    linkNetnsId: opt(a.linkNetnsId),
    operstate: opt(a.operstate),
    linkmode: opt(a.linkmode),
    txqlen: opt(a.txqlen),
    group: opt(a.group),
    promiscuity: opt(a.promiscuity),
    numTxQueues: opt(a.numTxQueues),
    numRxQueues: opt(a.numRxQueues),
    carrier: opt(a.carrier),
    carrierChanges: opt(a.carrierChanges),
    qdisc: opt(a.qdisc),
    ifalias: opt(a.ifalias),
    altNames,
    kind: opt(info?.kind),
    linkinfo: opt(info?.data),
    slaveKind: opt(info?.slaveKind),
    slaveInfo: opt(info?.slaveData),
    stats: opt(a.stats64),
    extra,
    unknown: unknownOf(a),
  }
}

// ---------------------------------------------------------------------------------------------

const ADDRESS_PICKED: ReadonlySet<string> = new Set([
  'address', 'local', 'label', 'broadcast', 'anycast', 'cacheinfo', 'flags', 'priority', 'proto',
])

/** Decodes RTM_NEWADDR / RTM_DELADDR. */
export function decodeAddress(data: Buffer, offset: number, length: number): Address {
  const { head, attrs: a } = decodeMessage('address', IFADDRMSG, ADDRESS_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    prefixlen: head.prefixlen,
    flags: (a.flags as number | undefined) ?? head.flags,
    scope: SCOPES.decode(head.scope),
    index: head.index,
    address: opt(a.address),
    local: opt(a.local),
    label: opt(a.label),
    broadcast: opt(a.broadcast),
    anycast: opt(a.anycast),
    cacheinfo: opt(a.cacheinfo),
    priority: opt(a.priority),
    proto: opt(a.proto),
    extra: extraOf(a, ADDRESS_PICKED),
    unknown: unknownOf(a),
  }
}

// ---------------------------------------------------------------------------------------------

const NEIGHBOUR_PICKED: ReadonlySet<string> = new Set([
  'dst', 'lladdr', 'probes', 'vlan', 'vni', 'port', 'master', 'linkNetnsId', 'protocol', 'cacheinfo',
])

/** Decodes RTM_NEWNEIGH / RTM_DELNEIGH. */
export function decodeNeighbour(data: Buffer, offset: number, length: number): Neighbour {
  const { head, attrs: a } = decodeMessage('neighbour', NDMSG, NEIGHBOUR_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    ifindex: head.ifindex,
    state: NEIGHBOUR_STATES.decode(head.state),
    flags: head.flags,
    router: (head.flags & NTF.ROUTER) !== 0,
    type: ROUTE_TYPES.decode(head.type),
    dst: opt(a.dst),
    lladdr: opt(a.lladdr),
    probes: opt(a.probes),
    vlan: opt(a.vlan),
    vni: opt(a.vni),
    port: opt(a.port),
    master: opt(a.master),
    linkNetnsId: opt(a.linkNetnsId),
    protocol: opt(a.protocol),
    cacheinfo: opt(a.cacheinfo),
    extra: extraOf(a, NEIGHBOUR_PICKED),
    unknown: unknownOf(a),
  }
}

// ---------------------------------------------------------------------------------------------

const RULE_PICKED: ReadonlySet<string> = new Set([
  'priority', 'table', 'src', 'dst', 'iifname', 'oifname', 'fwmark', 'fwmask', 'goto',
  'suppressPrefixlen', 'suppressIfgroup', 'l3mdev', 'uidRange', 'protocol', 'ipProto', 'sportRange',
  'dportRange',
])

/** Decodes RTM_NEWRULE / RTM_DELRULE. */
export function decodeRule(data: Buffer, offset: number, length: number): Rule {
  const { head, attrs: a } = decodeMessage('rule', FIB_RULE_HDR, RULE_ATTRS, data, offset, length)
  return {
    family: familyFromAf(head.family),
    priority: (a.priority as number | undefined) ?? 0,
    table: (a.table as number | undefined) ?? head.table,
    action: RULE_ACTIONS.decode(head.action),
    src: prefix(a.src, head.srcLen),
    srcLen: head.srcLen,
    dst: prefix(a.dst, head.dstLen),
    dstLen: head.dstLen,
    tos: head.tos,
    flags: head.flags,
    iifname: opt(a.iifname),
    oifname: opt(a.oifname),
    fwmark: opt(a.fwmark),
    fwmask: opt(a.fwmask),
    goto: opt(a.goto),
    suppressPrefixlen: a.suppressPrefixlen === -1 ? null : opt(a.suppressPrefixlen), // -1: not set
    suppressIfgroup: opt(a.suppressIfgroup),
    l3mdev: opt(a.l3mdev),
    uidRange: opt<RuleRange>(a.uidRange),
    protocol: opt(a.protocol),
    ipProto: opt(a.ipProto),
    sportRange: opt<RuleRange>(a.sportRange),
    dportRange: opt<RuleRange>(a.dportRange),
    extra: extraOf(a, RULE_PICKED),
    unknown: unknownOf(a),
  }
}
