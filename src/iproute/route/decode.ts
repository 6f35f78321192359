/**
 * decodeRoute: the hot path of the library (a full-table dump decodes a million routes).
 *
 * Hand-tuned against the generic decoder, in two parts:
 * - decodeRoute reads a compacted route (./compact.ts: what the receive thread made of it) from
 *   its fixed slots, formats its text and makes the Route. It is kept small because V8 optimises
 *   a small function within a few thousand routes of a process's first dump, and a big one only
 *   after that dump (issue 8: the first call is as fast as the hundredth).
 * - applyAttrs decodes TLV attributes onto a Route, in one loop with direct byte reads and a switch
 *   on the type (no per-attribute objects or closures): all of a message that was not compacted
 *   (events, `route get`), and what a compacted one has besides its slots (metrics, multipath, ...).
 * Destinations are formatted with one scratch-buffer slice into a flat 'a.b.c.d/len' string;
 * gateways and preferred sources are interned (few distinct values per table). Every Route is made
 * by newRoute's one object literal with all fields in one order, so V8 keeps a single hidden class.
 *
 * Attribute numbers come from ./constants (the same ones ./schema.ts declares the schema with),
 * and every attribute applyAttrs does not handle itself is decoded through the schema
 * (ROUTE_ATTRS): known ones into `extra` by their schema name, unknown ones raw into `unknown`.
 * The message's own attributes are at nesting depth 0, the schema calls' default; RTA_MULTIPATH
 * recurses (a next hop carries route attributes) only through the schema, which bounds it
 * (MAX_NESTING_DEPTH in ../schema/attrs.ts).
 */
import { NLMSG_HDRLEN } from '../../constants'
import { AttrSpec, NLA_TYPE_MASK } from '../../schema/attrs'
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

// Names imported from other modules compile to a property load on that module's object at every
// use. Before V8 optimises this file (all of a process's first dump: its optimised code arrives
// after thousands of routes), those loads are a large part of what a route costs, so the ones
// read per route are taken once, here.
const HDRLEN = NLMSG_HDRLEN
const INET = AF_INET
const INET6 = AF_INET6
const COMPACT_TYPE = RTM_NEWROUTE_COMPACT
const SLOTS_AT = COMPACT_HEADER_SIZE
const SLOT_TABLE = COMPACT_SLOT.TABLE
const SLOT_OIF = COMPACT_SLOT.OIF
const SLOT_IIF = COMPACT_SLOT.IIF
const SLOT_PRIORITY = COMPACT_SLOT.PRIORITY
const SLOT_NH_ID = COMPACT_SLOT.NH_ID
const SLOT_PREF = COMPACT_SLOT.PREF
const SLOT_DST = COMPACT_SLOT.DST
const SLOT_SRC = COMPACT_SLOT.SRC
const SLOT_GATEWAY = COMPACT_SLOT.GATEWAY
const SLOT_PREFSRC = COMPACT_SLOT.PREFSRC
const SLOT_DST_TEXT = COMPACT_SLOT.DST_TEXT
const readU32 = u32le
const readV4 = readIPv4
const formatV4Prefix = formatIPv4PrefixValue
const internV4 = internIPv4
/** The last IPv4 gateway decodeRoute read (NaN: none yet) and its interned text. */
let lastGateway = NaN
let lastGatewayText: string | null = null

/**
 * Decodes one RTM_NEWROUTE / RTM_DELROUTE message, or one the native parser compacted
 * (./compact.ts). `offset` points at its nlmsghdr and `length` is nlmsg_len; `text` is the
 * datagram's side text, where a compacted route's dstText slot says its dst text is (without it,
 * the dst is formatted from the slot's address, to the same text). Throws ParseError for a message
 * too short for its header or malformed attributes.
 *
 * This function holds only what a compacted route needs (its header, the slots, its text), so that
 * V8 optimises it within a few thousand routes of a process's first dump: every other attribute
 * is applyAttrs's, called only when a message has one (most routes have none once compacted).
 */
