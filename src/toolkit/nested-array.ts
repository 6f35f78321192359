/**
 * Arrays of nests: attributes whose payload is a list of nested attributes typed by their index
 * (1..n, 0..n-1, or all 0) rather than by meaning, each holding the attributes of one element.
 * Generic netlink uses them throughout (nlctrl's CTRL_ATTR_OPS and CTRL_ATTR_MCAST_GROUPS,
 * WireGuard's peers and allowed IPs, nl80211's bands and frequencies); the schema's `array` kind
 * holds scalars only, so this is a `custom` codec over a map of its own, decoding to an array of
 * objects and encoding back.
 */
import type { AttrMapRef, CustomCodec } from '../schema/attrs'
import { resolveMap } from '../schema/attrs'
import { decodeAttrs, forEachAttr, type DecodedAttrs } from '../schema/decode'
import { encodeAttrs } from '../schema/encode'
import { checkScalar, describe } from '../schema/scalar'
import type { AttrWriter } from '../schema/writer'

/** How the elements of a {@link nestedArray} are typed. */
export interface NestedArrayOptions {
  /** The type of the first element (1 by default, as nlctrl does; nl80211 counts from 0). */
  firstIndex?: number
  /** Every element typed `firstIndex` (WireGuard types each peer and allowed IP 0). Default false. */
  sameIndex?: boolean
  /**
   * The element's type carries meaning (nl80211's bands are typed by NL80211_BAND_*): decoding
   * keeps it under this property, encoding types the element by it.
   */
  indexName?: string
}

/**
 * The codec of an array of nests of `element`: decoding follows the kernel's order (the index
 * types are dropped unless `indexName` keeps them), encoding types the elements as `options` say
 * and flags every element NLA_F_NESTED.
 */
export function nestedArray(element: AttrMapRef, options: NestedArrayOptions = {}): CustomCodec<DecodedAttrs[]> {
  const { firstIndex = 1, sameIndex = false, indexName } = options
  return {
    nested: true,
    decode(buf, start, end, depth) {
      const map = resolveMap(element)
      const out: DecodedAttrs[] = []
      forEachAttr(buf, start, end, (type, p, q) => {
        const item = decodeAttrs(map, buf, p, q, depth + 1)
        out.push(indexName === undefined ? item : { [indexName]: type, ...item })
      })
      return out
    },
    encode(value, writer: AttrWriter, path, depth) {
      if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array, got ${describe(value)}`)
      const map = resolveMap(element)
      value.forEach((item, i) => {
        let attrs = item as Record<string, unknown>
        let type = sameIndex ? firstIndex : firstIndex + i
        if (indexName !== undefined && typeof item === 'object' && item !== null) {
          const { [indexName]: index, ...rest } = attrs
          checkScalar('u16', index, `${path}[${i}].${indexName}`)
          type = Number(index)
          attrs = rest
        }
        const t = writer.begin(type, true)
        encodeAttrs(map, attrs, writer, `${path}[${i}]`, depth + 1)
        writer.end(t, `${path}[${i}]`)
      })
    },
  }
}
