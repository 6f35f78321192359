/**
 * Route message layouts, declared once with the schema mechanism (../../schema) for the decoder
 * (./decode.ts) and the encoders (./encode.ts, ./get.ts): struct rtmsg, struct rtnexthop, the
 * struct-valued route attributes, and the attribute maps of routes and of their extras (metrics,
 * multipath, via, lightweight-tunnel encapsulations). Property names are camelCase versions of
 * the kernel names.
 */
import { AttrMap, CustomCodec, defineAttrs } from '../../schema/attrs'
import { align4, decodeAttrs } from '../../schema/decode'
import { encodeAttrs } from '../../schema/encode'
import { ParseError } from '../../schema/errors'
import { checkScalar, describe } from '../../schema/scalar'
import { defineStruct } from '../../schema/struct'
import { formatIP, parseIP } from '../../util/address'
import { specKeys } from '../common/args'
import { packed } from '../common/packed'
import { afFromFamily, familyFromAf } from '../common/rtnl'
import { ENCAP_TYPES, LWTUNNEL_IP, MPLS_IPTUNNEL, ROUTE_PREFS, RTA, RTAX } from './constants'
import type { NextHop, NextHopSpec, RouteEncap, RouteVia } from './types'

// ---------------------------------------------------------------------------------------------
// Fixed headers

export interface RtMsg {
  family: number
  dstLen: number
  srcLen: number
  tos: number
  table: number
  protocol: number
  scope: number
  type: number
  flags: number
}

export const RTMSG = defineStruct<RtMsg>({
  name: 'rtmsg',
  size: 12,
  fields: [
    { name: 'family', type: 'u8', offset: 0 },
    { name: 'dstLen', type: 'u8', offset: 1 },
    { name: 'srcLen', type: 'u8', offset: 2 },
    { name: 'tos', type: 'u8', offset: 3 },
    { name: 'table', type: 'u8', offset: 4 },
    { name: 'protocol', type: 'u8', offset: 5 },
    { name: 'scope', type: 'u8', offset: 6 },
    { name: 'type', type: 'u8', offset: 7 },
    { name: 'flags', type: 'u32', offset: 8 },
  ],
})

/** Byte offsets of rtmsg fields, for the hand-tuned route decoder (derived from RTMSG). */
export const RTMSG_OFFSET = Object.fromEntries(RTMSG.fields.map((f) => [f.name, f.offset])) as Record<keyof RtMsg, number>

/** struct rtnexthop (one path of RTA_MULTIPATH). */
export const RTNEXTHOP = defineStruct<{ len: number; flags: number; hops: number; ifindex: number }>({
  name: 'rtnexthop',
  size: 8,
  fields: [
    { name: 'len', type: 'u16', offset: 0 },
    { name: 'flags', type: 'u8', offset: 2 },
    { name: 'hops', type: 'u8', offset: 3 },
    { name: 'ifindex', type: 's32', offset: 4 },
  ],
})

// ---------------------------------------------------------------------------------------------
// Struct-valued attributes

export const RTA_CACHEINFO = defineStruct({
  name: 'rta_cacheinfo',
  size: 32,
  fields: [
    { name: 'clntref', type: 'u32', offset: 0 },
    { name: 'lastuse', type: 'u32', offset: 4 },
    { name: 'expires', type: 's32', offset: 8 },
    { name: 'error', type: 'u32', offset: 12 },
    { name: 'used', type: 'u32', offset: 16 },
    { name: 'id', type: 'u32', offset: 20 },
    { name: 'ts', type: 'u32', offset: 24 },
    { name: 'tsage', type: 'u32', offset: 28 },
  ],
})

export const RTA_MFC_STATS = packed('rta_mfc_stats', 'u64n', ['packets', 'bytes', 'wrongIf'])

// ---------------------------------------------------------------------------------------------
// Attribute maps

export const METRICS_ATTRS = defineAttrs('RTA_METRICS', {
  [RTAX.LOCK]: { name: 'lock', kind: 'u32' },
  [RTAX.MTU]: { name: 'mtu', kind: 'u32' },
  [RTAX.WINDOW]: { name: 'window', kind: 'u32' },
  [RTAX.RTT]: { name: 'rtt', kind: 'u32' },
  [RTAX.RTTVAR]: { name: 'rttvar', kind: 'u32' },
  [RTAX.SSTHRESH]: { name: 'ssthresh', kind: 'u32' },
  [RTAX.CWND]: { name: 'cwnd', kind: 'u32' },
  [RTAX.ADVMSS]: { name: 'advmss', kind: 'u32' },
  [RTAX.REORDERING]: { name: 'reordering', kind: 'u32' },
  [RTAX.HOPLIMIT]: { name: 'hoplimit', kind: 'u32' },
  [RTAX.INITCWND]: { name: 'initcwnd', kind: 'u32' },
  [RTAX.FEATURES]: { name: 'features', kind: 'u32' },
  [RTAX.RTO_MIN]: { name: 'rtoMin', kind: 'u32' },
  [RTAX.INITRWND]: { name: 'initrwnd', kind: 'u32' },
  [RTAX.QUICKACK]: { name: 'quickack', kind: 'u32' },
  [RTAX.CC_ALGO]: { name: 'ccAlgo', kind: 'string' },
  [RTAX.FASTOPEN_NO_COOKIE]: { name: 'fastopenNoCookie', kind: 'u32' },
})

