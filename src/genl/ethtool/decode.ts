/**
 * ethtool answers and notifications as typed objects: the device from the header nest, bit sets
 * as lists of names, each request kind's attributes under their schema names (absent ones left
 * out, as the kernel leaves out what a driver does not report), the rest kept raw in `unknown`.
 */
import type { DecodedAttrs } from '../../schema/decode'
import { forEachAttr } from '../../schema/decode'
import type { UnknownAttr } from '../../schema/attrs'
import type { GenlMessage } from '../family'
import { ETHTOOL_MSG, ETHTOOL_STATS_GROUPS, SPEED_UNKNOWN } from './constants'

/** What every ethtool object carries: the device it is about. */
export interface EthtoolDevice {
  /** The interface index. */
  ifindex: number
  /** The interface name. */
  ifname: string
  /** Attributes the schema does not know, raw; null when there are none. */
  unknown: UnknownAttr[] | null
}

/** One bit set: the names of the bits that are set, and for masked sets the names the mask covers. */
export interface EthtoolBitset {
  /** Names of the set bits (the index as text when the kernel sent no name). */
  on: string[]
  /** Names of the bits the set speaks of (the mask); equal to `on` for lists (nomask). */
  known: string[]
  /** The number of bits the set has. */
  size: number
}

/** ETHTOOL_MSG_LINKINFO_GET: `ethtool DEV`'s port, PHY address, MDI-X and transceiver. */
export interface EthtoolLinkInfo extends EthtoolDevice {
  /** PORT_*: 'tp', 'fibre', 'da', 'none', 'other', ... or the number. */
  port: string | number | null
  /** PHY address. */
  phyaddr: number | null
  /** ETH_TP_MDI_* state. */
  tpMdix: number | null
  /** ETH_TP_MDI_* control. */
  tpMdixCtrl: number | null
  /** 'internal' or 'external' (XCVR_*), or the number. */
  transceiver: string | number | null
}

/** ETHTOOL_MSG_LINKMODES_GET: speed, duplex, autonegotiation and link modes. */
export interface EthtoolLinkModes extends EthtoolDevice {
  /** Autonegotiation on. */
  autoneg: boolean | null
  /** Mb/s; null when unknown (SPEED_UNKNOWN, a link without carrier). */
  speed: number | null
  /** 'half', 'full', 'unknown' or the number. */
  duplex: string | number | null
  /** Our link modes: supported (the mask) and advertised (the value). */
  ours: EthtoolBitset | null
  /** The link partner's advertised modes. */
  peer: EthtoolBitset | null
  /** Lanes, when the driver reports them. */
  lanes: number | null
}

/** ETHTOOL_MSG_LINKSTATE_GET: `Link detected` and signal quality. */
export interface EthtoolLinkState extends EthtoolDevice {
  /** Link detected (carrier). */
  link: boolean | null
  /** Signal quality index, when the PHY reports it. */
  sqi: number | null
  /** Highest signal quality index. */
  sqiMax: number | null
}

/** ETHTOOL_MSG_FEATURES_GET: `ethtool -k`, each set as feature names. */
export interface EthtoolFeatures extends EthtoolDevice {
  /** Features the device lets change (hw_features). */
  hw: string[]
  /** Features asked for (ethtool's "requested"). */
  wanted: string[]
  /** Features on. */
  active: string[]
  /** Features that never change (ethtool's "[fixed]" with those not in hw). */
  nochange: string[]
}

/** ETHTOOL_MSG_RINGS_GET: `ethtool -g`; attributes the driver does not report are absent. */
export interface EthtoolRings extends EthtoolDevice {
  [name: string]: number | string | UnknownAttr[] | null
}
/** ETHTOOL_MSG_CHANNELS_GET: `ethtool -l`: rxMax, txMax, otherMax, combinedMax, rxCount, ... */
export interface EthtoolChannels extends EthtoolDevice {
  [name: string]: number | string | UnknownAttr[] | null
}
/** ETHTOOL_MSG_COALESCE_GET: `ethtool -c`: rxUsecs, txMaxFrames, useAdaptiveRx, ... */
export interface EthtoolCoalesce extends EthtoolDevice {
  [name: string]: number | string | UnknownAttr[] | null
}

/** ETHTOOL_MSG_PAUSE_GET: `ethtool -a`, with the pause frame counters when asked for. */
export interface EthtoolPause extends EthtoolDevice {
  /** Pause autonegotiation. */
  autoneg: boolean | null
  /** RX pause on. */
  rx: boolean | null
  /** TX pause on. */
  tx: boolean | null
  /** Pause frame counters (ETHTOOL_FLAG_STATS), when the driver has them. */
  stats: EthtoolPauseStats | null
}

