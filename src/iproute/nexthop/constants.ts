/**
 * Nexthop object numbers and their names (linux/nexthop.h): the NHA_* attribute types, the group
 * types and the attributes nested in a resilient group (NHA_RES_GROUP_*) and in one of its buckets
 * (NHA_RES_BUCKET_*). A nexthop's nh_flags are the RTNH_F_* flags of ../route/constants.ts.
 */
import { defineNames } from '../../schema/names'
import { LowerNames, lowerNames } from '../common/enum'

/**
 * Nexthop attributes (NHA_GATEWAY → `NHA.GATEWAY`), carried after struct nhmsg. GROUPS, MASTER and
 * OIF also filter dumps; FDB marks a bridge fdb nexthop.
 * @enum
 */
export const NHA = {
  ID: 1,
  GROUP: 2,
  GROUP_TYPE: 3,
  BLACKHOLE: 4,
  OIF: 5,
  GATEWAY: 6,
  ENCAP_TYPE: 7,
  ENCAP: 8,
  GROUPS: 9,
  MASTER: 10,
  FDB: 11,
  RES_GROUP: 12,
  RES_BUCKET: 13,
  OP_FLAGS: 14,
  GROUP_STATS: 15,
  HW_STATS_ENABLE: 16,
  HW_STATS_USED: 17,
} as const

/**
 * Nexthop group types, NHA_GROUP_TYPE (NEXTHOP_GRP_TYPE_RES → `NEXTHOP_GRP_TYPE.RES`): hash-threshold
 * multipath (the default) or resilient hashing over a table of buckets.
 * @enum
 */
export const NEXTHOP_GRP_TYPE = {
  MPATH: 0,
  RES: 1,
} as const

/** Names of the nexthop group types: 'mpath', and 'resilient' as iproute2 spells NEXTHOP_GRP_TYPE_RES. */
export type NexthopGroupTypeName = Exclude<LowerNames<typeof NEXTHOP_GRP_TYPE>, 'res'> | 'resilient'

/** Nexthop group type numbers ↔ names ('mpath', 'resilient'). */
export const NEXTHOP_GROUP_TYPES = defineNames<NexthopGroupTypeName>(
  'nexthop group type',
  // lowerNames types its names as the members' own; RES is renamed here.
  lowerNames(NEXTHOP_GRP_TYPE, { RES: 'resilient' }) as Record<number, NexthopGroupTypeName>,
)

/**
 * Attributes nested in NHA_RES_GROUP: a resilient group's bucket count and timers (clock_t, 1/100 s).
 * @enum
 */
export const NHA_RES_GROUP = {
  PAD: 0,
  BUCKETS: 1,
  IDLE_TIMER: 2,
  UNBALANCED_TIMER: 3,
  UNBALANCED_TIME: 4,
} as const

/**
 * Attributes nested in NHA_RES_BUCKET: one bucket of a resilient group (RTM_NEWNEXTHOPBUCKET).
 * @enum
 */
export const NHA_RES_BUCKET = {
  PAD: 0,
  INDEX: 1,
  IDLE_TIME: 2,
  NH_ID: 3,
} as const

/** Ticks per second of the clock_t values the kernel reports to user space (USER_HZ). */
export const USER_HZ = 100
