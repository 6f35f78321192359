/**
 * Generic attribute decoding driven by an AttrMap.
 *
 * Output shape of `decodeAttrs`: a plain object with one property per attribute present, named as
 * declared; attributes absent from the message are absent from the object (callers that want a
 * stable shape build typed objects from it, see src/iproute/decode.ts). Attributes the map does not
 * declare — and declared attributes whose payload does not fit their kind (a u32 that is 2 bytes
 * long) — are kept, in arrival order, as `unknown: UnknownAttr[]` (the property exists only when
 * there is at least one). When a declared attribute appears twice the last one wins (as in the
 * kernel's nla_parse), except for `multi` attributes, which collect every occurrence.
 *
 * Framing errors (attribute length < 4, or running past the end) and nesting deeper than
 * MAX_NESTING_DEPTH throw ParseError.
 *
 * Depth: `decodeAttrs` and `decodeNested` take the depth of the attribute set they read (0 for a
 * message's own attributes); `decodeAttrValue` and `decodeVariant` take the depth of the set the
 * attribute belongs to, and read its payload one level deeper.
 */
import { formatIP, formatMac } from '../util/address'
import { AttrMap, AttrSpec, MAX_NESTING_DEPTH, NLA_TYPE_MASK, resolveMap, UnknownAttr } from './attrs'
import { ParseError } from './errors'
import { isScalarKind, readScalar, SCALAR_SIZE, ScalarKind } from './scalar'
import { StructCodec } from './struct'

/** What {@link decodeAttrs} returns: each known attribute under its name, the rest raw in `unknown`. */
export type DecodedAttrs = Record<string, unknown> & {
  /** Attributes the map does not declare, raw; absent when there are none. */
  unknown?: UnknownAttr[]
}

/** Rounds a length up to the 4-byte alignment of netlink messages and attributes (NLMSG_ALIGN, NLA_ALIGN). */
export function align4(n: number): number {
  return (n + 3) & ~3
}

/** Copies `buf[start, end)` into a Buffer that does not share memory with `buf`. */
export function copyBytes(buf: Uint8Array, start: number, end: number): Buffer {
  return Buffer.from(buf.subarray(start, end))
}

/**
 * Calls `visit(type, payloadStart, payloadEnd)` for each attribute in [start, end), with the type's
 * flag bits masked off. Validates framing (throws ParseError). Trailing bytes shorter than an
 * attribute header (at most 3 bytes of padding) are ignored.
 */
export function forEachAttr(buf: Uint8Array, start: number, end: number, visit: (type: number, payloadStart: number, payloadEnd: number) => void): void {
  if (end > buf.length) throw new ParseError(`attributes end at ${end} beyond the ${buf.length}-byte buffer`, start)
  let pos = start
  while (pos + 4 <= end) {
    const len = buf[pos]! | (buf[pos + 1]! << 8)
    if (len < 4) throw new ParseError(`attribute length ${len} is shorter than its header`, pos)
    if (pos + len > end) throw new ParseError(`attribute of length ${len} runs past the end of its container`, pos)
    visit((buf[pos + 2]! | (buf[pos + 3]! << 8)) & NLA_TYPE_MASK, pos + 4, pos + len)
    pos += align4(len)
  }
}

/** Decodes the attributes in [start, end) of `buf`, at nesting `depth`, according to `map`. */
export function decodeAttrs(map: AttrMap, buf: Buffer, start: number, end: number, depth = 0): DecodedAttrs {
  checkDepth(map, start, depth)
  const out: DecodedAttrs = {}
  let pendingVariants: [AttrSpec, number, number, number][] | null = null
  forEachAttr(buf, start, end, (type, p, q) => {
    const spec = map.byType[type]
    if (spec === undefined) {
      keepUnknown(out, type, buf, p, q)
      return
    }
    if (spec.kind === 'pad') return
    if (spec.kind === 'variant') {
      ;(pendingVariants ??= []).push([spec, type, p, q])
      return
    }
    const value = decodeAttrValue(spec, buf, p, q, depth)
    if (value === undefined) keepUnknown(out, type, buf, p, q)
    else store(out, spec, value)
  })
  if (pendingVariants !== null) {
    for (const [spec, type, p, q] of pendingVariants as [AttrSpec, number, number, number][]) {
      const value = decodeVariant(spec, out[spec.selector!], buf, p, q, depth)
      if (value === undefined) keepUnknown(out, type, buf, p, q)
      else store(out, spec, value)
    }
  }
  return out
}

