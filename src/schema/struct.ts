/**
 * Fixed-layout C structs (message headers such as rtmsg / ifinfomsg, and struct-valued attributes
 * such as rtnl_link_stats64): declared once as fields at offsets, decoded to plain objects and
 * encoded from them.
 *
 * A struct may be declared with `minSize` below its `size` for kernel structs that grew over time:
 * a shorter payload (at least `minSize` bytes) decodes with the missing trailing fields as 0 (0n
 * for the bigint kinds, null for non-integer fields), which is what iproute2 does (it zero-fills and copies what came).
 */
import { formatIP, formatMac, parseIP, parseMac } from '../util/address'
import { checkScalar, describe, isBigintKind, isScalarKind, readScalar, SCALAR_SIZE, ScalarKind, writeScalar } from './scalar'

/** Field kinds: an integer kind, or fixed-size bytes shown as an IP address, MAC, or a Buffer. */
export type FieldKind = ScalarKind | 'ipaddr' | 'lladdr' | 'bytes'

/** One field of a {@link StructSpec}. */
export interface FieldSpec {
  /** Property name in the decoded object (camelCase). */
  name: string
  /** How the bytes read: an integer kind, or 'ipaddr' / 'lladdr' / 'bytes' of `size` bytes. */
  type: FieldKind
  /** Byte offset inside the struct. */
  offset: number
  /** Size in bytes; required for ipaddr/lladdr/bytes, implied for integer kinds. */
  size?: number
}

/** The declaration of a fixed-layout C struct, for {@link defineStruct}. */
export interface StructSpec {
  /** C name, for messages and docs ('rtmsg'). */
  name: string
  /** sizeof(struct). */
  size: number
  /** Smallest payload accepted when decoding (defaults to `size`). */
  minSize?: number
  /** The fields, each at its byte offset. */
  fields: readonly FieldSpec[]
}

/** A field of a StructCodec with its size resolved. */
export interface CompiledField {
  /** Property name in the decoded object. */
  name: string
  /** How the bytes read. */
  type: FieldKind
  /** Byte offset inside the struct. */
  offset: number
  /** Size in bytes. */
  size: number
  /** true for integer kinds. */
  scalar: boolean
}

/**
 * A fixed-layout C struct (a message header such as rtmsg, or a struct-valued attribute): decodes bytes
 * to a plain object and encodes one back. Made by {@link defineStruct}.
 */
export class StructCodec<T extends object = Record<string, unknown>> {
  /** C name ('rtmsg'). */
  readonly name: string
  /** sizeof(struct), in bytes. */
  readonly size: number
  /** Smallest payload accepted when decoding (kernel structs that grew over time). */
  readonly minSize: number
  /** The fields with their resolved sizes, in declaration order. */
  readonly fields: readonly CompiledField[]
  /** The names of the fields, for checking an object to encode. */
  readonly fieldNames: ReadonlySet<string>
  /**
   * Every field, null, in declaration order: decode copies it and fills the copy in, so a decoded
   * object starts with all its properties (one copy of a known shape) instead of growing through a
   * hidden class per field (rtnl_link_stats64 has 25, and every link of a dump carries two such).
   */
  readonly #template: Record<string, unknown>

  constructor(spec: StructSpec) {
    this.name = spec.name
    this.size = spec.size
    this.minSize = spec.minSize ?? spec.size
    this.fields = spec.fields.map((f) => {
      const scalar = isScalarKind(f.type)
      const size = scalar ? SCALAR_SIZE[f.type as ScalarKind] : f.size
      if (size === undefined) throw new Error(`struct ${spec.name}.${f.name}: size required for ${f.type}`)
      if (f.offset + size > spec.size) throw new Error(`struct ${spec.name}.${f.name}: field past sizeof`)
      return { name: f.name, type: f.type, offset: f.offset, size, scalar }
    })
    this.fieldNames = new Set(this.fields.map((f) => f.name))
    this.#template = Object.fromEntries(this.fields.map((f) => [f.name, null]))
  }

  /**
   * Decodes the struct at `offset`. `available` (default: `size`) is how many bytes the payload
   * really has; trailing fields beyond it read as 0 / null. The caller checks `available >= minSize`.
   */
  decode(buf: Uint8Array, offset: number, available: number = this.size): T {
    const out: Record<string, unknown> = { ...this.#template }
    for (const f of this.fields) {
      const present = f.offset + f.size <= available
      if (f.scalar) {
        out[f.name] = present ? readScalar(f.type as ScalarKind, buf, offset + f.offset) : isBigintKind(f.type as ScalarKind) ? 0n : 0
      } else if (!present) {
        out[f.name] = null
      } else if (f.type === 'ipaddr') {
        out[f.name] = formatIP(buf, offset + f.offset, f.size)
      } else if (f.type === 'lladdr') {
        out[f.name] = formatMac(buf, offset + f.offset, f.size)
      } else {
        out[f.name] = Buffer.from(buf.subarray(offset + f.offset, offset + f.offset + f.size))
      }
    }
    return out as T
  }

  /**
   * Checks every field of `value` (missing fields count as 0 / zero bytes) and throws
   * TypeError/RangeError naming `path.field`. Keys that are not fields are the caller's business.
   */
  check(value: Partial<T>, path: string): void {
    const v = value as Record<string, unknown>
    for (const f of this.fields) {
      const x = v[f.name]
      if (x === undefined || x === null) continue
      const p = `${path}.${f.name}`
      if (f.scalar) checkScalar(f.type as ScalarKind, x, p)
      else fieldBytes(f, x, p)
    }
  }

  /** Writes the struct at `offset` (zero-filled first). Run `check` before for user input. */
  encode(value: Partial<T>, buf: Buffer, offset: number, path = this.name): void {
    buf.fill(0, offset, offset + this.size)
    const v = value as Record<string, unknown>
    for (const f of this.fields) {
      const x = v[f.name]
      if (x === undefined || x === null) continue
      const p = `${path}.${f.name}`
      if (f.scalar) {
        checkScalar(f.type as ScalarKind, x, p)
        writeScalar(f.type as ScalarKind, x as number | bigint, buf, offset + f.offset)
      } else {
        fieldBytes(f, x, p).copy(buf, offset + f.offset)
      }
    }
  }
}

/** Bytes of a non-integer field value, validated against the field's size. */
function fieldBytes(f: CompiledField, x: unknown, path: string): Buffer {
  let bytes: Buffer | null = null
  if (Buffer.isBuffer(x) || x instanceof Uint8Array) bytes = Buffer.from(x)
  else if (typeof x === 'string' && f.type === 'ipaddr') bytes = parseIP(x)?.bytes ?? null
  else if (typeof x === 'string' && f.type === 'lladdr') bytes = parseMac(x)
  if (bytes === null || bytes.length !== f.size) {
    throw new TypeError(`${path}: ${describe(x)} is not a ${f.size}-byte ${f.type === 'bytes' ? 'value' : f.type}`)
  }
  return bytes
}

/** Declares a struct codec. */
export function defineStruct<T extends object = Record<string, unknown>>(spec: StructSpec): StructCodec<T> {
  return new StructCodec<T>(spec)
}
