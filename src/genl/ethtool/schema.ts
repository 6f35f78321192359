/**
 * ethtool's attribute maps: the request header nest, bit sets, and each request kind's
 * attributes; and the family's schema ({@link ETHTOOL}) pairing each command with its map.
 */
import { defineAttrs, type AttrMap } from '../../schema/attrs'
import { defineNames } from '../../schema/names'
import type { GenlCommand, GenlFamily } from '../family'
import {
  DUPLEX_NAMES,
  ETHTOOL_A_BITSET,
  ETHTOOL_A_BITSET_BIT,
  ETHTOOL_A_BITSET_BITS_BIT,
  ETHTOOL_A_CHANNELS,
  ETHTOOL_A_COALESCE_NAMES,
  ETHTOOL_A_FEATURES,
  ETHTOOL_A_HEADER,
  ETHTOOL_A_LINKINFO,
  ETHTOOL_A_LINKMODES,
  ETHTOOL_A_LINKSTATE,
  ETHTOOL_A_PAUSE,
  ETHTOOL_A_PAUSE_STAT,
  ETHTOOL_A_RINGS,
  ETHTOOL_A_STATS,
  ETHTOOL_A_STATS_GRP,
  ETHTOOL_A_STRING,
  ETHTOOL_A_STRINGS_STRING,
  ETHTOOL_A_STRINGSET,
  ETHTOOL_A_STRINGSETS_STRINGSET,
  ETHTOOL_A_STRSET,
  ETHTOOL_GENL_NAME,
  ETHTOOL_GENL_VERSION,
  ETHTOOL_MSG,
  ETHTOOL_MSG_USER,
  PORT_NAMES,
  TRANSCEIVER_NAMES,
} from './constants'

/** ETHTOOL_A_HEADER_*: which device, and how the kernel should answer. */
export const HEADER_ATTRS = defineAttrs('ETHTOOL_A_HEADER', {
  [ETHTOOL_A_HEADER.DEV_INDEX]: { name: 'devIndex', kind: 'u32' },
  [ETHTOOL_A_HEADER.DEV_NAME]: { name: 'devName', kind: 'string' },
  [ETHTOOL_A_HEADER.FLAGS]: { name: 'flags', kind: 'u32' },
  [ETHTOOL_A_HEADER.PHY_INDEX]: { name: 'phyIndex', kind: 'u32' },
})

/** ETHTOOL_A_BITSET_BIT_*: one bit of a verbose bit set. */
export const BITSET_BIT_ATTRS = defineAttrs('ETHTOOL_A_BITSET_BIT', {
  [ETHTOOL_A_BITSET_BIT.INDEX]: { name: 'index', kind: 'u32' },
  [ETHTOOL_A_BITSET_BIT.NAME]: { name: 'name', kind: 'string' },
  [ETHTOOL_A_BITSET_BIT.VALUE]: { name: 'value', kind: 'flag' },
})

/** ETHTOOL_A_BITSET_BITS: the bits, each an ETHTOOL_A_BITSET_BITS_BIT nest. */
export const BITSET_BITS_ATTRS = defineAttrs('ETHTOOL_A_BITSET_BITS', {
  [ETHTOOL_A_BITSET_BITS_BIT]: { name: 'bit', kind: 'nested', nested: BITSET_BIT_ATTRS, multi: true },
})

/** ETHTOOL_A_BITSET_*: a bit set, verbose (bits by name) or compact (value and mask words). */
export const BITSET_ATTRS = defineAttrs('ETHTOOL_A_BITSET', {
  [ETHTOOL_A_BITSET.NOMASK]: { name: 'nomask', kind: 'flag' },
  [ETHTOOL_A_BITSET.SIZE]: { name: 'size', kind: 'u32' },
  [ETHTOOL_A_BITSET.BITS]: { name: 'bits', kind: 'nested', nested: BITSET_BITS_ATTRS },
  [ETHTOOL_A_BITSET.VALUE]: { name: 'value', kind: 'binary' },
  [ETHTOOL_A_BITSET.MASK]: { name: 'mask', kind: 'binary' },
})

