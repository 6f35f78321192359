/**
 * Deferred loading of generic netlink's heavy modules: each family's attribute maps (built when
 * their module runs), decoders and encoders, and the generic codec; and the families' namespaces
 * (`genl.nlctrl`, `genl.ethtool`, ...: their ./<family>/public.ts, whose hundred-odd re-exported
 * names cost more at import than all the family classes together). Importing nlroute must not pay
 * for them (issue 8: import at most 15 ms over a bare `node -e 0`), so the `genl` namespace and the
 * family classes take these names from here, and the module behind a name is required when the
 * name is first read. The mechanism is ../util/deferred.ts, as for rtnetlink's (../iproute/lazy.ts);
 * __test__/lazy-load.spec.mjs checks that each name here is the very value its module exports.
 */
import type * as Family from './family'
import type * as NlctrlSchema from './nlctrl/schema'
import type * as NlctrlFamily from './nlctrl/family'
import type * as EthtoolSchema from './ethtool/schema'
import type * as EthtoolDecode from './ethtool/decode'
import type * as Nl80211Schema from './nl80211/schema'
import type * as Nl80211Decode from './nl80211/decode'
import type * as WireguardSchema from './wireguard/schema'
import type * as WireguardDecode from './wireguard/decode'
import type * as WireguardEncode from './wireguard/encode'
import type * as NlctrlNamespace from './nlctrl/public'
import type * as EthtoolNamespace from './ethtool/public'
import type * as WireguardNamespace from './wireguard/public'
import type * as Nl80211Namespace from './nl80211/public'
import { defineDeferred, defineDeferredNamespaces, deferredNames, type DeferredModule } from '../util/deferred'

/**
 * nlctrl, generic netlink's controller: its numbers, attribute maps and schema (see ./nlctrl/public.ts).
 * @namespace
 */
export declare const nlctrl: typeof NlctrlNamespace
/**
 * ethtool: its numbers, attribute maps, schema and decoders (see ./ethtool/public.ts).
 * @namespace
 */
export declare const ethtool: typeof EthtoolNamespace
/**
 * WireGuard: its numbers, attribute maps, schema and codecs (see ./wireguard/public.ts).
 * @namespace
 */
export declare const wireguard: typeof WireguardNamespace
/** The types `genl.wireguard` shows (a namespace read from a getter carries only its values). */
export declare namespace wireguard {
  /** A decoded struct __kernel_timespec (see ./wireguard/schema.ts). */
  export type KernelTimespec = WireguardNamespace.KernelTimespec
}
/**
 * nl80211 (wireless): its numbers, attribute maps, schema and decoders (see ./nl80211/public.ts).
 * @namespace
 */
export declare const nl80211: typeof Nl80211Namespace

/**
 * The bytes of a generic netlink request: genlmsghdr, the family's fixed header and the command's attributes (see ./family.ts).
 * @function
 */
export declare const encodeGenlRequest: typeof Family.encodeGenlRequest
/**
 * Decodes one generic netlink message by its family's schema into a {@link GenlMessage} (see ./family.ts).
 * @function
 */
export declare const decodeGenlMessage: typeof Family.decodeGenlMessage

/**
 * The CTRL_ATTR_* attribute map of nlctrl messages (see ./nlctrl/schema.ts).
 */
export declare const CTRL_ATTRS: typeof NlctrlSchema.CTRL_ATTRS
/**
 * The CTRL_ATTR_OP_* map of one operation of a family (see ./nlctrl/schema.ts).
 */
export declare const CTRL_OP_ATTRS: typeof NlctrlSchema.CTRL_OP_ATTRS
/**
 * The CTRL_ATTR_MCAST_GRP_* map of one multicast group of a family (see ./nlctrl/schema.ts).
 */
export declare const CTRL_MCAST_GRP_ATTRS: typeof NlctrlSchema.CTRL_MCAST_GRP_ATTRS

/**
 * nlctrl itself as a {@link GenlFamily} schema (see ./nlctrl/family.ts).
 */
export declare const NLCTRL: typeof NlctrlFamily.NLCTRL
/**
 * A CTRL_CMD_NEWFAMILY message as a {@link GenlFamilyInfo} (see ./nlctrl/family.ts).
 * @function
 */
