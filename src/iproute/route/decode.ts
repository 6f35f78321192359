/**
 * decodeRoute: the hot path of the library (a full-table dump decodes a million routes).
 *
 * Hand-tuned against the generic decoder: attributes are read in one loop with direct byte reads
 * and a switch on the type, no per-attribute objects or closures; destinations are formatted with
 * one scratch-buffer slice into a flat 'a.b.c.d/len' string; gateways and preferred sources are
 * interned (few distinct values per table). Every Route is one object literal with all fields in
 * one order, so V8 keeps a single hidden class.
 *
 * Attribute numbers come from ./constants (the same ones ./schema.ts declares the schema with),
 * and every attribute this loop does not handle itself is decoded through the schema
 * (ROUTE_ATTRS): known ones into `extra` by their schema name, unknown ones raw into `unknown`.
 * The message's own attributes are at nesting depth 0, the schema calls' default; RTA_MULTIPATH
 * recurses (a next hop carries route attributes) only through the schema, which bounds it
 * (MAX_NESTING_DEPTH in ../schema/attrs.ts).
 */
import { NLMSG_HDRLEN } from '../../constants'
import { AttrSpec, NLA_TYPE_MASK, UnknownAttr } from '../../schema/attrs'
import { align4, decodeAttrValue, decodeVariant, keepUnknown } from '../../schema/decode'
import { ParseError } from '../../schema/errors'
import { u32le } from '../../schema/scalar'
import { formatIPv4PrefixValue, formatIPv6, formatIPv6Prefix, internIPv4, readIPv4 } from '../../util/address'
import { AF_INET, AF_INET6, ROUTE_PROTOCOLS, ROUTE_TYPES, SCOPES } from '../common/rtnl'
import { COMPACT_HEADER_SIZE, COMPACT_SLOT, RTM_NEWROUTE_COMPACT } from './compact'
import { ROUTE_PREFS, RTA } from './constants'
import { encapFrom, ROUTE_ATTRS, RTMSG, RTMSG_OFFSET } from './schema'
import type { NextHop, Route, RouteMetrics, RouteVia } from './types'

const RTMSG_SIZE = RTMSG.size
const ATTRS_OFFSET = NLMSG_HDRLEN + align4(RTMSG_SIZE)
const O_DST_LEN = RTMSG_OFFSET.dstLen
const O_SRC_LEN = RTMSG_OFFSET.srcLen
const O_TOS = RTMSG_OFFSET.tos
const O_TABLE = RTMSG_OFFSET.table
const O_PROTOCOL = RTMSG_OFFSET.protocol
const O_SCOPE = RTMSG_OFFSET.scope
const O_TYPE = RTMSG_OFFSET.type
const O_FLAGS = RTMSG_OFFSET.flags

const TYPE_NAMES = ROUTE_TYPES.small
const PROTOCOL_NAMES = ROUTE_PROTOCOLS.small
const SCOPE_NAMES = SCOPES.small
const PREF_NAMES = ROUTE_PREFS.small

function spec(type: number): AttrSpec {
  return ROUTE_ATTRS.byType[type]!
}
const METRICS_SPEC = spec(RTA.METRICS)
const MULTIPATH_SPEC = spec(RTA.MULTIPATH)
const VIA_SPEC = spec(RTA.VIA)
const ENCAP_TYPE_SPEC = spec(RTA.ENCAP_TYPE)
const ENCAP_SPEC = spec(RTA.ENCAP)

/**
 * Decodes one RTM_NEWROUTE / RTM_DELROUTE message, or one the native parser compacted
 * (./compact.ts). `offset` points at its nlmsghdr and `length` is nlmsg_len. Throws ParseError for a message too short for its header or malformed attributes.
 */