export function decodeRoute(data: Buffer, offset: number, length: number, text?: string): Route {
  let end = offset + length
  if (length < HDRLEN + RTMSG_SIZE || end > data.length) {
    throw new ParseError(`route message of length ${length} is shorter than nlmsghdr + rtmsg or exceeds the buffer`, offset)
  }
  const h = offset + HDRLEN
  const af = data[h]!
  const addrLen = af === INET ? 4 : af === INET6 ? 16 : -1
  const dstLen = data[h + O_DST_LEN]!
  const srcLen = data[h + O_SRC_LEN]!
  let table = data[h + O_TABLE]!
  let pos = offset + ATTRS_OFFSET
  if ((data[offset + 4]! | (data[offset + 5]! << 8)) !== COMPACT_TYPE || addrLen < 0) {
    // Not compacted (an event, a get's answer, a request with its own parser): every attribute
    // from its TLV.
    const route = newRoute(data, h, af, table, '', dstLen, null, srcLen, null, null, null, null, null, null, null)
    const seen = applyAttrs(route, data, pos, end, addrLen, dstLen, srcLen)
    if (addrLen > 0) {
      if ((seen & SEEN_DST) === 0) route.dst = prefixAt(data, -1, addrLen, dstLen)
      if ((seen & SEEN_SRC) === 0 && srcLen > 0) route.src = prefixAt(data, -1, addrLen, srcLen)
    }
    return route
  }
  // Compacted by the native parser (./compact.ts): the slots first, then any other attributes.
  const present = data[pos]! | (data[pos + 1]! << 8)
  const dataEnd = offset + (data[pos + 2]! | (data[pos + 3]! << 8))
  if (dataEnd > end || dataEnd < pos + SLOTS_AT) throw new ParseError(`compact route data end ${dataEnd - offset} is outside the message`, pos)
  end = dataEnd
  pos += SLOTS_AT
  let oif: number | null = null
  let iif: number | null = null
  let priority: number | null = null
  let nhId: number | null = null
  let pref: string | number | null = null
  let dstPos = -1
  let srcPos = -1
  let gateway: string | null = null
  let prefsrc: string | null = null
  if (present & SLOT_TABLE) {
    table = readU32(data, pos)
    pos += 4
  }
  if (present & SLOT_OIF) {
    oif = readU32(data, pos)
    pos += 4
  }
  if (present & SLOT_IIF) {
    iif = readU32(data, pos)
    pos += 4
  }
  if (present & SLOT_PRIORITY) {
    priority = readU32(data, pos)
    pos += 4
  }
  if (present & SLOT_NH_ID) {
    nhId = readU32(data, pos)
    pos += 4
  }
  if (present & SLOT_PREF) {
    pref = PREF_NAMES[data[pos]!] ?? data[pos]!
    pos += 4
  }
  if (present & SLOT_DST) {
    dstPos = pos
    pos += addrLen
  }
  if (present & SLOT_SRC) {
    srcPos = pos
    pos += addrLen
  }
  if (present & SLOT_GATEWAY) {
    if (addrLen === 4) {
      // A table's routes share a few gateways, mostly the previous route's: its string again,
      // without the two calls of interning it (what a call costs counts before V8 optimises this).
      const value = readV4(data, pos)
      gateway = value === lastGateway ? lastGatewayText : internV4((lastGateway = value))
      lastGatewayText = gateway
    } else {
      gateway = hostAt(data, pos, addrLen)
    }
    pos += addrLen
  }
  if (present & SLOT_PREFSRC) {
    prefsrc = hostAt(data, pos, addrLen)
    pos += addrLen
  }
  let dstText = -1
  if (present & SLOT_DST_TEXT) {
    dstText = readU32(data, pos)
    pos += 4
  }
  if (pos > end) throw new ParseError(`compact route slots run past its data end`, pos)
  // The receive thread's text of the dst (one substring, where formatting it costs most of a route
  // before V8 has optimised this file), when the datagram's text came with the message.
  const textStart = dstText >>> 8
  const textEnd = textStart + (dstText & 0xff)
  const dst = dstText >= 0 && text !== undefined && textEnd <= text.length ? text.substring(textStart, textEnd) : prefixAt(data, dstPos, addrLen, dstLen)
  const src = srcPos >= 0 || srcLen > 0 ? prefixAt(data, srcPos, addrLen, srcLen) : null
  const route = newRoute(data, h, af, table, dst, dstLen, src, srcLen, priority, gateway, oif, iif, prefsrc, pref, nhId)
  if (pos < end) applyAttrs(route, data, pos, end, addrLen, dstLen, srcLen)
  return route
}

/**
 * Every Route is made here, by one object literal with all fields in one order, so that V8 keeps
 * a single hidden class for them. `h` is where the rtmsg starts (the fields read from it here).
 */
function newRoute(
  data: Buffer,
  h: number,
  af: number,
  table: number,
  dst: string,
  dstLen: number,
  src: string | null,
  srcLen: number,
  priority: number | null,
  gateway: string | null,
  oif: number | null,
  iif: number | null,
  prefsrc: string | null,
  pref: string | number | null,
  nhId: number | null,
): Route {
  const typeNum = data[h + O_TYPE]!
  const protoNum = data[h + O_PROTOCOL]!
  const scopeNum = data[h + O_SCOPE]!
  return {
    family: af === INET ? 4 : af === INET6 ? 6 : af,
    type: TYPE_NAMES[typeNum] ?? typeNum,
    table,
    protocol: PROTOCOL_NAMES[protoNum] ?? protoNum,
    scope: SCOPE_NAMES[scopeNum] ?? scopeNum,
    dst,
    dstLen,
    src,
    srcLen,
    tos: data[h + O_TOS]!,
    flags: readU32(data, h + O_FLAGS),
    priority,
    gateway,
    via: null,
    oif,
    iif,
    prefsrc,
    pref: pref as Route['pref'],
    nhId,
    metrics: null,
    multipath: null,
    encap: null,
    extra: null,
    unknown: null,
  }
}

