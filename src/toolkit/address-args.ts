/**
 * IP address and prefix arguments: text parsed once (src/util/address.ts), then checked against
 * the family the rest of the request has, so "10.0.0.1 in an IPv6 route" fails naming both.
 * Errors follow ./args.ts: a TypeError whose message starts with the argument's path.
 */
import { describe } from '../schema/scalar'
import { hasHostBits, parseIP, parsePrefix, type ParsedIP, type ParsedPrefix } from '../util/address'
import { familyName } from './family'

/** An IP address, optionally required to be of `family` (what `context` is, for the error). */
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
 * ('10.0.0.1/24' is refused), as the kernel refuses them for routes.
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