/** The one place the nesting limit is enforced on decoding: every recursive path goes through decodeAttrs. */
function checkDepth(map: AttrMap, start: number, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) {
    throw new ParseError(`${map.name} attributes nested ${depth} levels deep, beyond the limit of ${MAX_NESTING_DEPTH}`, start)
  }
}

function store(out: DecodedAttrs, spec: AttrSpec, value: unknown): void {
  if (spec.multi) {
    const list = out[spec.name] as unknown[] | undefined
    if (list === undefined) out[spec.name] = [value]
    else list.push(value)
  } else {
    out[spec.name] = value
  }
}

/** Appends a raw attribute to `target.unknown`. */
export function keepUnknown(target: { unknown?: UnknownAttr[] | null }, type: number, buf: Uint8Array, p: number, q: number): void {
  const entry: UnknownAttr = { type, data: copyBytes(buf, p, q) }
  if (target.unknown == null) target.unknown = [entry]
  else target.unknown.push(entry)
}

/**
 * Decodes one attribute payload [p, q) per `spec`, the attribute being at nesting `depth`. Returns
 * undefined when the payload does not fit the kind (the caller keeps it raw). Variants need their
 * selector: use `decodeVariant`.
 */
export function decodeAttrValue(spec: AttrSpec, buf: Buffer, p: number, q: number, depth = 0): unknown {
  const len = q - p
  const kind = spec.kind
  if (isScalarKind(kind)) {
    if (len !== SCALAR_SIZE[kind]) return undefined
    const n = readScalar(kind, buf, p)
    return spec.names === undefined || typeof n === 'bigint' ? n : spec.names.decode(n)
  }
  switch (kind) {
    case 'flag':
      // A flag is sent empty, but some (IFLA_VXLAN_TTL_INHERIT) come back in dumps as a u8 0/1.
      return len === 0 || buf[p] !== 0
    case 'string': {
      let z = p
      while (z < q && buf[z] !== 0) z++
      return buf.toString('utf8', p, z)
    }
    case 'binary':
      return copyBytes(buf, p, q)
    case 'ipaddr':
      return formatIP(buf, p, len) ?? undefined
    case 'lladdr':
      return formatMac(buf, p, len)
    case 'struct': {
      const struct = spec.struct!
      if (len < struct.minSize) return undefined
      return struct.decode(buf, p, Math.min(len, struct.size))
    }
    case 'nested':
      return decodeNested(spec.header, resolveMap(spec.nested!), buf, p, q, depth + 1)
    case 'array':
      return decodeArray(spec.item!, buf, p, q)
    case 'custom':
      return spec.codec!.decode(buf, p, q, depth + 1)
    case 'variant':
      return undefined
    case 'pad':
      return undefined
  }
  return undefined
}

/**
 * Decodes a `variant` attribute at nesting `depth`: the map is `spec.variants[String(selectorValue)]`.
 * With no map for that value (or no selector present) the payload is returned raw as a Buffer.
 */
export function decodeVariant(spec: AttrSpec, selectorValue: unknown, buf: Buffer, p: number, q: number, depth = 0): unknown {
  const ref = selectorValue === undefined ? undefined : spec.variants![String(selectorValue)]
  if (ref === undefined) return copyBytes(buf, p, q)
  return decodeAttrs(resolveMap(ref), buf, p, q, depth + 1)
}

/**
 * Decodes "fixed header + attributes" (a nested payload with a header, or a whole message body),
 * the attributes being at nesting `depth`: header fields and attributes merged into one object.
 * Returns undefined if shorter than the header.
 */
export function decodeNested(header: StructCodec<object> | undefined, map: AttrMap, buf: Buffer, p: number, q: number, depth = 0): DecodedAttrs | undefined {
  if (header === undefined) return decodeAttrs(map, buf, p, q, depth)
  if (q - p < header.size) return undefined
  const head = header.decode(buf, p) as Record<string, unknown>
  return Object.assign(head, decodeAttrs(map, buf, p + align4(header.size), q, depth))
}

function decodeArray(item: ScalarKind | 'ipaddr' | 'string', buf: Buffer, p: number, q: number): unknown[] | undefined {
  const out: unknown[] = []
  let fits = true
  forEachAttr(buf, p, q, (_type, s, e) => {
    if (item === 'ipaddr') {
      const text = formatIP(buf, s, e - s)
      if (text === null) fits = false
      else out.push(text)
    } else if (item === 'string') {
      let z = s
      while (z < e && buf[z] !== 0) z++
      out.push(buf.toString('utf8', s, z))
    } else if (e - s === SCALAR_SIZE[item]) {
      out.push(readScalar(item, buf, s))
    } else {
      fits = false
    }
  })
  return fits ? out : undefined
}
