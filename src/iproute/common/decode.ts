/**
 * What the schema-driven decoders of links, addresses, neighbours and rules share. Contract (the
 * engine's parser contract): `decodeX(data, offset, length)` where `offset` points at the 16-byte
 * nlmsghdr of one message and `length` is its nlmsg_len; ParseError for a message shorter than its
 * fixed header or with malformed attributes. Each runs the generic schema decoder and picks fields
 * from its output: attributes with a field of their own land there, other known attributes in
 * `extra` (by schema name), unknown ones in `unknown`. (Routes have a hand-tuned decoder of their
 * own, ../route/decode.ts.)
 */
// The projection itself (decodeMessage, extraOf, unknownOf, orNull) is the family toolkit's.
export { decodeMessage, extraOf, unknownOf, orNull as opt } from '../../toolkit/projection'

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
