/**
 * What the schema-driven decoders of links, addresses, neighbours and rules share. Contract (the
 * engine's parser contract): `decodeX(data, offset, length)` where `offset` points at the 16-byte
 * nlmsghdr of one message and `length` is its nlmsg_len; ParseError for a message shorter than its
 * fixed header or with malformed attributes. Each runs the generic schema decoder and picks fields
 * from its output: attributes with a field of their own land there, other known attributes in
 * `extra` (by schema name), unknown ones in `unknown`. (Routes have a hand-tuned decoder of their
 * own, ../route/decode.ts.)
 */
import { NLMSG_HDRLEN } from '../../constants'
import { AttrMap } from '../../schema/attrs'
import { align4, decodeAttrs, DecodedAttrs } from '../../schema/decode'
import { ParseError } from '../../schema/errors'
import { StructCodec } from '../../schema/struct'
import type { UnknownAttr } from './types'

/** Decodes the fixed header and attributes of one message. */
export function decodeMessage<H extends object>(
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
    attrs: decodeAttrs(map, data, h + align4(header.size), end),
  }
}

/** Attributes of `attrs` not in `picked` (and not `unknown`), or null when there are none. */
export function extraOf(attrs: DecodedAttrs, picked: ReadonlySet<string>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(attrs)) {
    if (key === 'unknown' || picked.has(key)) continue
    ;(extra ??= {})[key] = attrs[key]
  }
  return extra
}

/** The attributes the schema did not know, or null. */
export function unknownOf(attrs: DecodedAttrs): UnknownAttr[] | null {
  return attrs.unknown ?? null
}

/** A decoded attribute value, or null for one the kernel did not send. */
export function opt<T>(v: unknown): T | null {
  return v === undefined ? null : (v as T)
}

/** 'address/len', or null without an address. */
export function prefix(address: unknown, len: number): string | null {
  return typeof address === 'string' ? `${address}/${len}` : null
}

/**
 * The attribute names a decoder gives fields of their own (the rest go to `extra`), checked at
 * compile time against the object type `T` it builds: every key of T is either such an attribute
 * or listed in `Derived` (built from the header or from other attributes), so a field added to T
 * without a source fails to compile. `others` are picked attributes that feed a field of another
 * name (IFLA_STATS64 → Link.stats).
 */
export function pickedAttrs<T, Derived extends keyof T = never>() {
  return <const K extends readonly (keyof T & string)[]>(
    fields: K & ([Exclude<keyof T, K[number] | Derived>] extends [never] ? unknown : { missing: Exclude<keyof T, K[number] | Derived> }),
    ...others: string[]
  ): ReadonlySet<string> => new Set<string>([...(fields as readonly string[]), ...others])
}
