/**
 * Attribute maps: the declaration of a netlink attribute space (type number → name and kind).
 *
 * One declaration drives both directions: `decodeAttrs` (./decode.ts) reads attributes into a plain
 * object keyed by name, and `encodeAttrs` (./encode.ts) writes such an object back. Nothing here is
 * specific to a netlink family; rtnetlink, sock_diag and generic netlink declare their own maps.
 *
 * Kinds:
 * - integers (`u8` … `be64`, see ./scalar.ts) → number; `u64n`, `s64n`, `be64n` → bigint (exact)
 * - `flag`     zero-length presence attribute → true
 * - `string`   NUL-terminated text → string without the NUL (utf8)
 * - `binary`   raw payload → Buffer (a copy: it never pins the receive buffer)
 * - `ipaddr`   4 or 16 bytes → IPv4 / RFC 5952 IPv6 text
 * - `lladdr`   link-layer address → 'aa:bb:cc:dd:ee:ff'
 * - `struct`   fixed C struct (`struct:` codec) → object
 * - `nested`   attributes of another map (`nested:`), optionally after a fixed header (`header:`)
 *              → object (header fields and attributes merged; names must not clash)
 * - `array`    nested attributes whose types are indexes 1..n or 0..n-1 with values of `item` kind → array
 * - `variant`  nested attributes whose map depends on a sibling attribute's value (`selector:`,
 *              `variants:`), e.g. IFLA_INFO_DATA chosen by IFLA_INFO_KIND → object, or a Buffer
 *              when the selector value has no declared map
 * - `custom`   a codec of its own (`codec:`), for layouts attributes cannot express (rtnexthop arrays)
 * - `pad`      alignment padding (IFLA_PAD, RTA_PAD): skipped when decoding, never encoded
 *
 * `multi: true` collects repeated attributes of that type into an array (IFLA_ALT_IFNAME).
 * `names:` maps integer values to names both ways (decode shows the name when known).
 */
import { NameTable } from './names'
import { ScalarKind } from './scalar'
import { StructCodec } from './struct'
import type { AttrWriter } from './writer'
import { NLA_TYPE_MASK } from '../generated/netlink'

/**
 * How an attribute's payload reads: an integer kind, a flag (no payload), text, raw bytes, an address,
 * a struct, nested attributes, an array, a variant picked by a sibling attribute, a custom codec, or
 * padding.
 */
export type AttrKind = ScalarKind | 'flag' | 'string' | 'binary' | 'ipaddr' | 'lladdr' | 'struct' | 'nested' | 'array' | 'variant' | 'custom' | 'pad'

/** Lazily referenced map, for recursive layouts (a veth peer carries link attributes). */
export type AttrMapRef = AttrMap | (() => AttrMap)

/**
 * Deepest attribute nesting the schema decoders and encoders follow: attributes of a message are at
 * depth 0, those inside one nested attribute at depth 1, and so on. Two layouts refer back to
 * themselves (a veth peer carries link attributes with a linkinfo of its own; a next hop of
 * RTA_MULTIPATH carries route attributes), so without a cap a well-formed but deeply nested message
 * or a caller's self-referencing spec would recurse until the JS stack overflows. The kernel's
 * deepest real layouts (a veth peer's IFLA_AF_SPEC → AF_INET6 → ... inside IFLA_LINKINFO) stay
 * well under ten levels. Beyond the cap, decoding throws ParseError and encoding RangeError.
 */
export const MAX_NESTING_DEPTH = 32

/** Hook for attribute layouts the declarative kinds cannot express. */
export interface CustomCodec<V = unknown> {
  /**
   * Decodes the payload [start, end) of `buf`. Return `undefined` to have the attribute kept raw in
   * `unknown` (payload not understood); throw ParseError for malformed framing. `depth` is the
   * nesting depth of attributes inside the payload: pass it on to `decodeAttrs` for them.
   */
  decode(buf: Buffer, start: number, end: number, depth: number): V | undefined
  /**
   * Writes the payload (the attribute header is written by the caller). Validates, naming `path`.
   * `depth` is the nesting depth of attributes inside the payload: pass it on to `encodeAttrs`.
   */
  encode(value: V, writer: AttrWriter, path: string, depth: number): void
  /**
   * true when the payload is itself attributes (an array of nests, say): the encoder then flags
   * the attribute NLA_F_NESTED, which the kernel's strict validation requires of nests.
   */
  readonly nested?: boolean
}

/** A CustomCodec of any value type, as stored in an AttrSpec. */
export interface AnyCustomCodec {
  /** See {@link CustomCodec.decode}. */
  decode(buf: Buffer, start: number, end: number, depth: number): unknown
  /** See {@link CustomCodec.encode}. */
  encode(value: never, writer: AttrWriter, path: string, depth: number): void
  /** See {@link CustomCodec.nested}. */
  readonly nested?: boolean
}

