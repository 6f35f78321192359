/**
 * Nexthop shapes: what decodeNexthop and decodeNexthopBucket return (Nexthop, its group members,
 * resilient parameters and buckets) and what the nexthop encoders accept (NexthopSpec,
 * NexthopFilter, NexthopBucketFilter). The shape rules of every decoded object are in
 * ../common/types.ts.
 */
import type { RouteProtocolName, ScopeName } from '../common/rtnl'
import type { ExtraAttrs, IpFamily, UnknownAttr } from '../common/types'
import type { RouteEncap } from '../route/types'
import type { NexthopGroupTypeName } from './constants'

/** One member of a nexthop group (struct nexthop_grp). */
export interface NexthopGroupMember {
  /** The member nexthop's id. */
  id: number
  /** Its weight, 1..256 as `ip nexthop` shows it (the kernel stores weight - 1). */
  weight: number
}

/** NHA_RES_GROUP: the parameters of a resilient group. Timers are in seconds, as `ip nexthop` shows them. */
export interface NexthopResilient {
  /** NHA_RES_GROUP_BUCKETS: size of the bucket table. */
  buckets: number | null
  /** NHA_RES_GROUP_IDLE_TIMER: a bucket idle this long may be migrated to another nexthop. */
  idleTimer: number | null
  /** NHA_RES_GROUP_UNBALANCED_TIMER: after this long unbalanced, busy buckets are migrated too (0: never). */
  unbalancedTimer: number | null
  /** NHA_RES_GROUP_UNBALANCED_TIME: how long the group has been unbalanced. */
  unbalancedTime: number | null
}

/** A nexthop object as a dump, a get or a notification returns it (`ip nexthop` shows the same fields). */
export interface Nexthop {
  /** NHA_ID. */
  id: number
  /** 4 or 6; 0 (AF_UNSPEC) for groups. */
  family: IpFamily | number
  /** nh_scope (return only): 'link' with a gateway, 'host' for a device-only nexthop, ... */
  scope: ScopeName | number
  /** nh_protocol: who installed it; 'unspec' when nobody said. */
  protocol: RouteProtocolName | number
  /** nh_flags: RTNH_F_* (ONLINK, DEAD, LINKDOWN, ...). */
  flags: number
  /** RTNH_F_ONLINK is set: the gateway is taken as directly reachable. */
  onlink: boolean
  /** NHA_GATEWAY; null when absent. */
  gateway: string | null
  /** NHA_OIF: the output interface index; null when absent. */
  oif: number | null
  /** NHA_BLACKHOLE: packets to this nexthop are dropped. */
  blackhole: boolean
  /** NHA_FDB: the nexthop (or group) serves bridge fdb entries (vxlan), not routes. */
  fdb: boolean
  /** NHA_ENCAP_TYPE + NHA_ENCAP (lightweight tunnel); null when absent. */
  encap: RouteEncap | null
  /** NHA_GROUP: the members of a group; null for a single nexthop. */
  group: NexthopGroupMember[] | null
  /** NHA_GROUP_TYPE of a group ('mpath' when the kernel does not say); null for a single nexthop. */
  groupType: NexthopGroupTypeName | number | null
  /** NHA_RES_GROUP of a resilient group; null otherwise. */
  resilient: NexthopResilient | null
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw as `{ type, data }`; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** One bucket of a resilient nexthop group (RTM_NEWNEXTHOPBUCKET, `ip nexthop bucket`). */
export interface NexthopBucket {
  /** NHA_ID: the group's id. */
  id: number
  /** nh_flags of the bucket's nexthop (RTNH_F_* offload and trap bits). */
  flags: number
  /** NHA_RES_BUCKET_INDEX. */
  index: number
  /** NHA_RES_BUCKET_IDLE_TIME: seconds since traffic last hit the bucket. */
  idleTime: number
  /** NHA_RES_BUCKET_NH_ID: the member nexthop the bucket sends to. */
  nhId: number
  /** Known attributes without a field of their own, by schema name; null when there are none. */
  extra: ExtraAttrs | null
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

// ---------------------------------------------------------------------------------------------
// Encoder input. Interfaces are indexes: the IPRoute layer resolves names first.

/** A member of a group to add (`group ID[,WEIGHT]/...`). */
export interface NexthopGroupMemberSpec {
  /** An existing nexthop's id. */
  id: number
  /** 1..256 (default 1). */
  weight?: number
}

/** A resilient group's parameters to set (`buckets N idle_timer S unbalanced_timer S`); timers in seconds. */
export interface NexthopResilientSpec {
  /** Size of the bucket table (default 128 in the kernel); fixed once the group exists. */
  buckets?: number
  /** Seconds (1/100 s resolution). */
  idleTimer?: number
  /** Seconds (1/100 s resolution); 0 never migrates busy buckets. */
  unbalancedTimer?: number
}

/**
 * A nexthop to add or replace (`ip nexthop add|replace`): a single nexthop (gateway and/or
 * interface, or blackhole) or a group of existing ones.
 */
export interface NexthopSpec {
  /** NHA_ID; the kernel assigns one when absent. */
  id?: number
  /** 4 or 6: from `gateway` when given, else 4; a group has none. */
  family?: IpFamily
  /** NHA_GATEWAY. */
  gateway?: string
  /** NHA_OIF: the output interface index. */
  oif?: number
  /** NHA_BLACKHOLE: drop packets (no gateway, interface or encapsulation then). */
  blackhole?: boolean
  /** RTNH_F_ONLINK: take the gateway as directly reachable. */
  onlink?: boolean
  /** NHA_FDB: a nexthop (or group) for bridge fdb entries (no interface, blackhole or encapsulation then). */
  fdb?: boolean
  /** nh_protocol (default 'unspec', as iproute2). */
  protocol?: RouteProtocolName | number
  /** Lightweight-tunnel encapsulation, as decoded: `{ type: 'ip', data: { id, dst } }`, or data as a Buffer. */
  encap?: RouteEncap
  /** NHA_GROUP: the members of a group, instead of gateway/oif/blackhole. */
  group?: NexthopGroupMemberSpec[]
  /** NHA_GROUP_TYPE (default 'mpath'). */
  groupType?: NexthopGroupTypeName | number
  /** NHA_RES_GROUP: parameters of a 'resilient' group. */
  resilient?: NexthopResilientSpec
}

/** One nexthop by id: what 'del' and 'get' take (`ip nexthop del|get id N`). */
export interface NexthopQuery {
  /** NHA_ID. */
  id: number
}

/** Which nexthops a dump returns (`ip nexthop show ...`), each field applied by the kernel. */
export interface NexthopFilter {
  /** NHA_OIF: only nexthops using this interface index (no groups). */
  oif?: number
  /** NHA_MASTER: only nexthops whose interface is a port of this master (VRF, bridge) index. */
  master?: number
  /** NHA_GROUPS: only groups. */
  groups?: boolean
  /** NHA_FDB: only fdb nexthops and groups. */
  fdb?: boolean
}

/** Which buckets a bucket dump returns (`ip nexthop bucket show ...`), each field applied by the kernel. */
export interface NexthopBucketFilter {
  /** NHA_ID: the buckets of this resilient group only. */
  id?: number
  /** NHA_RES_BUCKET_NH_ID: only buckets sending to this member nexthop. */
  nhId?: number
  /** NHA_OIF: only buckets whose nexthop uses this interface index. */
  oif?: number
  /** NHA_MASTER: only buckets whose nexthop's interface is a port of this master index. */
  master?: number
}
