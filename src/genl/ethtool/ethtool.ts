/**
 * Ethtool: typed ethtool netlink (`ethtool DEV`, `-k`, `-g`, `-l`, `-c`, `-a`, standard stats,
 * and `ethtool --monitor`) over a {@link GenericNetlink} socket: the family's schema
 * (./schema.ts) and a method per request kind, each a GET with the device in the header nest or a
 * SET of the caller's values, checked before anything is sent.
 */
import { isOverflow } from '../../broadcast'
import type { DecodedAttrs } from '../../schema/decode'
import { checkSpecObject, intArg, objectArg } from '../../toolkit/args'
import { callOptions, type CallOptions } from '../../toolkit/call-options'
import { ifnameArg } from '../../toolkit/ifname'
import { describe } from '../../schema/scalar'
import type { GenlMessage } from '../family'
import { GenlFamilyClient } from '../family-client'
import type { GenericNetlink } from '../genl-socket'
import { ETH_SS, ETHTOOL_FLAG, ETHTOOL_MCGRP_MONITOR_NAME, ETHTOOL_MSG, ETHTOOL_MSG_USER, ETHTOOL_STATS_GROUPS } from './constants'
import type {
  EthtoolChannels,
  EthtoolCoalesce,
  EthtoolDevice,
  EthtoolFeatures,
  EthtoolLinkInfo,
  EthtoolLinkModes,
  EthtoolLinkState,
  EthtoolPause,
  EthtoolRings,
  EthtoolStats,
} from './decode'
import {
  DECODERS,
  channelsOf,
  coalesceOf,
  featuresOf,
  hasCompactBitsets,
  stringSetOf,
  linkInfoOf,
  linkModesOf,
  linkStateOf,
  pauseOf,
  ringsOf,
  statsOf,
  CHANNELS_ATTRS,
  COALESCE_ATTRS,
  ETHTOOL,
  PAUSE_ATTRS,
  RINGS_ATTRS,
} from '../lazy'

/** A device by interface index or name. */
export type EthtoolDeviceRef = number | string

/** One notification of `ethtool --monitor`: the kind and the object it carries, or an overflow marker. */
export type EthtoolEvent =
  | {
      /** Which settings changed ('features', 'channels', 'linkmodes', ...). */
      type: string
      /** The settings as they are now. */
      settings: EthtoolDevice
    }
  | {
      /** Notifications were lost: read again what you track. */
      type: 'overflow'
    }

/** What `setChannels`, `setRings`, `setCoalesce` and `setPause` take: settings by schema name. */
export type EthtoolSettings = Record<string, number | boolean>

/** A kind whose SET takes plain numbers (booleans for the u8 switches). */
type SettableKind = 'rings' | 'channels' | 'coalesce' | 'pause'
let settableKinds: ReadonlyArray<[kind: SettableKind, cmd: number, keys: ReadonlySet<string>]> | null = null

/** Those kinds with their map's names minus the read-only maxima; made on first use, as the maps load then (../lazy.ts). */
function settableKind(kind: SettableKind): [kind: SettableKind, cmd: number, keys: ReadonlySet<string>] {
  settableKinds ??= [
    ['rings', ETHTOOL_MSG_USER.RINGS_SET, settable(RINGS_ATTRS.byName.keys())],
    ['channels', ETHTOOL_MSG_USER.CHANNELS_SET, settable(CHANNELS_ATTRS.byName.keys())],
    ['coalesce', ETHTOOL_MSG_USER.COALESCE_SET, settable(COALESCE_ATTRS.byName.keys())],
    ['pause', ETHTOOL_MSG_USER.PAUSE_SET, settable(PAUSE_ATTRS.byName.keys(), ['stats'])],
  ]
  return settableKinds.find(([k]) => k === kind)!
}

function settable(names: Iterable<string>, more: string[] = []): ReadonlySet<string> {
  return new Set([...names].filter((n) => n !== 'header' && !n.endsWith('Max') && !more.includes(n)))
}

/** The ethtool family: reads and changes a device's ethtool settings, and listens to their changes. */
export class Ethtool extends GenlFamilyClient {
  /** The ETH_SS_FEATURES strings (global, so asked once per instance), or the request under way. */
  #featureNames: Promise<string[]> | undefined

  /** An Ethtool on an open {@link GenericNetlink} socket (shared: closing the socket ends both). */
  constructor(genl: GenericNetlink) {
    super(genl, ETHTOOL)
  }