/** Pause frame counters. */
export interface EthtoolPauseStats {
  /** Pause frames sent. */
  txFrames?: number
  /** Pause frames received. */
  rxFrames?: number
}

/** One group of standard statistics. */
export interface EthtoolStatsGroup {
  /** 'eth-phy', 'eth-mac', 'eth-ctrl', 'rmon', or the number. */
  group: string | number
  /** The string set naming its counters (ETH_SS_STATS_ETH_*). */
  stringSet: number
  /** The counters by index in that string set. */
  counters: Record<number, number>
}

/** ETHTOOL_MSG_STATS_GET: the standard statistics groups the driver reports (none for veth). */
export interface EthtoolStats extends EthtoolDevice {
  /** The groups answered. */
  groups: EthtoolStatsGroup[]
}

/**
 * A decoded bit set: verbose (bits by name) or compact (value and mask words, whose bits are named
 * by `names`, the set's strings by index, where given; by their index as text otherwise).
 */
export function bitsetOf(value: unknown, names: readonly string[] = []): EthtoolBitset | null {
  if (typeof value !== 'object' || value === null) return null
  const set = value as DecodedAttrs
  const size = (set.size as number | undefined) ?? 0
  const on: string[] = []
  const known: string[] = []
  const bits = (set.bits as DecodedAttrs | undefined)?.bit as DecodedAttrs[] | undefined
  if (bits !== undefined) {
    for (const bit of bits) {
      const name = (bit.name as string | undefined) ?? String(bit.index)
      known.push(name)
      if (set.nomask === true || bit.value === true) on.push(name)
    }
  } else if (Buffer.isBuffer(set.value)) {
    const mask = Buffer.isBuffer(set.mask) ? set.mask : set.value
    for (let i = 0; i < size; i++) {
      const byte = i >> 3
      const bit = 1 << (i & 7)
      const name = names[i] ?? String(i)
      if ((mask[byte] ?? 0) & bit) known.push(name)
      if ((set.value[byte] ?? 0) & bit) on.push(name)
    }
  }
  return { on, known, size }
}

function device(message: GenlMessage): EthtoolDevice {
  const header = (message.attrs.header as DecodedAttrs | undefined) ?? {}
  return {
    ifindex: (header.devIndex as number | undefined) ?? 0,
    ifname: (header.devName as string | undefined) ?? '',
    unknown: message.attrs.unknown ?? null,
  }
}

const or = <T>(v: unknown): T | null => (v === undefined ? null : (v as T))
const bool = (v: unknown): boolean | null => (v === undefined ? null : v !== 0)

/** The device and every attribute but the header, under its schema name (rings, channels, coalesce). */
function flat(message: GenlMessage): EthtoolDevice & Record<string, unknown> {
  const out: EthtoolDevice & Record<string, unknown> = { ...device(message) }
  for (const [key, value] of Object.entries(message.attrs)) if (key !== 'header' && key !== 'unknown') out[key] = value
  return out
}

/** The {@link EthtoolLinkInfo} of a decoded ethtool message. */
export function linkInfoOf(m: GenlMessage): EthtoolLinkInfo {
  const a = m.attrs
  return { ...device(m), port: or(a.port), phyaddr: or(a.phyaddr), tpMdix: or(a.tpMdix), tpMdixCtrl: or(a.tpMdixCtrl), transceiver: or(a.transceiver) }
}

/** The {@link EthtoolLinkModes} of a decoded ethtool message. */
export function linkModesOf(m: GenlMessage): EthtoolLinkModes {
  const a = m.attrs
  const speed = a.speed as number | undefined
  return {
    ...device(m),
    autoneg: bool(a.autoneg),
    speed: speed === undefined || speed === SPEED_UNKNOWN ? null : speed,
    duplex: or(a.duplex),
    ours: bitsetOf(a.ours),
    peer: bitsetOf(a.peer),
    lanes: or(a.lanes),
  }
}

/** The {@link EthtoolLinkState} of a decoded ethtool message. */
export function linkStateOf(m: GenlMessage): EthtoolLinkState {
  const a = m.attrs
  return { ...device(m), link: bool(a.link), sqi: or(a.sqi), sqiMax: or(a.sqiMax) }
}

/** true when a features message carries compact bit sets (bits by index: notifications do). */
export function hasCompactBitsets(m: GenlMessage): boolean {
  return Object.values(m.attrs).some((v) => typeof v === 'object' && v !== null && Buffer.isBuffer((v as DecodedAttrs).value))
}

