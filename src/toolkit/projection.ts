/**
 * The object projection every family's decoders make: a message's fixed header and attributes
 * decoded by the schema (src/schema/), then projected onto a typed object. Attributes with a
 * typed field of their own are picked into it (null where absent), other known attributes are
 * kept under `extra` by schema name, and attributes the schema does not know are kept raw in
 * `unknown`: nothing the kernel sent is lost, and a newer kernel's additions stay visible.
 */
import { NLMSG_HDRLEN } from '../constants'
import type { AttrMap, UnknownAttr } from '../schema/attrs'
import { align4, decodeAttrs, type DecodedAttrs } from '../schema/decode'
import { ParseError } from '../schema/errors'
import type { StructCodec } from '../schema/struct'

/**
 * Decodes the fixed header and attributes of the message at `offset` (its nlmsghdr) of `length`
 * bytes (its nlmsg_len), the engine's parser arguments. ParseError, naming `what`, for a message
 * shorter than its headers or running past the buffer, and for malformed attributes.
 */
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
  return { head: header.decode(data, h), attrs: decodeAttrs(map, data, h + align4(header.size), end) }
}

/** The known attributes of `attrs` not in `picked` (the typed fields), or null when there are none. */
export function extraOf(attrs: DecodedAttrs, picked: ReadonlySet<string>): Record<string, unknown> | null {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(attrs)) {
    if (key === 'unknown' || picked.has(key)) continue
    ;(extra ??= {})[key] = attrs[key]
  }
  return extra
}

/** The attributes the schema does not know, raw, or null when there are none. */
export function unknownOf(attrs: DecodedAttrs): UnknownAttr[] | null {
  return attrs.unknown ?? null
}

/** A typed field from a decoded attribute: null where the message did not carry it. */
export function orNull<T>(value: unknown): T | null {
  return value === undefined ? null : (value as T)
}