export declare const familyInfoOf: typeof NlctrlFamily.familyInfoOf

/**
 * ethtool's HEADER attribute map (see ./ethtool/schema.ts).
 */
export declare const HEADER_ATTRS: typeof EthtoolSchema.HEADER_ATTRS
/**
 * ethtool's BITSET_BIT attribute map (see ./ethtool/schema.ts).
 */
export declare const BITSET_BIT_ATTRS: typeof EthtoolSchema.BITSET_BIT_ATTRS
/**
 * ethtool's BITSET_BITS attribute map (see ./ethtool/schema.ts).
 */
export declare const BITSET_BITS_ATTRS: typeof EthtoolSchema.BITSET_BITS_ATTRS
/**
 * ethtool's BITSET attribute map (see ./ethtool/schema.ts).
 */
export declare const BITSET_ATTRS: typeof EthtoolSchema.BITSET_ATTRS
/**
 * ethtool's LINKINFO attribute map (see ./ethtool/schema.ts).
 */
export declare const LINKINFO_ATTRS: typeof EthtoolSchema.LINKINFO_ATTRS
/**
 * ethtool's LINKMODES attribute map (see ./ethtool/schema.ts).
 */
export declare const LINKMODES_ATTRS: typeof EthtoolSchema.LINKMODES_ATTRS
/**
 * ethtool's LINKSTATE attribute map (see ./ethtool/schema.ts).
 */
export declare const LINKSTATE_ATTRS: typeof EthtoolSchema.LINKSTATE_ATTRS
/**
 * ethtool's FEATURES attribute map (see ./ethtool/schema.ts).
 */
export declare const FEATURES_ATTRS: typeof EthtoolSchema.FEATURES_ATTRS
/**
 * ethtool's RINGS attribute map (see ./ethtool/schema.ts).
 */
export declare const RINGS_ATTRS: typeof EthtoolSchema.RINGS_ATTRS
/**
 * ethtool's CHANNELS attribute map (see ./ethtool/schema.ts).
 */
export declare const CHANNELS_ATTRS: typeof EthtoolSchema.CHANNELS_ATTRS
/**
 * ethtool's COALESCE attribute map (see ./ethtool/schema.ts).
 */
export declare const COALESCE_ATTRS: typeof EthtoolSchema.COALESCE_ATTRS
/**
 * ethtool's PAUSE_STAT attribute map (see ./ethtool/schema.ts).
 */
export declare const PAUSE_STAT_ATTRS: typeof EthtoolSchema.PAUSE_STAT_ATTRS
/**
 * ethtool's PAUSE attribute map (see ./ethtool/schema.ts).
 */
export declare const PAUSE_ATTRS: typeof EthtoolSchema.PAUSE_ATTRS
/**
 * ethtool's STATS_GRP attribute map (see ./ethtool/schema.ts).
 */
export declare const STATS_GRP_ATTRS: typeof EthtoolSchema.STATS_GRP_ATTRS
/**
 * ethtool's STATS attribute map (see ./ethtool/schema.ts).
 */
export declare const STATS_ATTRS: typeof EthtoolSchema.STATS_ATTRS
/**
 * ethtool's STRING attribute map (see ./ethtool/schema.ts).
 */
export declare const STRING_ATTRS: typeof EthtoolSchema.STRING_ATTRS
/**
 * ethtool's STRINGS attribute map (see ./ethtool/schema.ts).
 */
export declare const STRINGS_ATTRS: typeof EthtoolSchema.STRINGS_ATTRS
/**
 * ethtool's STRINGSET attribute map (see ./ethtool/schema.ts).
 */
export declare const STRINGSET_ATTRS: typeof EthtoolSchema.STRINGSET_ATTRS
/**
 * ethtool's STRINGSETS attribute map (see ./ethtool/schema.ts).
 */
export declare const STRINGSETS_ATTRS: typeof EthtoolSchema.STRINGSETS_ATTRS
/**
 * ethtool's STRSET attribute map (see ./ethtool/schema.ts).
 */
export declare const STRSET_ATTRS: typeof EthtoolSchema.STRSET_ATTRS
/**
 * ethtool as a {@link GenlFamily} schema (see ./ethtool/schema.ts).
 */
export declare const ETHTOOL: typeof EthtoolSchema.ETHTOOL

