/**
 * WireGuard's attribute maps: the device, its peers and their allowed IPs (arrays of nests, each
 * element typed 0 as the kernel and wg(8) write them), keys as base64 text, endpoints as struct
 * sockaddr_in / sockaddr_in6, the last handshake as struct __kernel_timespec; and the family's
 * schema ({@link WIREGUARD}), one table both ways, as GET_DEVICE answers and SET_DEVICE requests
 * share the attributes.
 */
import { defineAttrs, type CustomCodec } from '../../schema/attrs'
import { describe } from '../../schema/scalar'
import { defineStruct } from '../../schema/struct'
import { ipArg } from '../../toolkit/address-args'
import { intArg, checkSpecObject } from '../../toolkit/args'
import { AF_INET, AF_INET6 } from '../../toolkit/family'
import { nestedArray } from '../../toolkit/nested-array'
import { formatIP } from '../../util/address'
import type { GenlCommand, GenlFamily } from '../family'
import { WG_CMD, WG_GENL_NAME, WG_GENL_VERSION, WG_KEY_LEN, WGALLOWEDIP_A, WGDEVICE_A, WGPEER_A } from './constants'

/** A peer's endpoint: an IPv4 or IPv6 address and a UDP port (`scopeId` for link-local IPv6). */
export interface WireGuardEndpoint {
  /** IPv4 or IPv6 text. */
  address: string
  /** The UDP port. */
  port: number
  /** sin6_scope_id, for IPv6 only; left out when 0. */
  scopeId?: number
}

/** A key (WG_KEY_LEN bytes) as the base64 text `wg show` prints and `wg set` reads; any other length is kept raw. */
export const KEY_CODEC: CustomCodec<string> = {
  decode: (buf, start, end) => (end - start === WG_KEY_LEN ? buf.toString('base64', start, end) : undefined),
  encode(value, writer, path) {
    writer.bytes(keyBytes(value, path))
  },
}

/** The all-zero key: what the kernel sends for "no preshared key" and takes as "remove this key". */
export const ZERO_KEY = Buffer.alloc(WG_KEY_LEN).toString('base64')

/** The WG_KEY_LEN bytes of a base64 key; TypeError naming `path` for anything else. */
export function keyBytes(value: unknown, path: string): Buffer {
  if (typeof value !== 'string') throw new TypeError(`${path}: expected a base64 key (as \`wg genkey\` prints), got ${describe(value)}`)
  const bytes = Buffer.from(value, 'base64')
  if (bytes.length !== WG_KEY_LEN || bytes.toString('base64') !== value) {
    throw new TypeError(`${path}: '${value}' is not the base64 text of a ${WG_KEY_LEN}-byte key`)
  }
  return bytes
}

const SOCKADDR_IN_LEN = 16
const SOCKADDR_IN6_LEN = 28
const ENDPOINT_KEYS: ReadonlySet<string> = new Set(['address', 'port', 'scopeId'])

/** WGPEER_A_ENDPOINT: struct sockaddr_in or sockaddr_in6 (family in host order, port and flow label in network order). */
export const ENDPOINT_CODEC: CustomCodec<WireGuardEndpoint> = {
  decode(buf, start, end) {
    const length = end - start
    const af = length >= 2 ? buf.readUInt16LE(start) : -1
    if (af === AF_INET && length >= SOCKADDR_IN_LEN) return { address: formatIP(buf, start + 4, 4)!, port: buf.readUInt16BE(start + 2) }
    if (af !== AF_INET6 || length < SOCKADDR_IN6_LEN) return undefined
    const endpoint: WireGuardEndpoint = { address: formatIP(buf, start + 8, 16)!, port: buf.readUInt16BE(start + 2) }
    const scopeId = buf.readUInt32LE(start + 24)
    if (scopeId !== 0) endpoint.scopeId = scopeId
    return endpoint
  },
  encode(value, writer, path) {
    writer.bytes(endpointBytes(value, path))
  },
}

/** The struct sockaddr_in / sockaddr_in6 of an endpoint; TypeError/RangeError naming `path`. */
export function endpointBytes(value: unknown, path: string): Buffer {
  const e = checkSpecObject(value, ENDPOINT_KEYS, path)
  const ip = ipArg(e.address, `${path}.address`)
  const port = intArg('u16', e.port, `${path}.port`)
  if (ip.family === 4 && e.scopeId !== undefined) throw new TypeError(`${path}.scopeId: only an IPv6 endpoint has a scope`)
  const out = Buffer.alloc(ip.family === 4 ? SOCKADDR_IN_LEN : SOCKADDR_IN6_LEN)
  out.writeUInt16LE(ip.family === 4 ? AF_INET : AF_INET6, 0)
  out.writeUInt16BE(port, 2)
  if (ip.family === 4) ip.bytes.copy(out, 4)
  else {
    ip.bytes.copy(out, 8)
    out.writeUInt32LE(e.scopeId === undefined ? 0 : intArg('u32', e.scopeId, `${path}.scopeId`), 24)
  }
  return out
}