const header = { name: 'header', kind: 'nested', nested: HEADER_ATTRS } as const
const bitset = (name: string) => ({ name, kind: 'nested', nested: BITSET_ATTRS }) as const
const bool8 = (name: string) => ({ name, kind: 'u8' }) as const

/** ETHTOOL_A_LINKINFO_*: port, PHY address, MDI-X, transceiver. */
export const LINKINFO_ATTRS = defineAttrs('ETHTOOL_A_LINKINFO', {
  [ETHTOOL_A_LINKINFO.HEADER]: header,
  [ETHTOOL_A_LINKINFO.PORT]: { name: 'port', kind: 'u8', names: defineNames('port', PORT_NAMES) },
  [ETHTOOL_A_LINKINFO.PHYADDR]: { name: 'phyaddr', kind: 'u8' },
  [ETHTOOL_A_LINKINFO.TP_MDIX]: { name: 'tpMdix', kind: 'u8' },
  [ETHTOOL_A_LINKINFO.TP_MDIX_CTRL]: { name: 'tpMdixCtrl', kind: 'u8' },
  [ETHTOOL_A_LINKINFO.TRANSCEIVER]: { name: 'transceiver', kind: 'u8', names: defineNames('transceiver', TRANSCEIVER_NAMES) },
})

/** ETHTOOL_A_LINKMODES_*: autonegotiation, link modes, speed, duplex. */
export const LINKMODES_ATTRS = defineAttrs('ETHTOOL_A_LINKMODES', {
  [ETHTOOL_A_LINKMODES.HEADER]: header,
  [ETHTOOL_A_LINKMODES.AUTONEG]: bool8('autoneg'),
  [ETHTOOL_A_LINKMODES.OURS]: bitset('ours'),
  [ETHTOOL_A_LINKMODES.PEER]: bitset('peer'),
  [ETHTOOL_A_LINKMODES.SPEED]: { name: 'speed', kind: 'u32' },
  [ETHTOOL_A_LINKMODES.DUPLEX]: { name: 'duplex', kind: 'u8', names: defineNames('duplex', DUPLEX_NAMES) },
  [ETHTOOL_A_LINKMODES.MASTER_SLAVE_CFG]: { name: 'masterSlaveCfg', kind: 'u8' },
  [ETHTOOL_A_LINKMODES.MASTER_SLAVE_STATE]: { name: 'masterSlaveState', kind: 'u8' },
  [ETHTOOL_A_LINKMODES.LANES]: { name: 'lanes', kind: 'u32' },
  [ETHTOOL_A_LINKMODES.RATE_MATCHING]: { name: 'rateMatching', kind: 'u8' },
})

/** ETHTOOL_A_LINKSTATE_*: link detected, signal quality. */
export const LINKSTATE_ATTRS = defineAttrs('ETHTOOL_A_LINKSTATE', {
  [ETHTOOL_A_LINKSTATE.HEADER]: header,
  [ETHTOOL_A_LINKSTATE.LINK]: bool8('link'),
  [ETHTOOL_A_LINKSTATE.SQI]: { name: 'sqi', kind: 'u32' },
  [ETHTOOL_A_LINKSTATE.SQI_MAX]: { name: 'sqiMax', kind: 'u32' },
  [ETHTOOL_A_LINKSTATE.EXT_STATE]: { name: 'extState', kind: 'u8' },
  [ETHTOOL_A_LINKSTATE.EXT_SUBSTATE]: { name: 'extSubstate', kind: 'u8' },
  [ETHTOOL_A_LINKSTATE.EXT_DOWN_CNT]: { name: 'extDownCount', kind: 'u32' },
})

