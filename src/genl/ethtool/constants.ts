/**
 * ethtool netlink's numbers (linux/ethtool_netlink.h): message types both ways, request header
 * flags, and the attribute types of the request kinds this library speaks.
 */

/** ETHTOOL_GENL_NAME / ETHTOOL_GENL_VERSION. */
export const ETHTOOL_GENL_NAME = 'ethtool'
/** The ethtool interface version requests carry. */
export const ETHTOOL_GENL_VERSION = 1
/** ETHTOOL_MCGRP_MONITOR_NAME: the group notifications go to. */
export const ETHTOOL_MCGRP_MONITOR_NAME = 'monitor'

/**
 * ETHTOOL_MSG_*: userspace to kernel (requests).
 * @enum
 */
export const ETHTOOL_MSG_USER = {
  STRSET_GET: 1,
  LINKINFO_GET: 2,
  LINKINFO_SET: 3,
  LINKMODES_GET: 4,
  LINKMODES_SET: 5,
  LINKSTATE_GET: 6,
  FEATURES_GET: 11,
  FEATURES_SET: 12,
  RINGS_GET: 15,
  RINGS_SET: 16,
  CHANNELS_GET: 17,
  CHANNELS_SET: 18,
  COALESCE_GET: 19,
  COALESCE_SET: 20,
  PAUSE_GET: 21,
  PAUSE_SET: 22,
  STATS_GET: 32,
}

/**
 * ETHTOOL_MSG_*: kernel to userspace (answers and notifications).
 * @enum
 */
export const ETHTOOL_MSG = {
  STRSET_GET_REPLY: 1,
  LINKINFO_GET_REPLY: 2,
  LINKINFO_NTF: 3,
  LINKMODES_GET_REPLY: 4,
  LINKMODES_NTF: 5,
  LINKSTATE_GET_REPLY: 6,
  FEATURES_GET_REPLY: 11,
  FEATURES_SET_REPLY: 12,
  FEATURES_NTF: 13,
  RINGS_GET_REPLY: 16,
  RINGS_NTF: 17,
  CHANNELS_GET_REPLY: 18,
  CHANNELS_NTF: 19,
  COALESCE_GET_REPLY: 20,
  COALESCE_NTF: 21,
  PAUSE_GET_REPLY: 22,
  PAUSE_NTF: 23,
  STATS_GET_REPLY: 33,
}

/**
 * ETHTOOL_FLAG_*: ETHTOOL_A_HEADER_FLAGS bits.
 * @enum
 */
export const ETHTOOL_FLAG = { COMPACT_BITSETS: 1, OMIT_REPLY: 2, STATS: 4 }

/**
 * ETHTOOL_A_HEADER_*.
 * @enum
 */
export const ETHTOOL_A_HEADER = { DEV_INDEX: 1, DEV_NAME: 2, FLAGS: 3, PHY_INDEX: 4 }

/**
 * ETHTOOL_A_STRSET_*: a STRSET_GET request and its answer.
 * @enum
 */
export const ETHTOOL_A_STRSET = { HEADER: 1, STRINGSETS: 2, COUNTS_ONLY: 3 }
/** ETHTOOL_A_STRINGSETS_STRINGSET: the type of each string set's nest inside ETHTOOL_A_STRSET_STRINGSETS. */
export const ETHTOOL_A_STRINGSETS_STRINGSET = 1
/**
 * ETHTOOL_A_STRINGSET_*: one string set.
 * @enum
 */
export const ETHTOOL_A_STRINGSET = { ID: 1, COUNT: 2, STRINGS: 3 }
/** ETHTOOL_A_STRINGS_STRING: the type of each string's nest inside ETHTOOL_A_STRINGSET_STRINGS. */
export const ETHTOOL_A_STRINGS_STRING = 1
/**
 * ETHTOOL_A_STRING_*: one string of a set, by its index.
 * @enum
 */
export const ETHTOOL_A_STRING = { INDEX: 1, VALUE: 2 }
/**
 * ETH_SS_*: the string sets (linux/ethtool.h) this library reads.
 * @enum
 */
export const ETH_SS = { FEATURES: 4 }

/**
 * ETHTOOL_A_BITSET_BIT_*: one bit of a verbose bit set.
 * @enum
 */
export const ETHTOOL_A_BITSET_BIT = { INDEX: 1, NAME: 2, VALUE: 3 }
/** ETHTOOL_A_BITSET_BITS_BIT: the type of each bit's nest inside ETHTOOL_A_BITSET_BITS. */
export const ETHTOOL_A_BITSET_BITS_BIT = 1
/**
 * ETHTOOL_A_BITSET_*.
 * @enum
 */
export const ETHTOOL_A_BITSET = { NOMASK: 1, SIZE: 2, BITS: 3, VALUE: 4, MASK: 5 }

/**
 * ETHTOOL_A_LINKINFO_*.
 * @enum
 */
export const ETHTOOL_A_LINKINFO = { HEADER: 1, PORT: 2, PHYADDR: 3, TP_MDIX: 4, TP_MDIX_CTRL: 5, TRANSCEIVER: 6 }

