/**
 * WireGuard: `wg show` and `wg set` over a {@link GenericNetlink} socket: WG_CMD_GET_DEVICE (a
 * dump naming one device, coalesced into one object) and WG_CMD_SET_DEVICE (typed settings),
 * the device named by index or name, everything checked before anything is sent. Needs the
 * wireguard module; without it the family does not resolve (NetlinkError ENOENT).
 */
import { intArg } from '../../toolkit/args'
import { callOptions, type CallOptions } from '../../toolkit/call-options'
import { ifnameArg } from '../../toolkit/ifname'
import type { GenlMessage } from '../family'
import { GenlFamilyClient } from '../family-client'
import type { GenericNetlink } from '../genl-socket'
import { WG_CMD } from './constants'
import type { WireGuardDevice } from './decode'
import type { WireGuardDeviceSettings } from './encode'
import { deviceOf, setDeviceAttrs, WIREGUARD } from '../lazy'

/** A WireGuard device by interface index or name. */
export type WireGuardDeviceRef = number | string

/** The WireGuard family: reads and changes a WireGuard device's keys, port, mark and peers. */
export class WireGuard extends GenlFamilyClient {
  /** A WireGuard on an open {@link GenericNetlink} socket (shared: closing the socket ends both). */
  constructor(genl: GenericNetlink) {
    super(genl, WIREGUARD)
  }

  /** `wg show DEV`: the device with its peers. NetlinkError ENODEV for a device that is not WireGuard's. */
  async getDevice(dev: WireGuardDeviceRef, options: CallOptions = {}): Promise<WireGuardDevice> {
    const call = callOptions(options, 'getDevice')
    const messages = await this.genl.requestAll<GenlMessage>(WIREGUARD, WG_CMD.GET_DEVICE, deviceRef(dev, 'getDevice dev'), { ...call, dump: true })
    const device = deviceOf(messages)
    if (device === null) throw new Error(`getDevice: the kernel answered nothing for ${String(dev)}`)
    return device
  }

  /** `wg set DEV ...`: changes what `settings` names, and nothing else. */
  async setDevice(dev: WireGuardDeviceRef, settings: WireGuardDeviceSettings, options: CallOptions = {}): Promise<void> {
    const call = callOptions(options, 'setDevice')
    const attrs = setDeviceAttrs(deviceRef(dev, 'setDevice dev'), settings, 'setDevice settings')
    await this.genl.requestAll(WIREGUARD, WG_CMD.SET_DEVICE, attrs, call)
  }
}

/** WGDEVICE_A_IFINDEX or WGDEVICE_A_IFNAME (the UAPI takes one, never both). */
function deviceRef(dev: unknown, path: string): { ifindex: number } | { ifname: string } {
  if (typeof dev === 'string') return { ifname: ifnameArg(dev, path) }
  const ifindex = intArg('u32', dev, path)
  if (ifindex === 0) throw new RangeError(`${path}: 0 is not an interface index`)
  return { ifindex }
}
