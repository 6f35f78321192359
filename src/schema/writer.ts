/**
 * AttrWriter: the byte builder behind every encoder. One growable Buffer; attributes are written in
 * place (header reserved, payload written, length patched, padding zeroed), so nested attributes
 * cost no intermediate buffers. `finish()` returns an exact-size copy.
 */
import { NLA_F_NESTED, NLA_HDRLEN } from './attrs'
import { writeScalar, ScalarKind, SCALAR_SIZE } from './scalar'

/** nla_len is a u16: the longest attribute, header included. */
const NLA_MAX_LEN = 0xffff
import { StructCodec } from './struct'

/**
 * A growable byte buffer for building netlink payloads: structs, attributes (nested ones with
 * begin/end) and scalars, 4-byte aligned as netlink wants. `finish()` returns the bytes.
 */
export class AttrWriter {
  private buf: Buffer
  /** Bytes written so far. */
  length = 0

  constructor(initialCapacity = 256) {
    this.buf = Buffer.alloc(initialCapacity)
  }

  /** Makes room for `n` more bytes and returns the offset where they start (bytes are zero). */
  reserve(n: number): number {
    const at = this.length
    const need = at + n
    if (need > this.buf.length) {
      let size = this.buf.length * 2
      while (size < need) size *= 2
      const grown = Buffer.alloc(size)
      this.buf.copy(grown, 0, 0, at)
      this.buf = grown
    }
    this.length = need
    return at
  }

  /** Pads with zeros to a 4-byte boundary. */
  align(): void {
    const pad = (4 - (this.length & 3)) & 3
    if (pad > 0) this.reserve(pad)
  }

  /** Writes an integer of `kind` (little-endian unless the kind is be16/be32/be64). */
  scalar(kind: ScalarKind, value: number | bigint): void {
    const at = this.reserve(SCALAR_SIZE[kind]) // reserve first: it may replace this.buf
    writeScalar(kind, value, this.buf, at)
  }

  /** Writes raw bytes. */
  bytes(data: Uint8Array): void {
    const at = this.reserve(data.length)
    this.buf.set(data, at)
  }

  /** utf8 text followed by a NUL. */
  cstring(text: string): void {
    const n = Buffer.byteLength(text)
    const at = this.reserve(n + 1)
    this.buf.write(text, at, n, 'utf8')
  }

  /** Writes a struct (size bytes, zero-filled where fields are missing). */
  struct<T extends object>(codec: StructCodec<T>, value: Partial<T>, path?: string): void {
    const at = this.reserve(codec.size)
    codec.encode(value, this.buf, at, path)
  }

  /**
   * Starts an attribute of `type` (NLA_F_NESTED added when `nested`); returns a token for `end`.
   * The payload is whatever is written until `end`.
   */
  begin(type: number, nested = false): number {
    const at = this.reserve(NLA_HDRLEN)
    this.buf.writeUInt16LE(nested ? type | NLA_F_NESTED : type, at + 2)
    return at
  }

  /**
   * Finishes the attribute started at `token`: patches nla_len and pads to 4 bytes. nla_len is 16
   * bits: a longer attribute is a RangeError naming `path` (the caller's value), never a wrapped length.
   */
  end(token: number, path = 'attribute'): void {
    const length = this.length - token
    if (length > NLA_MAX_LEN) {
      throw new RangeError(`${path}: ${length - NLA_HDRLEN} bytes do not fit in one netlink attribute (at most ${NLA_MAX_LEN - NLA_HDRLEN})`)
    }
    this.buf.writeUInt16LE(length, token)
    this.align()
  }

  /** Writes a complete scalar attribute. */
  attrScalar(type: number, kind: ScalarKind, value: number | bigint): void {
    const t = this.begin(type)
    this.scalar(kind, value)
    this.end(t)
  }

  /** Writes a complete attribute with a raw payload. */
  attrBytes(type: number, data: Uint8Array, path?: string): void {
    const t = this.begin(type)
    this.bytes(data)
    this.end(t, path)
  }

  /** Reads back a u16 already written (for tests and length patching by callers). */
  peekU16(offset: number): number {
    return this.buf.readUInt16LE(offset)
  }

  /** Overwrites a u16 already written (a length known only after its payload, as in rtnexthop). */
  patchU16(offset: number, value: number): void {
    this.buf.writeUInt16LE(value, offset)
  }

  /** The bytes written, as an exact-size Buffer that does not share the writer's memory. */
  finish(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.length))
  }
}
