/**
 * The interface-name rule: the kernel's (net/core/dev.c dev_valid_name), the one every family
 * applies to every interface name an argument takes, whether it names a link to create or one to
 * look up, so that a name we accept is one the kernel accepts and the reverse. (An address label
 * may contain ':'; it has a rule of its own, in its encoder.)
 */
import { describe } from '../schema/scalar'

/** IFNAMSIZ: an interface name and its terminating NUL. */
export const IFNAMSIZ = 16

/** Bytes the kernel's isspace() accepts (lib/ctype.c: \t \n \v \f \r, space, and 0xa0). */
function isKernelSpace(byte: number): boolean {
  return (byte >= 0x09 && byte <= 0x0d) || byte === 0x20 || byte === 0xa0
}

const SLASH = 0x2f
const COLON = 0x3a

/**
 * An interface name as the kernel accepts it: 1..15 bytes of UTF-8, not '.' or '..', no '/', ':',
 * whitespace or NUL. A RangeError for the length, a TypeError for the rest.
 */
export function ifnameArg(value: unknown, path: string): string {
  if (isPlainIfname(value)) return value
  if (typeof value !== 'string') throw new TypeError(`${path}: expected an interface name, got ${describe(value)}`)
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length === 0 || bytes.length >= IFNAMSIZ) {
    throw new RangeError(`${path}: '${value}' is ${bytes.length} bytes; interface names are 1..${IFNAMSIZ - 1} bytes`)
  }
  if (value === '.' || value === '..' || bytes.some((b) => b === SLASH || b === COLON || b === 0 || isKernelSpace(b))) {
    throw new TypeError(`${path}: '${value}' is not a valid interface name (no '/', ':', whitespace, '.' or '..')`)
  }
  return value
}

/**
 * Whether `value` is a name the rule above accepts, checked without allocating, for the usual
 * case: 1..15 printable ASCII characters. False for anything else (a non-ASCII name may still be
 * valid: ifnameArg decides). A caller checking 100k names (changes issued at once) makes no path
 * string or UTF-8 copy for each.
 */
export function isPlainIfname(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length >= IFNAMSIZ || value === '.' || value === '..') return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c <= 0x20 || c >= 0x7f || c === SLASH || c === COLON) return false
  }
  return true
}
