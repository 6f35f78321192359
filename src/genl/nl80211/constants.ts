/**
 * nl80211's numbers (linux/nl80211.h), those this library speaks: the family's name and version,
 * the wiphy and interface commands, their attributes, the band and frequency attributes, and the
 * names of interface types, channel widths, bands and DFS states.
 */
import { defineNames } from '../../schema/names'

/** NL80211_GENL_NAME: what nlctrl resolves (present once cfg80211 is loaded). */
export const NL80211_GENL_NAME = 'nl80211'
/** The interface version requests carry (the kernel registers nl80211 with version 1). */
export const NL80211_GENL_VERSION = 1

/**
 * NL80211_CMD_*: the wiphy and interface commands (GET_* asks, NEW_* answers and announces).
 * @enum
 */
export const NL80211_CMD = {
  GET_WIPHY: 1,
  SET_WIPHY: 2,
  NEW_WIPHY: 3,
  DEL_WIPHY: 4,
  GET_INTERFACE: 5,
  SET_INTERFACE: 6,
  NEW_INTERFACE: 7,
  DEL_INTERFACE: 8,
}

/**
 * NL80211_ATTR_*: those of wiphy and interface messages.
 * @enum
 */
export const NL80211_ATTR = {
  WIPHY: 1,
  WIPHY_NAME: 2,
  IFINDEX: 3,
  IFNAME: 4,
  IFTYPE: 5,
  MAC: 6,
  WIPHY_BANDS: 22,
  WIPHY_FREQ: 38,
  WIPHY_CHANNEL_TYPE: 39,
  GENERATION: 46,
  SSID: 52,
  FOUR_ADDR: 83,
  WIPHY_TX_POWER_LEVEL: 98,
  WDEV: 153,
  CHANNEL_WIDTH: 159,
  CENTER_FREQ1: 160,
  CENTER_FREQ2: 161,
  SPLIT_WIPHY_DUMP: 174,
  WIPHY_FREQ_OFFSET: 290,
}

/**
 * NL80211_BAND_ATTR_*: one band of NL80211_ATTR_WIPHY_BANDS (those this library reads).
 * @enum
 */
export const NL80211_BAND_ATTR = { FREQS: 1 }

/**
 * NL80211_FREQUENCY_ATTR_*: one channel of a band (its frequency, limits and restriction flags).
 * @enum
 */
export const NL80211_FREQUENCY_ATTR = {
  FREQ: 1,
  DISABLED: 2,
  NO_IR: 3,
  RADAR: 5,
  MAX_TX_POWER: 6,
  DFS_STATE: 7,
  NO_HT40_MINUS: 9,
  NO_HT40_PLUS: 10,
  NO_80MHZ: 11,
  NO_160MHZ: 12,
  INDOOR_ONLY: 14,
  OFFSET: 20,
}

/** NL80211_IFTYPE_* by number ('station' is what iw calls "managed"). */
export const NL80211_IFTYPE_NAMES = defineNames('nl80211 interface type', {
  0: 'unspecified',
  1: 'adhoc',
  2: 'station',
  3: 'ap',
  4: 'ap-vlan',
  5: 'wds',
  6: 'monitor',
  7: 'mesh-point',
  8: 'p2p-client',
  9: 'p2p-go',
  10: 'p2p-device',
  11: 'ocb',
  12: 'nan',
})

/** NL80211_CHAN_WIDTH_* by number: the width in MHz ('20-noht': 20 MHz without HT). */
export const NL80211_CHAN_WIDTH_NAMES = defineNames('nl80211 channel width', {
  0: '20-noht',
  1: '20',
  2: '40',
  3: '80',
  4: '80+80',
  5: '160',
  6: '5',
  7: '10',
  8: '1',
  9: '2',
  10: '4',
  11: '8',
  12: '16',
  13: '320',
})

/** NL80211_BAND_* by number: the types of NL80211_ATTR_WIPHY_BANDS' nests. */
export const NL80211_BAND_NAMES = defineNames('nl80211 band', { 0: '2.4GHz', 1: '5GHz', 2: '60GHz', 3: '6GHz', 4: 'sub-1GHz', 5: 'LC' })

/** NL80211_DFS_* by number: the radar detection state of a channel. */
export const NL80211_DFS_NAMES = defineNames('nl80211 DFS state', { 0: 'usable', 1: 'unavailable', 2: 'available' })
