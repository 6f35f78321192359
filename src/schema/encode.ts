/**
 * Generic attribute encoding driven by an AttrMap: the inverse of ./decode.ts.
 *
 * `encodeAttrs(map, value, writer, path)` writes one attribute per property of `value` (in property
 * order). `undefined` and `null` properties are skipped; `unknown: UnknownAttr[]` is written back
 * raw, so a decoded object re-encodes to the same attributes. Every value is validated against its
 * declared kind and errors name the property path: TypeError for a wrong type or an unknown
 * property, RangeError for an integer out of range or a value nested deeper than MAX_NESTING_DEPTH
 * (a self-referencing spec included). `depth` is that of the attribute set being written (0 for a
 * message's own attributes), as in ./decode.ts. Encoders write into a fresh AttrWriter, so an error
 * leaves nothing half-built behind.
 */
import { parseIP, parseMac } from '../util/address'
import { AttrMap, AttrSpec, MAX_NESTING_DEPTH, resolveMap, UnknownAttr } from './attrs'
import { checkScalar, describe, isScalarKind, ScalarKind } from './scalar'
import { StructCodec } from './struct'
import { AttrWriter } from './writer'

/**
 * Encodes the properties of `value` as attributes of `map` into `writer` (undefined properties are
 * skipped); TypeError/RangeError naming `path` and the property for bad values. `depth` is the nesting
 * depth (see MAX_NESTING_DEPTH).
 */
export function encodeAttrs(map: AttrMap, value: object, writer: AttrWriter, path: string, depth = 0): void {
  if (depth > MAX_NESTING_DEPTH) {
    throw new RangeError(`${path}: ${map.name} attributes nested ${depth} levels deep, beyond the limit of ${MAX_NESTING_DEPTH}`)
  }
  checkObject(value, path)
  const obj = value as Record<string, unknown>
  for (const key of Object.keys(obj)) {
    const v = obj[key]
    if (v === undefined || v === null) continue
    if (key === 'unknown') {
      writeUnknown(v, writer, `${path}.unknown`)
      continue
    }
    const entry = map.byName.get(key)
    if (entry === undefined) throw new TypeError(`${path}.${key}: unknown attribute for ${map.name}`)
    encodeAttr(entry.type, entry.spec, v, obj, writer, `${path}.${key}`, depth)
  }
}

/**
 * Writes one attribute `type` per `spec`, in an attribute set at nesting `depth`; `siblings` is the
 * object it belongs to (for variants).
 */
export function encodeAttr(type: number, spec: AttrSpec, v: unknown, siblings: Record<string, unknown>, writer: AttrWriter, path: string, depth = 0): void {
  if (spec.multi) {
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array, got ${describe(v)}`)
    v.forEach((item, i) => writeOne(type, spec, item, siblings, writer, `${path}[${i}]`, depth))
  } else {
    writeOne(type, spec, v, siblings, writer, path, depth)
  }
}

function writeOne(type: number, spec: AttrSpec, v: unknown, siblings: Record<string, unknown>, writer: AttrWriter, path: string, depth: number): void {
  const kind = spec.kind
  if (isScalarKind(kind)) {
    const n = scalarValue(spec, v, path)
    writer.attrScalar(type, kind, n)
    return
  }
  switch (kind) {
    case 'flag':
      if (v === false) return
      if (v !== true) throw new TypeError(`${path}: expected true or false, got ${describe(v)}`)
      writer.end(writer.begin(type), path)
      return
    case 'string': {
      const t = writer.begin(type)
      writer.cstring(checkString(v, path))
      writer.end(t, path)
      return
    }
    case 'binary':
      writer.attrBytes(type, bytesOf(v, path), path)
      return
    case 'ipaddr':
      writer.attrBytes(type, ipBytes(v, path), path)
      return
    case 'lladdr':
      writer.attrBytes(type, macBytes(v, path), path)
      return
    case 'struct': {
      const struct = spec.struct!
      checkStructValue(struct, v, path)
      const t = writer.begin(type)
      writer.struct(struct, v as object, path)
      writer.end(t, path)
      return
    }
    case 'nested': {
      const t = writer.begin(type, true)
      encodeNested(spec.header, resolveMap(spec.nested!), v, writer, path, depth + 1)
      writer.end(t, path)
      return
    }
    case 'array': {
      if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array, got ${describe(v)}`)
      const t = writer.begin(type, true)
      const first = spec.firstIndex ?? 0
      v.forEach((item, i) => writeArrayItem(first + i, spec.item!, item, writer, `${path}[${i}]`))
      writer.end(t, path)
      return
    }
    case 'variant': {
      if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
        writer.attrBytes(type, v, path)
        return
      }
      const ref = variantFor(spec, siblings)
      if (ref === undefined) {
        throw new TypeError(`${path}: no layout for ${spec.selector} ${describe(siblings[spec.selector!])}; pass a Buffer`)
      }
      const t = writer.begin(type, true)
      encodeAttrs(resolveMap(ref), v as object, writer, path, depth + 1)
      writer.end(t, path)
      return
    }
    case 'custom': {
      // The layout is the codec's own: flagged NLA_F_NESTED only when the codec says it is attributes.
      const t = writer.begin(type, spec.codec!.nested === true)
      ;(spec.codec as { encode(v: unknown, w: AttrWriter, p: string, d: number): void }).encode(v, writer, path, depth + 1)
      writer.end(t, path)
      return
    }
    case 'pad':
      return
  }
}

