/**
 * Argument checks every family's methods and encoders share: objects with known keys only,
 * integers that fit their netlink field, names from a name table, bounded strings. Each turns bad
 * input into a TypeError (wrong type, unknown key, unknown name) or a RangeError (number out of
 * range, text too long) whose message starts with the argument's path, e.g.
 * "getLinks filter.bogus: unknown field", so a caller sees which part of which argument is wrong.
 */
import type { NameTable } from '../schema/names'
import { checkScalar, describe, type ScalarKind } from '../schema/scalar'

/** A plain object (not null, not an array); its keys are the caller's to check. */
export function objectArg(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what}: expected an object, got ${describe(value)}`)
  }
}

/**
 * Throws unless `spec` is a plain object whose keys are all in `allowed`: a TypeError naming the
 * key ("getLinks filter.bogus: unknown field"). `null` is refused like any other non-object; only
 * an omitted argument (undefined, replaced by its default) means "none".
 */
export function checkSpecObject(spec: unknown, allowed: ReadonlySet<string>, what: string, noun = 'field'): Record<string, unknown> {
  objectArg(spec, what)
  for (const key of Object.keys(spec)) {
    if (!allowed.has(key)) throw new TypeError(`${what}.${key}: unknown ${noun}`)
  }
  return spec
}

/** An integer that must fit `kind`. */
export function intArg(kind: ScalarKind, value: unknown, path: string): number {
  checkScalar(kind, value, path)
  return Number(value)
}

/** A name from `table` or a number fitting `kind`. */
export function namedArg(table: NameTable, kind: ScalarKind, value: unknown, path: string): number {
  if (typeof value === 'string') {
    const n = table.valueOf(value)
    if (n === undefined) throw new TypeError(`${path}: '${value}' is not a known ${table.what}`)
    return n
  }
  return intArg(kind, value, path)
}

/** A string of at most `maxBytes` utf8 bytes. */
export function stringArg(value: unknown, path: string, maxBytes: number): string {
  if (typeof value !== 'string') throw new TypeError(`${path}: expected a string, got ${describe(value)}`)
  if (Buffer.byteLength(value) > maxBytes) throw new RangeError(`${path}: longer than ${maxBytes} bytes`)
  return value
}