export function decodeRoute(data: Buffer, offset: number, length: number): Route {
  let end = offset + length
  if (length < NLMSG_HDRLEN + RTMSG_SIZE || end > data.length) {
    throw new ParseError(`route message of length ${length} is shorter than nlmsghdr + rtmsg or exceeds the buffer`, offset)
  }
  const h = offset + NLMSG_HDRLEN
  const af = data[h]!
  const addrLen = af === AF_INET ? 4 : af === AF_INET6 ? 16 : -1
  const dstLen = data[h + O_DST_LEN]!
  const srcLen = data[h + O_SRC_LEN]!
  const typeNum = data[h + O_TYPE]!
  const protoNum = data[h + O_PROTOCOL]!
  const scopeNum = data[h + O_SCOPE]!
  let table = data[h + O_TABLE]!

  let dstPos = -1
  let srcPos = -1
  let gateway: string | null = null
  let prefsrc: string | null = null
  let oif: number | null = null
  let iif: number | null = null
  let priority: number | null = null
  let pref: string | number | null = null
  let nhId: number | null = null
  let via: RouteVia | null = null
  let metrics: RouteMetrics | null = null
  let multipath: NextHop[] | null = null
  let encapType: unknown = undefined
  let encapStart = -1
  let encapEnd = -1
  let extra: Record<string, unknown> | null = null
  // Made only for a route with unknown attributes (rare), so the common one allocates nothing for it.
  let kept: { unknown?: UnknownAttr[] | null } | null = null

  let pos = offset + ATTRS_OFFSET
  if ((data[offset + 4]! | (data[offset + 5]! << 8)) === RTM_NEWROUTE_COMPACT && addrLen > 0) {
    // Compacted by the native parser (./compact.ts): the slots first, then the other attributes.
    const present = data[pos]! | (data[pos + 1]! << 8)
    const dataEnd = offset + (data[pos + 2]! | (data[pos + 3]! << 8))
    if (dataEnd > end || dataEnd < pos + COMPACT_HEADER_SIZE) throw new ParseError(`compact route data end ${dataEnd - offset} is outside the message`, pos)
    end = dataEnd
    pos += COMPACT_HEADER_SIZE
    if (present & COMPACT_SLOT.TABLE) {
      table = u32le(data, pos)
      pos += 4
    }
    if (present & COMPACT_SLOT.OIF) {
      oif = u32le(data, pos)
      pos += 4
    }
    if (present & COMPACT_SLOT.IIF) {
      iif = u32le(data, pos)
      pos += 4
    }
    if (present & COMPACT_SLOT.PRIORITY) {
      priority = u32le(data, pos)
      pos += 4
    }
    if (present & COMPACT_SLOT.NH_ID) {
      nhId = u32le(data, pos)
      pos += 4
    }
    if (present & COMPACT_SLOT.PREF) {
      pref = PREF_NAMES[data[pos]!] ?? data[pos]!
      pos += 4
    }
    if (present & COMPACT_SLOT.DST) {
      dstPos = pos
      pos += addrLen
    }
    if (present & COMPACT_SLOT.SRC) {
      srcPos = pos
      pos += addrLen
    }
    if (present & COMPACT_SLOT.GATEWAY) {
      gateway = hostAt(data, pos, addrLen)
      pos += addrLen
    }
    if (present & COMPACT_SLOT.PREFSRC) {
      prefsrc = hostAt(data, pos, addrLen)
      pos += addrLen
    }
    if (pos > end) throw new ParseError(`compact route slots run past its data end`, pos)
  }
  while (pos + 4 <= end) {
    const len = data[pos]! | (data[pos + 1]! << 8)
    if (len < 4 || pos + len > end) {
      throw new ParseError(`route attribute length ${len} is invalid`, pos)
    }
    const type = (data[pos + 2]! | (data[pos + 3]! << 8)) & NLA_TYPE_MASK
    const p = pos + 4
    const q = pos + len
    const plen = len - 4
    let generic = false
    switch (type) {
      case RTA.TABLE:
        if (plen === 4) table = u32le(data, p)
        else generic = true
        break
      case RTA.DST:
        if (plen === addrLen) dstPos = p
        else keepUnknown((kept ??= {}), type, data, p, q)
        break
      case RTA.SRC:
        if (plen === addrLen) srcPos = p
        else keepUnknown((kept ??= {}), type, data, p, q)
        break
      case RTA.GATEWAY:
        if (plen === addrLen) gateway = hostAt(data, p, addrLen)
        else keepUnknown((kept ??= {}), type, data, p, q)
        break
      case RTA.PREFSRC:
        if (plen === addrLen) prefsrc = hostAt(data, p, addrLen)
        else keepUnknown((kept ??= {}), type, data, p, q)
        break
      case RTA.OIF:
        if (plen === 4) oif = u32le(data, p)
        else generic = true
        break
      case RTA.IIF:
        if (plen === 4) iif = u32le(data, p)
        else generic = true
        break
      case RTA.PRIORITY:
        if (plen === 4) priority = u32le(data, p)
        else generic = true
        break
      case RTA.PREF:
        if (plen === 1) pref = PREF_NAMES[data[p]!] ?? data[p]!
        else generic = true
        break
      case RTA.NH_ID:
        if (plen === 4) nhId = u32le(data, p)
        else generic = true
        break
      case RTA.METRICS: {
        const value = decodeAttrValue(METRICS_SPEC, data, p, q)
        if (value === undefined) keepUnknown((kept ??= {}), type, data, p, q)
        else metrics = value as RouteMetrics
        break
      }
      case RTA.MULTIPATH: {
        const value = decodeAttrValue(MULTIPATH_SPEC, data, p, q)
        if (value === undefined) keepUnknown((kept ??= {}), type, data, p, q)
        else multipath = value as NextHop[]
        break
      }
      case RTA.VIA: {
        const value = decodeAttrValue(VIA_SPEC, data, p, q)
        if (value === undefined) keepUnknown((kept ??= {}), type, data, p, q)
        else via = value as RouteVia
        break
      }
      case RTA.ENCAP_TYPE: {
        const value = decodeAttrValue(ENCAP_TYPE_SPEC, data, p, q)
        if (value === undefined) keepUnknown((kept ??= {}), type, data, p, q)
        else encapType = value
        break
      }
      case RTA.ENCAP:
        encapStart = p
        encapEnd = q
        break
      default:
        generic = true
    }
    if (generic) {
      const s = ROUTE_ATTRS.byType[type]
      if (s === undefined) {
        keepUnknown((kept ??= {}), type, data, p, q)
      } else if (s.kind !== 'pad') {
        const value = decodeAttrValue(s, data, p, q)
        if (value === undefined) keepUnknown((kept ??= {}), type, data, p, q)
        else (extra ??= {})[s.name] = value
      }
    }
    pos += align4(len)
  }

  let dst: string
  let src: string | null = null
  if (addrLen === 4) {
    dst = formatIPv4PrefixValue(dstPos >= 0 ? readIPv4(data, dstPos) : 0, dstLen)
    if (srcPos >= 0 || srcLen > 0) src = formatIPv4PrefixValue(srcPos >= 0 ? readIPv4(data, srcPos) : 0, srcLen)
  } else if (addrLen === 16) {
    dst = dstPos >= 0 ? formatIPv6Prefix(data, dstPos, dstLen) : dstLen === 0 ? '::/0' : formatIPv6Prefix(ZERO16, 0, dstLen)
    if (srcPos >= 0) src = formatIPv6Prefix(data, srcPos, srcLen)
    else if (srcLen > 0) src = formatIPv6Prefix(ZERO16, 0, srcLen)
  } else {
    dst = '' // not an IP family: address attributes were kept raw in `unknown`
  }

  return {
    family: af === AF_INET ? 4 : af === AF_INET6 ? 6 : af,
    type: TYPE_NAMES[typeNum] ?? typeNum,
    table,
    protocol: PROTOCOL_NAMES[protoNum] ?? protoNum,
    scope: SCOPE_NAMES[scopeNum] ?? scopeNum,
    dst,
    dstLen,
    src,
    srcLen,
    tos: data[h + O_TOS]!,
    flags: u32le(data, h + O_FLAGS),
    priority,
    gateway,
    via,
    oif,
    iif,
    prefsrc,
    pref: pref as Route['pref'],
    nhId,
    metrics,
    multipath,
    encap: encapStart < 0 ? null : encapFrom(encapType, decodeVariant(ENCAP_SPEC, encapType, data, encapStart, encapEnd)),
    extra,
    unknown: kept?.unknown ?? null,
  }
}

/** A gateway or preferred source of a route of `addrLen` (4 or 16) at `p`; IPv4 ones interned. */
function hostAt(data: Buffer, p: number, addrLen: number): string {
  return addrLen === 4 ? internIPv4(readIPv4(data, p)) : formatIPv6(data, p)
}

const ZERO16 = Buffer.alloc(16)
