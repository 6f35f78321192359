/**
 * Address families: the public 4 / 6 every API takes and returns, and the AF_* numbers netlink
 * messages carry (rtnetlink's rtm_family, sock_diag's sdiag_family, ...). The mapping is written
 * here once; families' constant modules re-export it rather than declare their own.
 */

// The AF_* numbers the Rust core uses too are generated from its constants.
import { AF_INET, AF_INET6 } from '../generated/netlink'
export { AF_UNSPEC, AF_INET, AF_INET6 } from '../generated/netlink'

/** The public families: 4 (IPv4) and 6 (IPv6). */
export type IpFamily = 4 | 6

/** Public family of an AF_* number: 4 for AF_INET, 6 for AF_INET6, any other AF_* number as is. */
export function familyFromAf(af: number): number {
  return af === AF_INET ? 4 : af === AF_INET6 ? 6 : af
}

/** AF_* number of a public family (4 / 6); other numbers are taken as AF_* numbers already. */
export function afFromFamily(family: number): number {
  return family === 4 ? AF_INET : family === 6 ? AF_INET6 : family
}

/** How errors name a public family: 'IPv4', 'IPv6', or 'family N'. */
export function familyName(family: number): string {
  return family === 4 ? 'IPv4' : family === 6 ? 'IPv6' : `family ${family}`
}

/**
 * An optional public family argument: undefined (every family), 4 or 6; a TypeError naming `path`
 * otherwise. Callers that send it take `afFromFamily(family ?? 0)` (0 is AF_UNSPEC).
 */
export function ipFamilyArg(value: unknown, path: string): IpFamily | undefined {
  if (value === undefined || value === 4 || value === 6) return value
  throw new TypeError(`${path}: expected 4 or 6, got ${String(value)}`)
}