/** ETHTOOL_A_FEATURES_*: the four feature bit sets. */
export const FEATURES_ATTRS = defineAttrs('ETHTOOL_A_FEATURES', {
  [ETHTOOL_A_FEATURES.HEADER]: header,
  [ETHTOOL_A_FEATURES.HW]: bitset('hw'),
  [ETHTOOL_A_FEATURES.WANTED]: bitset('wanted'),
  [ETHTOOL_A_FEATURES.ACTIVE]: bitset('active'),
  [ETHTOOL_A_FEATURES.NOCHANGE]: bitset('nochange'),
})

/** ETHTOOL_A_RINGS_*: ring maxima and sizes. */
export const RINGS_ATTRS = defineAttrs('ETHTOOL_A_RINGS', {
  [ETHTOOL_A_RINGS.HEADER]: header,
  [ETHTOOL_A_RINGS.RX_MAX]: { name: 'rxMax', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX_MINI_MAX]: { name: 'rxMiniMax', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX_JUMBO_MAX]: { name: 'rxJumboMax', kind: 'u32' },
  [ETHTOOL_A_RINGS.TX_MAX]: { name: 'txMax', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX]: { name: 'rx', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX_MINI]: { name: 'rxMini', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX_JUMBO]: { name: 'rxJumbo', kind: 'u32' },
  [ETHTOOL_A_RINGS.TX]: { name: 'tx', kind: 'u32' },
  [ETHTOOL_A_RINGS.RX_BUF_LEN]: { name: 'rxBufLen', kind: 'u32' },
  [ETHTOOL_A_RINGS.TCP_DATA_SPLIT]: { name: 'tcpDataSplit', kind: 'u8' },
  [ETHTOOL_A_RINGS.CQE_SIZE]: { name: 'cqeSize', kind: 'u32' },
  [ETHTOOL_A_RINGS.TX_PUSH]: { name: 'txPush', kind: 'u8' },
})

/** ETHTOOL_A_CHANNELS_*: channel maxima and counts. */
export const CHANNELS_ATTRS = defineAttrs('ETHTOOL_A_CHANNELS', {
  [ETHTOOL_A_CHANNELS.HEADER]: header,
  [ETHTOOL_A_CHANNELS.RX_MAX]: { name: 'rxMax', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.TX_MAX]: { name: 'txMax', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.OTHER_MAX]: { name: 'otherMax', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.COMBINED_MAX]: { name: 'combinedMax', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.RX_COUNT]: { name: 'rxCount', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.TX_COUNT]: { name: 'txCount', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.OTHER_COUNT]: { name: 'otherCount', kind: 'u32' },
  [ETHTOOL_A_CHANNELS.COMBINED_COUNT]: { name: 'combinedCount', kind: 'u32' },
})

/** The coalesce attributes that are u8 booleans; every other one after the header is a u32. */
const COALESCE_U8: ReadonlySet<string> = new Set(['useAdaptiveRx', 'useAdaptiveTx', 'useCqeModeTx', 'useCqeModeRx'])
/** ETHTOOL_A_COALESCE_*: interrupt coalescing, declared from ETHTOOL_A_COALESCE_NAMES. */
export const COALESCE_ATTRS = defineAttrs(
  'ETHTOOL_A_COALESCE',
  Object.fromEntries(ETHTOOL_A_COALESCE_NAMES.map((name, i) => [i + 1, name === 'header' ? header : { name, kind: COALESCE_U8.has(name) ? 'u8' : 'u32' }])),
)

/** ETHTOOL_A_PAUSE_STAT_*: pause frame counters. */
export const PAUSE_STAT_ATTRS = defineAttrs('ETHTOOL_A_PAUSE_STAT', {
  [ETHTOOL_A_PAUSE_STAT.PAD]: { name: 'pad', kind: 'pad' },
  [ETHTOOL_A_PAUSE_STAT.TX_FRAMES]: { name: 'txFrames', kind: 'u64' },
  [ETHTOOL_A_PAUSE_STAT.RX_FRAMES]: { name: 'rxFrames', kind: 'u64' },
})

