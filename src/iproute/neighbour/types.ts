/** Neighbour shapes: what decodeNeighbour returns (Neighbour) and what encodeNeighbourRequest accepts (NeighbourSpec). */
import type { RouteProtocolName, RouteTypeName } from '../common/rtnl'
import type { ExtraAttrs, IpFamily, UnknownAttr } from '../common/types'
import type { NeighbourStateName } from './constants'

/** NDA_CACHEINFO: ages of a neighbour entry. */
export interface NeighbourCacheInfo {
  /** Time since the entry was last confirmed reachable (clock ticks as the kernel reports them). */
  confirmed: number
  /** Time since the entry was last used. */
  used: number
  /** Time since the entry was last updated. */
  updated: number
  /** References the kernel holds on the entry. */
  refcnt: number
}

/** A neighbour (ARP / NDP / bridge fdb) entry as a dump or a notification returns it (`ip neigh`). */
export interface Neighbour {
  /** 4 or 6; 7 (AF_BRIDGE) for bridge fdb entries. */
  family: IpFamily | number
  /** Interface index (ndm_ifindex). */
  ifindex: number
  /** NUD state: a name for a single state bit (or 'none'), the number for combinations. */
  state: NeighbourStateName | number
  /** NTF_* flags. */
  flags: number
  /** NTF_ROUTER is set. */
  router: boolean
  /** ndm_type (route type of the address, e.g. 'unicast'). */
  type: RouteTypeName | number
  /** NDA_DST: the neighbour's network address; null when absent (some fdb entries). */
  dst: string | null
  /** NDA_LLADDR: its link-layer address; null when unresolved. */
  lladdr: string | null
  /** NDA_PROBES: probes sent since the last confirmation. */
  probes: number | null
  /** NDA_VLAN (bridge fdb). */
  vlan: number | null
  /** NDA_VNI (vxlan fdb). */
  vni: number | null
  /** NDA_PORT: UDP port (vxlan fdb). */
  port: number | null
  /** NDA_MASTER: index of the master (bridge) device. */
  master: number | null
  /** NDA_LINK_NETNSID: the entry's device is in the namespace with this id. */
  linkNetnsId: number | null
  /** NDA_PROTOCOL: who added the entry; null when absent. */
  protocol: RouteProtocolName | number | null
  /** NDA_CACHEINFO; null when absent. */
  cacheinfo: NeighbourCacheInfo | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** A neighbour entry to add, change or delete (encoder input; interfaces are indexes). */
export interface NeighbourSpec {
  /** The neighbour's network address (NDA_DST). */
  dst: string
  /** Interface index (ndm_ifindex). */
  ifindex: number
  /** Its link-layer address (NDA_LLADDR). */
  lladdr?: string
  /** Default 'permanent'. */
  state?: NeighbourStateName | number
  /** NTF_* flags (NTF.ROUTER marks an IPv6 router, NTF.PROXY a proxy entry). */
  flags?: number
  /** Overrides `family` derived from `dst` (e.g. 7 for bridge fdb entries). */
  family?: number
  /** NDA_VLAN (bridge fdb). */
  vlan?: number
  /** NDA_MASTER: index of the master (bridge) device. */
  master?: number
  /** NDA_PROTOCOL: who adds the entry. */
  protocol?: RouteProtocolName | number
  /** A proxy entry (`ip neigh add proxy ADDR dev DEV`): sets NTF_PROXY in `flags`. */
  proxy?: boolean
}
