/**
 * The message-schema mechanism shared by every netlink family: fixed structs, attribute maps, name
 * tables, the generic decoder and encoder, and the byte writer. Family modules (src/iproute, later
 * sock_diag and genl) declare their messages with these and add hand-tuned decoders where needed.
 */
export { ParseError } from './errors'
export { ScalarKind, NumberScalarKind, BigintScalarKind, SCALAR_SIZE, checkScalar, readScalar, writeScalar, u32le } from './scalar'
export { NameTable, BitNames, defineNames, defineBits } from './names'
export { StructCodec, StructSpec, FieldSpec, FieldKind, CompiledField, defineStruct } from './struct'
export {
  AttrMap,
  AttrSpec,
  AttrKind,
  AttrMapRef,
  CustomCodec,
  AnyCustomCodec,
  UnknownAttr,
  defineAttrs,
  resolveMap,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  NLA_TYPE_MASK,
  NLA_HDRLEN,
  MAX_NESTING_DEPTH,
} from './attrs'
export { DecodedAttrs, decodeAttrs, decodeAttrValue, decodeVariant, decodeNested, forEachAttr, keepUnknown, align4, copyBytes } from './decode'
export { encodeAttrs, encodeAttr, encodeNested, scalarValue } from './encode'
export { AttrWriter } from './writer'