/**
 * Writes "fixed header + attributes" from one merged object (the inverse of decodeNested): keys that
 * are header fields go to the header, the rest are attributes of `map`, at nesting `depth`.
 */
export function encodeNested(header: StructCodec<object> | undefined, map: AttrMap, v: unknown, writer: AttrWriter, path: string, depth = 0): void {
  if (header === undefined) {
    encodeAttrs(map, checkObject(v, path), writer, path, depth)
    return
  }
  const obj = checkObject(v, path) as Record<string, unknown>
  const head: Record<string, unknown> = {}
  const rest: Record<string, unknown> = {}
  for (const key of Object.keys(obj)) (header.fieldNames.has(key) ? head : rest)[key] = obj[key]
  header.check(head, path)
  writer.struct(header, head, path)
  writer.align()
  encodeAttrs(map, rest, writer, path, depth)
}

function variantFor(spec: AttrSpec, siblings: Record<string, unknown>) {
  const sel = siblings[spec.selector!]
  if (sel === undefined || sel === null) return undefined
  return spec.variants![String(sel)]
}

function writeArrayItem(index: number, item: ScalarKind | 'ipaddr' | 'string', v: unknown, writer: AttrWriter, path: string): void {
  if (item === 'ipaddr') writer.attrBytes(index, ipBytes(v, path), path)
  else if (item === 'string') {
    const t = writer.begin(index)
    writer.cstring(checkString(v, path))
    writer.end(t, path)
  } else {
    checkScalar(item, v, path)
    writer.attrScalar(index, item, v as number)
  }
}

function writeUnknown(v: unknown, writer: AttrWriter, path: string): void {
  if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of { type, data }`)
  v.forEach((u: UnknownAttr, i) => {
    const p = `${path}[${i}]`
    checkScalar('u16', u?.type, `${p}.type`)
    writer.attrBytes(u.type, bytesOf(u.data, `${p}.data`), `${p}.data`)
  })
}

/** The number to write for an integer attribute: names are looked up in `spec.names`. */
export function scalarValue(spec: AttrSpec, v: unknown, path: string): number | bigint {
  let n = v
  if (typeof v === 'string' && spec.names !== undefined) {
    n = spec.names.valueOf(v)
    if (n === undefined) throw new TypeError(`${path}: '${v}' is not a known ${spec.names.what}`)
  }
  checkScalar(spec.kind as ScalarKind, n, path)
  return n as number | bigint
}

function checkObject(v: unknown, path: string): object {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || Buffer.isBuffer(v)) {
    throw new TypeError(`${path}: expected an object, got ${describe(v)}`)
  }
  return v
}

function checkStructValue(struct: StructCodec<object>, v: unknown, path: string): void {
  const obj = checkObject(v, path) as Record<string, unknown>
  for (const key of Object.keys(obj)) {
    if (!struct.fieldNames.has(key)) throw new TypeError(`${path}.${key}: not a field of ${struct.name}`)
  }
  struct.check(obj, path)
}

function checkString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new TypeError(`${path}: expected a string, got ${describe(v)}`)
  if (v.includes('\0')) throw new TypeError(`${path}: string contains a NUL character`)
  return v
}

function bytesOf(v: unknown, path: string): Uint8Array {
  if (v instanceof Uint8Array) return v
  throw new TypeError(`${path}: expected a Buffer, got ${describe(v)}`)
}

function ipBytes(v: unknown, path: string): Uint8Array {
  if (v instanceof Uint8Array && (v.length === 4 || v.length === 16)) return v
  const ip = typeof v === 'string' ? parseIP(v) : null
  if (ip === null) throw new TypeError(`${path}: ${describe(v)} is not an IPv4 or IPv6 address`)
  return ip.bytes
}

function macBytes(v: unknown, path: string): Uint8Array {
  if (v instanceof Uint8Array) return v
  const mac = typeof v === 'string' ? parseMac(v) : null
  if (mac === null) throw new TypeError(`${path}: ${describe(v)} is not a link-layer address (aa:bb:cc:dd:ee:ff)`)
  return mac
}
