/**
 * Arrays of nests: attributes whose payload is a list of nested attributes typed by their index
 * (1..n or 0..n-1) rather than by meaning, each holding the attributes of one element. Generic
 * netlink uses them throughout (nlctrl's CTRL_ATTR_OPS and CTRL_ATTR_MCAST_GROUPS, WireGuard's
 * peers and allowed IPs, nl80211's bands); the schema's `array` kind holds scalars only, so this
 * is a `custom` codec over a map of its own, decoding to an array of objects and encoding back.
 */
import type { AttrMapRef, CustomCodec } from '../schema/attrs'
import { resolveMap } from '../schema/attrs'
import { decodeAttrs, forEachAttr, type DecodedAttrs } from '../schema/decode'
import { encodeAttrs } from '../schema/encode'
import { describe } from '../schema/scalar'
import type { AttrWriter } from '../schema/writer'

/**
 * The codec of an array of nests of `element`: decoding ignores the index types (the kernel's
 * order is the array's), encoding numbers the elements from `firstIndex` (1 by default, as
 * nlctrl and WireGuard do; nl80211's bands count from 0) and flags every element NLA_F_NESTED.
 */
export function nestedArray(element: AttrMapRef, firstIndex = 1): CustomCodec<DecodedAttrs[]> {
  return {
    nested: true,
    decode(buf, start, end, depth) {
      const map = resolveMap(element)
      const out: DecodedAttrs[] = []
      forEachAttr(buf, start, end, (_type, p, q) => out.push(decodeAttrs(map, buf, p, q, depth + 1)))
      return out
    },
    encode(value, writer: AttrWriter, path, depth) {
      if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array, got ${describe(value)}`)
      const map = resolveMap(element)
      value.forEach((item, i) => {
        const t = writer.begin(firstIndex + i, true)
        encodeAttrs(map, item as object, writer, `${path}[${i}]`, depth + 1)
        writer.end(t, `${path}[${i}]`)
      })
    },
  }
}
