/**
 * Fixed-size integer kinds shared by struct fields and attributes: their sizes, readers, writers and
 * the range check applied before encoding.
 *
 * Netlink integers are in host byte order (little-endian on every platform this library targets:
 * x86_64 and aarch64 Linux); the `be*` kinds are network order (ports, VLAN protocols, VNIs).
 *
 * 64-bit values come in two kinds: `u64`, `s64` and `be64` decode to `number`, exact up to 2^53
 * and rounded beyond; `u64n`, `s64n` and `be64n` (the `n` of a bigint literal) decode to `bigint`,
 * always exact: rtnetlink's counters, timers and ids use those. Encoders accept `number` or
 * `bigint` for every 64-bit kind.
 */

/** The integer kinds that decode to `number`. */
export type NumberScalarKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'be16' | 'be32' | 'be64'
/** The 64-bit kinds that decode to `bigint` (exact at any size). */
export type BigintScalarKind = 'u64n' | 's64n' | 'be64n'
/** Every fixed-size integer kind of struct fields and attributes. */
export type ScalarKind = NumberScalarKind | BigintScalarKind

export const SCALAR_SIZE: Readonly<Record<ScalarKind, number>> = {
  u8: 1,
  s8: 1,
  u16: 2,
  s16: 2,
  be16: 2,
  u32: 4,
  s32: 4,
  be32: 4,
  u64: 8,
  s64: 8,
  be64: 8,
  u64n: 8,
  s64n: 8,
  be64n: 8,
}

export function isScalarKind(kind: string): kind is ScalarKind {
  return Object.prototype.hasOwnProperty.call(SCALAR_SIZE, kind)
}

const TWO_32 = 4294967296

/** true for the kinds that decode to `bigint`. */
export function isBigintKind(kind: ScalarKind): kind is BigintScalarKind {
  return kind === 'u64n' || kind === 's64n' || kind === 'be64n'
}

/** Reads a scalar at `offset`; the caller guarantees SCALAR_SIZE[kind] bytes are there. */
export function readScalar(kind: NumberScalarKind, buf: Uint8Array, offset: number): number
export function readScalar(kind: BigintScalarKind, buf: Uint8Array, offset: number): bigint
export function readScalar(kind: ScalarKind, buf: Uint8Array, offset: number): number | bigint
export function readScalar(kind: ScalarKind, buf: Uint8Array, offset: number): number | bigint {
  switch (kind) {
    case 'u8':
      return buf[offset]!
    case 's8':
      return (buf[offset]! << 24) >> 24
    case 'u16':
      return buf[offset]! | (buf[offset + 1]! << 8)
    case 's16':
      return ((buf[offset]! | (buf[offset + 1]! << 8)) << 16) >> 16
    case 'be16':
      return (buf[offset]! << 8) | buf[offset + 1]!
    case 'u32':
      return u32le(buf, offset)
    case 's32':
      return u32le(buf, offset) | 0
    case 'be32':
      return ((buf[offset]! << 24) | (buf[offset + 1]! << 16) | (buf[offset + 2]! << 8) | buf[offset + 3]!) >>> 0
    case 'u64':
      return u32le(buf, offset + 4) * TWO_32 + u32le(buf, offset)
    case 's64':
      return (u32le(buf, offset + 4) | 0) * TWO_32 + u32le(buf, offset)
    case 'be64':
      return readScalar('be32', buf, offset) * TWO_32 + readScalar('be32', buf, offset + 4)
    case 'u64n': {
      // Most counters fit in 32 bits: one BigInt instead of three and two operations.
      const high = u32le(buf, offset + 4)
      return high === 0 ? BigInt(u32le(buf, offset)) : (BigInt(high) << 32n) | BigInt(u32le(buf, offset))
    }
    case 's64n':
      return BigInt.asIntN(64, (BigInt(u32le(buf, offset + 4)) << 32n) | BigInt(u32le(buf, offset)))
    case 'be64n':
      return (BigInt(readScalar('be32', buf, offset)) << 32n) | BigInt(readScalar('be32', buf, offset + 4))
  }
}

/** Unsigned little-endian 32-bit read. */
export function u32le(buf: Uint8Array, offset: number): number {
  return (buf[offset]! | (buf[offset + 1]! << 8) | (buf[offset + 2]! << 16) | (buf[offset + 3]! << 24)) >>> 0
}

const RANGES: Readonly<Record<ScalarKind, readonly [bigint, bigint]>> = {
  u8: [0n, 0xffn],
  s8: [-0x80n, 0x7fn],
  u16: [0n, 0xffffn],
  s16: [-0x8000n, 0x7fffn],
  be16: [0n, 0xffffn],
  u32: [0n, 0xffffffffn],
  s32: [-0x80000000n, 0x7fffffffn],
  be32: [0n, 0xffffffffn],
  u64: [0n, 0xffffffffffffffffn],
  s64: [-0x8000000000000000n, 0x7fffffffffffffffn],
  be64: [0n, 0xffffffffffffffffn],
  u64n: [0n, 0xffffffffffffffffn],
  s64n: [-0x8000000000000000n, 0x7fffffffffffffffn],
  be64n: [0n, 0xffffffffffffffffn],
}

/**
 * Checks that `value` fits `kind`; throws TypeError (not an integer) or RangeError (out of range)
 * whose message starts with `path` (the argument's name, e.g. "link spec.mtu").
 */
export function checkScalar(kind: ScalarKind, value: unknown, path: string): void {
  let big: bigint
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`${path}: ${String(value)} is not an integer`)
    if (!Number.isSafeInteger(value)) throw new RangeError(`${path}: ${value} is beyond 2^53; pass a bigint`)
    big = BigInt(value)
  } else if (typeof value === 'bigint') {
    big = value
  } else {
    throw new TypeError(`${path}: expected an integer (${kind}), got ${describe(value)}`)
  }
  const [min, max] = RANGES[kind]
  if (big < min || big > max) throw new RangeError(`${path}: ${big} is out of range for ${kind} (${min}..${max})`)
}

/** Writes a scalar at `offset` (value already checked by `checkScalar`). */
export function writeScalar(kind: ScalarKind, value: number | bigint, buf: Buffer, offset: number): void {
  switch (kind) {
    case 'u8':
    case 's8':
      buf[offset] = Number(value) & 0xff
      return
    case 'u16':
    case 's16':
      buf.writeUInt16LE(Number(value) & 0xffff, offset)
      return
    case 'be16':
      buf.writeUInt16BE(Number(value), offset)
      return
    case 'u32':
      buf.writeUInt32LE(Number(value) >>> 0, offset)
      return
    case 's32':
      buf.writeInt32LE(Number(value), offset)
      return
    case 'be32':
      buf.writeUInt32BE(Number(value), offset)
      return
    case 'u64':
    case 'u64n':
      buf.writeBigUInt64LE(BigInt(value), offset)
      return
    case 's64':
    case 's64n':
      buf.writeBigInt64LE(BigInt(value), offset)
      return
    case 'be64':
    case 'be64n':
      buf.writeBigUInt64BE(BigInt(value), offset)
      return
  }
}

/** Short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'string') return `'${value}'`
  if (typeof value === 'bigint') return `${value}n`
  if (Buffer.isBuffer(value)) return `Buffer(${value.length})`
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return String(value)
}