/** A decoded struct __kernel_timespec. */
export interface KernelTimespec {
  /** Seconds since the epoch. */
  sec: number
  /** Nanoseconds. */
  nsec: number
}

/** struct __kernel_timespec: WGPEER_A_LAST_HANDSHAKE_TIME, zero when no handshake happened. */
export const KERNEL_TIMESPEC = defineStruct<KernelTimespec>({
  name: '__kernel_timespec',
  size: 16,
  fields: [
    { name: 'sec', type: 's64', offset: 0 },
    { name: 'nsec', type: 's64', offset: 8 },
  ],
})

/** WGALLOWEDIP_A_*: one allowed IP prefix. */
export const ALLOWEDIP_ATTRS = defineAttrs('WGALLOWEDIP_A', {
  [WGALLOWEDIP_A.FAMILY]: { name: 'family', kind: 'u16' },
  [WGALLOWEDIP_A.IPADDR]: { name: 'ipaddr', kind: 'ipaddr' },
  [WGALLOWEDIP_A.CIDR_MASK]: { name: 'cidrMask', kind: 'u8' },
})

const key = (name: string) => ({ name, kind: 'custom', codec: KEY_CODEC }) as const
/** WireGuard's arrays type every element 0 (nla_nest_start(skb, 0) in the kernel and in wg). */
const zeroTyped = { firstIndex: 0, sameIndex: true }

/** WGPEER_A_*: one peer. */
export const PEER_ATTRS = defineAttrs('WGPEER_A', {
  [WGPEER_A.PUBLIC_KEY]: key('publicKey'),
  [WGPEER_A.PRESHARED_KEY]: key('presharedKey'),
  [WGPEER_A.FLAGS]: { name: 'flags', kind: 'u32' },
  [WGPEER_A.ENDPOINT]: { name: 'endpoint', kind: 'custom', codec: ENDPOINT_CODEC },
  [WGPEER_A.PERSISTENT_KEEPALIVE_INTERVAL]: { name: 'persistentKeepaliveInterval', kind: 'u16' },
  [WGPEER_A.LAST_HANDSHAKE_TIME]: { name: 'lastHandshakeTime', kind: 'struct', struct: KERNEL_TIMESPEC },
  [WGPEER_A.RX_BYTES]: { name: 'rxBytes', kind: 'u64' },
  [WGPEER_A.TX_BYTES]: { name: 'txBytes', kind: 'u64' },
  [WGPEER_A.ALLOWEDIPS]: { name: 'allowedips', kind: 'custom', codec: nestedArray(ALLOWEDIP_ATTRS, zeroTyped) },
  [WGPEER_A.PROTOCOL_VERSION]: { name: 'protocolVersion', kind: 'u32' },
})

/** WGDEVICE_A_*: the device, in GET_DEVICE answers and SET_DEVICE requests alike. */
export const DEVICE_ATTRS = defineAttrs('WGDEVICE_A', {
  [WGDEVICE_A.IFINDEX]: { name: 'ifindex', kind: 'u32' },
  [WGDEVICE_A.IFNAME]: { name: 'ifname', kind: 'string' },
  [WGDEVICE_A.PRIVATE_KEY]: key('privateKey'),
  [WGDEVICE_A.PUBLIC_KEY]: key('publicKey'),
  [WGDEVICE_A.FLAGS]: { name: 'flags', kind: 'u32' },
  [WGDEVICE_A.LISTEN_PORT]: { name: 'listenPort', kind: 'u16' },
  [WGDEVICE_A.FWMARK]: { name: 'fwmark', kind: 'u32' },
  [WGDEVICE_A.PEERS]: { name: 'peers', kind: 'custom', codec: nestedArray(PEER_ATTRS, zeroTyped) },
})

const COMMANDS: Readonly<Record<number, GenlCommand>> = {
  [WG_CMD.GET_DEVICE]: { name: 'get_device', attrs: DEVICE_ATTRS },
  [WG_CMD.SET_DEVICE]: { name: 'set_device', attrs: DEVICE_ATTRS },
}

/** WireGuard as a {@link GenlFamily}: the same table both ways. */
export const WIREGUARD: GenlFamily = { name: WG_GENL_NAME, version: WG_GENL_VERSION, requests: COMMANDS, replies: COMMANDS }