/**
 * ethtool's bitsetOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const bitsetOf: typeof EthtoolDecode.bitsetOf
/**
 * ethtool's linkInfoOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const linkInfoOf: typeof EthtoolDecode.linkInfoOf
/**
 * ethtool's linkModesOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const linkModesOf: typeof EthtoolDecode.linkModesOf
/**
 * ethtool's linkStateOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const linkStateOf: typeof EthtoolDecode.linkStateOf
/**
 * ethtool's featuresOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const featuresOf: typeof EthtoolDecode.featuresOf
/**
 * ethtool's ringsOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const ringsOf: typeof EthtoolDecode.ringsOf
/**
 * ethtool's channelsOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const channelsOf: typeof EthtoolDecode.channelsOf
/**
 * ethtool's coalesceOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const coalesceOf: typeof EthtoolDecode.coalesceOf
/**
 * ethtool's pauseOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const pauseOf: typeof EthtoolDecode.pauseOf
/**
 * ethtool's statsOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const statsOf: typeof EthtoolDecode.statsOf
/**
 * ethtool's stringSetOf decoder: a reply message to its typed object (see ./ethtool/decode.ts).
 * @function
 */
export declare const stringSetOf: typeof EthtoolDecode.stringSetOf
/** ethtool's request kinds: each reply's and notification's message type and decoder (see ./ethtool/decode.ts). */
export declare const DECODERS: typeof EthtoolDecode.DECODERS
/**
 * Whether a reply carries its bit sets in the compact form (see ./ethtool/decode.ts).
 * @function
 */
export declare const hasCompactBitsets: typeof EthtoolDecode.hasCompactBitsets

/**
 * nl80211 as a {@link GenlFamily} schema (see ./nl80211/schema.ts).
 */
export declare const NL80211: typeof Nl80211Schema.NL80211
/**
 * The NL80211_ATTR_* attribute map (see ./nl80211/schema.ts).
 */
export declare const NL80211_ATTRS: typeof Nl80211Schema.NL80211_ATTRS
/**
 * The NL80211_BAND_ATTR_* map of one band of a wiphy (see ./nl80211/schema.ts).
 */
export declare const BAND_ATTRS: typeof Nl80211Schema.BAND_ATTRS
/**
 * The NL80211_FREQUENCY_ATTR_* map of one channel of a band (see ./nl80211/schema.ts).
 */
export declare const FREQUENCY_ATTRS: typeof Nl80211Schema.FREQUENCY_ATTRS

/**
 * An NL80211_CMD_NEW_INTERFACE message as an {@link Nl80211Interface} (see ./nl80211/decode.ts).
 * @function
 */
export declare const interfaceOf: typeof Nl80211Decode.interfaceOf
/**
 * The messages of a wiphy dump merged into {@link Nl80211Wiphy} objects (see ./nl80211/decode.ts).
 * @function
 */
export declare const wiphysOf: typeof Nl80211Decode.wiphysOf

/**
 * WireGuard as a {@link GenlFamily} schema (see ./wireguard/schema.ts).
 */
export declare const WIREGUARD: typeof WireguardSchema.WIREGUARD
/**
 * The WGDEVICE_A_* attribute map (see ./wireguard/schema.ts).
 */
export declare const DEVICE_ATTRS: typeof WireguardSchema.DEVICE_ATTRS
/**
 * The WGPEER_A_* attribute map (see ./wireguard/schema.ts).
 */
export declare const PEER_ATTRS: typeof WireguardSchema.PEER_ATTRS
/**
 * The WGALLOWEDIP_A_* attribute map (see ./wireguard/schema.ts).
 */
export declare const ALLOWEDIP_ATTRS: typeof WireguardSchema.ALLOWEDIP_ATTRS
/**
 * struct __kernel_timespec (last handshake time) as a struct codec (see ./wireguard/schema.ts).
 */
export declare const KERNEL_TIMESPEC: typeof WireguardSchema.KERNEL_TIMESPEC
/**
 * The codec of a WireGuard key: 32 bytes as base64 text (see ./wireguard/schema.ts).
 */
export declare const KEY_CODEC: typeof WireguardSchema.KEY_CODEC
/**
 * The codec of a peer endpoint: sockaddr_in / sockaddr_in6 as address and port (see ./wireguard/schema.ts).
 */
