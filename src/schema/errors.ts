/**
 * Errors raised by the schema decoders: the one ParseError class of the library (src/errors.ts),
 * re-exported here so schema code does not reach across the tree for it.
 *
 * A ParseError means the bytes are not well-formed netlink (an attribute shorter than its own
 * header, or running past the end of its message), or nest deeper than MAX_NESTING_DEPTH (./attrs.ts). It is thrown, never swallowed. Attributes that
 * are well-formed but not understood are not errors: decoders keep them raw (see `UnknownAttr`).
 */
export { ParseError } from '../errors'
