/**
 * nl80211 answers as typed objects: an interface (NL80211_CMD_NEW_INTERFACE, what `iw dev`
 * prints) and a wiphy (NL80211_CMD_NEW_WIPHY, the basics of `iw list`), the messages of a split
 * wiphy dump merged into one wiphy each (a band, and a band's channels, may go on in the next
 * message). Attributes the kernel did not send are null; those the schema does not know stay raw.
 */
import type { UnknownAttr } from '../../schema/attrs'
import type { DecodedAttrs } from '../../schema/decode'
import type { GenlMessage } from '../family'
import { NL80211_BAND_NAMES } from './constants'
import { FREQUENCY_ATTRS } from './schema'

/** A wireless interface, as `iw dev` describes it. */
export interface Nl80211Interface {
  /** The interface index (null for a wdev without netdev, a P2P device). */
  ifindex: number | null
  /** The interface name. */
  ifname: string | null
  /** The index of its wiphy (phy#N). */
  wiphy: number
  /** The wireless device id. */
  wdev: number | null
  /** 'station', 'ap', 'monitor', 'mesh-point', ... (NL80211_IFTYPE_*), or the number. */
  iftype: string | number | null
  /** Its MAC address. */
  mac: string | null
  /** The SSID it is connected to or serves, as UTF-8 text, when it has one. */
  ssid: string | null
  /** The operating channel's frequency, MHz. */
  frequency: number | null
  /** The channel width ('20', '40', '80', '160', '20-noht', ...), or the number. */
  channelWidth: string | number | null
  /** The first center frequency of the channel, MHz. */
  centerFreq1: number | null
  /** The second center frequency (80+80 MHz channels), MHz. */
  centerFreq2: number | null
  /** Transmit power, dBm (the kernel's mBm / 100). */
  txPower: number | null
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** One channel of a band. */
export interface Nl80211Frequency {
  /** The channel's frequency, MHz. */
  mhz: number
  /** Its restrictions, by schema name ('disabled', 'noIr', 'radar', 'noHt40Minus', ...). */
  flags: string[]
  /** The most a transmitter may use there, dBm (the kernel's mBm / 100). */
  maxTxPower: number | null
  /** The radar detection state ('usable', 'unavailable', 'available'), on radar channels. */
  dfsState: string | number | null
}

/** One band of a wiphy. */
export interface Nl80211Band {
  /** '2.4GHz', '5GHz', '60GHz', '6GHz', 'sub-1GHz', 'LC' (NL80211_BAND_*), or the number. */
  band: string | number
  /** Its channels. */
  frequencies: Nl80211Frequency[]
}

/** A wireless device (phy), as the first lines of each `iw list` section describe it. */
export interface Nl80211Wiphy {
  /** The wiphy index (phy#N). */
  wiphy: number
  /** The wiphy name ('phy0'). */
  name: string
  /** Its bands with their channels. */
  bands: Nl80211Band[]
}

const or = <T>(v: unknown): T | null => (v === undefined ? null : (v as T))
const dbm = (mbm: unknown): number | null => (typeof mbm === 'number' ? mbm / 100 : null)
/** The flag attributes of a channel: read from its map, so a flag added there shows up here. */
const FREQUENCY_FLAGS: readonly string[] = [...FREQUENCY_ATTRS.byName.values()].filter((e) => e.spec.kind === 'flag').map((e) => e.spec.name)

/** The {@link Nl80211Interface} of a decoded NEW_INTERFACE message. */
export function interfaceOf(m: GenlMessage): Nl80211Interface {
  const a = m.attrs
  return {
    ifindex: or(a.ifindex),
    ifname: or(a.ifname),
    wiphy: (a.wiphy as number | undefined) ?? 0,
    wdev: or(a.wdev),
    iftype: or(a.iftype),
    mac: or(a.mac),
    ssid: Buffer.isBuffer(a.ssid) ? a.ssid.toString('utf8') : null,
    frequency: or(a.wiphyFreq),
    channelWidth: or(a.channelWidth),
    centerFreq1: or(a.centerFreq1),
    centerFreq2: or(a.centerFreq2),
    txPower: dbm(a.wiphyTxPowerLevel),
    unknown: a.unknown ?? null,
  }
}

function frequencyOf(f: DecodedAttrs): Nl80211Frequency {
  return {
    mhz: (f.freq as number | undefined) ?? 0,
    flags: FREQUENCY_FLAGS.filter((name) => f[name] === true),
    maxTxPower: dbm(f.maxTxPower),
    dfsState: or(f.dfsState),
  }
}

/**
 * The {@link Nl80211Wiphy}s of a wiphy dump's NEW_WIPHY messages, in the kernel's order: the
 * messages of one wiphy (a split dump sends several, each naming the wiphy) merged, a band seen
 * again taking the further channels.
 */
export function wiphysOf(messages: readonly GenlMessage[]): Nl80211Wiphy[] {
  const byIndex = new Map<number, Nl80211Wiphy>()
  for (const m of messages) {
    const index = (m.attrs.wiphy as number | undefined) ?? 0
    let wiphy = byIndex.get(index)
    if (wiphy === undefined) {
      wiphy = { wiphy: index, name: (m.attrs.wiphyName as string | undefined) ?? '', bands: [] }
      byIndex.set(index, wiphy)
    }
    for (const nest of (m.attrs.wiphyBands as DecodedAttrs[] | undefined) ?? []) {
      const band = NL80211_BAND_NAMES.decode(nest.band as number)
      const frequencies = ((nest.freqs as DecodedAttrs[] | undefined) ?? []).map(frequencyOf)
      const known = wiphy.bands.find((b) => b.band === band)
      if (known === undefined) wiphy.bands.push({ band, frequencies })
      else known.frequencies.push(...frequencies)
    }
  }
  return [...byIndex.values()]
}