/**
 * The {@link EthtoolFeatures} of a decoded ethtool message; `featureNames` (the ETH_SS_FEATURES
 * string set, {@link Ethtool.featureNames}) names the bits of compact bit sets.
 */
export function featuresOf(m: GenlMessage, featureNames: readonly string[] = []): EthtoolFeatures {
  const a = m.attrs
  const names = (v: unknown) => bitsetOf(v, featureNames)?.on ?? []
  return { ...device(m), hw: names(a.hw), wanted: names(a.wanted), active: names(a.active), nochange: names(a.nochange) }
}

/** The {@link EthtoolPause} of a decoded ethtool message. */
export function pauseOf(m: GenlMessage): EthtoolPause {
  const a = m.attrs
  return { ...device(m), autoneg: bool(a.autoneg), rx: bool(a.rx), tx: bool(a.tx), stats: or(a.stats) }
}

/** The {@link EthtoolRings} of a decoded ethtool message. */
export const ringsOf = (m: GenlMessage): EthtoolRings => flat(m) as EthtoolRings
/** The {@link EthtoolChannels} of a decoded ethtool message. */
export const channelsOf = (m: GenlMessage): EthtoolChannels => flat(m) as EthtoolChannels
/** The {@link EthtoolCoalesce} of a decoded ethtool message. */
export const coalesceOf = (m: GenlMessage): EthtoolCoalesce => flat(m) as EthtoolCoalesce

/** The {@link EthtoolStats} of a decoded ethtool message. */
export function statsOf(m: GenlMessage): EthtoolStats {
  const groups = ((m.attrs.grp as DecodedAttrs[] | undefined) ?? []).map((g) => {
    const counters: Record<number, number> = {}
    for (const nest of (g.stat as Buffer[] | undefined) ?? []) {
      forEachAttr(nest, 0, nest.length, (index, p, q) => {
        if (q - p === 8) counters[index] = Number(nest.readBigUInt64LE(p))
      })
    }
    const id = (g.id as number | undefined) ?? 0
    return { group: ETHTOOL_STATS_GROUPS[id] ?? id, stringSet: (g.ssId as number | undefined) ?? 0, counters }
  })
  return { ...device(m), groups }
}

/** The strings of string set `id` in a decoded STRSET_GET answer, by index; empty when it has none. */
export function stringSetOf(m: GenlMessage, id: number): string[] {
  const sets = ((m.attrs.stringsets as DecodedAttrs | undefined)?.stringset as DecodedAttrs[] | undefined) ?? []
  const out: string[] = []
  for (const entry of ((sets.find((set) => set.id === id)?.strings as DecodedAttrs | undefined)?.string as DecodedAttrs[] | undefined) ?? []) {
    if (typeof entry.index === 'number' && typeof entry.value === 'string') out[entry.index] = entry.value
  }
  return out
}

/** The request kinds: each reply and notification's decoder, by the kernel's message type. */
export const DECODERS: ReadonlyArray<[kind: string, reply: number, notification: number | null, decode: (m: GenlMessage) => EthtoolDevice]> = [
  ['linkinfo', ETHTOOL_MSG.LINKINFO_GET_REPLY, ETHTOOL_MSG.LINKINFO_NTF, linkInfoOf],
  ['linkmodes', ETHTOOL_MSG.LINKMODES_GET_REPLY, ETHTOOL_MSG.LINKMODES_NTF, linkModesOf],
  ['linkstate', ETHTOOL_MSG.LINKSTATE_GET_REPLY, null, linkStateOf],
  ['features', ETHTOOL_MSG.FEATURES_GET_REPLY, ETHTOOL_MSG.FEATURES_NTF, featuresOf],
  ['rings', ETHTOOL_MSG.RINGS_GET_REPLY, ETHTOOL_MSG.RINGS_NTF, ringsOf],
  ['channels', ETHTOOL_MSG.CHANNELS_GET_REPLY, ETHTOOL_MSG.CHANNELS_NTF, channelsOf],
  ['coalesce', ETHTOOL_MSG.COALESCE_GET_REPLY, ETHTOOL_MSG.COALESCE_NTF, coalesceOf],
  ['pause', ETHTOOL_MSG.PAUSE_GET_REPLY, ETHTOOL_MSG.PAUSE_NTF, pauseOf],
  ['stats', ETHTOOL_MSG.STATS_GET_REPLY, null, statsOf],
]