/** LWTUNNEL_IP_* and LWTUNNEL_IP6_* (same numbers; ipaddr takes 4 or 16 bytes). */
export const IP_ENCAP_ATTRS = defineAttrs('LWTUNNEL_IP', {
  [LWTUNNEL_IP.ID]: { name: 'id', kind: 'be64n' },
  [LWTUNNEL_IP.DST]: { name: 'dst', kind: 'ipaddr' },
  [LWTUNNEL_IP.SRC]: { name: 'src', kind: 'ipaddr' },
  [LWTUNNEL_IP.TTL]: { name: 'ttl', kind: 'u8' },
  [LWTUNNEL_IP.TOS]: { name: 'tos', kind: 'u8' },
  [LWTUNNEL_IP.FLAGS]: { name: 'flags', kind: 'be16' },
  [LWTUNNEL_IP.PAD]: { name: 'pad', kind: 'pad' },
  [LWTUNNEL_IP.OPTS]: { name: 'opts', kind: 'binary' },
})

export const MPLS_ENCAP_ATTRS = defineAttrs('MPLS_IPTUNNEL', {
  [MPLS_IPTUNNEL.DST]: { name: 'dst', kind: 'binary' },
  [MPLS_IPTUNNEL.TTL]: { name: 'ttl', kind: 'u8' },
})

/**
 * The attribute maps of lightweight-tunnel encapsulations by their ENCAP_TYPES name: the variants of
 * RTA_ENCAP, and of NHA_ENCAP (../nexthop/schema.ts), selected by the sibling encapType.
 */
export const ENCAP_VARIANTS: Readonly<Record<string, AttrMap>> = { ip: IP_ENCAP_ATTRS, ip6: IP_ENCAP_ATTRS, mpls: MPLS_ENCAP_ATTRS }

/** RTA_VIA: struct rtvia { __kernel_sa_family_t family (u16); u8 addr[] }. */
export const VIA_CODEC: CustomCodec<RouteVia> = {
  decode(buf, start, end) {
    if (end - start < 2) return undefined
    const address = formatIP(buf, start + 2, end - start - 2)
    if (address === null) return undefined
    return { family: familyFromAf(buf[start]! | (buf[start + 1]! << 8)), address }
  },
  encode(value, writer, path) {
    const ip = typeof value?.address === 'string' ? parseIP(value.address) : null
    if (ip === null) throw new TypeError(`${path}.address: ${describe(value?.address)} is not an IPv4 or IPv6 address`)
    writer.scalar('u16', afFromFamily(ip.family))
    writer.bytes(ip.bytes)
  },
}

/** RTA_MULTIPATH: an array of struct rtnexthop, each followed by its own route attributes. */
export const MULTIPATH_CODEC: CustomCodec<NextHop[]> = {
  decode(buf, start, end, depth) {
    const out: NextHop[] = []
    let pos = start
    while (pos + RTNEXTHOP.size <= end) {
      const len = buf[pos]! | (buf[pos + 1]! << 8)
      if (len < RTNEXTHOP.size || pos + len > end) {
        throw new ParseError(`rtnexthop length ${len} is invalid`, pos)
      }
      // Route attributes again, which may hold RTA_MULTIPATH again: `depth` bounds that recursion.
      const attrs = decodeAttrs(ROUTE_ATTRS, buf, pos + RTNEXTHOP.size, pos + len, depth)
      out.push(nextHopFrom(buf[pos + 2]!, buf[pos + 3]!, buf.readInt32LE(pos + 4), attrs))
      pos += align4(len)
    }
    return out
  },
  encode(value, writer, path, depth) {
    if (!Array.isArray(value) || value.length === 0) {
      throw new TypeError(`${path}: expected a non-empty array of next hops`)
    }
    ;(value as NextHopSpec[]).forEach((hop, i) => {
      const p = `${path}[${i}]`
      if (typeof hop !== 'object' || hop === null) throw new TypeError(`${p}: expected an object, got ${describe(hop)}`)
      for (const key of Object.keys(hop)) {
        if (!NEXT_HOP_SPEC_KEYS.has(key)) throw new TypeError(`${p}.${key}: unknown field`)
      }
      const weight = hop.weight ?? 1
      checkScalar('u8', weight - 1, `${p}.weight (1..256)`)
      if (hop.oif !== undefined) checkScalar('s32', hop.oif, `${p}.oif`)
      if (hop.flags !== undefined) checkScalar('u8', hop.flags, `${p}.flags`)
      const at = writer.length
      writer.struct(RTNEXTHOP, { flags: hop.flags ?? 0, hops: weight - 1, ifindex: hop.oif ?? 0 }, p)
      if (hop.gateway !== undefined) encodeAttrs(ROUTE_ATTRS, { gateway: hop.gateway }, writer, p, depth)
      writer.patchU16(at, writer.length - at)
    })
  },
}