/**
 * How one attribute type of an {@link AttrMap} decodes and encodes: its property name, its kind, and
 * what that kind needs.
 */
export interface AttrSpec {
  /** Property name (camelCase). 'unknown' is reserved. */
  name: string
  /** How the payload reads. */
  kind: AttrKind
  /** Number ↔ name mapping for integer kinds (those that decode to a number). */
  names?: NameTable
  /** For 'struct'. */
  struct?: StructCodec<object>
  /** For 'nested': the inner map, and an optional fixed header preceding the inner attributes. */
  nested?: AttrMapRef
  /** For 'nested': a fixed header (struct) that precedes the inner attributes. */
  header?: StructCodec<object>
  /** For 'array': the kind of each element, and the first index (kernel arrays use 0 or 1). */
  item?: ScalarKind | 'ipaddr' | 'string'
  /** For 'array': the index of the first element (kernel arrays use 0 or 1). */
  firstIndex?: number
  /** For 'variant': name of the sibling attribute whose value picks the map, and the maps by value. */
  selector?: string
  /** For 'variant': the attribute maps by the selector's value. */
  variants?: Readonly<Record<string, AttrMapRef>>
  /** For 'custom'. */
  codec?: AnyCustomCodec
  /** Collect every occurrence into an array. */
  multi?: boolean
}

/** An attribute the map does not declare (or whose payload did not fit its kind), kept raw. */
export interface UnknownAttr {
  /** Attribute type with NLA_F_NESTED / NLA_F_NET_BYTEORDER masked off. */
  type: number
  /** The payload (a copy), without the 4-byte attribute header or padding. */
  data: Buffer
}

// Generated from the Rust core's constants, which read attributes too.
export { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK, NLA_HDRLEN } from '../generated/netlink'

/**
 * An attribute map: the attribute types of one message or nest, with the name and kind of each, for the
 * generic decoder and encoder. Made by {@link defineAttrs}.
 */
export class AttrMap {
  /** Specs indexed by attribute type (sparse). */
  readonly byType: ReadonlyArray<AttrSpec | undefined>
  /** Name -> [type, spec]. */
  readonly byName: ReadonlyMap<
    string,
    {
      /** The attribute type number. */
      readonly type: number
      /** Its spec. */
      readonly spec: AttrSpec
    }
  >

  constructor(
    /** The map's name, for errors ('RTA', 'IFLA_INFO'). */
    readonly name: string,
    entries: Readonly<Record<number, AttrSpec>>,
  ) {
    const byType: (AttrSpec | undefined)[] = []
    const byName = new Map<string, { type: number; spec: AttrSpec }>()
    for (const [key, spec] of Object.entries(entries)) {
      const type = Number(key)
      if (!(type >= 0 && type <= NLA_TYPE_MASK)) throw new Error(`attrs ${name}: bad type ${key}`)
      if (spec.name === 'unknown') throw new Error(`attrs ${name}: 'unknown' is reserved`)
      if (byName.has(spec.name)) throw new Error(`attrs ${name}: duplicate name ${spec.name}`)
      checkSpec(name, spec)
      byType[type] = spec
      byName.set(spec.name, { type, spec })
    }
    this.byType = byType
    this.byName = byName
  }

  /** The attribute type number declared for `name` (throws for undeclared names: a programming error). */
  typeOf(name: string): number {
    const entry = this.byName.get(name)
    if (entry === undefined) throw new Error(`attrs ${this.name}: no attribute named ${name}`)
    return entry.type
  }
}

function checkSpec(map: string, spec: AttrSpec): void {
  const need = (ok: unknown, what: string): void => {
    if (!ok) throw new Error(`attrs ${map}.${spec.name}: kind ${spec.kind} needs ${what}`)
  }
  if (spec.kind === 'struct') need(spec.struct, 'struct')
  if (spec.kind === 'nested') need(spec.nested, 'nested')
  if (spec.kind === 'array') need(spec.item, 'item')
  if (spec.kind === 'variant') need(spec.selector && spec.variants, 'selector and variants')
  if (spec.kind === 'custom') need(spec.codec, 'codec')
}

/** Declares an attribute map: `defineAttrs('rta', { [RTA.DST]: { name: 'dst', kind: 'ipaddr' }, ... })`. */
export function defineAttrs(name: string, entries: Readonly<Record<number, AttrSpec>>): AttrMap {
  return new AttrMap(name, entries)
}

export function resolveMap(ref: AttrMapRef): AttrMap {
  return typeof ref === 'function' ? ref() : ref
}