/** ETHTOOL_A_PAUSE_*: pause autonegotiation, rx, tx, counters. */
export const PAUSE_ATTRS = defineAttrs('ETHTOOL_A_PAUSE', {
  [ETHTOOL_A_PAUSE.HEADER]: header,
  [ETHTOOL_A_PAUSE.AUTONEG]: bool8('autoneg'),
  [ETHTOOL_A_PAUSE.RX]: bool8('rx'),
  [ETHTOOL_A_PAUSE.TX]: bool8('tx'),
  [ETHTOOL_A_PAUSE.STATS]: { name: 'stats', kind: 'nested', nested: PAUSE_STAT_ATTRS },
})

/** ETHTOOL_A_STATS_GRP_STAT: one u64 per counter, typed by its index in the group's string set. */
export const STATS_GRP_ATTRS = defineAttrs('ETHTOOL_A_STATS_GRP', {
  [ETHTOOL_A_STATS_GRP.PAD]: { name: 'pad', kind: 'pad' },
  [ETHTOOL_A_STATS_GRP.ID]: { name: 'id', kind: 'u32' },
  [ETHTOOL_A_STATS_GRP.SS_ID]: { name: 'ssId', kind: 'u32' },
  // Attributes typed by counter index, not by meaning: kept raw here, read by the decoder.
  [ETHTOOL_A_STATS_GRP.STAT]: { name: 'stat', kind: 'binary', multi: true },
})

/** ETHTOOL_A_STATS_*: groups asked for, groups answered. */
export const STATS_ATTRS = defineAttrs('ETHTOOL_A_STATS', {
  [ETHTOOL_A_STATS.PAD]: { name: 'pad', kind: 'pad' },
  [ETHTOOL_A_STATS.HEADER]: header,
  [ETHTOOL_A_STATS.GROUPS]: bitset('groups'),
  [ETHTOOL_A_STATS.GRP]: { name: 'grp', kind: 'nested', nested: STATS_GRP_ATTRS, multi: true },
  [ETHTOOL_A_STATS.SRC]: { name: 'src', kind: 'u32' },
})

/** ETHTOOL_A_STRING_*: one string of a set. */
export const STRING_ATTRS = defineAttrs('ETHTOOL_A_STRING', {
  [ETHTOOL_A_STRING.INDEX]: { name: 'index', kind: 'u32' },
  [ETHTOOL_A_STRING.VALUE]: { name: 'value', kind: 'string' },
})

/** ETHTOOL_A_STRINGS: the strings, each an ETHTOOL_A_STRINGS_STRING nest. */
export const STRINGS_ATTRS = defineAttrs('ETHTOOL_A_STRINGS', {
  [ETHTOOL_A_STRINGS_STRING]: { name: 'string', kind: 'nested', nested: STRING_ATTRS, multi: true },
})

/** ETHTOOL_A_STRINGSET_*: one string set (its id, and in answers its count and strings). */
export const STRINGSET_ATTRS = defineAttrs('ETHTOOL_A_STRINGSET', {
  [ETHTOOL_A_STRINGSET.ID]: { name: 'id', kind: 'u32' },
  [ETHTOOL_A_STRINGSET.COUNT]: { name: 'count', kind: 'u32' },
  [ETHTOOL_A_STRINGSET.STRINGS]: { name: 'strings', kind: 'nested', nested: STRINGS_ATTRS },
})

/** ETHTOOL_A_STRINGSETS: the sets, each an ETHTOOL_A_STRINGSETS_STRINGSET nest. */
export const STRINGSETS_ATTRS = defineAttrs('ETHTOOL_A_STRINGSETS', {
  [ETHTOOL_A_STRINGSETS_STRINGSET]: { name: 'stringset', kind: 'nested', nested: STRINGSET_ATTRS, multi: true },
})

/** ETHTOOL_A_STRSET_*: which string sets (of a device, or the global ones without one). */
export const STRSET_ATTRS = defineAttrs('ETHTOOL_A_STRSET', {
  [ETHTOOL_A_STRSET.HEADER]: header,
  [ETHTOOL_A_STRSET.STRINGSETS]: { name: 'stringsets', kind: 'nested', nested: STRINGSETS_ATTRS },
  [ETHTOOL_A_STRSET.COUNTS_ONLY]: { name: 'countsOnly', kind: 'flag' },
})

