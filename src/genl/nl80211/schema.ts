/**
 * nl80211's attribute maps for wiphys and interfaces: one NL80211_ATTR_* space for every command
 * (the UAPI declares one), bands as nests typed by their band (kept as `band`), each band's
 * channels as an array of nests; and the family's schema ({@link NL80211}), one table both ways.
 */
import { defineAttrs } from '../../schema/attrs'
import { nestedArray } from '../../toolkit/nested-array'
import type { GenlCommand, GenlFamily } from '../family'
import {
  NL80211_ATTR,
  NL80211_BAND_ATTR,
  NL80211_CHAN_WIDTH_NAMES,
  NL80211_CMD,
  NL80211_DFS_NAMES,
  NL80211_FREQUENCY_ATTR,
  NL80211_GENL_NAME,
  NL80211_GENL_VERSION,
  NL80211_IFTYPE_NAMES,
} from './constants'

const F = NL80211_FREQUENCY_ATTR

/** NL80211_FREQUENCY_ATTR_*: a channel; its restrictions are flags (what `iw list` prints in brackets). */
export const FREQUENCY_ATTRS = defineAttrs('NL80211_FREQUENCY_ATTR', {
  [F.FREQ]: { name: 'freq', kind: 'u32' },
  [F.DISABLED]: { name: 'disabled', kind: 'flag' },
  [F.NO_IR]: { name: 'noIr', kind: 'flag' },
  [F.RADAR]: { name: 'radar', kind: 'flag' },
  [F.MAX_TX_POWER]: { name: 'maxTxPower', kind: 'u32' },
  [F.DFS_STATE]: { name: 'dfsState', kind: 'u32', names: NL80211_DFS_NAMES },
  [F.NO_HT40_MINUS]: { name: 'noHt40Minus', kind: 'flag' },
  [F.NO_HT40_PLUS]: { name: 'noHt40Plus', kind: 'flag' },
  [F.NO_80MHZ]: { name: 'no80Mhz', kind: 'flag' },
  [F.NO_160MHZ]: { name: 'no160Mhz', kind: 'flag' },
  [F.INDOOR_ONLY]: { name: 'indoorOnly', kind: 'flag' },
  [F.OFFSET]: { name: 'offset', kind: 'u32' },
})

/** NL80211_BAND_ATTR_*: a band's channels (its rates and capabilities stay raw in `unknown`). */
export const BAND_ATTRS = defineAttrs('NL80211_BAND_ATTR', {
  [NL80211_BAND_ATTR.FREQS]: { name: 'freqs', kind: 'custom', codec: nestedArray(FREQUENCY_ATTRS, { firstIndex: 0 }) },
})

const A = NL80211_ATTR

/** NL80211_ATTR_*: wiphy and interface attributes. */
export const NL80211_ATTRS = defineAttrs('NL80211_ATTR', {
  [A.WIPHY]: { name: 'wiphy', kind: 'u32' },
  [A.WIPHY_NAME]: { name: 'wiphyName', kind: 'string' },
  [A.IFINDEX]: { name: 'ifindex', kind: 'u32' },
  [A.IFNAME]: { name: 'ifname', kind: 'string' },
  [A.IFTYPE]: { name: 'iftype', kind: 'u32', names: NL80211_IFTYPE_NAMES },
  [A.MAC]: { name: 'mac', kind: 'lladdr' },
  [A.WIPHY_BANDS]: { name: 'wiphyBands', kind: 'custom', codec: nestedArray(BAND_ATTRS, { indexName: 'band' }) },
  [A.WIPHY_FREQ]: { name: 'wiphyFreq', kind: 'u32' },
  [A.WIPHY_CHANNEL_TYPE]: { name: 'wiphyChannelType', kind: 'u32' },
  [A.GENERATION]: { name: 'generation', kind: 'u32' },
  // An SSID is up to 32 bytes, not necessarily text.
  [A.SSID]: { name: 'ssid', kind: 'binary' },
  [A.FOUR_ADDR]: { name: 'fourAddr', kind: 'u8' },
  [A.WIPHY_TX_POWER_LEVEL]: { name: 'wiphyTxPowerLevel', kind: 'u32' },
  [A.WDEV]: { name: 'wdev', kind: 'u64' },
  [A.CHANNEL_WIDTH]: { name: 'channelWidth', kind: 'u32', names: NL80211_CHAN_WIDTH_NAMES },
  [A.CENTER_FREQ1]: { name: 'centerFreq1', kind: 'u32' },
  [A.CENTER_FREQ2]: { name: 'centerFreq2', kind: 'u32' },
  [A.SPLIT_WIPHY_DUMP]: { name: 'splitWiphyDump', kind: 'flag' },
  [A.WIPHY_FREQ_OFFSET]: { name: 'wiphyFreqOffset', kind: 'u32' },
})

const C = NL80211_CMD
const command = (name: string): GenlCommand => ({ name, attrs: NL80211_ATTRS })
const COMMANDS: Readonly<Record<number, GenlCommand>> = {
  [C.GET_WIPHY]: command('get_wiphy'),
  [C.SET_WIPHY]: command('set_wiphy'),
  [C.NEW_WIPHY]: command('new_wiphy'),
  [C.DEL_WIPHY]: command('del_wiphy'),
  [C.GET_INTERFACE]: command('get_interface'),
  [C.SET_INTERFACE]: command('set_interface'),
  [C.NEW_INTERFACE]: command('new_interface'),
  [C.DEL_INTERFACE]: command('del_interface'),
}

/** nl80211 as a {@link GenlFamily} (the wiphy and interface commands): the same table both ways. */
export const NL80211: GenlFamily = { name: NL80211_GENL_NAME, version: NL80211_GENL_VERSION, requests: COMMANDS, replies: COMMANDS }