/**
 * ETHTOOL_A_LINKMODES_*.
 * @enum
 */
export const ETHTOOL_A_LINKMODES = {
  HEADER: 1,
  AUTONEG: 2,
  OURS: 3,
  PEER: 4,
  SPEED: 5,
  DUPLEX: 6,
  MASTER_SLAVE_CFG: 7,
  MASTER_SLAVE_STATE: 8,
  LANES: 9,
  RATE_MATCHING: 10,
}

/**
 * ETHTOOL_A_LINKSTATE_*.
 * @enum
 */
export const ETHTOOL_A_LINKSTATE = { HEADER: 1, LINK: 2, SQI: 3, SQI_MAX: 4, EXT_STATE: 5, EXT_SUBSTATE: 6, EXT_DOWN_CNT: 7 }

/**
 * ETHTOOL_A_FEATURES_*.
 * @enum
 */
export const ETHTOOL_A_FEATURES = { HEADER: 1, HW: 2, WANTED: 3, ACTIVE: 4, NOCHANGE: 5 }

/**
 * ETHTOOL_A_RINGS_*.
 * @enum
 */
export const ETHTOOL_A_RINGS = {
  HEADER: 1,
  RX_MAX: 2,
  RX_MINI_MAX: 3,
  RX_JUMBO_MAX: 4,
  TX_MAX: 5,
  RX: 6,
  RX_MINI: 7,
  RX_JUMBO: 8,
  TX: 9,
  RX_BUF_LEN: 10,
  TCP_DATA_SPLIT: 11,
  CQE_SIZE: 12,
  TX_PUSH: 13,
}

/**
 * ETHTOOL_A_CHANNELS_*.
 * @enum
 */
export const ETHTOOL_A_CHANNELS = {
  HEADER: 1,
  RX_MAX: 2,
  TX_MAX: 3,
  OTHER_MAX: 4,
  COMBINED_MAX: 5,
  RX_COUNT: 6,
  TX_COUNT: 7,
  OTHER_COUNT: 8,
  COMBINED_COUNT: 9,
}

/** ETHTOOL_A_COALESCE_* (in order, from HEADER = 1). */
export const ETHTOOL_A_COALESCE_NAMES = [
  'header',
  'rxUsecs',
  'rxMaxFrames',
  'rxUsecsIrq',
  'rxMaxFramesIrq',
  'txUsecs',
  'txMaxFrames',
  'txUsecsIrq',
  'txMaxFramesIrq',
  'statsBlockUsecs',
  'useAdaptiveRx',
  'useAdaptiveTx',
  'pktRateLow',
  'rxUsecsLow',
  'rxMaxFramesLow',
  'txUsecsLow',
  'txMaxFramesLow',
  'pktRateHigh',
  'rxUsecsHigh',
  'rxMaxFramesHigh',
  'txUsecsHigh',
  'txMaxFramesHigh',
  'rateSampleInterval',
  'useCqeModeTx',
  'useCqeModeRx',
] as const

/**
 * ETHTOOL_A_PAUSE_*.
 * @enum
 */
export const ETHTOOL_A_PAUSE = { HEADER: 1, AUTONEG: 2, RX: 3, TX: 4, STATS: 5 }
/**
 * ETHTOOL_A_PAUSE_STAT_*.
 * @enum
 */
export const ETHTOOL_A_PAUSE_STAT = { PAD: 1, TX_FRAMES: 2, RX_FRAMES: 3 }

/**
 * ETHTOOL_A_STATS_*.
 * @enum
 */
export const ETHTOOL_A_STATS = { PAD: 1, HEADER: 2, GROUPS: 3, GRP: 4, SRC: 5 }
/**
 * ETHTOOL_A_STATS_GRP_*.
 * @enum
 */
export const ETHTOOL_A_STATS_GRP = { PAD: 1, ID: 2, SS_ID: 3, STAT: 4 }
/** The standard statistics groups by name (the ETH_SS_STATS_STD string set). */
export const ETHTOOL_STATS_GROUPS = ['eth-phy', 'eth-mac', 'eth-ctrl', 'rmon'] as const

/** DUPLEX_* (linux/ethtool.h). */
export const DUPLEX_NAMES: Readonly<Record<number, string>> = Object.freeze({ 0: 'half', 1: 'full', 0xff: 'unknown' })
/** SPEED_UNKNOWN as the u32 of ETHTOOL_A_LINKMODES_SPEED. */
export const SPEED_UNKNOWN = 0xffffffff
/** PORT_* (linux/ethtool.h). */
export const PORT_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: 'tp',
  1: 'aui',
  2: 'bnc',
  3: 'mii',
  4: 'fibre',
  5: 'da',
  0xef: 'none',
  0xff: 'other',
})
/** XCVR_* (linux/ethtool.h). */
export const TRANSCEIVER_NAMES: Readonly<Record<number, string>> = Object.freeze({ 0: 'internal', 1: 'external' })