const command = (name: string, attrs: AttrMap): GenlCommand => ({ name, attrs })
const U = ETHTOOL_MSG_USER
const K = ETHTOOL_MSG

/** ethtool as a {@link GenlFamily}: its requests and what the kernel sends back, by command. */
export const ETHTOOL: GenlFamily = {
  name: ETHTOOL_GENL_NAME,
  version: ETHTOOL_GENL_VERSION,
  requests: {
    [U.STRSET_GET]: command('strset_get', STRSET_ATTRS),
    [U.LINKINFO_GET]: command('linkinfo_get', LINKINFO_ATTRS),
    [U.LINKINFO_SET]: command('linkinfo_set', LINKINFO_ATTRS),
    [U.LINKMODES_GET]: command('linkmodes_get', LINKMODES_ATTRS),
    [U.LINKMODES_SET]: command('linkmodes_set', LINKMODES_ATTRS),
    [U.LINKSTATE_GET]: command('linkstate_get', LINKSTATE_ATTRS),
    [U.FEATURES_GET]: command('features_get', FEATURES_ATTRS),
    [U.FEATURES_SET]: command('features_set', FEATURES_ATTRS),
    [U.RINGS_GET]: command('rings_get', RINGS_ATTRS),
    [U.RINGS_SET]: command('rings_set', RINGS_ATTRS),
    [U.CHANNELS_GET]: command('channels_get', CHANNELS_ATTRS),
    [U.CHANNELS_SET]: command('channels_set', CHANNELS_ATTRS),
    [U.COALESCE_GET]: command('coalesce_get', COALESCE_ATTRS),
    [U.COALESCE_SET]: command('coalesce_set', COALESCE_ATTRS),
    [U.PAUSE_GET]: command('pause_get', PAUSE_ATTRS),
    [U.PAUSE_SET]: command('pause_set', PAUSE_ATTRS),
    [U.STATS_GET]: command('stats_get', STATS_ATTRS),
  },
  replies: {
    [K.STRSET_GET_REPLY]: command('strset', STRSET_ATTRS),
    [K.LINKINFO_GET_REPLY]: command('linkinfo', LINKINFO_ATTRS),
    [K.LINKINFO_NTF]: command('linkinfo_ntf', LINKINFO_ATTRS),
    [K.LINKMODES_GET_REPLY]: command('linkmodes', LINKMODES_ATTRS),
    [K.LINKMODES_NTF]: command('linkmodes_ntf', LINKMODES_ATTRS),
    [K.LINKSTATE_GET_REPLY]: command('linkstate', LINKSTATE_ATTRS),
    [K.FEATURES_GET_REPLY]: command('features', FEATURES_ATTRS),
    [K.FEATURES_SET_REPLY]: command('features_set_reply', FEATURES_ATTRS),
    [K.FEATURES_NTF]: command('features_ntf', FEATURES_ATTRS),
    [K.RINGS_GET_REPLY]: command('rings', RINGS_ATTRS),
    [K.RINGS_NTF]: command('rings_ntf', RINGS_ATTRS),
    [K.CHANNELS_GET_REPLY]: command('channels', CHANNELS_ATTRS),
    [K.CHANNELS_NTF]: command('channels_ntf', CHANNELS_ATTRS),
    [K.COALESCE_GET_REPLY]: command('coalesce', COALESCE_ATTRS),
    [K.COALESCE_NTF]: command('coalesce_ntf', COALESCE_ATTRS),
    [K.PAUSE_GET_REPLY]: command('pause', PAUSE_ATTRS),
    [K.PAUSE_NTF]: command('pause_ntf', PAUSE_ATTRS),
    [K.STATS_GET_REPLY]: command('stats', STATS_ATTRS),
  },
}
