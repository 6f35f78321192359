/** What the `genl.wireguard` namespace shows: WireGuard's numbers, attribute maps, schema and codecs. */
export * from './constants'
// The maps and codecs load on first use (../lazy.ts).
export { WIREGUARD, DEVICE_ATTRS, PEER_ATTRS, ALLOWEDIP_ATTRS, KERNEL_TIMESPEC, KEY_CODEC, ENDPOINT_CODEC, deviceOf, peerOf, setDeviceAttrs } from '../lazy'
export type { KernelTimespec } from './schema'