export declare const ENDPOINT_CODEC: typeof WireguardSchema.ENDPOINT_CODEC

/**
 * The messages of a WG_CMD_GET_DEVICE dump merged into one {@link WireGuardDevice} (see ./wireguard/decode.ts).
 * @function
 */
export declare const deviceOf: typeof WireguardDecode.deviceOf
/**
 * One WGPEER_A_* nest as a {@link WireGuardPeer} (see ./wireguard/decode.ts).
 * @function
 */
export declare const peerOf: typeof WireguardDecode.peerOf

/**
 * The attributes of a WG_CMD_SET_DEVICE request for {@link WireGuardDeviceSettings} (see ./wireguard/encode.ts).
 * @function
 */
export declare const setDeviceAttrs: typeof WireguardEncode.setDeviceAttrs

/**
 * Each deferred module: its path (relative to this file), its loader (a literal `require`, which
 * the bundler follows) and the names above it provides.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const MODULES: Readonly<Record<string, DeferredModule>> = {
  './family': [() => require('./family'), ['encodeGenlRequest', 'decodeGenlMessage']],
  './nlctrl/schema': [() => require('./nlctrl/schema'), ['CTRL_ATTRS', 'CTRL_OP_ATTRS', 'CTRL_MCAST_GRP_ATTRS']],
  './nlctrl/family': [() => require('./nlctrl/family'), ['NLCTRL', 'familyInfoOf']],
  './ethtool/schema': [
    () => require('./ethtool/schema'),
    [
      'HEADER_ATTRS',
      'BITSET_BIT_ATTRS',
      'BITSET_BITS_ATTRS',
      'BITSET_ATTRS',
      'LINKINFO_ATTRS',
      'LINKMODES_ATTRS',
      'LINKSTATE_ATTRS',
      'FEATURES_ATTRS',
      'RINGS_ATTRS',
      'CHANNELS_ATTRS',
      'COALESCE_ATTRS',
      'PAUSE_STAT_ATTRS',
      'PAUSE_ATTRS',
      'STATS_GRP_ATTRS',
      'STATS_ATTRS',
      'STRING_ATTRS',
      'STRINGS_ATTRS',
      'STRINGSET_ATTRS',
      'STRINGSETS_ATTRS',
      'STRSET_ATTRS',
      'ETHTOOL',
    ],
  ],
  './ethtool/decode': [
    () => require('./ethtool/decode'),
    [
      'bitsetOf',
      'linkInfoOf',
      'linkModesOf',
      'linkStateOf',
      'featuresOf',
      'ringsOf',
      'channelsOf',
      'coalesceOf',
      'pauseOf',
      'statsOf',
      'stringSetOf',
      'hasCompactBitsets',
      'DECODERS',
    ],
  ],
  './nl80211/schema': [() => require('./nl80211/schema'), ['NL80211', 'NL80211_ATTRS', 'BAND_ATTRS', 'FREQUENCY_ATTRS']],
  './nl80211/decode': [() => require('./nl80211/decode'), ['interfaceOf', 'wiphysOf']],
  './wireguard/schema': [
    () => require('./wireguard/schema'),
    ['WIREGUARD', 'DEVICE_ATTRS', 'PEER_ATTRS', 'ALLOWEDIP_ATTRS', 'KERNEL_TIMESPEC', 'KEY_CODEC', 'ENDPOINT_CODEC'],
  ],
  './wireguard/decode': [() => require('./wireguard/decode'), ['deviceOf', 'peerOf']],
  './wireguard/encode': [() => require('./wireguard/encode'), ['setDeviceAttrs']],
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Each family's namespace: its name and its loader (a literal `require`, which the bundler follows). */
/* eslint-disable @typescript-eslint/no-require-imports */
const NAMESPACES: Readonly<Record<string, () => Record<string, unknown>>> = {
  nlctrl: () => require('./nlctrl/public'),
  ethtool: () => require('./ethtool/public'),
  wireguard: () => require('./wireguard/public'),
  nl80211: () => require('./nl80211/public'),
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Module path (relative to this file) → the names above it provides. */
export const DEFERRED = deferredNames(MODULES)

defineDeferred(exports, MODULES)
defineDeferredNamespaces(exports, NAMESPACES)
