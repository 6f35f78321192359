/** What the `genl.wireguard` namespace shows: WireGuard's numbers, attribute maps, schema and codecs. */
export * from './constants'
export { WIREGUARD, DEVICE_ATTRS, PEER_ATTRS, ALLOWEDIP_ATTRS, KERNEL_TIMESPEC, KEY_CODEC, ENDPOINT_CODEC, type KernelTimespec } from './schema'
export { deviceOf, peerOf } from './decode'
export { setDeviceAttrs } from './encode'
