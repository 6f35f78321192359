/**
 * Argument checks for the rtnetlink encoders. Each turns bad input into a TypeError (wrong type or
 * malformed text) or RangeError (number out of range, name too long) whose message starts with the
 * argument's path, e.g. "route spec.gateway: '10.0.0.300' is not an IPv4 or IPv6 address".
 */
import { NameTable } from '../schema/names'
import { checkScalar, describe, ScalarKind } from '../schema/scalar'
import { hasHostBits, parseIP, parsePrefix, ParsedIP, ParsedPrefix } from '../util/address'

export function familyName(family: number): string {
  return family === 4 ? 'IPv4' : family === 6 ? 'IPv6' : `family ${family}`
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
  return spec as Record<string, unknown>
}

/** A plain object (not null, not an array); its keys are the caller's to check. */
export function objectArg(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what}: expected an object, got ${describe(value)}`)
  }
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

/** An IP address, optionally required to be of `family`. */
export function ipArg(value: unknown, path: string, family?: number, context = 'the request'): ParsedIP {
  const ip = typeof value === 'string' ? parseIP(value) : null
  if (ip === null) throw new TypeError(`${path}: ${describe(value)} is not an IPv4 or IPv6 address`)
  if (family !== undefined && ip.family !== family) {
    throw new TypeError(`${path}: '${value}' is ${familyName(ip.family)} but ${context} is ${familyName(family)}`)
  }
  return ip
}

/**
 * A prefix 'addr/len' or a bare address (host prefix). With `network`, host bits must be clear
 * ('10.0.0.1/24' is refused, naming '10.0.0.0/24'), as the kernel refuses them for routes.
 */
export function prefixArg(value: unknown, path: string, network: boolean, family?: number, context = 'the request'): ParsedPrefix {
  const p = typeof value === 'string' ? parsePrefix(value) : null
  if (p === null) {
    throw new TypeError(`${path}: ${describe(value)} is not an address or prefix (like '10.0.0.0/24' or '2001:db8::/32')`)
  }
  if (family !== undefined && p.family !== family) {
    throw new TypeError(`${path}: '${value}' is ${familyName(p.family)} but ${context} is ${familyName(family)}`)
  }
  if (network && hasHostBits(p.bytes, p.prefixLen)) {
    throw new TypeError(`${path}: '${value}' has host bits set beyond /${p.prefixLen}`)
  }
  return p
}

/** IFNAMSIZ: an interface name and its terminating NUL. */
export const IFNAMSIZ = 16

/** Bytes the kernel's isspace() accepts (lib/ctype.c: \t \n \v \f \r, space, and 0xa0). */
function isKernelSpace(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0
}

/**
 * An interface name as the kernel accepts it (net/core/dev.c dev_valid_name): 1..15 bytes of
 * UTF-8, not '.' or '..', no '/', ':', whitespace or NUL. The one rule for every interface name an
 * argument takes, whether it names a link to create or one to look up. (An address label may
 * contain ':'; it has a rule of its own.)
 */
export function ifnameArg(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new TypeError(`${path}: expected an interface name, got ${describe(value)}`)
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length === 0 || bytes.length >= IFNAMSIZ) {
    throw new RangeError(`${path}: '${value}' is ${bytes.length} bytes; interface names are 1..${IFNAMSIZ - 1} bytes`)
  }
  if (value === '.' || value === '..' || bytes.some((b) => b === 0x2f || b === 0x3a || b === 0 || isKernelSpace(b))) {
    throw new TypeError(`${path}: '${value}' is not a valid interface name (no '/', ':', whitespace, '.' or '..')`)
  }
  return value
}

/** A string of at most `maxBytes` utf8 bytes. */
export function stringArg(value: unknown, path: string, maxBytes: number): string {
  if (typeof value !== 'string') throw new TypeError(`${path}: expected a string, got ${describe(value)}`)
  if (Buffer.byteLength(value) > maxBytes) throw new RangeError(`${path}: longer than ${maxBytes} bytes`)
  return value
}
