/** Address shapes: what decodeAddress returns (Address) and what encodeAddressRequest accepts (AddressSpec). */
import type { ScopeName } from '../common/rtnl'
import type { ExtraAttrs, IpFamily, UnknownAttr } from '../common/types'

/** IFA_CACHEINFO: lifetimes and timestamps of an address. */
export interface AddressCacheInfo {
  /** Preferred lifetime left, seconds (0xffffffff = forever). */
  preferred: number
  /** Valid lifetime left, seconds (0xffffffff = forever). */
  valid: number
  /** Created / updated timestamps, hundredths of seconds since boot. */
  cstamp: number
  /** Last-updated timestamp, hundredths of seconds since boot. */
  tstamp: number
}

/** An interface address as a dump or a notification returns it (`ip addr` shows the same fields). */
export interface Address {
  /** 4 or 6; other AF_* numbers as they are. */
  family: IpFamily | number
  /** Prefix length of the address (ifa_prefixlen). */
  prefixlen: number
  /** IFA_F_* flags (IFA_FLAGS when sent, else the 8-bit header field). */
  flags: number
  /** ifa_scope: 'universe', 'link', 'host', ... or the number. */
  scope: ScopeName | number
  /** Interface index. */
  index: number
  /** IFA_ADDRESS (the peer on point-to-point links). */
  address: string | null
  /** IFA_LOCAL (the local address; equals `address` except on point-to-point links). */
  local: string | null
  /** IFA_LABEL (IPv4 only: 'eth0:1'); null when absent. */
  label: string | null
  /** IFA_BROADCAST (IPv4); null when absent. */
  broadcast: string | null
  /** IFA_ANYCAST (IPv6); null when absent. */
  anycast: string | null
  /** IFA_CACHEINFO: lifetimes and timestamps; null when absent. */
  cacheinfo: AddressCacheInfo | null
  /** IFA_RT_PRIORITY: metric of the prefix route. */
  priority: number | null
  /** IFA_PROTO (who added the address). */
  proto: number | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** An address to add or delete (encoder input; interfaces are indexes). */
export interface AddressSpec {
  /** 'addr/len' (a bare address means /32 or /128). */
  address: string
  /** Interface index. */
  index: number
  /** Peer address (point-to-point); sent as IFA_ADDRESS while `address` goes in IFA_LOCAL. */
  peer?: string
  /** IPv4 broadcast address. */
  broadcast?: string
  /** IFA_LABEL (IPv4), by convention the interface name and a suffix ('eth0:1'). */
  label?: string
  /** Default 'universe' ('host' for 127.0.0.0/8 and ::1 as iproute2 does). */
  scope?: ScopeName | 'global' | number
  /** IFA_F_* flags. */
  flags?: number
  /** Lifetimes in seconds (0xffffffff = forever). */
  preferredLifetime?: number
  /** Valid lifetime, seconds (0xffffffff = forever); at least `preferredLifetime`. */
  validLifetime?: number
  /** IFA_RT_PRIORITY (metric of the prefix route). */
  priority?: number
  /** IFA_PROTO: who adds the address (a number; 0 = unspecified). */
  proto?: number
}