/** applyAttrs's answer: which of the prefixes it set. */
const SEEN_DST = 1
const SEEN_SRC = 2

/**
 * Decodes the TLV attributes in [pos, end) onto `route`, in one loop with direct byte reads and
 * a switch on the type (no per-attribute objects or closures). What the loop does not handle itself
 * goes through the schema (ROUTE_ATTRS): known attributes into `extra` by their schema name,
 * unknown ones raw into `unknown`. Returns SEEN_DST / SEEN_SRC for the prefixes it set.
 */
function applyAttrs(route: Route, data: Buffer, pos: number, end: number, addrLen: number, dstLen: number, srcLen: number): number {
  let seen = 0
  let encapType: unknown = undefined
  let encapStart = -1
  let encapEnd = -1
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
        if (plen === 4) route.table = u32le(data, p)
        else generic = true
        break
      case RTA.DST:
        if (plen === addrLen) {
          route.dst = prefixAt(data, p, addrLen, dstLen)
          seen |= SEEN_DST
        } else keepUnknown(route, type, data, p, q)
        break
      case RTA.SRC:
        if (plen === addrLen) {
          route.src = prefixAt(data, p, addrLen, srcLen)
          seen |= SEEN_SRC
        } else keepUnknown(route, type, data, p, q)
        break
      case RTA.GATEWAY:
        if (plen === addrLen) route.gateway = hostAt(data, p, addrLen)
        else keepUnknown(route, type, data, p, q)
        break
      case RTA.PREFSRC:
        if (plen === addrLen) route.prefsrc = hostAt(data, p, addrLen)
        else keepUnknown(route, type, data, p, q)
        break
      case RTA.OIF:
        if (plen === 4) route.oif = u32le(data, p)
        else generic = true
        break
      case RTA.IIF:
        if (plen === 4) route.iif = u32le(data, p)
        else generic = true
        break
      case RTA.PRIORITY:
        if (plen === 4) route.priority = u32le(data, p)
        else generic = true
        break
      case RTA.PREF:
        if (plen === 1) route.pref = (PREF_NAMES[data[p]!] ?? data[p]!) as Route['pref']
        else generic = true
        break
      case RTA.NH_ID:
        if (plen === 4) route.nhId = u32le(data, p)
        else generic = true
        break
      case RTA.METRICS: {
        const value = decodeAttrValue(METRICS_SPEC, data, p, q)
        if (value === undefined) keepUnknown(route, type, data, p, q)
        else route.metrics = value as RouteMetrics
        break
      }
      case RTA.MULTIPATH: {
        const value = decodeAttrValue(MULTIPATH_SPEC, data, p, q)
        if (value === undefined) keepUnknown(route, type, data, p, q)
        else route.multipath = value as NextHop[]
        break
      }
      case RTA.VIA: {
        const value = decodeAttrValue(VIA_SPEC, data, p, q)
        if (value === undefined) keepUnknown(route, type, data, p, q)
        else route.via = value as RouteVia
        break
      }
      case RTA.ENCAP_TYPE: {
        const value = decodeAttrValue(ENCAP_TYPE_SPEC, data, p, q)
        if (value === undefined) keepUnknown(route, type, data, p, q)
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
        keepUnknown(route, type, data, p, q)
      } else if (s.kind !== 'pad') {
        const value = decodeAttrValue(s, data, p, q)
        if (value === undefined) keepUnknown(route, type, data, p, q)
        else (route.extra ??= {})[s.name] = value
      }
    }
    pos += align4(len)
  }
  if (encapStart >= 0) route.encap = encapFrom(encapType, decodeVariant(ENCAP_SPEC, encapType, data, encapStart, encapEnd))
  return seen
}

/** Prefix text of `len` bits of the address of `addrLen` (4 or 16) bytes at `pos`; pos -1: an all-zero address. */
function prefixAt(data: Buffer, pos: number, addrLen: number, len: number): string {
  if (addrLen === 4) return formatV4Prefix(pos >= 0 ? readV4(data, pos) : 0, len)
  if (pos >= 0) return formatIPv6Prefix(data, pos, len)
  return len === 0 ? '::/0' : formatIPv6Prefix(ZERO16, 0, len)
}

/** A gateway or preferred source of a route of `addrLen` (4 or 16) at `p`; IPv4 ones interned. */
function hostAt(data: Buffer, p: number, addrLen: number): string {
  return addrLen === 4 ? internV4(readV4(data, p)) : formatIPv6(data, p)
}

const ZERO16 = Buffer.alloc(16)
