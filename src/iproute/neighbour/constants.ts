/**
 * Neighbour numbers and their names: the NDA_* attribute types, flags and states
 * (linux/neighbour.h). A neighbour's ndm_type is a route type (../common/rtnl.ts).
 */
import { enumNames, LowerNames } from '../common/enum'

/**
 * Neighbour attributes (NDA_LLADDR → `NDA.LLADDR`), carried after struct ndmsg.
 * @enum
 */
export const NDA = {
  DST: 1,
  LLADDR: 2,
  CACHEINFO: 3,
  PROBES: 4,
  VLAN: 5,
  PORT: 6,
  VNI: 7,
  IFINDEX: 8,
  MASTER: 9,
  LINK_NETNSID: 10,
  SRC_VNI: 11,
  PROTOCOL: 12,
  NH_ID: 13,
  FDB_EXT_ATTRS: 14,
  FLAGS_EXT: 15,
  NDM_STATE_MASK: 16,
  NDM_FLAGS_MASK: 17,
} as const

/**
 * Neighbour flags, ndm_flags (NTF_PROXY → `NTF.PROXY`).
 * @enum
 */
export const NTF = {
  USE: 0x01,
  SELF: 0x02,
  MASTER: 0x04,
  PROXY: 0x08,
  EXT_LEARNED: 0x10,
  OFFLOADED: 0x20,
  STICKY: 0x40,
  ROUTER: 0x80,
} as const

/**
 * Neighbour states, ndm_state bits (NUD_REACHABLE → `NUD.REACHABLE`).
 * @enum
 */
export const NUD = {
  NONE: 0x00,
  INCOMPLETE: 0x01,
  REACHABLE: 0x02,
  STALE: 0x04,
  DELAY: 0x08,
  PROBE: 0x10,
  FAILED: 0x20,
  NOARP: 0x40,
  PERMANENT: 0x80,
} as const

/** Names of the single neighbour states (NUD_*), lowercase. */
export type NeighbourStateName = LowerNames<typeof NUD>

/** Neighbour states (lowercase; iproute2 prints them uppercase). A state word is normally one bit. */
export const NEIGHBOUR_STATES = enumNames('neighbour state', NUD)