  /** `ethtool DEV`: port, PHY address, MDI-X, transceiver. */
  linkInfo(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolLinkInfo> {
    return this.#get(ETHTOOL_MSG_USER.LINKINFO_GET, dev, 'linkInfo', options, linkInfoOf)
  }

  /** `ethtool DEV`: speed, duplex, autonegotiation, supported / advertised / partner link modes. */
  linkModes(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolLinkModes> {
    return this.#get(ETHTOOL_MSG_USER.LINKMODES_GET, dev, 'linkModes', options, linkModesOf)
  }

  /** `ethtool DEV`'s "Link detected", and signal quality where the PHY has it. */
  linkState(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolLinkState> {
    return this.#get(ETHTOOL_MSG_USER.LINKSTATE_GET, dev, 'linkState', options, linkStateOf)
  }

  /** `ethtool -k DEV`: the features the device can change, wants, has on, and never changes. */
  features(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolFeatures> {
    return this.#get(ETHTOOL_MSG_USER.FEATURES_GET, dev, 'features', options, featuresOf)
  }

  /**
   * The feature names by bit index (the ETH_SS_FEATURES string set, ETHTOOL_MSG_STRSET_GET without
   * a device, under an empty header, which the kernel requires: its netdev_features_strings),
   * asked once per instance and then cached.
   */
  featureNames(options: CallOptions = {}): Promise<string[]> {
    const call = callOptions(options, 'featureNames')
    if (this.#featureNames === undefined) {
      const pending = this.genl
        .requestAll<GenlMessage>(
          ETHTOOL,
          ETHTOOL_MSG_USER.STRSET_GET,
          { header: {}, stringsets: { stringset: [{ id: ETH_SS.FEATURES }] } },
          { ...call, ack: false },
        )
        .then(([answer]) => stringSetOf(answer!, ETH_SS.FEATURES))
      this.#featureNames = pending
      // A failure is not remembered: the next call asks again.
      pending.catch(() => {
        if (this.#featureNames === pending) this.#featureNames = undefined
      })
    }
    return this.#featureNames
  }

  /** `ethtool -g DEV`; NetlinkError EOPNOTSUPP where the driver has no rings (veth). */
  rings(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolRings> {
    return this.#get(ETHTOOL_MSG_USER.RINGS_GET, dev, 'rings', options, ringsOf)
  }

  /** `ethtool -l DEV`: channel maxima and counts. */
  channels(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolChannels> {
    return this.#get(ETHTOOL_MSG_USER.CHANNELS_GET, dev, 'channels', options, channelsOf)
  }

  /** `ethtool -c DEV`; NetlinkError EOPNOTSUPP where the driver has no coalescing settings. */
  coalesce(dev: EthtoolDeviceRef, options: CallOptions = {}): Promise<EthtoolCoalesce> {
    return this.#get(ETHTOOL_MSG_USER.COALESCE_GET, dev, 'coalesce', options, coalesceOf)
  }

  /** `ethtool -a DEV` (`-I` for the frame counters: `{ stats: true }`). */
  pause(dev: EthtoolDeviceRef, options: CallOptions & { stats?: boolean } = {}): Promise<EthtoolPause> {
    const { stats, ...call } = checkSpecObject(options, new Set(['signal', 'timeout', 'stats']), 'pause options', 'option')
    if (stats !== undefined && typeof stats !== 'boolean') throw new TypeError(`pause options.stats: expected a boolean, got ${describe(stats)}`)
    return this.#get(ETHTOOL_MSG_USER.PAUSE_GET, dev, 'pause', call, pauseOf, stats === true ? ETHTOOL_FLAG.STATS : 0)
  }

  /**
   * `ethtool -S DEV --all-groups`: the standard statistics groups the driver reports (`groups`
   * picks some of 'eth-phy', 'eth-mac', 'eth-ctrl', 'rmon'; default all).
   */
  stats(dev: EthtoolDeviceRef, options: CallOptions & { groups?: string[] } = {}): Promise<EthtoolStats> {
    const { groups = [...ETHTOOL_STATS_GROUPS], ...call } = checkSpecObject(options, new Set(['signal', 'timeout', 'groups']), 'stats options', 'option')
    if (!Array.isArray(groups)) throw new TypeError(`stats options.groups: expected an array, got ${describe(groups)}`)
    groups.forEach((g, i) => {
      if (!(ETHTOOL_STATS_GROUPS as readonly unknown[]).includes(g))
        throw new TypeError(`stats options.groups[${i}]: expected one of ${ETHTOOL_STATS_GROUPS.join(', ')}, got ${describe(g)}`)
    })
    const bits = { nomask: true, bits: { bit: (groups as string[]).map((name) => ({ name })) } }
    return this.#get(ETHTOOL_MSG_USER.STATS_GET, dev, 'stats', call, statsOf, 0, { groups: bits })
  }

  /**
   * `ethtool -K DEV name on|off ...`: turns features on (true) or off (false), by their netlink
   * names ('rx-gro', 'tx-checksum-ip-generic'). The kernel refuses a name it does not know (EINVAL).
   */
  async setFeatures(dev: EthtoolDeviceRef, features: Record<string, boolean>, options: CallOptions = {}): Promise<void> {
    objectArg(features, 'setFeatures features')
    const bit = Object.entries(features).map(([name, on]) => {
      if (typeof on !== 'boolean') throw new TypeError(`setFeatures features.${name}: expected true or false, got ${describe(on)}`)
      return on ? { name, value: true } : { name }
    })
    if (bit.length === 0) throw new TypeError('setFeatures features: name at least one feature')
    await this.#set(ETHTOOL_MSG_USER.FEATURES_SET, dev, 'setFeatures', options, { wanted: { bits: { bit } } })
  }

  /** `ethtool -L DEV rx N tx N ...`: channel counts (rxCount, txCount, otherCount, combinedCount). */
  setChannels(dev: EthtoolDeviceRef, settings: EthtoolSettings, options: CallOptions = {}): Promise<void> {
    return this.#setKind('channels', dev, settings, options)
  }

  /** `ethtool -G DEV rx N tx N ...`: ring sizes. */
  setRings(dev: EthtoolDeviceRef, settings: EthtoolSettings, options: CallOptions = {}): Promise<void> {
    return this.#setKind('rings', dev, settings, options)
  }

  /** `ethtool -C DEV ...`: interrupt coalescing. */
  setCoalesce(dev: EthtoolDeviceRef, settings: EthtoolSettings, options: CallOptions = {}): Promise<void> {
    return this.#setKind('coalesce', dev, settings, options)
  }

  /** `ethtool -A DEV autoneg|rx|tx on|off`. */
  setPause(dev: EthtoolDeviceRef, settings: EthtoolSettings, options: CallOptions = {}): Promise<void> {
    return this.#setKind('pause', dev, settings, options)
  }

  /**
   * `ethtool --monitor`: joins the family's monitor group on this socket and yields each
   * notification as a typed event (with an overflow marker when some were lost).
   */
  async *monitor(options: { signal?: AbortSignal } = {}): AsyncGenerator<EthtoolEvent> {
    const o = checkSpecObject(options, new Set(['signal']), 'monitor options', 'option')
    await this.genl.join(ETHTOOL.name, ETHTOOL_MCGRP_MONITOR_NAME, o.signal === undefined ? {} : { signal: o.signal as AbortSignal })
    for await (const message of this.genl.events(o.signal === undefined ? {} : { signal: o.signal as AbortSignal })) {
      if (isOverflow(message)) {
        yield { type: 'overflow' }
        continue
      }
      const m = message as GenlMessage
      if (m.family !== ETHTOOL.name) continue
      const entry = DECODERS.find(([, , ntf]) => ntf === m.cmd)
      if (entry === undefined) continue
      // Notifications carry features as compact bit sets: named from the features string set, as features() names them.
      if (m.cmd === ETHTOOL_MSG.FEATURES_NTF && hasCompactBitsets(m))
        yield { type: entry[0], settings: featuresOf(m, await this.featureNames(o.signal === undefined ? {} : { signal: o.signal as AbortSignal })) }
      else yield { type: entry[0], settings: entry[3](m) }
    }
  }

  async #get<T>(
    cmd: number,
    dev: EthtoolDeviceRef,
    method: string,
    options: CallOptions,
    project: (m: GenlMessage) => T,
    flags = 0,
    more: object = {},
  ): Promise<T> {
    const call = callOptions(options, method)
    const header = headerOf(dev, `${method} dev`, flags)
    const [answer] = await this.genl.requestAll<GenlMessage>(ETHTOOL, cmd, { header, ...more }, { ...call, ack: false })
    return project(answer!)
  }

  async #set(cmd: number, dev: EthtoolDeviceRef, method: string, options: CallOptions, attrs: object): Promise<void> {
    const call = callOptions(options, method)
    const header = headerOf(dev, `${method} dev`, ETHTOOL_FLAG.OMIT_REPLY)
    await this.genl.requestAll(ETHTOOL, cmd, { header, ...attrs }, call)
  }

  async #setKind(kind: SettableKind, dev: EthtoolDeviceRef, settings: EthtoolSettings, options: CallOptions): Promise<void> {
    const [, cmd, keys] = settableKind(kind)
    const method = `set${kind[0]!.toUpperCase()}${kind.slice(1)}`
    const s = checkSpecObject(settings, keys, `${method} settings`)
    const attrs: DecodedAttrs = {}
    for (const [key, value] of Object.entries(s)) attrs[key] = typeof value === 'boolean' ? Number(value) : value
    await this.#set(cmd, dev, method, options, attrs)
  }
}

/** The ETHTOOL_A_HEADER nest naming `dev` (index or name), with ETHTOOL_FLAG_* `flags`. */
function headerOf(dev: unknown, path: string, flags: number): Record<string, number | string> {
  const header: Record<string, number | string> = typeof dev === 'string' ? { devName: ifnameArg(dev, path) } : { devIndex: intArg('u32', dev, path) }
  if (typeof dev === 'number' && dev === 0) throw new RangeError(`${path}: 0 is not an interface index`)
  if (flags !== 0) header.flags = flags
  return header
}