const NEXT_HOP_SPEC_KEYS = specKeys<NextHopSpec>()('gateway', 'oif', 'weight', 'flags')

/** Fields of NextHop/Route that come from attributes; everything else goes to `extra`. */
const NEXT_HOP_ATTR_FIELDS = new Set(['gateway', 'via', 'encapType', 'encap'])

function nextHopFrom(flags: number, hops: number, ifindex: number, attrs: Record<string, unknown>): NextHop {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(attrs)) {
    if (key === 'unknown' || NEXT_HOP_ATTR_FIELDS.has(key)) continue
    ;(extra ??= {})[key] = attrs[key]
  }
  return {
    gateway: (attrs.gateway as string | undefined) ?? null,
    via: (attrs.via as RouteVia | undefined) ?? null,
    oif: ifindex,
    weight: hops + 1,
    flags,
    encap: encapFrom(attrs.encapType, attrs.encap),
    extra,
    unknown: (attrs.unknown as NextHop['unknown'] | undefined) ?? null,
  }
}

/** RouteEncap from decoded RTA_ENCAP_TYPE / RTA_ENCAP values (null when the route has none). */
export function encapFrom(type: unknown, data: unknown): RouteEncap | null {
  if (data === undefined) return null
  return { type: (type as string | number | undefined) ?? 0, data: data as RouteEncap['data'] }
}

export const ROUTE_ATTRS: AttrMap = defineAttrs('RTA', {
  [RTA.DST]: { name: 'dst', kind: 'ipaddr' },
  [RTA.SRC]: { name: 'src', kind: 'ipaddr' },
  [RTA.IIF]: { name: 'iif', kind: 'u32' },
  [RTA.OIF]: { name: 'oif', kind: 'u32' },
  [RTA.GATEWAY]: { name: 'gateway', kind: 'ipaddr' },
  [RTA.PRIORITY]: { name: 'priority', kind: 'u32' },
  [RTA.PREFSRC]: { name: 'prefsrc', kind: 'ipaddr' },
  [RTA.METRICS]: { name: 'metrics', kind: 'nested', nested: METRICS_ATTRS },
  [RTA.MULTIPATH]: { name: 'multipath', kind: 'custom', codec: MULTIPATH_CODEC },
  [RTA.FLOW]: { name: 'flow', kind: 'u32' },
  [RTA.CACHEINFO]: { name: 'cacheinfo', kind: 'struct', struct: RTA_CACHEINFO },
  [RTA.TABLE]: { name: 'table', kind: 'u32' },
  [RTA.MARK]: { name: 'mark', kind: 'u32' },
  [RTA.MFC_STATS]: { name: 'mfcStats', kind: 'struct', struct: RTA_MFC_STATS },
  [RTA.VIA]: { name: 'via', kind: 'custom', codec: VIA_CODEC },
  [RTA.NEWDST]: { name: 'newdst', kind: 'binary' },
  [RTA.PREF]: { name: 'pref', kind: 'u8', names: ROUTE_PREFS },
  [RTA.ENCAP_TYPE]: { name: 'encapType', kind: 'u16', names: ENCAP_TYPES },
  [RTA.ENCAP]: { name: 'encap', kind: 'variant', selector: 'encapType', variants: ENCAP_VARIANTS },
  [RTA.EXPIRES]: { name: 'expires', kind: 'u64' },
  [RTA.PAD]: { name: 'pad', kind: 'pad' },
  [RTA.UID]: { name: 'uid', kind: 'u32' },
  [RTA.TTL_PROPAGATE]: { name: 'ttlPropagate', kind: 'u8' },
  [RTA.IP_PROTO]: { name: 'ipProto', kind: 'u8' },
  [RTA.SPORT]: { name: 'sport', kind: 'be16' },
  [RTA.DPORT]: { name: 'dport', kind: 'be16' },
  [RTA.NH_ID]: { name: 'nhId', kind: 'u32' },
  [RTA.FLOWLABEL]: { name: 'flowlabel', kind: 'be32' },
})
